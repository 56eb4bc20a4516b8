"""The help requests' queue under load: 200,000 open requests nationally, 20 clients, production serving.

    python bench/bench_help_queue.py [--database sqlite|postgresql] [--requests 200000] [--clients 20]
                                     [--seconds 15] [--workers 2] [--data-dir DIR] [--postgres-url URL] [--short]

1. The dataset: ``--requests`` open help requests (60 % waiting, 25 % assigned, 15 % being helped, each with its
   follow-up events), spread over every subdistrict of the country, made in the last three days; and the coordinators
   of 50 districts, each with an API token. Generated once into ``--data-dir`` (SQLite) or the schema
   ``bench_help_queue`` of ``--postgres-url``, and reused by later runs.
2. ``gunicorn -c gunicorn.conf.py`` on that data; 20 closed-loop clients (wrk when installed) for ``--seconds``:
   each asks a district coordinator's queue, ``GET /api/v1/help-requests?district=CODE`` (every open request of the
   district with name, phone and waiting minutes, oldest first; the read written to the audit log), with that
   coordinator's token. The floor, in the same run and under the same load: the cheapest JSON route
   (``/api/v1/areas?level=province``) with the same tokens.

Target (information only): the queue's p95 at most 3× the floor's, no errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common
from bench.bench_load import Gunicorn, percentile, settle, wrk
from bench.common import POSTGRES_URL, ROOT, Figure, add_repo_root_to_path, create_schema, database_url, geometry_cache

SCHEMA = "bench_help_queue"
COORDINATORS = 50
TARGET_RATIO = 3.0
SHORT = {
    "data_dir": str(ROOT / "var" / "bench-help-queue-short" / "data"),
    "schema": f"{SCHEMA}_short",
    "requests": 2_000,
    "coordinators": 5,  # each is an account with an argon2 password: 50 took 10 s
    "clients": 4,
    "seconds": 2,
}
WRK_REQUEST = """
local paths = {%s}
local tokens = {%s}
local i = 0
request = function()
  i = i + 1
  local n = (i %% #paths) + 1
  return wrk.format("GET", paths[n], {["Authorization"] = "Bearer " .. tokens[n], ["Accept-Encoding"] = "gzip, br"})
end
"""


# -- the dataset --------------------------------------------------------------------------------------------------
def ensure_dataset(args) -> dict:
    """The requests and the coordinators' tokens, generated unless this data already holds them."""
    add_repo_root_to_path()
    import sqlalchemy as sa

    from dashboard.state import build_state
    from data.schema import help_requests
    from settings import load_settings

    create_schema(args)
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    cache = data_dir / "cache"
    if cache.is_symlink() and not cache.exists():
        cache.unlink()  # a geometry cache of an earlier run, removed when that run ended
    if not cache.exists():
        cache.symlink_to(geometry_cache())
    state = build_state(load_settings(environ={}, data_dir=data_dir, database_url=database_url(args)))
    tokens_file = data_dir / "bench-help-queue-tokens.json"
    try:
        with state.engine.connect() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(help_requests)).scalar_one()
        kept = json.loads(tokens_file.read_text()) if tokens_file.exists() else {}
        if count == args.requests and len(kept) == args.coordinators:
            return {"generated": False, "tokens": kept}
        started = time.perf_counter()
        subdistricts = list(state.registry.frame("subdistrict").index)
        _generate(state.engine, subdistricts, args.requests)
        tokens = _coordinators(state.engine, sorted({s[:4] for s in subdistricts}), args.coordinators)
        tokens_file.write_text(json.dumps(tokens))
        return {"generated": True, "seconds": time.perf_counter() - started, "tokens": tokens}
    finally:
        state.engine.dispose()


def _generate(engine, subdistricts: list[str], n: int) -> None:
    import sqlalchemy as sa

    from data.schema import followup_events, help_request_personal, help_requests

    rng = random.Random(18)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        for table in (followup_events, help_request_personal, help_requests):
            conn.execute(sa.delete(table))
    needs = ("vaccination_at_home", "transport", "medical", "oxygen", "supplies", "other")
    for start in range(0, n, 20_000):
        requests, personal, events = [], [], []
        for i in range(start + 1, min(n, start + 20_000) + 1):
            sub = rng.choice(subdistricts)
            created = now - dt.timedelta(minutes=rng.uniform(1, 72 * 60))
            status = rng.choices(("waiting", "assigned", "being_helped"), (60, 25, 15))[0]
            requests.append(
                {
                    "id": i,
                    "reference": f"B{i:07d}",
                    "need": rng.choice(needs),
                    "subdistrict": sub,
                    "district": sub[:4],
                    "province": sub[:2],
                    "people": rng.randint(1, 4),
                    "status": status,
                    "created_at": created,
                    "updated_at": created,
                    "synthetic": True,
                }
            )
            personal.append({"request_id": i, "full_name": f"ผู้ขอ {i}", "phone": f"08{i:08d}", "note": None})
            steps = ("waiting", "assigned", "being_helped")[: 1 + ("waiting", "assigned", "being_helped").index(status)]
            for k, step in enumerate(steps):
                events.append(
                    {"kind": "help_request", "item_id": i, "status": step, "at": created + dt.timedelta(minutes=10 * k)}
                )
        with engine.begin() as conn:
            conn.execute(sa.insert(help_requests), requests)
            conn.execute(sa.insert(help_request_personal), personal)
            conn.execute(sa.insert(followup_events), events)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE help_requests; ANALYZE followup_events; ANALYZE help_request_personal"))


def _coordinators(engine, districts: list[str], count: int = COORDINATORS) -> dict[str, str]:
    """District → an API token of a coordinator of that district, for ``count`` districts."""
    import sqlalchemy as sa

    from data.schema import users
    from data.users import create_token, create_user

    chosen = random.Random(7).sample(districts, min(count, len(districts)))
    tokens = {}
    with engine.begin() as conn:
        conn.execute(sa.delete(users).where(users.c.username.startswith("bench_hq_")))
        for district in chosen:
            create_user(conn, f"bench_hq_{district}", "bench-password-123", "coordinator", district)
            tokens[district] = create_token(conn, f"bench_hq_{district}")
    return tokens


# -- the load -----------------------------------------------------------------------------------------------------
def load(base: str, paths: list[str], tokens: list[str], clients: int, seconds: float) -> dict:
    """p50, p95 (s), answers and errors of ``clients`` closed-loop clients, each request with its token."""
    if not shutil.which("wrk"):
        return _python_load_with_tokens(base, paths, tokens, clients, seconds)
    script = WRK_REQUEST % (", ".join(json.dumps(p) for p in paths), ", ".join(json.dumps(t) for t in tokens))
    result = wrk(base, script, clients, seconds)
    return {"p50": result["p50"], "p95": result["p95"], "n": result["requests"], "errors": result["errors"]}


def _python_load_with_tokens(base, paths, tokens, clients, seconds) -> dict:
    """Without wrk: ``clients`` threads of keep-alive connections in this process, each request with its token."""
    import http.client
    import threading

    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.perf_counter() + seconds

    def run(offset: int) -> None:
        connection, i, mine, failed = (
            http.client.HTTPConnection(base.removeprefix("http://"), timeout=60),
            offset,
            [],
            0,
        )
        while time.perf_counter() < stop_at:
            n = i % len(paths)
            i += clients
            started = time.perf_counter()
            try:
                connection.request("GET", paths[n], headers={"Authorization": f"Bearer {tokens[n]}"})
                answer = connection.getresponse()
                answer.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
                continue
            mine.append(time.perf_counter() - started)
            failed += answer.status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=run, args=(t,)) for t in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    values = sorted(latencies)
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "n": len(values), "errors": errors[0]}


def measure(args: argparse.Namespace | None = None, **options) -> list[Figure]:
    args = args or common.command_line(_parser(), [], SHORT, **options)
    dataset = ensure_dataset(args)
    if dataset.get("generated"):
        print(f"dataset generated in {dataset['seconds']:.0f} s", file=sys.stderr)
    districts = sorted(dataset["tokens"])
    tokens = [dataset["tokens"][d] for d in districts]
    queue = [f"/api/v1/help-requests?district={d}" for d in districts]
    floor = ["/api/v1/areas?level=province"] * len(districts)
    server = Gunicorn(args, args.workers, "gunicorn-help-queue")
    try:
        server.wait_for("/api/v1/areas?level=province")
        settle(server.base, floor, timeout_s=30)
        load(server.base, queue, tokens, args.clients, 1)  # warm: every worker has answered the queue once
        runs = {"queue": [], "floor": []}
        for _ in range(2):  # interleaved, so that a slow moment of the machine falls on both
            runs["floor"].append(load(server.base, floor, tokens, args.clients, args.seconds))
            runs["queue"].append(load(server.base, queue, tokens, args.clients, args.seconds))
        sample = _sample(server.base, queue[0], tokens[0])
    finally:
        server.stop()
    p95 = {name: min(r["p95"] for r in rs) for name, rs in runs.items()}
    p50 = {name: min(r["p50"] for r in rs) for name, rs in runs.items()}
    errors = sum(r["errors"] for rs in runs.values() for r in rs)
    floor_label = f"/api/v1/areas?level=province, same {args.clients} clients and tokens"
    return [
        Figure(
            f"queue p95, {args.requests:,} open requests, {args.clients} clients",
            p95["queue"],
            "s",
            p95["floor"],
            floor_label,
            TARGET_RATIO * p95["floor"],
        ),
        Figure("queue p50", p50["queue"], "s", p50["floor"], floor_label),
        Figure("requests in one district's queue (the sample)", sample, "count"),
        Figure("errors (non-200 answers and failed connections)", errors, "count", target=0),
    ]


def _sample(base: str, path: str, token: str) -> int:
    import urllib.request

    ask = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(ask, timeout=60) as answer:
        return int(json.load(answer)["total"])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--coordinators", type=int, default=COORDINATORS, help="districts whose coordinator asks")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-help-queue" / "data"))
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--schema", default=SCHEMA)
    parser.set_defaults(redis=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    return common.print_server_bench("the help requests' queue", common.command_line(_parser(), argv, SHORT), measure)


if __name__ == "__main__":
    sys.exit(main())
