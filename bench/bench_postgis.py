"""PostGIS as the outside anchor: the product's nearest facilities against what a GIS engineer would build instead.

    python bench/bench_postgis.py [--facilities 100000] [--workers 2] [--clients 20] [--seconds 20] [--pairs 5]
                                  [--warmup 3] [--server-url URL] [--short]

1. PostGIS for the local PostgreSQL: when the extension is not available, Debian's ``postgresql-<major>-postgis-3``
   (the major version from ``SHOW server_version``) is installed with apt-get (``apt-get update`` first when the
   package is unknown; root only). When it cannot be installed the bench says why and measures nothing.
2. The same facilities on both sides, in a database of their own (``jitasa_bench_postgis``, so that the extension
   never lands in the database the tests use): the national dataset's generator (data/national.py, seed 1,
   ``--facilities`` facilities, few survey records) writes the product's schema ``product``, and the table
   ``public.facilities_gis`` is made from those rows with a ``geography(Point)`` column and its GiST index.
3. Two servers, each ``gunicorn --workers N`` with sync workers: the product (``gunicorn.conf.py``, ``app:server``,
   its ``/api/v1/nearest``) and bench/postgis_service.py (Flask, one psycopg connection per worker, the two-stage
   query: KNN ``<->`` for k + 10 candidates, then the exact ``ST_Distance`` on the spheroid). The same requests:
   random points in Thailand, k = 5, a type (bench_load's ``nearest_paths``).
4. After a warm-up, ``--pairs`` paired runs of ``--seconds`` each, interleaved (product then PostGIS, then PostGIS
   then product, ...), ``--clients`` closed-loop clients (wrk when installed, else bench_load's Python clients).
   Printed: each run, then the medians: answers per second, p50, p95; the ratio of throughputs per pair and its
   median (target: the product keeps at least 1.5 times PostGIS's throughput); memory (PSS) of each server's
   processes (the PostgreSQL backends not counted); and how often the two answer the same facilities in the same
   order at 100 points.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_load import GUNICORN, Gunicorn, ensure_dataset, load, memory, nearest_paths, request, settle
from bench.bench_start import free_port
from bench.common import ROOT, Figure, parse_arguments, print_figures

SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # where the bench's own database is created
DATABASE = "jitasa_bench_postgis"
SCHEMA = "product"
TARGET_RATIO = 1.5  # the product's throughput at least this many times PostGIS's
SHORT = {
    "facilities": 2000,
    "clients": 4,
    "seconds": 2,
    "pairs": 2,
    "warmup": 1,
    "settle_s": 10,
    "database": f"{DATABASE}_short",
}


class Unavailable(Exception):
    """PostGIS is not there and cannot be installed here: the reason."""


# -- PostGIS ------------------------------------------------------------------------------------------------------
def ensure_postgis(server_url: str) -> str:
    """The server's version, once PostGIS is available to it (installed with apt-get when it is not)."""
    import sqlalchemy as sa

    engine = sa.create_engine(server_url)
    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql("SHOW server_version").scalar()
            if conn.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").first():
                return version
            host = engine.url.host or "localhost"
    except sa.exc.OperationalError as exc:
        raise Unavailable(f"PostgreSQL at {server_url} does not answer ({type(exc).__name__})") from exc
    finally:
        engine.dispose()
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise Unavailable(f"PostGIS is not installed on {host}, and only a server on this machine can get it here")
    install_postgis(version.split(".")[0])
    return version


def install_postgis(major: str) -> None:
    package = f"postgresql-{major}-postgis-3"
    if not shutil.which("apt-get"):
        raise Unavailable(f"PostGIS is not installed and there is no apt-get to install {package}")
    if os.geteuid() != 0:
        raise Unavailable(f"PostGIS is not installed; installing {package} needs root (apt-get install {package})")
    command = ["apt-get", "install", "-y", "--no-install-recommends", package]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"installing {package} ...", file=sys.stderr, flush=True)
    if subprocess.run(command, env=env, capture_output=True).returncode == 0:
        return
    subprocess.run(["apt-get", "update"], env=env, capture_output=True)
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise Unavailable(f"apt-get could not install {package}: {done.stderr.strip()[-300:]}")


def database_urls(args) -> tuple[str, str]:
    """(the product's SQLAlchemy URL of the bench's database, without schema; a libpq DSN of it for psycopg)."""
    import sqlalchemy as sa

    url = sa.engine.make_url(args.server_url).set(database=args.database)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return url.render_as_string(hide_password=False), dsn


def create_database(server_url: str, name: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(n)s", {"n": name}).first():
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()


def build_gis_table(dsn: str, schema: str) -> int:
    """``public.facilities_gis``: the product's facilities with a geography column and its GiST index, made anew."""
    import psycopg

    columns = (
        "id, external_id, type, name_th, name_en, lat, lon, province, district, subdistrict, address, phone, "
        "opening_hours, services, beds_total, beds_available, status, valid_from, valid_to, updated_at"
    )
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        conn.execute("DROP TABLE IF EXISTS public.facilities_gis")
        conn.execute(
            f"CREATE TABLE public.facilities_gis AS SELECT {columns}, "
            f'ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS geog FROM "{schema}".facilities'
        )
        conn.execute("ALTER TABLE public.facilities_gis ADD PRIMARY KEY (id)")
        conn.execute("CREATE INDEX facilities_gis_geog ON public.facilities_gis USING gist (geog)")
        conn.execute("ANALYZE public.facilities_gis")
        return conn.execute("SELECT count(*) FROM public.facilities_gis").fetchone()[0]


class PostgisService(Gunicorn):
    """bench/postgis_service.py under gunicorn, sync workers as the product's; the same stop and wait."""

    def __init__(self, dsn: str, workers: int, log_path: Path):  # not super().__init__: that starts the product
        self.port = free_port()
        self.log_path = log_path
        command = [str(GUNICORN), "--workers", str(workers), "--worker-class", "sync", "--bind"]
        command += [f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null", "postgis_service:app"]
        env = {**os.environ, "BENCH_POSTGIS_DSN": dsn}
        self.started = time.perf_counter()
        with log_path.open("wb") as log:  # from bench/: the product's gunicorn.conf.py is not read
            self.process = subprocess.Popen(command, cwd=ROOT / "bench", env=env, stdout=log, stderr=subprocess.STDOUT)


# -- measuring ----------------------------------------------------------------------------------------------------
def cpu_seconds(server: Gunicorn, name: str, dsn: str) -> float:
    """CPU seconds used so far by a server's processes (user and system, /proc/PID/stat) and by the database
    processes serving it (the PostGIS service's connections say ``application_name=postgis_service``; the product's
    are the others of the bench's database). On a busy machine the scheduler shares the cores among processes, so a
    server of more processes gets more of them: CPU per answer is the figure the sharing does not move."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchall()
    backends = [pid for pid, app in rows if (app == "postgis_service") == (name == "postgis")]
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in [*server.pids(), *backends]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def same_answers(product: Gunicorn, postgis: Gunicorn, paths: list[str]) -> tuple[int, float]:
    """(points where both answer the same facilities in the same order, the largest difference in distance, km)."""
    same, worst = 0, 0.0
    for path in paths:
        ours = json.loads(request(product.base, path)[1])["items"]
        theirs = json.loads(request(postgis.base, path)[1])["items"]
        same += [f["id"] for f in ours] == [f["id"] for f in theirs]
        for a, b in zip(ours, theirs):
            if a["id"] == b["id"]:
                worst = max(worst, abs(a["distance_km"] - float(b["distance_km"])))
    return same, worst


def measure(args: argparse.Namespace | None = None, **options) -> list[Figure]:
    args = args or _arguments([], **options)
    try:
        version = ensure_postgis(args.server_url)
    except Unavailable as exc:
        print(f"postgis: skipped, {exc}", flush=True)
        return []
    create_database(args.server_url, args.database)
    product_url, dsn = database_urls(args)
    data_dir = ROOT / "var" / args.database / "data"
    dataset = argparse.Namespace(
        database="postgresql",
        postgres_url=product_url,
        schema=SCHEMA,
        data_dir=str(data_dir),
        surveys=10_000,
        facilities=args.facilities,
        dates=1,
        redis=False,
    )
    started = time.perf_counter()
    found = ensure_dataset(dataset)
    rows = build_gis_table(dsn, SCHEMA)
    print(
        f"PostgreSQL {version}; {rows:,} facilities in the product's schema and in PostGIS "
        f"({'generated' if found.get('generated') else 'reused'}; ready in {time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    paths, warm = nearest_paths(2, 5000), nearest_paths(3, 500)
    servers: dict[str, Gunicorn] = {}
    try:
        servers["product"] = Gunicorn(dataset, args.workers, "gunicorn-product")
        service_dsn = f"{dsn}?application_name=postgis_service"
        servers["postgis"] = PostgisService(service_dsn, args.workers, data_dir.parent / "gunicorn-postgis.log")
        for server in servers.values():
            server.wait_for(warm[0])
            load(server.base, warm, args.clients, args.warmup)
            settle(server.base, warm, timeout_s=args.settle_s)
        runs: dict[str, list[dict]] = {"product": [], "postgis": []}
        for pair in range(args.pairs):
            order = ("product", "postgis") if pair % 2 == 0 else ("postgis", "product")
            for name in order:
                before = cpu_seconds(servers[name], name, dsn)
                run = load(servers[name].base, paths, args.clients, args.seconds)
                run["cpu_per_answer"] = (cpu_seconds(servers[name], name, dsn) - before) / max(run["requests"], 1)
                runs[name].append(run)
            ours, theirs = runs["product"][-1], runs["postgis"][-1]
            print(
                f"pair {pair + 1} ({' then '.join(order)}): product {ours['per_second']:,.0f}/s p50 "
                f"{ours['p50'] * 1000:.1f} ms p95 {ours['p95'] * 1000:.1f} ms; PostGIS {theirs['per_second']:,.0f}/s "
                f"p50 {theirs['p50'] * 1000:.1f} ms p95 {theirs['p95'] * 1000:.1f} ms; "
                f"ratio {ours['per_second'] / max(theirs['per_second'], 1e-9):.2f}; CPU per answer product "
                f"{ours['cpu_per_answer'] * 1000:.1f} ms, PostGIS {theirs['cpu_per_answer'] * 1000:.1f} ms",
                flush=True,
            )
        used = {name: memory(server.pids()) for name, server in servers.items()}
        same, worst = same_answers(servers["product"], servers["postgis"], nearest_paths(4, 100))
    finally:
        for server in servers.values():
            server.stop()
    print(
        f"same facilities in the same order at {same} of 100 points; largest distance difference {worst * 1000:.1f} m"
    )
    return figures(args, runs, used)


def figures(args, runs: dict[str, list[dict]], used: dict[str, dict]) -> list[Figure]:
    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[name])

    ratios = [p["per_second"] / max(g["per_second"], 1e-9) for p, g in zip(runs["product"], runs["postgis"])]
    n, pairs, label = args.clients, len(ratios), "PostGIS two-stage query, same load, interleaved"
    errors = sum(len(run["errors"]) for name in runs for run in runs[name])
    return [
        Figure(
            f"nearest answers/s, {n} clients, median of {pairs}",
            median("product", "per_second"),
            "count",
            median("postgis", "per_second"),
            label,
        ),
        Figure(
            f"nearest p50, {n} clients, median of {pairs}",
            median("product", "p50"),
            "s",
            median("postgis", "p50"),
            label,
        ),
        Figure(
            f"nearest p95, {n} clients, median of {pairs}",
            median("product", "p95"),
            "s",
            median("postgis", "p95"),
            label,
        ),
        Figure(
            f"PostGIS answers/s per product answer/s, median of {pairs} pairs",
            statistics.median(1 / r for r in ratios),
            "×",
            target=round(1 / TARGET_RATIO, 3),
        ),
        Figure(
            f"server memory PSS, {args.workers} workers",
            used["product"]["Pss"],
            "bytes",
            used["postgis"]["Pss"],
            "the PostGIS service's gunicorn (the database's own processes not counted)",
        ),
        Figure(
            f"nearest CPU per answer (server and its database processes), median of {pairs}",
            median("product", "cpu_per_answer"),
            "s",
            median("postgis", "cpu_per_answer"),
            label,
        ),
        Figure("nearest errors (both servers)", errors, "count", target=0),
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=100_000, help="facilities on both sides (default 100,000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients in a closed loop (default 20)")
    parser.add_argument("--seconds", type=float, default=20, help="seconds of each measured run (default 20)")
    parser.add_argument("--pairs", type=int, default=5, help="paired runs, interleaved (default 5)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load on each server before measuring")
    parser.add_argument("--settle", dest="settle_s", type=float, default=120, help="seconds at most to settle")
    parser.add_argument("--server-url", default=SERVER_URL, help=f"the PostgreSQL server (default {SERVER_URL})")
    parser.add_argument("--database", default=DATABASE, help=f"the bench's own database (default {DATABASE})")
    return parser


def _arguments(argv: list[str] | None, **options) -> argparse.Namespace:
    parser = _parser()
    parser.set_defaults(**options)
    return argparse.Namespace(**parse_arguments(parser, argv, SHORT))


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the servers are stopped too (finally)
    args = _arguments(argv)
    title = f"nearest: the product against PostGIS ({args.facilities:,} facilities, gunicorn {args.workers} workers)"
    print_figures(title, measure(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
