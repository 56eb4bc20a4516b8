"""The finder's small map: "you are here" and the nearest facilities on our own province outlines.

No tiles, no glyphs or sprites: only circle markers and no text drawn on the map (a label would need a glyph server),
so the numbers live in the list and in each marker's hover card. Traces: 0 the results (``customdata``: the number
in the list; the nearest is drawn larger), 1 a white halo under 2 "you are here".
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from layers.choropleth import THAILAND_CENTER, THAILAND_ZOOM

HERE_COLOR = "#111111"
PROVINCES_URL = "/api/v1/areas/province.geojson"
MIN_SPAN_DEG = 0.02  # about 2 km: a single result does not zoom to street level on a map without streets
HERE_ZOOM = 11.0  # a town and its surroundings


def finder_bounds(here: tuple[float, float] | None, results: Sequence[Mapping]) -> list[list[float]] | None:
    """[[min lon, min lat], [max lon, max lat]] around ``here`` (lat, lon) and every result; None without a place."""
    if here is None:
        return None
    lats = [here[0]] + [float(r["lat"]) for r in results]
    lons = [here[1]] + [float(r["lon"]) for r in results]
    pad_lat = max((max(lats) - min(lats)) * 0.08, MIN_SPAN_DEG / 2)
    pad_lon = max((max(lons) - min(lons)) * 0.08, MIN_SPAN_DEG / 2)
    return [[min(lons) - pad_lon, min(lats) - pad_lat], [max(lons) + pad_lon, max(lats) + pad_lat]]


def finder_view(here: tuple[float, float] | None) -> dict:
    """The first view: centred on ``here``, or all of Thailand without a place. It depends on the place only, so a
    figure for the same search (more results, another language) keeps the reader's zoom; the page then fits the map
    to ``layout.meta.fit`` at its real size."""
    if here is None:
        return {"center": dict(THAILAND_CENTER), "zoom": THAILAND_ZOOM - 0.9}
    return {"center": {"lat": here[0], "lon": here[1]}, "zoom": HERE_ZOOM}


def result_hover(results: Sequence[Mapping], labels: Mapping[str, str]) -> list[str]:
    """ "1. name<br>1.2 km" per result (``name`` and ``distance`` already in the reader's language)."""
    texts = []
    for number, r in enumerate(results, start=1):
        lines = [f"<b>{number}. {html.escape(str(r['name']))}</b>", html.escape(str(r["distance"]))]
        if r.get("synthetic"):
            lines.append(f"<i>⚠ {html.escape(labels['synthetic'])}</i>")
        texts.append("<br>".join(lines))
    return texts


def finder_figure(
    here: tuple[float, float] | None,
    results: Sequence[Mapping],
    labels: Mapping[str, str],
    color: str = "#0072B2",
    revision: str = "",
    tile_url: str = "",
) -> go.Figure:
    """The whole figure. ``here``: (lat, lon) or None; ``results``: dicts with lat, lon, name, distance, synthetic,
    nearest first; ``labels``: here, results, synthetic. ``revision`` keeps the reader's zoom while it is unchanged."""
    layers = [
        {
            "sourcetype": "geojson",
            "source": PROVINCES_URL,
            "type": "fill",
            "color": "#f6f5f0",
            "fill": {"outlinecolor": "#8c8c8c"},
            "below": "traces",
        }
    ]
    if tile_url:
        layers.insert(0, {"sourcetype": "raster", "source": [tile_url], "below": "traces"})
    figure = go.Figure(
        layout={
            "map": {"style": "white-bg", "layers": layers, **finder_view(here)},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "uirevision": revision,
            "showlegend": bool(results) or here is not None,
            "legend": {
                "orientation": "h",
                "x": 0.01,
                "y": 0.99,
                "xanchor": "left",
                "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.85)",
                "font": {"size": 12},
            },
            "font": {"family": "Sarabun, 'Noto Sans Thai', Garuda, Loma, sans-serif"},
            "paper_bgcolor": "white",
            "hoverlabel": {"font": {"size": 13}},
            "meta": {"fit": finder_bounds(here, results)},
        }
    )
    figure.add_trace(
        go.Scattermap(
            lat=[float(r["lat"]) for r in results],
            lon=[float(r["lon"]) for r in results],
            mode="markers",
            marker={"size": [19] + [14] * (len(results) - 1) if results else 14, "color": color, "opacity": 0.95},
            customdata=list(range(1, len(results) + 1)),
            text=result_hover(results, labels),
            hoverinfo="text",
            name=labels["results"],
            showlegend=bool(results),
        )
    )
    here_lat, here_lon = ([here[0]], [here[1]]) if here else ([], [])
    figure.add_trace(
        go.Scattermap(  # a white ring under "here", so it stands out from a result it overlaps
            lat=here_lat,
            lon=here_lon,
            mode="markers",
            marker={"size": 21, "color": "white"},
            hoverinfo="skip",
            showlegend=False,
            name="here-halo",
        )
    )
    figure.add_trace(
        go.Scattermap(
            lat=here_lat,
            lon=here_lon,
            mode="markers",
            marker={"size": 13, "color": HERE_COLOR},
            text=[labels["here"]] if here else [],
            hoverinfo="text",
            name=labels["here"],
            showlegend=here is not None,
        )
    )
    return figure
