"""The coverage page in a browser: time to the first map, time to an updated map, and the bytes each moves, on a
desktop and on a phone under Chromium's throttling.

    python bench/bench_coverage_page.py [--loads 3] [--path "/?province=50"] [--timeout S] [--short]

``python app.py --demo`` on a free port (``bench_start.running_server``, its data folder linking the shared geometry
cache), headless Chromium, a new browser context (an empty cache) for every load. Two profiles:

- desktop: 1366 × 900, no throttling;
- phone: 390 × 844, touch, with the DevTools protocol's ``Network.emulateNetworkConditions`` (1.6 Mbps down,
  750 kbps up, 150 ms latency) and ``Emulation.setCPUThrottlingRate`` 4 (Lighthouse's "slow 4G" mobile settings).

The first map: ``performance.now()`` (from navigation start) when the map's MapLibre canvas first has a fill
feature. The updated map: from the click on dose 2 until the map has been drawn again with the new figure. The
baseline of each, measured in the same context right before: ``GET /api/v1/health`` loaded the same way
(navigation to its answer's end), so the ratio says how many "smallest round trips" a map costs on that profile.
Bytes: response headers and bodies as transferred (Playwright's ``request.sizes()``) of the requests finished
until the map was drawn (first map) or between the click and the redraw (update); their baseline is the health
answer's bytes. Medians over ``--loads``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_start import BenchError, running_server
from bench.common import Figure, fresh_data_dir, parse_arguments, print_figures
from dashboard.renderer import CHROMIUM, CHROMIUM_ARGS  # one launch for the app, the tests and the benches

PROFILES = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
PHONE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
PHONE_CPU_SLOWDOWN = 4
DRAWN_JS = """() => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd._fullLayout.map._subplot) return false;
  const fills = gd._fullLayout.map._subplot.map.queryRenderedFeatures().filter(f => f.layer.type === 'fill');
  return fills.length > 0 ? performance.now() : false;
}"""
MARK_JS = """() => {
  window.benchFigure = document.querySelector('#coverage-map .js-plotly-plot').data;
  return performance.now();
}"""
REDRAWN_JS = """() => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  const busy = document.querySelector('#coverage-map[data-dash-is-loading="true"]');
  return gd && gd.data !== window.benchFigure && !busy && gd._fullLayout.map ? performance.now() : false;
}"""
UPDATE_CONTROL = "#dose input[value='2']"


@dataclass(frozen=True)
class Load:
    health_s: float
    health_bytes: int
    first_map_s: float
    first_map_bytes: int
    update_s: float
    update_bytes: int


def _bytes(requests) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def _load(browser, base_url: str, path: str, profile: str, timeout_s: float) -> Load:
    context = browser.new_context(**PROFILES[profile])
    try:
        page = context.new_page()
        if profile == "phone":
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        response = page.goto(base_url + "/api/v1/health", wait_until="load")
        response.finished()
        timing = response.request.timing
        health_s = timing["responseEnd"] / 1000
        health_bytes = _bytes(finished)
        finished.clear()
        page.goto(base_url + path, wait_until="commit")
        first_ms = page.wait_for_function(DRAWN_JS, polling=50, timeout=timeout_s * 1000).json_value()
        first_bytes = _bytes(finished)
        page.wait_for_function(
            "() => !document.querySelector('[data-dash-is-loading=\"true\"]')", polling=100, timeout=timeout_s * 1000
        )
        drawer = page.locator("#coverage-controls-toggle")
        if drawer.is_visible():  # on a phone the controls are in a drawer: opened before the clock starts
            drawer.click()
            page.locator(UPDATE_CONTROL).wait_for(state="visible")
        page.wait_for_timeout(300)
        finished.clear()
        before = page.evaluate(MARK_JS)
        page.locator(UPDATE_CONTROL).check()
        after = page.wait_for_function(REDRAWN_JS, polling=50, timeout=timeout_s * 1000).json_value()
        return Load(health_s, health_bytes, first_ms / 1000, first_bytes, (after - before) / 1000, _bytes(finished))
    finally:
        context.close()


def figures_of(profile: str, loads: list[Load]) -> list[Figure]:
    def median(name: str) -> float:
        return statistics.median(getattr(load, name) for load in loads)

    label = f"GET /api/v1/health in the same browser context ({profile})"
    return [
        Figure(f"coverage page, {profile}: first map", median("first_map_s"), "s", median("health_s"), label),
        Figure(f"coverage page, {profile}: updated map (dose 2)", median("update_s"), "s", median("health_s"), label),
        Figure(
            f"coverage page, {profile}: bytes to the first map",
            median("first_map_bytes"),
            "bytes",
            median("health_bytes"),
            label,
        ),  # fmt: skip
        Figure(
            f"coverage page, {profile}: bytes of the update",
            median("update_bytes"),
            "bytes",
            median("health_bytes"),
            label,
        ),  # fmt: skip
    ]


SHORT = {"loads": 1}  # --short: sees that it runs


def measure(loads: int = 3, path: str = "/?province=50", timeout_s: float = 600.0) -> list[Figure]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BenchError(f"playwright is not installed ({exc})") from None
    if not Path(CHROMIUM).is_file():
        raise BenchError(f"no Chromium at {CHROMIUM}")
    results: dict[str, list[Load]] = {name: [] for name in PROFILES}
    with tempfile.TemporaryDirectory(prefix="jitasa-bench-coverage-") as folder:
        data_dir = fresh_data_dir(Path(folder) / "data")
        with running_server(["--demo"], data_dir, "coverage-server", timeout_s) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                _load(browser, server.base_url, path, "desktop", timeout_s)  # warms the server, not counted
                for _ in range(max(1, loads)):
                    for profile in PROFILES:
                        results[profile].append(_load(browser, server.base_url, path, profile, timeout_s))
            finally:
                browser.close()
    for profile, measured in results.items():
        for load in measured:
            print(f"{profile}: {load}", flush=True)
    return [figure for profile, measured in results.items() for figure in figures_of(profile, measured)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="measured loads per profile (the median counts)")
    parser.add_argument("--path", default="/?province=50", help="the coverage page's address")
    parser.add_argument("--timeout", dest="timeout_s", metavar="S", type=float, default=600.0, help="seconds to wait")
    try:
        figures = measure(**parse_arguments(parser, argv, SHORT))
    except BenchError as exc:
        print(f"bench_coverage_page: {exc}", file=sys.stderr)
        return 1
    print_figures("the coverage page: first map and update, desktop and phone", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
