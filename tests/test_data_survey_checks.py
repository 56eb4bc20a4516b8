"""Dates and repeated national ids in survey records, on SQLite and PostgreSQL, through the form (data/survey_entry.py)
and uploads (data/imports.py, data/survey_import.py): a date after today (Bangkok) is a problem, a date before the
open campaign opened a warning (a late entry), a national id already recorded in the campaign a warning that names
the earlier record only to those who may read it. A facility's "updated" date in the future is a problem too."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from test_data_survey_entry import GOOD_ID, SI_PHUM, SUTHEP, add_user, form, save_warned

from data.imports import run_import
from data.schema import campaigns, facilities, survey_records
from geo import clock


@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


@pytest.fixture
def volunteer(engine) -> dict:
    with engine.begin() as conn:
        return add_user(conn, "vol_cm", "volunteer", SI_PHUM)


@pytest.fixture
def campaign(engine) -> int:
    """Open since 17/1/2565, as test_data_survey_entry's."""
    with engine.begin() as conn:
        values = {"name_th": "รอบทดสอบ", "name_en": "Test round", "opened_on": dt.date(2022, 1, 17)}
        return conn.execute(sa.insert(campaigns).values(**values).returning(campaigns.c.id)).scalar_one()


OTHER_ID = "3100600123450"  # another valid 13-digit id


def be(day: dt.date) -> str:
    return f"{day.day}/{day.month:02d}/{day.year + 543}"


def survey_csv(*rows: tuple[str, str, str]) -> bytes:
    """Survey rows of (date, subdistrict, national id)."""
    head = "survey_date,subdistrict,target_group,age,doses_received,intention,full_name,national_id\n"
    body = "".join(f"{d},{s},elderly,{70 + i},0,undecided,คนที่ {i},{n}\n" for i, (d, s, n) in enumerate(rows))
    return (head + body).encode()


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


# -- dates -------------------------------------------------------------------------------------------------------------
def test_a_survey_dated_ten_years_ahead_is_a_problem_in_the_form(state, volunteer, campaign):
    survey_id, problems, _ = save_warned(state, form(survey_date="20/01/2575"), volunteer)
    assert survey_id is None and count(state.engine, survey_records) == 0
    assert [(p.column, p.row) for p in problems] == [("survey_date", 2)]
    assert "after today" in problems[0].message_en and "ในอนาคต" in problems[0].message_th
    assert "20/01/2575" in problems[0].message_en


def test_tomorrow_in_bangkok_is_the_future_and_today_is_not(state, volunteer, campaign):
    tomorrow = clock.today() + dt.timedelta(days=1)
    _, problems, _ = save_warned(state, form(survey_date=be(tomorrow)), volunteer)
    assert [p.column for p in problems] == ["survey_date"]
    survey_id, problems, _ = save_warned(state, form(survey_date=be(clock.today())), volunteer)
    assert problems == [] and survey_id is not None


def test_a_future_date_in_an_upload_is_a_problem_with_row_and_column(state, volunteer, campaign):
    content = survey_csv(("17/01/2565", SI_PHUM, ""), ("20/01/2575", SI_PHUM, ""))
    report = run_import(state, "surveys", content, "s.csv", user_id=volunteer["id"], scope=SI_PHUM)
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(3, "survey_date")]
    assert report["upload_id"] is None and count(state.engine, survey_records) == 0


def test_a_survey_dated_before_the_campaign_opened_is_stored_with_a_warning(state, volunteer, campaign):
    survey_id, problems, warnings = save_warned(state, form(survey_date="10/01/2565"), volunteer)
    assert problems == [] and survey_id is not None  # a late entry of the open campaign
    assert [(w.column, w.row) for w in warnings] == [("survey_date", 2)]
    assert "late entry" in warnings[0].message_en and "ล่าช้า" in warnings[0].message_th
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(survey_records.c.campaign_id)).scalar_one() == campaign


def test_the_late_entry_warning_in_an_upload(state, volunteer, campaign):
    content = survey_csv(("17/01/2565", SI_PHUM, ""), ("16/01/2565", SI_PHUM, ""))
    report = run_import(state, "surveys", content, "s.csv", user_id=volunteer["id"], scope=SI_PHUM)
    assert report["problems"] == [] and report["new"] == 2
    assert [(w["row"], w["column"]) for w in report["warnings"]] == [(3, "survey_date")]


def test_a_facility_updated_in_the_future_is_a_problem(state, campaign):
    future = be(clock.today() + dt.timedelta(days=3650))
    content = (
        "type,name_th,lat,lon,updated_at\n"
        "hospital,โรงพยาบาลนครพิงค์,18.8390,98.9710,1/12/2564\n"
        f"hospital,โรงพยาบาลมหาราช,18.7890,98.9730,{future}\n"
    ).encode()
    report = run_import(state, "facilities", content, "f.csv")
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(3, "updated_at")]
    assert "after today" in report["problems"][0]["message_en"] and count(state.engine, facilities) == 0


# -- a national id already recorded -----------------------------------------------------------------------------------
@pytest.fixture
def recorded(state, volunteer, campaign) -> int:
    """A record of GOOD_ID entered by the volunteer of Si Phum; returns its id."""
    survey_id, problems, _ = save_warned(state, form(), volunteer)
    assert problems == []
    return survey_id


def people(engine) -> dict[str, dict]:
    with engine.begin() as conn:
        return {
            "coordinator": add_user(conn, "coord_cm", "coordinator", "5001"),
            "other_volunteer": add_user(conn, "vol_suthep", "volunteer", SUTHEP),
            "coordinator_elsewhere": add_user(conn, "coord_bkk", "coordinator", "1001"),
        }


def test_a_repeated_national_id_names_the_earlier_record_to_its_volunteer_and_coordinator(state, volunteer, recorded):
    for user in (volunteer, people(state.engine)["coordinator"]):
        fields = form(age=str(75 + user["id"]), full_name="อีกคน", subdistrict=SI_PHUM)
        survey_id, problems, warnings = save_warned(state, fields, user)
        assert problems == [] and survey_id is not None  # a warning, not a problem
        assert [(w.column, w.row, w.value) for w in warnings] == [("national_id", 2, "(hidden)")]
        assert f"record {recorded}" in warnings[0].message_en and "already recorded in this campaign" in (
            warnings[0].message_en
        )
        assert str(recorded) in warnings[0].message_th and GOOD_ID not in warnings[0].message_en


def test_a_repeated_national_id_says_only_already_recorded_to_others(state, recorded):
    someone = people(state.engine)
    fields = form(age="80", full_name="อีกคน", subdistrict=SUTHEP)
    survey_id, problems, warnings = save_warned(state, fields, someone["other_volunteer"])
    assert problems == [] and survey_id is not None
    assert [w.message_en for w in warnings] == ["this national id is already recorded in this campaign"]
    assert [w.message_th for w in warnings] == ["เลขประจำตัวประชาชนนี้บันทึกไว้แล้วในรอบการสำรวจนี้"]


def test_a_repeated_national_id_in_an_upload_for_both_audiences(state, volunteer, recorded):
    someone = people(state.engine)
    content = survey_csv(("18/01/2565", SI_PHUM, GOOD_ID), ("18/01/2565", SI_PHUM, OTHER_ID))
    mine = run_import(state, "surveys", content, "a.csv", user_id=volunteer["id"], scope=SI_PHUM, dry_run=True)
    assert [(w["row"], w["column"]) for w in mine["warnings"]] == [(2, "national_id")]
    assert f"record {recorded}" in mine["warnings"][0]["message_en"]
    other = someone["other_volunteer"]
    content = survey_csv(("18/01/2565", SUTHEP, GOOD_ID))
    theirs = run_import(state, "surveys", content, "a.csv", user_id=other["id"], scope=SUTHEP, dry_run=True)
    assert theirs["problems"] == []
    assert [w["message_en"] for w in theirs["warnings"]] == ["this national id is already recorded in this campaign"]


def test_the_same_file_twice_warns_of_no_repeated_id_and_stores_nothing_more(state, volunteer, campaign):
    content = survey_csv(("18/01/2565", SI_PHUM, GOOD_ID), ("18/01/2565", SI_PHUM, OTHER_ID))
    first = run_import(state, "surveys", content, "a.csv", user_id=volunteer["id"], scope=SI_PHUM)
    again = run_import(state, "surveys", content, "a.csv", user_id=volunteer["id"], scope=SI_PHUM)
    assert (first["new"], first["warnings"], first["problems"]) == (2, [], [])
    assert (again["new"], again["unchanged"], again["warnings"]) == (0, 2, [])


def test_a_national_id_twice_in_one_file_names_the_earlier_row(state, volunteer, campaign):
    content = survey_csv(("18/01/2565", SI_PHUM, GOOD_ID), ("19/01/2565", SI_PHUM, GOOD_ID))
    report = run_import(state, "surveys", content, "a.csv", user_id=volunteer["id"], scope=SI_PHUM)
    assert report["new"] == 2
    assert [(w["row"], w["message_en"]) for w in report["warnings"]] == [
        (3, "this national id is already recorded in this campaign (row 2 of this file)")
    ]


def test_a_records_point_is_both_coordinates_in_thailand_and_near_its_district(state, campaign):
    """A point typed wrong gave the volunteer's round of the day a stop 11,000 km away: lat alone, swapped, 0,0, a
    point of Bangkok for a subdistrict of Chiang Mai are problems; a point in the district, or none, is not."""
    head = "survey_date,subdistrict,lat,lon,target_group,age,doses_received,intention\n"
    points = ["18.7883,98.9853", "98.9853,18.7883", "0,0", "13.75,100.5", "18.79,", ",98.98", "1000,-500", ","]
    body = "".join(f"20/01/2565,500101,{p},general,30,0,wants\n" for p in points)
    report = run_import(state, "surveys", (head + body).encode(), "points.csv", dry_run=True)
    said = {p["row"]: (p["column"], p["message_en"], p["message_th"]) for p in report["problems"]}
    assert sorted(said) == [3, 4, 5, 6, 7, 8]  # rows 2 (in Mueang Chiang Mai) and 9 (no point) are fine
    assert "did you swap lat and lon" in said[3][1] and "สลับกัน" in said[3][2]
    assert "outside Thailand" in said[4][1] and "outside Thailand" in said[8][1]
    assert "km outside Mueang Chiang Mai" in said[5][1] and "อำเภอเมืองเชียงใหม่" in said[5][2]
    assert said[6][:2] == ("lat", "lat without lon: give both lat and lon, or leave both empty")
    assert said[7][0] == "lon"
