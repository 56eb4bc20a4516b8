"""The facility list's callbacks: the list a page at a time, turning pages, the districts of a chosen province, and
the download of everything that matches. Each asks who is signed in; the area rule is the data layer's."""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, no_update

from dashboard.auth import request_user, role_at_least
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.facilities import view
from dashboard.pages.facilities.ids import (
    ANY,
    DISTRICT,
    DOWNLOAD,
    EXPORT_CSV,
    EXPORT_XLSX,
    ITEMS,
    NEXT,
    PAGE_SIZE,
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
from dashboard.state import current
from data.cells import csv_bytes, xlsx_bytes
from data.facility_edit import WRITER_ROLE
from data.facility_list import ListFilter, facility_list
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from geo.clock import today

on = Callbacks()
_FILTER_INPUTS = [Input(SEARCH, "value"), Input(TYPE, "value"), Input(STATUS, "value"), Input(PROVINCE, "value"),
                  Input(DISTRICT, "value"), Input(STALE, "value")]  # fmt: skip


def list_filter(text, kind, status, province, district, stale) -> ListFilter:
    """The filters as the data layer takes them (an unknown choice is no choice)."""
    return ListFilter(
        text=text or "",
        types=(kind,) if kind in FACILITY_TYPES else (),
        statuses=(status,) if status in FACILITY_STATUSES else (),
        province=province if isinstance(province, str) and province.isascii() and province.isdigit() else ANY,
        district=district if isinstance(district, str) and district.isascii() and district.isdigit() else ANY,
        stale_only=bool(stale),
    )


@on(
    Output(SUMMARY, "children"),
    Output(ITEMS, "children"),
    Output(PAGER, "children"),
    Output(PREVIOUS, "disabled"),
    Output(NEXT, "disabled"),
    *_FILTER_INPUTS,
    Input(PAGE_START, "data"),
    State(LANG_STORE, "data"),
)
def show(text, kind, status, province, district, stale, start, lang):
    """The page of the list that starts at ``start`` (a filter's change has set it back to 0)."""
    lang, user, state = normalize_lang(lang), request_user(), current()
    if not role_at_least(user, WRITER_ROLE):  # signed out (or demoted) since the page was drawn
        return t("facility_form.signed_out", lang), [], "", True, True
    asked = list_filter(text, kind, status, province, district, stale)
    with state.engine.connect() as conn:
        when = {"stale_days": state.settings.stale_days, "today": today()}
        found = facility_list(conn, user["area"], asked, **when, limit=PAGE_SIZE, offset=start or 0)
    if not found.total:
        return t("facilities.none", lang), [], "", True, True
    items = [view.facility_item(r, lang) for r in found.items]
    return view.summary(found, state.settings.stale_days, lang), items, *view.pager(found, PAGE_SIZE, lang)


@on(
    Output(PAGE_START, "data"),
    Input(PREVIOUS, "n_clicks"),
    Input(NEXT, "n_clicks"),
    *_FILTER_INPUTS,
    State(PAGE_START, "data"),
    prevent_initial_call=True,
)
def turn_page(_previous, _next, *filters_and_start):
    """Next and previous move by a page; any change of the filters goes back to the first page."""
    start = filters_and_start[-1] or 0
    if ctx.triggered_id == NEXT:
        return start + PAGE_SIZE
    if ctx.triggered_id == PREVIOUS:
        return max(0, start - PAGE_SIZE)
    return 0 if start else no_update  # at the first page already: the list follows the filters by itself


@on(Output(DISTRICT, "options"), Output(DISTRICT, "value"), Input(PROVINCE, "value"), State(LANG_STORE, "data"),
    prevent_initial_call=True)  # fmt: skip
def districts(province, lang):
    """A national admin's choice of province lists its districts (and forgets the district chosen before)."""
    user = request_user()
    if not role_at_least(user, WRITER_ROLE):
        return no_update, no_update
    return view.district_options(current().registry, user["area"], province or ANY, normalize_lang(lang)), ANY


@on(
    Output(DOWNLOAD, "data"),
    Input(EXPORT_CSV, "n_clicks"),
    Input(EXPORT_XLSX, "n_clicks"),
    *[State(i.component_id, i.component_property) for i in _FILTER_INPUTS],
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def download(n_csv, n_xlsx, text, kind, status, province, district, stale, lang):
    """Everything the filters match (every page), as CSV or .xlsx, cells safe from formulas."""
    lang, user, state = normalize_lang(lang), request_user(), current()
    if not (n_csv or n_xlsx) or not role_at_least(user, WRITER_ROLE):
        return no_update
    asked = list_filter(text, kind, status, province, district, stale)
    with state.engine.connect() as conn:
        found = facility_list(
            conn, user["area"], asked, stale_days=state.settings.stale_days, today=today(), limit=None
        )
    header, rows = view.export_table(found.items, state.registry, lang)
    name = f"jitasa-facilities-{user['area']}-{today():%Y%m%d}"
    if ctx.triggered_id == EXPORT_XLSX:
        return dcc.send_bytes(xlsx_bytes(header, rows, t("facilities.title", lang)), f"{name}.xlsx")
    return dcc.send_bytes(csv_bytes(header, rows), f"{name}.csv")
