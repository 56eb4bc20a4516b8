"""A coverage map that always answers (issue 16), in headless Chromium on the demo: a governor's province opens on
its districts with the province's own figure and rank; every target group shows values somewhere."""

from __future__ import annotations

import pytest
from fixtures_app import outside
from test_browser_coverage import FIGURE_JS, open_map, query_of, trace

pytestmark = pytest.mark.browser
GROUPS = ("all", "general", "elderly", "bedridden", "migrant", "child_5_11", "student_12_18")
# the main trace's areas that have a value (customdata[3] is the raw value), once the map shows n areas
VALUES_JS = (
    "(n) => { const f = (" + FIGURE_JS + ")(); if (!f) return -1; const t = f.find(x => x.name === 'coverage');"
    " if (!t || t.locations.length !== n) return -1;"
    " return t.customdata.filter(c => c && c[3] !== null && c[3] !== undefined).length; }"
)


@pytest.fixture
def page(new_page, live_server):
    return new_page(locale=None)  # the browser's own language


def values_shown(page, areas: int, at_least: int) -> int:
    # a function predicate (a string expression would be evaluated with eval, which the page's policy refuses)
    page.wait_for_function(f"([n, least]) => ({VALUES_JS})(n) >= least", arg=[areas, at_least], timeout=60_000)
    return page.evaluate(VALUES_JS, areas)


def test_a_governors_province_opens_on_its_districts_with_its_figure_and_rank(page, live_server):
    open_map(page, live_server["url"] + "/?province=50")
    assert values_shown(page, 25, 20) >= 20  # people vaccinated: the demo's district breakdown
    headline = page.locator("#coverage-headline")
    headline.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelector('#coverage-headline').innerText.includes('จาก 77 จังหวัด')")
    text = headline.inner_text()
    assert "เชียงใหม่" in text and "%" in text and "อันดับ" in text
    line = page.locator("#coverage-measure-line").inner_text()
    assert "จำนวนผู้ได้รับวัคซีน" in line and "อำเภอ" in line  # which measure, and why
    assert "สังเคราะห์" in page.locator("#coverage-summary").inner_text()  # the breakdown is labelled synthetic
    assert "สังเคราะห์" in page.locator("#coverage-legend").inner_text()
    assert "ไม่มีค่าให้ดาวน์โหลด" not in page.locator("#coverage-exports").inner_text()
    assert page.locator("#coverage-ranking .bars .point").count() >= 20
    assert outside(page.requests) == [] and page.errors == []


@pytest.mark.parametrize("group", GROUPS)
def test_every_target_group_shows_values_for_some_province(page, live_server, group):
    open_map(page, live_server["url"] + f"/?group={group}")
    assert values_shown(page, 77, 1) >= 1
    # the slider follows the group in its own callback, which may answer after the map
    page.wait_for_function(
        "() => document.querySelectorAll('#date-slider .dash-slider-mark').length > 0", timeout=30_000
    )
    marks = page.locator("#date-slider .dash-slider-mark").all_inner_texts()
    assert marks and "0" not in marks  # dates that have data, or a word saying there are none
    assert page.errors == []


def test_students_show_people_vaccinated_from_the_reports(page, live_server):
    open_map(page, live_server["url"] + "/?group=student_12_18&as_of=2021-12-21&lang=en")
    values_shown(page, 77, 77)
    chiang_mai = dict(zip(trace(page, "coverage")["locations"], trace(page, "coverage")["customdata"]))["50"]
    assert chiang_mai[1] == "93,248"  # the report of 21 Dec 2021
    assert query_of(page).get("metric", "vaccinated") == "vaccinated"
