"""The coverage page on a phone (390 × 844): no wider than the screen, the map first, the date in words, a loading
note in the map's frame, and facility markers above the fill in the map MapLibre draws."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
DRAWN_JS = """() => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd._fullLayout.map._subplot) return false;
  return gd._fullLayout.map._subplot.map.queryRenderedFeatures().some(f => f.layer.type === 'fill');
}"""
LAYERS_JS = """() => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  const ids = gd._fullLayout.map._subplot.map.getStyle().layers.map(l => l.id);
  const at = (name, kind) => gd._fullData.filter(t => (t.name || '').startsWith(name))
    .map(t => ids.indexOf('plotly-trace-layer-' + t.uid + '-' + kind));
  return {fill: at('coverage', 'fill'), circles: at('facilities', 'circle')};
}"""
OVERLAY_JS = """() => getComputedStyle(document.querySelector('.coverage-map-box'), '::after').content"""
# what a finger taps on the page and in its header: buttons, links, the labels of radios and boxes, the drop-downs
SMALL_TARGETS_JS = """() => Array.from(document.querySelectorAll(`header button, header a, .coverage-page button,
    .coverage-page a, .coverage-page label:has(> input), .coverage-page .dash-dropdown`))
  .filter(e => e.offsetParent !== null && !e.closest('.dash-table-container, .modebar, .maplibregl-ctrl'))
  .filter(e => !e.classList.contains('visually-hidden-focusable'))
  .map(e => [(e.innerText || e.getAttribute('aria-label') || e.tagName).slice(0, 30), e.getBoundingClientRect().height])
  .filter(r => r[1] < 44)"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_on_a_phone_the_page_fits_the_screen_and_the_map_comes_first(phone, live_server):
    phone.goto(f"{live_server['url']}/?province=50", wait_until="commit")
    phone.wait_for_selector(".coverage-map-box")
    assert "กำลังโหลดแผนที่" in phone.evaluate(OVERLAY_JS)  # before the map is drawn, its frame says so
    phone.wait_for_function(DRAWN_JS, timeout=60_000)
    phone.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=60_000)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    top = phone.evaluate("() => document.getElementById('coverage-map').getBoundingClientRect().top")
    assert 0 < top < 844
    legend = phone.evaluate("() => document.getElementById('coverage-legend').getBoundingClientRect().top")
    assert legend > top  # the legend under the map, not over it
    assert phone.locator("#date-slider-now").inner_text().strip()
    assert phone.evaluate(OVERLAY_JS) in ("none", "normal")  # drawn: the note is gone
    # the controls are a drawer: closed, a button opens it, above the map
    assert not phone.is_visible("#metric") and phone.is_visible("#coverage-controls-toggle")
    assert phone.get_attribute("#coverage-controls-toggle", "aria-expanded") == "false"
    assert phone.evaluate(SMALL_TARGETS_JS) == []
    phone.click("#coverage-controls-toggle")
    phone.wait_for_selector("#metric", state="visible")
    assert phone.get_attribute("#coverage-controls-toggle", "aria-expanded") == "true"
    assert phone.evaluate(SMALL_TARGETS_JS) == []  # the controls' radios and drop-downs too
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.click("#coverage-controls-toggle")
    phone.wait_for_selector("#metric", state="hidden")
    assert phone.errors == []


def test_by_keyboard_alone_the_skip_link_comes_first_and_a_table_row_opens_its_province(browser, live_server):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server['url']}/?metric=coverage")
    page.wait_for_selector("#coverage-table td[data-dash-column='area'] a", timeout=60_000)
    page.wait_for_selector("#metric", state="visible", timeout=30_000)  # a desktop shows the controls (no drawer)
    assert not page.is_visible("#coverage-controls-toggle")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.innerText") == "ข้ามไปยังเนื้อหา"
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#page-content"
    lang = page.locator("#lang-button")
    assert lang.inner_text() == "English" and lang.get_attribute("aria-label") is None  # its name is what it shows
    link = page.locator("#coverage-table td[data-dash-column='area'] a").first
    name = link.inner_text()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**province=**", timeout=30_000)
    page.wait_for_function(DRAWN_JS, timeout=60_000)
    assert name in page.inner_text("#coverage-crumbs")
    summary = page.inner_text("#coverage-summary")  # the map in words
    assert "สูงสุด:" in summary and "ต่ำสุด:" in summary
    page.close()


@pytest.mark.parametrize("early", [False, True], ids=["after-the-draw", "while-drawing-4x-cpu"])
def test_facility_markers_are_drawn_above_the_fill(phone, live_server, early):
    """The layer order MapLibre draws, not the figure's trace order: the draw and the facility layer's patch racing
    (the box ticked while the map is still being built, on a slow phone) once left the fill on top of the markers."""
    if early:
        phone.context.new_cdp_session(phone).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    phone.goto(f"{live_server['url']}/?province=50")
    if not early:
        phone.wait_for_function(DRAWN_JS, timeout=60_000)
    phone.locator("#coverage-layers input[value='facilities']").check(timeout=90_000)
    phone.wait_for_function(
        "() => document.querySelector('#coverage-map .js-plotly-plot').data.some(t => (t.name || '').startsWith('facilities'))",
        timeout=90_000,
    )
    phone.wait_for_function(DRAWN_JS, timeout=90_000)
    phone.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=90_000)
    layers = phone.evaluate(LAYERS_JS)
    assert len(layers["fill"]) == 1 and layers["fill"][0] >= 0 and layers["circles"], layers
    assert layers["fill"][0] < min(layers["circles"]), layers  # MapLibre draws later layers on top
