"""People and accounts in headless Chromium against the real demo server: a volunteer registers and is approved, a
token is created and revoked, a national admin closes the campaign with the order's reference and opens another.

The campaign test runs last and leaves a campaign open: the shared server's open campaign matters to other tests.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest
from fixtures_app import PASSWORD, STAFF, api_token, outside, sign_in

pytestmark = pytest.mark.browser
ORDER = "มท 0230/ว 5678 ลงวันที่ 30 ก.ย. 2565"
SURVEY_CSV = (
    b"survey_date,subdistrict,target_group,age,doses_received,intention\n2022-02-01,500101,elderly,72,0,wants\n"
)


def choose(page, dropdown_id: str, text: str) -> None:
    """Pick an option of a Dash dropdown by typing part of its label."""
    page.click(f"#{dropdown_id}")
    page.keyboard.type(text)
    page.locator(".dash-dropdown-content [role=option]", has_text=text).first.click()


def call(url: str, token: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_a_volunteer_registers_is_approved_by_the_coordinator_then_signs_in(staff_server, new_page):
    url, username = staff_server["url"], f"vol_{uuid.uuid4().hex[:8]}"
    page = new_page({"width": 390, "height": 844})
    page.goto(url + "/register")
    page.wait_for_selector("#register-submit", timeout=60_000)
    page.fill("#register-username", username)
    page.fill("#register-password", PASSWORD)
    page.fill("#register-password-again", PASSWORD)
    page.fill("#register-display-name", "สมศรี มีสุข")
    page.fill("#register-phone", "081-234-5678")
    choose(page, "register-province", "เชียงใหม่")
    choose(page, "register-district", "เมืองเชียงใหม่")
    choose(page, "register-subdistrict", "ศรีภูมิ")
    page.click("#register-submit")  # without consent: refused, nothing kept
    page.locator("#register-problems").filter(has_text="ยินยอม").wait_for(timeout=30_000)
    page.check("#register-consent input")
    page.click("#register-submit")
    done = page.locator("#register-done")
    done.wait_for(timeout=30_000)
    assert "รอผู้ประสานงานอำเภอเมืองเชียงใหม่อนุมัติ" in done.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # not yet: the sign-in page refuses a pending account
    page.goto(url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    assert page.locator(".alert").count() == 1 and page.url.startswith(url + "/login")
    # the coordinator of district 5001 approves
    coordinator = new_page()
    sign_in(coordinator, url, STAFF["coordinator"][0])
    coordinator.goto(url + "/people")
    row = coordinator.locator(f"#people-pending-{username}")
    row.wait_for(timeout=60_000)
    assert "สมศรี มีสุข" in row.inner_text() and "081-234-5678" in row.inner_text()
    row.locator("button", has_text="อนุมัติ").first.click()
    coordinator.locator("#people-message").filter(has_text=username).wait_for(timeout=30_000)
    coordinator.locator(f"#people-user-{username}").wait_for(timeout=30_000)
    # now the volunteer signs in
    sign_in(page, url, username)
    page.wait_for_selector("#signed-in-as", state="attached")  # on a phone, inside the folded menu
    signed_in = page.locator("#signed-in-as").text_content()
    assert "สมศรี มีสุข" in signed_in and "500101" in signed_in
    for p in (page, coordinator):
        assert outside(p.requests) == [] and p.errors == []


def test_a_token_made_on_the_page_works_until_it_is_revoked(staff_server, new_page):
    url = staff_server["url"]
    page = new_page()
    sign_in(page, url, STAFF["volunteer"][0])
    page.goto(url + "/tokens")
    page.wait_for_selector("#tokens-create", timeout=60_000)
    page.fill("#tokens-name", "สคริปต์ทดสอบ")
    page.click("#tokens-create")
    token = page.locator("#tokens-new-value")
    token.wait_for(timeout=30_000)
    value = token.inner_text().strip()
    assert value.startswith("jt_") and "จะไม่แสดงอีก" in page.inner_text("#tokens-new")
    status, body = call(url + "/api/v1/tokens", value)
    assert status == 200 and any(item["name"] == "สคริปต์ทดสอบ" for item in body["items"])
    row = page.locator("tr", has_text="สคริปต์ทดสอบ")
    row.locator("button", has_text="ยกเลิก").click()
    page.locator("#tokens-message").filter(has_text="ยกเลิกโทเค็น").wait_for(timeout=30_000)
    assert call(url + "/api/v1/tokens", value)[0] == 401  # revoked: refused at once
    assert value not in page.inner_text("#tokens-table")
    assert outside(page.requests) == [] and page.errors == []


def test_closing_the_campaign_shows_the_banner_and_refuses_surveys_then_a_new_one_opens(staff_server, new_page):
    """Last in this module: leaves a campaign open for the other tests of the shared server."""
    url = staff_server["url"]
    volunteer_token = api_token(staff_server["data_dir"], STAFF["volunteer"][0])
    admin = new_page()
    sign_in(admin, url, STAFF["national_admin"][0])
    try:
        admin.goto(url + "/campaigns")
        admin.wait_for_selector("#campaigns-close-form", timeout=60_000)
        admin.click("#campaigns-close")  # without the order's reference: refused
        admin.locator("#campaigns-message").filter(has_text="เลขที่หนังสือสั่งการ").wait_for(timeout=30_000)
        admin.fill("#campaigns-order-ref", ORDER)
        admin.click("#campaigns-close")
        admin.locator("#campaigns-message").filter(has_text="ปิดรอบ").wait_for(timeout=30_000)
        admin.locator("#campaigns-table").filter(has_text=ORDER).wait_for(timeout=30_000)
        admin.goto(url + "/")
        banner = admin.locator("#campaign-banner")
        banner.wait_for(timeout=60_000)
        assert ORDER in banner.inner_text()
        status, body = call(
            url + "/api/v1/uploads/surveys",
            volunteer_token,
            "POST",
            _multipart(SURVEY_CSV),
            {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
        messages = [p["message_en"] for p in body.get("problems", [])]
        assert "no reporting campaign is open, so new survey records are not accepted" in messages, (status, body)
        volunteer = new_page()  # the survey form: closed, with its save button disabled
        sign_in(volunteer, url, STAFF["volunteer"][0])
        volunteer.goto(url + "/survey")
        volunteer.wait_for_selector("#survey-banner", timeout=60_000)
        assert volunteer.locator("#survey-save").is_disabled()
        assert ORDER in volunteer.inner_text("#campaign-banner")
    finally:
        _open_a_campaign(admin, url)
    admin.goto(url + "/")
    admin.wait_for_selector("#signed-in-as", state="attached", timeout=60_000)
    assert admin.locator("#campaign-banner").count() == 0
    assert outside(admin.requests) == [] and admin.errors == []


def _open_a_campaign(admin, url: str) -> None:
    admin.goto(url + "/campaigns")
    admin.wait_for_selector("#campaigns-open-form, #campaigns-close-form", timeout=60_000)
    if admin.locator("#campaigns-open-form").count():
        admin.fill("#campaigns-name-th", "สำรวจรอบที่ 2")
        admin.fill("#campaigns-name-en", "Survey round 2")
        admin.click("#campaigns-open")
        admin.locator("#campaigns-message").filter(has_text="เปิดรอบ").wait_for(timeout=30_000)


BOUNDARY = "jitasa-test-boundary"


def _multipart(content: bytes) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="surveys.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{BOUNDARY}--\r\n".encode()
