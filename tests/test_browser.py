"""User journeys in headless Chromium against the real server started with the README's command."""

from __future__ import annotations

import re

import pytest
from fixtures_app import outside

pytestmark = pytest.mark.browser
# How many province polygons the choropleth actually drew on the map canvas (MapLibre's rendered features; plotly
# replaces a feature's properties by its own, so features are told apart by their centroid), and their codes.
RENDERED_PROVINCES_JS = """() => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd._fullLayout.map._subplot) return {drawn: 0, codes: []};
  const map = gd._fullLayout.map._subplot.map;
  const drawn = new Set();
  for (const f of map.queryRenderedFeatures()) {
    if (f.layer.type === 'fill' && f.layer.id.includes('trace-layer')) drawn.add(JSON.stringify(f.properties.ct));
  }
  const codes = gd._fullData.filter(t => t.type === 'choroplethmap').flatMap(t => t.locations || []);
  return {drawn: drawn.size, codes: codes};
}"""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def test_the_map_draws_77_provinces_in_thai_and_nothing_leaves_the_machine(page, live_server):
    page.goto(live_server["url"] + "/")
    page.wait_for_function(f"() => ({RENDERED_PROVINCES_JS})().drawn >= 77", timeout=60_000)
    rendered = page.evaluate(RENDERED_PROVINCES_JS)
    assert rendered["drawn"] == 77
    assert len(rendered["codes"]) == 77 and {"10", "50", "96"} <= set(rendered["codes"])
    assert page.locator("h1").inner_text() == "ความครอบคลุมการฉีดวัคซีน"
    summary = page.locator("#coverage-summary").inner_text()
    assert re.search(r"77 จังหวัด · ข้อมูล ณ \d+ \S+ 25\d\d", summary), summary  # Buddhist-era year
    footer = page.locator("#footer").inner_text()
    assert "CC BY-IGO 3.0" in footer and "djay/covidthailand" in footer and "สังเคราะห์" in footer
    assert outside(page.requests) == []
    assert page.errors == []


def test_english_is_one_click_away(page, live_server):
    page.goto(live_server["url"] + "/")
    page.wait_for_selector("#coverage-summary:has-text('จังหวัด')", timeout=60_000)
    page.click("#lang-button")
    page.wait_for_selector("h1:has-text('Vaccination coverage')", timeout=30_000)
    summary = page.locator("#coverage-summary")
    summary.filter(has_text="provinces").wait_for(timeout=30_000)
    assert re.search(r"data as of \d+ [A-Z][a-z]{2} 20\d\d", summary.inner_text())  # Gregorian in English
    assert page.evaluate("document.documentElement.lang") == "en"
    page.reload()  # the choice is remembered
    page.wait_for_selector("h1:has-text('Vaccination coverage')", timeout=30_000)
    assert outside(page.requests) == []
