"""The public finder: the k nearest facilities of a type that are open (on a date, now), with geodesic distances.

The spatial index over all facilities is built once and rebuilt only when the facilities change (a version counter
that every facility write bumps, see data/facilities.py ``bump_facilities_version``), never per request; several app
processes each notice a change made through another on their next query.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import versions
from data.facilities import PUBLIC_COLUMNS
from data.schema import facilities
from geo.nearest import NearestIndex

BANGKOK = ZoneInfo("Asia/Bangkok")
MAX_K = 50
HIDDEN_STATUSES = ("closed", "temporarily_closed")
_INDEX_COLUMNS = ["id", "type", "lat", "lon", "status", "valid_from", "valid_to", "services", "opening_hours"]
_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})")


@dataclass
class FacilityIndex:
    """The facilities' positions, their filter columns as arrays, and the spatial index, for one table version."""

    fingerprint: tuple
    frame: pd.DataFrame
    index: NearestIndex
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    # the part of a filter that depends only on (type, day, services): computed once per index, not per query
    masks: dict[tuple, np.ndarray] = field(default_factory=dict)
    # every facility's public columns (PUBLIC_COLUMNS), in the frame's order: an answer needs no second query, and
    # is as fresh as the index (the same version of the table)
    rows: list = field(default_factory=list)
    counts: dict[tuple, int] = field(default_factory=dict)

    @classmethod
    def build(cls, fingerprint: tuple, frame: pd.DataFrame) -> FacilityIndex:
        arrays = {
            "type": frame["type"].to_numpy(dtype=object),
            "hidden": frame["status"].isin(HIDDEN_STATUSES).to_numpy(),
            "valid_from": _days(frame["valid_from"]),
            "valid_to": _days(frame["valid_to"]),
        }
        for service in ("walk_in", "home_visit", "child_doses"):
            arrays[f"service:{service}"] = (
                frame["services"]
                .map(lambda s, service=service: isinstance(s, list) and service in s)
                .to_numpy(dtype=bool)
            )
        arrays.update(_hours_arrays(frame["opening_hours"]))
        return cls(fingerprint, frame, NearestIndex.build(frame["lon"], frame["lat"]), arrays)


def _days(column: pd.Series) -> np.ndarray:
    """Dates as day numbers (NaN for none), for vectorised comparisons."""
    return np.array([d.toordinal() if isinstance(d, dt.date) else np.nan for d in column], dtype=float)


def _hours_arrays(hours: pd.Series, slots: int = 3) -> dict[str, np.ndarray]:
    """Opening hours parsed once: always-open and unknown flags and up to three (start, end) minute ranges."""
    n = len(hours)
    out = {"always": np.zeros(n, bool), "unknown": np.zeros(n, bool)}
    for k in range(slots):
        out[f"start{k}"] = np.full(n, -1)
        out[f"end{k}"] = np.full(n, -1)
    for i, text in enumerate(hours):
        if not isinstance(text, str) or not text.strip():
            out["unknown"][i] = True
            continue
        lowered = text.strip().lower()
        if lowered.startswith("24") or "ตลอด 24" in lowered:
            out["always"][i] = True
            continue
        ranges = _RANGE.findall(lowered)
        if not ranges:
            out["unknown"][i] = True
        for k, (h1, m1, h2, m2) in enumerate(ranges[:slots]):
            out[f"start{k}"][i] = int(h1) * 60 + int(m1)
            out[f"end{k}"][i] = int(h2) * 60 + int(m2)
    return out


@dataclass
class FacilityIndexCache:
    """Holds the current FacilityIndex on the app; thread-safe; rebuilds when the facilities' version changes."""

    _current: FacilityIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, conn: sa.Connection) -> FacilityIndex:
        fingerprint = table_fingerprint(conn)
        current = self._current
        if current is not None and current.fingerprint == fingerprint:
            return current
        with self._lock:
            if self._current is None or self._current.fingerprint != fingerprint:
                rows = conn.execute(
                    sa.select(*[facilities.c[c] for c in PUBLIC_COLUMNS]).order_by(facilities.c.id)
                ).all()
                frame = pd.DataFrame.from_records(rows, columns=PUBLIC_COLUMNS)[_INDEX_COLUMNS]
                self._current = FacilityIndex.build(fingerprint, frame)
                self._current.rows = rows
            return self._current


def table_fingerprint(conn: sa.Connection) -> tuple:
    """The facilities' version, a token every write changes (data/versions.py ``latest``: kept in memory until a
    write may have changed it, so most queries do not ask the database)."""
    return versions.latest(conn.engine, "facilities", conn=conn)


@dataclass(frozen=True)
class FinderQuery:
    lat: float
    lon: float
    type: str = "vaccination_point"
    k: int = 5
    max_km: float | None = None
    on_date: dt.date | None = None  # temporary sites: only those valid on this date (default today)
    open_now: bool = False
    services: tuple[str, ...] = ()
    now: dt.datetime | None = None  # for "open now" (default: the current time in Bangkok)


def open_at(opening_hours: str | None, moment: dt.datetime) -> bool | None:
    """True/False when the hours say, None when they are unknown. Understands "08:30-16:30", several ranges, "24"."""
    if not opening_hours or not isinstance(opening_hours, str):
        return None
    text = opening_hours.strip().lower()
    if text.startswith("24") or "ตลอด 24" in text:
        return True
    ranges = _RANGE.findall(text)
    if not ranges:
        return None
    minute = moment.hour * 60 + moment.minute
    for h1, m1, h2, m2 in ranges:
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        if start <= minute < end or (end < start and (minute >= start or minute < end)):
            return True
    return False


def _mask(current: FacilityIndex, q: FinderQuery, moment: dt.datetime) -> np.ndarray:
    a = current.arrays
    day = (q.on_date or moment.date()).toordinal()
    key = (q.type, day, q.services)
    mask = current.masks.get(key)
    if mask is None:
        mask = (a["type"] == q.type) & ~a["hidden"]
        mask &= np.isnan(a["valid_from"]) | (a["valid_from"] <= day)
        mask &= np.isnan(a["valid_to"]) | (a["valid_to"] >= day)
        for service in q.services:
            mask &= a[f"service:{service}"]
        if len(current.masks) > 64:
            current.masks.clear()
        current.masks[key] = mask
    mask = mask.copy()
    if q.open_now:  # leave out only those whose hours say closed now (unknown hours stay, marked "call")
        minute = moment.hour * 60 + moment.minute
        open_now = a["always"] | a["unknown"]
        k = 0
        while f"start{k}" in a:
            start, end = a[f"start{k}"], a[f"end{k}"]
            within = (start <= minute) & (minute < end)
            overnight = (end < start) & ((minute >= start) | (minute < end))
            open_now |= (start >= 0) & (within | overnight)
            k += 1
        mask &= open_now
    return mask


def find_nearest(conn: sa.Connection, cache: FacilityIndexCache, q: FinderQuery, stale_days: int = 14) -> dict:
    """{"items": nearest first, each facility with distance_km, open_now (True/False/None), stale; "total": how
    many match the filters (within max_km when given)}."""
    moment = q.now or dt.datetime.now(BANGKOK)
    current = cache.get(conn)
    mask = _mask(current, q, moment)
    max_m = q.max_km * 1000 if q.max_km else None
    positions, distances = current.index.nearest(q.lon, q.lat, min(q.k, MAX_K), mask, max_m)
    if max_m:
        total = current.index.count_within(q.lon, q.lat, max_m, mask)
    elif q.open_now:
        total = int(mask.sum())
    else:  # the mask is the cached one for (type, day, services): so is its count
        total = current.counts.setdefault(
            (q.type, (q.on_date or moment.date()).toordinal(), q.services), int(mask.sum())
        )
    stale_before = moment - dt.timedelta(days=stale_days)
    items = []
    for position, distance in zip(positions.tolist(), distances):
        row = dict(zip(PUBLIC_COLUMNS, current.rows[position]))
        updated = row["updated_at"]
        if updated is not None and updated.tzinfo is None:
            updated = updated.replace(tzinfo=dt.UTC)
        row.update(
            distance_km=round(float(distance) / 1000, 3),
            open_now=open_at(row["opening_hours"], moment),
            stale=updated is None or updated < stale_before,
        )
        items.append(row)
    return {"items": items, "total": total}
