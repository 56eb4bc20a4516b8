"""The account pages (register, people, campaigns) as plain functions: callbacks called directly inside a request,
views from hand-made rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dash import no_update
from fixtures_app import create_people
from plotly.utils import PlotlyJSONEncoder

from data.errors import Problem


@pytest.fixture(scope="module")
def people_tokens(demo_state):
    return create_people(demo_state, {"pp_coord": ("coordinator", "5001"), "pp_national": ("national_admin", "TH")})


def shown(component) -> str:
    """Everything a component tree holds, as text (a tree's repr is cut short)."""
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def as_person(app, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.server.test_request_context(headers=headers)


def test_the_register_form_names_each_problem_in_both_languages():
    from dashboard.i18n import t
    from dashboard.pages.register import problem_list

    text = shown(problem_list([Problem("username", None, "ชื่อซ้ำ", "name taken")], "en"))
    assert t("register.username", "en") + ": " in text
    assert "name taken" in text and "ชื่อซ้ำ" in text and "register-problems" in text


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
    assert "campaigns-open-form" in shown(forms) or "campaigns-close-form" in shown(forms)
    with as_person(demo_app, None):
        assert show(0, "en") == (None, None)


def test_campaigns_refuse_to_open_one_for_a_coordinator(demo_app, people_tokens):
    from dashboard.pages.campaigns import open_one

    with as_person(demo_app, people_tokens["pp_coord"]):
        message, refresh = open_one(1, "รอบ", "Round", "", 0, "en")
    assert "alert-danger" in shown(message) and refresh is no_update


def test_the_campaign_table_falls_back_to_the_thai_name():
    from dashboard.pages.campaigns import campaign_table

    row = {"id": 7, "name_th": "รอบแรก", "name_en": "", "opened_on": dt.date(2024, 1, 2), "closed_on": None}
    text = shown(campaign_table([row | {"closed_order_ref": None}], "en"))
    assert "รอบแรก" in text and "campaigns-row-7" in text


def test_people_look_after_their_own_area_or_a_chosen_province(demo_state):
    from dashboard.pages.people.callbacks import looked_after

    registry = demo_state.registry
    assert looked_after({"role": "coordinator", "area": "5001"}, "10", registry) == "5001"
    assert looked_after({"role": "volunteer", "area": "500101"}, None, registry) is None
    assert looked_after({"role": "national_admin", "area": "TH"}, "50", registry) == "50"
    assert looked_after({"role": "national_admin", "area": "TH"}, "5001", registry) is None  # a province only
    assert looked_after(None, "50", registry) is None


def test_the_pending_list_names_the_area_and_offers_both_decisions(demo_state):
    from dashboard.pages.people.view import pending_section

    row = {
        "id": 4,
        "display_name": "สมศรี",
        "username": "somsri",
        "area": "500101",
        "phone": "0812345678",
        "created_at": dt.datetime(2026, 1, 5, 3, 0),
    }
    text = shown(pending_section([row], demo_state.registry, "en"))
    assert "people-pending-somsri" in text
    assert "(500101)" in text
    assert demo_state.registry.get("500101")["name_en"] in text
    assert '"decision": "approve"' in text and '"decision": "reject"' in text


def test_the_people_sections_for_a_coordinator(demo_app, people_tokens):
    from dashboard.pages.people.callbacks import show

    with as_person(demo_app, people_tokens["pp_coord"]):
        sections, head, table, options = show(0, None, "en")
    assert "people-pending" in shown(sections) and "people-district-5001" in shown(table) and options == []
    with as_person(demo_app, None):
        assert show(0, None, "en")[1:] == (None, None, [])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("th", ["โปรดเลือกอำเภอ", "ต้องระบุชื่อ-นามสกุล"]),
        ("en", ["District: choose the district", "Full name: a full name is needed"]),
    ],
)
def test_saving_an_empty_coordinator_entry_lists_every_problem_in_the_pages_language(
    demo_app, people_tokens, lang, expected
):
    """Save with nothing filled said only "ไม่พบอำเภอรหัส" with an empty code, on a page of either language."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    from dashboard.pages.people.callbacks import save_entry
    from dashboard.pages.people.ids import SAVE

    pressed = context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{SAVE}.n_clicks", "value": 1}]))
    try:
        with as_person(demo_app, people_tokens["pp_national"]):
            message, refresh, cancels = save_entry(1, None, None, None, "", "", "", "", 0, 0, lang)
    finally:
        context_value.reset(pressed)
    text = shown(message)
    assert "alert-danger" in text and refresh is no_update
    assert all(line in text for line in expected), text
    assert "ไม่พบอำเภอรหัส" not in text and "full_name" not in text


def test_a_campaign_form_names_its_box_by_its_label(demo_app, people_tokens):
    """It said "name_th: the campaign needs a Thai name" on the English page."""
    from dashboard.pages.campaigns import open_one

    with as_person(demo_app, people_tokens["pp_national"]):
        message, _ = open_one(1, "", "Round", "", 0, "en")
    text = shown(message)
    assert "Name (Thai): the campaign needs a Thai name" in text and "name_th" not in text
