"""Frames ready for the map: database facts joined with the area registry. No Dash, no figures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data.coverage import latest_coverage
from data.facilities import FacilityFilter, list_facilities
from data.registries import FACILITY_TYPES
from geo.registry import AreaRegistry


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
    name_col = "name_th" if lang == "th" else "name_en"
    frame = pd.DataFrame({"code": areas.index, "name": areas[name_col].values, "province": areas["province"].values})
    facts = latest_coverage(conn, sorted(frame["province"].unique()), group, dose, as_of)
    frame = frame.merge(facts.rename(columns={"code": "province"}), on="province", how="left")
    frame["note"] = None
    if level != "province":
        province_names = registry.frame("province")[name_col]
        frame["note"] = [
            (
                f"ตัวเลขระดับจังหวัด ({province_names.get(p, p)})"
                if lang == "th"
                else f"province figure ({province_names.get(p, p)})"
            )
            for p in frame["province"]
        ]
    return frame


def facility_map_frame(conn: sa.Connection, lang: str, types: tuple[str, ...] = ()) -> pd.DataFrame:
    """Facilities with a display name and type label in ``lang``."""
    frame = list_facilities(conn, FacilityFilter(types=types))
    if lang == "en":
        frame["name"] = frame["name_en"].fillna(frame["name_th"])
    else:
        frame["name"] = frame["name_th"]
    frame["type_label"] = [FACILITY_TYPES[t].label(lang) if t in FACILITY_TYPES else t for t in frame["type"]]
    frame["synthetic"] = frame["synthetic"].astype(bool)
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
