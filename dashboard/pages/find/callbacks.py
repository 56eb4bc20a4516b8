"""The finder's callbacks. One store (QUERY) holds the search as URL arguments: the location controls and the
filters write it; the address follows it; the message, the list, the summary and the map are drawn from it."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, no_update

from dashboard.components import LANG_STORE, URL
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.find.ids import (
    CARD_ID,
    CLICK_SINK,
    DATE,
    HERE,
    LOCATE,
    LOCATE_MESSAGE,
    MAP,
    MAX_KM,
    MESSAGE,
    MORE,
    OPEN_NOW,
    PLACE,
    PLACE_BUTTON,
    QUERY,
    RESULTS,
    SERVICE,
    SUGGESTION,
    SUMMARY,
    TAP,
    TYPE,
)
from dashboard.pages.find.search import filtered, moved_to, revision, shared_search
from dashboard.pages.find.view import (
    here_text,
    known_place,
    map_labels,
    map_points,
    note,
    problems_note,
    prompt,
    suggestions,
    summary,
)
from dashboard.pages.find.view_card import card
from dashboard.state import current
from dashboard.ui.geolocation import reading, wire_geolocation
from dashboard.ui.map_events import wire_map_events
from data.finder import MAX_K, find_nearest
from data.finder_query import parse_args, place_context
from data.registries import FACILITY_TYPES
from geo.clock import today
from geo.registry import AreaNotFound
from geo.thai import localized
from layers.finder_map import finder_figure

on = Callbacks()
UNCHANGED = (no_update, no_update, no_update)

wire_geolocation(on, LOCATE, Output(LOCATE_MESSAGE, "children", allow_duplicate=True))
wire_map_events(on, MAP)  # a tap on the map (not on a result) moves "here"; a new search fits the map


@on(
    Output(QUERY, "data", allow_duplicate=True),
    Output(LOCATE_MESSAGE, "children"),
    Output(PLACE, "value"),
    *LOCATE.inputs(),
    Input(TAP, "data"),
    Input(PLACE_BUTTON, "n_clicks"),
    Input(PLACE, "n_submit"),
    Input({"type": SUGGESTION, "code": ALL}, "n_clicks"),
    State(PLACE, "value"),
    State(QUERY, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def set_location(positions, errors, tap, _search, _submit, _suggested, text, args, lang):
    """Geolocation, a tap on the map, a typed place or a tapped suggestion sets where to search from."""
    lang, trigger = normalize_lang(lang), ctx.triggered_id
    if LOCATE.answered(trigger):
        position, error = reading(positions, errors)
        if not position:
            return no_update, (LOCATE.problem(error, lang) if error else no_update), no_update
        return moved_to(args, position["lat"], position["lon"]), None, no_update
    if trigger == TAP and tap:
        return moved_to(args, tap["lat"], tap["lon"]), None, ""
    if isinstance(trigger, dict) and trigger.get("type") == SUGGESTION:
        if not ctx.triggered[0]["value"]:  # a suggestion button appearing is not a tap on it
            return UNCHANGED
        return _from_place(trigger["code"], args, lang)
    if trigger in (PLACE_BUTTON, PLACE):
        return _from_typed_place(text, args, lang)
    return UNCHANGED


def _from_typed_place(text: str | None, args, lang: str):
    if not (text or "").strip():
        return no_update, note(t("find.place.empty", lang)), no_update
    registry = current().registry
    try:
        code = registry.resolve(text, context=place_context(current().locator, args))  # where one is now
    except AreaNotFound as exc:
        return no_update, suggestions(registry, exc, lang), no_update
    return _from_place(code, args, lang)


def _from_place(code: str, args, lang: str):
    """The search from a place's centre; the box then shows the place's name."""
    area = current().registry.get(code)
    return moved_to(args, float(area["lat"]), float(area["lon"]), code), None, localized(area, lang)


@on(
    Output(QUERY, "data", allow_duplicate=True),
    Input(TYPE, "value"),
    Input(OPEN_NOW, "value"),
    Input(SERVICE, "value"),
    Input(MAX_KM, "value"),
    Input(DATE, "date"),
    Input(MORE, "n_clicks"),
    State(QUERY, "data"),
    prevent_initial_call=True,
)
def set_filters(kind, open_now, services, max_km, day, _more, args):
    return filtered(args, kind, open_now, services, max_km, day, more=ctx.triggered_id == MORE)


@on(Output(URL, "search", allow_duplicate=True), Input(QUERY, "data"), State(URL, "search"), prevent_initial_call=True)
def share(args, search):
    """The URL follows the search (and only a search that can be run), so it can be shared."""
    text = shared_search(args)
    return no_update if text is None or text == (search or "") else text


@on(
    Output(MESSAGE, "children"),
    Output(HERE, "children"),
    Output(SUMMARY, "children"),
    Output(RESULTS, "children"),
    Output(MAP, "figure"),
    Output(MORE, "hidden"),
    Input(QUERY, "data"),
    State(LANG_STORE, "data"),
)
def draw(args, lang):
    """The nearest that match, as a list and on the map; or what to do when there is nowhere to search from."""
    lang, parsed, state = normalize_lang(lang), parse_args(args or {}), current()
    problems, q, labels = problems_note(parsed.problems, lang), parsed.query, map_labels(parsed.query, lang)
    if q is None:
        nowhere = finder_figure(None, [], labels, tile_url=state.settings.tile_url)
        return prompt(problems, lang), None, None, [], nowhere, True
    with state.engine.connect() as conn:
        found = find_nearest(conn, state.facility_index, q, state.settings.stale_days)
    items, day = found["items"], q.on_date or today()
    points, color = map_points(items, lang), FACILITY_TYPES[q.type].color
    figure = finder_figure((q.lat, q.lon), points, labels, color, revision(parsed), state.settings.tile_url)
    cards = [card(n, r, lang, now_applies=day == today()) for n, r in enumerate(items, 1)]
    more_hidden = len(items) >= found["total"] or q.k >= MAX_K
    return problems, _here(state, parsed, lang), summary(q, found, day, lang), cards, figure, more_hidden


def _here(state, parsed, lang: str) -> str:
    """Where the search is from: a place by its name, or a point with the subdistrict it falls in."""
    q = parsed.query
    subdistrict = (
        None
        if known_place(state.registry, parsed)
        else state.locator.locate_one_within_tolerance(q.lon, q.lat)["subdistrict"]
    )
    return here_text(state.registry, parsed, lang, subdistrict)


# a tap on a result's marker scrolls its card into view and flashes it
on.clientside(
    "jitasa",
    "showCard",
    Output(CLICK_SINK, "title"),
    Input(MAP, "clickData"),
    State(CARD_ID, "data"),
    prevent_initial_call=True,
)
