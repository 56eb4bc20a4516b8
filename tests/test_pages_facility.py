"""The facility pages' callbacks and views called as plain functions (the page recipe's point): the list of an area's
facilities, the possible duplicates, the facility form. Each callback runs inside a request of the demo app, signed
in with a Bearer token, as Dash's endpoint would run it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dashboard.i18n import t

COORDINATOR = ("page_coord", "5001")  # Mueang Chiang Mai
NATIONAL = ("page_admin", "TH")


def _token(state, username: str, role: str, area: str) -> str:
    from data.users import create_token, create_user

    with state.engine.begin() as conn:
        if not conn.execute(sa.text("select 1 from users where username = :u"), {"u": username}).first():
            create_user(conn, username, "page-test-password", role, area)
        return create_token(conn, username)


@pytest.fixture
def signed_in(demo_app, demo_state):
    """``signed_in(role)``: a request context of the demo app with that person's token."""
    people = {"coordinator": COORDINATOR, "national_admin": NATIONAL}

    def context(role: str = "coordinator"):
        username, area = people[role]
        token = _token(demo_state, username, role, area)
        return demo_app.server.test_request_context(headers={"Authorization": f"Bearer {token}"})

    return context


def text_of(component) -> str:
    """Every string inside a component tree, joined."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


# -- /facilities ------------------------------------------------------------------------------------------------------
def test_the_facility_list_shows_the_coordinators_district_only(signed_in):
    from dashboard.pages import facilities

    with signed_in():
        summary, items = facilities.show("", facilities.ALL_TYPES, [], "th")
    assert "แห่ง" in text_of(summary) and items
    assert all(item.children[0].href.startswith("/facility/") for item in items)


def test_the_facility_list_refuses_a_signed_out_reader(demo_app):
    from dashboard.pages import facilities

    with demo_app.server.test_request_context():
        assert facilities.show("", "", [], "en") == (t("facility_form.signed_out", "en"), [])


def test_the_whole_country_is_named_not_coded_on_the_list(demo_state):
    from dashboard.pages.facilities import area_text

    assert area_text(demo_state.registry, "TH", "en") == "the whole country"
    assert area_text(demo_state.registry, "5001", "th") == "เมืองเชียงใหม่ (5001)"


# -- /duplicates ------------------------------------------------------------------------------------------------------
def test_duplicates_show_a_card_per_pair_or_say_there_are_none(demo_state):
    from dashboard.pages.duplicates import pair_list

    user = {"area": "5001"}
    assert pair_list(demo_state.registry, [], user, "th").id == "dup-empty"
    side = {"id": 1, "type": "hospital", "status": "open", "external_id": "X1", "address": None, "phone": None}
    side |= {"subdistrict": "500101", "district": "5001", "lat": 18.79, "lon": 98.98, "source": "upload"}
    side |= {"name_th": "โรงพยาบาลทดสอบ", "name_en": None, "province": "50"}
    pair = {"id": 7, "a": side, "b": side | {"id": 2}, "distance_m": 12.4, "similarity": 0.9, "found_at": None}
    (card,) = pair_list(demo_state.registry, [pair], user, "th")
    assert card.id == "dup-pair-7" and "ห่างกัน 12 ม." in text_of(card) and "เมืองเชียงใหม่ (5001)" in text_of(card)


def test_duplicates_name_the_country_without_its_code(demo_state):
    from dashboard.pages.duplicates import area_text

    assert area_text(demo_state.registry, "TH", "en") == "Thailand"
    assert area_text(demo_state.registry, None, "en") == "–"
