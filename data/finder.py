"""The public finder: the k nearest facilities of a type that are open (on a date, now), with geodesic distances.

The spatial index over all facilities is built once per version of the facilities (data/versions.py: every facility
write changes it), never per request. In production (``FacilityIndexCache`` with a store) it is made by a builder
process off the request path (data/finder_builder.py) and written as memory-mapped files that every app process
shares (data/finder_store.py); a process swaps to a newer copy when one is complete, and until then answers from the
copy it holds, reading the facilities it would show again from the database (``_checked``): a facility closed, moved
or removed since is never shown as it was. Without a store (a database in memory, the tests' app states) the process
builds the index itself when it is first asked after a write.

Made anew means patched: the facilities whose version or time changed are read again and put in place (a read of
every facility's version and time, against 2 s to read them all at 100,000), and the whole table is read again after
many changes at once, or FULL_BUILD_EVERY_S after the last time it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import versions
from data.facilities import PUBLIC_COLUMNS
from data.finder_store import FinderStore, PickledRows
from data.registries import SERVICES
from data.schema import facilities, facility_versions
from geo import clock
from geo.nearest import NearestIndex, geodesic_m

log = logging.getLogger(__name__)
MAX_K = 50
HIDDEN_STATUSES = ("closed", "temporarily_closed")
_INDEX_COLUMNS = ["id", "type", "lat", "lon", "status", "valid_from", "valid_to", "services", "opening_hours"]
_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})")
BUILD_CHUNK = 10_000  # rows read, encoded and turned into arrays at a time: a whole build holds no more as objects


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
    # by id, encoded (data/finder_store.PickledRows: a row is decoded when an answer shows it): an answer needs no
    # second query, and is as fresh as the index (the same version of the table)
    rows: PickledRows = field(default_factory=lambda: PickledRows.of([]))
    # what other layers derive from the rows and keep as long as this version lives (the API's JSON of a facility)
    derived: dict = field(default_factory=dict)
    built_at: float = field(default_factory=time.time)  # when the rows were last all read (patches keep it)
    # each facility's id, version and the text of its updated_at, by position: what tells which rows changed
    keys: dict[str, np.ndarray] = field(default_factory=dict)
    name: str | None = None  # the stored copy it was read from (data/finder_store.py)
    # the last facility version logged (facility_versions.id) before the rows were read: every facility changed by
    # the app after this index was made has a later one (``_pending``)
    mark: int = 0

    @classmethod
    def build(cls, fingerprint: tuple, rows: list) -> FacilityIndex:
        """The index over ``rows`` (PUBLIC_COLUMNS tuples and the stamp, ordered by id)."""
        return cls.build_chunks(fingerprint, [rows])

    @classmethod
    def build_chunks(cls, fingerprint: tuple, chunks) -> FacilityIndex:
        """The index over the rows of ``chunks`` (lists of rows, in id order), each chunk turned into arrays and
        encoded before the next is read."""
        parts = []
        for rows in chunks:
            frame = _frame(rows)
            arrays = _filter_arrays(frame) | {"lon": frame["lon"].to_numpy(float), "lat": frame["lat"].to_numpy(float)}
            parts.append((arrays, _keys(rows), PickledRows.of(rows)))
        if not parts:
            return cls.build(fingerprint, [])
        arrays = {name: np.concatenate([part[0][name] for part in parts]) for name in parts[0][0]}
        keys = {name: np.concatenate([part[1][name] for part in parts]) for name in parts[0][1]}
        lon, lat = arrays.pop("lon"), arrays.pop("lat")
        rows = PickledRows.concat([part[2] for part in parts])
        return cls(fingerprint, NearestIndex.build(lon, lat), arrays, rows=rows, keys=keys)

    def row(self, position: int) -> dict:
        """One facility's public columns by name."""
        return dict(zip(PUBLIC_COLUMNS, self.rows[position]))


def _keys(rows: list) -> dict[str, np.ndarray]:
    return {
        "id": np.fromiter((row[_ID] for row in rows), dtype=np.int64, count=len(rows)),
        "version": np.fromiter((_version(row[_VERSION]) for row in rows), dtype=np.int64, count=len(rows)),
        "stamp": np.array([(row[_STAMP] or "").encode() for row in rows], dtype=bytes),
    }


def _version(value) -> int:
    return -1 if value is None else int(value)


def _frame(rows: list) -> pd.DataFrame:
    columns = [list(column) for column in zip(*rows)] if rows else [[] for _ in PUBLIC_COLUMNS]
    return pd.DataFrame({name: columns[PUBLIC_COLUMNS.index(name)] for name in _INDEX_COLUMNS}, copy=False)


def _filter_arrays(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Arrays for the filters: each distinct value of a column (services, opening hours) is read once."""
    arrays = {
        "type": frame["type"].to_numpy(dtype=str),  # fixed-width text: an array a file can hold
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
    """Holds the current FacilityIndex on the app; thread-safe. Without a store, brings it up to date itself when
    the facilities' version changes; with one, swaps to the newest complete copy of the store (the builder makes
    them) and makes one itself only when there is none yet, or no builder is running."""

    store: FinderStore | None = None
    _current: FacilityIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, source: sa.Connection | sa.Engine) -> FacilityIndex:
        """The index of the facilities (as they are now without a store; the newest copy with one). ``source``: a
        connection, or the engine, which is connected to only when needed (the version is usually known without
        asking the database)."""
        return self.lookup(source)[0]

    def lookup(self, source: sa.Connection | sa.Engine) -> tuple[FacilityIndex, tuple]:
        """(the index, the facilities' version now): with a store the index may hold an earlier version."""
        conn = source if isinstance(source, sa.Connection) else None
        engine = source.engine if conn is not None else source
        fingerprint = versions.latest(engine, "facilities", conn=conn)
        current = self._current
        if current is not None and current.fingerprint == fingerprint:
            return current, fingerprint
        with self._lock:
            if self.store is not None:
                return self._swapped(source, fingerprint), fingerprint
            current = self._current
            if current is None or current.fingerprint != fingerprint:
                with _connected(source) as own:
                    self._current = _load_index(own, fingerprint, current)
            return self._current, fingerprint

    def _swapped(self, source, fingerprint: tuple) -> FacilityIndex:
        """The newest complete copy (a file read and, when there is a newer one, its arrays mapped: the swap)."""
        current = self._current
        newer = self.store.newer(current.name if current else None)
        if newer is not None:
            try:
                current = self._current = open_stored(self.store, newer)
            except FileNotFoundError:  # replaced and removed meanwhile: the next question finds the one after
                pass
        if current is None or (current.fingerprint != fingerprint and not self.store.builder_alive()):
            if current is not None:
                log.warning("no finder builder running: this process brings the finder's index up to date")
            with _connected(source) as conn:
                current = self._current = refresh_store(self.store, conn, current)
        return current


def open_stored(store: FinderStore, name: str) -> FacilityIndex:
    """The copy ``name`` of ``store`` as an index: its arrays mapped, its tree read."""
    copy = store.read(name)
    arrays = dict(copy.arrays)
    keys = {key: arrays.pop(f"key:{key}") for key in ("id", "version", "stamp")}
    lon, lat = arrays.pop("lon"), arrays.pop("lat")
    for internal in [name for name in arrays if name.startswith("row")]:
        arrays.pop(internal)
    return FacilityIndex(
        tuple(copy.meta["fingerprint"]),
        NearestIndex(lon, lat, copy.tree),
        arrays,
        rows=copy.rows,
        built_at=copy.meta["built_at"],
        keys=keys,
        name=name,
        mark=copy.meta["mark"],
    )


def refresh_store(store: FinderStore, conn: sa.Connection, current: FacilityIndex | None) -> FacilityIndex:
    """A copy of the facilities as they are now in ``store`` (made from ``current`` when given: patched, or built
    anew), unless another process made it meanwhile; returns the store's newest copy, opened."""
    with store.build_lock():
        newer = store.newer(current.name if current else None)
        if newer is not None:
            with _suppress_missing():
                current = open_stored(store, newer)
        fingerprint = versions.current(conn, "facilities")
        if current is not None and current.fingerprint == fingerprint:
            return current
        made = _load_index(conn, fingerprint, current)
        same_tree = current is not None and made.index is current.index  # no facility moved, came or went
        files = made.arrays | {f"key:{k}": v for k, v in made.keys.items()}
        files |= {"lon": made.index.lon, "lat": made.index.lat}
        meta = {"fingerprint": list(fingerprint), "built_at": made.built_at, "count": len(made.index)}
        meta["mark"] = made.mark
        name = store.write(fingerprint[0], files, made.rows, made.index.tree, meta, same_tree)
        return open_stored(store, name)


class _suppress_missing:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        return kind is not None and issubclass(kind, FileNotFoundError)


class _connected:
    """``source`` as a connection: itself, or one of the engine's for the duration."""

    def __init__(self, source: sa.Connection | sa.Engine):
        self.source, self.own = source, None

    def __enter__(self) -> sa.Connection:
        if isinstance(self.source, sa.Connection):
            return self.source
        self.own = self.source.connect()
        return self.own

    def __exit__(self, *exc) -> None:
        if self.own is not None:
            self.own.close()


# the services as JSON text, decoded once per distinct text in _load_index (not once per row by the driver)
# and after PUBLIC_COLUMNS, the time of the row's last change as the database's text: compared with what
# _STAMP_QUERY reads (as text, without the datetime processing of 100,000 rows) to tell which rows changed
_INDEX_QUERY = sa.select(
    *[sa.cast(facilities.c[c], sa.Text).label(c) if c == "services" else facilities.c[c] for c in PUBLIC_COLUMNS],
    sa.cast(facilities.c.updated_at, sa.Text).label("stamp"),
).order_by(facilities.c.id)
_STAMP_QUERY = sa.select(facilities.c.id, facilities.c.version, sa.cast(facilities.c.updated_at, sa.Text))
_MARK_QUERY = sa.select(sa.func.max(facility_versions.c.id))
_ID, _VERSION, _STAMP = PUBLIC_COLUMNS.index("id"), PUBLIC_COLUMNS.index("version"), len(PUBLIC_COLUMNS)
_SERVICES = PUBLIC_COLUMNS.index("services")
_LAT, _LON = PUBLIC_COLUMNS.index("lat"), PUBLIC_COLUMNS.index("lon")
PATCH_LIMIT = 1000  # at most this many changed facilities are patched into the index; more, and it is built anew
# and at a change this long after the rows were last all read, too: a write that changed a row without changing its
# version or time (no path of the app does; a hand-made one might) is not followed for longer than this
FULL_BUILD_EVERY_S = 600


def _load_index(conn: sa.Connection, fingerprint: tuple, current: FacilityIndex | None = None) -> FacilityIndex:
    """The index of the facilities as they are: ``current`` with the facilities that changed since it was made
    (a coordinator's edit costs a read of every facility's version and time and of the rows that changed), or built
    from every row, BUILD_CHUNK rows at a time; what each costs at national scale is in bench/RESULTS.md."""
    mark = conn.execute(_MARK_QUERY).scalar() or 0  # before the rows: a version logged later is read again
    if current is not None and time.time() - current.built_at < FULL_BUILD_EVERY_S:
        patched = _patched(conn, fingerprint, current)
        if patched is not None:
            patched.mark = mark
            return patched
    result = conn.execution_options(yield_per=BUILD_CHUNK).execute(_INDEX_QUERY)
    try:
        made = FacilityIndex.build_chunks(fingerprint, (_fetched(part) for part in result.partitions()))
    finally:
        result.close()
    made.mark = mark
    return made


def _fetched(rows) -> list[tuple]:
    """Rows of _INDEX_QUERY with their services decoded."""
    services = _decoded([row[_SERVICES] for row in rows])
    return [(*row[:_SERVICES], decoded, *row[_SERVICES + 1 :]) for row, decoded in zip(rows, services)]


def _patched(conn: sa.Connection, fingerprint: tuple, current: FacilityIndex) -> FacilityIndex | None:
    """``current`` brought up to date, or None when building it anew is the simpler way (many changes, or a new
    facility whose id falls among the known ones: the rows stay ordered by id, as a new build orders them)."""
    result = conn.execute(_STAMP_QUERY)
    try:  # the driver's own tuples: plain numbers and text need no processing, unlike a Row object per facility
        found = result.cursor.fetchall()
    finally:
        result.close()
    ids = np.fromiter((row[0] for row in found), dtype=np.int64, count=len(found))
    held = current.keys["id"]
    at = np.searchsorted(held, ids).clip(max=max(len(held) - 1, 0))
    same = np.zeros(len(ids), dtype=bool)
    if len(held):
        same = held[at] == ids
        version = np.fromiter((_version(row[1]) for row in found), dtype=np.int64, count=len(found))
        same &= current.keys["version"][at] == version
        candidates = np.flatnonzero(same)
        stamps = current.keys["stamp"][at[candidates]].tolist()
        same[candidates] = [held == (found[i][2] or "").encode() for held, i in zip(stamps, candidates.tolist())]
    changed = ids[~same].tolist()
    keep = np.isin(held, ids)
    removed = int(len(held) - keep.sum())
    if removed + len(changed) > PATCH_LIMIT:
        return None
    if not removed and not changed:  # a write that changed no facility's row (rolled back, or a version alone)
        return dataclasses.replace(current, fingerprint=fingerprint, name=None)  # built_at carried over
    fetched = _fetched(conn.execute(_INDEX_QUERY.where(facilities.c.id.in_(changed))).all()) if changed else []
    known = {int(i): int(p) for i, p in zip(changed, np.searchsorted(held, changed))} if len(held) else {}
    known = {i: p for i, p in known.items() if p < len(held) and held[p] == i}
    replaced = [row for row in fetched if row[_ID] in known]
    added = [row for row in fetched if row[_ID] not in known]
    kept_ids = held[keep]
    if added and len(kept_ids) and added[0][_ID] < kept_ids[-1]:
        return None
    at = [known[row[_ID]] for row in replaced]
    rows = current.rows.patched(dict(zip(at, replaced)), keep, added)
    # the arrays: the replaced positions overwritten, the removed ones left out, the added ones at the end
    patch = _frame(replaced + added)
    new = _filter_arrays(patch) | {"lon": patch["lon"].to_numpy(float), "lat": patch["lat"].to_numpy(float)}
    new |= {f"key:{name}": values for name, values in _keys(replaced + added).items()}
    arrays = {}
    held_arrays = current.arrays | {"lon": current.index.lon, "lat": current.index.lat}
    held_arrays |= {f"key:{name}": values for name, values in current.keys.items()}
    for name, values in held_arrays.items():
        values = np.array(values)  # a copy in memory, of the mapped file's dtype or wider
        if at:
            values = values.astype(np.result_type(values, new[name]))
            values[at] = new[name][: len(at)]
        arrays[name] = np.concatenate([values[keep], new[name][len(at) :]])
    lon, lat = arrays.pop("lon"), arrays.pop("lat")
    keys = {name: arrays.pop(f"key:{name}") for name in ("id", "version", "stamp")}
    unmoved = np.array_equal(lon, current.index.lon) and np.array_equal(lat, current.index.lat)
    index = current.index if unmoved else NearestIndex.build(lon, lat)  # a new tree only when a point moved
    return FacilityIndex(fingerprint, index, arrays, rows=rows, built_at=current.built_at, keys=keys)


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


def hours_unreadable(opening_hours: str) -> str | None:
    """Why the finder cannot use these hours: "impossible" (a time past 24:00, a minute past 59), "unread" (no
    "08:30-16:30" in them, nor "24 hours"), or None when it can."""
    text = opening_hours.strip().lower()
    if text.startswith("24") or "ตลอด 24" in text:
        return None
    ranges = _RANGE.findall(text)
    if not ranges:
        return "unread"
    times = [(int(h), int(m)) for h1, m1, h2, m2 in ranges for h, m in ((h1, m1), (h2, m2))]
    return "impossible" if any(h > 24 or m > 59 or (h == 24 and m) for h, m in times) else None


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
    # rows read from the database because they changed after the index's version (position → row): shown instead
    # of the index's, and never kept with the index
    fresh: dict[int, tuple] = field(default_factory=dict)

    def row(self, position: int) -> dict:
        """The public columns of the facility at ``position``, as the answer shows it."""
        fresh = self.fresh.get(position)
        return self.index.row(position) if fresh is None else dict(zip(PUBLIC_COLUMNS, fresh))

    def items(self) -> list[dict]:
        """Each facility's public columns with distance_km, open_now and stale."""
        items = []
        for position, distance_km, open_now, stale in zip(self.positions, self.distance_km, self.open_now, self.stale):
            row = self.row(position)
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
    current, fingerprint = cache.lookup(conn)
    mask, passing = _mask(current, q, moment)
    max_m = q.max_km * 1000 if q.max_km else None
    k = min(q.k, MAX_K)
    fresh: dict[int, tuple] = {}
    if current.fingerprint == fingerprint:
        positions, distances = current.index.nearest(q.lon, q.lat, k, mask, max_m, passing)
    else:  # a newer copy is being made: this one's answer, with the facilities it shows read again
        pending = _pending(conn, current, fingerprint)
        positions, distances, fresh = _checked(conn, current, q, moment, (mask, passing, max_m), pending)
    total = current.index.count_within(q.lon, q.lat, max_m, mask) if max_m else passing
    stale_before = moment - dt.timedelta(days=stale_days)
    positions = positions.tolist()
    rows = [fresh.get(p) or current.rows[p] for p in positions]
    return NearestFacilities(
        index=current,
        positions=positions,
        distance_km=[round(d / 1000, 3) for d in distances.tolist()],
        open_now=[open_at(row[_OPENING_HOURS], moment) for row in rows],
        stale=[_is_stale(row[_UPDATED_AT], stale_before) for row in rows],
        total=total,
        fresh=fresh,
    )


def _checked(source, current: FacilityIndex, q: FinderQuery, moment: dt.datetime, filters: tuple, pending: list):
    """The index's nearest with the facilities it would show, and those changed since it was made (``pending``),
    read again from the database: (positions, distances, {position: row as it is now} for those that changed). A
    facility removed, closed, or no longer passing the filters is left out; one moved or added is measured where it
    is now (an added one gets a position after the index's); more are asked of the index until the k nearest are
    known to be among those read. The same answer as an index made now, but for ``total`` (the older copy's count)
    and, on PostgreSQL, a write whose version was numbered before the copy's mark but committed after it was read
    (two writers at once): it shows with the next copy, a fraction of a second later, unless it is among those shown
    (read again like every one of them)."""
    mask, passing, max_m = filters
    k, count = min(q.k, MAX_K), len(current.index)
    held_ids = current.keys["id"]
    want = k
    while True:
        positions, distances = current.index.nearest(q.lon, q.lat, want, mask, max_m, passing)
        candidates = held_ids[positions].tolist()
        now = _rows_now(source, sorted({*candidates, *pending}))
        kept, fresh, changed = [], {}, False
        for position, distance in zip(positions.tolist(), distances.tolist()):
            row = now.get(held_ids[position])
            if row is not None and _unchanged(current, position, row):
                kept.append((distance, position))
                continue
            changed = True
            distance = None if row is None else _judged(row, q, moment, max_m)
            if distance is not None:
                kept.append((distance, position))
                fresh[position] = row
        added = count
        for facility in sorted(set(pending).difference(candidates)):
            row, position = now.get(facility), _position(held_ids, facility)
            if position is None and row is not None:
                position, added = added, added + 1  # after every facility of the index, in id order
            if row is None or (position < count and _unchanged(current, position, row)):
                continue  # removed (it was not near), or as the index holds it
            changed = True
            distance = _judged(row, q, moment, max_m)
            if distance is not None:
                kept.append((distance, position))
                fresh[position] = row
        if not changed:
            return positions, distances, {}
        exhausted = len(positions) < want or want >= count
        bound = np.inf if exhausted else distances[-1]
        sure = sorted(item for item in kept if item[0] <= bound)
        if len(sure) >= k or exhausted:
            chosen = sure[:k]
            chosen_fresh = {p: fresh[p] for _, p in chosen if p in fresh}
            return np.array([p for _, p in chosen], dtype=int), np.array([d for d, _ in chosen]), chosen_fresh
        want = min(count, 2 * want + 8)


PENDING_LIMIT = 500  # more facilities changed since the index was made: only those an answer shows are read again


def _pending(source, current: FacilityIndex, fingerprint: tuple) -> list[int]:
    """The facilities the app changed since ``current`` was made (a version logged after its mark), read once per
    version of the facilities; none when more than PENDING_LIMIT (an import: the next copy is near)."""
    found = current.derived.get("pending")
    if found is None or found[0] != fingerprint:
        query = (
            sa.select(facility_versions.c.facility_id)
            .where(facility_versions.c.id > current.mark)
            .limit(PENDING_LIMIT + 1)
        )
        with _connected(source) as conn:
            logged = conn.execute(query).scalars().all()
        found = current.derived["pending"] = (fingerprint, sorted(set(logged)) if len(logged) <= PENDING_LIMIT else [])
    return found[1]


def _unchanged(current: FacilityIndex, position: int, row: tuple) -> bool:
    held = (int(current.keys["version"][position]), current.keys["stamp"][position].decode())
    return (_version(row[_VERSION]), row[_STAMP] or "") == held


def _position(ids: np.ndarray, facility: int) -> int | None:
    at = int(np.searchsorted(ids, facility))
    return at if at < len(ids) and ids[at] == facility else None


def _rows_now(source, ids: list[int]) -> dict[int, tuple]:
    """The facilities ``ids`` as they are in the database, by id (one indexed query)."""
    if not ids:
        return {}
    with _connected(source) as conn:
        rows = _fetched(conn.execute(_INDEX_QUERY.where(facilities.c.id.in_(ids))).all())
    return {row[_ID]: row for row in rows}


def _judged(row: tuple, q: FinderQuery, moment: dt.datetime, max_m: float | None) -> float | None:
    """The geodesic distance to a facility read from the database, when it passes the query's filters."""
    arrays = _filter_arrays(_frame([row]))
    passes = _visible(arrays, q.type, (q.on_date or moment.date()).toordinal(), q.services)
    if q.open_now:
        passes &= _open_at_minute(arrays, moment.hour * 60 + moment.minute)
    if not passes[0] or row[_LAT] is None or row[_LON] is None:
        return None
    distance = float(geodesic_m(q.lon, q.lat, [row[_LON]], [row[_LAT]])[0])
    return None if max_m is not None and distance > max_m else distance


def _is_stale(updated: dt.datetime | None, stale_before: dt.datetime) -> bool:
    if updated is not None and updated.tzinfo is None:
        updated = updated.replace(tzinfo=dt.UTC)
    return updated is None or updated < stale_before
