"""Issue 18's journey in headless Chromium against the real demo server (`python app.py --demo`): a person asks for
help on /help from a 390 px phone and gets a reference; the district's coordinator sees it waiting with its waiting
time, assigns it and marks it done; the person's status page shows each step; another district's coordinator and
the public cannot read it; the statistics carry the waiting figures. Nothing leaves the machine."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from fixtures_app import add_user, outside, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SI_PHUM = {"latitude": 18.79244, "longitude": 98.98581}  # inside subdistrict 500101, Mueang Chiang Mai (5001)
WIDE_JS = "() => document.documentElement.scrollWidth"


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_request_from_a_phone_to_done_and_who_may_see_it(new_page, staff_server):
    base = staff_server["url"]
    # 1. a person asks from a phone, with "use my location"
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True, geolocation=SI_PHUM, permissions=["geolocation"])
    phone.goto(base + "/help")
    assert phone.evaluate(WIDE_JS) <= PHONE["width"]
    phone.click("#help-need label:has-text('ฉีดวัคซีนที่บ้าน')")
    phone.fill("#help-name", "นางทดสอบ เบราว์เซอร์")
    phone.fill("#help-phone", "086 555 1234")
    phone.click("#help-locate")
    phone.wait_for_function("() => document.getElementById('help-lat').value !== ''")
    assert "ได้รับตำแหน่ง" in phone.locator("#help-locate-message").inner_text()
    phone.click("#help-send")
    phone.wait_for_selector("#help-reference")
    reference = "".join(phone.locator(".ref-char").all_inner_texts())
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", reference)
    assert phone.locator(".ref-char").first.bounding_box()["height"] >= 44  # large enough to read out
    assert phone.evaluate(WIDE_JS) <= PHONE["width"]
    follow = base + phone.locator("#help-follow").get_attribute("href")
    assert outside(phone.requests) == [] and phone.errors == []

    # 2. the district's coordinator sees it waiting, assigns it to the subdistrict's volunteer, then marks it done
    coordinator = new_page(viewport={"width": 1280, "height": 900})
    sign_in(coordinator, base, "coord_cm")
    coordinator.goto(base + "/help-requests")
    card = coordinator.locator(".help-item", has_text=reference)
    assert "รอความช่วยเหลือ" in card.locator(".help-status").inner_text()
    assert re.search(r"รอ \d+ นาที", card.locator(".help-waiting").inner_text())
    assert "086" in card.inner_text() or "0865551234" in card.inner_text()
    coordinator.wait_for_function(
        "() => window.jitasaHelpQueueMap && document.querySelectorAll('.leaflet-interactive').length >= 1"
    )
    # the district outlines of the coordinator's province (the map was dots on grey with province lines only)
    coordinator.wait_for_function("() => window.jitasaHelpQueueDistricts", timeout=30_000)
    codes = coordinator.evaluate(
        "() => window.jitasaHelpQueueDistricts.getLayers().map(l => l.feature.properties.code)"
    )
    assert "5001" in codes and len(codes) >= 20 and all(c.startswith("50") for c in codes)
    card.locator("select[name=status]").select_option("assigned")
    card.locator("select[name=assigned_to] option", has_text="vol_cm").wait_for(state="attached")
    value = card.locator("select[name=assigned_to] option", has_text="vol_cm").get_attribute("value")
    card.locator("select[name=assigned_to]").select_option(value)
    card.locator("input[name=note]").fill("โทรนัดแล้ว")
    card.locator("button[type=submit]").click()
    coordinator.wait_for_selector("#help-queue-message")
    card = coordinator.locator(".help-item", has_text=reference)
    assert "vol_cm" in card.locator(".help-assignee").inner_text()
    card.locator("select[name=status]").select_option("done")
    card.locator("button[type=submit]").click()
    coordinator.wait_for_selector("#help-queue-message")
    assert coordinator.locator(".help-item", has_text=reference).count() == 0  # done: out of the open queue
    coordinator.goto(base + "/help-requests?status=done")
    assert "ช่วยเหลือแล้ว" in coordinator.locator(".help-item", has_text=reference).inner_text()

    # 3. the person's status page shows each step
    phone.goto(follow)
    steps = phone.locator("#help-steps li").all_inner_texts()
    assert [s.split()[0] for s in steps] == ["รอความช่วยเหลือ", "มีเจ้าหน้าที่รับเรื่องแล้ว", "ช่วยเหลือแล้ว"]
    assert "ช่วยเหลือแล้ว" in phone.locator("#help-status-now").inner_text()
    assert phone.evaluate(WIDE_JS) <= PHONE["width"]

    # 4. another district's coordinator and the public cannot read it
    add_user(staff_server["data_dir"], "coord_bkk_help", "coordinator", "1001")
    other = new_page(viewport={"width": 1280, "height": 900})
    sign_in(other, base, "coord_bkk_help")
    other.goto(base + "/help-requests?status=all")
    assert reference not in other.content()
    other.goto(base + "/help-requests?area=5001")
    assert other.locator("#not-allowed").count() == 1
    assert status_of(base + "/api/v1/help-requests?district=5001") == 401
    public = new_page(viewport=PHONE)
    public.goto(base + "/help-requests")
    assert "/login" in public.url and reference not in public.content()
    assert status_of(base + f"/api/v1/help-requests/{reference}?phone=0800000000") == 404

    # 5. the statistics carry the waiting figures (the page's columns and the API's fields)
    with urllib.request.urlopen(base + "/api/v1/stats/provinces", timeout=60) as answer:
        row = next(r for r in json.load(answer)["items"] if r["code"] == "50")
    assert {"help_waiting", "help_wait_median_min", "help_wait_longest_min"} <= row.keys()
    coordinator.goto(base + "/stats")
    coordinator.wait_for_selector("text=คำขอความช่วยเหลือที่รออยู่", timeout=90_000)


def test_without_javascript_a_typed_place_gives_a_reference(new_page, staff_server):
    page = new_page(viewport=PHONE, is_mobile=True, java_script_enabled=False)
    page.goto(staff_server["url"] + "/help?lang=en")
    assert page.locator("#help-locate").is_hidden()  # no dead button
    page.click("#help-need label:has-text('Transport')")
    page.fill("#help-name", "No Script")
    page.fill("#help-phone", "0865559999")
    page.fill("#help-subdistrict", "Si Phum")
    page.fill("#help-district", "Mueang Chiang Mai")
    page.fill("#help-province", "Chiang Mai")
    page.click("#help-send")
    assert page.locator(".ref-char").count() == 6
    page.click("#help-follow")
    assert page.locator("#help-steps li").count() == 1 and "Waiting" in page.locator("#help-status-now").inner_text()
