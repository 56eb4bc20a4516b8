"""GET /api/v1/nearest writes its answer from each facility's JSON, kept with the index: the same bytes ``jsonify``
writes, and each item what /api/v1/facilities/<id> says of the facility plus distance_km, open_now and stale.

Facilities made awkward for JSON (Thai, quotes, backslashes, control characters, an emoji, no values at all, dates,
beds, services, opening hours of each kind, old and fresh) on each database; then the demo's real facilities."""

from __future__ import annotations

import datetime as dt

import brotli
import numpy as np
import pytest
import sqlalchemy as sa

import dashboard.api.nearest as api_nearest
from data.facilities import insert_facilities
from data.finder import find_nearest_facilities
from data.finder_query import finder_query
from data.schema import facilities
from geo.nearest import geodesic_m

LAT, LON = 13.75, 100.5
OLD = dt.datetime(2021, 8, 1, 9, 30, tzinfo=dt.UTC)
AWKWARD = [
    dict(
        type="hospital", name_th="โรงพยาบาลศิริราช", name_en='The "Siriraj" \\ hospital', beds_total=10, beds_available=0
    ),
    dict(type="hospital", name_th="รพ.\tแท็บ\nบรรทัดใหม่", address="\x01\x1f control", opening_hours="24 ชั่วโมง"),
    dict(type="hospital", name_th="🏥 อิโมจิ", phone="02-419-7000", services=["walk_in", "child_doses"], synthetic=True),
    dict(type="hospital", name_th="ไม่มีข้อมูล", opening_hours="08:30-12:00, 13:00-16:30", updated_at=OLD),
    dict(type="hospital", name_th="กลางคืน", opening_hours="22:00-06:00", status="full", services=[]),
    dict(type="hospital", name_th="โทรถาม", opening_hours="โทรถามก่อน", external_id="EXT-</script>"),
    dict(
        type="field_hospital",
        name_th="รพ.สนาม",
        valid_from=dt.date(2021, 7, 1),
        valid_to=dt.date(2021, 12, 31),
        services=["home_visit"],
    ),
]
QUERIES = [
    "type=hospital&k=50",
    "type=hospital&k=2",
    "type=hospital&k=50&open_now=1",
    "type=hospital&k=50&max_km=0.3",
    "type=hospital&k=50&service=walk_in,child_doses",
    "type=field_hospital&date=2021-08-15",
    "type=field_hospital",  # not valid today: nothing
    "type=test_site",  # none at all
]


@pytest.fixture
def awkward_app(deployed_state):
    from app import create_app

    _, state = deployed_state
    records = [dict(record, lat=LAT + 0.001 * i, lon=LON) for i, record in enumerate(AWKWARD)]
    with state.engine.begin() as conn:
        insert_facilities(conn, records)
    return create_app(state.settings, state)


def _both(app, path: str) -> tuple[bytes, bytes]:
    """(the answer as the route writes it, as jsonify writes it) for one finder result."""
    server = app.server
    with server.test_request_context(path) as context:
        query = finder_query(context.request.args)
        state = server.extensions["jitasa"]
        with state.engine.connect() as conn:
            found = find_nearest_facilities(conn, state.facility_index, query, state.settings.stale_days)
        return api_nearest.answer_json(found, query), api_nearest.plain_answer(found, query).get_data()


def test_the_answer_is_the_bytes_jsonify_writes(awkward_app):
    seen = {"open_now": set(), "stale": set()}
    for params in QUERIES:
        fast, plain = _both(awkward_app, f"/api/v1/nearest?lat={LAT}&lon={LON}&{params}")
        assert fast == plain, params
        for item in awkward_app.server.json.loads(fast)["items"]:
            seen["open_now"].add(item["open_now"])
            seen["stale"].add(item["stale"])
    # every value of the per-query fields was written (at any hour one of the day's or the night's hours is closed)
    assert seen == {"open_now": {True, False, None}, "stale": {True, False}}


def test_each_item_is_the_facility_as_its_own_answer_says(awkward_app):
    client = awkward_app.server.test_client()
    response = client.get(f"/api/v1/nearest?lat={LAT}&lon={LON}&type=hospital&k=50", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Encoding"] == "br"  # the after-request hooks ran (compression)
    body = brotli.decompress(response.get_data())
    assert "โรงพยาบาลศิริราช".encode() in body  # Thai as it is, not escaped
    answer = awkward_app.server.json.loads(body)
    assert answer["k"] == 50 and answer["max_km"] is None and answer["total"] == 6 == len(answer["items"])
    for item in answer["items"]:
        own = client.get(f"/api/v1/facilities/{item['id']}").get_json()
        assert {k: v for k, v in item.items() if k not in api_nearest.PER_QUERY_FIELDS} == own
        metres = geodesic_m(LON, LAT, [own["lon"]], [own["lat"]])[0]
        assert item["distance_km"] == round(float(metres) / 1000, 3)
        assert item["stale"] is (own["name_th"] == "ไม่มีข้อมูล")  # the only one updated long ago


def test_an_edited_facility_is_answered_as_it_now_is(awkward_app):
    """The JSON kept for a facility goes with its index: an edit makes a new index, so a new JSON."""
    client = awkward_app.server.test_client()
    path = f"/api/v1/nearest?lat={LAT}&lon={LON}&type=hospital&k=1"
    assert client.get(path).get_json()["items"][0]["name_th"] == "โรงพยาบาลศิริราช"
    state = awkward_app.server.extensions["jitasa"]
    with state.engine.begin() as conn:
        conn.execute(  # as every write path of the app does: a new version of the row
            sa.update(facilities)
            .where(facilities.c.name_th == "โรงพยาบาลศิริราช")
            .values(name_th="แก้แล้ว", version=facilities.c.version + 1)
        )
    assert client.get(path).get_json()["items"][0]["name_th"] == "แก้แล้ว"


def test_the_json_kept_is_bounded_and_the_answer_unchanged_when_forgotten(awkward_app, monkeypatch):
    monkeypatch.setattr(api_nearest, "ITEM_JSON_CACHE", 2)
    for _ in range(2):
        fast, plain = _both(awkward_app, f"/api/v1/nearest?lat={LAT}&lon={LON}&type=hospital&k=50")
        assert fast == plain
    kept = awkward_app.server.extensions["jitasa"].facility_index._current.derived
    assert all(len(cache) <= 2 for cache in kept.values())


def test_readable_json_in_debug_mode_is_the_same_answer(awkward_app, monkeypatch):
    path = f"/api/v1/nearest?lat={LAT}&lon={LON}&type=hospital&k=50"
    client = awkward_app.server.test_client()
    compact = client.get(path).get_data()
    monkeypatch.setattr(awkward_app.server.json, "compact", False)  # what debug mode does: indented, through jsonify
    readable = client.get(path).get_data()
    assert b"\n  " in readable and b"\n  " not in compact
    assert awkward_app.server.json.loads(readable) == awkward_app.server.json.loads(compact)


def test_the_demo_answers_are_the_bytes_jsonify_writes(demo_app):
    """Real facilities (Thai names, hours, beds, dates) at 40 points of each type, with and without the filters."""
    rng = np.random.default_rng(4)
    for kind in ("vaccination_point", "test_site", "hospital", "field_hospital", "community_isolation"):
        for i, (lat, lon) in enumerate(zip(rng.uniform(6, 20, 40), rng.uniform(98, 105, 40))):
            extra = ("", "&open_now=1", "&max_km=30", "&date=2021-08-15", "&service=walk_in&k=12")[i % 5]
            fast, plain = _both(demo_app, f"/api/v1/nearest?lat={lat:.5f}&lon={lon:.5f}&type={kind}{extra}")
            assert fast == plain, (kind, lat, lon, extra)
