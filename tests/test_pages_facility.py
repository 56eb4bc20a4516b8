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


# -- /facility/<id> ---------------------------------------------------------------------------------------------------
SI_PHUM = ("18.7883", "98.9853")  # lat, lon in Si Phum, Mueang Chiang Mai (5001)


def form(**changes) -> list:
    """The boxes' values in the form's order, as the browser sends them."""
    from dashboard.pages.facility_form.form_values import form_values
    from dashboard.pages.facility_form.ids import FIELDS

    values = form_values(None, "th") | {"lat": SI_PHUM[0], "lon": SI_PHUM[1], "name_th": "จุดทดสอบหน้าฟอร์ม"}
    values |= {"valid_from": "1/8/2564", "valid_to": "31/12/2564"} | changes
    return [values[f] for f in FIELDS]


def test_the_form_adds_a_facility_then_saves_an_edit_and_refuses_a_stale_one(signed_in):
    from dashboard.pages.facility_form import callbacks, ids

    with signed_in():
        added = callbacks.save(1, form(), {}, "th")
        assert added["path"].startswith("/facility/") and added["search"] == "?saved=1"
        record = {"id": int(added["path"].rsplit("/", 1)[1]), "version": 1, "view": [18.7883, 98.9853]}
        edited = callbacks.save(1, form(phone="053 000 000"), record, "th")
        assert "บันทึกแล้ว (ฉบับที่ 2)" in text_of(edited["message"]) and edited["record"]["version"] == 2
        assert edited["record"]["view"] == record["view"]  # the map stays where it is
        assert any(getattr(i, "id", None) == "facility-form-version-2" for i in edited["history"][2].children)
        stale = callbacks.save(1, form(phone="053 111 111"), record, "th")  # the first tab, still at version 1
    assert "alert-danger" in stale["message"].className and f"/facility/{record['id']}" in str(stale["message"])
    assert stale["problems"] == [None] * len(ids.FIELDS)


def test_the_forms_problems_go_under_their_fields(signed_in):
    from dashboard.pages.facility_form import callbacks, ids

    with signed_in():
        refused = callbacks.save(1, form(name_th="", valid_to="1/1/2564"), {}, "en")
    boxes = dict(zip(ids.FIELDS, refused["problems"]))
    assert boxes["name_th"] and boxes["valid_to"] and boxes["phone"] is None
    assert "2 problems" in text_of(refused["message"])


def test_a_volunteer_cannot_save_and_nothing_happens_before_a_press(demo_app):
    from dash import no_update

    from dashboard.pages.facility_form import callbacks

    with demo_app.server.test_request_context():
        assert callbacks.save(0, form(), {}, "th")["problems"][0] is no_update
        refused = callbacks.save(1, form(), {}, "th")
    assert t("facility_form.signed_out", "th") in text_of(refused["message"])


def test_the_form_opens_new_refuses_unknown_ids_and_other_areas(signed_in, demo_state):
    from dashboard.pages.facility_form.layout import layout
    from data.schema import facilities

    user = {"area": "5001", "role": "coordinator"}
    with demo_state.engine.connect() as conn:
        in_5001 = conn.execute(sa.select(facilities.c.id).where(facilities.c.district == "5001").limit(1)).scalar()
    with signed_in():
        assert "facility-form-map" in str(layout("th", user=user, path="/facility/new"))
        assert layout("th", user=user, path="/facility/abc").id == "facility-form-note"
        assert layout("th", user=user, path="/facility/999999999").id == "facility-form-note"
        assert "facility-form-version" in str(layout("th", user=user, path=f"/facility/{in_5001}"))
        outside = layout("en", user={"area": "10", "role": "coordinator"}, path=f"/facility/{in_5001}")
    assert outside.id == "facility-form-note" and t("facility_form.outside", "en", area="10") in text_of(outside)


def test_a_pasted_point_is_split_and_thai_digits_are_read():
    from dashboard.pages.facility_form.form_values import form_fields, parse_point, split_pair

    assert split_pair("18.7883, 98.9853") == ("18.7883", "98.9853")
    assert split_pair("๑๘.๘, ๙๘.๙๕") == ("18.8", "98.95")
    assert split_pair("18.7883") is None and parse_point("91", "98") is None and parse_point("x", "1") is None
    fields = form_fields(form(lat="18.8, 98.95", lon=""))
    assert (fields["lat"], fields["lon"]) == ("18.8", "98.95")


def test_a_stored_facility_shows_its_dates_as_a_person_types_them():
    from dashboard.pages.facility_form.form_values import form_values

    stored = {"id": 3, "version": 1, "lat": 18.7883, "lon": 98.9853, "external_id": None, "name_th": "ก"}
    stored |= {"valid_from": "2021-08-01", "valid_to": None, "services": None}
    assert form_values(stored, "th")["valid_from"] == "01/08/2564"
    assert form_values(stored, "en")["valid_from"] == "01/08/2021"
    assert form_values(stored, "en")["valid_to"] == "" and form_values(stored, "th")["lat"] == "18.788300"


def test_the_point_names_its_areas_and_says_whether_it_is_yours(demo_state):
    from dashboard.pages.facility_form.view_map import point_areas

    mine = text_of(point_areas(demo_state, {"area": "5001"}, (18.7883, 98.9853), "th"))
    assert "เมืองเชียงใหม่ (5001)" in mine and "อยู่ในพื้นที่ของคุณ" in mine
    other = text_of(point_areas(demo_state, {"area": "10"}, (18.7883, 98.9853), "en"))
    assert "⚠" in other
    assert text_of(point_areas(demo_state, {"area": "5001"}, None, "en", typed=False)) == t(
        "facility_form.areas.none", "en"
    )
