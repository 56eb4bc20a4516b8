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
    assert phone.errors == []


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
