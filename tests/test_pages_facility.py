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
    from dashboard.pages.facilities import callbacks

    with signed_in():
        summary, items, pager, previous_off, next_off = callbacks.show("", "", "", "", "", [], 0, "th")
    assert "แห่ง" in text_of(summary) and items and previous_off
    assert all(item.children[0].href.startswith("/facility/") for item in items)


def test_the_facility_list_refuses_a_signed_out_reader(demo_app):
    from dashboard.pages.facilities import callbacks

    with demo_app.server.test_request_context():
        assert callbacks.show("", "", "", "", "", [], 0, "en")[:2] == (t("facility_form.signed_out", "en"), [])
        assert callbacks.download(1, 0, "", "", "", "", "", [], "en") is callbacks.no_update


def test_the_whole_country_is_named_not_coded_on_the_list(demo_state):
    from dashboard.pages.facilities.view import area_text

    assert area_text(demo_state.registry, "TH", "en") == "the whole country"
    assert area_text(demo_state.registry, "5001", "th") == "เมืองเชียงใหม่ (5001)"


def test_a_national_admin_narrows_by_province_district_type_status_and_pages_through(signed_in, demo_state):
    """The demo has 1,820 facilities: 50 a page, every one reachable; a province, a district, a type, a status."""
    from dashboard.pages.facilities import callbacks
    from dashboard.pages.facilities.ids import PAGE_SIZE

    with signed_in("national_admin"):
        summary, items, pager, previous_off, next_off = callbacks.show("", "", "", "", "", [], 0, "en")
        assert "1,820 facilities" in text_of(summary) and len(items) == PAGE_SIZE
        assert pager == "Showing 1–50 of 1,820" and previous_off and not next_off
        *_, pager, previous_off, next_off = callbacks.show("", "", "", "", "", [], 1800, "en")
        assert pager == "Showing 1,801–1,820 of 1,820" and not previous_off and next_off
        options, value = callbacks.districts("50", "th")
        assert value == "" and {"label": "เมืองเชียงใหม่ (5001)", "value": "5001"} in options and len(options) == 26
        _, in_chiang_mai, *_ = callbacks.show("", "hospital", "", "50", "", [], 0, "th")
        _, in_mueang, *_ = callbacks.show("", "hospital", "open", "50", "5001", [], 0, "th")
        _, closed, *_ = callbacks.show("", "", "closed", "50", "", [], 0, "th")
    assert len(in_mueang) < len(in_chiang_mai) and in_mueang
    assert text_of(closed) == "" or "ปิดถาวร" in text_of(closed)


def pressed(button: str, callback, *args):
    """``callback(*args)`` as Dash runs it when ``button`` was pressed."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    token = context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{button}.n_clicks", "value": 1}]))
    try:
        return callback(*args)
    finally:
        context_value.reset(token)


def test_the_download_is_what_the_list_matches_with_area_names_and_no_formulas(signed_in, demo_state):
    import base64
    import csv
    import io

    import openpyxl

    from dashboard.pages.facilities import callbacks
    from dashboard.pages.facilities.view import export_table
    from data.cells import xlsx_bytes

    with signed_in("national_admin"):
        sent = pressed(callbacks.EXPORT_CSV, callbacks.download, 1, 0, "", "hospital", "", "50", "5001", [], "en")
        _, shown, *_ = callbacks.show("", "hospital", "", "50", "5001", [], 0, "en")
        book = pressed(callbacks.EXPORT_XLSX, callbacks.download, 1, 1, "", "hospital", "", "50", "5001", [], "th")
    rows = list(openpyxl.load_workbook(io.BytesIO(base64.b64decode(book["content"]))).active.rows)
    assert book["filename"].endswith(".xlsx") and len(rows) == len(shown) + 1 and rows[0][0].value == "รหัสในระบบ"
    header, *table = list(csv.reader(io.StringIO(base64.b64decode(sent["content"]).decode("utf-8-sig"))))
    assert sent["filename"].endswith(".csv") and header[:3] == ["id", "facility_id", "type"]
    assert len(table) == len(shown) and {(r[6], r[7]) for r in table} == {
        ("Chiang Mai (50)", "Mueang Chiang Mai (5001)")
    }

    typed = {"id": 1, "external_id": "=HYPERLINK(1)", "type": "hospital", "name_th": "+x", "name_en": None,
             "status": "open", "province": "50", "district": "5001", "subdistrict": None, "updated_at": None,
             "updated_by_name": "@me", "days_since_update": None, "stale": True, "synthetic": False}  # fmt: skip
    header, rows = export_table([typed], demo_state.registry, "th")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(header, rows, "สถานบริการ"))).active
    values = [c.value for c in list(sheet.rows)[1]]
    assert header[0] == "รหัสในระบบ" and values[1] == "'=HYPERLINK(1)" and values[3] == "'+x" and values[10] == "'@me"
    assert values[6] == "เชียงใหม่ (50)" and values[12] == "ใช่"


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


def test_a_duplicate_pair_shows_thailands_day_and_the_source_in_words(demo_state):
    import datetime as dt

    from dashboard.pages.duplicates import pair_list

    side = {"id": 1, "type": "hospital", "status": "open", "external_id": None, "address": None, "phone": None}
    side |= {"subdistrict": "500101", "district": "5001", "lat": 18.79, "lon": 98.98, "source": "form"}
    side |= {"name_th": "โรงพยาบาลทดสอบ", "name_en": None, "province": "50"}
    found = dt.datetime(2026, 12, 5, 22, 20)  # UTC as SQLite keeps it: 05:20 on 6 Dec in Thailand
    pair = {
        "id": 8,
        "a": side,
        "b": side | {"id": 2, "source": "api"},
        "distance_m": 3,
        "similarity": 1,
        "found_at": found,
    }
    (card,) = pair_list(demo_state.registry, [pair], {"area": "5001"}, "th")
    assert "พบเมื่อ 6 ธ.ค. 2569" in text_of(card)
    assert "แบบฟอร์มในเว็บ" in text_of(card) and "ระบบอื่นผ่าน API" in text_of(card)
    assert " form " not in f" {text_of(card)} " and " api " not in f" {text_of(card)} "
    (english,) = pair_list(demo_state.registry, [pair], {"area": "5001"}, "en")
    assert "Web form" in text_of(english)


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


def test_a_new_facility_near_another_says_worth_checking_on_its_own_page(signed_in):
    from dashboard.auth import request_user
    from dashboard.pages.facility_form import callbacks
    from dashboard.pages.facility_form.layout import layout

    name = "จุดทดสอบคำเตือนซ้ำ"
    with signed_in():
        first = callbacks.save(1, form(name_th=name), {}, "th")
        near = callbacks.save(1, form(name_th=name, lat="18.78867"), {}, "th")  # 41 m north
        page_th = text_of(layout("th", "?saved=1", request_user(), near["path"]))
        page_en = text_of(layout("en", "?saved=1", request_user(), near["path"]))
    first_id = first["path"].rsplit("/", 1)[1]
    assert "เพิ่มสถานบริการแล้ว (ฉบับที่ 1)" in page_th and "ข้อควรตรวจ (บันทึกแล้ว)" in page_th
    assert f"อาจซ้ำกับ “{name}” (รหัส #{first_id}) ห่าง 41 ม." in page_th
    assert "Worth checking (saved)" in page_en and f"(id #{first_id}), 41 m away" in page_en


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
        assert layout("th", user=user, path="/facility/²").id == "facility-form-note"  # int("²") raised
        assert layout("th", user=user, path=f"/facility/{2**63}").id == "facility-form-note"  # past any id
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
