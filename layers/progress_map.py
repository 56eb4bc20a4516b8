"""The reporting-progress map and ranking of the statistics page, from the frame of data/stats.py.

A measure per province (``measure_frame``), classed like every other map (layers/classify.py's palette, an explicit
grey "no data" class), drawn on our own province boundaries (``progress_figure``: trace 0 the faded provinces
outside the region shown, trace 1 the measure) and ranked with the worst at the top (``progress_ranking``). Where a
lower value is better (days since the last activity) the palette is turned round, so a darker province is always one
doing better.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo.thai import localized
from layers.charts import ranking_figure
from layers.choropleth import base_map_layout
from layers.classify import NO_DATA_CLASS, NO_DATA_COLOR, PALETTES, Classes, classify

MEASURES = ("surveys_7d", "facilities_updated_7d_pct", "coordinator_pct", "days_since_activity")
DEFAULT_MEASURE = "surveys_7d"
LOWER_IS_BETTER = frozenset({"days_since_activity"})
PERCENT = frozenset({"facilities_updated_7d_pct", "coordinator_pct"})
CONTEXT, MAIN = 0, 1
HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br><i>%{customdata[2]}</i><extra></extra>"


def measure_values(stats: pd.DataFrame, measure: str, today: dt.date) -> pd.Series:
    """The measure per row of ``stats`` (NaN where it has no value: no facilities, no activity yet)."""
    if measure == "coordinator_pct":
        districts = stats["districts"].where(stats["districts"] > 0)
        return (100 * stats["districts_with_coordinator"] / districts).round(1)
    if measure == "days_since_activity":
        last = pd.to_datetime(stats["last_activity"], utc=True)
        return pd.Series([(today - d.date()).days if pd.notna(d) else float("nan") for d in last], index=stats.index)
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")
    return pd.to_numeric(stats[measure], errors="coerce").astype(float)


def measure_frame(
    stats: pd.DataFrame, measure: str, today: dt.date, lang: str, labels: Mapping[str, str]
) -> pd.DataFrame:
    """code, name (in ``lang``), value, value_label and detail_text per province.

    ``labels``: ``days`` (unit after a number of days), ``districts`` (after "3 / 25"), ``no_value`` (why a province
    has none), ``detail`` (a format string with {surveys_7d}, {updated} and {coordinators} for the hover), ``hidden``
    (optional: what a count too small to show reads, "<5"; such a count is NaN in ``stats``).
    """
    values = measure_values(stats, measure, today)
    return pd.DataFrame(
        {
            "code": stats["code"].values,
            "name": localized(stats, lang).values,
            "value": values.values,
            "value_label": [value_label(measure, v, labels) for v in values],
            "detail_text": [_detail(row, labels) for row in stats.itertuples(index=False)],
        }
    )


def value_label(measure: str, value: float | None, labels: Mapping[str, str]) -> str:
    """12,345 · 40.0% · 3 days — or why there is no value."""
    if value is None or pd.isna(value):
        return labels.get("hidden", labels["no_value"]) if measure == "surveys_7d" else labels["no_value"]
    if measure in PERCENT:
        return f"{value:.1f}%"
    if measure == "days_since_activity":
        return f"{int(value):,}{labels['days']}"
    return f"{int(value):,}"


def _detail(row, labels: Mapping[str, str]) -> str:
    updated = "–" if pd.isna(row.facilities_updated_7d_pct) else f"{row.facilities_updated_7d_pct:.1f}%"
    hidden = row.surveys_7d is None or pd.isna(row.surveys_7d)
    return labels["detail"].format(
        surveys_7d=labels.get("hidden", "–") if hidden else f"{int(row.surveys_7d):,}",
        updated=updated,
        coordinators=f"{int(row.districts_with_coordinator):,} / {int(row.districts):,}",
    )


def measure_classes(values: pd.Series, measure: str) -> Classes:
    """Quantile classes (at most five, none empty); the palette reversed where a lower value is better."""
    classes = _without_empty(classify(values, "quantiles"), values)
    if measure in LOWER_IS_BETTER:
        classes = dataclasses.replace(classes, colors=list(reversed(classes.colors)))
    return classes


def _without_empty(classes: Classes, values: pd.Series) -> Classes:
    """Many equal values (seven provinces at 0%) leave a quantile class empty: merge it into the next one."""
    if all(classes.counts):
        return classes
    upper = [u for u, n in zip(classes.upper, classes.counts) if n]
    x = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    present = ~np.isnan(x)
    index = np.full(len(x), NO_DATA_CLASS, dtype=int)
    index[present] = np.minimum(np.searchsorted(np.asarray(upper), x[present], side="left"), len(upper) - 1)
    k = len(upper)
    return Classes(
        index=index,
        lower=[float(x[present].min())] + upper[:-1],
        upper=upper,
        colors=PALETTES[k] if k >= 3 else PALETTES[5][1 : 1 + k],
        counts=[int((index == i).sum()) for i in range(k)],
        no_data=classes.no_data,
    )


def legend_entries(classes: Classes, measure: str, no_data: str) -> list[dict]:
    """Legend rows: colour, "lower – upper" (one value when that is all a class holds), count; then no data.

    Counts and days are whole numbers, so a class above the bound 4 starts at 5; shares keep the bounds as they are.
    """
    rows = []
    for i, (color, low, high, count) in enumerate(zip(classes.colors, classes.lower, classes.upper, classes.counts)):
        if measure not in PERCENT:
            low, high = (math.floor(low) + 1 if i else low), math.floor(high)
        low_text, high_text = legend_bound(measure, low), legend_bound(measure, high)
        label = low_text if low_text == high_text else f"{low_text} – {high_text}"
        rows.append({"color": color, "label": label, "count": count})
    if classes.no_data:
        rows.append({"color": NO_DATA_COLOR, "label": no_data, "count": classes.no_data})
    return rows


def legend_bound(measure: str, value: float) -> str:
    """A class bound as people read it: whole numbers without decimals, percentages with one."""
    if measure in PERCENT:
        return f"{value:.1f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def progress_figure(
    frame: pd.DataFrame,
    classes: Classes,
    geojson_url: str,
    view: dict,
    context_codes: list[str] | None = None,
    tile_url: str = "",
    revision: str = "",
    bounds: tuple[float, float, float, float] | None = None,
) -> go.Figure:
    """The whole map. ``frame``: code, name, value_label, detail_text (``measure_frame``); ``context_codes``:
    provinces drawn faded around the region shown; ``bounds`` (lon/lat) go to ``layout.meta.fit`` for the page to
    fit at the map's real size (``view`` is the first guess)."""
    layout = base_map_layout({}, tile_url)
    layout["map"].update(view)
    layout["uirevision"] = revision
    if bounds:
        layout["meta"] = {"fit": [[float(bounds[0]), float(bounds[1])], [float(bounds[2]), float(bounds[3])]]}
    layout["showlegend"] = False
    figure = go.Figure(layout=layout)
    context = context_codes or []
    figure.add_trace(
        go.Choroplethmap(
            geojson=geojson_url,
            featureidkey="properties.code",
            locations=context,
            z=[0] * len(context),
            colorscale=[[0, "#f2f2f2"], [1, "#f2f2f2"]],
            showscale=False,
            marker={"line": {"width": 0.6, "color": "#bdbdbd"}, "opacity": 0.7},
            hoverinfo="skip",
            name="context",
        )
    )
    figure.add_trace(
        go.Choroplethmap(
            geojson=geojson_url,
            featureidkey="properties.code",
            locations=frame["code"].tolist(),
            z=classes.index.tolist(),
            customdata=frame[["name", "value_label", "detail_text"]].values.tolist(),
            colorscale=classes.discrete_colorscale(),
            zmin=classes.zmin,
            zmax=classes.zmax,
            showscale=False,
            marker={"line": {"width": 0.6, "color": "white"}},
            hovertemplate=HOVER,
            name="progress",
        )
    )
    return figure


def progress_ranking(frame: pd.DataFrame, classes: Classes, measure: str, title: str, subtitle: str) -> go.Figure:
    """Bars coloured like the map, the province that most needs attention at the top."""
    figure = ranking_figure(
        frame,
        classes,
        f"{html.escape(title)}<br><span style='font-size:12px;color:#555'>{html.escape(subtitle)}</span>",
        ends=None,  # the statistics page ranks every province (its box scrolls)
    )
    figure.update_layout(margin={"t": 58})
    if measure in LOWER_IS_BETTER:  # most days without activity first
        figure.update_yaxes(autorange=True)
    return figure


def totals(stats: pd.DataFrame) -> dict[str, float | int]:
    """The headline figures of the provinces in ``stats`` (sums; the facilities share weighted by facilities)."""
    facilities = int(stats["facilities"].sum())
    updated_each = (stats["facilities_updated_7d_pct"].fillna(0) * stats["facilities"] / 100).round()  # exact again
    surveys = int(stats["surveys"].sum())
    return {
        "provinces": len(stats),
        "provinces_active_7d": int(((stats["surveys_7d"] > 0) | (updated_each > 0)).sum()),
        "volunteers": int(stats["volunteers"].sum()),
        "volunteers_active_7d": int(stats["volunteers_active_7d"].sum()),
        "surveys": surveys,
        "surveys_7d": int(stats["surveys_7d"].sum()),
        "synthetic_surveys": int(stats["synthetic_surveys"].sum()),
        "synthetic_pct": 100 * stats["synthetic_surveys"].sum() / surveys if surveys else 0.0,
        "unvaccinated_found": int(stats["unvaccinated_found"].sum()),
        "facilities": facilities,
        "facilities_updated_7d_pct": round(100 * updated_each.sum() / facilities, 1) if facilities else float("nan"),
        "districts": int(stats["districts"].sum()),
        "districts_with_coordinator": int(stats["districts_with_coordinator"].sum()),
    }
