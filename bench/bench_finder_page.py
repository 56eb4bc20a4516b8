"""The public finder on a cheap phone: bytes and time until the first result, under the browser's own throttling.

    python bench/bench_finder_page.py [--loads N] [--no-throttle] [--timeout S] [--short]

``python app.py --demo`` on a free port (a fresh data folder that links the shared geometry cache), headless Chromium
(the tests' flags), a phone viewport (390 × 844) and a new browser context (an empty cache) for every load. Through
the DevTools protocol the page gets "slow 4G" (``Network.emulateNetworkConditions``: 1.6 Mbps down, 750 kbps up,
150 ms latency) and a 4× slower CPU (``Emulation.setCPUThrottlingRate``), as a cheap phone on a mobile network.

- ours: ``/find?lat=18.7883&lon=98.9853&type=hospital`` (hospitals near central Chiang Mai). The clock is
  ``performance.now()`` in the page (from navigation start), read in the animation frame after the first result's
  card (``#find-item-1``) entered the document (a MutationObserver added before the page's own scripts);
- baseline: ``/api/v1/health`` loaded the same way (``responseEnd`` of the navigation): the floor every page pays on
  that network (a connection and one round trip), measured in the same run.

Bytes are what went over the wire (headers and compressed bodies, the DevTools protocol's ``encodedDataLength``) of
the requests finished by the time the first result showed. The median of ``--loads`` loads counts, after one
unmeasured load that warms the server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_start import BenchError, running_server
from bench.common import KB, Figure, fresh_data_dir, parse_arguments, print_figures
from dashboard.renderer import CHROMIUM, CHROMIUM_ARGS  # one launch for the app, the tests and the benches

FINDER = "/find?lat=18.7883&lon=98.9853&type=hospital"
BASELINE = "/api/v1/health"
PHONE = {"width": 390, "height": 844}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
TARGET_BYTES = 300 * KB
TARGET_FIRST_RESULT_S = 2.5
SHORT = {"loads": 1}
FIRST_RESULT_JS = """
window.__firstResult = null;
new MutationObserver(function (_, observer) {
  if (document.getElementById('find-item-1')) {
    observer.disconnect();
    requestAnimationFrame(function () { window.__firstResult = performance.now(); });
  }
}).observe(document, {childList: true, subtree: true});
"""


@dataclass(frozen=True)
class Load:
    seconds: float  # first result (ours) or the answer's end (baseline), after navigation start
    downloaded: int  # bytes over the wire of the requests finished by then
    requests: int  # requests finished by then
    plotly: bool  # a plotly bundle was asked for (at any time of the load)
    total: int  # every byte of the load, until the network was quiet


def load_once(browser, url: str, throttle: bool, timeout_s: float, finder: bool) -> Load:
    # bypass_csp: the clock read below is evaluated JavaScript, which the CSP refuses; service workers blocked: the
    # finder's worker would fetch the map's files itself, out of sight of this page's DevTools session
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="th-TH", bypass_csp=True, service_workers="block"
    )
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        events: dict[str, dict] = {}
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: events.setdefault(e["requestId"], {"url": e["request"]["url"], "sent": e["timestamp"]}),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: events.get(e["requestId"], {}).update(done=e["timestamp"], bytes=e["encodedDataLength"]),
        )
        cdp.on("Network.loadingFailed", lambda e: events.get(e["requestId"], {}).update(failed=True))
        cdp.send("Network.enable")
        if throttle:
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        if finder:
            page.add_init_script(FIRST_RESULT_JS)
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        if finder:
            ms = page.wait_for_function("() => window.__firstResult", polling=50, timeout=timeout_s * 1000).json_value()
        else:
            page.wait_for_load_state("load", timeout=timeout_s * 1000)
            ms = page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
        _wait_until_quiet(page, events, timeout_s)
        start = min(e["sent"] for e in events.values())
        finished = [e for e in events.values() if "done" in e]
        before = [e for e in finished if e["done"] - start <= ms / 1000 + 0.005]
        return Load(
            seconds=ms / 1000,
            downloaded=int(sum(e["bytes"] for e in before)),
            requests=len(before),
            plotly=any("plotly" in e["url"] for e in events.values()),
            total=int(sum(e["bytes"] for e in finished)),
        )
    finally:
        context.close()


def _wait_until_quiet(page, events: dict, timeout_s: float, quiet_s: float = 4.0) -> None:
    """Until every request asked for has finished or failed, and none was asked for in ``quiet_s`` (the map, and
    Dash's plotly bundle, load after the first result)."""
    deadline, quiet_since, seen = time.monotonic() + min(timeout_s, 120), time.monotonic(), len(events)
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        busy = any("done" not in e and "failed" not in e and e["url"].startswith("http") for e in list(events.values()))
        if busy or len(events) != seen:
            quiet_since, seen = time.monotonic(), len(events)
        elif time.monotonic() - quiet_since >= quiet_s:
            return


def measure(loads: int = 3, throttle: bool = True, timeout_s: float = 600.0) -> list[Figure]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BenchError(f"playwright is not installed ({exc})") from None
    if not Path(CHROMIUM).is_file():
        raise BenchError(f"no Chromium at {CHROMIUM}")
    ours: list[Load] = []
    floor: list[Load] = []
    with tempfile.TemporaryDirectory(prefix="jitasa-bench-finder-") as tmp:
        data_dir = fresh_data_dir(Path(tmp) / "data")
        with running_server(["--demo"], data_dir, "finder-server", timeout_s) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                load_once(browser, server.base_url + FINDER, False, timeout_s, True)  # warms the server
                for _ in range(max(1, loads)):
                    ours.append(load_once(browser, server.base_url + FINDER, throttle, timeout_s, True))
                    floor.append(load_once(browser, server.base_url + BASELINE, throttle, timeout_s, False))
            finally:
                browser.close()
    how = "slow 4G + 4× CPU" if throttle else "unthrottled"
    median = statistics.median
    label = f"GET {BASELINE} in the same browser, {how}: one connection and one answer"
    plotly = sum(load.plotly for load in ours)
    print(
        f"finder loads ({how}): first result {[round(x.seconds, 2) for x in ours]} s; "
        f"plotly bundle requested in {plotly} of {len(ours)}; whole load {[x.total for x in ours]} bytes"
    )
    return [
        Figure(
            f"finder: first result after navigation ({how})",
            median(x.seconds for x in ours),
            "s",
            median(x.seconds for x in floor),
            label,
            TARGET_FIRST_RESULT_S if throttle else None,
        ),
        Figure(
            f"finder: bytes before the first result ({how})",
            median(x.downloaded for x in ours),
            "bytes",
            median(x.downloaded for x in floor),
            label,
            TARGET_BYTES,
        ),
        Figure(
            "finder: requests before the first result",
            median(x.requests for x in ours),
            "count",
            median(x.requests for x in floor),
            label,
        ),
        Figure(
            "finder: bytes of the whole load (map included)",
            median(x.total for x in ours),
            "bytes",
            median(x.total for x in floor),
            label,
        ),
        Figure("finder: loads that asked for a plotly bundle", plotly, "count", None, "", 0),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="measured loads of each page; the median counts (3)")
    parser.add_argument("--no-throttle", dest="throttle", action="store_false", help="no network or CPU throttling")
    parser.add_argument("--timeout", dest="timeout_s", type=float, default=600.0, help="seconds per load (600)")
    options = parse_arguments(parser, argv, SHORT)
    print_figures("finder page on a phone", measure(**options))
    return 0


if __name__ == "__main__":
    sys.exit(main())
