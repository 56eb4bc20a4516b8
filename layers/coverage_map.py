"""The coverage map: one figure built when the geometry changes (level or province), then patched in place.

Traces, in order: 0 faded context (neighbouring provinces when drilled in), 1 the classed choropleth, 2 the
highlighted area's outline, 3 proportional symbols of counts, then facility points. A filter change only replaces
trace 1's z, customdata and colours (``choropleth_update``): the geometry is a URL the browser fetched once.

Markers above the fill: Plotly adds a trace's MapLibre layers on top when it (re)creates them, and two updates of
the figure in flight (the draw, the facility layer's patch) can re-create the fill after the markers. So the
choropleth traces are inserted *below* the counts trace's first layer (``BELOW_MARKERS``; the counts trace has a
fixed uid and is always there, and every marker trace follows it), whenever and in whatever order they are re-created.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.choropleth import base_map_layout
from layers.classify import Classes

CONTEXT, MAIN, HIGHLIGHT, COUNTS = 0, 1, 2, 3
COUNTS_UID = "coverage-counts"
BELOW_MARKERS = f"plotly-trace-layer-{COUNTS_UID}-fill"  # Plotly's id of the counts trace's first MapLibre layer
HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[4]}<br><i>%{customdata[2]}</i><extra></extra>"


def fit_view(bounds: tuple[float, float, float, float], width_px: int = 860, height_px: int = 520) -> dict:
    """Center and zoom that fit ``bounds`` (lon/lat) in a map of the given size (512-px tiles, Web Mercator)."""
    min_lon, min_lat, max_lon, max_lat = bounds

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_frac = max(max_lon - min_lon, 1e-6) / 360
    lat_frac = max(merc_y(max_lat) - merc_y(min_lat), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(width_px / 512 / lon_frac), math.log2(height_px / 512 / lat_frac)) - 0.15
    center_lat = math.degrees(2 * math.atan(math.exp((merc_y(min_lat) + merc_y(max_lat)) / 2)) - math.pi / 2)
    return {"center": {"lon": (min_lon + max_lon) / 2, "lat": center_lat}, "zoom": round(zoom, 2)}


def choropleth_update(frame: pd.DataFrame, classes: Classes) -> dict:
    """What changes with a filter: z (class index), customdata (name, value, note), colour scale and range."""
    return {
        "z": classes.index.tolist(),
        "customdata": _customdata(frame),
        "colorscale": classes.discrete_colorscale(),
        "zmin": classes.zmin,
        "zmax": classes.zmax,
    }


def _customdata(frame: pd.DataFrame) -> list[list]:
    """Per area: name, value as read, note, the raw value (for exports and tests that read the figure), details."""
    raw = [None if pd.isna(v) else float(v) for v in frame["value"]]
    details = frame["detail_text"] if "detail_text" in frame else [""] * len(frame)
    return [
        [n, v, t, r, d] for n, v, t, r, d in zip(frame["name"], frame["value_label"], frame["note_text"], raw, details)
    ]


def coverage_figure(
    frame: pd.DataFrame,
    classes: Classes,
    geojson_url: str,
    view: dict,
    labels: Mapping[str, str],
    context_url: str | None = None,
    context_codes: list[str] | None = None,
    counts: pd.DataFrame | None = None,
    tile_url: str = "",
    revision: str = "",
) -> go.Figure:
    """The whole figure. ``frame``: code, name, value_label, note_text (annotated); ``counts``: lon, lat, count, name."""
    layout = base_map_layout(labels, tile_url)
    layout["map"].update(view)
    layout["uirevision"] = revision
    layout["showlegend"] = False
    figure = go.Figure(layout=layout)
    figure.add_trace(
        go.Choroplethmap(
            geojson=context_url or geojson_url,
            featureidkey="properties.code",
            locations=context_codes or [],
            z=[0] * len(context_codes or []),
            colorscale=[[0, "#f2f2f2"], [1, "#f2f2f2"]],
            showscale=False,
            marker={"line": {"width": 0.6, "color": "#bdbdbd"}, "opacity": 0.7},
            hoverinfo="skip",
            name="context",
            below=BELOW_MARKERS,
        )
    )
    figure.add_trace(
        go.Choroplethmap(
            geojson=geojson_url,
            featureidkey="properties.code",
            locations=frame["code"].tolist(),
            showscale=False,
            marker={"line": {"width": 0.6, "color": "white"}},
            hovertemplate=HOVER,
            name="coverage",
            below=BELOW_MARKERS,
            **choropleth_update(frame, classes),
        )
    )
    figure.add_trace(
        go.Choroplethmap(
            geojson=geojson_url,
            featureidkey="properties.code",
            locations=[],
            z=[],
            showscale=False,
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            marker={"line": {"width": 3, "color": "#d7301f"}},
            hoverinfo="skip",
            name="highlight",
            below=BELOW_MARKERS,
        )
    )
    figure.add_trace(
        counts_trace(counts if counts is not None else pd.DataFrame(columns=["lon", "lat", "count", "name"]))
    )
    return figure


def counts_trace(counts: pd.DataFrame) -> go.Scattermap:
    """Absolute counts as proportional symbols (area ∝ count): counts are never coloured as a choropleth."""
    values = pd.to_numeric(counts["count"], errors="coerce").fillna(0).to_numpy(dtype=float)
    biggest = values.max() if len(values) and values.max() > 0 else 1.0
    sizes = np.sqrt(values / biggest) * 40 + np.where(values > 0, 4, 0)
    return go.Scattermap(
        lon=counts["lon"].tolist(),
        lat=counts["lat"].tolist(),
        mode="markers",
        marker={"size": sizes.round(1).tolist(), "color": "rgba(215,48,31,0.45)", "sizemode": "diameter"},
        text=[f"{n}: {int(c):,}" for n, c in zip(counts["name"], values)],
        hoverinfo="text",
        name="counts",
        uid=COUNTS_UID,
    )
