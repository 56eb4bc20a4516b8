"""The tokens page's callbacks: list, create, revoke; each asks who is signed in and touches only their tokens."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, no_update

from dashboard.auth import request_user
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.tokens.ids import CREATE, MESSAGE, NAME, NEW, REFRESH, REVOKE, TABLE
from dashboard.pages.tokens.view import new_token, token_table
from dashboard.state import current
from dashboard.ui.alerts import alert, error_text
from data.accounts import list_tokens, revoke_token
from data.errors import UserInputError
from data.scope import AccessDenied
from data.users import issue_token

on = Callbacks()


@on(Output(TABLE, "children"), Input(REFRESH, "data"), State(LANG_STORE, "data"))
def show(_refresh, lang):
    user = request_user()
    if user is None:
        return None
    with current().engine.connect() as conn:
        return token_table(list_tokens(conn, user["id"]), normalize_lang(lang))


@on(
    Output(NEW, "children"),
    Output(NAME, "value"),
    Output(REFRESH, "data"),
    Input(CREATE, "n_clicks"),
    State(NAME, "value"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def create(n_clicks, name, refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if not n_clicks or user is None:
        return no_update, no_update, no_update
    try:
        with current().engine.begin() as conn:
            issued = issue_token(conn, user["id"], name)
    except UserInputError as exc:
        return alert(error_text(exc, lang), "danger"), no_update, no_update
    return new_token(issued, lang), "", (refresh or 0) + 1


@on(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data", allow_duplicate=True),
    Input({"type": REVOKE, "id": ALL}, "n_clicks"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def revoke(_clicks, refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if user is None or not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
        return no_update, no_update  # a button appearing is not a press
    try:
        with current().engine.begin() as conn:
            token = revoke_token(conn, ctx.triggered_id["id"], user)
    except AccessDenied as exc:
        return alert(error_text(exc, lang), "danger"), no_update
    if token is None:
        return no_update, no_update
    done = t("tokens.revoked_done", lang, name=token["name"] or f"#{token['id']}")
    return alert(done, "success"), (refresh or 0) + 1
