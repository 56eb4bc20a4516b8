"""My API tokens: name, created, last used, revoke; a new token is shown once, with a copy button.

A token is for scripts and GIS tools (``Authorization: Bearer TOKEN``); only its SHA-256 is stored, so a lost token
cannot be shown again: revoke it and create another. Every callback asks who is signed in, on the server, and
touches only that person's tokens (``data.accounts.revoke_token`` checks the owner again).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.auth import request_user
from dashboard.i18n import format_date, normalize_lang, t
from data.accounts import list_tokens, revoke_token
from data.errors import UserInputError
from data.survey_access import AccessDenied
from data.users import issue_token

PATH = "/tokens"
ROLE = "volunteer"
LANG = "lang-store"
NAME, CREATE, NEW, NEW_VALUE = "tokens-name", "tokens-create", "tokens-new", "tokens-new-value"
TABLE, MESSAGE, REFRESH, REVOKE = "tokens-table", "tokens-message", "tokens-refresh", "tokens-revoke"
THAI_TIME = ZoneInfo("Asia/Bangkok")


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
    return html.Div(
        className="tokens-page people-narrow px-3 py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            html.H1(t("tokens.title", lang), className="h4 mb-1"),
            html.P(t("tokens.intro", lang), className="small text-muted"),
            html.Div(
                [
                    html.Label(t("tokens.name", lang), htmlFor=NAME, className="form-label mb-1"),
                    html.Div(
                        [
                            dcc.Input(
                                id=NAME,
                                type="text",
                                value="",
                                maxLength=200,
                                placeholder=t("tokens.name_hint", lang),
                                className="form-control",
                            ),
                            html.Button(
                                t("tokens.create", lang), id=CREATE, n_clicks=0, className="btn btn-primary text-nowrap"
                            ),
                        ],
                        className="d-flex gap-2",
                    ),
                ],
                className="mb-3",
            ),
            html.Div(id=NEW),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(id=TABLE, className="table-responsive"),
        ],
    )


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    @app.callback(Output(TABLE, "children"), Input(REFRESH, "data"), State(LANG, "data"))
    def show(_refresh, lang):
        lang = normalize_lang(lang)
        user = request_user()
        if user is None:
            return None
        with state.engine.connect() as conn:
            tokens = list_tokens(conn, user["id"])
        return _table(tokens, lang) if tokens else html.P(t("tokens.none", lang), className="text-muted")

    @app.callback(
        Output(NEW, "children"),
        Output(NAME, "value"),
        Output(REFRESH, "data"),
        Input(CREATE, "n_clicks"),
        State(NAME, "value"),
        State(REFRESH, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def create(n_clicks, name, refresh, lang):
        lang = normalize_lang(lang)
        user = request_user()
        if not n_clicks or user is None:
            return no_update, no_update, no_update
        try:
            with state.engine.begin() as conn:
                issued = issue_token(conn, user["id"], name)
        except UserInputError as exc:
            return _alert(exc.message_th if lang == "th" else exc.message_en, "danger"), no_update, no_update
        return _new_token(issued, lang), "", (refresh or 0) + 1

    @app.callback(
        Output(MESSAGE, "children"),
        Output(REFRESH, "data", allow_duplicate=True),
        Input({"type": REVOKE, "id": ALL}, "n_clicks"),
        State(REFRESH, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def revoke(_clicks, refresh, lang):
        lang = normalize_lang(lang)
        user = request_user()
        if user is None or not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
            return no_update, no_update  # a button appearing is not a press
        try:
            with state.engine.begin() as conn:
                token = revoke_token(conn, ctx.triggered_id["id"], user)
        except AccessDenied as exc:
            return _alert(exc.message_th if lang == "th" else exc.message_en, "danger"), no_update
        if token is None:
            return no_update, no_update
        return _alert(t("tokens.revoked_done", lang, name=token["name"] or f"#{token['id']}"), "success"), (
            refresh or 0
        ) + 1


# -- pieces ---------------------------------------------------------------------------------------------------------
def _new_token(issued: dict, lang: str) -> html.Div:
    return html.Div(
        [
            html.Div(t("tokens.new_title", lang, name=issued["name"] or f"#{issued['id']}"), className="fw-bold"),
            html.Div(
                [
                    html.Code(issued["token"], id=NEW_VALUE, className="tokens-value"),
                    dcc.Clipboard(target_id=NEW_VALUE, title=t("tokens.copy", lang), className="tokens-copy"),
                ],
                className="d-flex align-items-center gap-2 my-2",
            ),
            html.Div(t("tokens.copy_hint", lang), className="small"),
        ],
        className="alert alert-warning",
        role="alert",
    )


def _table(tokens: list[dict], lang: str) -> html.Table:
    head = [t(f"tokens.col.{c}", lang) for c in ("name", "created", "last_used", "status")]
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in [*head, ""]])),
            html.Tbody([_row(token, head, lang) for token in tokens]),
        ],
        className="table table-sm align-middle people-table",
    )


def _row(token: dict, labels: list[str], lang: str) -> html.Tr:
    revoked = token["revoked_at"] is not None
    status = (
        html.Span(t("tokens.revoked", lang, when=when(token["revoked_at"], lang)), className="badge text-bg-secondary")
        if revoked
        else html.Span(t("tokens.active", lang), className="badge text-bg-success")
    )
    action = (
        None
        if revoked
        else html.Button(
            t("tokens.revoke", lang),
            id={"type": REVOKE, "id": token["id"]},
            n_clicks=0,
            className="btn btn-outline-danger btn-sm",
        )
    )
    cells = (
        token["name"] or f"#{token['id']}",
        when(token["created_at"], lang),
        when(token["last_used_at"], lang) if token["last_used_at"] else t("tokens.never", lang),
        status,
    )
    return html.Tr(
        [*(html.Td(c, **{"data-label": label}) for c, label in zip(cells, labels)), html.Td(action)],
        id=f"tokens-row-{token['id']}",
        className="text-muted" if revoked else None,
    )


def when(moment: dt.datetime | None, lang: str) -> str:
    """A stored time as Thai time: 26 พ.ย. 2569 14:05 (naive times from SQLite are UTC)."""
    if moment is None:
        return "–"
    local = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(THAI_TIME)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def _alert(text: str, kind: str) -> html.Div:
    return html.Div(text, className=f"alert alert-{kind} py-2")
