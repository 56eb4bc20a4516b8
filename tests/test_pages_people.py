"""The account pages (register, people, campaigns) as plain functions: callbacks called directly inside a request,
views from hand-made rows."""

from __future__ import annotations

import datetime as dt

import pytest
from dash import no_update
from fixtures_app import create_people

from data.errors import Problem


@pytest.fixture(scope="module")
def people_tokens(demo_state):
    return create_people(demo_state, {"pp_coord": ("coordinator", "5001"), "pp_national": ("national_admin", "TH")})


def as_person(app, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.server.test_request_context(headers=headers)


def test_the_register_form_names_each_problem_in_both_languages():
    from dashboard.i18n import t
    from dashboard.pages.register import problem_list

    shown = str(problem_list([Problem("username", None, "ชื่อซ้ำ", "name taken")], "en"))
    assert t("register.username", "en") + ": " in shown
    assert "name taken" in shown and "ชื่อซ้ำ" in shown and "register-problems" in shown


def test_register_does_nothing_before_a_press(demo_app):
    from dashboard.pages.register import submit

    with as_person(demo_app, None):
        assert submit(0, "x", "p", "p", "n", "0", ["yes"], "5001", None, "th") == (no_update, no_update)


def test_register_offers_the_districts_of_a_province(demo_app):
    from dashboard.pages.register import districts

    with as_person(demo_app, None):
        options, value = districts("50", "en")
    assert value is None and any(o["value"] == "5001" for o in options)


def test_campaigns_list_for_a_national_admin_offers_a_form(demo_app, people_tokens):
    from dashboard.pages.campaigns import show

    with as_person(demo_app, people_tokens["pp_national"]):
        table, forms = show(0, "en")
    assert "campaigns-open-form" in str(forms) or "campaigns-close-form" in str(forms)
    with as_person(demo_app, None):
        assert show(0, "en") == (None, None)


def test_campaigns_refuse_to_open_one_for_a_coordinator(demo_app, people_tokens):
    from dashboard.pages.campaigns import open_one

    with as_person(demo_app, people_tokens["pp_coord"]):
        message, refresh = open_one(1, "รอบ", "Round", "", 0, "en")
    assert "alert-danger" in str(message) and refresh is no_update


def test_the_campaign_table_falls_back_to_the_thai_name():
    from dashboard.pages.campaigns import campaign_table

    row = {"id": 7, "name_th": "รอบแรก", "name_en": "", "opened_on": dt.date(2024, 1, 2), "closed_on": None}
    shown = str(campaign_table([row | {"closed_order_ref": None}], "en"))
    assert "รอบแรก" in shown and "campaigns-row-7" in shown
