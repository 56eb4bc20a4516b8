"""The facility list's tree: the title, the filters, the summary, the list, the pager and the download."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.facilities.ids import (
    ADD,
    ANY,
    DISTRICT,
    DOWNLOAD,
    EXPORT_CSV,
    EXPORT_XLSX,
    ITEMS,
    NEXT,
    PAGE_START,
    PAGER,
    PREVIOUS,
    PROVINCE,
    SEARCH,
    STALE,
    STATUS,
    SUMMARY,
    TYPE,
)
from dashboard.pages.facilities.view import area_text, district_options, province_options
from dashboard.state import current
from dashboard.ui.controls import dropdown
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from data.scope import COUNTRY


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/facilities") -> html.Div:
    state = current()
    stale = parse_qs((search or "").lstrip("?")).get("stale", [""])[0] in ("1", "true", "yes")
    days, area = state.settings.stale_days, user["area"]
    return html.Div(
        className="facilities-page px-3 py-3",
        children=[
            dcc.Store(id=PAGE_START, data=0),
            dcc.Download(id=DOWNLOAD),
            html.Div(
                [
                    html.H1(t("facilities.title", lang), className="h5 mb-0"),
                    dcc.Link(t("facilities.add", lang), href="/facility/new", id=ADD, className="btn btn-primary"),
                ],
                className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-1",
            ),
            html.Div(
                t("facilities.area", lang, area=area_text(state.registry, area, lang)),
                className="small text-muted mb-2",
            ),
            html.Label(t("facilities.search", lang), htmlFor=SEARCH, className="small text-muted"),
            dcc.Input(
                id=SEARCH,
                type="search",
                value="",
                debounce=0.4,
                placeholder=t("facilities.search_example", lang),
                className="form-control mb-2",
                autoComplete="off",
            ),
            html.Div(
                [
                    _choice(
                        PROVINCE,
                        "province",
                        province_options(state.registry, area, lang),
                        hidden=area != COUNTRY,
                        lang=lang,
                    ),
                    _choice(
                        DISTRICT,
                        "district",
                        district_options(state.registry, area, ANY, lang),
                        hidden=area != COUNTRY and len(area) != 2,
                        lang=lang,
                    ),
                    _choice(TYPE, "type", _registry_options(FACILITY_TYPES, "facilities.type.all", lang), lang=lang),
                    _choice(
                        STATUS, "status", _registry_options(FACILITY_STATUSES, "facilities.status.all", lang), lang=lang
                    ),
                ],
                className="row g-2 mb-2",
            ),
            dcc.Checklist(
                id=STALE,
                value=["1"] if stale else [],
                options=[{"label": " " + t("facilities.stale_only", lang, days=days), "value": "1"}],
                className="mb-2",
            ),
            html.Div(id=SUMMARY, className="fw-bold my-2", **{"aria-live": "polite"}),
            html.Ul(id=ITEMS, className="list-unstyled facility-list"),
            html.Div(
                [
                    html.Button(
                        t("facilities.previous", lang),
                        id=PREVIOUS,
                        n_clicks=0,
                        disabled=True,
                        className="btn btn-outline-secondary btn-sm",
                    ),
                    html.Span(id=PAGER, className="small text-muted"),
                    html.Button(
                        t("facilities.next", lang),
                        id=NEXT,
                        n_clicks=0,
                        disabled=True,
                        className="btn btn-outline-secondary btn-sm",
                    ),
                ],
                className="d-flex align-items-center gap-2 my-2 facilities-pager",
            ),
            html.Div(
                [
                    html.Span(t("facilities.export", lang) + ": ", className="small fw-bold"),
                    html.Button(
                        t("facilities.export_csv", lang), id=EXPORT_CSV, n_clicks=0, className="btn btn-link btn-sm"
                    ),
                    html.Button(
                        t("facilities.export_xlsx", lang), id=EXPORT_XLSX, n_clicks=0, className="btn btn-link btn-sm"
                    ),
                ],
                className="facilities-export",
            ),
        ],
    )


def _registry_options(registry, all_key: str, lang: str) -> list[dict]:
    return [{"label": t(all_key, lang), "value": ANY}] + [{"label": e.label(lang), "value": e.code} for e in registry]


def _choice(component_id: str, name: str, options: list[dict], lang: str, hidden: bool = False) -> html.Div:
    """A labelled drop-down; hidden where the person's area decides it (a coordinator's district)."""
    return html.Div(
        [
            html.Label(t(f"facilities.{name}", lang), htmlFor=component_id, className="small text-muted"),
            dropdown(
                lang,
                id=component_id,
                value=ANY,
                clearable=False,
                searchable=name in ("province", "district"),
                options=options,
            ),
        ],
        className="col-6 col-md-3",
        hidden=hidden,
    )
