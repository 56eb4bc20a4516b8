"""The facility form's map: pick a point on our own boundaries (no tiles unless the setting asks for them).

Provinces as the base, district borders drawn thin, the writer's own area outlined, the subdistrict the point falls
in dashed, and the point as a marker with a white halo. Traces: 0 the halo, 1 the point. ``layout.meta``: ``fit``
(bounds to show when there is no point yet) and ``focus`` ([lon, lat] of the point, which the page pans to when it
is out of view).
"""

from __future__ import annotations

import plotly.graph_objects as go
import shapely
from shapely.geometry import mapping

from layers.choropleth import THAILAND_CENTER, THAILAND_ZOOM

PROVINCES_URL = "/api/v1/areas/province.geojson"
DISTRICTS_URL = "/api/v1/areas/district.geojson"
POINT_COLOR = "#D55E00"
AREA_COLOR = "#0072B2"
POINT_ZOOM = 12.5  # no streets are drawn: the point with its subdistrict around it
OUTLINE_TOLERANCE_DEG = 0.0005  # about 50 m: the outline of one area stays small


def area_outline(geometry) -> dict | None:
    """A GeoJSON Feature of an area's outline (simplified, rounded), for ``picker_figure``; None without one."""
    if geometry is None or geometry.is_empty:
        return None
    simple = shapely.set_precision(geometry.simplify(OUTLINE_TOLERANCE_DEG, preserve_topology=True), 1e-5)
    return {"type": "Feature", "properties": {}, "geometry": mapping(simple)}


def picker_view(point: tuple[float, float] | None, fit: list[list[float]] | None) -> dict:
    """Centred on ``point`` (the stored one: the view does not follow the marker, so a tap does not move the map),
    else on the area to fit (the page then fits it at the map's real size)."""
    if point is not None:
        return {"center": {"lat": point[0], "lon": point[1]}, "zoom": POINT_ZOOM}
    if fit is not None:
        (min_lon, min_lat), (max_lon, max_lat) = fit
        return {"center": {"lat": (min_lat + max_lat) / 2, "lon": (min_lon + max_lon) / 2}, "zoom": 9.0}
    return {"center": dict(THAILAND_CENTER), "zoom": THAILAND_ZOOM - 0.9}


def picker_figure(
    point: tuple[float, float] | None,
    label: str,
    outline: dict | None = None,
    fit: list[list[float]] | None = None,
    revision: str = "",
    tile_url: str = "",
    point_area: dict | None = None,
    view_point: tuple[float, float] | None = None,
) -> go.Figure:
    """``point``: (lat, lon) or None; ``label``: the marker's hover text; ``outline``: the writer's area (a GeoJSON
    Feature from ``area_outline``); ``fit``: [[min lon, min lat], [max lon, max lat]] to show without a point;
    ``revision`` keeps the reader's zoom while it is unchanged; ``point_area``: the subdistrict the point is in (a
    Feature from ``area_outline``); ``view_point``: where the first view is centred (else ``fit``)."""
    layers = [
        {
            "sourcetype": "geojson",
            "source": PROVINCES_URL,
            "type": "fill",
            "color": "#f6f5f0",
            "fill": {"outlinecolor": "#8c8c8c"},
            "below": "traces",
        },
        {
            "sourcetype": "geojson",
            "source": DISTRICTS_URL,
            "type": "line",
            "color": "#b3b3b3",
            "line": {"width": 0.7},
            "below": "traces",
        },
    ]
    if point_area is not None:
        layers.append(
            {
                "sourcetype": "geojson",
                "source": point_area,
                "type": "line",
                "color": POINT_COLOR,
                "line": {"width": 1.5, "dash": [3, 2]},
            }
        )
    if outline is not None:
        layers.append(
            {"sourcetype": "geojson", "source": outline, "type": "line", "color": AREA_COLOR, "line": {"width": 2.5}}
        )
    if tile_url:
        layers.insert(0, {"sourcetype": "raster", "source": [tile_url], "below": "traces"})
    lat, lon = ([point[0]], [point[1]]) if point else ([], [])
    figure = go.Figure(
        layout={
            "map": {"style": "white-bg", "layers": layers, **picker_view(view_point, fit)},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "uirevision": revision,
            "showlegend": False,
            "font": {"family": "Sarabun, 'Noto Sans Thai', Garuda, Loma, sans-serif"},
            "paper_bgcolor": "white",
            "hoverlabel": {"font": {"size": 13}},
            "meta": {"fit": None if view_point else fit, "focus": [point[1], point[0]] if point else None},
        }
    )
    figure.add_trace(
        go.Scattermap(
            lat=lat, lon=lon, mode="markers", marker={"size": 24, "color": "white"}, hoverinfo="skip", name="halo"
        )
    )
    figure.add_trace(
        go.Scattermap(
            lat=lat,
            lon=lon,
            mode="markers",
            marker={"size": 16, "color": POINT_COLOR},
            text=[f"{label}<br>{point[0]:.5f}, {point[1]:.5f}"] if point else [],
            hoverinfo="text",
            name=label,
        )
    )
    return figure
