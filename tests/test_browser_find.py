"""The public finder on a phone-sized screen, in headless Chromium, against the real server (`python app.py --demo`)."""

from __future__ import annotations

import json
import urllib.request

import pytest
from fixtures_app import outside

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
CHIANG_MAI = "lat=18.7883&lon=98.9853"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="th-TH")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def api(live_server, path: str) -> dict:
    with urllib.request.urlopen(live_server["url"] + path, timeout=30) as response:
        return json.load(response)


def first_card(page) -> str:
    page.wait_for_selector("#find-item-1", timeout=60_000)
    return page.locator("#find-item-1").inner_text()


def test_a_shared_link_lists_the_nearest_hospital_first_fits_a_phone_and_stays_on_the_machine(phone, live_server):
    nearest = api(live_server, f"/api/v1/nearest?{CHIANG_MAI}&type=hospital&k=1")["items"][0]
    phone.goto(live_server["url"] + f"/find?{CHIANG_MAI}&type=hospital")
    card = first_card(phone)
    assert phone.locator("#find-item-1 .find-name").inner_text() == nearest["name_th"]
    assert "โรงพยาบาล" in phone.locator("#find-type .selected").inner_text()
    assert phone.locator("#find-results > li").count() == 5
    summary = phone.locator("#find-summary").inner_text()
    assert "แสดง 5 แห่งที่ใกล้ที่สุด" in summary and "25" in summary  # a Buddhist-era date
    # the demo hospitals were last confirmed in January 2021: each one says to call first
    assert "โทรสอบถามก่อนไป" in card
    directions = phone.locator("#find-item-1 a[href*='destination=']").get_attribute("href")
    assert f"destination={nearest['lat']:.6f},{nearest['lon']:.6f}" in directions
    phone.wait_for_function(
        "() => document.querySelector('#find-map .js-plotly-plot')?._fullLayout?.map?._subplot?.map"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert outside(phone.requests) == []
    assert phone.errors == []


def test_vaccination_points_are_the_default_and_synthetic_records_say_so(phone, live_server):
    phone.goto(live_server["url"] + f"/find?{CHIANG_MAI}")
    card = first_card(phone)
    assert "จุดฉีดวัคซีน" in phone.locator("#find-type .selected").inner_text()
    assert phone.locator("#find-item-1 .synthetic-label").inner_text() == "⚠ ข้อมูลสังเคราะห์ (ตัวอย่าง)"
    assert "เวลาทำการ 08:30-16:30" in card
    assert outside(phone.requests) == []


def test_a_misspelt_place_offers_suggestions_and_tapping_one_searches_there(phone, live_server):
    phone.goto(live_server["url"] + "/find")
    phone.wait_for_selector("#find-message:has-text('เลือกตำแหน่งของคุณ')", timeout=60_000)
    phone.fill("#find-place", "Chiang Mia")
    phone.click("#find-place-button")
    suggestion = phone.locator(".suggestion", has_text="จ.เชียงใหม่").first
    suggestion.wait_for(timeout=30_000)
    assert "ไม่พบสถานที่ชื่อ “Chiang Mia”" in phone.locator("#find-locate-message").inner_text()
    suggestion.click()
    first_card(phone)
    assert "ภายในจ.เชียงใหม่" in phone.locator("#find-here").inner_text()
    phone.wait_for_function("() => location.search.includes('place=50')", timeout=30_000)
    assert "lat=" in phone.evaluate("location.search") and phone.locator(".suggestion").count() == 0
    assert outside(phone.requests) == []


def test_a_place_typed_in_thai_and_a_tap_on_the_map_set_the_location(phone, live_server):
    phone.goto(live_server["url"] + "/find")
    phone.fill("#find-place", "สุเทพ")
    phone.press("#find-place", "Enter")
    phone.wait_for_selector("#find-here:has-text('ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่')", timeout=60_000)
    first_card(phone)
    before = phone.evaluate("location.search")
    phone.wait_for_function(
        "() => document.querySelector('#find-map .js-plotly-plot')?._fullLayout?.map?._subplot?.map"
    )
    box = phone.locator("#find-map").bounding_box()
    phone.wait_for_timeout(500)
    phone.mouse.click(box["x"] + 30, box["y"] + box["height"] - 40)  # an empty spot, away from the legend
    phone.wait_for_function(
        f"() => location.search !== {json.dumps(before)} && !location.search.includes('place=')", timeout=30_000
    )
    assert "ค้นหาจาก:" in phone.locator("#find-here").inner_text()
    assert phone.errors == []


def test_my_location_searches_from_where_the_phone_is(browser, live_server):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        locale="th-TH",
        permissions=["geolocation"],
        geolocation={"latitude": 7.0086, "longitude": 100.4747},
    )  # Hat Yai
    page = context.new_page()
    try:
        page.goto(live_server["url"] + "/find")
        page.click("#find-locate")
        page.wait_for_selector("#find-here:has-text('อ.หาดใหญ่ จ.สงขลา')", timeout=60_000)
        first_card(page)
        page.wait_for_function("() => location.search === '?lat=7.0086&lon=100.4747'", timeout=30_000)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lat=1&lon=1", "อยู่นอกประเทศไทย"),
        ("lat=98.9853&lon=18.7883", "สลับกันหรือไม่"),
        ("lat=abc&lon=98.9", "ไม่ใช่ตัวเลข"),
    ],
)
def test_a_location_that_cannot_be_used_is_explained(phone, live_server, query, expected):
    phone.goto(live_server["url"] + f"/find?{query}")
    message = phone.locator("#find-message")
    message.filter(has_text=expected).wait_for(timeout=60_000)
    assert phone.locator("#find-results > li").count() == 0
    assert "เลือกตำแหน่งของคุณ" in message.inner_text()  # and what to do instead


def test_k_above_the_cap_is_explained_and_capped(phone, live_server):
    phone.goto(live_server["url"] + f"/find?{CHIANG_MAI}&type=hospital&k=500")
    phone.locator("#find-message").filter(has_text="1–50").wait_for(timeout=60_000)
    phone.wait_for_function("() => document.querySelectorAll('#find-results > li').length === 50", timeout=30_000)


def test_english_is_one_click_away_on_the_finder(phone, live_server):
    phone.goto(live_server["url"] + f"/find?{CHIANG_MAI}&type=test_site")
    first_card(phone)
    phone.click("#lang-button")
    phone.wait_for_selector("h1:has-text('Find a service point near you')", timeout=30_000)
    phone.locator("#find-summary").filter(has_text="Showing the 5 nearest").wait_for(timeout=30_000)
    assert "COVID test site" in phone.locator("#find-type .selected").inner_text()
    assert "call to confirm" in phone.locator("#find-item-1").inner_text()
    assert phone.evaluate("location.search").count("type=test_site") == 1
    phone.click("#lang-button")  # and back, for the next tests
    phone.wait_for_selector("h1:has-text('ค้นหาจุดบริการใกล้คุณ')", timeout=30_000)
    assert outside(phone.requests) == []
