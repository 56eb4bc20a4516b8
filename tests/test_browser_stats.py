"""The statistics page in headless Chromium: every province, the region filter, the map, the CSV link, the URL."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest
from fixtures_app import outside

pytestmark = pytest.mark.browser
ROWS_JS = "() => document.querySelectorAll('#stats-table td[data-dash-column=\"name\"]').length"
LOCATIONS_JS = """() => {
  const gd = document.querySelector('#stats-map .js-plotly-plot');
  if (!gd || !gd.data) return -1;
  const t = gd.data.find(x => x.name === 'progress');
  return t ? (t.locations || []).length : -1;
}"""
DRAWN_JS = """() => {
  const gd = document.querySelector('#stats-map .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd._fullLayout.map._subplot) return 0;
  return gd._fullLayout.map._subplot.map.queryRenderedFeatures().filter(f => f.layer.type === 'fill').length;
}"""
COLUMN_JS = """(column) => Array.from(document.querySelectorAll(`#stats-table td[data-dash-column="${column}"]`))
  .map(td => td.innerText.trim())"""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def wait_for(page, script: str, count: int, timeout: int = 90_000) -> None:
    page.wait_for_function(f"() => ({script})() === {count}", timeout=timeout)


def query_of(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_the_page_lists_every_province_on_the_table_and_the_map(page, live_server):
    page.goto(live_server["url"] + "/stats")
    wait_for(page, ROWS_JS, 77)
    wait_for(page, LOCATIONS_JS, 77)
    page.wait_for_function(
        f"() => ({DRAWN_JS})() > 0", timeout=90_000
    )  # the provinces are drawn, from our own geometry
    headings = page.inner_text("#stats-table")
    assert "จังหวัด" in headings and "Province" in headings and "Unvaccinated found" in headings
    assert "เชียงใหม่" in page.evaluate(COLUMN_JS, "name")
    assert "สาธิต" in page.evaluate(COLUMN_JS, "synthetic")[0]  # the demo's survey records are marked synthetic
    assert "ข้อมูลสังเคราะห์" in page.inner_text("#stats-synthetic")
    assert all(day.endswith(("2568", "2569", "2570")) for day in page.evaluate(COLUMN_JS, "last_activity"))
    assert "Google Form" in page.inner_text("#page-content")
    assert not outside(page.requests), outside(page.requests)
    assert not page.errors


def test_filtering_to_the_north_shows_its_17_provinces_and_the_link_reproduces_it(page, live_server):
    page.goto(live_server["url"] + "/stats")
    wait_for(page, ROWS_JS, 77)
    page.locator("#stats-region label").filter(has_text="ภาคเหนือ").first.click()
    wait_for(page, ROWS_JS, 17)
    wait_for(page, LOCATIONS_JS, 17)
    page.wait_for_function("() => location.search.includes('region=Northern')", timeout=30_000)
    assert "ภาคกลาง" not in page.evaluate(COLUMN_JS, "region")

    href = page.get_attribute("#stats-export-csv", "href")
    assert href == "/api/v1/stats/provinces?region=Northern&format=csv"
    response = page.request.get(live_server["url"] + href)
    rows = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
    assert len(rows) == 17 and {r["region_th"] for r in rows} == {"ภาคเหนือ"}

    page.goto(page.url)  # a copied link opens the same view
    wait_for(page, ROWS_JS, 17)
    wait_for(page, LOCATIONS_JS, 17)
    assert not outside(page.requests), outside(page.requests)
    assert not page.errors


def test_a_measure_and_a_sort_go_into_the_url(page, live_server):
    page.goto(live_server["url"] + "/stats?sort=-surveys")
    wait_for(page, ROWS_JS, 77)
    surveys = [int(v.replace(",", "")) for v in page.evaluate(COLUMN_JS, "surveys")]
    assert surveys == sorted(surveys, reverse=True)  # sorted as numbers, most first
    page.locator("#stats-measure label").filter(has_text="(%)").first.click()
    page.wait_for_function("() => location.search.includes('measure=')", timeout=30_000)
    assert query_of(page) == {"measure": "facilities_updated_7d_pct", "sort": "-surveys"}
    page.wait_for_function("() => document.querySelector('#stats-legend').innerText.includes('%')", timeout=30_000)
    assert not outside(page.requests), outside(page.requests)
