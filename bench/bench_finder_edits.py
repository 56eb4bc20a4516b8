"""The finder under facility edits: production serving (gunicorn, 4 workers), 100,000 facilities, 20 clients.

    python bench/bench_finder_edits.py [--database postgresql|sqlite] [--workers 4] [--clients 20] [--seconds 20]
                                       [--pairs 3] [--edits 100] [--facilities 100000] [--short]

1. A dataset of its own (data/national.py with ``--facilities`` facilities and almost no survey records), in the
   schema ``bench_finder`` of ``--postgres-url`` (or SQLite in ``--data-dir``), generated once and reused; a
   national admin account edits through the API (PATCH /api/v1/facilities/ID, the path a coordinator's form takes).
2. Start: ``gunicorn -c gunicorn.conf.py --workers N app:server``, the seconds from launch to the first nearest answer
   when a copy of the finder's index is already on disk (the second start of the run), against the seconds to the
   first answer of the cheapest route (the app itself started).
3. Latency, in ``--pairs`` interleaved pairs of ``--seconds`` runs: ``--clients`` closed-loop clients asking for the
   nearest facilities at random points (wrk when installed), while an editor changes one facility a second (closes
   or opens it, renames it, or moves it by about a kilometre), against the same run with the editor asking the same
   questions but changing nothing. p50, p95 and p99 of the clients' answers over the pairs. After each edit's answer
   the editor asks for the nearest facilities where the facility was and where it is now, several times (each
   worker in turn): an answer that shows it as it was (open when closed, its old name, its old place) is counted.
4. Memory: the proportional set size (PSS, /proc/PID/smaps_rollup) of each worker and their private memory (pages
   no other process shares) with the finder's index in use, before the first edit and once ``--edits`` edits in
   all were made (more after the paired runs, as fast as they are answered; at most 2 s each); and the
   whole server (master, workers, builder) against the README's budget (1.5 GB).

Targets (information only): p99 with edits ≤ 2× p99 without; no answer showing an edited facility as it was; ≤ 100 MB
per worker beyond what is shared; the whole server ≤ 1.5 GB; the first nearest answer within about a second of the
app's own first answer.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import sys
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common
from bench.bench_load import (
    Gunicorn,
    _client_process,
    ensure_dataset,
    memory,
    nearest_paths,
    percentile,
    request,
    settle,
    wrk,
    wrk_paths_script,
)
from bench.common import GB, MB, ROOT, Figure, add_repo_root_to_path, database_url

SCHEMA = "bench_finder"
EDITOR = "bench_finder_editor"
PROBES = 4  # answers asked after each edit, at each of the facility's places
TARGETS = {"memory": 1.5 * GB, "private": 100 * MB, "first_answer": 1.0}
SHORT = {
    "database": "sqlite",
    "data_dir": str(ROOT / "var" / "bench-finder-short" / "data"),
    "schema": f"{SCHEMA}_short",
    "facilities": 2_000,
    "workers": 2,
    "clients": 4,
    "seconds": 2,
    "pairs": 1,
    "edits": 10,
    "settle_s": 3,
}


# -- the editor -----------------------------------------------------------------------------------------------------
def editor_token(args) -> str:
    """An API token of a national admin in the bench's database (made once)."""
    add_repo_root_to_path()
    import sqlalchemy as sa

    from data.db import make_engine
    from data.schema import users
    from data.users import create_token, create_user

    engine = make_engine(database_url(args))
    try:
        with engine.begin() as conn:
            if conn.execute(sa.select(users.c.id).where(users.c.username == EDITOR)).first() is None:
                create_user(conn, EDITOR, f"bench-{random.random()}-password", "national_admin", "TH")
            return create_token(conn, EDITOR)
    finally:
        engine.dispose()


def editable(args, n: int = 400) -> list[dict]:
    """Facilities to edit, spread over the country: open ones of the types the clients ask for."""
    add_repo_root_to_path()
    import sqlalchemy as sa

    from data.db import make_engine
    from data.schema import facilities

    engine = make_engine(database_url(args))
    columns = [facilities.c[c] for c in ("id", "version", "type", "name_th", "lat", "lon", "status")]
    try:
        with engine.connect() as conn:
            query = sa.select(*columns).where(facilities.c.valid_to.is_(None), facilities.c.status == "open")
            rows = [dict(r) for r in conn.execute(query.order_by(facilities.c.id)).mappings()]
    finally:
        engine.dispose()
    return random.Random(5).sample(rows, min(n, len(rows)))


class Editor:
    """One facility edit a second (or none: the same questions only), each checked through the nearest API."""

    def __init__(self, base: str, token: str, facilities: list[dict], seed: int):
        self.base, self.token, self.facilities = base, token, facilities
        self.rng = random.Random(seed)
        self.edits = self.checked = 0
        self.stale: list[str] = []
        self.errors: list[str] = []

    def run(self, seconds: float, edit: bool, every_s: float = 1.0) -> None:
        stop_at = time.perf_counter() + seconds
        while time.perf_counter() < stop_at:
            began = time.perf_counter()
            self.step(edit)
            time.sleep(max(0.0, every_s - (time.perf_counter() - began)))

    def step(self, edit: bool) -> None:
        facility = self.rng.choice(self.facilities)
        places = [(facility["lat"], facility["lon"])]
        if edit:
            changed = self._edit(facility)
            if changed is None:
                return
            facility.update(changed)
            places.append((facility["lat"], facility["lon"]))
        for lat, lon in places * PROBES:
            self._check(facility, lat, lon)

    def _edit(self, facility: dict) -> dict | None:
        kind = self.rng.choice(("status", "name", "move"))
        body: dict = {"version": facility["version"]}
        if kind == "status":
            body["status"] = "closed" if facility["status"] == "open" else "open"
        elif kind == "name":
            body["name_th"] = f"{facility['name_th'].split(' ·')[0]} · {self.edits}"
        else:
            body["lat"] = round(facility["lat"] + self.rng.choice((-0.01, 0.01)), 6)
        status, answer = _send(self.base, "PATCH", f"/api/v1/facilities/{facility['id']}", body, self.token)
        if status != 200:
            self.errors.append(f"{status} on PATCH: {answer.get('message_en', answer)}"[:200])
            return None
        self.edits += 1
        return {key: answer[key] for key in ("version", "name_th", "lat", "lon", "status")}

    def _check(self, facility: dict, lat: float, lon: float) -> None:
        path = f"/api/v1/nearest?lat={lat}&lon={lon}&k=5&type={facility['type']}"
        status, body = request(self.base, path)
        if status != 200:
            self.errors.append(f"{status} on nearest")
            return
        self.checked += 1
        for item in json.loads(body)["items"]:
            if item["id"] != facility["id"]:
                continue
            shown = (item["name_th"], item["lat"], item["lon"])
            if facility["status"] != "open" or shown != (facility["name_th"], facility["lat"], facility["lon"]):
                self.stale.append(f"facility {facility['id']} shown as {shown}, now {facility}")


def _send(base: str, method: str, path: str, body: dict, token: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    try:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        connection.request(method, path, body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


# -- the clients ----------------------------------------------------------------------------------------------------
def latencies(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    """p50, p95, p99 (s), answers and errors of ``clients`` closed-loop clients (wrk when installed)."""
    if shutil.which("wrk"):
        result = wrk(base, wrk_paths_script(paths), clients, seconds)
        return {
            "p50": result["p50"],
            "p95": result["p95"],
            "p99": result["p99"],
            "n": result["requests"],
            "errors": result["errors"],
        }
    result = _client_process(base, paths, clients, seconds, 0)
    values = sorted(result["latencies"])
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "n": len(values),
        "errors": len(result["errors"]),
    }


def paired_runs(server: Gunicorn, args, editor: Editor) -> dict[str, list[dict]]:
    """``--pairs`` pairs of runs, with and without edits, the order alternating."""
    runs: dict[str, list[dict]] = {"edits": [], "none": []}
    paths = nearest_paths(11, 5000)
    for pair in range(args.pairs):
        for edit in (True, False) if pair % 2 == 0 else (False, True):
            thread = threading.Thread(target=editor.run, args=(args.seconds, edit))
            thread.start()
            try:
                runs["edits" if edit else "none"].append(latencies(server.base, paths, args.clients, args.seconds))
            finally:
                thread.join()
    return runs


# -- memory ---------------------------------------------------------------------------------------------------------
def worker_memory(server: Gunicorn) -> dict[str, list[int]]:
    """Each worker's PSS and private memory (bytes), and the builder's PSS."""
    out: dict[str, list[int]] = {"pss": [], "private": [], "builder": []}
    for pid in server.pids()[1:]:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        fields = {}
        for line in rollup.splitlines()[1:]:
            key, _, value = line.partition(":")
            fields[key] = int(value.split()[0]) * 1024
        if "data.finder_builder" in command:
            out["builder"].append(fields["Pss"])
        else:
            out["pss"].append(fields["Pss"])
            out["private"].append(fields["Private_Clean"] + fields["Private_Dirty"])
    return out


def store_bytes(args) -> int:
    """The size of the current copy of the finder's index on disk (the copy the workers share)."""
    folder = Path(args.data_dir) / "finder"
    current = max(folder.glob("*/current"), key=lambda p: p.stat().st_mtime, default=None)
    if current is None:
        return 0
    copy = current.parent / current.read_text().strip()
    return sum(f.stat().st_size for f in copy.iterdir())


def visit_every_worker(server: Gunicorn, seconds: float = 2) -> None:
    """A short load, so that every worker answers (and maps the newest copy) before memory is read."""
    latencies(server.base, nearest_paths(13, 500), 8, seconds)


# -- the bench ------------------------------------------------------------------------------------------------------
def measure(args: argparse.Namespace | None = None, **options) -> list[Figure]:
    args = args or common.dataset_command_line(_parser(), [], SHORT, **options)
    dataset = ensure_dataset(args)
    if dataset.get("generated"):
        print(f"dataset generated in {dataset['seconds']:.0f} s", file=sys.stderr)
    token, facilities = editor_token(args), editable(args)
    first = Gunicorn(args, args.workers, "gunicorn-finder-first")  # makes the copy when there is none
    try:
        first.wait_for("/api/v1/nearest?lat=13.75&lon=100.5&k=5", timeout_s=600)
    finally:
        first.stop()
    server = Gunicorn(args, args.workers, "gunicorn-finder")
    figures: list[Figure] = []
    try:
        app_s = server.wait_for("/api/v1/areas?level=province")
        nearest_s = server.wait_for("/api/v1/nearest?lat=13.75&lon=100.5&k=5")
        figures.append(
            Figure(
                "first nearest answer after the app's first answer, a copy on disk",
                nearest_s - app_s,
                "s",
                app_s,
                "launch to the app's first answer",
                TARGETS["first_answer"],
            )
        )
        paths = nearest_paths(11, 5000)
        latencies(server.base, paths, args.clients, max(1, args.seconds / 4))  # every worker has mapped the copy
        settle(server.base, paths, timeout_s=args.settle_s)
        before = worker_memory(server)
        editor = Editor(server.base, token, facilities, seed=7)
        runs = paired_runs(server, args, editor)
        deadline = time.perf_counter() + max(30, 2 * args.edits)  # the rest of the edits, as fast as they answer
        while editor.edits < args.edits and time.perf_counter() < deadline:
            editor.step(edit=True)
        time.sleep(2)
        visit_every_worker(server)
        after, whole = worker_memory(server), memory(server.pids())
    finally:
        server.stop()
    figures += latency_figures(runs, args)
    figures += [
        Figure("facility edits made (PATCH answered 200)", editor.edits, "count"),
        Figure(
            "answers after an edit showing the facility as it was",
            len(editor.stale),
            "count",
            editor.checked,
            "answers checked",
            0,
        ),
        Figure("editor errors", len(editor.errors), "count", target=0),
    ]
    figures += memory_figures(before, after, whole, store_bytes(args), args, editor.edits)
    for line in [*editor.stale[:5], *editor.errors[:5]]:
        print(f"PROBLEM: {line}", file=sys.stderr)
    if editor.stale:
        print(f"PROBLEM: {len(editor.stale)} answers showed an edited facility as it was")
    return figures


def latency_figures(runs: dict[str, list[dict]], args) -> list[Figure]:
    """The median over the pairs of each percentile, with edits against without."""
    n = args.clients
    figures = []
    for name in ("p50", "p95", "p99"):
        edits = sorted(run[name] for run in runs["edits"])[len(runs["edits"]) // 2]
        none = sorted(run[name] for run in runs["none"])[len(runs["none"]) // 2]
        target = 2 * none if name == "p99" else None
        label = "the same without edits"
        figures.append(Figure(f"nearest {name}, {n} clients, one edit a second", edits, "s", none, label, target))
    answers = sum(r["n"] for r in runs["edits"]), sum(r["n"] for r in runs["none"])
    per_s = answers[0] / (args.seconds * len(runs["edits"])), answers[1] / (args.seconds * len(runs["none"]))
    figures.append(Figure("nearest answers per second, one edit a second", per_s[0], "count", per_s[1], label))
    errors = sum(r["errors"] for rs in runs.values() for r in rs)
    figures.append(Figure("nearest errors", errors, "count", target=0))
    return figures


def memory_figures(before: dict, after: dict, whole: dict, copy_bytes: int, args, edits: int) -> list[Figure]:
    w = args.workers
    mean = lambda values: sum(values) / max(1, len(values))  # noqa: E731
    return [
        Figure(
            f"worker PSS, mean of {w}, after {edits} edits",
            mean(after["pss"]),
            "bytes",
            mean(before["pss"]),
            "the same before the edits",
        ),
        Figure(
            f"worker private memory (beyond what is shared), largest of {w}, after the edits",
            max(after["private"], default=0),
            "bytes",
            max(before["private"], default=0),
            "the same before the edits",
            TARGETS["private"],
        ),
        Figure("finder builder PSS, after the edits", sum(after["builder"]), "bytes"),
        Figure("the finder index's copy on disk (shared by every process)", copy_bytes, "bytes"),
        Figure(
            f"server memory PSS, master + {w} workers + builder, after the edits",
            whole["Pss"],
            "bytes",
            target=TARGETS["memory"],
        ),
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_database_options(parser, "bench-finder")
    parser.add_argument("--schema", default=SCHEMA, help="the PostgreSQL schema of the dataset")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients in a closed loop (default 20)")
    parser.add_argument("--seconds", type=float, default=20, help="seconds of each run (default 20)")
    parser.add_argument("--pairs", type=int, default=3, help="pairs of runs with and without edits (default 3)")
    parser.add_argument("--edits", type=int, default=100, help="edits made before memory is read again (100)")
    parser.add_argument("--facilities", type=int, default=100_000, help="facilities of the dataset (100,000)")
    parser.add_argument("--settle", dest="settle_s", type=float, default=120, help="seconds at most to settle")
    parser.set_defaults(surveys=1_000, dates=1, redis=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = common.dataset_command_line(_parser(), argv, SHORT)
    return common.print_server_bench("the finder under edits", args, measure, f"{args.facilities:,} facilities")


if __name__ == "__main__":
    sys.exit(main())
