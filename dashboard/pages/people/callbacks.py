"""The people page's callbacks: the sections of the area looked after, account decisions, and the registry form;
each asks who is signed in and recomputes the area on the server."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, html, no_update

from dashboard.auth import request_user
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.people.ids import (
    ACTIVE,
    CANCEL,
    DECIDE,
    DISTRICT,
    EDIT,
    EDITING,
    ENTRY,
    ENTRY_FIELDS,
    ENTRY_LABELS,
    ENTRY_MESSAGE,
    ENTRY_TITLE,
    MESSAGE,
    PROVINCE,
    REFRESH,
    REGISTRY_HEAD,
    REGISTRY_TABLE,
    REMOVE,
    RESET_CODE,
    SAVE,
    SECTIONS,
)
from dashboard.pages.people.view import (
    pending_section,
    registry_head,
    registry_table,
    reset_code_message,
    users_section,
)
from dashboard.state import current
from dashboard.ui.alerts import alert, error_text, problems_block
from dashboard.ui.areas import area_options
from data.accounts import approve, deactivate, list_pending, list_users, reactivate, reject
from data.coordinators import (
    add_coordinator,
    coordinator_frame,
    get_coordinator,
    may_edit,
    remove_coordinator,
    update_coordinator,
)
from data.errors import NotPermitted, UserInputError
from data.passwords import issue_reset_code
from data.registries import ROLES

on = Callbacks()
DECISIONS = {"approve": approve, "reject": reject, "deactivate": deactivate, "reactivate": reactivate}


@on(
    Output(SECTIONS, "children"),
    Output(REGISTRY_HEAD, "children"),
    Output(REGISTRY_TABLE, "children"),
    Output(DISTRICT, "options"),
    Input(REFRESH, "data"),
    Input(PROVINCE, "value"),
    State(LANG_STORE, "data"),
)
def show(_refresh, province, lang):
    lang, user, state = normalize_lang(lang), request_user(), current()
    area = looked_after(user, province, state.registry)
    if area is None:
        return html.P(t("people.province_prompt", lang), className="text-muted"), None, None, []
    admin = ROLES.at_least(user, "province_admin")
    with state.engine.connect() as conn:
        pending = list_pending(conn, area)
        people = list_users(conn, area, None if admin else ("volunteer",))
        registry = coordinator_frame(conn, state.registry, area)
    sections = [pending_section(pending, state.registry, lang), users_section(people, user, state.registry, lang)]
    options = area_options(state.registry, "district", area, lang) if admin else []
    return sections, registry_head(registry, area, lang), registry_table(registry, admin, lang), options


@on(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data"),
    Input({"type": DECIDE, "id": ALL, "decision": ALL}, "n_clicks"),
    Input({"type": ACTIVE, "id": ALL, "active": ALL}, "n_clicks"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def change_account(_decide, _active, refresh, lang):
    """Approve, reject, deactivate or reactivate: the data layer checks the role and the area again."""
    lang, user, pressed = normalize_lang(lang), request_user(), ctx.triggered_id
    if not ROLES.at_least(user, "coordinator") or not isinstance(pressed, dict) or not ctx.triggered[0]["value"]:
        return no_update, no_update  # a button appearing is not a press; a volunteer manages nobody
    action = pressed.get("decision") or ("reactivate" if pressed.get("active") else "deactivate")
    try:
        with current().engine.begin() as conn:
            changed = DECISIONS[action](conn, pressed["id"], user)
    except (NotPermitted, UserInputError) as exc:
        return alert(error_text(exc, lang), "danger"), (refresh or 0) + 1
    return alert(t(f"people.done.{action}", lang, name=changed["username"]), "success"), (refresh or 0) + 1


@on(
    Output(MESSAGE, "children", allow_duplicate=True),
    Input({"type": RESET_CODE, "id": ALL}, "n_clicks"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def reset_code(_pressed, lang):
    """A one-time password reset code for a person of the area, shown once (data.passwords checks who may)."""
    lang, user, pressed = normalize_lang(lang), request_user(), ctx.triggered_id
    if not ROLES.at_least(user, "province_admin") or not isinstance(pressed, dict) or not ctx.triggered[0]["value"]:
        return no_update
    try:
        with current().engine.begin() as conn:
            issued = issue_reset_code(conn, pressed["id"], user)
    except (NotPermitted, UserInputError) as exc:
        return alert(error_text(exc, lang), "danger")
    return reset_code_message(issued, lang)


@on(
    Output(EDITING, "data"),
    Output(DISTRICT, "value"),
    *[Output(ENTRY[f], "value") for f in ENTRY_FIELDS],
    Output(ENTRY_TITLE, "children"),
    Input({"type": EDIT, "id": ALL}, "n_clicks"),
    Input(CANCEL, "n_clicks"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def edit(_edit, _cancel, lang):
    """Load a name into the form (or empty it): only one the signed-in admin may edit."""
    lang, user, pressed = normalize_lang(lang), request_user(), ctx.triggered_id
    empty = (None, None, *[""] * len(ENTRY_FIELDS), t("people.entry.title", lang))
    if pressed == CANCEL:
        return empty
    if not isinstance(pressed, dict) or not ctx.triggered[0]["value"]:
        return (no_update,) * len(empty)
    with current().engine.connect() as conn:
        entry = get_coordinator(conn, pressed["id"])
    if entry is None or not may_edit(user, entry["district"]):
        return empty
    title = t("people.entry.editing", lang, name=entry["full_name"])
    return (entry["id"], entry["district"], *[entry[f] or "" for f in ENTRY_FIELDS], title)


@on(
    Output(ENTRY_MESSAGE, "children"),
    Output(REFRESH, "data", allow_duplicate=True),
    Output(CANCEL, "n_clicks"),
    Input(SAVE, "n_clicks"),
    Input({"type": REMOVE, "id": ALL}, "submit_n_clicks"),
    State(EDITING, "data"),
    State(DISTRICT, "value"),
    *[State(ENTRY[f], "value") for f in ENTRY_FIELDS],
    State(CANCEL, "n_clicks"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def save_entry(_save, _remove, editing, district, *rest):
    """Add, change or remove a registry name; data.coordinators checks the admin's area again."""
    *values, cancels, refresh, lang = rest
    lang, user = normalize_lang(lang), request_user()
    if user is None or not ctx.triggered[0]["value"]:
        return no_update, no_update, no_update
    fields = dict(zip(ENTRY_FIELDS, values))
    try:
        with current().engine.begin() as conn:
            done = _change_registry(conn, user, ctx.triggered_id, editing, district, fields, lang)
    except (NotPermitted, UserInputError) as exc:
        return alert(problems_block(exc, lang, ENTRY_LABELS), "danger"), no_update, no_update
    return alert(done, "success"), (refresh or 0) + 1, (cancels or 0) + 1  # the cancel empties the form


def _change_registry(conn, user: dict, pressed, editing, district: str | None, fields: dict, lang: str) -> str:
    """Remove (a remove button pressed), change (a name being edited) or add a name; what was done, to say so."""
    if isinstance(pressed, dict):
        remove_coordinator(conn, pressed["id"], user)
        return t("people.done.removed", lang)
    if editing:
        update_coordinator(conn, editing, user, **fields)
        return t("people.done.updated", lang, name=fields["full_name"])
    add_coordinator(conn, current().registry, user, district or "", **fields)
    return t("people.done.added", lang, name=fields["full_name"])


def looked_after(user: dict | None, province: str | None, registry) -> str | None:
    """The area this person looks after: their own, or for a national admin the province chosen (checked)."""
    if not ROLES.at_least(user, "coordinator"):
        return None
    if user["role"] != "national_admin":
        return user["area"]
    return province if province and registry.level_of(province) == "province" else None
