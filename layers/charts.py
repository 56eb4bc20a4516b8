"""Charts linked to the map: ranking of the areas shown, trend over time, breakdown by target group."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from layers.classify import NO_DATA_COLOR, Classes

FONT = {"family": "Sarabun, 'Noto Sans Thai', Garuda, Loma, sans-serif", "size": 12}
HIGHLIGHT_LINE = "#d7301f"


LABEL_PX = 12  # area names and values on the ranking: readable (>= 11 px) whatever the number of bars
ALL_UP_TO, ENDS = 25, 10  # the ranking shows every area up to 25, else the 10 lowest and the 10 highest


def ranking_rows(frame: pd.DataFrame, ends: int | None = ENDS, all_up_to: int = ALL_UP_TO) -> pd.DataFrame:
    """The areas with a value, lowest first: all of them up to ``all_up_to``, else the ``ends`` lowest and highest."""
    data = frame.dropna(subset=["value"]).sort_values(["value", "name"], ascending=True)
    if ends is not None and len(data) > all_up_to:
        data = pd.concat([data.head(ends), data.tail(ends)])
    return data


def ranking_figure(
    frame: pd.DataFrame, classes: Classes, title: str, ends: int | None = ENDS, between: str = "", empty: str = ""
) -> go.Figure:
    """Horizontal bars, lowest value at the top (where to act first), coloured by the map's classes.

    ``frame``: code, name, value, value_label (annotated). More than ALL_UP_TO areas: the ``ends`` lowest and highest
    (``ends=None``: every area), a dotted line between the two ends and ``between`` (what is shown, such as "the 10
    lowest and 10 highest of 77") under the title. No area with a value: ``empty`` in words, no axes.
    """
    colors = [classes.colors[i] if i >= 0 else NO_DATA_COLOR for i in classes.index]
    data = ranking_rows(frame.assign(color=colors), ends)
    shown = frame["value"].notna().sum()
    height = max(260, 18 * len(data) + 60)
    figure = go.Figure(
        go.Bar(
            x=data["value"].tolist(),
            y=data["name"].tolist(),
            orientation="h",
            customdata=data["code"].tolist(),
            marker={"color": data["color"].tolist(), "line": {"width": [0] * len(data), "color": HIGHLIGHT_LINE}},
            text=data["value_label"].tolist(),
            textposition="outside",
            textfont={"size": LABEL_PX},
            constraintext="none",  # Plotly would shrink an outside label to fit: keep it readable
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    cut = ends is not None and len(data) < shown
    if cut and between:
        title = f"{title}<br><span style='font-size:12px;color:#555'>{html.escape(between)}</span>"
    figure.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=height,
        font=FONT,
        margin={"l": 10, "r": 40, "t": 58 if cut and between else 40, "b": 20},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": LABEL_PX}},
        xaxis={"automargin": True, "range": _value_range(data["value"])},
        plot_bgcolor="white",
        uirevision="ranking",
    )
    if cut:  # a dotted line between the lowest and the highest: areas are left out there
        figure.add_hline(y=ends - 0.5, line={"dash": "dot", "color": "#777", "width": 1.5})
    if not len(data):
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        figure.add_annotation(text=html.escape(empty), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return figure


def _value_range(values: pd.Series) -> list[float]:
    """The value axis from zero past both ends, with room for the labels written beyond the bars' ends (a negative
    bar's label sits left of it, clear of the area names)."""
    if not len(values):
        return [0.0, 1.0]
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    span = (high - low) or 1.0
    return [low - 0.35 * span if low < 0 else 0.0, high + 0.25 * span if high > 0 else 0.1 * span]


def highlight_widths(figure_codes: list[str], code: str | None) -> list[int]:
    return [3 if c == code else 0 for c in figure_codes]


def trend_figure(
    series: list[tuple[str, pd.DataFrame]], title: str, labels: Mapping[str, str], day_text=None
) -> go.Figure:
    """Lines of coverage_pct over as_of, one per (name, frame); markers show the report dates. ``day_text`` writes a
    date in the page's language (Thai: Buddhist era, Thai month names); the axis then names months with it."""
    figure = go.Figure()
    days = sorted({pd.Timestamp(d).date() for _, frame in series for d in frame["as_of"]})
    for i, (name, frame) in enumerate(series):
        figure.add_trace(
            go.Scatter(
                x=[str(d) for d in frame["as_of"]],
                y=frame["coverage_pct"].tolist(),
                customdata=[day_text(pd.Timestamp(d).date()) if day_text else str(d) for d in frame["as_of"]],
                mode="lines+markers",
                name=name,
                line={"width": 3 if i == 0 else 1.5, "dash": "solid" if i == 0 else "dot"},
                hovertemplate="%{customdata}: %{y:.1f}%<extra>" + name + "</extra>",
            )
        )
    if day_text and days:
        ticks = _month_ticks(days[0], days[-1])
        figure.update_xaxes(tickvals=[str(d) for d in ticks], ticktext=[day_text(d).split(" ", 1)[-1] for d in ticks])
    figure.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=280,
        font=FONT,
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        # the percentages inside, above their lines: "0%" never meets the first date under the axis
        yaxis={"ticksuffix": "%", "rangemode": "tozero", "ticklabelposition": "inside top"},
        legend={"orientation": "h", "y": -0.2},
        plot_bgcolor="white",
    )
    return figure


def _month_ticks(first, last, most: int = 5) -> list:
    """First days of months between ``first`` and ``last``, every n months so that at most ``most`` are labelled."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, -(-months // most))
    ticks, year, month = [], first.year, first.month
    for _ in range(0, months, step):
        day = first.replace(year=year, month=month, day=1)
        if day >= first:
            ticks.append(day)
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return ticks


def group_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """Coverage by target group (groups with a denominator), as bars; ``frame``: label, coverage_pct."""
    data = frame.dropna(subset=["coverage_pct"])
    figure = go.Figure(
        go.Bar(
            x=data["coverage_pct"].tolist(),
            y=data["label"].tolist(),
            orientation="h",
            marker={"color": "#2c7fb8"},
            text=[f"{v:.1f}%" for v in data["coverage_pct"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=max(200, 30 * len(data) + 70),
        font=FONT,
        margin={"l": 10, "r": 40, "t": 40, "b": 20},
        yaxis={"automargin": True},
        xaxis={"ticksuffix": "%", "range": [0, max([100.0, *data["coverage_pct"].tolist()]) * 1.18]},
        plot_bgcolor="white",
    )
    return figure
