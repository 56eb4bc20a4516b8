"""Campaign, coordinator-registry and token routes (dashboard/api/campaigns.py, coordinators.py, tokens.py) through Flask's test client.

Opening and closing campaigns runs on an app of its own (the demo's areas, a fresh database), so that the demo's open
campaign, which other tests need, is never touched.
"""

from __future__ import annotations

import dataclasses
import io
import itertools

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from data.coordinators import add_coordinator
from data.schema import audit_log, users
from data.users import create_token, create_user

_names = itertools.count()
SURVEY_CSV = (
    b"survey_date,subdistrict,target_group,age,doses_received,intention\n2022-02-01,500101,elderly,72,0,wants\n"
)


# Every test here writes: each gets the demo app on a database of its own (fixtures_app.own_demo), never the session's
# shared demo database, so that no test sees another's rows.
@pytest.fixture
def demo_state(own_demo):
    return own_demo.state


@pytest.fixture
def client(own_demo):
    return own_demo.client


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Cheap argon2 parameters: these tests sign in with tokens, not passwords."""
    monkeypatch.setattr("data.users._hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


def _person(engine, role: str, area: str) -> dict:
    name = f"people_{role}_{next(_names)}"
    with engine.begin() as conn:
        user_id = create_user(conn, name, "long-enough-pw", role, area)
        token = create_token(conn, name)
    return {"id": user_id, "username": name, "headers": {"Authorization": f"Bearer {token}"}, "token": token}


@pytest.fixture
def person(demo_state):
    return lambda role, area: _person(demo_state.engine, role, area)


@pytest.fixture
def fresh(demo_state, tmp_path_factory):
    """An app on the demo's areas with an empty database of its own: (state, test client)."""
    from app import create_app
    from data.db import make_engine, migrate
    from data.finder import FacilityIndexCache

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('campaigns') / 'test.db'}")
    migrate(engine)
    state = dataclasses.replace(demo_state, engine=engine, facility_index=FacilityIndexCache())
    app = create_app(state.settings, state)
    yield state, app.server.test_client()
    engine.dispose()


# -- campaigns --------------------------------------------------------------------------------------------------------
def test_anyone_reads_the_campaigns(client):
    body = client.get("/api/v1/campaigns").get_json()
    assert body["total"] >= 1 and body["open"] == body["items"][0]["id"]
    assert {"name_th", "name_en", "opened_on", "closed_on", "closed_order_ref", "open"} <= set(body["items"][0])
    assert body["items"][0]["open"] is True and "created_by" not in body["items"][0]


@pytest.mark.parametrize("role,area", [("volunteer", "500101"), ("coordinator", "5001"), ("province_admin", "50")])
def test_only_a_national_admin_opens_or_closes(client, person, role, area):
    assert client.post("/api/v1/campaigns", json={"name_th": "x"}).status_code == 401
    headers = person(role, area)["headers"]
    answer = client.post("/api/v1/campaigns", json={"name_th": "รอบใหม่"}, headers=headers)
    assert answer.status_code == 403 and "national admin" in answer.get_json()["error"]
    campaign_id = client.get("/api/v1/campaigns").get_json()["open"]
    closing = client.post(f"/api/v1/campaigns/{campaign_id}/close", json={"closed_order_ref": "x"}, headers=headers)
    assert closing.status_code == 403 and closing.get_json()["error_th"]


def test_a_national_admin_opens_closes_with_the_order_and_surveys_are_refused_while_closed(fresh):
    state, client = fresh
    admin = _person(state.engine, "national_admin", "TH")["headers"]
    volunteer = _person(state.engine, "volunteer", "500101")["headers"]
    opened = client.post(
        "/api/v1/campaigns",
        json={"name_th": "สำรวจรอบ 1", "name_en": "Round 1", "opened_on": "17/01/2565"},
        headers=admin,
    )
    assert opened.status_code == 201, opened.get_json()
    campaign = opened.get_json()
    assert campaign["opened_on"] == "2022-01-17" and campaign["open"]
    again = client.post("/api/v1/campaigns", json={"name_th": "สำรวจรอบ 2"}, headers=admin)
    assert again.status_code == 422 and "still open" in again.get_json()["error"]
    no_order = client.post(f"/api/v1/campaigns/{campaign['id']}/close", json={"closed_on": "2022-09-30"}, headers=admin)
    assert no_order.status_code == 422
    assert [p["column"] for p in no_order.get_json()["problems"]] == ["closed_order_ref"]
    closed = client.post(
        f"/api/v1/campaigns/{campaign['id']}/close",
        json={"closed_on": "2022-09-30", "closed_order_ref": "มท 0230/ว 5678"},
        headers=admin,
    )
    assert closed.status_code == 200 and closed.get_json()["closed_order_ref"] == "มท 0230/ว 5678"
    listed = client.get("/api/v1/campaigns").get_json()
    assert listed["open"] is None and listed["items"][0]["closed_on"] == "2022-09-30"
    upload = client.post(
        "/api/v1/uploads/surveys",
        data={"file": (io.BytesIO(SURVEY_CSV), "surveys.csv")},
        headers=volunteer,
        content_type="multipart/form-data",
    )
    messages = [p["message_en"] for p in upload.get_json()["problems"]]
    assert "no reporting campaign is open, so new survey records are not accepted" in messages
    assert upload.get_json().get("new", 0) == 0
    reopened = client.post("/api/v1/campaigns", json={"name_th": "สำรวจรอบ 2", "name_en": "Round 2"}, headers=admin)
    assert reopened.status_code == 201 and client.get("/api/v1/campaigns").get_json()["total"] == 2
    with state.engine.connect() as conn:
        actions = conn.execute(sa.select(audit_log.c.action).where(audit_log.c.entity == "campaign")).scalars().all()
    assert actions == ["campaign.open", "campaign.close", "campaign.open"]


def test_a_bad_date_is_422(fresh):
    state, client = fresh
    admin = _person(state.engine, "national_admin", "TH")["headers"]
    answer = client.post("/api/v1/campaigns", json={"name_th": "x", "opened_on": "soon"}, headers=admin)
    assert answer.status_code == 422 and answer.get_json()["problems"][0]["column"] == "opened_on"


@pytest.mark.parametrize(
    "body, column",
    [
        ({"name_th": 5}, "name_th"),  # answered 500: (5 or "").strip()
        ({"name_th": ["รอบ"]}, "name_th"),
        ({"name_th": True}, "name_th"),
        ({"name_th": "รอบ", "name_en": {"a": 1}}, "name_en"),
        ({"name_th": "ก" * 301}, "name_th"),  # VARCHAR(300)
        ({"name_th": "รอบ\u0000"}, "name_th"),  # PostgreSQL stores no NUL
        ({"name_th": "รอบ", "opened_on": ["2022-01-01"]}, "opened_on"),
    ],
)
def test_a_campaign_field_that_is_not_text_of_its_length_is_a_422_naming_it(fresh, body, column):
    state, client = fresh
    admin = _person(state.engine, "national_admin", "TH")["headers"]
    answer = client.post("/api/v1/campaigns", json=body, headers=admin)
    assert answer.status_code == 422, answer.get_json()
    assert [p["column"] for p in answer.get_json()["problems"]] == [column]
    assert column in answer.get_json()["error"] and answer.get_json()["error_th"]
    assert client.get("/api/v1/campaigns").get_json()["total"] == 0


def test_a_closing_order_that_is_not_text_is_a_422_and_the_campaign_stays_open(fresh):
    state, client = fresh
    admin = _person(state.engine, "national_admin", "TH")["headers"]
    campaign = client.post("/api/v1/campaigns", json={"name_th": "รอบ 1"}, headers=admin).get_json()
    url = f"/api/v1/campaigns/{campaign['id']}/close"
    for order in (["มท 0230"], 1234, "ก" * 301):
        answer = client.post(url, json={"closed_order_ref": order}, headers=admin)
        assert answer.status_code == 422 and answer.get_json()["problems"][0]["column"] == "closed_order_ref"
    assert client.get("/api/v1/campaigns").get_json()["open"] == campaign["id"]


# -- the coordinator registry -----------------------------------------------------------------------------------------
@pytest.fixture
def named(demo_state):
    """Two names in Mueang Chiang Mai (one with a cell a spreadsheet would run as a formula), one in Phra Nakhon."""
    admin = {"id": None, "role": "national_admin", "area": "TH"}
    with demo_state.engine.begin() as conn:
        for district, name, phone in (
            ("5001", "นายสมชาย ใจดี", "053-112-345"),
            ("5001", "=HYPERLINK(1)", "081-234-5678"),
            ("1001", "นางสาวกรุง เทพ", "02-222-2222"),
        ):
            add_coordinator(conn, demo_state.registry, admin, district, full_name=name, phone=phone)


def test_the_registry_needs_a_coordinator_or_an_admin(client, person, named):
    assert client.get("/api/v1/coordinators").status_code == 401
    answer = client.get("/api/v1/coordinators", headers=person("volunteer", "500101")["headers"])
    assert answer.status_code == 403 and answer.get_json()["error_th"]


def test_a_coordinator_reads_their_own_district(client, person, named):
    headers = person("coordinator", "5001")["headers"]
    body = client.get("/api/v1/coordinators", headers=headers).get_json()
    assert {i["district"] for i in body["items"]} == {"5001"} and body["total"] == 2
    assert all(i["updated_at"].endswith("+00:00") for i in body["items"])
    assert client.get("/api/v1/coordinators?province=10", headers=headers).status_code == 403


def test_a_province_admin_exports_every_district_of_the_province(client, person, named, demo_state):
    padmin = person("province_admin", "50")
    answer = client.get("/api/v1/coordinators?format=csv", headers=padmin["headers"])
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "coordinators-50.csv" in answer.headers["Content-Disposition"]
    text = answer.get_data(as_text=True)
    lines = text.splitlines()
    assert text.startswith("\ufeffprovince,province_name_th,province_name_en,district,district_name_th")
    assert len(lines) == 1 + 24 + 2  # the header, 24 districts with nobody named, two names in 5001
    assert "'=HYPERLINK(1)" in text and "\n50,เชียงใหม่,Chiang Mai,5006,แม่แตง,Mae Taeng,,,,," in text
    assert client.get("/api/v1/coordinators?province=10", headers=padmin["headers"]).status_code == 403
    with demo_state.engine.connect() as conn:
        detail = conn.execute(
            sa.select(audit_log.c.detail)
            .where(audit_log.c.action == "export.personal", audit_log.c.user_id == padmin["id"])
            .order_by(audit_log.c.id.desc())
        ).scalar()
    assert detail == {"area": "50", "format": "csv", "districts": 25, "names": 2}


def test_a_national_admin_reads_any_province(client, person, named):
    headers = person("national_admin", "TH")["headers"]
    body = client.get("/api/v1/coordinators?province=กรุงเทพมหานคร", headers=headers).get_json()
    assert body["total"] == 50 and {i["province"] for i in body["items"]} == {"10"}
    assert [i["full_name"] for i in body["items"] if i["full_name"]] == ["นางสาวกรุง เทพ"]
    assert {i["updated_at"] for i in body["items"] if not i["full_name"]} == {None}
    assert client.get("/api/v1/coordinators?province=Atlantis", headers=headers).status_code == 422


# -- tokens -----------------------------------------------------------------------------------------------------------
def test_a_person_creates_lists_and_revokes_their_tokens(client, person, demo_state):
    me = person("volunteer", "500101")
    created = client.post("/api/v1/tokens", json={"name": "QGIS"}, headers=me["headers"])
    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    new = created.get_json()
    assert new["token"].startswith("jt_") and new["name"] == "QGIS"
    new_headers = {"Authorization": f"Bearer {new['token']}"}
    listed = client.get("/api/v1/tokens", headers=new_headers).get_json()
    assert listed["total"] == 2 and not any("token" in item or "token_hash" in item for item in listed["items"])
    assert {i["name"] for i in listed["items"]} == {"QGIS", None}
    assert next(i for i in listed["items"] if i["name"] == "QGIS")["last_used_at"] is not None
    revoked = client.post(f"/api/v1/tokens/{new['id']}/revoke", headers=me["headers"])
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    assert client.get("/api/v1/tokens", headers=new_headers).status_code == 401  # a revoked token: 401 at once
    assert client.post("/api/v1/tokens/999999/revoke", headers=me["headers"]).status_code == 404
    too_long = client.post("/api/v1/tokens", json={"name": "x" * 201}, headers=me["headers"])
    assert too_long.status_code == 422 and too_long.get_json()["problems"][0]["column"] == "name"
    for name in (5, ["QGIS"], "QGIS\u0000"):  # were stored as no name, and as a NUL PostgreSQL cannot hold
        refused = client.post("/api/v1/tokens", json={"name": name}, headers=me["headers"])
        assert refused.status_code == 422 and refused.get_json()["problems"][0]["column"] == "name", name


def test_another_persons_token_is_revoked_only_by_an_admin_of_their_area(client, person, demo_state):
    owner = person("volunteer", "500101")
    with demo_state.engine.connect() as conn:
        owner_token = client.get("/api/v1/tokens", headers=owner["headers"]).get_json()["items"][0]["id"]
        assert conn.execute(sa.select(users.c.id).where(users.c.username == owner["username"])).scalar()
    for role, area in (("volunteer", "500101"), ("coordinator", "5001"), ("province_admin", "10")):
        answer = client.post(f"/api/v1/tokens/{owner_token}/revoke", headers=person(role, area)["headers"])
        assert answer.status_code == 403, (role, area)
    assert client.get("/api/v1/tokens", headers=owner["headers"]).status_code == 200
    answer = client.post(f"/api/v1/tokens/{owner_token}/revoke", headers=person("province_admin", "50")["headers"])
    assert answer.status_code == 200
    assert client.get("/api/v1/tokens", headers=owner["headers"]).status_code == 401


def test_the_routes_are_documented(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/campaigns", "/api/v1/campaigns/{id}/close", "/api/v1/coordinators", "/api/v1/tokens"} <= set(paths)
    assert "post" in paths["/api/v1/tokens/{id}/revoke"]
