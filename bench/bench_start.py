"""Start-up time and memory of the real server, against baselines measured in the same run.

    python bench/bench_start.py [--second-starts N] [--page-loads N] [--timeout S] [--short]

1. Cold start: ``python app.py --demo --port FREE`` with JITASA_DATA_DIR a fresh temporary folder (it builds the
   geometry caches, creates the database, loads the demo data); the clock runs from launching the process until
   ``GET /api/v1/areas?level=province`` answers 200. The server is stopped with SIGINT.
2. Second start: ``python app.py --port FREE`` on the same data folder, timed the same way, N times one after the
   other (the best counts). Baseline: the cold start. Target (information): at most 5 s.
3. Memory: with the last second-start server up, the page is loaded N times the way a browser loads it (``/``, the Dash layout
   and dependencies, every server callback that fires on load, with the values of the layout), plus
   ``/api/v1/areas/district.geojson`` and ``/api/v1/facilities?format=geojson``; then VmRSS and VmHWM of the server
   process are read from /proc/PID/status. Baseline: the same two numbers of a bare
   ``python -c "import dash, geopandas, pandas, plotly, sqlalchemy"`` process. Target (information): at most 1 GB.

Every server started here is stopped, also on error. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import GB, ROOT, Figure, parse_arguments, print_figures

READY_PATH = "/api/v1/areas?level=province"
TARGET_SECOND_START_S = 5.0
TARGET_MEMORY_BYTES = 1 * GB
BARE_IMPORTS = "dash, geopandas, pandas, plotly, sqlalchemy"
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate", "User-Agent": "jitasa-bench"}


class BenchError(RuntimeError):
    """The bench could not measure: the message says what happened and where the server log is."""


# -- processes ----------------------------------------------------------------------------------------------------
@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path
    seconds_to_first_answer: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        JITASA_DATA_DIR=str(data_dir),
        JITASA_DATABASE_URL="",  # the SQLite file in the fresh data folder, whatever the shell has set
        JITASA_HOST="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def running_server(extra_args: list[str], data_dir: Path, log_name: str, timeout_s: float) -> Iterator[Server]:
    """Launch ``app.py`` and wait for its first answer; always stop it on leaving the block."""
    port = free_port()
    log_path = data_dir.parent / f"{log_name}.log"
    command = [sys.executable, "app.py", *extra_args, "--port", str(port)]
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=server_env(data_dir), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
        server = Server(process, port, log_path)
        try:
            server.seconds_to_first_answer = _wait_for_first_answer(server, started, timeout_s)
            yield server
        finally:
            stop(process)


def _wait_for_first_answer(server: Server, started: float, timeout_s: float) -> float:
    url = server.base_url + READY_PATH
    while True:
        if server.process.poll() is not None:
            raise BenchError(
                f"the server exited with status {server.process.returncode} before answering {READY_PATH}; "
                f"its log:\n{_tail(server.log_path)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            pass  # not listening yet, or not ready
        if time.perf_counter() - started > timeout_s:
            raise BenchError(f"no 200 from {url} within {timeout_s:.0f} s; the server log:\n{_tail(server.log_path)}")
        time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    """SIGINT (what Ctrl-C sends), then SIGTERM, then SIGKILL: only this process, by its id."""
    if process.poll() is not None:
        return
    for send, wait_s in ((lambda: process.send_signal(signal.SIGINT), 15), (process.terminate, 5), (process.kill, 5)):
        send()
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def logged_ready_times(log_path: Path) -> str:
    """What the server itself logged: "state ready in X s" (build_state) and "ready in Y s" (state, demo, app)."""
    found = []
    for line in log_path.read_text(errors="replace").splitlines():
        for marker in ("state ready in", "ready in"):
            if marker in line:
                found.append(marker + line.split(marker, 1)[1].split(":")[0])
                break
    return "; ".join(found) or "no ready lines in the log"


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(cannot read {path}: {exc})"


def process_memory(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (peak resident) of a process, in bytes, from /proc/PID/status."""
    memory = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            number, unit = value.split()
            memory[key] = int(number) * 1024 if unit == "kB" else int(number)
    return memory


def bare_import_memory() -> dict[str, int]:
    """The baseline: VmRSS and VmHWM of an interpreter that has only imported the app's big libraries."""
    code = f"import sys; import {BARE_IMPORTS}; print('ready', flush=True); sys.stdin.read()"
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        if process.stdout.readline().strip() != "ready":
            raise BenchError(f'the baseline process `python -c "import {BARE_IMPORTS}"` failed')
        return process_memory(process.pid)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stop(process)


# -- loading the page as a browser does ---------------------------------------------------------------------------
def fetch(base_url: str, path: str, body: dict | None = None, accept_gzip: bool = True) -> bytes:
    headers = dict(BROWSER_HEADERS) if accept_gzip else {"User-Agent": "jitasa-bench"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base_url + path, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=120) as response:
        content = response.read()
        if response.headers.get("Content-Encoding") == "gzip" and path.startswith("/_dash"):
            import gzip

            content = gzip.decompress(content)
        return content


def load_page(base_url: str) -> dict[str, int]:
    """Load ``/`` like a browser: the HTML, the Dash layout and dependencies, then each server callback that fires
    on load with the values the layout and the earlier callbacks give; then the map's data. Returns counters."""
    fetched = len(fetch(base_url, "/"))
    layout = json.loads(fetch(base_url, "/_dash-layout"))
    dependencies = json.loads(fetch(base_url, "/_dash-dependencies"))
    counts = {"callbacks": 0, "callback_errors": 0}

    def post(body: dict) -> dict | None:
        try:
            answer = json.loads(fetch(base_url, "/_dash-update-component", body))
        except (OSError, http.client.HTTPException):
            counts["callback_errors"] += 1
            return None
        counts["callbacks"] += 1
        return answer

    answer_callbacks(layout, dependencies, base_url, "/", post)
    for path, gzip_ok in (
        ("/api/v1/areas/district.geojson", True),
        ("/api/v1/areas/district.geojson", False),
        ("/api/v1/facilities?format=geojson", True),
    ):
        fetched += len(fetch(base_url, path, accept_gzip=gzip_ok))
    counts["bytes"] = fetched
    return counts


def answer_callbacks(layout, dependencies: list[dict], base_url: str, pathname: str, post, search: str = "") -> None:
    """Answer every server callback that fires when ``pathname`` loads, in waves (the router first, then the page's
    own), each with the values the layout and the earlier answers give, as the browser does. ``post(body)`` sends
    one and returns its answer (None when it failed)."""
    values = {("url", "pathname"): pathname, ("url", "search"): search, ("url", "hash"): ""}
    values[("url", "href")] = base_url + pathname + search
    _collect_props(layout, values)
    done: set[str] = set()
    for _ in range(3):
        for dependency in dependencies:
            if dependency.get("clientside_function") or dependency["output"] in done:
                continue
            if not all((i["id"], i["property"]) in values for i in dependency["inputs"]):
                continue
            done.add(dependency["output"])
            answer = post(_callback_body(dependency, values))
            for component_id, props in (answer or {}).get("response", {}).items():
                for prop, value in props.items():
                    values[(component_id, prop)] = value
                    _collect_props(value, values)


def _callback_body(dependency: dict, values: dict) -> dict:
    output = dependency["output"]
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    inputs = [
        {"id": i["id"], "property": i["property"], "value": values[(i["id"], i["property"])]}
        for i in dependency["inputs"]
    ]
    state = [
        {"id": s["id"], "property": s["property"], "value": values.get((s["id"], s["property"]))}
        for s in dependency.get("state", [])
    ]
    return {
        "output": output,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs],
    }


def _collect_props(tree, values: dict) -> None:
    """Record every (id, prop) value of the Dash components in a layout tree."""
    if isinstance(tree, list):
        for item in tree:
            _collect_props(item, values)
        return
    if not isinstance(tree, dict):
        return
    props = tree.get("props")
    if isinstance(props, dict) and "type" in tree and "namespace" in tree:
        component_id = props.get("id")
        if isinstance(component_id, str):
            for prop, value in props.items():
                values.setdefault((component_id, prop), value)
        _collect_props(list(props.values()), values)


# -- the bench ----------------------------------------------------------------------------------------------------
SHORT = {"second_starts": 1, "page_loads": 1}  # --short: sees that it runs


def measure(second_starts: int = 2, page_loads: int = 3, timeout_s: float = 600.0) -> list[Figure]:
    workdir = Path(tempfile.mkdtemp(prefix="jitasa-bench-start-"))
    data_dir = workdir / "data"
    second_s = []
    try:
        with running_server(["--demo"], data_dir, "cold", timeout_s) as cold:
            cold_memory = process_memory(cold.process.pid)
        print(
            f"cold start {cold.seconds_to_first_answer:.2f} s; the server logged: {logged_ready_times(cold.log_path)}"
        )
        for run in range(max(1, second_starts)):
            with running_server([], data_dir, f"second-{run}", timeout_s) as second:
                second_s.append(second.seconds_to_first_answer)
                print(
                    f"second start {second.seconds_to_first_answer:.2f} s; the server logged: "
                    f"{logged_ready_times(second.log_path)}"
                )
                if run == max(1, second_starts) - 1:
                    counts = {"callbacks": 0, "callback_errors": 0, "bytes": 0}
                    for _ in range(page_loads):
                        counts = load_page(second.base_url)
                    memory = process_memory(second.process.pid)
        bare = bare_import_memory()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"page loads: {page_loads} × ({counts['callbacks']} callbacks answered, {counts['callback_errors']} failed, "
        f"{counts['bytes']:,} bytes of HTML and data)"
    )
    bare_label = f'bare `python -c "import {BARE_IMPORTS}"`, same measure'
    return [
        Figure("cold start to first answer (caches, database, demo)", cold.seconds_to_first_answer, "s"),
        Figure(
            "second start to first answer",
            min(second_s),
            "s",
            cold.seconds_to_first_answer,
            "the cold start on a fresh data folder",
            TARGET_SECOND_START_S,
        ),
        Figure(
            "server memory VmRSS after page loads",
            memory["VmRSS"],
            "bytes",
            bare["VmRSS"],
            bare_label,
            TARGET_MEMORY_BYTES,
        ),
        Figure(
            "server memory VmHWM (peak), second start",
            memory["VmHWM"],
            "bytes",
            bare["VmHWM"],
            bare_label,
            TARGET_MEMORY_BYTES,
        ),
        Figure(
            "server memory VmHWM (peak), cold start",
            cold_memory["VmHWM"],
            "bytes",
            bare["VmHWM"],
            bare_label,
            TARGET_MEMORY_BYTES,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second-starts", type=int, default=2, help="second starts to time (the best counts)")
    parser.add_argument("--page-loads", type=int, default=3, help="page loads before memory is read")
    parser.add_argument(
        "--timeout", dest="timeout_s", metavar="S", type=float, default=600.0, help="seconds to wait for each start"
    )
    try:
        figures = measure(**parse_arguments(parser, argv, SHORT))
    except BenchError as exc:
        print(f"bench_start: {exc}", file=sys.stderr)
        return 1
    print_figures("start and memory", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
