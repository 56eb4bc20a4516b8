"""Nearest facilities: the spatial index against a brute-force geodesic scan, in process and through the API.

    python bench/bench_nearest.py [--facilities N] [--queries N] [--scans N] [--api-queries N] [--short]

The facilities are synthetic and seeded (``synthetic_facilities``): N points (100,000) uniform in Thailand's bounding
box (97.5-105.5 E, 5.7-20.4 N), five types (40 % vaccination points), 5 % closed or temporarily closed, the
temporary types with validity dates around today, the vaccination points with services and opening hours.

1. In process, on the arrays (no database). Build: ``geo.nearest.NearestIndex.build`` over the N points, best of 3;
   baseline: one brute-force scan (the median below), so the ratio says how many scans a build costs. Query:
   ``NearestIndex.nearest(k=5)`` at Q (1,000) seeded random points of the bounding box, median and p95. Baseline:
   the reference ``geo.nearest.brute_force_nearest(k=5)`` (a geodesic distance to every point, sorted) at S (200) of
   those points, every Q/S-th, timed in turn with the index (the scan takes about a third of a second here, so all
   1,000 would add minutes); each of those S answers is compared with the index's (the bench prints how many were
   equal, and PROBLEM when one differs). The same again with the finder's filter (vaccination points that are not
   closed): ``nearest`` with the mask against the scan of the points that pass it. Target (information): the nearest
   query in process at most 2 ms at the median.
2. Through the app. A fresh temporary data folder (its geometry cache shared by the benches of this process),
   ``build_state`` as the tests build the demo state, then the N facilities bulk-inserted into ``data.schema.facilities`` (SQLAlchemy Core,
   10,000 rows a statement) and ``create_app``. Timed through Flask's test client: the first
   ``GET /api/v1/nearest`` (it builds the index from the table) against the median after it; then, at A (200)
   points, in turn, ``/api/v1/nearest?lat=..&lon=..&k=5`` (vaccination points, the default) and the baseline
   ``/api/v1/areas?level=province`` (the cheapest JSON route: no database, 77 rows), p50 and p95 of each. Then
   ``data.finder.find_nearest`` in process at the same points, against the index query alone with the finder's own
   mask; its parts are printed: the table's fingerprint query, the filter mask (``data.finder._mask``), the index.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Figure, add_repo_root_to_path, best_of, fresh_data_dir, parse_arguments, print_figures

N_FACILITIES = 100_000
SEED = 2021
THAILAND_BBOX = (97.5, 5.7, 105.5, 20.4)  # min lon, min lat, max lon, max lat
K = 5
TARGET_MEDIAN_S = 0.002
TYPE_SHARES = (
    ("vaccination_point", 0.4),
    ("hospital", 0.2),
    ("test_site", 0.2),
    ("field_hospital", 0.1),
    ("community_isolation", 0.1),
)
HIDDEN = ("closed", "temporarily_closed")  # data.finder.HIDDEN_STATUSES
STATUS_SHARES = (("open", 0.9), ("full", 0.05), ("closed", 0.03), ("temporarily_closed", 0.02))
INSERT_CHUNK = 10_000


def synthetic_facilities(n: int, seed: int = SEED) -> list[dict]:
    """n facility rows for ``data.schema.facilities`` (every required column), seeded."""
    import numpy as np

    rng = np.random.default_rng(seed)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    lon = np.round(rng.uniform(min_lon, max_lon, n), 6)
    lat = np.round(rng.uniform(min_lat, max_lat, n), 6)
    kinds = rng.choice([t for t, _ in TYPE_SHARES], size=n, p=[p for _, p in TYPE_SHARES])
    statuses = rng.choice([s for s, _ in STATUS_SHARES], size=n, p=[p for _, p in STATUS_SHARES])
    starts = rng.integers(-200, 30, size=n)  # temporary sites: opened 200 days ago to 30 days ahead, for 180 days
    services = (["walk_in"], ["walk_in", "child_doses"], ["home_visit"], [])
    service_choice = rng.integers(0, len(services), size=n)
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    rows = []
    for i in range(n):
        kind = str(kinds[i])
        temporary = kind in ("field_hospital", "community_isolation")
        valid_from = today + dt.timedelta(days=int(starts[i])) if temporary else None
        rows.append(
            {
                "type": kind,
                "name_th": f"สถานบริการสังเคราะห์ {i}",
                "lat": float(lat[i]),
                "lon": float(lon[i]),
                "status": str(statuses[i]),
                "valid_from": valid_from,
                "valid_to": valid_from + dt.timedelta(days=180) if temporary else None,
                "services": services[service_choice[i]] if kind == "vaccination_point" else None,
                "opening_hours": "08:30-16:30" if kind == "vaccination_point" else None,
                "updated_at": now,
                "version": 1,
                "synthetic": True,
            }
        )
    return rows


def percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q))


def _timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _query_points(n: int, seed: int):
    import numpy as np

    rng = np.random.default_rng(seed)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    return np.column_stack([rng.uniform(min_lon, max_lon, n), rng.uniform(min_lat, max_lat, n)])


# -- 1. in process --------------------------------------------------------------------------------------------------
def measure_in_process(rows: list[dict], queries: int, scans: int) -> list[Figure]:
    import numpy as np

    from geo.nearest import NearestIndex, brute_force_nearest

    lon = np.array([r["lon"] for r in rows])
    lat = np.array([r["lat"] for r in rows])
    # the finder's filter for vaccination points (they have no validity dates, so the dates change nothing)
    mask = np.array([r["type"] == "vaccination_point" and r["status"] not in HIDDEN for r in rows])
    masked = np.flatnonzero(mask)
    build_s, index = best_of(3, lambda: NearestIndex.build(lon, lat))
    times: dict[str, list[float]] = {"index": [], "scan": [], "index masked": [], "scan masked": []}
    equal = equal_masked = 0
    every = max(1, queries // max(1, scans))  # the scan is slow: every n-th query point only
    for i, (x, y) in enumerate(_query_points(queries, SEED + 1)):
        t, (positions, distances) = _timed(lambda x=x, y=y: index.nearest(x, y, K))
        times["index"].append(t)
        t, (positions_masked, distances_masked) = _timed(lambda x=x, y=y: index.nearest(x, y, K, mask))
        times["index masked"].append(t)
        if i % every:
            continue
        t, (expected, expected_m) = _timed(lambda x=x, y=y: brute_force_nearest(x, y, lon, lat, K))
        times["scan"].append(t)
        equal += positions.tolist() == expected.tolist() and np.array_equal(distances, expected_m)
        t, (order, expected_m) = _timed(lambda x=x, y=y: brute_force_nearest(x, y, lon[masked], lat[masked], K))
        times["scan masked"].append(t)
        same = positions_masked.tolist() == masked[order].tolist() and np.array_equal(distances_masked, expected_m)
        equal_masked += same
    compared = len(times["scan"])
    print(
        f"{len(rows):,} facilities ({len(masked):,} pass the filter), {queries:,} index queries, k={K}, "
        f"{compared:,} of them also scanned; equal to the brute-force answer: {equal:,}/{compared:,} without the "
        f"filter, {equal_masked:,}/{compared:,} with it; index built in {build_s * 1000:.0f} ms (best of 3)",
        flush=True,
    )
    if equal != compared or equal_masked != compared:
        print("PROBLEM: the index and the brute-force scan disagree (see geo.nearest)")
    scan = f"brute-force geodesic scan of every point (geo.nearest.brute_force_nearest), {compared:,} points"
    scan_masked = f"brute-force geodesic scan of the points that pass the filter, {compared:,} points"
    med = statistics.median
    return [
        Figure(f"nearest index build, {len(rows):,} points", build_s, "s", med(times["scan"]), scan + ", median"),
        Figure(
            f"nearest k={K} in process, median",
            med(times["index"]),
            "s",
            med(times["scan"]),
            scan + ", median",
            TARGET_MEDIAN_S,
        ),
        Figure(
            f"nearest k={K} in process, p95",
            percentile(times["index"], 95),
            "s",
            percentile(times["scan"], 95),
            scan + ", p95",
        ),
        Figure(
            f"nearest k={K} in process, filter, median",
            med(times["index masked"]),
            "s",
            med(times["scan masked"]),
            scan_masked + ", median",
            TARGET_MEDIAN_S,
        ),
        Figure(
            f"nearest k={K} in process, filter, p95",
            percentile(times["index masked"], 95),
            "s",
            percentile(times["scan masked"], 95),
            scan_masked + ", p95",
        ),
    ]


# -- 2. through the app ---------------------------------------------------------------------------------------------
def app_with_facilities(data_dir: Path, rows: list[dict]):
    """The app state and Dash app on a fresh data folder whose database holds ``rows`` as its facilities."""
    import sqlalchemy as sa

    from app import create_app
    from dashboard.state import build_state
    from data.schema import facilities
    from settings import load_settings

    started = time.perf_counter()
    state = build_state(load_settings(environ={}, data_dir=data_dir, database_url=""))
    state_s = time.perf_counter() - started
    started = time.perf_counter()
    with state.engine.begin() as conn:
        for start in range(0, len(rows), INSERT_CHUNK):
            conn.execute(sa.insert(facilities), rows[start : start + INSERT_CHUNK])
    insert_s = time.perf_counter() - started
    app = create_app(state.settings, state)
    print(
        f"app state built in {state_s:.1f} s (fresh database, shared geometry cache); {len(rows):,} facilities "
        f"inserted in {insert_s:.1f} s"
    )
    return state, app


def measure_app(rows: list[dict], api_queries: int) -> list[Figure]:
    from data.finder import FacilityIndexCache, FinderQuery, _mask, find_nearest, table_fingerprint

    workdir = Path(tempfile.mkdtemp(prefix="jitasa-bench-nearest-"))
    state = None
    try:
        state, app = app_with_facilities(fresh_data_dir(workdir / "data"), rows)
        client = app.server.test_client()
        baseline_path = "/api/v1/areas?level=province"
        _get(client, baseline_path)  # Flask's first request, outside the clock
        points = _query_points(api_queries, SEED + 2)

        def nearest_path(x: float, y: float) -> str:
            return f"/api/v1/nearest?lat={y:.6f}&lon={x:.6f}&k={K}"

        first_s, body = _timed(lambda: _get(client, nearest_path(*points[0])))
        if len(body["items"]) != K:
            raise RuntimeError(f"/api/v1/nearest answered {len(body['items'])} items, not {K}: {body}")
        api: dict[str, list[float]] = {"nearest": [], "areas": []}
        for x, y in points:
            api["nearest"].append(_timed(lambda x=x, y=y: _get(client, nearest_path(x, y)))[0])
            api["areas"].append(_timed(lambda: _get(client, baseline_path))[0])

        # the same queries in process, and the parts of find_nearest timed one by one
        parts: dict[str, list[float]] = {"find_nearest": [], "fingerprint": [], "mask": [], "index": []}
        with state.engine.connect() as conn:
            build_s, _ = _timed(lambda: FacilityIndexCache().get(conn))
            current = state.facility_index.get(conn)
            for x, y in points:
                q = FinderQuery(lat=float(y), lon=float(x), k=K)
                work = partial(find_nearest, conn, state.facility_index, q, state.settings.stale_days)
                parts["find_nearest"].append(_timed(work)[0])
                parts["fingerprint"].append(_timed(lambda: table_fingerprint(conn))[0])
                moment = dt.datetime.now(dt.UTC)
                t, (mask, _passing) = _timed(lambda q=q, moment=moment: _mask(current, q, moment))
                parts["mask"].append(t)
                parts["index"].append(_timed(lambda q=q, mask=mask: current.index.nearest(q.lon, q.lat, K, mask))[0])
    finally:
        if state is not None:
            state.engine.dispose()
        shutil.rmtree(workdir, ignore_errors=True)

    med = statistics.median
    print(
        f"{api_queries:,} API queries; find_nearest, median of each part: the facilities' version (from memory "
        f"until a write) {med(parts['fingerprint']) * 1000:.3f} ms, the filter mask over the {len(rows):,} "
        f"rows {med(parts['mask']) * 1000:.1f} ms, the index query {med(parts['index']) * 1000:.2f} ms; "
        f"building the index from the table (FacilityIndexCache.get, new cache) {build_s:.2f} s",
        flush=True,
    )
    areas = "GET /api/v1/areas?level=province through the test client (no database, 77 rows)"
    return [
        Figure(
            "/api/v1/nearest first answer (index built from the table)",
            first_s,
            "s",
            med(api["nearest"]),
            "/api/v1/nearest after the first answer, median",
        ),
        Figure("/api/v1/nearest p50", med(api["nearest"]), "s", med(api["areas"]), areas + ", p50"),
        Figure(
            "/api/v1/nearest p95", percentile(api["nearest"], 95), "s", percentile(api["areas"], 95), areas + ", p95"
        ),
        Figure(
            "find_nearest in process (data layer), median",
            med(parts["find_nearest"]),
            "s",
            med(parts["index"]),
            "the index query alone (NearestIndex.nearest, the same filter mask), median",
            TARGET_MEDIAN_S,
        ),
    ]


def _get(client, path: str) -> dict:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
    return response.get_json()


SHORT = {"facilities": 2000, "queries": 50, "scans": 10, "api_queries": 20}  # --short: sees that it runs


def measure(
    facilities: int = N_FACILITIES, queries: int = 1000, scans: int = 200, api_queries: int = 200
) -> list[Figure]:
    add_repo_root_to_path()
    rows = synthetic_facilities(facilities)
    return measure_in_process(rows, queries, scans) + measure_app(rows, api_queries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=N_FACILITIES, help="synthetic facilities (seeded)")
    parser.add_argument("--queries", type=int, default=1000, help="random points for the in-process index queries")
    parser.add_argument("--scans", type=int, default=200, help="of those, how many are also scanned by brute force")
    parser.add_argument("--api-queries", type=int, default=200, help="random points for the API queries")
    print_figures("nearest facilities", measure(**parse_arguments(parser, argv, SHORT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
