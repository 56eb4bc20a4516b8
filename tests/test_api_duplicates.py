"""The review queue through the API (Flask test client on the demo app): who may see and decide which pairs."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from data.imports import run_import
from data.schema import duplicate_pairs, facilities

pytestmark = pytest.mark.usefixtures("quick_hashes")  # users here sign in with tokens or test roles

# two test sites 12 m apart in Mueang Chiang Mai (district 5001), written two ways; removed again after the module
LAT, LON = 18.7905, 98.9870
ROWS = (
    "facility_id,type,name_th,lat,lon,phone\n"
    "APIDUP-1,test_site,จุดตรวจโควิด หอประชุมทดสอบ ๒,{lat},{lon},\n"
    "APIDUP-2,test_site,จุดตรวจโควิดหอประชุมทดสอบ 2,{lat2},{lon},053 000 111\n"
)


# Every test here writes: each gets the demo app on a database of its own (fixtures_app.own_demo), never the session's
# shared demo database, so that no test sees another's rows.
@pytest.fixture
def demo_state(own_demo):
    return own_demo.state


@pytest.fixture
def client(own_demo):
    return own_demo.client


def _user(engine, role: str, area: str) -> str:
    from data.users import create_token, create_user

    name = f"dup_{role}_{area}_{uuid.uuid4().hex[:6]}"
    with engine.begin() as conn:
        create_user(conn, name, "a-long-password-1", role, area)
        return create_token(conn, name)


@pytest.fixture
def people(demo_state):
    engine = demo_state.engine
    return {
        "coordinator": _user(engine, "coordinator", "5001"),
        "elsewhere": _user(engine, "coordinator", "5002"),
        "province": _user(engine, "province_admin", "50"),
        "volunteer": _user(engine, "volunteer", "500101"),
    }


@pytest.fixture
def pair(demo_state):
    """A queued pair of two facilities uploaded for the test; both are deleted afterwards (the pair with them)."""
    content = ROWS.format(lat=LAT, lat2=LAT + 0.000108, lon=LON).encode()
    report = run_import(demo_state, "facilities", content, "apidup.csv")
    assert report["new"] == 2 and len(report["warnings"]) == 1, report
    with demo_state.engine.connect() as conn:
        ids = dict(conn.execute(sa.select(facilities.c.external_id, facilities.c.id).where(_ours())).all())
        row = conn.execute(sa.select(duplicate_pairs).where(duplicate_pairs.c.facility_a == min(ids.values()))).one()
    yield {"id": row.id, "first": ids["APIDUP-1"], "second": ids["APIDUP-2"]}
    with demo_state.engine.begin() as conn:
        conn.execute(sa.delete(facilities).where(_ours()))


def _ours():
    return facilities.c.external_id.in_(["APIDUP-1", "APIDUP-2"])


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_without_sign_in_401_and_a_volunteer_403(client, people, pair):
    assert client.get("/api/v1/duplicates").status_code == 401
    assert client.post(f"/api/v1/duplicates/{pair['id']}/dismiss").status_code == 401
    refused = client.get("/api/v1/duplicates", headers=auth(people["volunteer"]))
    assert refused.status_code == 403 and set(refused.get_json()) == {"error", "error_th", "problems"}
    merge = client.post(f"/api/v1/duplicates/{pair['id']}/merge", json={"keep": pair["first"]})
    assert merge.status_code == 401


def test_the_queue_shows_pairs_of_ones_own_area_only(client, people, pair):
    body = client.get("/api/v1/duplicates", headers=auth(people["coordinator"])).get_json()
    mine = [p for p in body["items"] if p["id"] == pair["id"]]
    assert len(mine) == 1 and mine[0]["status"] == "pending" and mine[0]["distance_m"] == pytest.approx(12, abs=0.2)
    assert {mine[0]["a"]["id"], mine[0]["b"]["id"]} == {pair["first"], pair["second"]}
    assert mine[0]["a"]["district"] == "5001" and mine[0]["a"]["type"] == "test_site"
    province = client.get("/api/v1/duplicates", headers=auth(people["province"])).get_json()
    assert pair["id"] in [p["id"] for p in province["items"]]
    elsewhere = client.get("/api/v1/duplicates", headers=auth(people["elsewhere"])).get_json()
    assert pair["id"] not in [p["id"] for p in elsewhere["items"]]
    bad = client.get("/api/v1/duplicates?status=maybe", headers=auth(people["coordinator"]))
    assert bad.status_code == 422 and bad.get_json()["problems"][0]["column"] == "status"


def test_another_district_may_not_decide(client, people, pair):
    for action, body in (("dismiss", None), ("merge", {"keep": pair["first"]})):
        answer = client.post(f"/api/v1/duplicates/{pair['id']}/{action}", json=body, headers=auth(people["elsewhere"]))
        assert answer.status_code == 403 and "5002" in answer.get_json()["error"]
    assert client.post("/api/v1/duplicates/99999999/dismiss", headers=auth(people["coordinator"])).status_code == 404


def test_merge_needs_one_of_the_pair_to_keep(client, people, pair):
    url = f"/api/v1/duplicates/{pair['id']}/merge"
    # "²": a character str.isdigit() accepts and int() refuses (it answered 500)
    for body in (None, {}, {"keep": "x"}, {"keep": 99999999}, {"keep": "²"}, {"keep": True}, {"keep": [1]}):
        answer = client.post(url, json=body, headers=auth(people["coordinator"]))
        assert answer.status_code == 422 and answer.get_json()["problems"][0]["column"] == "keep"


def test_merge_keeps_one_closes_the_other_and_shows_in_its_history(client, people, pair):
    url = f"/api/v1/duplicates/{pair['id']}/merge"
    answer = client.post(url, json={"keep": str(pair["first"])}, headers=auth(people["coordinator"]))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["status"] == "merged" and answer.get_json()["kept"] == pair["first"]
    kept = client.get(f"/api/v1/facilities/{pair['first']}", headers=auth(people["coordinator"])).get_json()
    closed = client.get(f"/api/v1/facilities/{pair['second']}", headers=auth(people["coordinator"])).get_json()
    assert kept["phone"] == "053 000 111" and [h["change"] for h in kept["history"]] == ["create", "merge"]
    assert closed["status"] == "closed" and closed["history"][-1]["data"]["merged_into"] == pair["first"]
    again = client.post(url, json={"keep": pair["first"]}, headers=auth(people["coordinator"]))
    assert again.status_code == 409
    pending = client.get("/api/v1/duplicates", headers=auth(people["coordinator"])).get_json()
    assert pair["id"] not in [p["id"] for p in pending["items"]]
    merged = client.get("/api/v1/duplicates?status=merged", headers=auth(people["coordinator"])).get_json()
    assert pair["id"] in [p["id"] for p in merged["items"]]


def test_dismiss(client, people, pair):
    answer = client.post(f"/api/v1/duplicates/{pair['id']}/dismiss", headers=auth(people["province"]))
    assert answer.status_code == 200 and answer.get_json()["status"] == "dismissed"


def test_the_routes_are_documented(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/duplicates", "/api/v1/duplicates/{pair_id}/dismiss", "/api/v1/duplicates/{pair_id}/merge"} <= set(
        paths
    )
