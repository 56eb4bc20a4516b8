"""The coordinator's facility list: the facilities of the signed-in person's own area (a coordinator's district, a
province admin's province, everything for a national admin), searchable by name, by type, and "stale only" (not
updated for more than ``stale_days``, with the days since and by whom). Each links to its form, /facility/<id>.

``?stale=1`` opens the list with "stale only" ticked (a link a reminder can carry). A small page: one module with
the recipe's parts as sections (ids, layout, callbacks, view) and its ``PAGE`` at the end.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import Input, Output, State, dcc, html

from dashboard.auth import request_user, role_at_least
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks, Page
from dashboard.state import current
from dashboard.ui.areas import COUNTRY, area_label
from data.facility_edit import WRITER_ROLE, FacilityList, facility_list
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from geo.clock import today
from geo.thai import localized

# -- ids --------------------------------------------------------------------------------------------------------------
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


# -- layout -----------------------------------------------------------------------------------------------------------
def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/facilities") -> html.Div:
    state = current()
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
                t("facilities.area", lang, area=area_text(state.registry, user["area"], lang)),
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


# -- callbacks --------------------------------------------------------------------------------------------------------
on = Callbacks()


@on(
    Output(SUMMARY, "children"),
    Output(ITEMS, "children"),
    Input(SEARCH, "value"),
    Input(TYPE, "value"),
    Input(STALE, "value"),
    State(LANG_STORE, "data"),
)
def show(text, kind, stale, lang):
    lang, user = normalize_lang(lang), request_user()
    if not role_at_least(user, WRITER_ROLE):  # signed out (or demoted) since the page was drawn
        return t("facility_form.signed_out", lang), []
    state = current()
    asked = {"text": text or "", "types": (kind,) if kind in FACILITY_TYPES else (), "stale_only": bool(stale)}
    with state.engine.connect() as conn:
        found = facility_list(
            conn, user["area"], **asked, stale_days=state.settings.stale_days, today=today(), limit=LIMIT
        )
    if not found.total:
        return t("facilities.none", lang), []
    return summary(found, state.settings.stale_days, lang), [facility_item(r, lang) for r in found.items]


# -- view -------------------------------------------------------------------------------------------------------------
def area_text(registry, area: str, lang: str) -> str:
    """The person's area: "the whole country" for TH, else its name and code."""
    return t("facilities.country", lang) if area == COUNTRY else area_label(registry, area, lang)


def summary(found: FacilityList, days: int, lang: str) -> list:
    total = found.total
    lines = [t("facilities.summary", lang, n=f"{total:,}", stale=f"{found.stale_total:,}", days=days)]
    if total > len(found.items):
        more = t("facilities.more", lang, shown=len(found.items), total=f"{total:,}")
        lines.append(html.Div(more, className="fw-normal small"))
    return lines


def facility_item(r: dict, lang: str) -> html.Li:
    kind, status = FACILITY_TYPES.get(r["type"]), FACILITY_STATUSES.get(r["status"] or "")
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
            dcc.Link(localized(r, lang), href=f"/facility/{r['id']}", className="fw-bold facility-link"),
            html.Div(facts, className="d-flex flex-wrap gap-1 mt-1"),
            html.Div(updated, className="small " + ("text-danger fw-bold" if r["stale"] else "text-muted")),
        ],
    )


PAGE = Page("/facilities", layout=layout, role="coordinator", nav="nav.facilities", callbacks=on)
