"""GET/PATCH /api/v1/home-visits and the review routes through Flask's test client: the coordinator assigns and plans,
the volunteer downloads the day's round in route order (CSV, xlsx; audited), a vaccinating visit changes the exact
unvaccinated-found figure staff read from /api/v1/coverage at once while the public's follows the small-number rule,
and a correction made through the API shows old → new to the volunteer."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from test_geo_route import brute_force_round

from data.disclosure import public_count
from data.schema import audit_log

DISTRICT_URL = "/api/v1/coverage?metric=unvaccinated_per_1000&province=50"
POINTS = [(18.80, 98.99), (18.78, 98.97), (18.79, 98.985), (18.805, 98.96), (18.77, 98.99), (18.795, 98.975)]
START = (18.7883, 98.9853)
DAY = "2022-02-01"


@pytest.fixture(scope="module")
def world(tmp_path_factory, base_state, deployed_template):
    return build_world(tmp_path_factory, base_state, deployed_template)


def build_world(tmp_path_factory, base_state, deployed_template) -> dict:
    """An empty app with an open campaign, a coordinator of Mueang Chiang Mai, two volunteers of Si Phum and six
    records of vol500102's that need a home visit, at POINTS; tokens by username, the records' ids in ``ids``."""
    from fixtures_app import create_people, state_on

    from app import create_app
    from data.demo import _open_campaign
    from data.survey_entry import save_survey

    state = state_on(base_state, tmp_path_factory.mktemp("visits"), deployed_template)
    with state.engine.begin() as conn:
        _open_campaign(conn)
    tokens = create_people(
        state,
        {
            "coord5001": ("coordinator", "5001"),
            "vol500101": ("volunteer", "500101"),
            "vol500102": ("volunteer", "500101"),
        },
    )
    with state.engine.begin() as conn:
        entered_by = dict(conn.execute(sa.text("select username, id from users")).all())
        user = {"id": entered_by["vol500102"], "role": "volunteer", "area": "500101"}
        ids = []
        for i, (lat, lon) in enumerate(POINTS):
            fields = {
                "survey_date": "20/01/2565", "subdistrict": "500101", "target_group": "elderly", "age": str(70 + i),
                "doses_received": "0", "intention": "wants", "needs_home_visit": True, "lat": str(lat),
                "lon": str(lon), "full_name": f"ผู้สูงอายุ คนที่ {i}", "phone": f"08100000{i:02d}",
            }  # fmt: skip
            survey_id, problems, _ = save_survey(conn, state, fields, user)
            assert survey_id, problems
            ids.append(survey_id)
    return {"app": create_app(state.settings, state), "state": state, "ids": ids, **tokens}


def auth(world, who: str) -> dict:
    return {"Authorization": f"Bearer {world[who]}"}


def district_count(client, headers=None) -> int | None:
    rows = client.get(DISTRICT_URL, headers=headers or {}).get_json()["items"]
    return next(r for r in rows if r["code"] == "5001")["count"]


def test_the_queue_the_round_and_a_vaccinating_visit(world):
    client = world["app"].server.test_client()
    coordinator, volunteer = auth(world, "coord5001"), auth(world, "vol500101")
    queue = client.get("/api/v1/home-visits?district=5001", headers=coordinator)
    assert queue.status_code == 200 and queue.headers["Cache-Control"] == "no-store"
    body = queue.get_json()
    assert body["total"] == 6 and {i["status"] for i in body["items"]} == {"to_plan"}
    assert body["items"][0]["phone"] == "0810000000"
    assert client.get("/api/v1/home-visits", headers=volunteer).get_json()["total"] == 0  # nothing assigned yet

    for survey_id in world["ids"]:
        answer = client.patch(
            f"/api/v1/home-visits/{survey_id}",
            json={"assigned_to": "vol500101", "planned_on": "1/2/2565"},
            headers=coordinator,
        )
        assert answer.status_code == 200, answer.get_json()
        assert (answer.get_json()["status"], answer.get_json()["planned_on"]) == ("planned", DAY)

    url = f"/api/v1/home-visits?date={DAY}&lat={START[0]}&lon={START[1]}"
    stops = client.get(url, headers=volunteer).get_json()["items"]
    expected = brute_force_round((START[1], START[0]), [(lon, lat) for lat, lon in POINTS])
    assert [s["id"] for s in stops] == [world["ids"][i] for i in expected]
    assert [s["stop"] for s in stops] == list(range(1, 7))

    text = client.get(url + "&format=csv&lang=th", headers=volunteer).get_data().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:5] == ["ลำดับ", "ระยะจากจุดก่อน (กม.)", "เลขที่แบบสำรวจ", "ชื่อ-นามสกุล", "โทรศัพท์"]
    assert [int(row[2]) for row in table[1:]] == [s["id"] for s in stops]
    assert table[1][5] == "ต.ศรีภูมิ อ.เมืองเชียงใหม่"
    book = client.get(url + "&format=xlsx&lang=en", headers=volunteer)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(book.data)).active
    assert [c.value for c in sheet[1]][:3] == ["Stop", "From the last stop (km)", "Record"]
    assert [sheet.cell(row=r, column=3).value for r in range(2, 8)] == [s["id"] for s in stops]
    with world["state"].engine.connect() as conn:
        exports = conn.execute(
            sa.select(audit_log.c.detail).where(audit_log.c.action == "export.personal").order_by(audit_log.c.id)
        ).scalars()
        formats = [d.get("format") for d in exports if d.get("how") == "home_visit.round"]
    assert formats[-3:] == ["json", "csv", "xlsx"]

    before = district_count(client, coordinator)
    assert before == 6 and district_count(client) == public_count(6)
    first = stops[0]["id"]
    done = client.patch(f"/api/v1/home-visits/{first}", json={"status": "vaccinated"}, headers=volunteer)
    assert done.status_code == 200 and done.get_json()["status"] == "vaccinated"
    assert district_count(client, coordinator) == 5  # the staff's exact figure, at once
    assert district_count(client) == public_count(5)  # the public's: rounded
    again = client.patch(f"/api/v1/home-visits/{first}", json={"status": "planned"}, headers=coordinator)
    assert again.status_code == 409 and again.get_json()["error_th"]


def test_the_whole_country_is_an_area_a_national_admin_may_ask_for(world):
    """?area=TH, the documented code of the whole country, was "no area named 'TH'"."""
    client = world["app"].server.test_client()
    from fixtures_app import create_people

    national = create_people(world["state"], {"nat_visits": ("national_admin", "TH")})["nat_visits"]
    answer = client.get("/api/v1/home-visits?area=TH", headers={"Authorization": f"Bearer {national}"})
    assert answer.status_code == 200 and answer.get_json()["area"] == "TH" and answer.get_json()["total"] == 6
    assert client.get("/api/v1/home-visits?area=TH", headers=auth(world, "coord5001")).status_code == 403


def test_a_visit_not_assigned_is_not_the_volunteers_to_change(world):
    client = world["app"].server.test_client()
    survey_id = world["ids"][-1]
    answer = client.patch(
        f"/api/v1/home-visits/{survey_id}", json={"status": "refused"}, headers=auth(world, "vol500102")
    )
    assert answer.status_code == 403 and answer.get_json()["error_th"]
    bad = client.get("/api/v1/home-visits?status=done&lat=95&format=pdf", headers=auth(world, "coord5001"))
    assert bad.status_code == 422
    assert {p["column"] for p in bad.get_json()["problems"]} == {"status", "lat", "lon", "format"}


def test_a_correction_through_the_api_shows_old_and_new_to_the_volunteer(world):
    client = world["app"].server.test_client()
    survey_id = world["ids"][1]
    answer = client.post(
        f"/api/v1/surveys/{survey_id}/review",
        json={"action": "correct", "changes": {"age": 81}, "note": "อายุตามบัตร"},
        headers=auth(world, "coord5001"),
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["version"] == 2
    mine = client.get(f"/api/v1/surveys/{survey_id}", headers=auth(world, "vol500102")).get_json()
    assert mine["review_status"] == "corrected" and mine["phone"] is None
    assert mine["history"][-1]["changes"] == [{"field": "age", "old": 71, "new": 81}]
    assert mine["full_name"] == "ผู้สูงอายุ ค*** 1***"  # masked as in their own list


@pytest.mark.parametrize("given", ["²", ["vol500101"], {"id": 1}, True, 2**70])
def test_an_assignee_that_names_no_user_is_a_422_naming_assigned_to(world, given):
    """ "assigned_to": "²" answered 500 ("²".isdigit() is True, int("²") raises); a list or an object too."""
    client = world["app"].server.test_client()
    answer = client.patch(
        f"/api/v1/home-visits/{world['ids'][-2]}", json={"assigned_to": given}, headers=auth(world, "coord5001")
    )
    assert answer.status_code == 422, answer.get_json()
    assert [p["column"] for p in answer.get_json()["problems"]] == ["assigned_to"]
    assert answer.get_json()["error_th"]


@pytest.mark.parametrize(
    "body, column",
    [
        ({"status": ["planned"]}, "status"),  # answered 500: a list looked up in the statuses
        ({"status": {"a": 1}}, "status"),
        ({"note": 5}, "note"),
        ({"note": "x\u0000"}, "note"),
        ({"note": "ก" * 2001}, "note"),
        ({"planned_on": ["2022-02-01"]}, "planned_on"),
        ({"planned_on": 20220201}, "planned_on"),
    ],
)
def test_a_visit_change_of_the_wrong_type_is_a_422_naming_the_field(world, body, column):
    client = world["app"].server.test_client()
    answer = client.patch(f"/api/v1/home-visits/{world['ids'][-2]}", json=body, headers=auth(world, "coord5001"))
    assert answer.status_code == 422, answer.get_json()
    assert [p["column"] for p in answer.get_json()["problems"]] == [column]


@pytest.mark.parametrize(
    "body, column",
    [
        ({"action": "correct", "changes": {"age": True}}, "age"),  # was read as age 1
        ({"action": "correct", "changes": {"reason": "x\u0000"}}, "reason"),  # was stored with its NUL
        ({"action": "correct", "changes": {"reason": ["ไม่สะดวก"]}}, "reason"),
        ({"action": "confirm", "note": 5}, "note"),  # was dropped without a word
        ({"action": "confirm", "note": "ก" * 2001}, "note"),
        ({"action": ["confirm"]}, "action"),
    ],
)
def test_a_review_with_a_value_of_the_wrong_type_is_a_422_naming_it(world, body, column):
    client = world["app"].server.test_client()
    survey_id = world["ids"][2]  # a record no other test here reviews
    answer = client.post(f"/api/v1/surveys/{survey_id}/review", json=body, headers=auth(world, "coord5001"))
    assert answer.status_code == 422, answer.get_json()
    assert [p["column"] for p in answer.get_json()["problems"]] == [column]
    record = client.get(f"/api/v1/surveys/{survey_id}", headers=auth(world, "coord5001")).get_json()
    assert (record["review_status"], record["version"], record["reason"]) == ("pending", 1, None)
