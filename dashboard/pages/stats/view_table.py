"""The statistics table: its columns (Thai heading above, English below) and its rows, sorted on the server."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.i18n import format_date, t
from data.registries import FACILITY_TYPES
from data.stats import PROTECTED_COUNTS, REGION_LABELS, WAIT_FIGURES
from data.templates import thai_sort_key
from geo.clock import local
from geo.thai import localized

COUNT_COLUMNS = (
    "volunteers",
    "volunteers_active_7d",
    "surveys",
    "surveys_7d",
    "unvaccinated_found",
    "facilities",
    *(f"facilities_{f.code}" for f in FACILITY_TYPES),
    "help_waiting",
)


def region_name(key: str | None, lang: str) -> str:
    """A region's name in the reader's language; "–" for none."""
    if key not in REGION_LABELS:
        return "–"
    th, en = REGION_LABELS[key]
    return th if lang == "th" else en


def column_ids() -> list[str]:
    return [c["id"] for c in table_columns()]


def table_columns() -> list[dict]:
    """Thai heading above, English below (both, whatever the page's language); numbers with thousands separators."""
    heading = lambda key: [t(key, "th"), t(key, "en")]  # noqa: E731
    count = {"type": "numeric", "format": {"specifier": ",d"}}
    return [
        {"id": "name", "name": heading("stats.col.name")},
        {"id": "region", "name": heading("stats.col.region")},
        *[{"id": c, "name": heading(f"stats.col.{c}"), **count} for c in COUNT_COLUMNS[:4]],
        {"id": "synthetic", "name": heading("stats.col.synthetic")},
        {"id": "unvaccinated_found", "name": heading("stats.col.unvaccinated_found"), **count},
        {"id": "facilities", "name": heading("stats.col.facilities"), **count},
        *[{"id": f"facilities_{f.code}", "name": [f.label("th"), f.label("en")], **count} for f in FACILITY_TYPES],
        {
            "id": "facilities_updated_7d_pct",
            "name": heading("stats.col.facilities_updated_7d_pct"),
            "type": "numeric",
            "format": {"specifier": ",.1f"},
        },
        {"id": "coordinators", "name": heading("stats.col.coordinators")},
        {"id": "help_waiting", "name": heading("stats.col.help_waiting"), **count},
        *[{"id": c, "name": heading(f"stats.col.{c}"), **count} for c in WAIT_FIGURES],
        {"id": "last_activity", "name": heading("stats.col.last_activity")},
    ]


def table_rows(stats: pd.DataFrame, sort: str, lang: str, small: str = "<5") -> list[dict]:
    """Rows of the table, sorted on the server (a sort sees the numbers and dates, not their text). A survey count too
    small to show (None in ``stats``: data.stats.public_stats) reads ``small`` ("<5") and sorts last."""
    last = pd.to_datetime(stats["last_activity"], utc=True)
    name = localized(stats, lang)
    table = pd.DataFrame(
        {
            "code": stats["code"],
            "name": name,
            "region": [region_name(r, lang) for r in stats["region"]],
            **{c: stats[c] for c in COUNT_COLUMNS},
            "synthetic_surveys": stats["synthetic_surveys"],
            "synthetic": [
                small if n is None or pd.isna(n) else t("stats.synthetic_cell", lang, n=f"{int(n):,}") if n else "–"
                for n in stats["synthetic_surveys"]
            ],
            "facilities_updated_7d_pct": stats["facilities_updated_7d_pct"],
            "coordinators": [
                f"{int(n):,} / {int(d):,}" for n, d in zip(stats["districts_with_coordinator"], stats["districts"])
            ],
            **{c: stats[c] if c in stats else None for c in WAIT_FIGURES},
            "last_activity": [format_date(_local_day(d), lang) for d in last],
        }
    )
    if sort:
        table = table.loc[_sorted_index(table, stats, name, sort, lang)]
    for column in ("facilities_updated_7d_pct", *WAIT_FIGURES):
        table[column] = table[column].astype(object)
    table = table.where(table.notna(), None)
    for column in PROTECTED_COUNTS:
        if column in table:
            table[column] = [small if v is None else v for v in table[column].astype(object)]
    return table.to_dict("records")


def _sorted_index(table: pd.DataFrame, stats: pd.DataFrame, name: pd.Series, sort: str, lang: str) -> pd.Index:
    """The rows' order for ``sort``: names in Thai alphabetical order, shares and dates as numbers, gaps last."""
    keys = {
        "name": [thai_sort_key(n) if lang == "th" else n.casefold() for n in name],
        "region": table["region"],
        "synthetic": stats["synthetic_surveys"],
        "coordinators": stats["districts_with_coordinator"] / stats["districts"].where(stats["districts"] > 0),
        "last_activity": pd.to_datetime(stats["last_activity"], utc=True),
    }
    column = sort.lstrip("-")
    key = pd.Series(list(keys[column]) if column in keys else table[column], index=table.index)
    return key.sort_values(ascending=not sort.startswith("-"), na_position="last", kind="stable").index


def _local_day(moment) -> dt.date | None:
    """The day in Thailand of a UTC timestamp (None for none)."""
    if moment is None or pd.isna(moment):
        return None
    return local(moment).date()
