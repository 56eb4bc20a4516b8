"""Coverage map journeys in headless Chromium: drill-down, URL state, the date slider, the linked highlight."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from fixtures_app import outside

pytestmark = pytest.mark.browser
FIGURE_JS = """() => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  if (!gd || !gd.data) return null;
  return gd.data.map(t => ({name: t.name, locations: t.locations || [], z: t.z || [], customdata: t.customdata || []}));
}"""
DRAWN_JS = """() => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd._fullLayout.map._subplot) return 0;
  return gd._fullLayout.map._subplot.map.queryRenderedFeatures().filter(f => f.layer.type === 'fill').length;
}"""


@pytest.fixture
def page(new_page, live_server):
    return new_page(locale=None)  # the browser's own language


def trace(page, name: str) -> dict:
    return next(t for t in page.evaluate(FIGURE_JS) if t["name"] == name)


def wait_for_locations(page, name: str, count: int, timeout: int = 60_000) -> None:
    page.wait_for_function(
        f"() => {{ const f = ({FIGURE_JS})(); if (!f) return false; const t = f.find(x => x.name === '{name}');"
        f" return t && t.locations.length === {count}; }}",
        timeout=timeout,
    )


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(f"() => ({DRAWN_JS})() > 0", timeout=60_000)


def click_lonlat(page, lon: float, lat: float) -> None:
    x, y = page.evaluate(
        """([lon, lat]) => { const gd = document.querySelector('#coverage-map .js-plotly-plot');
        const map = gd._fullLayout.map._subplot.map; const p = map.project([lon, lat]);
        const r = map.getCanvas().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""",
        [lon, lat],
    )
    page.mouse.click(x, y)


def query_of(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_clicking_a_province_drills_into_its_districts_and_the_breadcrumb_goes_back(page, live_server):
    open_map(page, live_server["url"] + "/")
    wait_for_locations(page, "coverage", 77)
    page.wait_for_load_state("networkidle")  # the page's callbacks have answered: the map takes clicks
    for _attempt in range(3):  # on a loaded machine a click during a redraw is lost, as it would be for a person
        click_lonlat(page, 98.75, 18.9)  # inside Chiang Mai
        try:
            wait_for_locations(page, "coverage", 25, timeout=20_000)
            break
        except Exception:  # playwright's TimeoutError: click again
            continue
    wait_for_locations(page, "coverage", 25)
    assert query_of(page)["province"] == "50"
    assert all(code.startswith("50") for code in trace(page, "coverage")["locations"])
    assert len(trace(page, "context")["locations"]) == 76  # the other provinces, faded
    assert "เชียงใหม่" in page.locator("#coverage-crumbs").inner_text()
    page.click("#coverage-crumbs button")  # ประเทศไทย
    wait_for_locations(page, "coverage", 77)
    assert "province" not in query_of(page)
    assert outside(page.requests) == [] and page.errors == []


def test_the_url_holds_the_view_and_a_copied_link_reproduces_it(page, browser, live_server):
    url = live_server["url"] + "/?group=elderly&dose=2&as_of=2021-10-23&classify=equal_interval"
    open_map(page, url)
    wait_for_locations(page, "coverage", 77)
    page.wait_for_function("() => document.querySelector('#coverage-summary').innerText.includes('2564')")
    # the dropdown shows the group read from the link (its label drawn after the map's first data, on a loaded machine)
    page.wait_for_function("() => document.querySelector('#wrap-group').innerText.includes('ผู้สูงอายุ')", timeout=30_000)
    assert page.locator("#wrap-dose input[value='2']").is_checked()
    api = json.load(
        urllib.request.urlopen(live_server["url"] + "/api/v1/coverage?group=elderly&dose=2&as_of=2021-10-23")
    )
    shown = {
        code: data[1] for code, data in zip(trace(page, "coverage")["locations"], trace(page, "coverage")["customdata"])
    }
    expected = {
        r["code"]: (f"{r['coverage_pct']:.1f}%" if r["coverage_pct"] is not None else "–") for r in api["items"]
    }
    assert shown == expected
    # change a control: the URL follows; the copied link opens the same view elsewhere
    page.locator("#wrap-dose input[value='1']").check()
    page.wait_for_function("() => !location.search.includes('dose=2')")
    copied = page.url
    other = browser.new_page()
    open_map(other, copied)
    wait_for_locations(other, "coverage", 77)
    # the first page redraws for dose 1 in its own time (a loaded machine: over half a second): wait for its map to
    # show what the copied link shows, rather than compare at a fixed moment
    page.wait_for_function(
        f"(want) => {{ const f = ({FIGURE_JS})(); const t = f && f.find(x => x.name === 'coverage');"
        " return t && JSON.stringify(t.customdata) === JSON.stringify(want); }",
        arg=trace(other, "coverage")["customdata"],
        timeout=30_000,
    )
    other.close()


def test_the_slider_steps_through_the_report_dates(page, live_server):
    open_map(page, live_server["url"] + "/?as_of=2021-10-23")
    wait_for_locations(page, "coverage", 77)
    page.wait_for_function(
        "() => location.search.includes('as_of=2021-10-23') || document.querySelector('#coverage-summary').innerText.includes('23 ต.ค. 2564')"
    )
    before = trace(page, "coverage")["customdata"]
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('as_of=2021-12-21')", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#coverage-summary').innerText.includes('21 ธ.ค. 2564')")
    assert trace(page, "coverage")["customdata"] != before


def test_hovering_the_ranking_highlights_the_area_on_the_map(page, live_server):
    open_map(page, live_server["url"] + "/")
    wait_for_locations(page, "coverage", 77)
    bar = page.locator("#coverage-ranking .bars .point").first
    bar.wait_for(timeout=30_000)
    box = bar.bounding_box()  # plotly's drag layer covers the bars: move the mouse there as a person would
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_locations(page, "highlight", 1)
    code = trace(page, "highlight")["locations"][0]
    assert re.fullmatch(r"\d\d", code)
    lowest = min(
        zip(trace(page, "coverage")["locations"], trace(page, "coverage")["customdata"]),
        key=lambda pair: float(pair[1][1].rstrip("%")),
    )
    assert code == lowest[0]  # the first bar is the lowest coverage


def test_a_bad_link_says_what_is_wrong_and_still_shows_a_map(page, live_server):
    open_map(page, live_server["url"] + "/?group=aliens&dose=7")
    wait_for_locations(page, "coverage", 77)
    message = page.locator("#coverage-message").inner_text()
    assert "aliens" in message and "เข็มที่ต้องเป็น 1, 2 หรือ 3" in message


def test_a_report_uploaded_through_the_api_shows_on_the_browser_map(browser, empty_live_server):
    import requests
    from fixtures_app import add_user, api_token
    from report_files import REPORT_DATE, real_report, report_csv

    add_user(empty_live_server["data_dir"], "analyst", "national_admin", "TH", "a-long-password")
    token = api_token(empty_live_server["data_dir"], "analyst")
    report = real_report()
    response = requests.post(
        empty_live_server["url"] + "/api/v1/uploads/coverage",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("รายงาน.csv", report_csv(report), "text/csv")},
        timeout=60,
    )
    assert response.status_code == 200 and response.json()["new"] == len(report)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    open_map(page, empty_live_server["url"] + f"/?as_of={REPORT_DATE}&dose=2")
    wait_for_locations(page, "coverage", 77)
    page.wait_for_function("() => document.querySelector('#coverage-summary').innerText.includes('เข็มที่ 2')")
    main = trace(page, "coverage")
    shown = {code: data[3] for code, data in zip(main["locations"], main["customdata"])}
    uploaded = report[(report["target_group"] == "all") & (report["dose"] == 2)]
    expected = {r.area: round(r.vaccinated / r.population * 100, 2) for r in uploaded.itertuples()}
    assert shown == expected
    page.close()


def test_a_shared_province_link_keeps_its_province_when_layers_change(page, live_server):
    open_map(page, live_server["url"] + "/?province=50&metric=facilities_per_100k&ftype=hospital")
    wait_for_locations(page, "coverage", 25)
    page.wait_for_timeout(1500)  # the breadcrumb is drawn: that must not count as a click
    assert query_of(page).get("province") == "50"
    page.locator("#coverage-layers input[value='counts']").check()
    page.wait_for_timeout(2000)
    assert query_of(page).get("province") == "50"
    assert len(trace(page, "coverage")["locations"]) == 25


def test_change_between_two_dates_has_a_two_handle_range_and_disables_dates_without_data(page, live_server):
    open_map(page, live_server["url"] + "/?metric=change&as_of=2021-12-21")
    wait_for_locations(page, "coverage", 77)
    assert page.locator("#compare-range").is_visible() and not page.locator("#date-slider").is_visible()
    handles = page.locator("#compare-range [role=slider]")
    assert handles.count() == 2
    words = page.locator("#compare-range-text")
    page.wait_for_function("() => document.querySelector('#compare-range-text').innerText.includes('21 ธ.ค. 2564')")
    assert words.inner_text().startswith("ตั้งแต่ 23 ต.ค. 2564")  # the report before the one shown
    before = query_of(page)
    handles.first.focus()
    page.keyboard.press("ArrowLeft")  # the earlier handle one report back
    page.wait_for_function(
        f"() => location.search.includes('compare=') && !location.search.includes('compare={before.get('compare', '2021-10-23')}')"
    )
    moved = query_of(page)
    assert moved["compare"] < before.get("compare", "2021-10-23") and moved["as_of"] == "2021-12-21"
    # the drop-down offers every report; disabled: the first three (counts without a target population, "no data")
    # and the date shown and those after it (the comparison is with an earlier report)
    page.locator("#compare").click()
    disabled = page.locator("#wrap-compare [role=option]:has(input[disabled])")
    disabled.first.wait_for(timeout=10_000)
    values = disabled.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
    assert values[:3] == ["2021-05-11", "2021-05-20", "2021-07-18"] and "ไม่มีข้อมูล" in disabled.first.inner_text()
    assert all(v >= "2021-12-21" for v in values[3:]) and "2021-12-21" in values and "2021-10-23" not in values
    disabled.first.click(force=True)  # choosing one changes nothing
    page.keyboard.press("Escape")
    assert query_of(page)["compare"] == moved["compare"]


def test_a_link_comparing_with_a_later_date_says_so_and_keeps_saying_it(page, live_server):
    """The page draws the default comparison and says what was wrong with the link; the message is still there once
    the controls have settled (it used to vanish as they did)."""
    open_map(page, live_server["url"] + "/?metric=change&as_of=2021-12-21&compare=2022-03-27")
    wait_for_locations(page, "coverage", 77)
    message = page.locator("#coverage-message")
    assert "ก่อนวันที่ที่แสดง" in message.inner_text() and "before the date shown" in message.inner_text()
    page.wait_for_timeout(2500)  # the sliders and drop-downs settle
    assert "before the date shown" in message.inner_text()
    page.wait_for_function("() => document.querySelector('#compare-range-text').innerText.includes('23 ต.ค. 2564')")
