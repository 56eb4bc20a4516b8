"""Classification of a rate into classes for a choropleth: quantiles, equal intervals, natural breaks (mapclassify).

The palette is the teal-to-violet half of viridis (sequential, colour-blind safe, legible in grey), lightest = lowest:
every class, the lowest included, has a contrast of at least 3:1 against the white page (WCAG non-text contrast,
``contrast_ratio``), so a bar or area of the lowest class is seen. Areas without a value form an explicit "no data"
class, never silently dropped.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.registries import CLASSIFICATION_METHODS

METHODS = CLASSIFICATION_METHODS
PALETTES = {
    3: ["#21918c", "#3b528b", "#440154"],
    4: ["#21918c", "#31688e", "#443983", "#440154"],
    5: ["#21918c", "#2c728e", "#3b528b", "#472d7b", "#440154"],
}
PAGE_BACKGROUND = "#ffffff"
NO_DATA_COLOR = "#d9d9d9"
NO_DATA_CLASS = -1


@dataclass(frozen=True)
class Classes:
    """Class index per area (NO_DATA_CLASS for missing), the bounds, colours and how many areas fall in each."""

    index: np.ndarray  # int per area, -1 for no data
    lower: list[float]
    upper: list[float]
    colors: list[str]
    counts: list[int]
    no_data: int

    @property
    def k(self) -> int:
        return len(self.colors)

    def discrete_colorscale(self) -> list[list]:
        """A Plotly colorscale for z = class index, with z = -1 drawn grey (no data)."""
        stops = [NO_DATA_COLOR, *self.colors]
        n = len(stops)
        scale = []
        for i, color in enumerate(stops):
            scale += [[i / n, color], [(i + 1) / n, color]]
        scale[-1][0] = 1.0
        return scale

    @property
    def zmin(self) -> float:
        return NO_DATA_CLASS - 0.5

    @property
    def zmax(self) -> float:
        return self.k - 0.5


def classify(values: pd.Series | np.ndarray, method: str = "quantiles", k: int = 5) -> Classes:
    """Classes for ``values`` (NaN = no data). Fewer distinct values than ``k`` give fewer classes. Values are
    classed as the legend writes them (``_written_decimals``: one decimal from 10 up, two from 1): two areas that read
    71.8 are in one class, and a bound reads as the value it is, never 71.774 written 71.8 between 71.77 and 71.79."""
    if method not in METHODS:
        raise ValueError(f"unknown classification {method!r}: use one of {', '.join(METHODS)}")
    data = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").astype(float))
    present = ~np.isnan(data)
    index = np.full(len(data), NO_DATA_CLASS, dtype=int)
    x = data[present]
    if len(x) == 0:
        return Classes(index, [], [], [], [], int((~present).sum()))
    x = np.round(x, _written_decimals(float(np.abs(x).max())))
    k = max(1, min(k, len(np.unique(x)), 5))
    upper = _upper_bounds(x, method, k)
    if method != "equal_interval":  # a quantile or a break with no area in it says nothing: merge it upwards
        filled = np.bincount(np.searchsorted(np.asarray(upper), x, side="left"), minlength=len(upper))
        upper = [u for u, n in zip(upper, filled) if n]
    k = len(upper)
    colors = PALETTES[k] if k >= 3 else PALETTES[5][1 : 1 + k]
    classes = np.searchsorted(np.asarray(upper), x, side="left")
    classes = np.minimum(classes, k - 1)
    if method != "equal_interval":  # each bound the highest value of its class: a bound reads as a value, not 71.774
        upper = [float(x[classes == i].max()) for i in range(k)]
    index[present] = classes
    lower = [float(x.min())] + [float(u) for u in upper[:-1]]
    counts = [int((classes == i).sum()) for i in range(k)]
    return Classes(index, lower, [float(u) for u in upper], colors, counts, int((~present).sum()))


def _upper_bounds(x: np.ndarray, method: str, k: int) -> list[float]:
    import mapclassify

    if k == 1:
        return [float(x.max())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns about duplicate bins and missing numba
        if method == "quantiles":
            bins = mapclassify.Quantiles(x, k=k).bins
        elif method == "equal_interval":
            bins = mapclassify.EqualInterval(x, k=k).bins
        else:
            bins = mapclassify.FisherJenks(x, k=k).bins
    bins = sorted(set(float(b) for b in bins))
    bins[-1] = float(x.max())
    return bins


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str = PAGE_BACKGROUND) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _written_decimals(top: float) -> int:
    """The decimals a legend whose largest value is ``top`` starts from: 1 from 10 up, 2 from 1, three significant
    digits below."""
    return 1 if top >= 10 else 2 if top >= 1 or top == 0 else 2 - int(np.floor(np.log10(top)))


def legend_decimals(bounds: list[float]) -> int:
    """One precision for a whole legend: decimals for the largest bound's size (1 from 10 up, the precision rates are
    shown with everywhere else, so that a value in the table reads as inside one class; 2 from 1; three significant
    digits below), more while two different bounds would read the same (at most 6). Counts of people are whole
    (``whole_spans``)."""
    values = sorted({float(b) for b in bounds})
    if not values:
        return 0
    top = max(abs(v) for v in values)
    decimals = _written_decimals(top)
    while decimals < 6 and len({f"{v:.{decimals}f}" for v in values}) < len(values):
        decimals += 1
    return min(decimals, 6)


def whole_spans(classes: Classes) -> list[tuple[int, int]] | None:
    """For whole numbers (people): the numbers each class holds, ``lower < x <= upper`` being ``floor(lower) + 1`` to
    ``floor(upper)`` (the first class from its lowest value); None when a class holds no whole number."""
    spans = []
    for i, (lo, hi) in enumerate(zip(classes.lower, classes.upper)):
        start, end = (math.ceil(lo) if i == 0 else math.floor(lo) + 1), math.floor(hi)
        if start > end:
            return None
        spans.append((start, end))
    return spans


def legend_rows(classes: Classes, fmt=None, whole: bool = False) -> list[dict]:
    """Rows for a legend: colour, label "lower – upper" (one value alone for a class of one value, such as a zero
    class), count; then the no-data row when any. Every bound has the same decimals (``legend_decimals``) unless
    ``fmt`` writes them; ``whole`` (counts of people): integers, each class from the first whole number it holds."""
    spans = whole_spans(classes) if whole and fmt is None else None
    if spans is None:
        if fmt is None:
            decimals = legend_decimals([*classes.lower, *classes.upper])
            fmt = lambda v: f"{v:,.{decimals}f}"  # noqa: E731
        spans = list(zip(classes.lower, classes.upper))
    else:
        fmt = lambda v: f"{v:,}"  # noqa: E731
    rows = [
        {"color": c, "label": fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)} – {fmt(hi)}", "count": n}
        for c, (lo, hi), n in zip(classes.colors, spans, classes.counts)
    ]
    if classes.no_data:
        rows.append({"color": NO_DATA_COLOR, "label": None, "count": classes.no_data})
    return rows
