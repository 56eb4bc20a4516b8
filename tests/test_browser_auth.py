"""Signing in through the real sign-in page, and pages that need a role (headless Chromium, the real server)."""

from __future__ import annotations

from fixtures_app import PASSWORD, STAFF, outside, sign_in


def test_a_coordinator_signs_in_and_sees_the_record_pages(staff_server, browser):
    url = staff_server["url"]
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, url, STAFF["coordinator"][0])
    page.wait_for_selector("#signed-in-as")
    assert "coord_cm" in page.inner_text("#signed-in-as")
    assert "5001" in page.inner_text("#signed-in-as")
    header = page.inner_text("header")
    assert "สถานบริการในพื้นที่" in header and "ออกจากระบบ" in header
    cookie = next(c for c in page.context.cookies() if c["name"] == "jitasa_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.click("text=ออกจากระบบ")
    page.wait_for_selector("#sign-in-link")
    assert outside(requests) == []
    page.close()


def test_a_wrong_password_is_refused_in_thai_and_english(staff_server, browser):
    page = browser.new_page()
    page.goto(staff_server["url"] + "/login")
    page.fill("#username", STAFF["coordinator"][0])
    page.fill("#password", PASSWORD + "x")
    page.click("button[type=submit]")
    alert = page.inner_text(".alert")
    assert "รหัสผ่านไม่ถูกต้อง" in alert and "password is wrong" in alert
    assert not [c for c in page.context.cookies() if c["name"] == "jitasa_session" and "uid" in c["value"]]
    page.close()


def test_a_record_page_asks_for_sign_in_and_returns_to_it(staff_server, browser):
    url = staff_server["url"]
    page = browser.new_page()
    page.goto(url + "/survey")
    page.wait_for_selector("#sign-in-needed")
    page.click("#sign-in-needed a")
    page.fill("#username", STAFF["volunteer"][0])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/survey")
    page.wait_for_selector("#signed-in-as")
    page.goto(url + "/facilities")
    page.wait_for_selector("#not-allowed")
    assert "ผู้ประสานงานอำเภอ" in page.inner_text("#not-allowed")
    page.close()


def test_sign_in_never_redirects_to_another_site(staff_server, browser):
    page = browser.new_page()
    page.goto(staff_server["url"] + "/login?next=//evil.example/x")
    page.fill("#username", STAFF["volunteer"][0])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(staff_server["url"] + "/")
    page.close()
