"""The facility list's pieces, from ready rows: the summary, a facility's line, the pager, the areas a person may
narrow to, and the download's table (areas by name, labels in the reader's language)."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.facilities.ids import ANY
from dashboard.ui.areas import COUNTRY, area_label
from dashboard.ui.dates import moment_text
from data.facility_list import FacilityList
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from geo.thai import localized

EXPORT_COLUMNS = (
    "id",
    "facility_id",
    "type",
    "name_th",
    "name_en",
    "status",
    "province",
    "district",
    "subdistrict",
    "updated_at",
    "updated_by",
    "days_since_update",
    "stale",
    "synthetic",
)


def area_text(registry, area: str, lang: str) -> str:
    """The person's area: "the whole country" for TH, else its name and code."""
    return t("facilities.country", lang) if area == COUNTRY else area_label(registry, area, lang)


def province_options(registry, area: str, lang: str) -> list[dict]:
    """Every province for a national admin (others have one province, or a district, of their own)."""
    codes = list(registry.frame("province").index) if area == COUNTRY else []
    return [{"label": t("facilities.province.all", lang), "value": ANY}] + [
        {"label": area_label(registry, code, lang), "value": code} for code in codes
    ]


def district_options(registry, area: str, province: str, lang: str) -> list[dict]:
    """The districts of the chosen province (a national admin) or of the person's own province."""
    parent = province or (area if len(area) == 2 and area != COUNTRY else "")
    codes = list(registry.frame("district", parent).index) if parent else []
    return [{"label": t("facilities.district.all", lang), "value": ANY}] + [
        {"label": area_label(registry, code, lang), "value": code} for code in codes
    ]


def summary(found: FacilityList, days: int, lang: str) -> list:
    return [t("facilities.summary", lang, n=f"{found.total:,}", stale=f"{found.stale_total:,}", days=days)]


def pager(found: FacilityList, page_size: int, lang: str) -> tuple[str, bool, bool]:
    """(which rows are shown, previous disabled, next disabled)."""
    if not found.items:
        return "", True, True
    first, last = found.offset + 1, found.offset + len(found.items)
    text = t("facilities.page", lang, first=f"{first:,}", last=f"{last:,}", total=f"{found.total:,}")
    return text, found.offset == 0, last >= found.total


def facility_item(r: dict, lang: str) -> html.Li:
    kind, status = FACILITY_TYPES.get(r["type"]), FACILITY_STATUSES.get(r["status"] or "")
    facts = [
        html.Span(
            kind.label(lang) if kind else r["type"],
            className="badge",
            style={"background": kind.color if kind else "#555"},
        )
    ]
    if status:
        facts.append(html.Span(status.label(lang), className="badge text-bg-light border"))
    if r["stale"]:
        facts.append(html.Span(t("facilities.stale_badge", lang), className="badge text-bg-danger"))
    if r["synthetic"]:
        facts.append(html.Span("⚠ " + t("facility.synthetic", lang), className="badge text-bg-warning"))
    return html.Li(
        className="facility-item" + (" stale" if r["stale"] else ""),
        children=[
            dcc.Link(localized(r, lang), href=f"/facility/{r['id']}", className="fw-bold facility-link"),
            html.Div(facts, className="d-flex flex-wrap gap-1 mt-1"),
            html.Div(_updated(r, lang), className="small " + ("text-danger fw-bold" if r["stale"] else "text-muted")),
        ],
    )


def _updated(r: dict, lang: str) -> str:
    who = r["updated_by_name"] or t("facilities.system", lang)
    if r["days_since_update"] is None:
        return t("facilities.updated_never", lang)
    if r["days_since_update"] <= 0:
        return t("facilities.updated_today", lang, who=who)
    return t("facilities.updated", lang, days=f"{r['days_since_update']:,}", who=who)


def export_table(rows: list[dict], registry, lang: str) -> tuple[list[str], list[list]]:
    """(header, rows) of the download: labels and area names in ``lang``, the codes kept beside the names."""
    header = [t(f"facilities.col.{c}", lang) for c in EXPORT_COLUMNS]
    yes = t("facilities.yes", lang)
    table = []
    for r in rows:
        kind, status = FACILITY_TYPES.get(r["type"]), FACILITY_STATUSES.get(r["status"] or "")
        table.append(
            [
                r["id"],
                r["external_id"],
                kind.label(lang) if kind else r["type"],
                r["name_th"],
                r["name_en"],
                status.label(lang) if status else r["status"],
                *(area_label(registry, r[level], lang) for level in ("province", "district", "subdistrict")),
                moment_text(r["updated_at"], lang) if r["updated_at"] else None,
                r["updated_by_name"],
                r["days_since_update"],
                yes if r["stale"] else "",
                yes if r["synthetic"] else "",
            ]
        )
    return header, table
