"""The trainer's page's callbacks: each asks who is signed in and does what /api/v1/practice/... does for them."""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, no_update

from dashboard import practice
from dashboard.auth import request_user, site_origin
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.practice.ids import (
    AREA,
    COUNT,
    CREATE,
    DAYS,
    DOWNLOAD,
    END,
    LIST,
    MADE,
    MANAGE_AREA,
    MESSAGE,
    REFRESH,
    RESET,
    ROLE,
)
from dashboard.pages.practice.view import accounts_table, made_table
from dashboard.practice_cards import cards_pdf
from dashboard.renderer import RendererUnavailable, RenderFailed
from dashboard.state import real
from dashboard.ui.alerts import alert, error_text
from data import practice as spaces
from data.errors import UserInputError

on = Callbacks()


@on(Output(LIST, "children"), Input(REFRESH, "data"), State(LANG_STORE, "data"))
def show(_refresh, lang):
    user = request_user()
    if user is None:
        return None
    with real().engine.connect() as conn:
        return accounts_table(spaces.accounts_of(conn, user["area"]), normalize_lang(lang))


@on(
    Output(MADE, "children"),
    Output(DOWNLOAD, "data"),
    Output(REFRESH, "data"),
    Input(CREATE, "n_clicks"),
    State(ROLE, "value"),
    State(AREA, "value"),
    State(COUNT, "value"),
    State(DAYS, "value"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def create(n_clicks, role, area, count, days, refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if not n_clicks or user is None:
        return no_update, no_update, no_update
    body = {"role": role, "area": area, "count": count, "expires_in_days": days}
    try:
        practice.refuse_inside_practice()
        space, made = practice.create(real(), user, body)
    except UserInputError as exc:
        return alert(error_text(exc, lang), "danger"), no_update, no_update
    sheet = _sheet(made, space)
    return made_table(space, made, lang, sheet is not None), sheet or no_update, (refresh or 0) + 1


def _sheet(made: list[dict], space: str) -> dict | None:
    try:
        return dcc.send_bytes(cards_pdf(made, site_origin()), f"practice-cards-{space}.pdf")
    except (RendererUnavailable, RenderFailed):
        return None


@on(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data", allow_duplicate=True),
    Input(END, "n_clicks"),
    Input(RESET, "n_clicks"),
    State(MANAGE_AREA, "value"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def manage(_end_clicks, _reset_clicks, area, refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if user is None or not ctx.triggered[0]["value"]:
        return no_update, no_update
    try:
        practice.refuse_inside_practice()
        done = _reset(user, area, lang) if ctx.triggered_id == RESET else _end(user, area, lang)
    except UserInputError as exc:
        return alert(error_text(exc, lang), "danger"), no_update
    return alert(done, "success"), (refresh or 0) + 1


def _end(user: dict, area: str | None, lang: str) -> str:
    area = (area or "").strip()
    space = spaces.space_for(area, real().registry.level_of(area))
    with real().engine.begin() as conn:
        return t("practice.ended", lang, n=len(spaces.end_accounts(conn, user, space)))


def _reset(user: dict, area: str | None, lang: str) -> str:
    return t("practice.was_reset", lang, space=practice.reset(real(), user, (area or "").strip()))
