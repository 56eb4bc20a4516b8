"""A district coordinator keeps a facility current on a phone-sized screen: add it by tapping the map, edit it, read
its history, revert it; a second tab's stale save is refused. Headless Chromium against `python app.py --demo`.

The facilities made here are community isolation centres open only in 2021, so the finder (which lists today's
sites) never shows them to the other browser tests of the session.
"""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest
from fixtures_app import STAFF, api_token, outside, sign_in

pytestmark = pytest.mark.browser
# Phone-sized, but not emulating a phone's zoom-out: the signed-in header is wider than a phone (its links do not
# wrap yet), and a zoomed-out page makes clicks land beside their targets.
PHONE = {"width": 390, "height": 844}
MAP = "document.querySelector('#facility-form-map .js-plotly-plot')?._fullLayout?.map?._subplot?.map"
MUEANG_CHIANG_MAI = (18.7883, 98.9853)  # lat, lon: Si Phum, inside district 5001


@pytest.fixture
def coordinator(browser, staff_server):
    context = browser.new_context(viewport=PHONE, locale="th-TH")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    sign_in(page, staff_server["url"], STAFF["coordinator"][0])
    yield page
    context.close()


def map_ready(page) -> None:
    """The map is drawn and, for a new facility, fitted to the coordinator's district."""
    page.wait_for_function(f"() => {MAP}?.loaded()", timeout=90_000)
    page.wait_for_function(f"() => {MAP}._jitasaTap && !{MAP}.isMoving()", timeout=30_000)
    page.wait_for_timeout(500)


def tap_map_at(page, lat: float, lon: float) -> None:
    """A click on the map's canvas at the pixel where (lat, lon) is drawn."""
    x, y = page.evaluate(
        f"""() => {{ const map = {MAP}; const p = map.project([{lon}, {lat}]);
            const box = map.getCanvas().getBoundingClientRect(); return [box.left + p.x, box.top + p.y]; }}"""
    )
    page.mouse.click(x, y)


def save(page) -> None:
    page.click("#facility-form-save")


def test_a_coordinator_adds_a_facility_on_the_map_edits_it_and_reverts_the_edit(coordinator, staff_server):
    page, url = coordinator, staff_server["url"]
    name = f"ศูนย์พักคอยทดสอบ {uuid.uuid4().hex[:6]}"
    page.goto(url + "/facilities")
    page.click("#facilities-add")
    page.wait_for_url(url + "/facility/new")
    map_ready(page)
    assert page.inner_text("#facility-form-areas") == "ยังไม่ได้เลือกตำแหน่ง"  # no problem before anything is typed
    tap_map_at(page, *MUEANG_CHIANG_MAI)
    page.wait_for_selector("#facility-form-areas:has-text('เมืองเชียงใหม่ (5001)')", timeout=30_000)
    lat, lon = float(page.input_value("#facility-form-lat")), float(page.input_value("#facility-form-lon"))
    assert abs(lat - MUEANG_CHIANG_MAI[0]) < 0.005 and abs(lon - MUEANG_CHIANG_MAI[1]) < 0.005
    assert "อยู่ในพื้นที่ของคุณ" in page.inner_text("#facility-form-areas")
    page.click("#facility-form-type label:has-text('จุดพักคอย')")
    page.fill("#facility-form-name-th", name)
    page.fill("#facility-form-valid-from", "1/8/2564")
    page.fill("#facility-form-valid-to", "31/12/2564")
    save(page)
    page.wait_for_url(url + "/facility/*?saved=1", timeout=30_000)
    page.wait_for_selector("#facility-form-message:has-text('เพิ่มสถานบริการแล้ว')", timeout=30_000)
    assert page.input_value("#facility-form-name-th") == name
    assert "ฉบับที่ 1" in page.inner_text("#facility-form-version")

    page.fill("#facility-form-phone", "053 123 456")
    save(page)
    page.wait_for_selector("#facility-form-version-2", timeout=30_000)
    assert "บันทึกแล้ว (ฉบับที่ 2)" in page.inner_text("#facility-form-message")
    edit = page.inner_text("#facility-form-version-2")
    assert "coord_cm" in edit and "โทรศัพท์" in edit and "– → 053 123 456" in edit

    page.click("#facility-form-version-1 .facility-revert")
    page.wait_for_selector("#facility-form-version-3", timeout=30_000)
    assert "053 123 456 → –" in page.inner_text("#facility-form-version-3")
    assert "ย้อนกลับเป็นฉบับที่ 1 แล้ว" in page.inner_text("#facility-form-history")
    assert page.input_value("#facility-form-phone") == ""

    page.goto(url + "/facilities")
    page.fill("#facilities-search", name)
    item = page.locator(".facility-item", has_text=name)
    item.wait_for(timeout=30_000)
    assert "ปรับปรุงวันนี้ โดย coord_cm" in item.inner_text()
    assert outside(page.requests) == []
    assert page.errors == []


def test_a_pasted_point_is_split_and_a_second_tabs_stale_save_is_refused(coordinator, staff_server, browser):
    page, url = coordinator, staff_server["url"]
    page.goto(url + "/facility/new")
    map_ready(page)
    page.fill("#facility-form-lat", "18.80, 98.95")  # as a map app copies a point
    page.wait_for_function("() => document.querySelector('#facility-form-lon').value === '98.95'", timeout=30_000)
    assert page.input_value("#facility-form-lat") == "18.80"
    page.wait_for_selector("#facility-form-areas:has-text('สุเทพ')", timeout=30_000)
    page.click("#facility-form-type label:has-text('จุดพักคอย')")
    page.fill("#facility-form-name-th", f"ศูนย์พักคอยสองแท็บ {uuid.uuid4().hex[:6]}")
    page.fill("#facility-form-valid-to", "31/12/2564")
    save(page)
    page.wait_for_url(url + "/facility/*?saved=1", timeout=30_000)
    address = page.url.split("?")[0]

    other = page.context.new_page()  # the same coordinator, a second tab on the same facility
    other.goto(address)
    other.wait_for_selector("#facility-form-version", timeout=60_000)
    page.fill("#facility-form-phone", "053 111 111")
    save(page)
    page.wait_for_selector("#facility-form-version-2", timeout=30_000)
    other.fill("#facility-form-phone", "053 222 222")
    other.click("#facility-form-save")
    other.wait_for_selector("#facility-form-message .alert-danger", timeout=30_000)
    refused = other.inner_text("#facility-form-message")
    assert "บันทึกไม่ได้ เพราะมีผู้แก้ไขก่อนคุณ" in refused and "coord_cm บันทึกฉบับที่ 2" in refused
    other.click("text=โหลดฉบับล่าสุด")
    other.wait_for_selector("#facility-form-version:has-text('ฉบับที่ 2')", timeout=60_000)
    assert other.input_value("#facility-form-phone") == "053 111 111"
    assert outside(page.requests) == []


def call(url: str, token: str, method: str = "GET", body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def test_both_sides_of_a_merge_open_with_the_merge_in_their_history(coordinator, staff_server):
    """Two centres 8 m apart added through the API are queued as a pair, merged through the API; both pages open."""
    page, url = coordinator, staff_server["url"]
    token = api_token(staff_server["data_dir"], STAFF["coordinator"][0])
    tag = uuid.uuid4().hex[:6]
    body = {"type": "community_isolation", "name_th": f"ศูนย์พักคอยวัดรวม {tag}", "lat": "18.7950", "lon": "98.9700",
            "valid_from": "2021-08-01", "valid_to": "2021-12-31"}  # fmt: skip
    kept = call(url + "/api/v1/facilities", token, "POST", body)
    other = call(url + "/api/v1/facilities", token, "POST", body | {"lat": "18.795072", "phone": "053 000 111"})
    pairs = call(url + "/api/v1/duplicates", token)["items"]
    (pair,) = [p for p in pairs if {p["a"]["id"], p["b"]["id"]} == {kept["id"], other["id"]}]
    call(url + f"/api/v1/duplicates/{pair['id']}/merge", token, "POST", {"keep": kept["id"]})

    for facility, note in ((kept, "เข้ามาที่รายการนี้"), (other, "รวมเข้ากับ")):
        page.goto(url + f"/facility/{facility['id']}")
        page.wait_for_selector("#facility-form-version-2", timeout=60_000)
        history = page.inner_text("#facility-form-history")
        assert "รวมรายการที่ซ้ำ" in history and note in history
        assert page.locator("#facility-form-version-1 .facility-revert").count() == 1
        assert page.locator("#error-banner").is_hidden() and "ขออภัย" not in page.inner_text("body")
    page.click(".facility-merged-into")  # the closed one links to the one kept
    page.wait_for_url(url + f"/facility/{kept['id']}", timeout=30_000)
    page.wait_for_selector("#facility-form-version-2", timeout=60_000)
    assert page.errors == [] and outside(page.requests) == []
