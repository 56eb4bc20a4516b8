"""Frames ready for the map: database facts joined with the area registry. No Dash, no figures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data.coverage import latest_coverage
from geo.registry import AreaRegistry
from geo.thai import localized


def coverage_map_frame(
    conn: sa.Connection,
    registry: AreaRegistry,
    level: str,
    group: str,
    dose: int,
    as_of: dt.date | None,
    lang: str,
    parent: str | None = None,
) -> pd.DataFrame:
    """One row per area of ``level``: code, name, vaccinated, population, coverage_pct, as_of, note.

    Coverage facts exist per province; at district level each district shows its province's figure, and ``note``
    says so, rather than inventing district numbers.
    """
    areas = registry.frame(level, parent)
    frame = pd.DataFrame(
        {"code": areas.index, "name": localized(areas, lang).values, "province": areas["province"].values}
    )
    facts = latest_coverage(conn, sorted(frame["province"].unique()), group, dose, as_of)
    frame = frame.merge(facts.rename(columns={"code": "province"}), on="province", how="left")
    frame["note"] = None
    if level != "province":
        province_names = localized(registry.frame("province"), lang)
        frame["note"] = [
            (
                f"ตัวเลขระดับจังหวัด ({province_names.get(p, p)})"
                if lang == "th"
                else f"province figure ({province_names.get(p, p)})"
            )
            for p in frame["province"]
        ]
    return frame


def summarize_coverage(frame: pd.DataFrame, as_of: dt.date | None) -> dict:
    """Counts for the map's summary line: areas with data, from an earlier report than ``as_of``, without data."""
    with_data = frame["vaccinated"].notna()
    if not with_data.any():
        return {"with_data": 0, "earlier": 0, "missing": len(frame), "shown": as_of}
    shown = as_of or max(frame.loc[with_data, "as_of"])
    return {
        "with_data": int(with_data.sum()),
        "earlier": int((frame.loc[with_data, "as_of"] < shown).sum()),
        "missing": int((~with_data).sum()),
        "shown": shown,
    }


def coverage_views(
    conn: sa.Connection, registry: AreaRegistry, query, frame: pd.DataFrame, lang: str, breakdown=None
) -> dict:
    """What the charts beside the map need: ``points`` (code, lon, lat, count, name) for proportional symbols and
    ``groups`` (label, coverage_pct, ...) for the target-group breakdown of the area in view. ``breakdown``:
    ``group_breakdown`` or a cached one with its arguments (``MetricCache.group_breakdown``)."""
    from data.metrics import group_breakdown

    breakdown = breakdown or group_breakdown
    from data.registries import TARGET_GROUPS

    areas = registry.frame(query.level, query.area)
    points = pd.DataFrame(
        {
            "code": areas.index,
            "lon": areas["lon"].values,
            "lat": areas["lat"].values,
            "name": localized(areas, lang).values,
        }
    )
    points = points.merge(frame[["code", "count"]], on="code", how="left")
    codes = [query.area] if query.area else registry.frame("province").index.tolist()
    groups = breakdown(conn, codes, query.dose, query.as_of)
    groups["label"] = [TARGET_GROUPS[g].label(lang) if g in TARGET_GROUPS else g for g in groups["group"]]
    return {"points": points, "groups": groups}


def coverage_series(conn: sa.Connection, registry: AreaRegistry, query, code: str | None, lang: str) -> list:
    """Trend lines: the selected area (if it has reports), its province (for a district), and the country."""
    from data.metrics import national_trend, trend

    series = []
    codes = [c for c in dict.fromkeys([code, code[:2] if code else None, query.area]) if c]
    for area in codes:
        frame = trend(conn, [area], query.group, query.dose)
        if not frame.empty and frame["coverage_pct"].notna().any():
            series.append((localized(registry.get(area), lang), frame.dropna(subset=["coverage_pct"])))
    national = national_trend(conn, query.group, query.dose)
    series.append(("ประเทศไทย" if lang == "th" else "Thailand", national.dropna(subset=["coverage_pct"])))
    return series
