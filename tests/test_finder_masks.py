"""data.finder: the filters are computed once per index and counted once, never changed by a query; the answer by
positions (``find_nearest_facilities``) and the answer as rows (``find_nearest``) say the same. Six hospitals beside
one spot, on each database, at a fixed time."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from data.facilities import insert_facilities
from data.finder import FacilityIndexCache, FinderQuery, _mask, find_nearest, find_nearest_facilities
from geo.clock import BANGKOK

LAT, LON = 13.75, 100.5
OLD = dt.datetime(2021, 8, 1, tzinfo=dt.UTC)
HOSPITALS = [  # name, opening hours, status, services; 0.001° of latitude (≈ 111 m) apart, nearest first
    ("day", "08:30-16:30", "open", ["walk_in"]),
    ("always", "24 ชั่วโมง", "open", None),
    ("unknown", None, "full", ["walk_in", "child_doses"]),
    ("night", "22:00-06:00", "open", None),
    ("closed", "08:00-20:00", "closed", ["walk_in"]),
    ("call", "โทรถามก่อน", "open", None),
]


@pytest.fixture
def cache(engine) -> FacilityIndexCache:
    records = [
        dict(
            type="hospital",
            name_th=name,
            lat=LAT + 0.001 * i,
            lon=LON,
            opening_hours=hours,
            status=status,
            services=services,
            updated_at=OLD if i % 2 else None,
        )
        for i, (name, hours, status, services) in enumerate(HOSPITALS)
    ]
    with engine.begin() as conn:
        insert_facilities(conn, records)
    return FacilityIndexCache()


def _at(hour: int, **fields) -> FinderQuery:
    fields = {"k": 10, **fields}
    return FinderQuery(
        lat=LAT, lon=LON, type="hospital", now=dt.datetime(2021, 8, 15, hour, 0, tzinfo=BANGKOK), **fields
    )


def test_a_filter_is_computed_once_counted_once_and_never_changed(engine, cache):
    with engine.connect() as conn:
        current = cache.get(conn)
    plain = _at(20)
    mask, count = _mask(current, plain, plain.now)
    before = mask.copy()
    assert _mask(current, plain, plain.now)[0] is mask and count == int(np.count_nonzero(mask)) == 5

    open_mask, open_count = _mask(current, _at(20, open_now=True), plain.now)
    assert open_mask is not mask and open_count == int(np.count_nonzero(open_mask)) == 3  # not "day", not "night" yet
    np.testing.assert_array_equal(mask, before)  # the filter without "open now" is as it was
    assert _mask(current, _at(20, open_now=True), plain.now)[0] is open_mask  # the same minute: the same filter
    assert _mask(current, _at(10, open_now=True), _at(10).now)[1] == 4  # "night" closed, "day" open
    assert _mask(current, _at(20, services=("walk_in",)), plain.now)[1] == 2


def test_the_rows_are_the_positions_answer_as_rows(engine, cache):
    with engine.connect() as conn:
        for query in (_at(20), _at(20, open_now=True), _at(23, max_km=0.25), _at(10, k=2, services=("walk_in",))):
            found = find_nearest_facilities(conn, cache, query)
            rows = find_nearest(conn, cache, query)
            assert rows["total"] == found.total
            assert [r["name_th"] for r in rows["items"]] == [found.index.row(p)["name_th"] for p in found.positions]
            assert [(r["distance_km"], r["open_now"], r["stale"]) for r in rows["items"]] == list(
                zip(found.distance_km, found.open_now, found.stale)
            )
        at_night = find_nearest(conn, cache, _at(23))
        assert find_nearest(conn, cache, _at(23, max_km=0.25))["total"] == 3
    flags = {r["name_th"]: (r["open_now"], r["stale"]) for r in at_night["items"]}
    # stale: the odd ones, updated on 2021-08-01 (over 14 days before the query); the others were written today
    assert flags == {
        "day": (False, False),
        "always": (True, True),
        "unknown": (None, False),
        "night": (True, True),
        "call": (None, True),
    }
    assert [r["distance_km"] for r in at_night["items"]][:2] == [0.0, 0.111]
