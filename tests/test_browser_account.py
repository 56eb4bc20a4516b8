"""A person's own session and password in headless Chromium against the real demo server: signing out with the
header's button ends the session on the server (a copy of the cookie stops working; GET /logout only offers the
button), a password is changed on /account/password, and a forgotten one is reset with the one-time code a province
admin reads off the people page."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid

import pytest
from fixtures_app import PASSWORD, STAFF, add_user, outside, sign_in

pytestmark = pytest.mark.browser
NEW_PASSWORD = "ฝนตกที่เชียงใหม่ทุกเย็น"


@pytest.fixture
def person(staff_server):
    """A volunteer of Si Phum of this test's own (the shared server's staff keep their passwords)."""
    name = "acct_" + uuid.uuid4().hex[:8]
    add_user(staff_server["data_dir"], name, "volunteer", "500101")
    return name


def status_with_cookie(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"jitasa_session={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def session_cookie(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "jitasa_session")


def test_signing_out_with_the_button_ends_the_session_on_the_server(staff_server, browser, person):
    url = staff_server["url"]
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, url, person)
    page.wait_for_selector("#signed-in-as")
    copied = session_cookie(page)
    assert status_with_cookie(url + "/api/v1/uploads", copied) == 200
    page.goto(url + "/logout")  # a link (or an <img>) to /logout only shows the button
    assert status_with_cookie(url + "/api/v1/uploads", copied) == 200
    page.goto(url + "/")
    page.wait_for_selector("#sign-out-form button")
    page.click("#sign-out-form button")
    page.wait_for_selector("#sign-in-link")
    assert status_with_cookie(url + "/api/v1/uploads", copied) == 401
    assert outside(requests) == []
    context.close()


def test_a_person_changes_their_password(staff_server, browser, person):
    url = staff_server["url"]
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, url, person)
    page.wait_for_selector("#signed-in-as")
    page.click("text=เปลี่ยนรหัสผ่าน")
    page.wait_for_url(url + "/account/password")
    page.fill("#current", PASSWORD)
    page.fill("#password", "password")
    page.fill("#again", "password")
    page.click("#password-submit")
    assert "เดาง่ายเกินไป" in page.inner_text("#password-problems")
    page.fill("#current", PASSWORD)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#again", NEW_PASSWORD)
    page.click("#password-submit")
    page.wait_for_selector("#password-changed")
    assert status_with_cookie(url + "/api/v1/uploads", session_cookie(page)) == 200  # this browser stays signed in
    context.close()
    fresh = browser.new_context().new_page()
    sign_in(fresh, url, person, NEW_PASSWORD)
    fresh.wait_for_selector("#signed-in-as")
    fresh.context.close()


def test_a_province_admin_hands_out_a_one_time_code_and_the_person_sets_a_new_password(staff_server, browser, person):
    url = staff_server["url"]
    admin = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    sign_in(admin, url, STAFF["province_admin"][0])
    admin.goto(url + "/people")
    row = admin.locator(f"#people-user-{person}")
    row.wait_for()
    row.locator("button", has_text="รหัสตั้งรหัสผ่านใหม่").click()
    code = admin.locator("#people-reset-code-value").inner_text(timeout=60_000)
    assert len(code) == 14 and code.count("-") == 2
    admin.context.close()

    page = browser.new_context().new_page()
    page.goto(url + "/login")
    page.click("text=ตั้งรหัสผ่านใหม่")
    page.wait_for_url(url + "/reset")
    page.fill("#username", person)
    page.fill("#code", code)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#again", NEW_PASSWORD)
    page.click("#reset-submit")
    page.wait_for_selector("#reset-done")
    sign_in(page, url, person, NEW_PASSWORD)
    page.wait_for_selector("#signed-in-as")
    page.goto(url + "/reset")  # the same code a second time: refused
    page.fill("#username", person)
    page.fill("#code", code)
    page.fill("#password", NEW_PASSWORD + "!")
    page.fill("#again", NEW_PASSWORD + "!")
    page.click("#reset-submit")
    assert "รหัสครั้งเดียวไม่ถูกต้อง" in page.inner_text("#reset-problems")
    page.context.close()
