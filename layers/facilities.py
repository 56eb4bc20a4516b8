"""Facility markers for the offline map: a distinct symbol per type, drawn with circles only; clusters sized by count.

An offline Plotly map (``white-bg``, no sprite or glyph server) draws only circles, so each type's symbol is a
composition of circles stacked from the largest to the smallest (``DESIGNS``): a solid disc, a ring, a bullseye, a
dark-rimmed dot, a dot in a soft halo. Shape and colour (Okabe-Ito, from the registry) both tell the types apart, so a
colour-blind reader still can. Every symbol has a white edge so that it stands out on any choropleth class.

The registry names each type's intended shape (circle, diamond, square, triangle, star, hexagon) for renderers that have
shapes; ``SHAPE_DESIGNS`` says which circle composition stands in for it here.

``facility_traces`` always returns the same number of traces for the same types (empty ones included), so the
dashboard can replace them in place without moving the traces before them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

WHITE, DARK, CLUSTER_COLOR = "#ffffff", "#1a1a1a", "#3d3d3d"
CLUSTER_NAME = "facility-clusters"
CLUSTER_MIN_PX, CLUSTER_MAX_PX = 12, 42
TypeStyle = tuple[str, str, str, str]  # code, label, colour, registry shape


@dataclass(frozen=True)
class Circle:
    size_px: float  # diameter
    fill: str  # "type" (the type's colour), "white" or "dark"
    opacity: float = 1.0


DESIGNS: dict[str, tuple[Circle, ...]] = {
    "disc": (Circle(14, "white"), Circle(11, "type")),
    "ring": (Circle(16, "white"), Circle(13, "type"), Circle(6, "white")),
    "bullseye": (Circle(19, "white"), Circle(16, "type"), Circle(10, "white"), Circle(5, "type")),
    "halo": (Circle(26, "type", 0.3), Circle(12, "white"), Circle(9, "type")),
    "rimmed": (Circle(17, "white"), Circle(14, "dark"), Circle(8, "type")),
    "cored": (Circle(17, "white"), Circle(14, "type"), Circle(6, "dark")),
}
SHAPE_DESIGNS = {
    "circle": "disc",
    "diamond": "rimmed",
    "square": "bullseye",
    "triangle": "halo",
    "star": "ring",
    "hexagon": "cored",
}


def design_for(shape: str) -> tuple[Circle, ...]:
    return DESIGNS[SHAPE_DESIGNS.get(shape, "disc")]


def trace_count(types: Sequence[TypeStyle]) -> int:
    """How many traces ``facility_traces`` returns for ``types``: one per circle of each design, two for clusters."""
    return sum(len(design_for(shape)) for *_, shape in types) + 2


def facility_traces(
    points: pd.DataFrame,
    clusters: pd.DataFrame,
    types: Sequence[TypeStyle],
    labels: Mapping[str, str],
    format_date: Callable = str,
) -> list[go.Scattermap]:
    """Per type, its circles (the largest carries the hover card); then the clusters (white edge, dark disc).

    ``points``: lat, lon, type, name, type_label, status_label, beds_total, beds_available, opening_hours, phone,
    valid_from, valid_to, synthetic. ``clusters``: lon, lat, count, synthetic_count, count_<type>.
    ``labels``: beds, beds_available, hours, phone, valid, synthetic, cluster, cluster_synthetic, zoom_in.
    """
    traces = []
    for code, _label, color, shape in types:
        part = points[points["type"] == code] if len(points) else points
        lat, lon = part["lat"].tolist(), part["lon"].tolist()
        for i, circle in enumerate(design_for(shape)):
            hover = (
                {"text": facility_hover(part, labels, format_date), "hoverinfo": "text"}
                if i == 0
                else {"hoverinfo": "skip"}
            )
            traces.append(
                go.Scattermap(
                    lat=lat,
                    lon=lon,
                    mode="markers",
                    name=f"facilities:{code}" + (f":{i}" if i else ""),
                    marker={"size": circle.size_px, "color": _fill(circle, color), "opacity": circle.opacity},
                    showlegend=False,
                    **hover,
                )
            )
    return traces + cluster_traces(clusters, types, labels)


def cluster_traces(
    clusters: pd.DataFrame, types: Sequence[TypeStyle], labels: Mapping[str, str]
) -> list[go.Scattermap]:
    """Clusters as dark discs with a white edge, area proportional to the count; the hover lists counts per type."""
    counts = pd.to_numeric(clusters["count"], errors="coerce").fillna(0).to_numpy(dtype=float)
    biggest = counts.max() if len(counts) else 1.0
    sizes = (CLUSTER_MIN_PX + (CLUSTER_MAX_PX - CLUSTER_MIN_PX) * np.sqrt(counts / max(biggest, 1.0))).round(1)
    lat, lon = clusters["lat"].tolist(), clusters["lon"].tolist()
    return [
        go.Scattermap(
            lat=lat,
            lon=lon,
            mode="markers",
            name=f"{CLUSTER_NAME}:edge",
            hoverinfo="skip",
            marker={"size": (sizes + 5).tolist(), "color": WHITE},
            showlegend=False,
        ),
        go.Scattermap(
            lat=lat,
            lon=lon,
            mode="markers",
            name=CLUSTER_NAME,
            showlegend=False,
            marker={"size": sizes.tolist(), "color": CLUSTER_COLOR, "opacity": 0.8},
            text=cluster_hover(clusters, types, labels),
            hoverinfo="text",
        ),
    ]


def facility_hover(frame: pd.DataFrame, labels: Mapping[str, str], format_date: Callable = str) -> list[str]:
    """The hover card: name, type · status, beds, hours, phone, temporary dates, and the synthetic label."""
    texts = []
    for r in frame.itertuples(index=False):
        lines = [f"<b>{_esc(r.name)}</b>", f"{_esc(r.type_label)} · {_esc(getattr(r, 'status_label', ''))}"]
        beds_total, beds_free = _int(getattr(r, "beds_total", None)), _int(getattr(r, "beds_available", None))
        if beds_free is not None:
            lines.append(f"{labels['beds_available']}: {beds_free:,}" + (f" / {beds_total:,}" if beds_total else ""))
        elif beds_total is not None:
            lines.append(f"{beds_total:,} {labels['beds']}")
        if _present(getattr(r, "opening_hours", None)):
            lines.append(f"{labels['hours']}: {_esc(r.opening_hours)}")
        if _present(getattr(r, "phone", None)):
            lines.append(f"{labels['phone']}: {_esc(r.phone)}")
        start, end = getattr(r, "valid_from", None), getattr(r, "valid_to", None)
        if _present(start) or _present(end):
            when = lambda d: format_date(d) if _present(d) else "…"  # noqa: E731
            lines.append(labels["valid"].format(start=when(start), end=when(end)))
        if bool(r.synthetic):
            lines.append(f"<i>⚠ {labels['synthetic']}</i>")
        texts.append("<br>".join(lines))
    return texts


def cluster_hover(clusters: pd.DataFrame, types: Sequence[TypeStyle], labels: Mapping[str, str]) -> list[str]:
    texts = []
    for _, row in clusters.iterrows():
        total = int(row["count"])
        lines = [f"<b>{labels['cluster'].format(n=f'{total:,}')}</b>"]
        for code, label, _color, _shape in types:
            n = int(row.get(f"count_{code}", 0) or 0)
            if n:
                lines.append(f"{_esc(label)}: {n:,}")
        synthetic = int(row.get("synthetic_count", 0) or 0)
        if synthetic:
            lines.append(f"<i>⚠ {labels['cluster_synthetic'].format(n=f'{synthetic:,}')}</i>")
        lines.append(f"<i>{labels['zoom_in']}</i>")
        texts.append("<br>".join(lines))
    return texts


def symbol_svg(shape: str, color: str, size_px: int = 26) -> str:
    """The type's symbol as a small SVG (for the legend), drawn from the same circles as the map."""
    return _svg([(c.size_px, _fill(c, color), c.opacity) for c in design_for(shape)], size_px)


def cluster_svg(size_px: int = 26) -> str:
    return _svg([(23, WHITE, 1.0), (18, CLUSTER_COLOR, 0.8)], size_px)


# -- helpers ------------------------------------------------------------------------------------------------------
def _svg(circles: list[tuple[float, str, float]], size_px: int) -> str:
    half = size_px / 2
    body = "".join(
        f'<circle cx="{half}" cy="{half}" r="{d / 2}" fill="{fill}" fill-opacity="{opacity}"/>'
        for d, fill, opacity in circles
    )
    # a faint grey disc behind shows where the white edge is on a white page
    edge = (
        f'<circle cx="{half}" cy="{half}" r="{circles[0][0] / 2 + 0.5}" fill="#bdbdbd"/>'
        if circles[0][1] == WHITE
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_px}" height="{size_px}" '
        f'viewBox="0 0 {size_px} {size_px}">{edge}{body}</svg>'
    )


def _fill(circle: Circle, color: str) -> str:
    return {"type": color, "white": WHITE, "dark": DARK}[circle.fill]


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or other container: present
        return True


def _int(value) -> int | None:
    return int(value) if _present(value) else None


def _esc(value) -> str:
    return html.escape(str(value)) if _present(value) else ""


# -- the map's viewport, from Plotly's relayout event -----------------------------------------------------------------
def circles_per_marker(types: Sequence[TypeStyle]) -> int:
    """The most circles one marker draws (clusters draw two): the payload per marker at worst."""
    return max([2, *(len(design_for(shape)) for *_, shape in types)])


def viewport_from_relayout(relayout: Mapping | None, width_px: int = 1000, height_px: int = 700) -> dict | None:
    """{"bbox": (min lon, min lat, max lon, max lat), "zoom": z} of a pan or zoom, or None for other events.

    Plotly sends the corners it shows (``map._derived``); without them, the box is derived from the centre and zoom
    for a nominal map of ``width_px`` by ``height_px``.
    """
    relayout = relayout or {}
    zoom = relayout.get("map.zoom")
    if zoom is None:
        return None
    corners = (relayout.get("map._derived") or {}).get("coordinates")
    if corners:
        lons, lats = [c[0] for c in corners], [c[1] for c in corners]
        bbox = (min(lons), min(lats), max(lons), max(lats))
    elif relayout.get("map.center"):
        center = relayout["map.center"]
        bbox = view_bbox(center["lon"], center["lat"], float(zoom), width_px, height_px)
    else:
        return None
    return {"bbox": [round(v, 6) for v in bbox], "zoom": float(zoom)}


def view_bbox(lon: float, lat: float, zoom: float, width_px: int = 1000, height_px: int = 700) -> tuple:
    """The lon/lat box a Web Mercator map of ``width_px`` by ``height_px`` shows around (lon, lat) at ``zoom``."""
    world_px = 512 * 2**zoom
    x = (lon + 180) / 360 * world_px
    y = (1 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / np.pi) / 2 * world_px

    def to_lonlat(px: float, py: float) -> tuple[float, float]:
        lon_ = px / world_px * 360 - 180
        lat_ = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * py / world_px))))
        return float(lon_), float(lat_)

    west, north = to_lonlat(x - width_px / 2, y - height_px / 2)
    east, south = to_lonlat(x + width_px / 2, y + height_px / 2)
    return (max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0))
