"""The public finder on a phone-sized screen, in headless Chromium, against the real server (`python app.py --demo`):
the list first as plain HTML (JavaScript off too), then the enhancements (my location, the map) without outside
requests and without Plotly."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from fixtures_app import outside

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
CHIANG_MAI = "lat=18.7883&lon=98.9853"
SCRIPTS = {"my": "\u1000-\u109f", "km": "\u1780-\u17ff", "lo": "\u0e80-\u0eff"}
BUDGET_BYTES = 300_000


def watch(page):
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return page


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="th-TH")
    yield watch(context.new_page())
    context.close()


@pytest.fixture
def no_js(browser, live_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="th-TH", java_script_enabled=False)
    yield watch(context.new_page())
    context.close()


def api(live_server, path: str) -> dict:
    with urllib.request.urlopen(live_server["url"] + path, timeout=30) as response:
        return json.load(response)


def test_a_shared_link_lists_the_nearest_hospital_first_fits_a_phone_and_draws_the_map(phone, live_server):
    nearest = api(live_server, f"/api/v1/nearest?{CHIANG_MAI}&type=hospital&k=1")["items"][0]
    phone.goto(live_server["url"] + f"/find?{CHIANG_MAI}&type=hospital")
    assert phone.locator("#find-item-1 .find-name").inner_text().startswith(nearest["name_th"])
    assert phone.locator("#find-results > li").count() == 5
    assert "แสดง 5 แห่งที่ใกล้ที่สุด" in phone.locator("#find-summary").inner_text()
    assert phone.locator("#find-stale").count() == 1 and "ม.ค. 2564" in phone.locator("#find-stale").inner_text()
    # the form is folded to one line and the list starts on the first screen
    assert not phone.locator("#find-form").is_visible()
    assert phone.locator("#find-item-1").bounding_box()["y"] < PHONE["height"] / 2
    phone.wait_for_function(
        "() => window.jitasaFinderMap && document.querySelectorAll('.leaflet-interactive').length >= 5"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # the map's own buttons speak the page's language
    assert phone.locator(".leaflet-control-zoom-in").get_attribute("title") == "ขยายแผนที่"
    assert phone.locator(".leaflet-control-zoom-out").get_attribute("aria-label") == "ย่อแผนที่"
    assert outside(phone.requests) == [] and not [u for u in phone.requests if "plotly" in u]
    assert phone.errors == []


def test_without_javascript_a_place_name_finds_the_nearest_places(no_js, live_server):
    no_js.goto(live_server["url"] + "/find")
    assert "เลือกตำแหน่งของคุณ" in no_js.locator("#find-message").inner_text()
    assert not no_js.locator("#find-locate").is_visible()  # needs JavaScript: not offered without it
    no_js.fill("#find-place", "สุเทพ")
    no_js.click("#find-place-button")
    no_js.wait_for_selector("#find-item-1")
    assert "ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่" in no_js.locator("#find-here").inner_text()
    assert "place=" in no_js.url and no_js.locator("#find-results > li").count() == 5
    no_js.click("#find-collapsed")  # "change": the form opens again; a misspelt name offers links
    no_js.fill("#find-place", "Chiang Mia")
    no_js.click("#find-place-button")
    no_js.locator(".suggestion").filter(has_text=re.compile(r"^\s*จ\.เชียงใหม่\s*$")).click()  # the province
    assert "ภายในจ.เชียงใหม่" in no_js.locator("#find-here").inner_text()
    assert outside(no_js.requests) == []


def test_bytes_before_the_first_result_stay_small_and_no_plotly_is_asked_for(browser, live_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="th-TH")
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda r: finished.append(r))
    try:
        page.goto(live_server["url"] + f"/find?{CHIANG_MAI}&type=hospital", wait_until="domcontentloaded")
        page.wait_for_selector("#find-item-1")
        before = list(finished)
        sizes = [r.sizes() for r in before]
        total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
        assert 0 < total <= BUDGET_BYTES, total
        page.wait_for_function("() => window.jitasaFinderMap")  # and after it, the map: still no plotly
        assert not [r.url for r in finished if "plotly" in r.url]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["my", "km", "lo"])
def test_burmese_khmer_and_lao(phone, live_server, lang):
    phone.goto(live_server["url"] + f"/find?lang={lang}")
    assert phone.evaluate("document.documentElement.lang") == lang
    assert len(re.findall(f"[{SCRIPTS[lang]}]", phone.locator("body").inner_text())) > 100
    phone.fill("#find-place", "Chiang Mai")
    phone.press("#find-place", "Enter")
    phone.wait_for_selector("#find-item-1")
    assert phone.evaluate("document.documentElement.lang") == lang  # remembered: the form does not carry ?lang=
    assert re.search(f"[{SCRIPTS[lang]}]", phone.locator("#find-summary").inner_text())
    assert phone.locator("#unreviewed").is_visible()


def test_my_location_searches_from_where_the_phone_is(browser, live_server):
    context = browser.new_context(
        viewport=NARROW,
        is_mobile=True,
        has_touch=True,
        locale="th-TH",
        permissions=["geolocation"],
        geolocation={"latitude": 7.0086, "longitude": 100.4747},
    )  # Hat Yai
    page = watch(context.new_page())
    try:
        page.goto(live_server["url"] + "/find")
        page.click("#find-locate")
        page.wait_for_selector("#find-here:has-text('อ.หาดใหญ่ จ.สงขลา')")
        assert "lat=7.0086" in page.url and "lon=100.4747" in page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]  # 320 px wide
        small = """() => [...document.querySelectorAll('#find-item-1 .actions a, #find-collapsed')]
                 .filter(e => e.getBoundingClientRect().height < 44).map(e => e.textContent)"""
        try:  # tap targets of at least 44 px, once the page has settled (the form folds, the fonts arrive)
            page.wait_for_function(f"() => ({small})().length === 0", timeout=10_000)
        except Exception:
            assert page.evaluate(small) == []  # still too small: name them
        assert page.errors == []
    finally:
        context.close()


def test_a_tap_on_the_map_searches_from_there_and_a_marker_shows_its_card(phone, live_server):
    phone.goto(live_server["url"] + f"/find?{CHIANG_MAI}&type=test_site")
    phone.wait_for_function("() => window.jitasaFinderMap && document.querySelectorAll('.leaflet-interactive').length")
    phone.locator("#find-map").scroll_into_view_if_needed()
    box = phone.locator("#find-map").bounding_box()
    phone.mouse.click(box["x"] + 30, box["y"] + box["height"] - 30)
    phone.wait_for_function(f"() => !location.search.includes({json.dumps(CHIANG_MAI)})")
    phone.wait_for_selector("#find-item-1")
    assert "type=test_site" in phone.url and "ค้นหาจาก:" in phone.locator("#find-here").inner_text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lat=1&lon=1", "อยู่นอกประเทศไทย"),
        ("lat=98.9853&lon=18.7883", "สลับกันหรือไม่"),
        ("lat=abc&lon=98.9", "ไม่ใช่ตัวเลข"),
    ],
)
def test_a_location_that_cannot_be_used_is_explained(no_js, live_server, query, expected):
    no_js.goto(live_server["url"] + f"/find?{query}")
    message = no_js.locator("#find-message").inner_text()
    assert expected in message and "เลือกตำแหน่งของคุณ" in message
    assert no_js.locator("#find-results > li").count() == 0


def test_installable_and_unknown_paths_answer_404(phone, live_server):
    for path, status in (("/manifest.webmanifest", 200), ("/sw.js", 200), ("/no-such-page", 404), ("/stats", 200)):
        assert phone.goto(live_server["url"] + path).status == status, path


def test_a_phone_that_visited_before_gets_the_new_version_of_the_finders_files(phone, live_server):
    """The service worker kept the first copy of a file and served it whatever version the page asked for, so a
    phone that had visited never saw a new finder; it now serves the version asked for, and drops the older one."""
    phone.goto(live_server["url"] + "/find")
    phone.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    kept = phone.evaluate(
        """async () => {
            const named = async () => {
                const cache = await caches.open('jitasa-finder-shell-v3');
                return (await cache.keys()).map(r => new URL(r.url)).filter(u => u.pathname === '/assets/public/public.css')
                    .map(u => u.search);
            };
            for (const version of ['one', 'two']) {
                const answer = await fetch('/assets/public/public.css?m=' + version);
                if (!answer.ok) return ['not ok'];
                for (let i = 0; i < 50 && !(await named()).includes('?m=' + version); i++) {
                    await new Promise(done => setTimeout(done, 100));
                }
            }
            return named();
        }"""
    )
    assert kept == ["?m=two"]
