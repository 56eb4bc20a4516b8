"""GET /api/v1/surveys: the chain of command only, its own area only, every read audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data.schema import audit_log

pytestmark = pytest.mark.usefixtures("quick_hashes")  # users here sign in with tokens or test roles


# Every test here writes: each gets the demo app on a database of its own (fixtures_app.own_demo), never the session's
# shared demo database, so that no test sees another's rows; its people come from fixtures_app.bearer_for.
@pytest.fixture
def client(own_demo):
    return own_demo.client


def test_without_sign_in_401(client):
    assert client.get("/api/v1/surveys?district=5001").status_code == 401


@pytest.mark.parametrize(
    "role,area,asked,status",
    [
        ("coordinator", "5001", "5001", 200),
        ("coordinator", "5001", "500101", 200),
        ("coordinator", "5001", "5002", 403),
        ("coordinator", "5001", "50", 403),
        ("province_admin", "50", "5001", 200),
        ("province_admin", "50", "1001", 403),
        ("national_admin", "TH", "1001", 200),
        ("national_admin", "TH", "TH", 200),  # the whole country is an area code too: it was "no area named 'TH'"
        ("national_admin", "TH", "th", 200),
        ("province_admin", "50", "TH", 403),
        ("volunteer", "500101", "500101", 200),
        ("volunteer", "500101", "5001", 403),
    ],
)
def test_own_area_only(client, bearer_for, role, area, asked, status):
    answer = client.get(f"/api/v1/surveys?area={asked}", headers=bearer_for(role, area))
    assert answer.status_code == status, answer.get_json()
    if status == 403:
        assert answer.get_json()["error_th"] and "outside your own area" in answer.get_json()["error"]


def test_records_come_with_personal_fields_and_the_read_is_audited(client, bearer_for, own_demo):
    headers = bearer_for("province_admin", "50")
    answer = client.get("/api/v1/surveys?province=เชียงใหม่&limit=5", headers=headers)
    body = answer.get_json()
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert body["area"] == "50" and body["total"] >= len(body["items"]) and len(body["items"]) <= 5
    assert all(item["province"] == "50" for item in body["items"])
    assert all({"full_name", "phone", "has_national_id"} <= set(item) for item in body["items"])
    assert not any("national_id_hash" in item for item in body["items"])
    with own_demo.state.engine.connect() as conn:
        last = conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc())).mappings().first()
    assert last["action"] == "export.personal" and last["detail"]["area"] == "50"


def test_a_volunteer_sees_only_their_own_records(client, bearer_for):
    body = client.get("/api/v1/surveys", headers=bearer_for("volunteer", "500101")).get_json()
    assert body["total"] == 0  # the demo's records were entered by nobody signed in here


def test_a_bad_area_is_422_with_suggestions(client, bearer_for):
    answer = client.get("/api/v1/surveys?district=Muang Chiang Mia", headers=bearer_for("coordinator", "5001"))
    assert answer.status_code == 422 and answer.get_json()["problems"][0]["column"] == "district"
