"""The data versions kept in memory (data/versions.py ``latest``): a write through one process is seen by another
on its next read, never before the write is committed, and a process that cannot be told still sees it within
RECHECK_S. Each engine stands for one app process: its own pool, its own versions in memory, the machine's signal.
"""

from __future__ import annotations

import time
import types

import pytest
import sqlalchemy as sa

from data import versions
from data.db import make_engine, migrate
from data.schema import app_meta, coverage_facts


@pytest.fixture
def processes(database_url):
    """Two app processes on one database (two engines, as two gunicorn workers have)."""
    first = make_engine(database_url)
    migrate(first)
    second = make_engine(database_url)
    yield first, second
    first.dispose()
    second.dispose()


def _write_coverage(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.delete(coverage_facts).where(coverage_facts.c.area == "no such area"))


def _reads(engine: sa.Engine) -> list[str]:
    """The statements ``engine`` sends to its database from now on."""
    seen: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_a_write_through_one_process_is_seen_by_the_other_on_its_next_read(processes):
    first, second = processes
    before = versions.latest(second, "coverage", "facilities")
    _write_coverage(first)
    after = versions.latest(second, "coverage", "facilities")
    assert after[0] != before[0]  # seen at once, no waiting
    assert after[1] == before[1]  # the other kinds did not change
    with second.connect() as conn:
        assert after == versions.current(conn, "coverage", "facilities")  # and it is what the database holds


def test_without_a_write_the_versions_come_from_memory(processes):
    first, second = processes
    versions.latest(second, "coverage")
    statements = _reads(second)
    for _ in range(50):
        versions.latest(second, "coverage")
    assert statements == []  # fifty reads, no round trip to the database
    _write_coverage(first)
    versions.latest(second, "coverage")
    assert len(statements) == 1  # a write: one read of every version


def test_an_uncommitted_write_is_not_seen_and_its_commit_is(processes):
    first, second = processes
    before = versions.latest(second, "coverage")
    with first.begin() as conn:
        conn.execute(sa.delete(coverage_facts).where(coverage_facts.c.area == "no such area"))
        assert versions.latest(second, "coverage") == before  # the other process reads what is committed
        assert versions.latest(first, "coverage", conn=conn) != before  # the writer reads its own write
    assert versions.latest(second, "coverage") != before  # committed and signalled: seen at once


def test_a_write_that_was_not_signalled_is_seen_within_the_recheck_time(processes, monkeypatch):
    """A writer on another machine (or one that died between its commit and its signal) cannot tell this one."""
    first, second = processes
    now = [time.monotonic()]  # the versions' own clock, moved by hand: a loaded machine cannot make the test late
    monkeypatch.setattr(versions, "time", types.SimpleNamespace(monotonic=lambda: now[0]))
    before = versions.latest(second, "coverage")
    with first.begin() as conn:  # a write the signal never hears of: straight to the versions' row
        conn.execute(sa.update(app_meta).where(app_meta.c.key == "coverage_version").values(value="elsewhere"))
        if not conn.execute(sa.select(app_meta.c.key).where(app_meta.c.key == "coverage_version")).first():
            conn.execute(sa.insert(app_meta).values(key="coverage_version", value="elsewhere"))
        conn.info.pop(versions._SIGNAL, None)
    assert versions.latest(second, "coverage") == before  # not told, and read just now
    now[0] += versions.RECHECK_S * 0.9
    assert versions.latest(second, "coverage") == before  # still within the recheck time
    now[0] += versions.RECHECK_S * 0.2
    assert versions.latest(second, "coverage") == ("elsewhere",)


def test_a_process_that_cannot_share_the_signal_asks_the_database_every_time(database_url, tmp_path):
    engine = make_engine(database_url)
    migrate(engine)
    versions.track_writes(engine, tmp_path / "no such folder" / "signal")  # replaces the shared signal
    try:
        statements = _reads(engine)
        before = versions.latest(engine, "coverage")
        versions.latest(engine, "coverage")
        assert len(statements) == 2
        other = make_engine(database_url)
        _write_coverage(other)
        other.dispose()
        assert versions.latest(engine, "coverage") != before
    finally:
        engine.dispose()
