"""The facility layer's callbacks (they join the page's ``on``): only the facilities in view, at most CIRCLE_BUDGET
circles, patched into the map's facility traces after every redraw, pan or zoom."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang
from dashboard.pages.coverage.callbacks import _report_dates, on
from dashboard.pages.coverage.ids import (
    FACILITY_CONTROLS,
    FACILITY_LEGEND,
    FACILITY_STATUS_PICK,
    FACILITY_TYPES_PICK,
    LAYERS,
    MAP,
    MAP_KEY,
    VIEW,
    VIEWPORT,
)
from dashboard.pages.coverage.url import view_args
from dashboard.pages.coverage.view_facilities import (
    CIRCLE_BUDGET,
    DEFAULT_STATUSES,
    facility_legend,
    facility_patch,
    facility_types,
    facility_view,
    revision,
)
from dashboard.state import current
from data.coverage_query import parse_coverage_query
from data.facility_layer import empty_clusters, empty_points, facility_markers
from geo.clock import today
from layers.facilities import circles_per_marker, viewport_from_relayout


@on(Output(VIEWPORT, "data"), Input(MAP, "relayoutData"), State(MAP_KEY, "data"), prevent_initial_call=True)
def remember_viewport(relayout, map_key):
    """Where the map is after a pan or zoom, and on which geometry (a new one is fitted anew)."""
    viewport = viewport_from_relayout(relayout)
    return no_update if viewport is None else {**viewport, "revision": revision(map_key)}


@on(
    Output(MAP, "figure", allow_duplicate=True),
    Output(FACILITY_LEGEND, "children"),
    Input(MAP_KEY, "data"),
    Input(VIEWPORT, "data"),
    Input(FACILITY_TYPES_PICK, "value"),
    Input(FACILITY_STATUS_PICK, "value"),
    State(VIEW, "data"),
    State(LAYERS, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def facility_layer(map_key, viewport, types, statuses, view, layers, lang):
    """The facilities in view and open on the map's date, one by one or grouped."""
    if "facilities" not in (layers or []):
        return no_update, None
    state, lang = current(), normalize_lang(lang)
    query, _, _ = parse_coverage_query(view_args(view), state.registry)
    on_date, styles = map_date(query), facility_types(lang)
    points, clusters = empty_points(), empty_clusters()
    if types != [] and statuses != []:  # None: not yet chosen, all
        bbox, zoom = facility_view(state.registry, query.area, viewport, map_key)
        with state.engine.connect() as conn:
            points, clusters = _markers(conn, types, statuses, on_date, bbox, zoom, styles, lang)
    legend = facility_legend(points, clusters, styles, types, on_date, lang)
    return facility_patch(points, clusters, styles, lang), legend


def map_date(query):
    """The date the map shows: the one chosen, else the newest report of its group and dose (other measures: today)."""
    if query.as_of or query.metric not in ("coverage", "vaccinated", "change"):
        return query.as_of or today()
    dates = _report_dates(query.group, query.dose)
    return dates[-1] if dates else today()


def _markers(conn, types, statuses, on_date, bbox, zoom: float, styles, lang: str):
    """(points, clusters) of the chosen types and statuses in ``bbox``, within the circle budget."""
    return facility_markers(
        conn,
        types=types or (),
        statuses=statuses or DEFAULT_STATUSES,
        on_date=on_date,
        bbox=bbox,
        zoom=zoom,
        max_markers=CIRCLE_BUDGET // circles_per_marker(styles),
        lang=lang,
    )


@on(Output(FACILITY_CONTROLS, "hidden"), Output(FACILITY_LEGEND, "hidden"), Input(LAYERS, "value"))
def facility_controls_shown(layers):
    hidden = "facilities" not in (layers or [])
    return hidden, hidden
