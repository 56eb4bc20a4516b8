"""The map's browser events, shared by every page with a map (``jitasa.mapEvents`` in dashboard/assets/jitasa.js).

Once Plotly has drawn a new figure, the browser (1) writes a tap on the map to the page's tap store (a tap on an empty
spot gives Plotly no clickData, so MapLibre's own click is listened to, once per map; a double tap zooms instead),
(2) fits a new view (a new ``uirevision``) to ``layout.meta.fit`` at the map's real size, and (3) brings a point
``layout.meta.focus`` into view when it is outside. The options are data in a store beside the map.
"""

from __future__ import annotations

from dash import Input, Output, State, dcc, html


def map_event_parts(
    map_id: str,
    *,
    tap_id: str | None = None,
    skip_markers: bool = False,
    padding: int = 20,
    max_zoom: float | None = None,
) -> list:
    """The components the events need, placed anywhere in the page's layout.

    tap_id: a ``dcc.Store`` that receives ``{lat, lon, at}`` on a single tap (None: taps are not listened to);
    skip_markers: a tap on a point of a circle layer is left to Plotly's clickData (a result's card, say).
    """
    options = {"map": map_id, "tap": tap_id, "skipMarkers": skip_markers, "padding": padding, "maxZoom": max_zoom}
    return [dcc.Store(id=f"{map_id}-events", data=options), html.Div(id=f"{map_id}-events-sink", hidden=True)]


def wire_map_events(on, map_id: str) -> None:
    """Declare the clientside callback on a page's ``Callbacks`` set."""
    on.clientside(
        "jitasa",
        "mapEvents",
        Output(f"{map_id}-events-sink", "title"),
        Input(map_id, "figure"),
        State(f"{map_id}-events", "data"),
    )
