"""The survey form's callbacks: save (the upload's own checks, on the server, as the signed-in person), the date as
read, the home's location; the national id's live check runs in the browser (jitasa.nationalIdCheck)."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from dashboard.auth import request_user
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang
from dashboard.page import Callbacks
from dashboard.pages.survey_form.ids import (
    CLEARED,
    DATE,
    DATE_ECHO,
    FIELDS,
    GEO_CLEAR,
    LOCATE,
    LOCATION,
    LOCATION_TEXT,
    MESSAGE,
    NATIONAL_ID,
    NID_CHECK,
    NID_TEXTS,
    PROBLEM,
    ROLE,
    SAVE,
    SAVE_KEY,
    SLOTS,
    TODAY,
)
from dashboard.pages.survey_form.layout import new_save_key, todays_records
from dashboard.pages.survey_form.view import (
    cleared_values,
    date_echo,
    form_fields,
    located,
    not_saved,
    saved,
    signed_out,
    slot_messages,
)
from dashboard.state import current
from dashboard.ui.geolocation import reading, wire_geolocation
from data.errors import Problem
from data.registries import ROLES
from data.survey_entry import save_survey_once

on = Callbacks()
UNCHANGED = [no_update] * (len(CLEARED) + 2)  # the fields a save empties, the location and its text


@on(
    Output(MESSAGE, "children"),
    *[Output(PROBLEM.format(slot), "children", allow_duplicate=True) for slot in SLOTS],
    *[Output(cid, prop, allow_duplicate=True) for _, cid, prop in CLEARED],
    Output(LOCATION, "data", allow_duplicate=True),
    Output(LOCATION_TEXT, "children", allow_duplicate=True),
    Output(TODAY, "children"),
    Output(SAVE_KEY, "data"),
    Input(SAVE, "n_clicks"),
    *[State(cid, prop) for _, cid, prop in FIELDS],
    State(LOCATION, "data"),
    State(LANG_STORE, "data"),
    State(SAVE_KEY, "data"),
    prevent_initial_call=True,
)
def save(n_clicks, *values):
    """One record, checked as an upload's row; its problems go under their fields, and a saved form is emptied for
    the household's next person (with a new key: a double tap sends the same key and gets the same answer)."""
    *field_values, location, lang, key = values
    lang, slots_unchanged = normalize_lang(lang), [no_update] * len(SLOTS)
    if not n_clicks:
        return no_update, *slots_unchanged, *UNCHANGED, no_update, no_update
    user = request_user()
    if not ROLES.at_least(user, ROLE):
        return signed_out(lang), *slots_unchanged, *UNCHANGED, no_update, no_update
    state = current()
    answer = save_survey_once(state, form_fields(field_values, location), user, key)
    with state.engine.connect() as conn:
        mine = todays_records(conn, user, lang)
    problems = [Problem(**p) for p in answer["problems"]]
    if problems:
        return not_saved(problems, lang), *slot_messages(problems, lang), *UNCHANGED, mine, no_update
    warnings = [Problem(**w) for w in answer["warnings"]]
    done = saved(answer["survey_id"], lang, warnings)
    return done, *[None] * len(SLOTS), *cleared_values(), mine, new_save_key()


@on(Output(DATE_ECHO, "children"), Input(DATE, "value"), State(LANG_STORE, "data"), prevent_initial_call=True)
def echo_date(text, lang):
    """The date as read, Buddhist era in Thai: 17/1/65 -> 17 ม.ค. 2565 (no records are read here)."""
    return date_echo(text, normalize_lang(lang))


wire_geolocation(on, LOCATE, Output(LOCATION_TEXT, "children", allow_duplicate=True))


@on(
    Output(LOCATION, "data"),
    Output(LOCATION_TEXT, "children"),
    *LOCATE.inputs(),
    Input(GEO_CLEAR, "n_clicks"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def set_location(positions, errors, _clear, lang):
    """The browser's answer becomes the home's location; "remove" forgets it (no records are read here)."""
    if ctx.triggered_id == GEO_CLEAR:
        return None, None
    position, error = reading(positions, errors)
    if position:
        return {"lat": position["lat"], "lon": position["lon"], "accuracy": position.get("accuracy")}, no_update
    if error:
        return None, LOCATE.problem(error, normalize_lang(lang))
    return no_update, no_update


@on(
    Output(LOCATION_TEXT, "children", allow_duplicate=True),
    Output(GEO_CLEAR, "hidden"),
    Input(LOCATION, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def show_location(location, lang):
    if not location:
        return no_update, True
    return located(location, normalize_lang(lang)), False


# the check digit as the person types (the rule of data.parsing.valid_national_id); a change clears the server's
# message of the last save
on.clientside(
    "jitasa",
    "nationalIdCheck",
    Output(NID_CHECK, "children"),
    Output(NID_CHECK, "className"),
    Output(PROBLEM.format("national_id"), "children", allow_duplicate=True),
    Input(NATIONAL_ID, "value"),
    State(NID_TEXTS, "data"),
    prevent_initial_call=True,
)
