"""Filter changes on the all-Thailand coverage map (a Patch against the whole figure), and the map's first paint.

    python bench/bench_filter.py [--rounds N] [--paints N] [--timeout S] [--no-browser]

1. Server, in this process. The app is built as the tests build it (``build_state`` on a fresh temporary data folder,
   the demo data, ``create_app``). Each filter change posts the ``draw`` callback to ``/_dash-update-component``
   through Flask's test client, with the ``Accept-Encoding`` header Chromium sends, so the answer goes through the
   whole server path: the callback, Dash's JSON serialisation and Flask-Compress. For every change in a sequence
   (dose, target group, classification, date, facility type; each a different view string) three answers are
   timed, in turn:

   - ours: the map key in the request is the key of the map on screen, so ``draw`` answers a Patch of trace 1
     (z, customdata, colour scale);
   - baseline "whole figure, geometry inline": no map key (``draw`` rebuilds the whole figure, as it does when the
     level or province changes) and, only in this process while these answers are made, ``_full_figure``
     is wrapped so that trace 1 carries the GeoJSON itself (``json.loads(state.web.geojson[level])``, parsed once
     beforehand) instead of its URL: what a typical Dash app sends on every change;
   - baseline "whole figure, geometry by URL": no map key and nothing wrapped (what our app sends when the map key
     changes).

   Figures are medians over the changes and rounds. Also timed, outside the server: the figure step alone (the
   Patch or the whole figure, then Dash's ``to_json``), replaying ``draw``'s own steps for the same view.
   Targets (information): on the all-Thailand district map, at least 10 times fewer bytes and 5 times less server
   time than the inline-geometry baseline.
2. First paint. ``python app.py --demo`` on a free port (``bench_start.running_server``), headless Chromium; a new
   browser context (empty cache) per load. The clock runs from navigation start until the map's MapLibre canvas has
   drawn the polygons (``queryRenderedFeatures`` fill features: more than 900 for ``/?level=district``, 77 for
   ``/``). Baseline: ``/`` (the 77 provinces), loaded in the same run. Median of N loads each, after one
   unmeasured load of each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_start import BenchError, running_server
from bench.common import Figure, add_repo_root_to_path, format_value, print_figures

TARGET_BYTES_FACTOR = 10  # at least 10 times fewer bytes than the inline-geometry baseline
TARGET_TIME_FACTOR = 5  # at least 5 times less server time
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends to 127.0.0.1 (a secure context)
LAYERS_ON_LOAD = ["districts"]  # the layers checklist's value in the page layout
LANG = "th"
PAINTS = (("district", "/?level=district", 901), ("province", "/", 77))  # (name, path, fill features at least)
DRAWN_JS = """(least) => {
  const gd = document.querySelector('#coverage-map .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullLayout.map || !gd._fullLayout.map._subplot) return false;
  const n = gd._fullLayout.map._subplot.map.queryRenderedFeatures().filter(f => f.layer.type === 'fill').length;
  return n >= least ? {ms: performance.now(), polygons: n} : false;
}"""


# -- the filter changes -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ViewSet:
    """A map view (one map key) and the filter changes made on it, in order; each change keeps the earlier ones."""

    name: str
    base: str
    changes: tuple[dict[str, str], ...]
    targets: bool  # the targets apply (the all-Thailand district map)


def view_sets(dates: list[str]) -> list[ViewSet]:
    """``dates``: the as-of dates of the demo's coverage (all groups, dose 1), oldest first."""
    steps = [{"as_of": d} for d in dates[-2:-5:-1]]  # three steps back from the latest date
    coverage = (
        {"dose": "2"},
        {"dose": "3"},
        {"group": "elderly"},
        {"group": "general"},
        {"classify": "equal_interval"},
        {"classify": "natural_breaks"},
        *steps,
    )
    facilities = (
        {"ftype": "vaccination_point"},
        {"ftype": "test_site"},
        {"ftype": "field_hospital"},
        {"ftype": "community_isolation"},
        {"ftype": "hospital", "classify": "equal_interval"},
        {"classify": "natural_breaks"},
    )
    return [
        ViewSet("district facilities", "level=district&metric=facilities_per_100k&ftype=hospital", facilities, True),
        ViewSet("district coverage", "level=district", coverage, True),
        ViewSet("province coverage", "", coverage, False),
    ]


def view_strings(view_set: ViewSet, registry) -> list[str]:
    """The VIEW store's value after each change, written as the page writes it (``query_string``)."""
    from dashboard.query import parse_coverage_query, query_string

    args = dict(parse_qsl(view_set.base))
    views = []
    for change in view_set.changes:
        args.update(change)
        query, method, problems = parse_coverage_query(args, registry)
        if problems:
            raise BenchError(f"{view_set.name}: the view {args} is not valid: {problems[0].message_en}")
        views.append(query_string(query, method))
    if len(set(views) | {view_set.base}) != len(views) + 1:
        raise BenchError(f"{view_set.name}: two filter changes give the same view: {views}")
    return views


# -- the draw callback through the test client ----------------------------------------------------------------------
@dataclass
class Answer:
    seconds: float  # the POST through the test client: callback, serialisation, compression
    wire_bytes: int  # the body as sent (compressed)
    json_bytes: int  # the body's JSON
    encoding: str
    map_json: bytes  # the map figure output alone, serialised as Dash does (dash._utils.to_json)
    map_key: str

    @property
    def patched(self) -> bool:
        return b'"__dash_patch_update"' in self.map_json[:200]


class DrawClient:
    """Posts the coverage page's ``draw`` callback the way the browser does after a filter change."""

    def __init__(self, app):
        from dashboard.pages import coverage

        self.client = app.server.test_client()
        self.app = app
        self.coverage = coverage
        output = next(
            (key for key in app.callback_map if f"{coverage.MAP}.figure" in key and f"{coverage.MAP_KEY}.data" in key),
            None,
        )
        if output is None:
            raise BenchError("no callback with outputs coverage-map.figure and coverage-map-key.data")
        self.output = output
        self.outputs = [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in output.strip(".").split("...")
        ]

    def post(self, view: str, map_key: str | None) -> Answer:
        from dash._utils import to_json
        from flask_compress.flask_compress import _uncompress_data

        c = self.coverage
        body = json.dumps({
            "output": self.output,
            "outputs": self.outputs,
            "inputs": [
                {"id": c.VIEW, "property": "data", "value": view},
                {"id": c.LAYERS, "property": "value", "value": LAYERS_ON_LOAD},
                {"id": c.LANG, "property": "data", "value": LANG},
            ],
            "state": [{"id": c.MAP_KEY, "property": "data", "value": map_key}],
            "changedPropIds": [f"{c.VIEW}.data"],
        })
        headers = {"Accept-Encoding": CHROMIUM_ACCEPT_ENCODING}
        started = time.perf_counter()
        response = self.client.post(
            "/_dash-update-component", data=body, content_type="application/json", headers=headers
        )
        wire = response.get_data()
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise BenchError(f"draw for {view!r} answered {response.status_code}: {wire[:300]!r}")
        encoding = response.headers.get("Content-Encoding", "")
        plain = _uncompress_data(wire, encoding) if encoding else wire
        answer = json.loads(plain)["response"]
        return Answer(
            seconds=seconds,
            wire_bytes=len(wire),
            json_bytes=len(plain),
            encoding=encoding or "identity",
            map_json=to_json(answer[c.MAP]["figure"]).encode(),
            map_key=answer[c.MAP_KEY]["data"],
        )


@contextmanager
def geometry_inline(state) -> Iterator[None]:
    """While inside: ``_full_figure`` puts the GeoJSON itself in trace 1 instead of its URL (in this process only)."""
    from dashboard.pages import coverage

    geometry = {f"/api/v1/areas/{level}.geojson": json.loads(state.web.geojson[level]) for level in state.web.geojson}
    original = coverage._full_figure

    def full_figure_inline(*args, **kwargs):
        figure = original(*args, **kwargs)
        main = figure.data[coverage.MAIN]
        main.geojson = geometry[main.geojson]
        return figure

    coverage._full_figure = full_figure_inline
    try:
        yield
    finally:
        coverage._full_figure = original


# -- the figure step alone, replaying draw's steps --------------------------------------------------------------------
class FigureStep:
    """``draw``'s figure step for a view, timed without the rest of the callback: the data is read first (untimed),
    then ours builds the Patch and serialises it; the baselines build the whole figure and serialise it. The steps
    copy ``draw`` in dashboard/pages/coverage.py; the bench checks that the Patch is the one the callback sends."""

    def __init__(self, state):
        self.state = state

    def inputs(self, view: str):
        from dashboard.i18n import format_date, notes
        from dashboard.query import parse_coverage_query
        from data.metrics import metric_frame
        from data.views import coverage_views
        from layers.classify import classify
        from layers.text import annotate

        state = self.state
        query, method, _ = parse_coverage_query(dict(parse_qsl(view)), state.registry)
        with state.engine.connect() as conn:
            frame = metric_frame(conn, state.registry, query.with_(suppress_below=state.settings.suppression_threshold))
            views = coverage_views(conn, state.registry, query, frame, LANG)
        frame = annotate(frame, query.metric, LANG, notes(LANG), lambda d: format_date(d, LANG))
        return query, frame, classify(frame["value"], method), views

    def patch(self, inputs) -> tuple[float, bytes]:
        from dash import Patch
        from dash._utils import to_json

        from layers.coverage_map import MAIN, choropleth_update

        _query, frame, classes, _views = inputs
        started = time.perf_counter()
        figure = Patch()
        for name, value in choropleth_update(frame, classes).items():
            figure["data"][MAIN][name] = value
        data = to_json(figure).encode()
        return time.perf_counter() - started, data

    def whole(self, inputs) -> tuple[float, bytes]:
        from dash._utils import to_json

        from dashboard.pages import coverage

        query, frame, classes, views = inputs
        started = time.perf_counter()
        figure = coverage._full_figure(self.state, query, frame, classes, views, LAYERS_ON_LOAD, None, LANG)
        data = to_json(figure).encode()
        return time.perf_counter() - started, data


# -- measuring a view set -----------------------------------------------------------------------------------------
APPROACHES = ("ours", "inline", "url")


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    wire_bytes: list[int] = field(default_factory=list)
    json_bytes: list[int] = field(default_factory=list)
    map_bytes: list[int] = field(default_factory=list)
    map_wire_bytes: list[int] = field(default_factory=list)
    step_seconds: list[float] = field(default_factory=list)
    encodings: set[str] = field(default_factory=set)

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name))


def measure_view_set(view_set: ViewSet, state, client: DrawClient, rounds: int) -> tuple[dict[str, Samples], list[str]]:
    """Samples per approach over the view set's changes and ``rounds`` rounds, and notes (problems found)."""
    from flask_compress.flask_compress import _compress_data

    notes: list[str] = []
    views = view_strings(view_set, state.registry)
    step = FigureStep(state)
    first = client.post(view_set.base, None)  # the map as loaded: whole figure, and its key
    if first.patched:
        notes.append(f"{view_set.name}: the first draw (no map key) answered a Patch")
    key = first.map_key
    with geometry_inline(state):  # warm both whole-figure paths once, untimed
        client.post(view_set.base, None)
    client.post(views[0], key)
    samples = {name: Samples() for name in APPROACHES}
    for round_ in range(max(1, rounds)):
        for index, view in enumerate(views):
            order = APPROACHES[(index + round_) % 3 :] + APPROACHES[: (index + round_) % 3]  # spread the noise
            for approach in order:
                if approach == "ours":
                    answer = client.post(view, key)
                    if not answer.patched:
                        notes.append(f"{view_set.name}: {view!r} with the map key {key!r}: whole figure, not a Patch")
                elif approach == "inline":
                    with geometry_inline(state):
                        answer = client.post(view, None)
                    if b'"FeatureCollection"' not in answer.map_json:
                        notes.append(f"{view_set.name}: {view!r}: the inline baseline has no GeoJSON in it")
                else:
                    answer = client.post(view, None)
                if approach != "ours" and answer.patched:
                    notes.append(f"{view_set.name}: {view!r} without a map key: a Patch, not the whole figure")
                if answer.map_key != key:
                    notes.append(f"{view_set.name}: {view!r} changed the map key to {answer.map_key!r}")
                s = samples[approach]
                s.seconds.append(answer.seconds)
                s.wire_bytes.append(answer.wire_bytes)
                s.json_bytes.append(answer.json_bytes)
                s.map_bytes.append(len(answer.map_json))
                encoding = answer.encoding
                s.map_wire_bytes.append(
                    len(_compress_data(client.app.server, answer.map_json, encoding))
                    if encoding != "identity"
                    else len(answer.map_json)
                )
                s.encodings.add(encoding)
            inputs = step.inputs(view)
            seconds, patch_json = step.patch(inputs)
            samples["ours"].step_seconds.append(seconds)
            if round_ == 0 and patch_json != client.post(view, key).map_json:
                notes.append(f"{view_set.name}: {view!r}: the replayed Patch differs from the callback's")
            seconds, _ = step.whole(inputs)
            samples["url"].step_seconds.append(seconds)
            with geometry_inline(state):
                seconds, _ = step.whole(inputs)
            samples["inline"].step_seconds.append(seconds)
    return samples, notes


def view_set_figures(view_set: ViewSet, samples: dict[str, Samples]) -> list[Figure]:
    ours, inline, url = samples["ours"], samples["inline"], samples["url"]
    inline_label = "whole figure, geometry inline in trace 1 (what a typical Dash app resends)"
    url_label = "whole figure, geometry by URL (what we send when the level or province changes)"
    encodings = "/".join(sorted(ours.encodings | inline.encodings | url.encodings))
    n = view_set.name
    figures = []
    for name, attribute, unit, factor in (
        (f"{n}: draw answer, server time", "seconds", "s", TARGET_TIME_FACTOR),
        (f"{n}: draw answer, bytes sent ({encodings})", "wire_bytes", "bytes", TARGET_BYTES_FACTOR),
        (f"{n}: map figure alone, bytes sent ({encodings})", "map_wire_bytes", "bytes", TARGET_BYTES_FACTOR),
        (f"{n}: map figure alone, JSON bytes", "map_bytes", "bytes", TARGET_BYTES_FACTOR),
        (f"{n}: figure step alone, server time", "step_seconds", "s", TARGET_TIME_FACTOR),
    ):
        value, base = ours.median(attribute), inline.median(attribute)
        target = base / factor if view_set.targets else None
        figures.append(Figure(name, value, unit, base, inline_label, target))
        figures.append(Figure(f"{name} vs URL figure", value, unit, url.median(attribute), url_label))
    return figures


def describe(view_set: ViewSet, samples: dict[str, Samples], views: int, rounds: int) -> str:
    parts = []
    for approach in APPROACHES:
        s = samples[approach]
        parts.append(
            f"{approach} {format_value(s.median('seconds'), 's')} "
            f"(min {format_value(min(s.seconds), 's')}, max {format_value(max(s.seconds), 's')}), "
            f"JSON {format_value(s.median('json_bytes'), 'bytes')}, map JSON {format_value(s.median('map_bytes'), 'bytes')}"
        )
    return f"{view_set.name}: {views} changes × {rounds} rounds; medians: " + "; ".join(parts)


# -- first paint in headless Chromium ---------------------------------------------------------------------------------
@dataclass
class Paint:
    seconds: float
    polygons: int
    downloaded: int  # response headers and bodies of the requests finished by then, as transferred
    requests: int
    draw_end: float | None  # the draw callback's answer received, seconds after navigation start
    geometry: tuple[float, float] | None  # the level's GeoJSON fetched: start, end


def first_paints(data_dir: Path, paints: int, timeout_s: float) -> dict[str, list[Paint]]:
    """Loads of each page of PAINTS: one unmeasured, then ``paints`` measured, alternating."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BenchError(f"playwright is not installed ({exc}); run with --no-browser") from None
    if not Path(CHROMIUM).is_file():
        raise BenchError(f"no Chromium at {CHROMIUM}; run with --no-browser")
    results: dict[str, list[Paint]] = {name: [] for name, _, _ in PAINTS}
    with running_server(["--demo"], data_dir, "paint-server", timeout_s) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in range(max(1, paints) + 1):
                for name, path, least in PAINTS:
                    paint = _paint(browser, server.base_url + path, least, timeout_s)
                    if run:  # the first load of each page warms the server and is not counted
                        results[name].append(paint)
        finally:
            browser.close()
    return results


def _paint(browser, url: str, least: int, timeout_s: float) -> Paint:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", finished.append)
        page.goto(url, wait_until="commit")
        drawn = page.wait_for_function(DRAWN_JS, arg=least, polling=50, timeout=timeout_s * 1000).json_value()
        done = list(finished)
        origin = page.evaluate("performance.timeOrigin")
        downloaded, draw_end, geometry = 0, None, None
        level = "district" if "level=district" in url else "province"
        for request in done:
            sizes = request.sizes()
            downloaded += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            timing = request.timing
            start = (timing["startTime"] - origin) / 1000
            end = start + timing["responseEnd"] / 1000
            if request.url.endswith(f"/api/v1/areas/{level}.geojson"):
                geometry = (start, end)
            elif "_dash-update-component" in request.url and "coverage-map-key.data" in (request.post_data or ""):
                draw_end = end if draw_end is None else max(draw_end, end)
        return Paint(drawn["ms"] / 1000, drawn["polygons"], downloaded, len(done), draw_end, geometry)
    finally:
        context.close()


def paint_figures(results: dict[str, list[Paint]]) -> list[Figure]:
    district, province = results["district"], results["province"]
    label = "the same for / (the province map, 77 polygons; it also fetches district.geojson for its district lines)"
    return [
        Figure(
            "first paint of the district map after navigation",
            statistics.median(p.seconds for p in district),
            "s",
            statistics.median(p.seconds for p in province),
            label,
        ),
        Figure(
            "bytes downloaded until the district map is drawn",
            statistics.median(p.downloaded for p in district),
            "bytes",
            statistics.median(p.downloaded for p in province),
            label,
        ),
    ]


def describe_paint(name: str, paint: Paint) -> str:
    def at(seconds: float | None) -> str:
        return "—" if seconds is None else f"{seconds:.2f} s"

    geometry = f"{at(paint.geometry[0])} → {at(paint.geometry[1])}" if paint.geometry else "not seen"
    return (
        f"{name}: polygons at {paint.seconds:.2f} s ({paint.polygons} drawn); draw answered at {at(paint.draw_end)}; "
        f"GeoJSON fetched {geometry}; {paint.requests} requests, {paint.downloaded:,} bytes"
    )


# -- the bench ----------------------------------------------------------------------------------------------------
def measure(rounds: int = 2, paints: int = 3, timeout_s: float = 600.0, browser: bool = True) -> list[Figure]:
    add_repo_root_to_path()
    workdir = Path(tempfile.mkdtemp(prefix="jitasa-bench-filter-"))
    figures: list[Figure] = []
    state = None
    try:
        state, app, build_s = _app_with_demo(workdir / "data")
        print(f"app with the demo data built in {build_s:.1f} s (fresh data folder)")
        from data.coverage import coverage_dates

        with state.engine.connect() as conn:
            dates = [d.isoformat() for d in coverage_dates(conn, "all", 1)]
        client = DrawClient(app)
        problems: list[str] = []
        for view_set in view_sets(dates):
            samples, notes = measure_view_set(view_set, state, client, rounds)
            problems.extend(dict.fromkeys(notes))
            print(describe(view_set, samples, len(view_set.changes), rounds), flush=True)
            figures.extend(view_set_figures(view_set, samples))
        for problem in problems:
            print(f"PROBLEM: {problem}")
        state.engine.dispose()
        if browser:
            server_dir = workdir / "server-data"
            server_dir.mkdir()
            (server_dir / "cache").symlink_to(state.settings.cache_dir)  # the geometry built above, not rebuilt
            results = first_paints(server_dir, paints, timeout_s)
            for name, runs in results.items():
                for paint in runs:
                    print(describe_paint(name, paint))
            figures.extend(paint_figures(results))
    finally:
        if state is not None:
            state.engine.dispose()
        shutil.rmtree(workdir, ignore_errors=True)
    return figures


def _app_with_demo(data_dir: Path):
    from app import create_app
    from dashboard.state import build_state
    from data.demo import load_demo
    from settings import load_settings

    started = time.perf_counter()
    state = build_state(load_settings(environ={}, data_dir=data_dir))
    load_demo(
        state.engine,
        state.settings.source_data_dir,
        state.locator.locate,
        state.registry.frame("subdistrict").reset_index(),
    )
    app = create_app(state.settings, state)
    return state, app, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="times each sequence of filter changes is posted")
    parser.add_argument("--paints", type=int, default=3, help="measured loads of each page (the median counts)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the server or a paint")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-paint part (no Chromium)")
    args = parser.parse_args(argv)
    try:
        figures = measure(args.rounds, args.paints, args.timeout, not args.no_browser)
    except BenchError as exc:
        print(f"bench_filter: {exc}", file=sys.stderr)
        return 1
    print_figures("filter changes and first paint", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
