"""The public finder: the k nearest facilities of a type that are open (on a date, now), with geodesic distances.

The spatial index over all facilities is built once and rebuilt only when the facilities change (a fingerprint of
the table: count, latest update, sum of versions), never per request; several app processes each notice a change
made through another on their next query.
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
    """The facilities' positions and filter columns, and their spatial index, for one version of the table."""

    fingerprint: tuple
    frame: pd.DataFrame
    index: NearestIndex


@dataclass
class FacilityIndexCache:
    """Holds the current FacilityIndex on the app; thread-safe; rebuilds when the table's fingerprint changes."""

    _current: FacilityIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, conn: sa.Connection) -> FacilityIndex:
        fingerprint = table_fingerprint(conn)
        current = self._current
        if current is not None and current.fingerprint == fingerprint:
            return current
        with self._lock:
            if self._current is None or self._current.fingerprint != fingerprint:
                frame = pd.DataFrame(
                    conn.execute(sa.select(*[facilities.c[c] for c in _INDEX_COLUMNS])).mappings().all(),
                    columns=_INDEX_COLUMNS,
                )
                self._current = FacilityIndex(fingerprint, frame, NearestIndex.build(frame["lon"], frame["lat"]))
            return self._current


def table_fingerprint(conn: sa.Connection) -> tuple:
    c = facilities.c
    return tuple(conn.execute(sa.select(sa.func.count(), sa.func.max(c.updated_at), sa.func.sum(c.version))).one())


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


def _mask(frame: pd.DataFrame, q: FinderQuery, moment: dt.datetime) -> np.ndarray:
    day = q.on_date or moment.date()
    mask = (frame["type"] == q.type) & ~frame["status"].isin(HIDDEN_STATUSES)
    mask &= frame["valid_from"].isna() | (frame["valid_from"] <= day)
    mask &= frame["valid_to"].isna() | (frame["valid_to"] >= day)
    for service in q.services:
        mask &= frame["services"].map(lambda s, service=service: isinstance(s, list) and service in s)
    if q.open_now:
        mask &= frame["opening_hours"].map(lambda h: open_at(h, moment) is not False)
    return mask.to_numpy(dtype=bool)


def find_nearest(conn: sa.Connection, cache: FacilityIndexCache, q: FinderQuery, stale_days: int = 14) -> dict:
    """{"items": nearest first, each facility with distance_km, open_now (True/False/None), stale; "total": how
    many match the filters (within max_km when given)}."""
    moment = q.now or dt.datetime.now(BANGKOK)
    current = cache.get(conn)
    mask = _mask(current.frame, q, moment)
    max_m = q.max_km * 1000 if q.max_km else None
    positions, distances = current.index.nearest(q.lon, q.lat, min(q.k, MAX_K), mask, max_m)
    total = current.index.count_within(q.lon, q.lat, max_m, mask) if max_m else int(mask.sum())
    ids = current.frame["id"].to_numpy()[positions].tolist()
    rows = {r["id"]: dict(r) for r in conn.execute(
        sa.select(*[facilities.c[c] for c in PUBLIC_COLUMNS]).where(facilities.c.id.in_(ids))).mappings()}
    stale_before = moment - dt.timedelta(days=stale_days)
    items = []
    for facility_id, distance in zip(ids, distances):
        row = rows.get(facility_id)
        if row is None:  # deleted since the index was built
            continue
        updated = row["updated_at"]
        if updated is not None and updated.tzinfo is None:
            updated = updated.replace(tzinfo=dt.timezone.utc)
        row.update(distance_km=round(float(distance) / 1000, 3), open_now=open_at(row["opening_hours"], moment),
                   stale=updated is None or updated < stale_before)
        items.append(row)
    return {"items": items, "total": total}
