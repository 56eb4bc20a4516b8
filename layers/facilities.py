"""Facility points: one trace per type, distinct colour and a legend entry; synthetic records say so."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go


def facility_hover(frame: pd.DataFrame, labels: Mapping[str, str]) -> list[str]:
    texts = []
    for r in frame.itertuples(index=False):
        lines = [f"<b>{html.escape(str(r.name))}</b>", html.escape(str(r.type_label))]
        if not pd.isna(r.beds_total):
            lines.append(f"{int(r.beds_total):,} {labels['beds']}")
        if r.synthetic:
            lines.append(f"<i>⚠ {labels['synthetic']}</i>")
        texts.append("<br>".join(lines))
    return texts


def facility_traces(
    frame: pd.DataFrame, types: list[tuple[str, str, str]], labels: Mapping[str, str]
) -> list[go.Scattermap]:
    """``frame``: lat, lon, type, name, type_label, beds_total, synthetic. ``types``: (code, label, colour) in order."""
    traces = []
    for code, label, color in types:
        part = frame[frame["type"] == code]
        if part.empty:
            continue
        traces.append(
            go.Scattermap(
                lat=part["lat"].tolist(),
                lon=part["lon"].tolist(),
                mode="markers",
                marker={"size": 4, "color": color, "opacity": 0.9},
                text=facility_hover(part, labels),
                hoverinfo="text",
                name=f"{label} ({len(part):,})",
            )
        )
    return traces
