"""The public finder: the k nearest facilities of a type that are open (on a date, now), with geodesic distances.

The spatial index over all facilities is built once and brought up to date only when the facilities change (their
version in data/versions.py, which every facility write changes), never per request; several app processes each
notice a change made through another on their next query. Up to date means patched: the facilities whose version or
time changed are read again and put in place (0.3 s at 100,000 facilities, against 2 s to read them all), and the
whole table is read again after many changes at once or FULL_BUILD_EVERY_S after the last time it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import versions
from data.facilities import PUBLIC_COLUMNS
from data.registries import SERVICES
from data.schema import facilities
from geo import clock
from geo.nearest import NearestIndex

MAX_K = 50
HIDDEN_STATUSES = ("closed", "temporarily_closed")
_INDEX_COLUMNS = ["id", "type", "lat", "lon", "status", "valid_from", "valid_to", "services", "opening_hours"]
_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})")


@dataclass
class FacilityIndex:
    """The facilities' positions, their filter columns as arrays, and the spatial index, for one table version."""

    fingerprint: tuple
    index: NearestIndex
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    # filters as (mask, how many pass), by (type, day, services, minute for "open now" or None): computed once per
    # index, not per query (a few dozen at most; never changed once made)
    masks: dict[tuple, tuple[np.ndarray, int]] = field(default_factory=dict)
    # every facility's public columns (PUBLIC_COLUMNS, then the text of its updated_at: see _INDEX_QUERY), ordered
    # by id: an answer needs no second query, and is as fresh as the index (the same version of the table)
    rows: list = field(default_factory=list)
    # what other layers derive from the rows and keep as long as this version lives (the API's JSON of a facility)
    derived: dict = field(default_factory=dict)
    built_at: float = field(default_factory=time.monotonic)  # when the rows were last all read (patches keep it)

    @classmethod
    def build(cls, fingerprint: tuple, rows: list) -> FacilityIndex:
        """The index over ``rows`` (PUBLIC_COLUMNS tuples, ordered by id)."""
        frame = _frame(rows)
        return cls(fingerprint, NearestIndex.build(frame["lon"], frame["lat"]), _filter_arrays(frame), rows=rows)

    @functools.cached_property
    def positions(self) -> dict[int, int]:
        """Each facility's position by id."""
        return {row[_ID]: position for position, row in enumerate(self.rows)}

    @functools.cached_property
    def stamps(self) -> dict[int, tuple]:
        """Each facility's (version, updated_at) by id: every write of a facility changes one or the other (an edit,
        an import, a merge or an undo its version; a confirmation its time), so they tell what changed."""
        return {row[_ID]: (row[_VERSION], row[_STAMP]) for row in self.rows}

    def row(self, position: int) -> dict:
        """One facility's public columns by name."""
        return dict(zip(PUBLIC_COLUMNS, self.rows[position]))


def _frame(rows: list) -> pd.DataFrame:
    columns = [list(column) for column in zip(*rows)] if rows else [[] for _ in PUBLIC_COLUMNS]
    return pd.DataFrame({name: columns[PUBLIC_COLUMNS.index(name)] for name in _INDEX_COLUMNS}, copy=False)


def _filter_arrays(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Arrays for the filters: each distinct value of a column (services, opening hours) is read once."""
    arrays = {
        "type": frame["type"].to_numpy(dtype=object),
        "hidden": frame["status"].isin(HIDDEN_STATUSES).to_numpy(dtype=bool),
        "valid_from": _days(frame["valid_from"]),
        "valid_to": _days(frame["valid_to"]),
    }
    codes, offered = _distinct(tuple(s) if isinstance(s, list) else () for s in frame["services"])
    for service in SERVICES.codes:
        arrays[f"service:{service}"] = np.array([service in o for o in offered], dtype=bool)[codes]
    arrays.update(_hours_arrays(frame["opening_hours"]))
    return arrays


def _days(column: pd.Series) -> np.ndarray:
    """Dates as day numbers (NaN for none), for vectorised comparisons."""
    return np.array([d.toordinal() if isinstance(d, dt.date) else np.nan for d in column], dtype=float)


def _distinct(values) -> tuple[np.ndarray, list]:
    """(for each value its position among the distinct values, the distinct values in order of first sight)."""
    seen: dict = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.intp)
    return codes, list(seen)


def _hours_arrays(hours: pd.Series, slots: int = 3) -> dict[str, np.ndarray]:
    """Opening hours parsed once per distinct text: always-open and unknown flags and up to three (start, end)
    minute ranges."""
    codes, texts = _distinct(h if isinstance(h, str) else None for h in hours)
    n = len(texts)
    out = {"always": np.zeros(n, bool), "unknown": np.zeros(n, bool)}
    for k in range(slots):
        out[f"start{k}"] = np.full(n, -1)
        out[f"end{k}"] = np.full(n, -1)
    for i, text in enumerate(texts):
        if text is None or not text.strip():
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
    return {name: column[codes] for name, column in out.items()}


@dataclass
class FacilityIndexCache:
    """Holds the current FacilityIndex on the app; thread-safe; brings it up to date when the facilities' version
    changes."""

    _current: FacilityIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, source: sa.Connection | sa.Engine) -> FacilityIndex:
        """The index of the facilities as they are now. ``source``: a connection, or the engine, which is connected
        to only when the index must be built (the version is usually known without asking the database)."""
        conn = source if isinstance(source, sa.Connection) else None
        engine = source.engine if conn is not None else source
        fingerprint = versions.latest(engine, "facilities", conn=conn)
        current = self._current
        if current is not None and current.fingerprint == fingerprint:
            return current
        with self._lock:
            current = self._current
            if current is None or current.fingerprint != fingerprint:
                if conn is not None:
                    self._current = _load_index(conn, fingerprint, current)
                else:
                    with engine.connect() as own:
                        self._current = _load_index(own, fingerprint, current)
            return self._current


# the services as JSON text, decoded once per distinct text in _load_index (not once per row by the driver)
# and after PUBLIC_COLUMNS, the time of the row's last change as the database's text: compared with what
# _STAMP_QUERY reads (as text, without the datetime processing of 100,000 rows) to tell which rows changed
_INDEX_QUERY = sa.select(
    *[sa.cast(facilities.c[c], sa.Text).label(c) if c == "services" else facilities.c[c] for c in PUBLIC_COLUMNS],
    sa.cast(facilities.c.updated_at, sa.Text).label("stamp"),
).order_by(facilities.c.id)
_STAMP_QUERY = sa.select(facilities.c.id, facilities.c.version, sa.cast(facilities.c.updated_at, sa.Text))
_ID, _VERSION, _STAMP = PUBLIC_COLUMNS.index("id"), PUBLIC_COLUMNS.index("version"), len(PUBLIC_COLUMNS)
_SERVICES = PUBLIC_COLUMNS.index("services")
PATCH_LIMIT = 1000  # at most this many changed facilities are patched into the index; more, and it is built anew
# and at a change this long after the rows were last all read, too: a write that changed a row without changing its
# version or time (no path of the app does; a hand-made one might) is not followed for longer than this
FULL_BUILD_EVERY_S = 600


def _load_index(conn: sa.Connection, fingerprint: tuple, current: FacilityIndex | None = None) -> FacilityIndex:
    """The index of the facilities as they are: ``current`` with the facilities that changed since it was made
    (a coordinator's edit costs a read of every facility's version and time and of the rows that changed), or built
    from every row; what each costs at national scale is in bench/RESULTS.md."""
    if current is not None and time.monotonic() - current.built_at < FULL_BUILD_EVERY_S:
        patched = _patched(conn, fingerprint, current)
        if patched is not None:
            return patched
    return FacilityIndex.build(fingerprint, _fetched(conn.execute(_INDEX_QUERY).all()))


def _fetched(rows) -> list[tuple]:
    """Rows of _INDEX_QUERY with their services decoded."""
    services = _decoded([row[_SERVICES] for row in rows])
    return [(*row[:_SERVICES], decoded, *row[_SERVICES + 1 :]) for row, decoded in zip(rows, services)]


def _patched(conn: sa.Connection, fingerprint: tuple, current: FacilityIndex) -> FacilityIndex | None:
    """``current`` brought up to date, or None when building it anew is the simpler way (many changes, or a new
    facility whose id falls among the known ones: the rows stay ordered by id, as a new build orders them)."""
    result = conn.execute(_STAMP_QUERY)
    try:  # the driver's own tuples: plain numbers and text need no processing, unlike a Row object per facility
        stamps = {facility: (version, updated) for facility, version, updated in result.cursor.fetchall()}
    finally:
        result.close()
    known = current.positions
    removed = known.keys() - stamps.keys()
    changed = [facility for facility, stamp in stamps.items() if current.stamps.get(facility) != stamp]
    if len(removed) + len(changed) > PATCH_LIMIT:
        return None
    if not removed and not changed:  # a write that changed no facility's row (rolled back, or a version alone)
        return dataclasses.replace(current, fingerprint=fingerprint)  # built_at carried over
    fetched = _fetched(conn.execute(_INDEX_QUERY.where(facilities.c.id.in_(changed))).all()) if changed else []
    replaced = [row for row in fetched if row[_ID] in known]
    added = [row for row in fetched if row[_ID] not in known]
    last_kept = next((row[_ID] for row in reversed(current.rows) if row[_ID] not in removed), None)
    if added and last_kept is not None and added[0][_ID] < last_kept:
        return None
    at = [known[row[_ID]] for row in replaced]
    keep = np.ones(len(current.rows), dtype=bool)
    keep[[known[facility] for facility in removed]] = False
    rows = list(current.rows)
    for position, row in zip(at, replaced):
        rows[position] = row
    rows = [row for row, kept in zip(rows, keep) if kept] + added
    # the arrays: the replaced positions overwritten, the removed ones left out, the added ones at the end
    patch = _frame(replaced + added)
    new = _filter_arrays(patch) | {"lon": patch["lon"].to_numpy(float), "lat": patch["lat"].to_numpy(float)}
    arrays = {}
    for name, values in (current.arrays | {"lon": current.index.lon, "lat": current.index.lat}).items():
        values = values.copy()
        values[at] = new[name][: len(at)]
        arrays[name] = np.concatenate([values[keep], new[name][len(at) :]])
    lon, lat = arrays.pop("lon"), arrays.pop("lat")
    unmoved = np.array_equal(lon, current.index.lon) and np.array_equal(lat, current.index.lat)
    index = current.index if unmoved else NearestIndex.build(lon, lat)  # a new tree only when a point moved
    return FacilityIndex(fingerprint, index, arrays, rows=rows, built_at=current.built_at)


def _decoded(values: list) -> list:
    """JSON texts as values, each distinct text parsed once; every row gets its own list (answers may change it)."""
    parsed: dict[str, object] = {}
    out = []
    for value in values:
        if isinstance(value, str):
            if value not in parsed:
                parsed[value] = json.loads(value)
            value = parsed[value]
        out.append(list(value) if isinstance(value, list) else value)
    return out


def table_fingerprint(conn: sa.Connection) -> tuple:
    """The facilities' version, a token every write changes (data/versions.py ``latest``: kept in memory until a
    write may have changed it, so most queries do not ask the database)."""
    return versions.latest(conn.engine, "facilities", conn=conn)


@dataclass(frozen=True)
class FinderQuery:
    lat: float
    lon: float
    type: str | None = "vaccination_point"  # None: any type (the services then say what is looked for)
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


def _mask(current: FacilityIndex, q: FinderQuery, moment: dt.datetime) -> tuple[np.ndarray, int]:
    """The facilities the query may show, and how many: cached per index (the arrays returned are never changed)."""
    day = (q.on_date or moment.date()).toordinal()
    minute = moment.hour * 60 + moment.minute if q.open_now else None
    key = (q.type, day, q.services, minute)
    found = current.masks.get(key)
    if found is None:
        mask = _visible(current.arrays, q.type, day, q.services)
        if minute is not None:
            mask &= _open_at_minute(current.arrays, minute)
        if len(current.masks) > 64:
            current.masks.clear()
        found = current.masks[key] = (mask, int(np.count_nonzero(mask)))
    return found


def _visible(a: dict[str, np.ndarray], kind: str, day: int, services: tuple[str, ...]) -> np.ndarray:
    """Of the type (any type for None), not closed, valid on the day, offering every service asked."""
    mask = ~a["hidden"] if kind is None else (a["type"] == kind) & ~a["hidden"]
    mask &= np.isnan(a["valid_from"]) | (a["valid_from"] <= day)
    mask &= np.isnan(a["valid_to"]) | (a["valid_to"] >= day)
    for service in services:
        mask &= a[f"service:{service}"]
    return mask


def _open_at_minute(a: dict[str, np.ndarray], minute: int) -> np.ndarray:
    """Leaves out only those whose hours say closed at the minute (unknown hours stay, marked "call")."""
    open_now = a["always"] | a["unknown"]
    k = 0
    while f"start{k}" in a:
        start, end = a[f"start{k}"], a[f"end{k}"]
        within = (start <= minute) & (minute < end)
        overnight = (end < start) & ((minute >= start) | (minute < end))
        open_now |= (start >= 0) & (within | overnight)
        k += 1
    return open_now


_OPENING_HOURS, _UPDATED_AT = PUBLIC_COLUMNS.index("opening_hours"), PUBLIC_COLUMNS.index("updated_at")


@dataclass(frozen=True)
class NearestFacilities:
    """The finder's answer as positions into ``index.rows``, nearest first, with what depends on the query."""

    index: FacilityIndex
    positions: list[int]
    distance_km: list[float]
    open_now: list[bool | None]
    stale: list[bool]
    total: int  # how many match the filters (within max_km when given)

    def items(self) -> list[dict]:
        """Each facility's public columns with distance_km, open_now and stale."""
        items = []
        for position, distance_km, open_now, stale in zip(self.positions, self.distance_km, self.open_now, self.stale):
            row = self.index.row(position)
            row.update(distance_km=distance_km, open_now=open_now, stale=stale)
            items.append(row)
        return items


def find_nearest(
    conn: sa.Connection | sa.Engine, cache: FacilityIndexCache, q: FinderQuery, stale_days: int = 14
) -> dict:
    """{"items": nearest first, each facility with distance_km, open_now (True/False/None), stale; "total": how
    many match the filters (within max_km when given)}. ``conn``: a connection, or the engine (connected to only
    when the index must be built, see ``FacilityIndexCache.get``)."""
    found = find_nearest_facilities(conn, cache, q, stale_days)
    return {"items": found.items(), "total": found.total}


def find_nearest_facilities(
    conn: sa.Connection | sa.Engine, cache: FacilityIndexCache, q: FinderQuery, stale_days: int = 14
) -> NearestFacilities:
    """``find_nearest`` as positions into the index's rows: for a caller that shapes the rows itself."""
    moment = q.now or clock.now()
    current = cache.get(conn)
    mask, passing = _mask(current, q, moment)
    max_m = q.max_km * 1000 if q.max_km else None
    positions, distances = current.index.nearest(q.lon, q.lat, min(q.k, MAX_K), mask, max_m, passing)
    total = current.index.count_within(q.lon, q.lat, max_m, mask) if max_m else passing
    stale_before = moment - dt.timedelta(days=stale_days)
    positions = positions.tolist()
    rows = [current.rows[p] for p in positions]
    return NearestFacilities(
        index=current,
        positions=positions,
        distance_km=[round(d / 1000, 3) for d in distances.tolist()],
        open_now=[open_at(row[_OPENING_HOURS], moment) for row in rows],
        stale=[_is_stale(row[_UPDATED_AT], stale_before) for row in rows],
        total=total,
    )


def _is_stale(updated: dt.datetime | None, stale_before: dt.datetime) -> bool:
    if updated is not None and updated.tzinfo is None:
        updated = updated.replace(tzinfo=dt.UTC)
    return updated is None or updated < stale_before
