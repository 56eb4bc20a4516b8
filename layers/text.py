"""Text for areas on maps, charts and tables: the value as people read it and why it is missing or unusual.

The words come from the caller's catalogue (``notes``), so this stays free of any language of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from geo.thai import localized

UNITS = {"coverage": "%", "vaccinated": "", "change": " pp", "unvaccinated_per_1000": "", "facilities_per_100k": ""}


def value_label(metric: str, value: float | None, change_unit: str = UNITS["change"]) -> str:
    """85.2%, +3.4 pp (or the caller's unit, e.g. " จุด"), 93,248 people, 1.234 — or an en dash when there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if metric == "change":
        return f"{value:+.1f}{change_unit}"
    if metric == "coverage":
        return f"{value:.1f}%"
    if metric == "vaccinated":  # people: a whole number
        return f"{value:,.0f}"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def annotate(
    frame: pd.DataFrame, metric: str, lang: str, notes: Mapping[str, str], format_date: Callable = str
) -> pd.DataFrame:
    """Adds name (in ``lang``), value_label and note_text. ``notes`` maps a note code to a sentence; it may use
    {province_pct} and {compare_as_of}."""
    out = frame.copy()
    out["name"] = localized(out, lang)
    change_unit = notes.get("unit.change", UNITS["change"])
    out["value_label"] = [value_label(metric, v, change_unit) for v in out["value"]]
    texts = []
    for row in out.itertuples(index=False):
        note = row.note
        if not note or note not in notes:
            texts.append("")
            continue
        province_pct = "–" if row.province_pct is None or pd.isna(row.province_pct) else f"{row.province_pct:.1f}%"
        compare = (
            format_date(row.compare_as_of) if row.compare_as_of is not None and not pd.isna(row.compare_as_of) else "–"
        )
        texts.append(notes[note].format(province_pct=province_pct, compare_as_of=compare))
    out["note_text"] = texts
    out["detail_text"] = [_detail(row, notes, format_date) for row in out.itertuples(index=False)]
    return out


def _detail(row, notes: Mapping[str, str], format_date: Callable) -> str:
    """Vaccinated / population and the report's date (or the count for survey and facility measures)."""
    parts = []
    if row.vaccinated is not None and not pd.isna(row.vaccinated):
        text = f"{notes.get('label.vaccinated', 'vaccinated')} {int(row.vaccinated):,}"
        if row.population is not None and not pd.isna(row.population):
            text += f" / {notes.get('label.population', 'population')} {int(row.population):,}"
        parts.append(text)
    elif row.count is not None and not pd.isna(row.count):
        parts.append(f"{notes.get('label.count', 'count')} {int(row.count):,}")
    elif row.note == "suppressed":  # a count too small to show: "<5"
        parts.append(f"{notes.get('label.count', 'count')} {notes.get('count.suppressed', '<5')}")
    if row.as_of is not None and not pd.isna(row.as_of):
        parts.append(f"{notes.get('label.as_of', 'as of')} {format_date(row.as_of)}")
    return " · ".join(parts)
