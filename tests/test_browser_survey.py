"""The survey form on a phone-sized screen, signed in as a volunteer, in headless Chromium against the real server."""

from __future__ import annotations

import pytest
from fixtures_app import STAFF, outside, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
BAD_ID, GOOD_ID = "1101700230709", "1101700230708"


@pytest.fixture
def volunteer_page(browser, staff_server):
    context = browser.new_context(viewport=PHONE, locale="th-TH")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    sign_in(page, staff_server["url"], STAFF["volunteer"][0])
    page.goto(staff_server["url"] + "/survey")
    page.wait_for_selector("#survey-save", timeout=60_000)
    yield page
    context.close()


def pick(page, group_id: str, label: str) -> None:
    page.locator(f"#{group_id} label", has_text=label).first.click()


def test_a_volunteer_fixes_a_bad_national_id_saves_and_sees_the_record_listed(volunteer_page):
    page = volunteer_page
    # the only subdistrict of the volunteer's area is chosen already, and today's date is in the Buddhist era
    assert "ศรีภูมิ" in page.inner_text("#survey-subdistrict") and "500101" in page.inner_text("#survey-subdistrict")
    assert int(page.input_value("#survey-date").split("/")[2]) > 2560
    assert "ข้อมูลส่วนบุคคล (เห็นเฉพาะสายงานที่รับผิดชอบ)" in page.inner_text("#survey-personal")
    page.fill("#survey-village", "3")
    pick(page, "survey-group", "ผู้สูงอายุ")
    page.fill("#survey-age", "72")
    pick(page, "survey-doses", "0")
    pick(page, "survey-intention", "ยังไม่ตัดสินใจ")
    page.fill("#survey-full-name", "สมชาย ใจดี")
    page.fill("#survey-national-id", BAD_ID)
    page.locator("#survey-nid-check").filter(has_text="เลขประจำตัวประชาชนไม่ถูกต้อง").wait_for(timeout=30_000)
    # saving anyway: the server says the same as an upload would, next to the field, and stores nothing
    page.click("#survey-save")
    problem = page.locator("#survey-problem-national_id")
    problem.filter(has_text="the national id fails the 13-digit checksum").wait_for(timeout=30_000)
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจเลข 13 หลัก)" in problem.inner_text()
    assert "ยังไม่ได้บันทึก" in page.inner_text("#survey-message")
    # fixing it clears the message and passes the live check
    page.fill("#survey-national-id", GOOD_ID)
    page.locator("#survey-nid-check").filter(has_text="✓").wait_for(timeout=30_000)
    assert problem.inner_text() == ""
    page.click("#survey-save")
    saved = page.locator("#survey-saved")
    saved.wait_for(timeout=30_000)
    record_id = saved.inner_text().split("เลขที่ ")[1].split()[0]
    listed = page.locator(f"#survey-record-{record_id}")
    listed.wait_for(timeout=30_000)
    assert "ผู้สูงอายุ" in listed.inner_text() and "สมชาย ใ***" in listed.inner_text()
    assert GOOD_ID not in page.content()
    assert "วันนี้คุณบันทึกแล้ว" in page.inner_text("#survey-today-count")
    # the form is ready for the next person of the same household
    assert page.input_value("#survey-national-id") == "" and page.input_value("#survey-age") == ""
    assert page.input_value("#survey-village") == "3"
    assert page.evaluate("document.getElementById('page-content').scrollWidth") <= PHONE["width"]
    assert outside(page.requests) == []
    assert page.errors == []


def test_a_problem_in_another_field_shows_in_thai_and_english(volunteer_page):
    page = volunteer_page
    pick(page, "survey-group", "เด็กอายุ 5–11 ปี")
    page.fill("#survey-age", "30")
    pick(page, "survey-doses", "1")
    pick(page, "survey-intention", "ต้องการฉีด")
    page.click("#survey-save")
    age = page.locator("#survey-problem-age")
    age.filter(has_text="อายุ 30 ไม่อยู่ในกลุ่ม เด็กอายุ 5–11 ปี").wait_for(timeout=30_000)
    assert "age 30 does not fit the group Children 5–11" in age.inner_text()
    assert outside(page.requests) == []
