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


def test_a_version_of_characters_python_calls_digits_is_a_422(client, bearer_for):
    """{"version": "²"} answered 500: "²".isdigit() is True, int("²") raises."""
    headers = bearer_for("coordinator", "5001")
    url = f"/api/v1/facilities/{add(client, headers)['id']}"
    for answer in (
        client.patch(url, json={"phone": "5", "version": "²"}, headers=headers),
        client.patch(url, json={"phone": "5"}, headers={**headers, "If-Match": '"²"'}),
        client.post(url + "/revert", json={"to_version": 1, "version": "²"}, headers=headers),
    ):
        assert answer.status_code == 422, answer.get_json()
        assert answer.get_json()["problems"][0]["column"] == "version"
        assert "version must be a whole number" in answer.get_json()["error"]
    assert client.patch(url, json={"phone": "5", "version": "๑"}, headers=headers).status_code == 200  # Thai digits


@pytest.mark.parametrize(
    "changes, column",
    [
        ({"name_th": []}, "name_th"),  # each was stored as its Python text: "[]", "{'a': 1}", "True", "1e+308"
        ({"name_th": {"a": 1}}, "name_th"),
        ({"name_th": True}, "name_th"),
        ({"name_th": 1e308}, "name_th"),
        ({"name_th": "ก" * 100_000}, "name_th"),  # VARCHAR(300)
        ({"name_th": "โรงพยาบาล\u0000"}, "name_th"),  # PostgreSQL stores no NUL
        ({"address": "ก" * 40_000}, "address"),  # TEXT: at most an upload's cell, 32,767
        ({"phone": ["053 000 001"]}, "phone"),
        ({"beds_total": True}, "beds_total"),
        ({"lat": [18.7883]}, "lat"),
        ({"services": [1]}, "services"),
    ],
)
def test_a_new_facility_with_a_field_that_is_not_what_it_holds_is_a_422_naming_it(client, bearer_for, changes, column):
    headers = bearer_for("coordinator", "5001")
    answer = client.post("/api/v1/facilities", json=body(**changes), headers=headers)
    assert answer.status_code == 422, answer.get_json()
    assert [p["column"] for p in answer.get_json()["problems"]] == [column]
    assert column in answer.get_json()["error"] and answer.get_json()["error_th"]
    assert all(len(str(p["value"])) <= 41 for p in answer.get_json()["problems"])  # the start, never 100,000 chars


def test_a_change_too_long_for_its_column_is_refused_and_the_facility_stays(client, bearer_for):
    """A PATCH with a 10,000,000-character address answered 200, and public answers then carried 10 MB."""
    headers = bearer_for("coordinator", "5001")
    made = add(client, headers)
    url = f"/api/v1/facilities/{made['id']}"
    answer = client.patch(url, json={"address": "a" * 10_000_000, "version": 1}, headers=headers)  # 10 MB
    assert answer.status_code == 422
    (problem,) = answer.get_json()["problems"]
    assert (
        problem["column"] == "address"
        and "10,000,000 characters: address holds at most 32,767" in problem["message_en"]
    )
    assert "ยาวได้ไม่เกิน 32,767 ตัวอักษร" in problem["message_th"]
    assert client.get(url).get_json()["version"] == 1 and client.get(url).get_json()["address"] is None
    numbers = client.patch(
        url, json={"beds_total": "30", "lat": "18.7884", "facility_id": 12345, "version": 1}, headers=headers
    )
    assert numbers.status_code == 200, (
        numbers.get_json()
    )  # numbers as text, a code as a number: as an upload reads them
    assert numbers.get_json()["external_id"] == "12345"


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
