"""GET /api/v1/nearest on the demo data: the same facilities in the same order as a brute-force geodesic search.

The reference is built from what any client can read: ``GET /api/v1/facilities?type=T&format=geojson``, then the
finder's visibility rule applied by hand (status not closed/temporarily_closed; a temporary site only when the date
is within valid_from..valid_to, the date being today in Bangkok unless given; the services asked all offered; "open
now" unless the opening hours say closed), then ``geo.nearest.brute_force_nearest`` over every visible facility.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import uuid
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import sqlalchemy as sa

from data.registries import FACILITY_TYPES
from geo.nearest import brute_force_nearest

BANGKOK = ZoneInfo("Asia/Bangkok")
THAILAND_BBOX = (97.5, 5.7, 105.5, 20.4)
# oxygen refill points (2021) have no public list to load: the demo has none, so brute force has nothing to compare
TYPES = tuple(c for c in FACILITY_TYPES.codes if c != "oxygen_refill")
TEMPORARY_TYPES = ("field_hospital", "community_isolation")  # the demo's temporary sites (valid Jul 2021 to 2022)
A_DAY_OF_THE_WAVE = "2021-08-15"  # some of the demo's temporary sites have opened by then, some not yet
HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")  # the only form the demo's opening hours take


# -- the reference ------------------------------------------------------------------------------------------------
def _facilities(client, kind: str) -> list[dict]:
    response = client.get(f"/api/v1/facilities?type={kind}&format=geojson")
    assert response.status_code == 200
    return response.get_json()["features"]


def _open_by_hours(hours: str | None, moment: dt.datetime) -> bool:
    """What "open now" keeps: unknown hours count as open; "HH:MM-HH:MM" is open from start until before end."""
    if hours is None:
        return True
    match = HOURS.match(hours)
    assert match, f"the demo's hours changed form: {hours!r}; extend this reference"
    h1, m1, h2, m2 = (int(x) for x in match.groups())
    return h1 * 60 + m1 <= moment.hour * 60 + moment.minute < h2 * 60 + m2


def _visible(features: list[dict], day: dt.date, services=(), open_at: dt.datetime | None = None) -> list[dict]:
    kept = []
    for feature in features:
        p = feature["properties"]
        if p["status"] in ("closed", "temporarily_closed"):
            continue
        if p["valid_from"] and dt.date.fromisoformat(p["valid_from"]) > day:
            continue
        if p["valid_to"] and dt.date.fromisoformat(p["valid_to"]) < day:
            continue
        if any(s not in (p["services"] or []) for s in services):
            continue
        if open_at is not None and not _open_by_hours(p["opening_hours"], open_at):
            continue
        kept.append(feature)
    return kept


def _brute_force(features: list[dict], lat: float, lon: float) -> tuple[list[int], np.ndarray]:
    """(ids, metres) of every facility given, nearest first, ties in the list's order (by id)."""
    if not features:
        return [], np.array([])
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    order, distances = brute_force_nearest(lon, lat, lons, lats, len(features))
    return [features[i]["id"] for i in order], distances


def _nearest(client, lat: float, lon: float, **params) -> dict:
    query = "&".join(f"{k}={v}" for k, v in {"lat": lat, "lon": lon, **params}.items())
    response = client.get(f"/api/v1/nearest?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _assert_same(answer: dict, ids: list[int], metres: np.ndarray, k: int, where) -> None:
    got = [item["id"] for item in answer["items"]]
    assert got == ids[:k], where
    assert [item["distance_km"] for item in answer["items"]] == [round(float(m) / 1000, 3) for m in metres[:k]], where


def _today() -> dt.date:
    return dt.datetime.now(BANGKOK).date()


@pytest.fixture(scope="module")
def points_in_thailand(demo_state) -> np.ndarray:
    """(lat, lon) rows: seeded random points of the bounding box that fall in a subdistrict (on land, in Thailand)."""
    rng = np.random.default_rng(42)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    lon, lat = rng.uniform(min_lon, max_lon, 4000), rng.uniform(min_lat, max_lat, 4000)
    inside = demo_state.locator.locate(lon, lat)["subdistrict"].notna().to_numpy()
    points = np.column_stack([lat[inside], lon[inside]]).round(6)
    assert len(points) >= 100 * len(TYPES)
    return points


def _points(points_in_thailand, kind: str, n: int = 100) -> np.ndarray:
    """A different slice of the points for each type."""
    start = TYPES.index(kind) * 100
    return points_in_thailand[start : start + n]


@pytest.fixture
def clock(monkeypatch):
    """Sets the finder's "now" (``data.finder`` reads Bangkok's clock through ``geo.clock``); only the finder sees it."""
    import data.finder as finder
    from geo import clock as real_clock

    def set_now(moment: dt.datetime) -> None:
        fixed = types.SimpleNamespace(**vars(real_clock))
        fixed.now = lambda: moment.astimezone(real_clock.BANGKOK)
        fixed.today = lambda: fixed.now().date()
        monkeypatch.setattr(finder, "clock", fixed)

    return set_now


# -- the done-when: the same facilities, in the same order, as brute force ---------------------------------------------
@pytest.mark.parametrize("kind", TYPES)
def test_nearest_is_the_brute_force_answer_at_100_points(client, points_in_thailand, kind):
    features = _facilities(client, kind)
    visible = _visible(features, _today())
    if kind not in TEMPORARY_TYPES:
        assert len(visible) > 50  # the demo has these; an empty comparison would prove nothing
    for lat, lon in _points(points_in_thailand, kind):
        answer = _nearest(client, lat, lon, type=kind, k=10)
        ids, metres = _brute_force(visible, lat, lon)
        _assert_same(answer, ids, metres, 10, (kind, lat, lon))
        assert answer["total"] == len(visible) and answer["k"] == 10 and answer["max_km"] is None


@pytest.mark.parametrize("kind", TEMPORARY_TYPES)
def test_temporary_sites_on_a_date_are_the_brute_force_answer(client, points_in_thailand, kind):
    features = _facilities(client, kind)
    visible = _visible(features, dt.date.fromisoformat(A_DAY_OF_THE_WAVE))
    assert 0 < len(visible) < len(features)  # the date decides for some of them
    for lat, lon in _points(points_in_thailand, kind):
        answer = _nearest(client, lat, lon, type=kind, k=10, date=A_DAY_OF_THE_WAVE)
        ids, metres = _brute_force(visible, lat, lon)
        _assert_same(answer, ids, metres, 10, (kind, lat, lon))
        assert answer["total"] == len(visible)
        valid = [(i["valid_from"], i["valid_to"]) for i in answer["items"]]
        assert all(f <= A_DAY_OF_THE_WAVE <= t for f, t in valid)


@pytest.mark.parametrize("max_km", [5, 25, 100])
@pytest.mark.parametrize("kind", ["hospital", "vaccination_point"])
def test_max_km_limits_the_distances_and_total_counts_within_it(client, points_in_thailand, kind, max_km):
    visible = _visible(_facilities(client, kind), _today())
    limited = False
    for lat, lon in _points(points_in_thailand, kind, 30):
        answer = _nearest(client, lat, lon, type=kind, k=10, max_km=max_km)
        ids, metres = _brute_force(visible, lat, lon)
        within = metres <= max_km * 1000
        _assert_same(answer, list(np.array(ids)[within]), metres[within], 10, (kind, lat, lon, max_km))
        assert all(item["distance_km"] <= max_km for item in answer["items"])
        assert answer["total"] == int(within.sum()) and answer["max_km"] == max_km
        limited |= answer["total"] < len(visible)
    assert limited  # the limit left some facilities out


@pytest.mark.parametrize("services", ["walk_in", "child_doses", "home_visit,child_doses"])
def test_service_filter_keeps_facilities_offering_every_service_asked(client, points_in_thailand, services):
    visible = _visible(_facilities(client, "vaccination_point"), _today(), services.split(","))
    assert 0 < len(visible) < 154
    for lat, lon in _points(points_in_thailand, "vaccination_point", 30):
        answer = _nearest(client, lat, lon, type="vaccination_point", k=10, service=services)
        ids, metres = _brute_force(visible, lat, lon)
        _assert_same(answer, ids, metres, 10, (services, lat, lon))
        assert answer["total"] == len(visible)
        assert all(set(services.split(",")) <= set(item["services"]) for item in answer["items"])


def test_a_service_no_hospital_lists_finds_nothing(client):
    answer = _nearest(client, 13.75, 100.5, type="hospital", service="walk_in")
    assert answer == {"items": [], "total": 0, "k": 5, "max_km": None}


@pytest.mark.parametrize("hour,open_synthetic", [(10, True), (8, False), (16, True), (20, False)])
@pytest.mark.parametrize("kind", TYPES)
def test_open_now_is_the_brute_force_answer_at_a_fixed_time(
    client, clock, points_in_thailand, kind, hour, open_synthetic
):
    """The demo's synthetic sites keep 08:30-16:30; the real hospitals and test sites have no hours (kept).
    The finder's clock is set to a day of the wave, so the default date follows it too."""
    moment = dt.datetime.fromisoformat(A_DAY_OF_THE_WAVE).replace(hour=hour, minute=15, tzinfo=BANGKOK)
    clock(moment)
    visible = _visible(_facilities(client, kind), moment.date(), open_at=moment)
    everything = _visible(_facilities(client, kind), moment.date())
    if kind in ("vaccination_point", *TEMPORARY_TYPES):
        with_hours = [f for f in everything if f["properties"]["opening_hours"]]
        shown = [f for f in visible if f["properties"]["opening_hours"]]
        # (a site added by another test without hours is "hours unknown": kept, like the real hospitals)
        assert with_hours and len(shown) == (len(with_hours) if open_synthetic else 0)
    else:
        assert len(visible) == len(everything) > 0
    for lat, lon in _points(points_in_thailand, kind, 10):
        answer = _nearest(client, lat, lon, type=kind, k=10, open_now=1)
        ids, metres = _brute_force(visible, lat, lon)
        _assert_same(answer, ids, metres, 10, (kind, hour, lat, lon))
        assert answer["total"] == len(visible)
        assert all(item["open_now"] is (True if item["opening_hours"] else None) for item in answer["items"])


def test_open_now_flags_are_given_without_the_filter(client, clock):
    clock(dt.datetime(2021, 8, 15, 20, 0, tzinfo=BANGKOK))
    answer = _nearest(client, 13.75, 100.5, type="vaccination_point", k=3)
    assert len(answer["items"]) == 3 and all(item["open_now"] is False for item in answer["items"])


def test_open_now_at_the_real_time_never_returns_a_closed_facility(client):
    for kind in TYPES:
        answer = _nearest(client, 13.75, 100.5, type=kind, k=50, open_now="true")
        assert all(item["open_now"] is not False for item in answer["items"])


# -- the request ------------------------------------------------------------------------------------------------------
def test_defaults_thai_digits_and_type_labels(client):
    answer = _nearest(client, 13.75, 100.5)
    assert answer["k"] == 5 and len(answer["items"]) == 5
    assert all(item["type"] == "vaccination_point" for item in answer["items"])
    distances = [item["distance_km"] for item in answer["items"]]
    assert distances == sorted(distances)
    assert _nearest(client, "๑๓.๗๕", "๑๐๐.๕") == answer
    assert _nearest(client, 13.75, 100.5, type="โรงพยาบาล", k=5) == _nearest(client, 13.75, 100.5, type="hospital")
    assert _nearest(client, 13.75, 100.5, type="Hospital") == _nearest(client, 13.75, 100.5, type="hospital")


@pytest.mark.parametrize(
    "query,column,message",
    [
        ("lat=98.98&lon=18.78", "lat", "did you swap lat and lon?"),
        ("lat=100.5&lon=13.75", "lat", "did you swap lat and lon?"),
        ("lat=-13.75&lon=100.5", "lat", "outside Thailand"),
        ("lat=51.5&lon=-0.12", "lat", "outside Thailand"),
        ("lat=13.75&lon=200", "lon", "between -180 and 180"),
        ("lat=abc&lon=100.5", "lat", "must be a number"),
        ("lat=13.75&lon=1e", "lon", "must be a number"),
        ("lat=nan&lon=100.5", "lat", "between -90 and 90"),
        ("lon=100.5", "lat", "lat is required"),
        ("lat=13.75&lon=", "lon", "lon is required"),
        ("lat=13.75&lon=100.5&k=51", "k", "from 1 to 50"),
        ("lat=13.75&lon=100.5&k=0", "k", "from 1 to 50"),
        ("lat=13.75&lon=100.5&k=-1", "k", "from 1 to 50"),
        ("lat=13.75&lon=100.5&k=2.5", "k", "from 1 to 50"),
        ("lat=13.75&lon=100.5&k=five", "k", "from 1 to 50"),
        ("lat=13.75&lon=100.5&k=%C2%B2", "k", "from 1 to 50"),  # "²".isdigit(), yet no number: was a 500
        ("lat=13.75&lon=100.5&type=spaceship", "type", "unknown type 'spaceship'"),
        ("lat=13.75&lon=100.5&service=teleport", "service", "unknown service 'teleport'"),
        ("lat=13.75&lon=100.5&service=walk_in,teleport", "service", "unknown service 'teleport'"),
        ("lat=13.75&lon=100.5&date=2021-13-01", "date", "YYYY-MM-DD"),
        ("lat=13.75&lon=100.5&date=yesterday", "date", "YYYY-MM-DD"),
        ("lat=13.75&lon=100.5&max_km=0", "max_km", "between"),
        ("lat=13.75&lon=100.5&max_km=far", "max_km", "must be a number"),
    ],
)
def test_bad_requests_are_422_with_a_message(client, query, column, message):
    response = client.get(f"/api/v1/nearest?{query}")
    assert response.status_code == 422
    body = response.get_json()
    assert message in body["error"] and body["error_th"]
    assert column in [p["column"] for p in body["problems"]]
    assert any(message in p["message_en"] and p["message_th"] for p in body["problems"])


@pytest.mark.parametrize("blank", ["%20", "%09", "%20%20"])
def test_a_k_of_only_spaces_is_the_default(client, blank):
    """k=%20 or k=%09 answered 500 (an IndexError: the page's parser saw a problem the API's did not)."""
    response = client.get(f"/api/v1/nearest?lat=13.75&lon=100.5&k={blank}")
    assert response.status_code == 200 and response.get_json()["k"] == 5


def test_every_problem_is_reported_at_once(client):
    body = client.get("/api/v1/nearest?lat=abc&lon=100.5&k=99&type=spaceship&date=soon").get_json()
    assert sorted(p["column"] for p in body["problems"]) == ["date", "k", "lat", "type"]


def test_a_location_outside_thailand_has_no_swap_hint_unless_swapped(client):
    body = client.get("/api/v1/nearest?lat=-13.75&lon=100.5").get_json()
    assert "swap" not in body["error"]


# -- the index follows the table -----------------------------------------------------------------------------------------
def test_the_index_is_rebuilt_when_facilities_change_and_only_then(own_demo):
    """Facilities inserted next to the query point through data.facilities: the open one comes first at once; the
    closed, the temporarily closed, the expired and the not-yet-open ones are never found. Deleted again afterwards
    (on a copy of the demo database of its own)."""
    client, demo_state = own_demo.client, own_demo.state  # it writes: the demo on a database of its own
    from data.facilities import insert_facilities
    from data.schema import facilities, facility_versions

    lat, lon = 14.35, 100.57  # Ayutthaya
    cache = demo_state.facility_index
    before = _nearest(client, lat, lon, type="hospital", k=3)
    built = cache._current
    assert _nearest(client, lat, lon, type="hospital", k=3) == before
    assert cache._current is built  # the same index: nothing changed, nothing rebuilt

    tag = uuid.uuid4().hex[:8]
    today = _today()
    near = dict(type="hospital", lat=lat + 0.0002, lon=lon, source="test_api_nearest")
    on_spot = dict(near, lat=lat)
    records = [
        dict(near, external_id=f"T-{tag}-open", name_th="เปิด", status="open"),
        dict(on_spot, external_id=f"T-{tag}-closed", name_th="ปิด", status="closed"),
        dict(on_spot, external_id=f"T-{tag}-paused", name_th="ปิดชั่วคราว", status="temporarily_closed"),
        dict(
            on_spot,
            external_id=f"T-{tag}-expired",
            name_th="หมดอายุ",
            valid_from=dt.date(2021, 7, 1),
            valid_to=today - dt.timedelta(days=1),
        ),
        dict(
            on_spot,
            external_id=f"T-{tag}-future",
            name_th="ยังไม่เปิด",
            valid_from=today + dt.timedelta(days=1),
            valid_to=today + dt.timedelta(days=30),
        ),
    ]
    with demo_state.engine.begin() as conn:
        insert_facilities(conn, records)
        ids = conn.execute(sa.select(facilities.c.id).where(facilities.c.source == "test_api_nearest")).scalars().all()
    try:
        after = _nearest(client, lat, lon, type="hospital", k=3)
        assert cache._current is not built
        assert after["items"][0]["external_id"] == f"T-{tag}-open"
        assert after["items"][0]["distance_km"] == pytest.approx(0.022, abs=0.001)  # 0.0002° of latitude
        assert [i["id"] for i in after["items"][1:]] == [i["id"] for i in before["items"][:2]]
        assert after["total"] == before["total"] + 1
        on_the_date = _nearest(client, lat, lon, type="hospital", k=2, date=(today + dt.timedelta(days=2)).isoformat())
        assert [i["external_id"] for i in on_the_date["items"]] == [f"T-{tag}-future", f"T-{tag}-open"]
    finally:
        with demo_state.engine.begin() as conn:
            conn.execute(sa.delete(facility_versions).where(facility_versions.c.facility_id.in_(ids)))
            conn.execute(sa.delete(facilities).where(facilities.c.id.in_(ids)))
    restored = _nearest(client, lat, lon, type="hospital", k=3)
    assert [i["id"] for i in restored["items"]] == [i["id"] for i in before["items"]]
    assert restored["total"] == before["total"]


def test_ties_come_in_id_order_on_both_databases(engine):
    """Two facilities at the same spot: the lower id first, as brute force over the facilities list (ordered by id)
    gives, even after the first one is edited (PostgreSQL then returns its row last from a table scan)."""
    from data.facilities import insert_facilities
    from data.finder import FacilityIndexCache, FinderQuery, find_nearest
    from data.schema import facilities

    with engine.begin() as conn:
        insert_facilities(conn, [dict(type="hospital", name_th=name, lat=13.75, lon=100.5) for name in "AB"])
        insert_facilities(
            conn,
            [
                dict(
                    type="field_hospital",
                    name_th="C",
                    lat=13.75,
                    lon=100.5,
                    valid_from=dt.date(2021, 7, 1),
                    valid_to=dt.date(2021, 12, 31),
                )
            ],
        )
    with engine.begin() as conn:
        conn.execute(
            sa.update(facilities)
            .where(facilities.c.name_th == "A")
            .values(phone="02", version=2, updated_at=dt.datetime.now(dt.UTC))
        )
    cache = FacilityIndexCache()
    with engine.connect() as conn:
        ids = conn.execute(sa.select(facilities.c.id).order_by(facilities.c.id)).scalars().all()
        found = find_nearest(conn, cache, FinderQuery(lat=13.751, lon=100.5, type="hospital", k=5))
        assert [r["id"] for r in found["items"]] == ids[:2]
        assert [r["distance_km"] for r in found["items"]] == [0.111, 0.111]
        on_date = FinderQuery(lat=13.75, lon=100.5, type="field_hospital", on_date=dt.date(2021, 8, 1))
        assert [r["name_th"] for r in find_nearest(conn, cache, on_date)["items"]] == ["C"]
        later = FinderQuery(lat=13.75, lon=100.5, type="field_hospital", on_date=dt.date(2022, 1, 1))
        assert find_nearest(conn, cache, later) == {"items": [], "total": 0}
