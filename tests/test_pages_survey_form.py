"""The survey form's package (dashboard/pages/survey_form/): its view and callbacks called as plain functions."""

from __future__ import annotations

import json

from dash import no_update

from dashboard.i18n import t
from dashboard.pages.survey_form import PAGE, view
from dashboard.pages.survey_form import callbacks as cb
from dashboard.pages.survey_form.ids import CLEARED, FIELDS, NID_TEXTS, SLOTS
from dashboard.pages.survey_form.layout import layout
from data.errors import Problem

VOLUNTEER = {"id": 1, "role": "volunteer", "area": "500101", "username": "v"}


def test_the_form_reads_as_an_uploaded_row():
    values = ["20/01/2565", "500101", None, "elderly", "70", "0", "wants", ["1"], None, "", "", ""]
    fields = view.form_fields(values, {"lat": 18.79, "lon": 98.98, "accuracy": 12})
    assert len(values) == len(FIELDS)
    assert fields["needs_home_visit"] == "1" and fields["village_no"] == "" and fields["reason"] == ""
    assert (fields["lat"], fields["lon"]) == ("18.790000", "98.980000")


def test_each_problem_goes_under_its_field_and_the_rest_in_the_message():
    problems = [
        Problem("age", "30", "อายุไม่ตรงกลุ่ม", "age does not fit", 2),
        Problem("lat", "99", "ละติจูดผิด", "bad latitude", 2),
        Problem(None, None, "ปิดรับแล้ว", "the campaign is closed", 2),
    ]
    slots = dict(zip(SLOTS, view.slot_messages(problems, "en")))
    assert "age does not fit" in str(slots["age"]) and "bad latitude" in str(slots["location"])
    assert slots["national_id"] is None
    message = view.not_saved(problems, "en")
    assert "alert-danger" in message.className and "the campaign is closed" in str(message.children)


def test_a_save_empties_the_persons_fields_and_keeps_the_households():
    assert len(view.cleared_values()) == len(CLEARED) + 2
    assert "survey_date" not in {name for name, _, _ in CLEARED}


def test_the_date_is_echoed_in_the_readers_calendar():
    assert view.date_echo("17/1/65", "th") == "= 17 ม.ค. 2565"
    assert view.date_echo("", "th") == ""
    assert view.date_echo("32/13/2565", "en") == t("survey.date_bad", "en", text="32/13/2565")


def test_saving_without_signing_in_stores_nothing(demo_app):
    values = [None] * len(FIELDS) + [None, "en", "a-save-key"]  # location, language, the idempotency key
    with demo_app.server.test_request_context("/_dash-update-component", method="POST"):
        answer = cb.save(1, *values)
    assert answer[0].className.startswith("alert alert-danger")
    assert answer[0].children == t("survey.signed_out", "en")
    assert all(a is no_update for a in answer[1:])


def test_a_found_location_is_shown_with_its_accuracy():
    assert cb.show_location({"lat": 18.7883, "lon": 98.9853, "accuracy": 1234.4}, "en") == (
        "Location 18.78830, 98.98530 (within about 1,234 m)",
        False,
    )
    assert cb.show_location(None, "en") == (no_update, True)


def test_the_page_gives_the_live_check_its_words_in_the_readers_language(demo_app):
    assert PAGE.path == "/survey" and PAGE.role == "volunteer"
    with demo_app.server.test_request_context("/survey"):
        tree = json.dumps(layout("en", user=VOLUNTEER).to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert NID_TEXTS in tree and json.dumps(t("survey.nid_ok", "en")) in tree
    assert '"survey-locate"' in tree and '"survey-geo-box"' in tree


def test_a_missing_field_is_named_by_its_label_not_its_code():
    """The English form said "“target_group” is required" and "“doses_received” is required"."""
    problems = [
        Problem("target_group", None, "ต้องกรอก “กลุ่มเป้าหมาย”", "“target_group” is required", 2),
        Problem("doses_received", None, "ต้องกรอก “จำนวนเข็มที่ได้รับ”", "“doses_received” is required", 2),
    ]
    slots = dict(zip(SLOTS, view.slot_messages(problems, "en")))
    assert "“Target group” is required" in str(slots["target_group"])
    assert "“Doses received” is required" in str(slots["doses_received"])
    assert "target_group" not in str(slots["target_group"]) and "doses_received" not in str(slots["doses_received"])
