"""Static drawings for a picture or a printed report: the coverage map and the trend as SVG text.

Pure functions from GeoJSON and frames to strings; a browser (or any SVG reader) draws them, no network, no scripts.
The map uses Web Mercator like the page's map, fitted to the bounds asked for; areas outside the view are clipped.
Names are XML-escaped; coordinates are rounded to a tenth of a pixel, so the same inputs give the same text.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from layers.classify import NO_DATA_COLOR, Classes

CONTEXT_FILL, CONTEXT_LINE, AREA_LINE = "#f2f2f2", "#c8c8c8", "#ffffff"
TREND_COLORS = ("#b2182b", "#2166ac", "#4d4d4d", "#1b7837")


@dataclass(frozen=True)
class Projection:
    """Web Mercator scaled and shifted so that ``bounds`` (min lon, min lat, max lon, max lat) fills a box of
    ``width`` × ``height`` pixels less ``padding``, centred."""

    bounds: tuple[float, float, float, float]
    width: float
    height: float
    padding: float = 12

    def __post_init__(self):
        lon0, lat0, lon1, lat1 = self.bounds
        x0, y0, x1, y1 = _merc(lon0, lat0) + _merc(lon1, lat1)
        span_x, span_y = max(x1 - x0, 1e-9), max(y0 - y1, 1e-9)
        scale = min((self.width - 2 * self.padding) / span_x, (self.height - 2 * self.padding) / span_y)
        object.__setattr__(self, "_scale", scale)
        object.__setattr__(self, "_origin", ((x0 + x1) / 2, (y0 + y1) / 2))

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _merc(lon, lat)
        cx, cy = self._origin
        return self.width / 2 + (x - cx) * self._scale, self.height / 2 + (y - cy) * self._scale


def _merc(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, 85.0), -85.0)
    return math.radians(lon), -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def map_svg(
    features: Sequence[dict],
    frame: pd.DataFrame,
    classes: Classes,
    bounds: tuple[float, float, float, float],
    *,
    width: int,
    height: int,
    context: Iterable[dict] = (),
    labels: pd.DataFrame | None = None,
    label_px: int = 15,
) -> str:
    """The areas of ``frame`` (``code`` → ``features`` by ``properties.code``) coloured by ``classes``, fitted to
    ``bounds``; ``context`` features (neighbours) drawn faded beneath; ``labels`` (name, lon, lat) written on top
    with a white halo, so they read on any colour."""
    project = Projection(bounds, width, height)
    by_code = {str((f.get("properties") or {}).get("code")): f for f in features}
    colors = [classes.colors[i] if i >= 0 else NO_DATA_COLOR for i in classes.index]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    visible = _visible(bounds)
    for feature in context:
        if visible(feature):
            parts.append(_path(feature["geometry"], project, CONTEXT_FILL, CONTEXT_LINE, 0.8))
    for code, color in zip(frame["code"].astype(str), colors):
        if code in by_code:
            parts.append(_path(by_code[code]["geometry"], project, color, AREA_LINE, 0.9))
    if labels is not None:
        parts.append(_labels(labels, project, label_px))
    parts.append("</svg>")
    return "".join(parts)


def _visible(bounds: tuple[float, float, float, float]):
    """Whether a feature's outline comes near the view (a neighbour worth drawing)."""
    lon0, lat0, lon1, lat1 = bounds
    pad_lon, pad_lat = (lon1 - lon0) * 0.6, (lat1 - lat0) * 0.6

    def check(feature: dict) -> bool:
        xs, ys = zip(*_points(feature["geometry"])) if feature.get("geometry") else ((), ())
        if not xs:
            return False
        return (
            min(xs) < lon1 + pad_lon
            and max(xs) > lon0 - pad_lon
            and min(ys) < lat1 + pad_lat
            and max(ys) > lat0 - pad_lat
        )

    return check


def _rings(geometry: dict) -> Iterable[list]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def _points(geometry: dict) -> Iterable[tuple[float, float]]:
    for ring in _rings(geometry):
        for point in ring:
            yield point[0], point[1]


def _path(geometry: dict, project: Projection, fill: str, line: str, line_px: float) -> str:
    commands = []
    for ring in _rings(geometry):
        xy = [project(p[0], p[1]) for p in ring]
        if len(xy) >= 3:
            commands.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in xy) + "Z")
    return (
        f'<path d="{"".join(commands)}" fill="{html.escape(fill, quote=True)}" stroke="{line}" '
        f'stroke-width="{line_px}" stroke-linejoin="round" fill-rule="evenodd"/>'
    )


def _labels(labels: pd.DataFrame, project: Projection, label_px: int) -> str:
    """Each name at its area's point, larger areas first; a name that would overlap one already written moves a line
    up or down, or shrinks, and is left out only when nothing fits (the report's table names every area)."""
    out = [
        '<g class="labels" text-anchor="middle" dominant-baseline="middle" paint-order="stroke" '
        'stroke="#ffffff" stroke-width="3.5" stroke-linejoin="round" fill="#1a1a1a">'
    ]
    placed: list[tuple[float, float, float, float]] = []
    for row in labels.itertuples(index=False):
        if pd.isna(row.lon) or pd.isna(row.lat):
            continue
        x, y = project(float(row.lon), float(row.lat))
        spot = _free_spot(str(row.name), x, y, label_px, placed)
        if spot is not None:
            x, y, size = spot
            out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}">{html.escape(str(row.name))}</text>')
    out.append("</g>")
    return "".join(out)


def _free_spot(name: str, x: float, y: float, label_px: int, placed: list) -> tuple[float, float, float] | None:
    for size in (label_px, round(label_px * 0.8, 1), round(label_px * 0.68, 1)):
        width, height = text_width_px(name, size), size * 1.25
        for dy in (0.0, -height * 0.8, height * 0.8):
            box = (x - width / 2, y + dy - height / 2, x + width / 2, y + dy + height / 2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                placed.append(box)
                return x, y + dy, size
    return None


def text_width_px(text: str, size: float) -> float:
    """About how wide ``text`` is at ``size`` px in a Thai sans font: marks above and below take no width."""
    return sum(0.0 if unicodedata.category(ch) == "Mn" else 0.56 for ch in text) * size


# -- the trend -----------------------------------------------------------------------------------------------------
def trend_svg(
    series: Sequence[tuple[str, pd.DataFrame]],
    *,
    width: int,
    height: int,
    date_text=str,
    unit: str = "%",
) -> str:
    """Lines of ``coverage_pct`` over ``as_of``, one per (name, frame), with a light grid, the first and last
    dates under the axis and each line's last value at its end; empty series are skipped."""
    series = [(name, f.sort_values("as_of")) for name, f in series if len(f)]
    if not series:
        return ""
    left, right, top, bottom = 48, 150, 12, 30
    days = [d for _, f in series for d in f["as_of"]]
    first, last = min(days), max(days)
    top_value = max(100.0, max(float(f["coverage_pct"].max()) for _, f in series))
    span = max((last - first).days, 1)
    x_of = lambda d: left + (d - first).days / span * (width - left - right)  # noqa: E731
    y_of = lambda v: top + (1 - v / top_value) * (height - top - bottom)  # noqa: E731
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-size="13">'
    ]
    for tick in range(0, int(top_value) + 1, 25):
        y = y_of(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{tick}{unit}</text>')
    for day, anchor in ((first, "start"), (last, "end")):
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{height - 8}" text-anchor="{anchor}" fill="#555">'
            f"{html.escape(date_text(day))}</text>"
        )
    for i, (name, frame) in enumerate(series):
        color = TREND_COLORS[i % len(TREND_COLORS)]
        points = [(x_of(d), y_of(float(v))) for d, v in zip(frame["as_of"], frame["coverage_pct"])]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        x, y = points[-1]
        value = float(frame["coverage_pct"].iloc[-1])
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + 4 + 14 * i:.1f}" fill="{color}" font-weight="bold">'
            f"{html.escape(name)} {value:.1f}{unit}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
