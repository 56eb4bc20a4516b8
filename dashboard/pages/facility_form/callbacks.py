"""The facility form's callbacks: the point follows a tap or the boxes, save, revert. Each asks who is signed in;
data/facility_edit.py checks the role, the area and the version again."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, no_update

from dashboard.auth import request_user, role_at_least
from dashboard.components import LANG_STORE, URL
from dashboard.i18n import normalize_lang
from dashboard.page import Callbacks
from dashboard.pages.facility_form import view
from dashboard.pages.facility_form.form_values import coordinate, form_fields, parse_point, split_pair
from dashboard.pages.facility_form.ids import (
    AREAS,
    FIELDS,
    HEAD,
    HISTORY,
    LAT,
    LON,
    MAP,
    MESSAGE,
    RECORD,
    REVERT,
    SAVE,
    TAP,
    problem_id,
)
from dashboard.pages.facility_form.view_map import point_areas, point_figure
from dashboard.state import current
from dashboard.ui.map_events import wire_map_events
from data.errors import UserInputError
from data.facility_edit import WRITER_ROLE, facility_and_changes, facility_changes, revert_facility, save_facility

on = Callbacks()
wire_map_events(on, MAP)


@on(
    Output(LAT, "value"),
    Output(LON, "value"),
    Output(MAP, "figure"),
    Output(AREAS, "children"),
    Input(TAP, "data"),
    Input(LAT, "value"),
    Input(LON, "value"),
    State(RECORD, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def move_point(tap, lat_text, lon_text, record, lang):
    """A tap sets the boxes; a pasted "lat, lon" is split; the marker and the areas follow the boxes."""
    lang, user, state = normalize_lang(lang), request_user(), current()
    if not role_at_least(user, WRITER_ROLE):
        return no_update, no_update, no_update, view.signed_out(lang)
    new_lat = new_lon = no_update
    if ctx.triggered_id == TAP and tap:
        lat_text = new_lat = coordinate(tap["lat"])
        lon_text = new_lon = coordinate(tap["lon"])
    elif ctx.triggered_id == LAT and (pair := split_pair(lat_text)):
        lat_text, lon_text = new_lat, new_lon = pair
    point = parse_point(lat_text, lon_text)
    figure = point_figure(state, user, point, record or {}, lang)
    return new_lat, new_lon, figure, point_areas(state, user, point, lang, typed=bool(lat_text or lon_text))


@on(
    output={
        "message": Output(MESSAGE, "children"),
        "problems": [Output(problem_id(field), "children") for field in FIELDS],
        "record": Output(RECORD, "data"),
        "history": Output(HISTORY, "children"),
        "head": Output(HEAD, "children"),
        "path": Output(URL, "pathname", allow_duplicate=True),
        "search": Output(URL, "search", allow_duplicate=True),
    },
    inputs={"n_clicks": Input(SAVE, "n_clicks")},
    state={
        "values": [State(component, "value") for component in FIELDS.values()],
        "record": State(RECORD, "data"),
        "lang": State(LANG_STORE, "data"),
    },
    prevent_initial_call=True,
)
def save(n_clicks, values, record, lang):
    """A new facility opens its own page; an edit redraws the history; problems go under their fields."""
    lang, user, record, state = normalize_lang(lang), request_user(), record or {}, current()
    if not n_clicks:
        return view.save_untouched()
    if not role_at_least(user, WRITER_ROLE):
        return view.save_outputs(message=view.signed_out(lang))
    try:
        with state.engine.begin() as conn:
            fields = form_fields(values)
            result = save_facility(conn, state, record.get("id"), fields, record.get("version"), user)
            changes = facility_changes(conn, result.facility["id"]) if record.get("id") else []
    except UserInputError as exc:
        return view.save_refused(exc, record, lang)
    if not record.get("id"):
        return view.created(result.facility)
    return view.saved(result, changes, record, lang, state.registry)


@on(
    output={
        "values": [Output(component, "value", allow_duplicate=True) for component in FIELDS.values()],
        "problems": [Output(problem_id(field), "children", allow_duplicate=True) for field in FIELDS],
        "message": Output(MESSAGE, "children", allow_duplicate=True),
        "record": Output(RECORD, "data", allow_duplicate=True),
        "history": Output(HISTORY, "children", allow_duplicate=True),
        "head": Output(HEAD, "children", allow_duplicate=True),
    },
    inputs={"clicks": Input({"type": REVERT, "version": ALL}, "n_clicks")},
    state={"record": State(RECORD, "data"), "lang": State(LANG_STORE, "data")},
    prevent_initial_call=True,
)
def revert(clicks, record, lang):
    """Bring a version back as a new one; refused (stale, outside the area) over the history as it now stands."""
    lang, user, record, state = normalize_lang(lang), request_user(), record or {}, current()
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered[0]["value"] or not record.get("id"):
        return view.revert_outputs()  # a button appearing is not a tap on it
    if not role_at_least(user, WRITER_ROLE):
        return view.revert_outputs(message=view.signed_out(lang))
    try:
        with state.engine.begin() as conn:
            result = revert_facility(conn, record["id"], trigger["version"], user, expected_version=record["version"])
            changes = facility_changes(conn, record["id"])
    except UserInputError as exc:
        with state.engine.connect() as conn:
            facility, changes = facility_and_changes(conn, record["id"])
        return view.revert_refused(exc, record, facility, changes, lang, state.registry)
    return view.reverted(result, changes, trigger["version"], record, lang, state.registry)
