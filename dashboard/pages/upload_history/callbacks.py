"""The upload history's callbacks: the list, undo (ask, confirm, undo) and the audit panel of one upload; each asks
who is signed in and whether they may see the upload, on the server."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, html, no_update

from dashboard.auth import request_user
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.upload_history.ids import (
    AUDIT,
    AUDIT_BUTTON,
    AUDIT_FOR,
    CONFIRM,
    CONFIRM_NO,
    CONFIRM_TEXT,
    CONFIRM_YES,
    MESSAGE,
    PENDING,
    REFRESH,
    TABLE,
    UNDO,
)
from dashboard.pages.upload_history.view import audit_panel, history_table
from dashboard.state import current
from dashboard.ui.alerts import alert, error_text
from data.errors import UserInputError
from data.upload_history import HISTORY_LIMIT, as_utc, get_upload, upload_audit, visible_refusals, visible_uploads
from data.uploads import undo_upload

on = Callbacks()


@on(Output(TABLE, "children"), Input(REFRESH, "data"), State(LANG_STORE, "data"))
def show_history(_refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if user is None:
        return None
    with current().engine.connect() as conn:
        rows = visible_uploads(conn, user) + visible_refusals(conn, user)
    rows = sorted(rows, key=lambda r: as_utc(r["created_at"]), reverse=True)[:HISTORY_LIMIT]
    return history_table(rows, lang) if rows else html.P(t("uploads.empty", lang), className="text-muted")


@on(
    Output(PENDING, "data"),
    Input({"type": UNDO, "id": ALL}, "n_clicks"),
    Input(CONFIRM_NO, "n_clicks"),
    prevent_initial_call=True,
)
def ask(_undo_clicks, _no):
    """Undo asks first; the question names the upload."""
    if ctx.triggered_id == CONFIRM_NO:
        return None
    if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
        return no_update  # a button appearing is not a press
    return ctx.triggered_id["id"]


@on(Output(CONFIRM, "hidden"), Output(CONFIRM_TEXT, "children"), Input(PENDING, "data"), State(LANG_STORE, "data"))
def confirm(upload_id, lang):
    lang, user = normalize_lang(lang), request_user()
    if upload_id is None or user is None:
        return True, None
    with current().engine.connect() as conn:
        upload = get_upload(conn, user, upload_id)
    if upload is None:
        return True, None
    return False, t("uploads.confirm", lang, id=upload_id, file=upload["filename"])


@on(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data"),
    Output(PENDING, "data", allow_duplicate=True),
    Output(AUDIT_FOR, "data", allow_duplicate=True),
    Input(CONFIRM_YES, "n_clicks"),
    State(PENDING, "data"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def undo(n_clicks, upload_id, refresh, lang):
    """Undo on the server after checking again who asks and whether they may."""
    lang, user = normalize_lang(lang), request_user()
    if not n_clicks or upload_id is None or user is None:
        return no_update, no_update, None, no_update
    try:
        with current().engine.begin() as conn:
            if get_upload(conn, user, upload_id) is None:
                return alert(t("uploads.not_yours", lang), "danger"), no_update, None, no_update
            counts = undo_upload(conn, upload_id, user["id"])
    except UserInputError as exc:
        refused = t("uploads.undo_refused", lang, reason=error_text(exc, lang))
        return alert(refused, "danger"), (refresh or 0) + 1, None, upload_id
    text = t("uploads.undone", lang, id=upload_id, deleted=counts["deleted"], restored=counts["restored"])
    return alert(text, "success"), (refresh or 0) + 1, None, upload_id


@on(Output(AUDIT_FOR, "data"), Input({"type": AUDIT_BUTTON, "id": ALL}, "n_clicks"), prevent_initial_call=True)
def choose_audit(_clicks):
    if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
        return no_update
    return ctx.triggered_id["id"]


@on(Output(AUDIT, "children"), Input(AUDIT_FOR, "data"), Input(REFRESH, "data"), State(LANG_STORE, "data"))
def show_audit(upload_id, _refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if user is None:
        return None
    if upload_id is None:
        return html.P(t("uploads.audit_hint", lang), className="small text-muted")
    with current().engine.connect() as conn:
        if get_upload(conn, user, upload_id) is None:
            return None
        entries = upload_audit(conn, upload_id)
    return audit_panel(upload_id, entries, lang)
