"""Every page under the app's Content-Security-Policy in headless Chromium: no violation reported (the
``securitypolicyviolation`` event, and Chromium's console errors), and the page working: its main control shows, and
where a page has a map, the map is drawn (plotly.js's strict bundle loaded without eval, MapLibre's workers from
blob:). Public pages as nobody; the others signed in as a national admin."""

from __future__ import annotations

import pytest
from fixtures_app import STAFF, outside, sign_in

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def map_drawn(graph: str) -> str:
    """A script that is true once the map of the graph ``graph`` has loaded and drawn (features, where it has any:
    the picker map of a new facility has none until a place is chosen)."""
    return f"""() => {{
      const gd = document.querySelector('#{graph} .js-plotly-plot');
      const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
        && gd._fullLayout.map._subplot.map;
      return Boolean(map && map.loaded() && (map.queryRenderedFeatures().length > 0 || !gd.data.length));
    }}"""


# path, the main control, the map it draws (or None)
PUBLIC = [
    ("/", "#coverage-summary", "coverage-map"),
    ("/find", "#find-place", None),  # a server page: its Leaflet map is not a plotly graph (tests/test_browser_find.py)
    ("/stats", "#stats-table", "stats-map"),
    ("/login", "#username", None),
    ("/register", "#register-submit", None),
]
SIGNED_IN = [
    ("/survey", "#survey-save", None),
    ("/facilities", "#facilities-search", None),
    ("/facility/new", "#facility-form-save", "facility-form-map"),
    ("/upload", "#upload-file", None),
    ("/uploads", "#uploads-table", None),
    ("/duplicates", "#dup-list", None),
    ("/people", "#people-sections", None),
    ("/tokens", "#tokens-create", None),
    ("/campaigns", "#campaigns-table", None),
    ("/audit", "#audit-table tbody tr", None),
]


@pytest.fixture(scope="module")
def contexts(browser, staff_server):
    """An anonymous context and one signed in as the national admin, each watched for violations and errors."""
    made = {}
    for who in ("anonymous", "national_admin"):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
        context.add_init_script(WATCH_CSP)
        context.errors, context.requests = [], []
        context.on("request", lambda r, c=context: c.requests.append(r.url))
        context.on("console", lambda m, c=context: c.errors.append(m.text) if m.type == "error" else None)
        made[who] = context
    page = made["national_admin"].new_page()
    sign_in(page, staff_server["url"], STAFF["national_admin"][0])
    page.close()
    yield made
    for context in made.values():
        context.close()


def open_page(context, base_url: str, path: str, control: str, graph: str | None) -> list[str]:
    """Open ``path``, wait for its main control (and its map), return the violations and errors seen."""
    page = context.new_page()
    page.on("pageerror", lambda e: context.errors.append(str(e)))
    context.errors.clear()
    try:
        answer = page.goto(base_url + path)
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        page.wait_for_selector(control, state="visible", timeout=90_000)
        if graph:
            page.wait_for_function(map_drawn(graph), timeout=90_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        return page.evaluate("window.__csp") + list(context.errors)
    finally:
        page.close()


@pytest.mark.parametrize("path,control,graph", PUBLIC, ids=[p for p, _, _ in PUBLIC])
def test_public_pages_work_under_the_policy(contexts, staff_server, path, control, graph):
    assert open_page(contexts["anonymous"], staff_server["url"], path, control, graph) == []


@pytest.mark.parametrize("path,control,graph", SIGNED_IN, ids=[p for p, _, _ in SIGNED_IN])
def test_signed_in_pages_work_under_the_policy(contexts, staff_server, path, control, graph):
    assert open_page(contexts["national_admin"], staff_server["url"], path, control, graph) == []


def test_the_strict_plotly_bundle_was_loaded_and_nothing_left_the_machine(contexts):
    requests = [u for c in contexts.values() for u in c.requests]
    assert any(u.endswith("/_dash-component-suites/plotly/package_data/plotly.min.js") for u in requests)
    assert outside(requests) == []


def test_the_audit_page_filters_by_person_and_links_the_same_csv(contexts, staff_server):
    page = contexts["national_admin"].new_page()
    try:
        page.goto(staff_server["url"] + "/audit")
        page.wait_for_selector("#audit-table tbody tr", timeout=60_000)
        page.fill("#audit-person", STAFF["national_admin"][0])
        page.press("#audit-person", "Enter")
        page.wait_for_function("() => document.querySelector('#audit-export').href.includes('person=')", timeout=30_000)
        persons = page.locator("#audit-table tbody tr td:nth-child(2)").all_inner_texts()
        assert persons and set(persons) == {STAFF["national_admin"][0]}
        assert "format=csv" in page.locator("#audit-export").get_attribute("href")
        assert "รายการ" in page.locator("#audit-summary").inner_text()
    finally:
        page.close()
