"""The coordinator's facility list: the facilities of the signed-in person's own area (a coordinator's district, a
province admin's province, everything for a national admin), searchable by name, by type, and "stale only" (not
updated for more than ``stale_days``, with the days since and by whom). Each links to its form, /facility/<id>.

``?stale=1`` opens the list with "stale only" ticked (a link a reminder can carry).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

from dash import Input, Output, State, dcc, html

from dashboard.auth import request_user, role_at_least
from dashboard.i18n import normalize_lang, t
from data.facility_edit import WRITER_ROLE, area_facilities
from data.finder import BANGKOK
from data.registries import FACILITY_STATUSES, FACILITY_TYPES

PATH = "/facilities"
ROLE = "coordinator"
LANG = "lang-store"
SEARCH, TYPE, STALE, SUMMARY, ITEMS = (
    "facilities-search",
    "facilities-type",
    "facilities-stale",
    "facilities-summary",
    "facilities-items",
)
ADD = "facilities-add"
ALL_TYPES = ""
LIMIT = 300


def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
    stale = parse_qs((search or "").lstrip("?")).get("stale", [""])[0] in ("1", "true", "yes")
    days = state.settings.stale_days
    return html.Div(
        className="facilities-page px-3 py-3",
        children=[
            html.Div(
                [
                    html.H1(t("facilities.title", lang), className="h5 mb-0"),
                    dcc.Link(t("facilities.add", lang), href="/facility/new", id=ADD, className="btn btn-primary"),
                ],
                className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-1",
            ),
            html.Div(
                t("facilities.area", lang, area=_area_name(state.registry, user["area"], lang)),
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
            html.Label(t("facilities.type", lang), htmlFor=TYPE, className="small text-muted"),
            dcc.Dropdown(
                id=TYPE,
                value=ALL_TYPES,
                clearable=False,
                searchable=False,
                options=[{"label": t("facilities.type.all", lang), "value": ALL_TYPES}]
                + [{"label": e.label(lang), "value": e.code} for e in FACILITY_TYPES],
                className="mb-2",
            ),
            dcc.Checklist(
                id=STALE,
                value=["1"] if stale else [],
                options=[{"label": " " + t("facilities.stale_only", lang, days=days), "value": "1"}],
                className="mb-2",
            ),
            html.Div(id=SUMMARY, className="fw-bold my-2", **{"aria-live": "polite"}),
            html.Ul(id=ITEMS, className="list-unstyled facility-list"),
        ],
    )


def register_callbacks(app, state) -> None:
    @app.callback(
        Output(SUMMARY, "children"),
        Output(ITEMS, "children"),
        Input(SEARCH, "value"),
        Input(TYPE, "value"),
        Input(STALE, "value"),
        State(LANG, "data"),
    )
    def show(text, kind, stale, lang):
        lang, user = normalize_lang(lang), request_user()
        if not role_at_least(user, WRITER_ROLE):  # signed out (or demoted) since the page was drawn
            return t("facility_form.signed_out", lang), []
        days, today = state.settings.stale_days, dt.datetime.now(BANGKOK).date()
        types = (kind,) if kind in FACILITY_TYPES else ()
        with state.engine.connect() as conn:
            items, total = area_facilities(
                conn,
                user["area"],
                text=text or "",
                types=types,
                stale_days=days,
                today=today,
                stale_only=bool(stale),
                limit=LIMIT,
            )
            _, stale_total = area_facilities(
                conn,
                user["area"],
                text=text or "",
                types=types,
                stale_days=days,
                today=today,
                stale_only=True,
                limit=0,
            )
        if not total:
            return t("facilities.none", lang), []
        summary = [t("facilities.summary", lang, n=f"{total:,}", stale=f"{stale_total:,}", days=days)]
        if total > len(items):
            summary.append(
                html.Div(t("facilities.more", lang, shown=len(items), total=f"{total:,}"), className="fw-normal small")
            )
        return summary, [_item(r, lang) for r in items]


def _area_name(registry, area: str, lang: str) -> str:
    if area == "TH":
        return t("facilities.country", lang)
    row = registry.get(area)
    name = (row["name_th"] if lang == "th" else row["name_en"]) if row is not None else area
    return f"{name} ({area})"


def _item(r: dict, lang: str) -> html.Li:
    kind, status = FACILITY_TYPES.get(r["type"]), FACILITY_STATUSES.get(r["status"] or "")
    name = (r["name_en"] if lang == "en" else None) or r["name_th"]
    who = r["updated_by_name"] or t("facilities.system", lang)
    if r["days_since_update"] is None:
        updated = t("facilities.updated_never", lang)
    elif r["days_since_update"] <= 0:
        updated = t("facilities.updated_today", lang, who=who)
    else:
        updated = t("facilities.updated", lang, days=f"{r['days_since_update']:,}", who=who)
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
            dcc.Link(name, href=f"/facility/{r['id']}", className="fw-bold facility-link"),
            html.Div(facts, className="d-flex flex-wrap gap-1 mt-1"),
            html.Div(updated, className="small " + ("text-danger fw-bold" if r["stale"] else "text-muted")),
        ],
    )
