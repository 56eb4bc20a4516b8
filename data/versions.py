"""Data versions: one token per kind of data, changed by every write in the same transaction as the write.

Anything computed from the data (the finder's index, an aggregate, a public answer and its ETag) is cached under the
versions it was computed from, and is simply not found again once a write has changed one of them: nothing is
invalidated by hand, and every app process sees a change made by any other on its next read (one indexed row).

A reader reads the versions before the data, so what it caches under a version is never older than that version.

``track_writes(engine)`` (installed by data.db.make_engine) bumps the kind of every table an INSERT, UPDATE or DELETE
statement writes, once per transaction, so no write path can forget; the bulk inserts that go straight to the driver
(data/bulk.py) call ``bump`` themselves.

Reading the versions on every request is a round trip to the database (on PostgreSQL, the largest part of a nearest
answer under load), so ``latest(engine)`` keeps them in memory and asks the database again only when they may have
changed:

- every process on this machine that uses the same database shares an 8-byte signal (a memory-mapped file: beside
  a SQLite database, in /dev/shm named after a PostgreSQL one): a connection that bumped a version writes a new
  random signal when it goes back to the pool, after its transaction ended and before the request that wrote is
  answered. Another process (a gunicorn worker, the command line) that sees a new signal reads the versions again:
  a change is seen at once by every process on the machine;
- and at most ``RECHECK_S`` after its last read, every process reads them again anyway: a change made on another
  machine (several app servers on one PostgreSQL) is seen within that time, and so is one whose writer died between
  its commit and the signal.
"""

from __future__ import annotations

import functools
import hashlib
import mmap
import os
import tempfile
import threading
import time
import uuid
import weakref
from pathlib import Path

import sqlalchemy as sa

from data.schema import app_meta

# people: accounts and coordinators; followup: help requests, home visits, reviews (data/followup.py)
KINDS = ("facilities", "surveys", "coverage", "population", "people", "followup")


TABLE_KINDS = {
    "facilities": "facilities",
    "survey_records": "surveys",
    "coverage_facts": "coverage",
    "population": "population",
    "users": "people",
    "district_coordinators": "people",
    "help_requests": "followup",
    "followup_events": "followup",
}
_BUMPED = "jitasa.versions_bumped"
_SIGNAL = "jitasa.versions_signal"  # on a pooled connection's info: it bumped a version since it was checked out
RECHECK_S = 1.0  # the longest a process answers from versions it read earlier without reading them again
_WATCHERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → VersionWatch


def track_writes(engine: sa.Engine, signal_path: Path | None = None) -> None:
    """Bump the data's kind on every statement that writes one of TABLE_KINDS' tables (once per transaction), and
    keep the versions in memory for ``latest``. ``signal_path``: the file the processes using this database share
    (``signal_path_for``); without one, only this process's own writes are signalled (an in-memory database)."""
    watch = _WATCHERS[engine] = VersionWatch(engine, SharedSignal.open(signal_path))

    @sa.event.listens_for(engine, "checkin")
    def _signal_after_write(_dbapi_connection, record):
        if record is not None and record.info.pop(_SIGNAL, False):
            watch.signal.change()

    @sa.event.listens_for(engine, "before_execute")
    def _bump_on_write(conn, clauseelement, _multiparams, _params, _options):
        if not isinstance(clauseelement, sa.sql.dml.UpdateBase):
            return
        kind = TABLE_KINDS.get(getattr(clauseelement.table, "name", ""))
        if kind is None:
            return
        transaction = conn.get_transaction()
        if transaction is None:  # the statement starts the transaction: nothing to remember it by yet
            bump(conn, kind)
            return
        marker = conn.info.get(_BUMPED)
        if marker is None or marker[0] is not transaction:
            marker = conn.info[_BUMPED] = (transaction, set())
        if kind not in marker[1]:
            marker[1].add(kind)
            bump(conn, kind)


def key(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown data kind {kind!r}")
    return f"{kind}_version"


def bump(conn: sa.Connection, *kinds: str) -> None:
    """Give each kind a new version (call it in the transaction that writes the data)."""
    conn.info[_SIGNAL] = True  # the other processes are told when the connection is returned (after the commit)
    for kind in dict.fromkeys(kinds):
        token = uuid.uuid4().hex
        name = key(kind)
        if not conn.execute(sa.update(app_meta).where(app_meta.c.key == name).values(value=token)).rowcount:
            conn.execute(sa.insert(app_meta).values(key=name, value=token))


def current(conn: sa.Connection, *kinds: str) -> tuple[str, ...]:
    """The versions of ``kinds`` (all kinds when none is given), in that order; "0" for data never written."""
    names, query = _current_query(kinds or KINDS)
    found = dict(conn.execute(query).all())
    return tuple(found.get(name, "0") for name in names)


@functools.cache
def _current_query(kinds: tuple[str, ...]) -> tuple[list[str], sa.Select]:
    """The statement for these kinds, built once (it is asked on every public request)."""
    names = [key(kind) for kind in kinds]
    return names, sa.select(app_meta.c.key, app_meta.c.value).where(app_meta.c.key.in_(names))


def latest(engine: sa.Engine, *kinds: str, conn: sa.Connection | None = None) -> tuple[str, ...]:
    """``current``, from memory when no write can have changed it (see the module's docstring); ``conn``: read
    through this connection when the database must be asked (and always when it has written in its transaction)."""
    watch = _WATCHERS.get(engine)
    if watch is None or (conn is not None and conn.info.get(_SIGNAL)):
        if conn is not None:
            return current(conn, *kinds)
        with engine.connect() as own:
            return current(own, *kinds)
    return watch.latest(kinds or KINDS, conn)


def signal_path_for(url: sa.URL) -> Path | None:
    """Where the processes using the database ``url`` share their signal: beside a SQLite file (every process that
    uses it is on this machine); in /dev/shm, named after the database, for PostgreSQL; None for a database in
    memory (one process)."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        database = Path(url.database).resolve()
        return database.with_name(database.name + ".versions")
    name = url.set(password=None).render_as_string(hide_password=False)
    folder = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(tempfile.gettempdir())
    return folder / f"jitasa-versions-{hashlib.sha256(name.encode()).hexdigest()[:24]}"


class SharedSignal:
    """8 bytes shared by the processes of this machine that use one database; any change means "read again"."""

    def __init__(self, memory: mmap.mmap | None):
        self._memory = memory

    @classmethod
    def open(cls, path: Path | None) -> SharedSignal:
        """The signal in the file ``path`` (mapped into memory: the processes of this machine share its page), or
        one private to this process when ``path`` is None. A file that cannot be opened (no permission, no such
        folder) gives a signal that reads as changed every time: always ask the database."""
        if path is None:
            return cls(mmap.mmap(-1, 8))
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if os.fstat(fd).st_size < 8:
                    os.ftruncate(fd, 8)
                return cls(mmap.mmap(fd, 8))
            finally:
                os.close(fd)
        except (OSError, ValueError):
            return cls(None)

    def read(self) -> bytes | None:
        return None if self._memory is None else self._memory[:8]

    def change(self) -> None:
        if self._memory is not None:
            self._memory[:8] = os.urandom(8)


class VersionWatch:
    """One engine's versions in memory, with the signal they were read under and when."""

    def __init__(self, engine: sa.Engine, signal: SharedSignal):
        self.engine, self.signal = weakref.proxy(engine), signal
        self._snapshot: tuple[bytes | None, float, dict[str, str]] | None = None
        self._lock = threading.Lock()

    def latest(self, kinds: tuple[str, ...], conn: sa.Connection | None = None) -> tuple[str, ...]:
        signal = self.signal.read()
        snapshot = self._snapshot
        if snapshot is None or signal is None or snapshot[0] != signal or time.monotonic() - snapshot[1] > RECHECK_S:
            snapshot = self._read(signal, conn)
        found = snapshot[2]
        return tuple(found.get(key(kind), "0") for kind in kinds)

    def _read(self, signal: bytes | None, conn: sa.Connection | None):
        """Read every version (the signal and the clock are taken before the read: a write that lands after it
        changes the signal again, so nothing older than what was read is ever kept as current)."""
        started = time.monotonic()
        names, query = _current_query(KINDS)
        if conn is not None:
            found = dict(conn.execute(query).all())
        else:
            with self.engine.connect() as own:
                found = dict(own.execute(query).all())
        snapshot = (signal, started, found)
        with self._lock:  # keep the later of two concurrent reads
            if self._snapshot is None or self._snapshot[1] <= started:
                self._snapshot = snapshot
        return snapshot
