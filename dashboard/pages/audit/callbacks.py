"""The audit page's one callback: the filters in, the entries of the reader's area out (and the read recorded)."""

from __future__ import annotations

from dash import Input, Output, State

from dashboard.auth import request_user
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang
from dashboard.page import Callbacks
from dashboard.pages.audit.ids import ACTION, AREA, DATE_FROM, DATE_TO, EXPORT, MESSAGE, PERSON, SUMMARY, TABLE
from dashboard.pages.audit.view import SHOWN, audit_table, csv_href, summary
from dashboard.state import current
from dashboard.ui.alerts import alert, error_text
from data.audit import AuditQuery, audit_days, read_audit, record_read
from data.errors import UserInputError
from data.registries import ROLES
from data.scope import require_within, scope_of

on = Callbacks()


@on(
    Output(TABLE, "children"),
    Output(SUMMARY, "children"),
    Output(MESSAGE, "children"),
    Output(EXPORT, "href"),
    Input(PERSON, "value"),
    Input(ACTION, "value"),
    Input(AREA, "value"),
    Input(DATE_FROM, "value"),
    Input(DATE_TO, "value"),
    State(LANG_STORE, "data"),
)
def show(person, action, area, date_from, date_to, lang):
    lang, user = normalize_lang(lang), request_user()
    if not ROLES.at_least(user, "province_admin"):
        return None, "", None, None
    filters = {"person": person, "action": action, "area": area, "from": date_from, "to": date_to}
    try:
        first, last = audit_days(date_from, date_to)
        if area:
            require_within(user, area)
    except UserInputError as exc:
        return None, "", alert(error_text(exc, lang), "danger"), csv_href({})
    query = AuditQuery(scope_of(user), person, action, area, first, last)
    with current().engine.begin() as conn:
        rows, total = read_audit(conn, query, SHOWN)
        record_read(conn, user, query, "page", len(rows))
    return audit_table(rows, current().registry, lang), summary(total, lang), None, csv_href(filters)
