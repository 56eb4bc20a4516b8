"""POST, PATCH and revert of /api/v1/facilities through Flask's test client, on the demo data.

The test facilities are community isolation centres valid only in 2021, so the finder (which shows today's sites)
never lists them for the other tests of the session.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("quick_hashes")  # users here sign in with tokens or test roles

SI_PHUM = {"lat": 18.7883, "lon": 98.9853}  # Mueang Chiang Mai (5001)
HANG_DONG = {"lat": 18.69, "lon": 98.92}  # Hang Dong (5015)


# Every test here writes: each gets the demo app on a database of its own (fixtures_app.own_demo), never the session's
# shared demo database, so that no test sees another's rows; its people come from fixtures_app.bearer_for.
@pytest.fixture
def client(own_demo):
    return own_demo.client


def body(**changes) -> dict:
    return {
        "type": "community_isolation",
        "name_th": "ศูนย์พักคอยทดสอบ API",
        "valid_from": "2021-08-01",
        "valid_to": "2021-12-31",
        "phone": "053 000 001",
        **SI_PHUM,
        **changes,
    }


def add(client, headers, **changes) -> dict:
    response = client.post("/api/v1/facilities", json=body(**changes), headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_coordinator_adds_a_facility_and_gets_it_back_with_its_areas(client, bearer_for):
    headers = bearer_for("coordinator", "5001")
    response = client.post("/api/v1/facilities", json=body(), headers=headers)
    assert response.status_code == 201
    made = response.get_json()
    assert response.headers["Location"] == f"/api/v1/facilities/{made['id']}"
    assert response.headers["ETag"] == '"1"'
    assert (made["province"], made["district"], made["subdistrict"]) == ("50", "5001", "500102")
    assert made["version"] == 1 and made["source"] == "api" and made["valid_to"] == "2021-12-31"
    assert made["changed"]["name_th"] == {"old": None, "new": "ศูนย์พักคอยทดสอบ API"}
    detail = client.get(f"/api/v1/facilities/{made['id']}", headers=headers).get_json()
    assert [h["change"] for h in detail["history"]] == ["create"]


def test_writes_need_a_signed_in_coordinator(client, bearer_for):
    assert client.post("/api/v1/facilities", json=body()).status_code == 401
    refused = client.post("/api/v1/facilities", json=body(), headers=bearer_for("volunteer", "500102"))
    assert refused.status_code == 403
    assert "coordinators and above" in refused.get_json()["error"]
    assert refused.get_json()["error_th"]


def test_bad_input_is_422_with_every_problem_in_thai_and_english(client, bearer_for):
    response = client.post(
        "/api/v1/facilities",
        json=body(type="spaceport", name_th="", lat="abc", beds_total=-1),
        headers=bearer_for("coordinator", "5001"),
    )
    assert response.status_code == 422
    problems = response.get_json()["problems"]
    assert {p["column"] for p in problems} >= {"type", "name_th", "lat", "beds_total"}
    assert all(p["message_th"] and p["message_en"] for p in problems)
    assert client.post("/api/v1/facilities", data="x", headers=bearer_for("coordinator", "5001")).status_code == 422


def test_a_point_outside_the_writers_district_is_a_problem(client, bearer_for):
    response = client.post("/api/v1/facilities", json=body(**HANG_DONG), headers=bearer_for("coordinator", "5001"))
    assert response.status_code == 422
    (problem,) = response.get_json()["problems"]
    assert problem["column"] == "lat" and "outside your own area (5001)" in problem["message_en"]


def test_patch_changes_the_fields_sent_with_the_version_in_the_body_or_if_match(client, bearer_for):
    headers = bearer_for("coordinator", "5001")
    made = add(client, headers)
    url = f"/api/v1/facilities/{made['id']}"
    first = client.patch(url, json={"phone": "053 000 002", "version": 1}, headers=headers)
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    assert first.get_json()["changed"] == {"phone": {"old": "053 000 001", "new": "053 000 002"}}
    second = client.patch(url, json={"beds_total": 30}, headers={**headers, "If-Match": '"2"'})
    assert second.status_code == 200 and second.get_json()["version"] == 3 and second.get_json()["beds_total"] == 30
    history = client.get(url, headers=headers).get_json()["history"]
    assert [h["version"] for h in history] == [1, 2, 3]


def test_a_stale_patch_is_409_and_says_who_changed_it(client, bearer_for):
    coordinator, admin = bearer_for("coordinator", "5001"), bearer_for("province_admin", "50")
    made = add(client, coordinator)
    url = f"/api/v1/facilities/{made['id']}"
    assert client.patch(url, json={"phone": "1", "version": 1}, headers=admin).status_code == 200
    stale = client.patch(url, json={"phone": "2", "version": 1}, headers=coordinator)
    assert stale.status_code == 409
    error = stale.get_json()
    assert "saved version 2" in error["error"] and "you edited version 1" in error["error"]
    assert error["problems"][0]["column"] == "version"
    assert client.get(url).get_json()["phone"] == "1"


def test_a_patch_without_a_version_is_refused(client, bearer_for):
    headers = bearer_for("coordinator", "5001")
    made = add(client, headers)
    response = client.patch(f"/api/v1/facilities/{made['id']}", json={"phone": "3"}, headers=headers)
    assert response.status_code == 428
    assert "version" in response.get_json()["error"]


def test_outside_the_area_is_403_and_an_unknown_id_404(client, bearer_for):
    other = add(client, bearer_for("coordinator", "5015"), **HANG_DONG)
    headers = bearer_for("coordinator", "5001")
    response = client.patch(f"/api/v1/facilities/{other['id']}", json={"phone": "4", "version": 1}, headers=headers)
    assert response.status_code == 403 and "outside your own area" in response.get_json()["error"]
    assert client.patch("/api/v1/facilities/99999999", json={"version": 1}, headers=headers).status_code == 404


def test_revert_makes_an_earlier_version_current_again(client, bearer_for):
    headers = bearer_for("coordinator", "5001")
    made = add(client, headers)
    url = f"/api/v1/facilities/{made['id']}"
    client.patch(url, json={"name_th": "ชื่อที่พิมพ์ผิด", "version": 1}, headers=headers)
    stale = client.post(url + "/revert", json={"to_version": 1, "version": 1}, headers=headers)
    assert stale.status_code == 409
    back = client.post(url + "/revert", json={"to_version": 1, "version": 2}, headers=headers)
    assert back.status_code == 200
    assert back.get_json()["name_th"] == "ศูนย์พักคอยทดสอบ API" and back.get_json()["version"] == 3
    assert client.get(url, headers=headers).get_json()["history"][-1]["change"] == "revert"
    assert client.post(url + "/revert", json={"to_version": "one"}, headers=headers).status_code == 422


def test_the_same_facility_added_twice_is_a_likely_duplicate_naming_the_first_and_queued(client, bearer_for):
    headers = bearer_for("coordinator", "5001")
    first = add(client, headers)
    second = add(client, headers)
    assert second["id"] != first["id"]
    (warning,) = second["warnings"]
    assert "ศูนย์พักคอยทดสอบ API" in warning["message_en"] and f"#{first['id']}" in warning["message_en"]
    assert f"#{first['id']}" in warning["message_th"]
    queue = client.get("/api/v1/duplicates", headers=headers).get_json()
    pairs = [{p["a"]["id"], p["b"]["id"]} for p in queue["items"]]
    assert {first["id"], second["id"]} in pairs
