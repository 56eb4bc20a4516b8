"""The coordinator's review of survey records, on SQLite and PostgreSQL (data/review.py): the warnings, a correction
kept as old → new, a rejection that leaves every figure, and what the volunteer sees of it."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from test_data_home_visits import add, make_people, unvaccinated

from data import review
from data.errors import Conflict, NotPermitted, UserInputError
from data.home_visits import VisitQuery, read_visits
from data.schema import audit_log, survey_records, survey_tallies
from data.stats import _surveys
from data.survey_access import SurveyQuery, read_surveys

OTHER_ID = "3100600123450"


@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


@pytest.fixture
def people(engine) -> dict:
    return make_people(engine)


def decide(state, user, survey_id, action, **changes):
    with state.engine.begin() as conn:
        return review.decide(conn, state, user, survey_id, action, changes, note="ตรวจกับบัตร")


def queue(state, user, **query):
    with state.engine.begin() as conn:
        return review.read_review(conn, user, review.ReviewQuery("5001", **query))


def test_the_review_lists_the_districts_records_with_their_warnings(state, people):
    first = add(state, people["vol"], age="72")
    repeat = add(state, people["vol"], age="73", village_no="4")  # the same national id again
    edge = add(state, people["vol"], age="60", national_id=OTHER_ID)
    early = add(state, people["vol"], survey_date="10/01/2565", national_id="", full_name="คนที่สาม")
    plain = add(state, people["vol"], age="75", national_id="", full_name="คนที่สี่")
    rows, total = queue(state, people["coord"])
    assert total == 5
    warned = {r["id"]: [w["code"] for w in r["warnings"]] for r in rows}
    assert warned == {
        first: ["repeated_id"],
        repeat: ["repeated_id"],
        edge: ["age_edge"],
        early: ["before_campaign"],
        plain: [],
    }
    assert next(r for r in rows if r["id"] == first)["warnings"][0]["others"] == [repeat]
    assert all("national_id_hash" not in r for r in rows)  # the hash never leaves the data layer
    rows, total = queue(state, people["coord"], warned_only=True)
    assert total == 4 and plain not in [r["id"] for r in rows]


def test_only_staff_of_the_area_review(state, people):
    survey_id = add(state, people["vol"])
    for who in ("vol", "coord_other"):
        with pytest.raises(NotPermitted):
            decide(state, people[who], survey_id, "confirm")
    with pytest.raises(NotPermitted):
        queue(state, people["coord_other"])


def test_a_correction_keeps_old_and_new_and_the_figures_follow(state, people):
    survey_id = add(state, people["vol"], age="72", doses_received="0")
    assert unvaccinated(state.engine, "5001") == 1
    item = decide(state, people["coord"], survey_id, "correct", age="74", doses_received="1", village_no="3")
    assert (item["review_status"], item["version"], item["age"], item["doses_received"]) == ("corrected", 2, 74, 1)
    assert unvaccinated(state.engine, "5001") == 0
    last = item["history"][-1]
    assert (last["status"], last["username"], last["note"]) == ("corrected", "coord_cm", "ตรวจกับบัตร")
    assert last["changes"] == [{"field": "age", "old": 72, "new": 74}, {"field": "doses_received", "old": 0, "new": 1}]
    with state.engine.connect() as conn:
        detail = conn.execute(sa.select(audit_log.c.detail).where(audit_log.c.action == "survey.correct")).scalar()
    assert detail["fields"] == ["age", "doses_received", "version"]
    with state.engine.begin() as conn:
        mine = review.my_records(conn, people["vol"])
    assert mine[0]["review_status"] == "corrected" and mine[0]["history"][-1]["changes"][0]["old"] == 72
    assert mine[0]["full_name"] == "สมชาย ใ***" and mine[0]["phone"] is None


def test_a_correction_is_checked_like_an_entry(state, people):
    survey_id = add(state, people["vol"], age="72")
    with pytest.raises(UserInputError) as refused:
        decide(state, people["coord"], survey_id, "correct", age="12", survey_date="1/1/2600", full_name="x")
    messages = " | ".join(p.message_en for p in refused.value.problems)
    assert "full_name cannot be corrected" in messages
    assert "a survey cannot be dated in the future" in messages
    assert "age 12 does not fit the group Elderly (60+)" in messages
    with pytest.raises(UserInputError, match="nothing changed"):
        decide(state, people["coord"], survey_id, "correct", age="72")
    with pytest.raises(UserInputError, match="outside your own area"):
        decide(state, people["coord"], survey_id, "correct", subdistrict="100101")


def test_a_rejected_record_leaves_every_figure(state, people):
    kept = add(state, people["vol"], age="72")
    gone = add(state, people["vol"], age="73", national_id="", full_name="อีกคน")
    decide(state, people["coord"], gone, "reject")
    with state.engine.begin() as conn:
        tallies = conn.execute(
            sa.select(sa.func.sum(survey_tallies.c.surveyed), sa.func.sum(survey_tallies.c.unvaccinated))
        ).one()
        listed, total = read_surveys(conn, people["coord"], "5001", SurveyQuery("5001"))
        visits, _ = read_visits(conn, people["coord"], VisitQuery("5001"))
        stats = _surveys(conn, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert tuple(tallies) == (1, 1)
    assert [r["id"] for r in listed] == [kept] and total == 1
    assert [r["id"] for r in visits] == [kept]
    assert int(stats["surveys_7d"]["50"]) == 1 and int(stats["surveys"]["50"]) == 1
    with pytest.raises(Conflict):  # rejected stays rejected
        decide(state, people["coord"], gone, "confirm")
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(survey_records.c.review_status).where(survey_records.c.id == gone)).scalar() == (
            "rejected"
        )


def test_the_volunteer_reads_their_own_record_and_nobody_elses(state, people):
    survey_id = add(state, people["vol"])
    decide(state, people["coord"], survey_id, "confirm")
    with state.engine.begin() as conn:
        item = review.read_record(conn, people["vol"], survey_id)
        assert [e["status"] for e in item["history"]] == ["confirmed"] and item["phone"] is None
        with pytest.raises(NotPermitted):
            review.read_record(conn, people["vol_b"], survey_id)
        assert review.read_record(conn, people["coord"], survey_id)["phone"] == "0812345678"
