"""The national dataset under load: production serving (gunicorn, several workers) with 20 concurrent clients.

    python bench/bench_load.py [--database postgresql|sqlite] [--workers 2] [--clients 20] [--seconds 15]
                               [--data-dir DIR] [--postgres-url URL] [--no-redis] [--visit-seconds 15] [--short]

1. The national dataset (data/national.py: 7,400 subdistricts, 100,000 facilities, 2,000,000 survey records,
   coverage facts for 50 dates × 928 districts × every group × 3 doses) is generated once into ``--data-dir``
   (SQLite) or the schema ``bench_national`` of ``--postgres-url``, and reused by later runs.
2. Start: ``gunicorn -c gunicorn.conf.py --workers N app:server`` on that data, timed from launch to the first
   answer of the district coverage query (cold: the first start of this run; warm: a second start). Baseline: an
   interpreter that only imports the app's libraries.
3. Load, 20 clients on loopback, each sending its next request as soon as the last one was answered (closed loop,
   keep-alive), from two client processes: the district-level coverage (every metric over the 2,000,000 survey
   records and the coverage facts, every target group, the whole country and single provinces) and the nearest
   facilities (random points in Thailand). p50 and p95 of what the clients saw, and every error. Baselines: the
   same query computed in this process straight from the database (no cache) for coverage; the cheapest JSON
   route (``/api/v1/areas?level=province``) under the same load for nearest.
4. Memory: the proportional set size (PSS: shared pages divided among the processes that share them) of the
   gunicorn master and workers together after the load, and their resident sum. Baseline: the bare import.
5. A whole public visit on one core: one worker pinned to one CPU, the clients on the other; a visit loads the
   finder page (HTML, every script and style it names, the Dash layout and dependencies, every callback that fires
   on load), asks for the nearest points, then opens the coverage map (its callbacks) and the district GeoJSON.
   Visits per second, and the same with what a reverse proxy absorbs (static files and public aggregates) taken
   out: the figure the README's capacity plan is built on.

Targets (information only): coverage p95 ≤ 100 ms, nearest p95 ≤ 30 ms, no errors, memory ≤ 1.5 GB, cold start ≤ 10 s.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import brotli

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common
from bench.bench_start import BARE_IMPORTS, BenchError, answer_callbacks, free_port
from bench.common import GB, ROOT, Figure, add_repo_root_to_path, create_schema, database_url

GUNICORN = Path(sys.executable).with_name("gunicorn")
SCHEMA = "bench_national"
GROUPS = ("all", "general", "elderly", "bedridden", "migrant", "child_5_11", "student_12_18")
PROVINCES = ("", "10", "50", "30", "90", "40", "83", "57")
TARGETS = {"coverage_p95": 0.100, "nearest_p95": 0.030, "memory": 1.5 * GB, "cold": 10.0}
SHORT = {  # --short: a tiny dataset of its own (kept apart from the full one), SQLite, seconds of load
    "database": "sqlite",
    "data_dir": str(ROOT / "var" / "bench-national-short" / "data"),
    "schema": f"{SCHEMA}_short",
    "surveys": 10_000,
    "facilities": 2_000,
    "dates": 3,
    "clients": 4,
    "seconds": 2,
    "visit_seconds": 2,
    "warmup": 1,
    "settle_s": 3,
}


# -- the dataset --------------------------------------------------------------------------------------------------
def ensure_dataset(args) -> dict:
    """Generate the national dataset unless this data already holds it; returns its description and timings."""
    add_repo_root_to_path()
    from dashboard.state import build_state
    from data import national
    from settings import load_settings

    create_schema(args)
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    state = build_state(load_settings(environ={}, data_dir=Path(args.data_dir), database_url=database_url(args)))
    try:
        with state.engine.connect() as conn:
            found = national.find_dataset(conn)
        if found and found.get("surveys") == args.surveys and found.get("facilities") == args.facilities:
            national.analyze(state.engine)  # statistics may be missing (an older generator, autovacuum off)
            return {"generated": False, **found}
        started = time.perf_counter()
        counts = national.generate(
            state.engine,
            state.registry,
            seed=1,
            facilities=args.facilities,
            surveys=args.surveys,
            dates=args.dates,
            replace=bool(found),
        )
        return {**counts, "generated": True, "seconds": time.perf_counter() - started}  # the whole time, not per phase
    finally:
        state.engine.dispose()


# -- the server ---------------------------------------------------------------------------------------------------
class Gunicorn:
    def __init__(self, args, workers: int, log_name: str):
        self.port = free_port()
        self.log_path = Path(args.data_dir).parent / f"{log_name}.log"
        env = {
            **os.environ,
            "JITASA_DATA_DIR": str(args.data_dir),
            "JITASA_DATABASE_URL": database_url(args),
            "JITASA_PORT": str(self.port),
            "JITASA_LOG_LEVEL": "WARNING",
        }
        env.pop("JITASA_REDIS_URL", None)
        if args.redis:
            env["JITASA_REDIS_URL"] = "redis://127.0.0.1:6379/0"
        command = [str(GUNICORN), "-c", "gunicorn.conf.py", "--workers", str(workers)]  # the rest as in production
        command += ["--access-logfile", "/dev/null", "app:server"]
        self.started = time.perf_counter()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for(self, path: str, timeout_s: float = 300) -> float:
        """Seconds from launch until ``path`` answers 200."""
        deadline = time.monotonic() + timeout_s
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _ = request(self.base, path)
                if status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"no answer to {path} within {timeout_s:.0f} s; see {self.log_path}")
            time.sleep(0.05)

    def pids(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [self.process.pid, *(int(p) for p in out.stdout.split())]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def request(base: str, path: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = connection is None
    connection = connection or http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip, br", "User-Agent": "jitasa-bench"})
        response = connection.getresponse()
        body = response.read()
        encoding = response.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        return response.status, body
    finally:
        if own:
            connection.close()


def memory(pids: list[int]) -> dict[str, int]:
    """Pss and Rss summed over processes, in bytes (/proc/PID/smaps_rollup)."""
    total = {"Pss": 0, "Rss": 0}
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if key in total:
                total[key] += int(value.split()[0]) * 1024
    return total


def bare_import() -> tuple[float, dict[str, int]]:
    """The baseline process: seconds to import the app's libraries, and its memory once imported."""
    code = f"import sys; import {BARE_IMPORTS}; print('ready', flush=True); sys.stdin.read()"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        process.stdout.readline()
        seconds = time.perf_counter() - started
        return seconds, memory([process.pid])
    finally:
        process.stdin.close()
        process.wait(timeout=10)


# -- the clients --------------------------------------------------------------------------------------------------
def coverage_paths(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for _ in range(n):
        metric = rng.choice(("unvaccinated_per_1000", "coverage", "coverage", "facilities_per_100k"))
        query = f"level=district&metric={metric}&group={rng.choice(GROUPS)}"
        if metric == "coverage":
            query += f"&dose={rng.choice((1, 2, 3))}"
        if metric == "facilities_per_100k":
            query = "level=district&metric=facilities_per_100k"
        province = rng.choice(PROVINCES)
        if province:
            query += f"&province={province}"
        paths.append("/api/v1/coverage?" + query)
    return paths


def nearest_paths(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [
        f"/api/v1/nearest?lat={rng.uniform(6.0, 20.0):.5f}&lon={rng.uniform(98.0, 105.0):.5f}&k=5"
        f"&type={rng.choice(('vaccination_point', 'vaccination_point', 'test_site', 'hospital'))}"
        for _ in range(n)
    ]


def _client_process(base: str, paths: list[str], threads: int, seconds: float, seed: int) -> dict:
    """One client process: ``threads`` keep-alive connections, each asking the next path when answered."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def run(offset: int) -> None:
        connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
        i = offset
        mine, failed = [], []
        while time.perf_counter() < stop_at:
            path = paths[i % len(paths)]
            i += threads
            started = time.perf_counter()
            try:
                status, _ = request(base, path, connection)
            except (OSError, http.client.HTTPException) as exc:
                failed.append(f"{type(exc).__name__} on {path}")
                connection.close()
                connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
                continue
            mine.append(time.perf_counter() - started)
            if status != 200:
                failed.append(f"{status} on {path}")
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    workers = [threading.Thread(target=run, args=(seed * 1000 + t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return {"latencies": latencies, "errors": errors}


WRK_PATHS = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Accept-Encoding"] = "gzip, br"})
end
"""
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  local p = function(n) return latency:percentile(n) / 1e6 end
  io.write(string.format("JITASA %f %f %f %d %f %d\\n", p(50), p(95), p(99), summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk_paths_script(paths: list[str]) -> str:
    """A wrk ``request`` function (Lua) that asks ``paths`` in turn."""
    return WRK_PATHS % ", ".join(json.dumps(p) for p in paths)


def wrk(base: str, request_lua: str, clients: int, seconds: float) -> dict:
    """wrk (Debian's, written in C) as ``clients`` closed-loop clients for ``seconds``, asking what ``request_lua`` (a
    Lua ``request`` function) asks: p50, p95, p99 (s), requests, per_second and errors (failed connections, timeouts
    and answers other than 2xx or 3xx)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(request_lua + WRK_DONE)
    try:
        command = ["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", "-s", script.name]
        out = subprocess.run([*command, base], capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script.name)
    line = next((x for x in out.splitlines() if x.startswith("JITASA ")), None)
    if line is None:
        raise BenchError(f"wrk printed no result:\n{out[-2000:]}")
    p50, p95, p99, requests, duration, errors = line.split()[1:]
    return {
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "requests": int(requests),
        "per_second": int(requests) / float(duration),
        "errors": int(errors),
    }


def load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    """``clients`` closed-loop clients for ``seconds``: p50 and p95 (s), errors, requests/s. With wrk (Debian's
    ``wrk``, written in C) when it is installed, so that the clients take as little of the machine as possible;
    otherwise two Python processes of keep-alive connections."""
    if shutil.which("wrk"):
        return _wrk(base, paths, clients, seconds)
    return _python_load(base, paths, clients, seconds)


def _wrk(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    result = wrk(base, wrk_paths_script(paths), clients, seconds)
    return {**result, "errors": [f"{result['errors']} wrk errors"] if result["errors"] else []}


def _python_load(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    per = [clients // 2 + clients % 2, clients // 2]
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        futures = [pool.submit(_client_process, base, paths, n, seconds, i) for i, n in enumerate(per) if n]
        results = [f.result() for f in futures]
    latencies = sorted(x for r in results for x in r["latencies"])
    errors = [e for r in results for e in r["errors"]]
    return {
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "requests": len(latencies),
        "per_second": len(latencies) / seconds,
        "errors": errors,
    }


def settle(base: str, paths: list[str], fast_s: float = 0.1, in_a_row: int = 40, timeout_s: float = 120) -> None:
    """Ask until ``in_a_row`` answers in a row each came within ``fast_s``: every worker has built what it builds
    on first use (the finder's index takes seconds), and the measurement starts from the steady state."""
    deadline = time.monotonic() + timeout_s
    fast, i = 0, 0
    while fast < in_a_row and time.monotonic() < deadline:
        started = time.perf_counter()
        request(base, paths[i % len(paths)])
        fast = fast + 1 if time.perf_counter() - started < fast_s else 0
        i += 1


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


# -- a whole public visit -----------------------------------------------------------------------------------------
def visit(base: str, rng: random.Random, behind_proxy: bool) -> int:
    """One public visit; returns the requests the app answered. ``behind_proxy``: static files and public
    aggregates come from the proxy's cache, so only the rest reaches the app."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    answered = 0

    def get(path: str, body: dict | None = None) -> bytes:
        nonlocal answered
        headers = {"Accept-Encoding": "identity", "User-Agent": "jitasa-bench"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection.request("POST" if data else "GET", path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        if response.status != 200:
            raise BenchError(f"{response.status} on {path}")
        answered += 1
        return content

    def page(pathname: str, search: str = "") -> None:
        html = get(pathname + search).decode() if not behind_proxy else ""
        if not behind_proxy:
            for asset in re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', html):
                get(asset)
            get("/_dash-layout")
            get("/_dash-dependencies")
        layout = json.loads(LAYOUT_CACHE["layout"])
        dependencies = json.loads(LAYOUT_CACHE["dependencies"])
        answer_callbacks(
            layout, dependencies, base, pathname, lambda body: json.loads(get("/_dash-update-component", body)), search
        )

    try:
        page("/find")
        get(f"/api/v1/nearest?lat={rng.uniform(6, 20):.5f}&lon={rng.uniform(98, 105):.5f}&k=5")
        page("/")
        if not behind_proxy:
            get("/api/v1/areas/district.geojson")
    finally:
        connection.close()
    return answered


LAYOUT_CACHE: dict[str, bytes] = {}


def visits_per_second(base: str, visitors: int, seconds: float, behind_proxy: bool) -> dict:
    LAYOUT_CACHE["layout"] = request(base, "/_dash-layout")[1]
    LAYOUT_CACHE["dependencies"] = request(base, "/_dash-dependencies")[1]
    counts = {"visits": 0, "requests": 0, "errors": []}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def run(seed: int) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < stop_at:
            try:
                n = visit(base, rng, behind_proxy)
            except (OSError, http.client.HTTPException, BenchError) as exc:
                with lock:
                    counts["errors"].append(str(exc))
                continue
            with lock:
                counts["visits"] += 1
                counts["requests"] += n

    threads = [threading.Thread(target=run, args=(s,)) for s in range(visitors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {**counts, "per_second": counts["visits"] / seconds}


def _pin(pids: list[int], cpus: set[int]) -> None:
    for pid in pids:
        try:
            os.sched_setaffinity(pid, cpus)
        except OSError:
            pass


# -- the bench ----------------------------------------------------------------------------------------------------
def measure(args: argparse.Namespace | None = None, **options) -> list[Figure]:
    """Every figure of this bench (``args``: the command line's; else the defaults changed by ``options``, named as
    the command line's options: bench/run.py)."""
    args = args or common.dataset_command_line(_parser(), [], SHORT, **options)
    figures: list[Figure] = []
    dataset = ensure_dataset(args)
    if dataset.get("generated"):
        print(f"national dataset generated in {dataset['seconds']:.0f} s", file=sys.stderr)
    import_s, bare_memory = bare_import()
    first_query = "/api/v1/coverage?level=district&metric=unvaccinated_per_1000&group=all"

    server = Gunicorn(args, args.workers, "gunicorn-cold")
    try:
        cold = server.wait_for(first_query)
    finally:
        server.stop()
    figures.append(
        Figure("cold start to the first district coverage answer", cold, "s", import_s, "bare import", TARGETS["cold"])
    )

    server = Gunicorn(args, args.workers, "gunicorn-load")
    try:
        warm = server.wait_for("/api/v1/areas?level=province")
        figures.append(Figure("warm start to the first answer", warm, "s", import_s, "bare import"))
        # the steady state is measured: a short load first lets every worker build its finder index and meet
        # every question once (what a surge meets after its first seconds)
        for paths in (coverage_paths(1, 200), nearest_paths(3, 500)):
            load(server.base, paths, args.clients, args.warmup)
            settle(server.base, paths, timeout_s=args.settle_s)
        coverage = load(server.base, coverage_paths(1, 200), args.clients, args.seconds)
        nearest = load(server.base, nearest_paths(2, 5000), args.clients, args.seconds)
        cheap = load(server.base, ["/api/v1/areas?level=province"], args.clients, args.seconds)
        used = memory(server.pids())
    finally:
        server.stop()
    direct = direct_coverage(args, coverage_paths(1, 200)[:12])
    n = args.clients
    figures += [
        Figure(f"/api/v1/coverage district p50, {n} clients", coverage["p50"], "s", direct, "computed without cache"),
        Figure(
            f"/api/v1/coverage district p95, {n} clients",
            coverage["p95"],
            "s",
            direct,
            "computed without cache",
            TARGETS["coverage_p95"],
        ),
        Figure("/api/v1/coverage requests per second", coverage["per_second"], "count"),
        Figure("/api/v1/coverage errors", len(coverage["errors"]), "count", target=0),
        Figure(f"/api/v1/nearest p50, {n} clients", nearest["p50"], "s", cheap["p50"], "areas route, same load"),
        Figure(
            f"/api/v1/nearest p95, {n} clients",
            nearest["p95"],
            "s",
            cheap["p95"],
            "areas route, same load",
            TARGETS["nearest_p95"],
        ),
        Figure("/api/v1/nearest requests per second", nearest["per_second"], "count"),
        Figure("/api/v1/nearest errors", len(nearest["errors"]), "count", target=0),
        Figure(
            f"server memory PSS, master + {args.workers} workers",
            used["Pss"],
            "bytes",
            bare_memory["Pss"],
            "bare import",
            TARGETS["memory"],
        ),
        Figure(
            f"server memory RSS summed, master + {args.workers} workers",
            used["Rss"],
            "bytes",
            bare_memory["Rss"],
            "bare import",
        ),
    ]
    for name, result in (("coverage", coverage), ("nearest", nearest)):
        for error in sorted(set(result["errors"]))[:5]:
            print(f"{name} error: {error}", file=sys.stderr)

    server = Gunicorn(args, 1, "gunicorn-one-core")
    try:
        server.wait_for("/api/v1/areas?level=province")
        pids = server.pids()
        _pin(pids, {0})
        _pin([os.getpid()], {1})
        visits = visits_per_second(server.base, 4, args.visit_seconds, behind_proxy=False)
        dynamic = visits_per_second(server.base, 4, args.visit_seconds, behind_proxy=True)
    finally:
        _pin([os.getpid()], set(range(os.cpu_count() or 1)))
        server.stop()
    figures += [
        Figure("whole public visits per second, one core", visits["per_second"], "count"),
        Figure("requests per visit", visits["requests"] / max(1, visits["visits"]), "count"),
        Figure("visits per second, one core, behind a caching proxy", dynamic["per_second"], "count"),
        Figure(
            "requests per visit reaching the app behind the proxy",
            dynamic["requests"] / max(1, dynamic["visits"]),
            "count",
        ),
        Figure("visit errors", len(visits["errors"]) + len(dynamic["errors"]), "count", target=0),
    ]
    return figures


def direct_coverage(args, paths: list[str]) -> float:
    """The baseline: the median time to compute a coverage answer in this process straight from the database."""
    add_repo_root_to_path()
    from urllib.parse import parse_qs, urlsplit

    from dashboard.state import build_state
    from data.coverage_query import parse_coverage_query
    from data.metrics import metric_frame
    from settings import load_settings

    state = build_state(load_settings(environ={}, data_dir=Path(args.data_dir), database_url=database_url(args)))
    times = []
    try:
        for path in paths:
            params = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
            query, _, problems = parse_coverage_query(params, state.registry)
            started = time.perf_counter()
            with state.engine.connect() as conn:
                metric_frame(conn, state.registry, query)
            times.append(time.perf_counter() - started)
    finally:
        state.engine.dispose()
    return statistics.median(times)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_database_options(parser, "bench-national")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients in a closed loop (default 20)")
    parser.add_argument("--seconds", type=float, default=15, help="seconds of each measured load (default 15)")
    parser.add_argument("--visit-seconds", type=float, default=15, help="seconds of whole visits (default 15)")
    parser.add_argument("--warmup", type=float, default=4, help="seconds of load before each measurement")
    parser.add_argument(
        "--settle", dest="settle_s", type=float, default=120, help="seconds at most to wait for steady answers"
    )
    parser.add_argument("--schema", default=SCHEMA, help="the PostgreSQL schema of the dataset")
    parser.add_argument(
        "--no-redis", dest="redis", action="store_false", help="no Redis: each worker keeps its own cache"
    )
    parser.add_argument("--surveys", type=int, default=2_000_000, help="survey records of the dataset")
    parser.add_argument("--facilities", type=int, default=100_000, help="facilities of the dataset")
    parser.add_argument("--dates", type=int, default=50, help="weekly coverage dates of the dataset")
    return parser


def main(argv: list[str] | None = None) -> int:
    return common.print_server_bench(
        "national dataset under load", common.dataset_command_line(_parser(), argv, SHORT), measure
    )


if __name__ == "__main__":
    sys.exit(main())
