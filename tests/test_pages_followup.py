"""The /home-visits and /review server pages through Flask's test client: what each person sees, and the forms'
posts checked on the server (a volunteer's post to assign, a post without the form token, another area's record:
nothing changes)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from test_api_home_visits import build_world

from data.schema import home_visits, survey_records


@pytest.fixture(scope="module")
def world(tmp_path_factory, base_state, deployed_template):
    return build_world(tmp_path_factory, base_state, deployed_template)


def page(world, who: str):
    """A test client signed in as ``who`` (its token), with the page's cookie jar for the form token."""
    client = world["app"].server.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {world[who]}"
    return client


def form_token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]


def visit(world, survey_id: int):
    with world["state"].engine.connect() as conn:
        return conn.execute(sa.select(home_visits).where(home_visits.c.survey_id == survey_id)).mappings().first()


def test_the_coordinator_assigns_on_the_page_and_the_volunteer_sees_the_round(world):
    coordinator = page(world, "coord5001")
    survey_id = world["ids"][0]
    html = coordinator.get("/home-visits?lang=en").get_data(as_text=True)
    assert "home-visit queue (6)" in html and f'id="queue-{survey_id}"' in html and "0810000000" in html
    answer = coordinator.post(
        "/home-visits?lang=en",
        data={"csrf": form_token(html), "survey_id": survey_id, "assigned_to": "vol500101", "planned_on": "2022-02-01"},
        headers={"Origin": "http://localhost"},
    )
    assert answer.status_code == 303 and "saved=" in answer.headers["Location"]
    assert (visit(world, survey_id)["status"], str(visit(world, survey_id)["planned_on"])) == ("planned", "2022-02-01")

    volunteer = page(world, "vol500101")
    html = volunteer.get("/home-visits?date=2022-02-01&lat=18.7883&lon=98.9853&lang=en").get_data(as_text=True)
    assert f'id="stop-{survey_id}"' in html and "tel:0810000000" in html and 'id="queue"' not in html
    assert "format=csv" in html and "format=xlsx" in html and "followup.css" in html


def test_a_volunteer_cannot_assign_through_the_form(world):
    volunteer = page(world, "vol500102")
    html = volunteer.get("/account/password").get_data(as_text=True)  # their own form token, from any form
    survey_id = world["ids"][1]
    before = visit(world, survey_id)
    answer = volunteer.post(
        "/home-visits?lang=en",
        data={"csrf": form_token(html), "survey_id": survey_id, "assigned_to": "vol500102"},
        headers={"Origin": "http://localhost"},
    )
    assert answer.status_code == 422 and "this home visit is not yours to change" in answer.get_data(as_text=True)
    assert visit(world, survey_id) == before


def test_a_post_without_the_form_token_changes_nothing(world):
    coordinator = page(world, "coord5001")
    survey_id = world["ids"][2]
    answer = coordinator.post(
        "/review?lang=en", data={"survey_id": survey_id, "action": "reject"}, headers={"Origin": "http://localhost"}
    )
    assert answer.status_code == 422 and "This page expired" in answer.get_data(as_text=True)
    with world["state"].engine.connect() as conn:
        status = conn.execute(sa.select(survey_records.c.review_status).where(survey_records.c.id == survey_id))
        assert status.scalar() == "pending"


def test_the_review_page_corrects_and_the_volunteer_sees_old_and_new(world):
    coordinator = page(world, "coord5001")
    survey_id = world["ids"][3]
    html = coordinator.get("/review?lang=en").get_data(as_text=True)
    assert f'id="record-{survey_id}"' in html and "Age at the edge" not in html  # ages 70–75: no warning
    html = coordinator.get(f"/review/{survey_id}?lang=en").get_data(as_text=True)
    fields = dict(
        re.findall(r'<input class="form-control form-control-sm"[^>]* name="(\w+)" id="f-\w+" value="([^"]*)"', html)
    )
    fields |= {"target_group": "elderly", "intention": "wants", "needs_home_visit": "1", "age": "77"}
    answer = coordinator.post(
        f"/review/{survey_id}?lang=en",
        data={**fields, "csrf": form_token(html), "survey_id": survey_id, "action": "correct", "note": "ตามบัตร"},
        headers={"Origin": "http://localhost"},
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)[:500]
    html = page(world, "vol500102").get(f"/review/{survey_id}?lang=en").get_data(as_text=True)
    assert "Corrected" in html and re.search(r'Age: <span class="old">73</span> → <span class="new">77</span>', html)
    assert 'id="correct-form"' not in html and "0810000003" not in html  # the volunteer reads, never corrects
    mine = page(world, "vol500102").get("/review?lang=en").get_data(as_text=True)
    assert f'id="outcome-{survey_id}">Corrected' in mine
    assert page(world, "vol500101").get(f"/review/{survey_id}").status_code == 403  # not theirs


def test_a_refused_correction_keeps_what_was_typed_with_each_problem_under_its_box(world):
    coordinator = page(world, "coord5001")
    survey_id = world["ids"][4]
    html = coordinator.get(f"/review/{survey_id}?lang=en").get_data(as_text=True)
    fields = dict(re.findall(r'<input class="form-control[^"]*"[^>]* name="(\w+)" id="f-\w+" value="([^"]*)"', html))
    fields |= {"age": "30", "survey_date": "2027-01-01"}
    answer = coordinator.post(
        f"/review/{survey_id}?lang=en",
        data={**fields, "csrf": form_token(html), "survey_id": survey_id, "action": "correct", "note": "ตามบัตร"},
        headers={"Origin": "http://localhost"},
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert re.search(r'name="age" id="f-age" value="30"', html) and 'value="2027-01-01"' in html
    assert 'name="note" id="f-note" maxlength="2000" value="ตามบัตร"' in html
    assert re.search(r'id="problem-survey_date">a survey cannot be dated in the future<', html)
    assert re.search(r'id="problem-age">age 30 does not fit the group', html)
    assert "Not saved: fix the 2 problems marked below" in html
    thai = coordinator.post(
        f"/review/{survey_id}?lang=th",
        data={**fields, "age": "72", "csrf": form_token(html), "survey_id": survey_id, "action": "correct"},
        headers={"Origin": "http://localhost"},
    ).get_data(as_text=True)
    assert "วันที่สำรวจต้องไม่เป็นวันในอนาคต" in thai and "โปรดแก้ 1 จุด" in thai and 'value="72"' in thai


def test_the_review_list_pages_through_the_records(world, monkeypatch):
    from dashboard.pages.review import view

    monkeypatch.setattr(view, "PAGE", 4)
    coordinator = page(world, "coord5001")
    first = coordinator.get("/review?lang=en&outcome=all").get_data(as_text=True)
    assert "6 records · showing 1–4" in first and 'id="review-next"' in first
    link = re.search(r'href="([^"]+)" id="review-next"', first)[1].replace("&amp;", "&")
    second = coordinator.get(link).get_data(as_text=True)
    listed = [int(i) for i in re.findall(r'id="record-(\d+)"', first + second)]
    assert sorted(listed) == sorted(world["ids"]) and 'id="review-next"' not in second


def test_a_record_id_or_offset_of_characters_python_calls_digits_is_not_a_500(world):
    """/review/² and /review?offset=² answered 500: "²".isdigit() is True, int("²") raises."""
    coordinator = page(world, "coord5001")
    assert coordinator.get("/review/%C2%B2").status_code == 404
    listed = coordinator.get("/review?lang=en&outcome=all&offset=%C2%B2")
    assert listed.status_code == 200 and "showing 1–" in listed.get_data(as_text=True)
    html = coordinator.get("/home-visits?lang=en").get_data(as_text=True)
    answer = coordinator.post(
        "/home-visits?lang=en",
        data={"csrf": form_token(html), "survey_id": "²", "status": "refused"},
        headers={"Origin": "http://localhost"},
    )
    assert answer.status_code in (200, 422) and "Traceback" not in answer.get_data(as_text=True)
