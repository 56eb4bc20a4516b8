"""The view in the URL: region, measure and sort, each written only when it differs from the default."""

from __future__ import annotations

from urllib.parse import urlencode

from dashboard.pages.stats.view_table import column_ids
from data.stats import resolve_region
from layers.progress_map import DEFAULT_MEASURE, MEASURES


def parse_view(args: dict) -> tuple[dict, list[tuple[str, str]]]:
    """region (a key or ""), measure, sort ("" or a column id, "-" in front for descending) and what was unusable."""
    problems = []
    region = resolve_region(args["region"]) if args.get("region") else ""
    if region is None:
        problems.append(("stats.bad_region", args["region"]))
        region = ""
    measure = args.get("measure") or DEFAULT_MEASURE
    if measure not in MEASURES:
        problems.append(("stats.bad_measure", measure))
        measure = DEFAULT_MEASURE
    sort = args.get("sort", "")
    if sort.lstrip("-") not in column_ids():
        sort = ""
    return {"region": region, "measure": measure, "sort": sort}, problems


def view_search(view: dict) -> str:
    """The URL's query for a view: only what differs from the default."""
    args = {k: v for k, v in view.items() if v and not (k == "measure" and v == DEFAULT_MEASURE)}
    return "?" + urlencode(args) if args else ""


def sort_by(sort: str) -> list[dict]:
    """The table's ``sort_by`` for a view's sort."""
    if not sort:
        return []
    return [{"column_id": sort.lstrip("-"), "direction": "desc" if sort.startswith("-") else "asc"}]


def sort_text(table_sort_by: list[dict] | None) -> str:
    """A view's sort for the table's ``sort_by`` (the inverse of ``sort_by``)."""
    if not table_sort_by:
        return ""
    return ("-" if table_sort_by[0]["direction"] == "desc" else "") + table_sort_by[0]["column_id"]
