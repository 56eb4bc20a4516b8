"""Staff pages as a national admin reads them, in headless Chromium against `python app.py --demo`: the upload
history lists the demo's source loads with their real counts, as base data without an undo button, the hospitals
whose point disagrees with their province code folded under the counts; the facility list narrows to a province and
pages through the rest."""

from __future__ import annotations

import pytest
from fixtures_app import STAFF, outside, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(browser, staff_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    sign_in(page, staff_server["url"], STAFF["national_admin"][0])
    yield page
    context.close()


def test_the_demo_loads_show_their_counts_as_base_data_without_undo(admin, staff_server):
    page, url = admin, staff_server["url"]
    page.goto(url + "/uploads")
    hospitals = page.locator("tr", has_text="geojson_health.js")
    hospitals.wait_for(timeout=60_000)
    for filename, counts in (("geojson_health.js", "1,382 / 0 / 0"), ("labcovid.js", "130 / 0 / 0"),
                             ("vaccination_tables", "25,001 / 0 / 0")):  # fmt: skip
        row = page.locator("tr", has_text=filename)
        assert counts in row.inner_text() and row.locator(".uploads-base-note").count() == 1
        assert row.locator("button", has_text="ยกเลิกการนำเข้า").count() == 0
        assert row.locator(".btn-outline-danger").count() == 0
    hospitals.locator(".uploads-warnings summary").click()
    warnings = hospitals.locator(".uploads-warnings li")
    assert warnings.count() == 5 and "แต่พิกัดอยู่ในจังหวัด" in warnings.first.inner_text()
    assert page.errors == [] and outside(page.requests) == []


def test_the_facility_list_narrows_to_a_province_and_pages(admin, staff_server):
    page, url = admin, staff_server["url"]
    page.goto(url + "/facilities")
    page.wait_for_selector("#facilities-pager:has-text('1–50')", timeout=60_000)
    page.click("#facilities-next")
    page.wait_for_selector("#facilities-pager:has-text('51–100')", timeout=30_000)
    page.click("#facilities-province")
    page.keyboard.type("เชียงใหม่")
    page.keyboard.press("Enter")
    page.wait_for_selector("#facilities-pager:has-text('ที่ 1–')", timeout=30_000)  # back to the first page
    page.wait_for_function("() => !document.querySelector('#facilities-summary').innerText.includes('1,820')")
    assert 0 < page.locator(".facility-item").count() <= 50
    page.click("#facilities-district")
    page.keyboard.type("เมืองเชียงใหม่")
    page.keyboard.press("Enter")
    page.wait_for_selector(".facility-item:has-text('นครพิงค์')", timeout=30_000)
    assert page.errors == [] and outside(page.requests) == []
