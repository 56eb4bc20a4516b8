"""Data versions: one token per kind of data, changed by every write in the same transaction as the write.

Anything computed from the data (the finder's index, an aggregate, a public answer and its ETag) is cached under the
versions it was computed from, and is simply not found again once a write has changed one of them: nothing is
invalidated by hand, and every app process sees a change made by any other on its next read (one indexed row).

A reader reads the versions before the data, so what it caches under a version is never older than that version.

``track_writes(engine)`` (installed by data.db.make_engine) bumps the kind of every table an INSERT, UPDATE or DELETE
statement writes, once per transaction, so no write path can forget; the bulk inserts that go straight to the driver
(data/bulk.py) call ``bump`` themselves.
"""

from __future__ import annotations

import functools
import uuid

import sqlalchemy as sa

from data.schema import app_meta

KINDS = ("facilities", "surveys", "coverage", "population", "people")  # people: accounts and coordinators


TABLE_KINDS = {
    "facilities": "facilities",
    "survey_records": "surveys",
    "coverage_facts": "coverage",
    "population": "population",
    "users": "people",
    "district_coordinators": "people",
}
_BUMPED = "jitasa.versions_bumped"


def track_writes(engine: sa.Engine) -> None:
    """Bump the data's kind on every statement that writes one of TABLE_KINDS' tables (once per transaction)."""

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
