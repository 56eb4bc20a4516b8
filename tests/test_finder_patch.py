"""The finder's index follows facility writes by patching in the facilities that changed (data/finder.py
``_patched``), and what it holds is always what an index built from the table holds: the same rows in the same order,
the same filter arrays, the same positions, the same answers. On each database, through every kind of write a
facility gets (a new one, an edit, a move, a confirmation that only changes the time, an import that keeps the time,
a removal).
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
import sqlalchemy as sa

from data import finder
from data.facilities import insert_facilities
from data.finder import FacilityIndexCache, FinderQuery, find_nearest
from data.schema import facilities

TYPES = ("vaccination_point", "test_site", "hospital")
HOURS = ("08:30-16:30", "24 ชั่วโมง", None, "22:00-06:00", "โทรถามก่อน")
SERVICES = (None, ["walk_in"], ["walk_in", "child_doses"], ["home_visit"])
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def _record(rng: random.Random, name: str) -> dict:
    return dict(
        type=rng.choice(TYPES),
        name_th=name,
        lat=rng.uniform(13.0, 14.5),
        lon=rng.uniform(99.8, 101.2),
        opening_hours=rng.choice(HOURS),
        status=rng.choice(("open", "open", "closed", "full")),
        services=rng.choice(SERVICES),
        valid_to=rng.choice((None, dt.date(2026, 12, 31), dt.date(2021, 1, 1))),
    )


def _write(conn, rng: random.Random, step: int) -> None:
    """One write, as the app's write paths make it: every change of a row changes its version or its time."""
    ids = conn.execute(sa.select(facilities.c.id)).scalars().all()
    kind = rng.choice(("add", "edit", "move", "confirm", "import", "remove"))
    one = facilities.c.id == rng.choice(ids)
    if kind == "add":
        insert_facilities(conn, [_record(rng, f"ใหม่ {step}.{i}") for i in range(rng.randint(1, 3))])
    elif kind == "edit":
        fields = _record(rng, f"แก้ {step}")
        del fields["lat"], fields["lon"]
        conn.execute(sa.update(facilities).where(one).values(**fields, version=facilities.c.version + 1))
    elif kind == "move":
        conn.execute(
            sa.update(facilities).where(one).values(lat=rng.uniform(13.0, 14.5), version=facilities.c.version + 1)
        )
    elif kind == "confirm":  # the time alone
        conn.execute(sa.update(facilities).where(one).values(updated_at=NOW + dt.timedelta(minutes=step)))
    elif kind == "import":  # a new version that keeps the file's own time
        conn.execute(
            sa.update(facilities)
            .where(one)
            .values(status=rng.choice(("open", "closed")), version=facilities.c.version + 1)
        )
    else:
        conn.execute(sa.delete(facilities).where(one))


def _same(patched, built) -> None:
    assert patched.rows == built.rows
    for name, values in built.keys.items():
        np.testing.assert_array_equal(patched.keys[name], values, err_msg=name)
    assert patched.arrays.keys() == built.arrays.keys()
    for name, values in built.arrays.items():
        np.testing.assert_array_equal(patched.arrays[name], values, err_msg=name)
    np.testing.assert_array_equal(patched.index.lon, built.index.lon)
    np.testing.assert_array_equal(patched.index.lat, built.index.lat)


@pytest.fixture
def seeded(engine):
    rng = random.Random(7)
    with engine.begin() as conn:
        insert_facilities(conn, [_record(rng, f"จุด {i}") for i in range(300)])
    return engine


def test_after_every_kind_of_write_the_patched_index_is_the_index_built_from_the_table(seeded, monkeypatch):
    rng = random.Random(11)
    cache = FacilityIndexCache()
    with seeded.connect() as conn:
        cache.get(conn)
    builds = []
    build = finder.FacilityIndex.build_chunks
    monkeypatch.setattr(finder.FacilityIndex, "build_chunks", lambda *a: builds.append(1) or build(*a))
    for step in range(40):
        with seeded.begin() as conn:
            _write(conn, rng, step)
        with seeded.connect() as conn:
            patched = cache.get(conn)
            built = FacilityIndexCache().get(conn)
        _same(patched, built)
        for _ in range(5):
            q = FinderQuery(lat=rng.uniform(13.0, 14.5), lon=rng.uniform(99.8, 101.2), type=rng.choice(TYPES), k=5)
            assert find_nearest(seeded, cache, q) == find_nearest(seeded, FacilityIndexCache(), q)
    assert len(builds) == 40 * 6  # only the fresh caches built: every change was patched in


def test_many_changes_at_once_build_the_index_anew(seeded, monkeypatch):
    cache = FacilityIndexCache()
    with seeded.connect() as conn:
        first = cache.get(conn)
    monkeypatch.setattr(finder, "PATCH_LIMIT", 10)
    with seeded.begin() as conn:
        conn.execute(sa.update(facilities).values(status="closed", version=facilities.c.version + 1))
    with seeded.connect() as conn:
        again = cache.get(conn)
        _same(again, FacilityIndexCache().get(conn))
    assert again is not first and bool(again.arrays["hidden"].all())


def test_a_write_that_changed_no_row_keeps_the_index_and_its_filters(seeded):
    cache = FacilityIndexCache()
    with seeded.connect() as conn:
        first = cache.get(conn)
    with seeded.begin() as conn:
        conn.execute(sa.update(facilities).where(facilities.c.id == -1).values(status="closed"))  # no such row
    with seeded.connect() as conn:
        again = cache.get(conn)
    assert again.fingerprint != first.fingerprint
    assert again.rows is first.rows and again.index is first.index and again.masks is first.masks


def test_a_write_that_kept_the_rows_version_and_time_is_followed_by_the_next_whole_build(seeded, monkeypatch):
    """No write path of the app does that; a hand-made UPDATE might. The index reads every row again at a change
    FULL_BUILD_EVERY_S after it last did, so such a write is not followed for longer than that."""
    cache = FacilityIndexCache()
    with seeded.connect() as conn:
        cache.get(conn)
    with seeded.begin() as conn:
        conn.execute(sa.update(facilities).where(facilities.c.name_th == "จุด 5").values(name_th="แก้ด้วยมือ"))
    with seeded.connect() as conn:
        assert "แก้ด้วยมือ" not in {row[3] for row in cache.get(conn).rows}  # patched: the row looked unchanged
    monkeypatch.setattr(finder, "FULL_BUILD_EVERY_S", 0)
    with seeded.begin() as conn:
        conn.execute(sa.update(facilities).where(facilities.c.id == -1).values(status="closed"))  # any change
    with seeded.connect() as conn:
        again = cache.get(conn)
        _same(again, FacilityIndexCache().get(conn))
    assert "แก้ด้วยมือ" in {row[3] for row in again.rows}
