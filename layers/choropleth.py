"""Coverage choropleth on our own boundaries (no basemap, nothing fetched from the internet)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from layers.classify import PALETTES

# The classes' palette (layers/classify.py): sequential, colour-blind safe, every colour >= 3:1 on white.
COVERAGE_SCALE = [[i / 4, color] for i, color in enumerate(PALETTES[5])]
NO_DATA_COLOR = "#d9d9d9"
THAILAND_CENTER = {"lat": 13.0, "lon": 101.0}
THAILAND_ZOOM = 4.8


def base_map_layout(labels: Mapping[str, str], tile_url: str = "", overlay_urls: tuple[str, ...] = ()) -> dict:
    """Map layout: white background (our boundaries are the base), optional tiles, thin overlay borders."""
    layers = [
        {"sourcetype": "geojson", "source": url, "type": "line", "color": "#8c8c8c", "line": {"width": 0.35}}
        for url in overlay_urls
    ]
    if tile_url:
        layers.insert(0, {"sourcetype": "raster", "source": [tile_url], "below": "traces"})
    return {
        "map": {"style": "white-bg", "center": THAILAND_CENTER, "zoom": THAILAND_ZOOM, "layers": layers},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "uirevision": "keep-zoom",
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 0.01,
            "xanchor": "left",
            "x": 0.01,
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        "font": {"family": "Sarabun, 'Noto Sans Thai', Garuda, Loma, sans-serif"},
        "paper_bgcolor": "white",
    }


def coverage_hover(frame: pd.DataFrame, labels: Mapping[str, str], format_date: Callable = str) -> list[str]:
    """Hover text per area: name, coverage (or why there is none), counts, as-of date and source level."""
    texts = []
    for r in frame.itertuples(index=False):
        lines = [f"<b>{html.escape(str(r.name))}</b>"]
        if pd.isna(r.vaccinated):
            lines.append(labels["no_data"])
        else:
            if pd.isna(r.coverage_pct):
                lines.append(f"{labels['coverage']}: – ({labels['no_population']})")
            else:
                lines.append(f"{labels['coverage']}: <b>{r.coverage_pct:.1f}%</b>")
                if r.coverage_pct > 100:
                    lines.append(f"<i>{labels['over_100']}</i>")
            lines.append(f"{labels['vaccinated']}: {int(r.vaccinated):,}")
            if not pd.isna(r.population):
                lines.append(f"{labels['population']}: {int(r.population):,}")
            lines.append(f"{labels['as_of']}: {format_date(r.as_of)}")
        if getattr(r, "note", None):
            lines.append(f"<i>{html.escape(str(r.note))}</i>")
        texts.append("<br>".join(lines))
    return texts


def choropleth_traces(
    frame: pd.DataFrame, geojson_url: str, labels: Mapping[str, str], format_date: Callable = str
) -> list[go.Choroplethmap]:
    """Two traces: areas with a coverage value (coloured 0–100%, higher values shown at the top colour and
    stated in the hover) and areas without one (grey, the explicit "no data" class).

    ``frame``: code, name, vaccinated, population, coverage_pct, as_of (and optional note).
    """
    hover = pd.Series(coverage_hover(frame, labels, format_date), index=frame.index)
    has_value = frame["coverage_pct"].notna()
    common = dict(
        geojson=geojson_url,
        featureidkey="properties.code",
        hoverinfo="text",
        marker={"line": {"width": 0.8, "color": "white"}},
    )
    valued = frame[has_value]
    missing = frame[~has_value]
    return [
        go.Choroplethmap(
            locations=valued["code"].tolist(),
            z=valued["coverage_pct"].astype(float).tolist(),
            text=hover[has_value].tolist(),
            colorscale=COVERAGE_SCALE,
            zmin=0,
            zmax=100,
            colorbar={
                "title": {"text": labels["coverage_axis"]},
                "ticksuffix": "%",
                "thickness": 12,
                "len": 0.5,
                "x": 0.99,
                "xanchor": "right",
                "bgcolor": "rgba(255,255,255,0.85)",
            },
            name=labels["coverage"],
            showlegend=False,
            **common,
        ),
        go.Choroplethmap(
            locations=missing["code"].tolist(),
            z=[0] * len(missing),
            text=hover[~has_value].tolist(),
            colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
            showscale=False,
            name=labels["no_data"],
            showlegend=len(missing) > 0,
            **common,
        ),
    ]
