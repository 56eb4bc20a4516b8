"""Filter changes on the all-Thailand coverage map (a Patch against the whole figure), and the map's first paint.

    python bench/bench_filter.py [--repeats N] [--paints N] [--changes N] [--timeout S] [--no-browser] [--short]

1. Server, in this process. The app is built as the tests build it (``build_state`` on a fresh temporary data folder
   whose geometry cache the benches of this process share, the demo data, ``create_app``). Each filter change posts the ``draw`` callback to ``/_dash-update-component``
   through Flask's test client, with the ``Accept-Encoding`` header Chromium sends, so the answer goes through the
   whole server path: the callback, Dash's JSON serialisation and Flask-Compress. For every change in a sequence
   (dose, target group, classification, date, facility type; each a different view string) three answers are
   timed, interleaved, N times each (``--repeats``, 3):

   - ours: the map key in the request is the key of the map on screen, so ``draw`` answers a Patch of trace 1
     (z, customdata, colour scale);
   - baseline "whole figure, geometry inline": no map key (``draw`` rebuilds the whole figure, as it does when the
     level or province changes) and, only in this process while these answers are made, ``full_figure``
     is wrapped so that trace 1 carries the GeoJSON itself (``json.loads(state.web.geojson[level])``, parsed once
     beforehand) instead of its URL: what a typical Dash app sends on every change;
   - baseline "whole figure, geometry by URL": no map key and nothing wrapped (what our app sends when the map key
     changes).

   Per change and approach the fastest of the N answers counts (the one other load disturbed least); the figures
   are the medians over the changes. Also timed, outside the server, best of N: the figure step alone (the Patch
   or the whole figure, then Dash's ``to_json``), replayed with the arguments ``draw`` passed to
   ``choropleth_update`` and ``full_figure`` in a real answer for the same view.
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
import inspect
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_start import BenchError, running_server
from bench.common import (
    Figure,
    add_repo_root_to_path,
    best_of,
    format_value,
    fresh_data_dir,
    parse_arguments,
    print_figures,
)
from dashboard.renderer import CHROMIUM, CHROMIUM_ARGS  # one launch for the app, the tests and the benches

TARGET_BYTES_FACTOR = 10  # at least 10 times fewer bytes than the inline-geometry baseline
TARGET_TIME_FACTOR = 5  # at least 5 times less server time
CHROMIUM_ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends to 127.0.0.1 (a secure context)
LANGUAGE = "th"
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
    steps = [{"as_of": d} for d in dates[-2:-4:-1]]  # two steps back from the latest date
    coverage = ({"dose": "2"}, {"dose": "3"}, {"group": "elderly"}, {"classify": "natural_breaks"}, *steps)
    facilities = (
        {"ftype": "vaccination_point"},
        {"ftype": "field_hospital"},
        {"classify": "equal_interval"},
        {"classify": "natural_breaks"},
    )
    return [
        ViewSet("district facilities", "level=district&metric=facilities_per_100k&ftype=hospital", facilities, True),
        ViewSet("district coverage", "level=district", coverage, True),
        ViewSet("province coverage", "", coverage, False),
    ]


def view_strings(view_set: ViewSet, registry) -> list[str]:
    """The VIEW store's value after each change, written as the page writes it (``query_string``)."""
    from data.coverage_query import parse_coverage_query, query_string

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
    """Posts the coverage page's ``draw`` callback the way the browser does after a filter change.

    ``draw`` keeps its answers per data version (``state.metrics``): the same view asked again is answered from
    memory. ``post(..., fresh=True)`` forgets those answers first (outside the clock), so the answer is computed as
    for the first visitor to ask after a change of the data."""

    def __init__(self, app):
        from dashboard.components import LANG_STORE
        from dashboard.pages.coverage import ids as coverage
        from dashboard.pages.coverage.layout import layout

        self.client = app.server.test_client()
        self.app = app
        self.coverage = coverage
        state = app.server.extensions["jitasa"]
        self.state = state
        self.lang_store = LANG_STORE
        with app.server.app_context():  # the layout reads the app's state (dashboard.state.current)
            page = layout(LANGUAGE, "")
        self.layers = next(c.value for c in page._traverse() if getattr(c, "id", None) == coverage.LAYERS)
        output = next(
            (key for key in app.callback_map if f"{coverage.MAP}.figure" in key and f"{coverage.MAP_KEY}.data" in key),
            None,
        )
        if output is None:
            raise BenchError("no callback with outputs coverage-map.figure and coverage-map-key.data")
        self.output = output
        # the names draw looks up when it runs (its module's globals): what the bench wraps, in this process only
        self.namespace = inspect.unwrap(app.callback_map[output]["callback"]).__globals__
        missing = [name for name in FigureStep.RECORDED.values() if name not in self.namespace]
        if missing:
            raise BenchError(f"draw's module has no {', '.join(missing)}: the bench needs updating")
        self.outputs = [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
            for part in output.strip(".").split("...")
        ]

    def forget_answers(self) -> None:
        """Empty the answers kept per data version, as a write to the data would."""
        self.state.metrics = type(self.state.metrics)(self.state.metrics.size)

    def post(self, view: str, map_key: str | None, fresh: bool = True) -> Answer:
        from dash._utils import to_json
        from flask_compress.flask_compress import _uncompress_data

        if fresh:
            self.forget_answers()
        c = self.coverage
        body = json.dumps(
            {
                "output": self.output,
                "outputs": self.outputs,
                "inputs": [
                    {"id": c.VIEW, "property": "data", "value": view},
                    {"id": c.LAYERS, "property": "value", "value": self.layers},
                    {"id": self.lang_store, "property": "data", "value": LANGUAGE},
                ],
                "state": [{"id": c.MAP_KEY, "property": "data", "value": map_key}],
                "changedPropIds": [f"{c.VIEW}.data"],
            }
        )
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


class InlineGeometry:
    """``with inline.active():`` ``full_figure`` puts the GeoJSON itself in trace 1 instead of its URL, in this
    process only. The GeoJSON is parsed once, beforehand: a typical app keeps it in memory as a dict."""

    def __init__(self, state, namespace: dict):
        self.namespace = namespace
        self.geometry = {
            f"/api/v1/areas/{level}.geojson": json.loads(state.web.geojson[level]) for level in ("province", "district")
        }

    @contextmanager
    def active(self) -> Iterator[None]:
        from layers.coverage_map import MAIN

        original = self.namespace["full_figure"]

        def full_figure_inline(*args, **kwargs):
            figure = original(*args, **kwargs)
            main = figure.data[MAIN]
            main.geojson = self.geometry[main.geojson]
            return figure

        self.namespace["full_figure"] = full_figure_inline
        try:
            yield
        finally:
            self.namespace["full_figure"] = original


# -- the figure step alone, replayed with the callback's own arguments -------------------------------------------------
@contextmanager
def recording(namespace: dict, name: str) -> Iterator[list[tuple[tuple, dict]]]:
    """While inside: every call of ``namespace[name]`` (looked up by the callback when it runs) is recorded, then
    made."""
    calls: list[tuple[tuple, dict]] = []
    original = namespace[name]

    def recorded(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    namespace[name] = recorded
    try:
        yield calls
    finally:
        namespace[name] = original


class FigureStep:
    """``draw``'s figure step, timed without the rest of the callback, with the very arguments ``draw`` passed in a
    real answer (recorded then): ours builds the Patch from ``choropleth_update`` as ``draw`` does and serialises it;
    the baselines call ``full_figure`` and serialise the figure (``dash._utils.to_json``, as Dash does). The bench
    checks that the replayed Patch is byte for byte the one the callback sent."""

    RECORDED = {"ours": "choropleth_update", "url": "full_figure"}  # what to record in which answer

    def __init__(self, inline: InlineGeometry):
        self.inline = inline

    def patch(self, call: tuple[tuple, dict], repeats: int) -> tuple[float, bytes]:
        """(best seconds, the replayed Patch's JSON)."""
        from dash import Patch
        from dash._utils import to_json

        from layers.coverage_map import MAIN

        args, kwargs = call
        update = self.inline.namespace["choropleth_update"]

        def patch() -> bytes:
            figure = Patch()
            for name, value in update(*args, **kwargs).items():
                figure["data"][MAIN][name] = value
            return to_json(figure).encode()

        return best_of(repeats, patch)

    def whole(self, call: tuple[tuple, dict], repeats: int) -> tuple[float, float]:
        """(best seconds with the geometry by URL, best seconds with the geometry inline)."""
        from dash._utils import to_json

        args, kwargs = call
        seconds = []
        for inline in (False, True):
            with self.inline.active() if inline else nullcontext():
                build = self.inline.namespace["full_figure"]  # the inline wrapper while it is active
                seconds.append(best_of(repeats, lambda build=build: to_json(build(*args, **kwargs)))[0])
        return seconds[0], seconds[1]


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
    cached_seconds: list[float] = field(default_factory=list)  # ours: the same view asked again, from memory
    encodings: set[str] = field(default_factory=set)

    def add(self, answer: Answer, server) -> None:
        from flask_compress.flask_compress import _compress_data

        self.seconds.append(answer.seconds)
        self.wire_bytes.append(answer.wire_bytes)
        self.json_bytes.append(answer.json_bytes)
        self.map_bytes.append(len(answer.map_json))
        compressed = answer.map_json
        if answer.encoding != "identity":  # the map output alone, compressed as the server compressed the answer
            compressed = _compress_data(server, answer.map_json, answer.encoding)
        self.map_wire_bytes.append(len(compressed))
        self.encodings.add(answer.encoding)

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name))


def measure_view_set(
    view_set: ViewSet, state, client: DrawClient, inline: InlineGeometry, repeats: int
) -> tuple[dict[str, Samples], list[str]]:
    """One sample per approach and filter change (the fastest of ``repeats`` answers, interleaved with the other
    approaches', each computed anew: ``DrawClient.post``), and notes (problems found)."""
    notes: list[str] = []
    views = view_strings(view_set, state.registry)
    step = FigureStep(inline)
    first = client.post(view_set.base, None)  # the map as loaded: whole figure, and its key
    if first.patched:
        notes.append(f"{view_set.name}: the first draw (no map key) answered a Patch")
    key = first.map_key
    with inline.active():  # warm both whole-figure paths once, untimed
        client.post(view_set.base, None)
    client.post(views[0], key)
    samples = {name: Samples() for name in APPROACHES}
    for index, view in enumerate(views):
        best: dict[str, Answer] = {}
        calls: dict[str, list] = {}
        for repeat in range(max(1, repeats)):
            turn = (index + repeat) % len(APPROACHES)  # each approach goes first in turn: spreads the noise
            for approach in APPROACHES[turn:] + APPROACHES[:turn]:
                if repeat == 0 and approach in FigureStep.RECORDED:  # keep draw's arguments for the figure step
                    with recording(client.namespace, FigureStep.RECORDED[approach]) as calls[approach]:
                        answer = _post(client, inline, approach, view, key)
                else:
                    answer = _post(client, inline, approach, view, key)
                notes.extend(_check(view_set.name, approach, view, key, answer))
                if approach not in best or answer.seconds < best[approach].seconds:
                    best[approach] = answer
        for approach, answer in best.items():
            samples[approach].add(answer, client.app.server)
        for approach, name in FigureStep.RECORDED.items():
            if len(calls[approach]) != 1:
                raise BenchError(f"{view!r}: draw called {name} {len(calls[approach])} times in the {approach} answer")
        seconds, replayed = step.patch(calls["ours"][0], repeats)
        samples["ours"].step_seconds.append(seconds)
        if replayed != best["ours"].map_json:
            notes.append(f"{view_set.name}: {view!r}: the replayed Patch differs from the one the callback sent")
        by_url, by_inline = step.whole(calls["url"][0], repeats)
        samples["url"].step_seconds.append(by_url)
        samples["inline"].step_seconds.append(by_inline)
        cached = _cached_answer(client, view, key, repeats)
        samples["ours"].cached_seconds.append(cached.seconds)
        if cached.map_json != best["ours"].map_json:
            notes.append(f"{view_set.name}: {view!r}: the answer from the cache differs from the one computed")
    return samples, notes


def _cached_answer(client: DrawClient, view: str, key: str, repeats: int) -> Answer:
    """The fastest of ``repeats`` answers to the same filter change asked again, as the next visitor asks it: from
    the answers ``draw`` keeps per data version (the first post, untimed, puts it there)."""
    client.post(view, key, fresh=False)
    answers = [client.post(view, key, fresh=False) for _ in range(max(1, repeats))]
    return min(answers, key=lambda answer: answer.seconds)


def _post(client: DrawClient, inline: InlineGeometry, approach: str, view: str, key: str) -> Answer:
    if approach == "ours":  # the map on screen has this key: a filter change
        return client.post(view, key)
    if approach == "inline":
        with inline.active():
            return client.post(view, None)
    return client.post(view, None)


def _check(name: str, approach: str, view: str, key: str, answer: Answer) -> list[str]:
    """What would make the comparison wrong, or is a bug: said, not hidden."""
    problems = []
    if approach == "ours" and not answer.patched:
        problems.append(f"{name}: {view!r} with the unchanged map key {key!r}: a whole figure, not a Patch")
    if approach != "ours" and answer.patched:
        problems.append(f"{name}: {view!r} without a map key: a Patch, not the whole figure")
    if approach == "inline" and b'"FeatureCollection"' not in answer.map_json:
        problems.append(f"{name}: {view!r}: the inline baseline has no GeoJSON in it")
    if answer.map_key != key:
        problems.append(f"{name}: {view!r} changed the map key to {answer.map_key!r}")
    return problems


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
    figures.append(
        Figure(
            f"{n}: draw answer from the per-version cache, server time",
            ours.median("cached_seconds"),
            "s",
            ours.median("seconds"),
            "the same answer computed (the first visitor after a change of the data)",
        )
    )
    return figures


def describe(view_set: ViewSet, samples: dict[str, Samples], repeats: int) -> str:
    parts = []
    for approach in APPROACHES:
        s = samples[approach]
        parts.append(
            f"{approach} {format_value(s.median('seconds'), 's')} "
            f"(min {format_value(min(s.seconds), 's')}, max {format_value(max(s.seconds), 's')}), "
            f"JSON {format_value(s.median('json_bytes'), 'bytes')}, map JSON {format_value(s.median('map_bytes'), 'bytes')}"
        )
    changes = len(view_set.changes)
    return f"{view_set.name}: {changes} changes, best of {repeats} each; medians: " + "; ".join(parts)


# -- first paint in headless Chromium ---------------------------------------------------------------------------------
@dataclass
class Paint:
    seconds: float
    polygons: int
    downloaded: int  # response headers and bodies of the requests finished by then, as transferred
    requests: int
    draw_end: float | None  # the draw callback's first answer received, seconds after navigation start
    geometry: tuple[float, float] | None  # the level's GeoJSON fetched: start, end


def first_paints(data_dir: Path, paints: int, timeout_s: float, warm: bool = True) -> dict[str, list[Paint]]:
    """Loads of each page of PAINTS: one unmeasured (when ``warm``), then ``paints`` measured, alternating."""
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
            for run in range(0 if warm else 1, max(1, paints) + 1):
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
        page.on("requestfinished", lambda request: finished.append(request))
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
            elif "_dash-update-component" in request.url and _is_draw(request.post_data):
                draw_end = end if draw_end is None else min(draw_end, end)  # the first figure the map received
        return Paint(drawn["ms"] / 1000, drawn["polygons"], downloaded, len(done), draw_end, geometry)
    finally:
        context.close()


def _is_draw(post_data: str | None) -> bool:
    """A request of the ``draw`` callback: its outputs are the map's figure and the map key."""
    try:
        output = json.loads(post_data or "{}").get("output", "")
    except ValueError:
        return False
    return "coverage-map.figure" in output and "coverage-map-key.data" in output


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
SHORT = {"repeats": 1, "paints": 1, "changes": 2, "warm_paint": False}  # --short: sees that it runs


def measure(
    repeats: int = 3,
    paints: int = 3,
    timeout_s: float = 600.0,
    browser: bool = True,
    changes: int | None = None,
    warm_paint: bool = True,
) -> list[Figure]:
    """``changes``: the first N filter changes of each view set (all when None); ``warm_paint``: one unmeasured load
    of each page before the measured ones."""
    add_repo_root_to_path()
    workdir = Path(tempfile.mkdtemp(prefix="jitasa-bench-filter-"))
    figures: list[Figure] = []
    state = None
    try:
        state, app, build_s = _app_with_demo(fresh_data_dir(workdir / "data"))
        print(f"app with the demo data built in {build_s:.1f} s (fresh database, shared geometry cache)")
        from data.coverage import coverage_dates

        with state.engine.connect() as conn:
            dates = [d.isoformat() for d in coverage_dates(conn, "all", 1)]
        client = DrawClient(app)
        inline = InlineGeometry(state, client.namespace)
        problems: list[str] = []
        for view_set in view_sets(dates):
            view_set = replace(view_set, changes=view_set.changes[:changes])
            samples, notes = measure_view_set(view_set, state, client, inline, repeats)
            problems.extend(dict.fromkeys(notes))
            print(describe(view_set, samples, repeats), flush=True)
            figures.extend(view_set_figures(view_set, samples))
        for problem in problems:
            print(f"PROBLEM: {problem}")
        state.engine.dispose()
        if browser:
            results = first_paints(fresh_data_dir(workdir / "server-data"), paints, timeout_s, warm_paint)
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
    parser.add_argument(
        "--repeats", type=int, default=3, help="answers per filter change and approach (the best counts)"
    )
    parser.add_argument("--paints", type=int, default=3, help="measured loads of each page (the median counts)")
    parser.add_argument(
        "--timeout",
        dest="timeout_s",
        metavar="S",
        type=float,
        default=600.0,
        help="seconds to wait for the server or a paint",
    )
    parser.add_argument(
        "--no-browser", dest="browser", action="store_false", help="skip the first-paint part (no Chromium)"
    )
    parser.add_argument("--changes", type=int, help="only the first N filter changes of each view set")
    parser.add_argument(
        "--no-warm-paint", dest="warm_paint", action="store_false", help="no unmeasured load before the measured ones"
    )
    try:
        figures = measure(**parse_arguments(parser, argv, SHORT))
    except BenchError as exc:
        print(f"bench_filter: {exc}", file=sys.stderr)
        return 1
    print_figures("filter changes and first paint", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
