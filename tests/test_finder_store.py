"""The finder's index as one copy per machine (data/finder_store.py), made by the builder process
(data/finder_builder.py): readers map the copy and never build or patch it while a builder runs; while a newer copy
is being made they answer from the one they hold, and a facility edited, closed, moved or removed is never shown as
it was once the edit is committed; once the builder has caught up, the copy is the index built from the table. On
each database.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import numpy as np
import pytest
import sqlalchemy as sa
from test_finder_patch import TYPES, _record, _same

from data import finder, finder_builder, finder_store, versions
from data.facilities import insert_facilities, insert_facility_rows
from data.finder import FacilityIndexCache, FinderQuery, find_nearest, find_nearest_facilities
from data.finder_store import FinderStore, PickledRows
from data.schema import facilities, facility_versions
from geo import clock


@pytest.fixture
def seeded(engine):
    rng = random.Random(3)
    with engine.begin() as conn:
        insert_facilities(conn, [_record(rng, f"จุด {i}") for i in range(2000)])
    return engine


@pytest.fixture
def store(seeded, tmp_path) -> FinderStore:
    return FinderStore.for_database(tmp_path / "data", seeded.url)


def _queries(rng: random.Random, n: int) -> list[FinderQuery]:
    return [
        FinderQuery(lat=rng.uniform(13.0, 14.5), lon=rng.uniform(99.8, 101.2), type=rng.choice((*TYPES, None)), k=5)
        for _ in range(n)
    ]


def _spy_builds(monkeypatch) -> list[int]:
    """The threads that built or patched an index in this process."""
    builders: list[int] = []
    load = finder._load_index
    monkeypatch.setattr(finder, "_load_index", lambda *a: builders.append(threading.get_ident()) or load(*a))
    return builders


@pytest.mark.parametrize("per_chunk", [3, 4096])
def test_pickled_rows_patch_as_a_list_would_and_keep_the_chunks_no_change_reaches(per_chunk, monkeypatch):
    monkeypatch.setattr(finder_store, "ROWS_PER_CHUNK", per_chunk)
    rows = PickledRows.of([(i, f"row {i}", [i]) for i in range(10)])
    assert list(rows) == [(i, f"row {i}", [i]) for i in range(10)] and rows[-1] == (9, "row 9", [9])
    assert rows[2:4] == [(2, "row 2", [2]), (3, "row 3", [3])]
    everything = np.ones(10, dtype=bool)
    edited = rows.patched({4: (4, "changed", None)}, everything, [])
    assert list(edited) == [*rows[:4], (4, "changed", None), *rows[5:]]
    if per_chunk == 3:  # rows 0-2, 6-8 and 9 are in chunks the edit did not reach: the same arrays
        assert [a is b for a, b in zip(edited.chunks, rows.chunks)] == [True, False, True, True]
    keep = everything.copy()
    keep[[1, 7]] = False
    patched = rows.patched({5: (5, "last", [])}, keep, [(10, "new", [10]), (11, "newer", [])])
    expected = [rows[0], *rows[2:5], (5, "last", []), rows[6], *rows[8:], (10, "new", [10]), (11, "newer", [])]
    assert list(patched) == expected
    assert list(rows.patched({}, everything, [(10, "new", [])])) == [*rows, (10, "new", [])]
    assert PickledRows.concat([rows, PickledRows.of([(7,)])]) == [*rows, (7,)]


def test_a_second_process_maps_the_copy_and_answers_as_a_fresh_build(seeded, store, monkeypatch):
    first = FacilityIndexCache(store=store)
    assert not store.has_current()
    made = first.get(seeded)  # no copy and no builder: this process makes the copy
    assert made.name and (store.root / made.name / "key:id.npy").exists() and store.current_name() == made.name
    assert store.has_current()
    builders = _spy_builds(monkeypatch)
    other = FacilityIndexCache(store=store)
    opened = other.get(seeded)
    assert builders == [] and opened.name == made.name
    assert not opened.arrays["hidden"].flags.writeable and not opened.rows.chunks[0].flags.writeable  # mapped read-only
    with seeded.connect() as conn:
        _same(opened, FacilityIndexCache().get(conn))
    fresh = FacilityIndexCache()
    for q in _queries(random.Random(5), 30):
        assert find_nearest(seeded, other, q) == find_nearest(seeded, fresh, q)


def test_without_a_builder_a_reader_brings_the_copy_up_to_date_itself(seeded, store):
    cache = FacilityIndexCache(store=store)
    first = cache.get(seeded)
    with seeded.begin() as conn:
        conn.execute(
            sa.update(facilities).where(facilities.c.id == int(first.keys["id"][0])).values(lat=14.9, version=9)
        )
    again = cache.get(seeded)
    assert store.sequence(again.name) == store.sequence(first.name) + 1
    with seeded.connect() as conn:
        _same(again, FacilityIndexCache().get(conn))
    assert not (store.root / again.name / "tree.pickle").samefile(store.root / first.name / "tree.pickle")
    with seeded.begin() as conn:  # a change that moves nothing: the positions and the tree are the same files
        conn.execute(sa.update(facilities).where(facilities.c.id == int(first.keys["id"][1])).values(version=99))
    third = cache.get(seeded)
    for name in ("tree.pickle", "lon.npy", "key:id.npy"):
        assert (store.root / third.name / name).samefile(store.root / again.name / name), name


def _edit(conn, rng: random.Random, step: int) -> tuple[str, int]:
    """One edit as the write paths make it (a new version, logged; a removal is not); returns (kind, facility)."""
    ids = conn.execute(sa.select(facilities.c.id)).scalars().all()
    facility = rng.choice(ids)
    one = facilities.c.id == facility
    kind = rng.choice(("close", "move", "rename", "reopen", "remove", "add"))
    bump = {"version": facilities.c.version + 1}
    if kind == "close":
        conn.execute(sa.update(facilities).where(one).values(status="closed", **bump))
    elif kind == "move":
        conn.execute(sa.update(facilities).where(one).values(lat=facilities.c.lat + 0.3, **bump))
    elif kind in ("rename", "reopen"):
        conn.execute(sa.update(facilities).where(one).values(name_th=f"ชื่อใหม่ {step}", status="open", **bump))
    elif kind == "remove":
        conn.execute(sa.delete(facilities).where(one))
    else:
        (facility,) = insert_facility_rows(conn, [{**_record(rng, f"ใหม่ {step}"), "status": "open", "valid_to": None}])
    if kind not in ("remove", "add"):  # insert_facilities logs its own
        version = conn.execute(sa.select(facilities.c.version).where(one)).scalar()
        now = dt.datetime.now(dt.UTC)
        conn.execute(
            sa.insert(facility_versions).values(
                facility_id=facility, version=version, data={}, change="update", changed_at=now
            )
        )
    return kind, facility


def _shown_as_it_is(engine, caches: list[FacilityIndexCache], facility: int, places: list[tuple]) -> None:
    """Where the facility was and is, every reader shows it as the database holds it now (and not at all when it
    is closed or removed)."""
    with engine.connect() as conn:
        now = conn.execute(sa.select(facilities).where(facilities.c.id == facility)).mappings().first()
    visible = now is not None and now["status"] not in finder.HIDDEN_STATUSES
    visible = visible and (now["valid_to"] is None or now["valid_to"] >= clock.today())
    for cache in caches:
        for lat, lon in places:
            found = find_nearest(engine, cache, FinderQuery(lat=lat, lon=lon, type=None, k=10))
            shown = [item for item in found["items"] if item["id"] == facility]
            if visible and (lat, lon) == (now["lat"], now["lon"]):
                assert shown, f"facility {facility} is not shown where it is"
            for item in shown:
                assert visible, item
                assert (item["name_th"], item["lat"], item["lon"]) == (now["name_th"], now["lat"], now["lon"]), item


@pytest.mark.system  # starts the builder in its own process, with readers in threads, for seconds
def test_edits_while_readers_run_never_wait_for_the_builder(seeded, store, tmp_path, monkeypatch):
    url = seeded.url.render_as_string(hide_password=False)
    builder = finder_builder.start(tmp_path / "data", url)
    try:
        assert finder_builder.wait_for_first_copy(store, builder, 120), "the builder made no copy"
        builders = _spy_builds(monkeypatch)
        caches = [FacilityIndexCache(store=store) for _ in range(3)]
        waits: list[float] = []
        swaps: list[float] = []
        opened = finder.open_stored

        def timed_open(*a):  # in CPU seconds of the thread: the machine's other load does not count
            started = time.thread_time()
            try:
                return opened(*a)
            finally:
                swaps.append(time.thread_time() - started)

        monkeypatch.setattr(finder, "open_stored", timed_open)
        checked: list[int] = []  # answers given from an older copy, the facilities shown read again
        check = finder._checked
        monkeypatch.setattr(finder, "_checked", lambda *a: checked.append(1) or check(*a))
        stop = threading.Event()

        def read(cache: FacilityIndexCache, seed: int) -> None:
            rng = random.Random(seed)
            while not stop.is_set():
                q = _queries(rng, 1)[0]
                started = time.thread_time()
                find_nearest_facilities(seeded, cache, q)
                waits.append(time.thread_time() - started)

        readers = [threading.Thread(target=read, args=(cache, i)) for i, cache in enumerate(caches)]
        for reader in readers:
            reader.start()
        try:
            rng = random.Random(17)
            for step in range(20):
                with seeded.connect() as conn:
                    before = conn.execute(sa.select(facilities.c.id, facilities.c.lat, facilities.c.lon)).all()
                with seeded.begin() as conn:
                    kind, facility = _edit(conn, rng, step)
                # the edit's answer is out: every answer from now on shows the facility as it is
                with seeded.connect() as conn:
                    now = conn.execute(sa.select(facilities.c.lat, facilities.c.lon).where(facilities.c.id == facility))
                    places = [*now.all(), *((row.lat, row.lon) for row in before if row.id == facility)]
                _shown_as_it_is(seeded, caches, facility, [tuple(p) for p in places])
                time.sleep(rng.uniform(0, 0.3))
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        assert builders == [], "a reader built or patched the index: it waited for a write"
        assert swaps and checked, "no reader swapped to a newer copy, or none answered while one was made"
        # the longest answer took no more work than the longest swap and an answer read again from the database
        assert waits and max(waits) < max(swaps) + 0.5, (max(waits), max(swaps))
        with seeded.connect() as conn:
            latest = versions.current(conn, "facilities")
        deadline = time.monotonic() + 60
        while any(cache.get(seeded).fingerprint != latest for cache in caches) and time.monotonic() < deadline:
            time.sleep(0.1)
        monkeypatch.undo()
        with seeded.connect() as conn:
            fresh = FacilityIndexCache().get(conn)
        for cache in caches:
            assert cache.get(seeded).fingerprint == latest, "the builder did not catch up"
            _same(cache.get(seeded), fresh)
        reference = FacilityIndexCache()
        for q in _queries(random.Random(23), 30):
            assert find_nearest(seeded, caches[0], q) == find_nearest(seeded, reference, q)
    finally:
        finder_builder.stop(builder)
    assert builder.returncode == 0
