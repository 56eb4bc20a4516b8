"""The server's peak memory while it takes an upload, against the size of the file.

    python bench/bench_upload_memory.py [--megabytes 20] [--no-xlsx] [--short]

Two survey files of about ``--megabytes`` MB each (the synthetic rows of bench_import.py, every row valid): a CSV,
and an .xlsx workbook of the same columns. For each, the real server (``python app.py``) is started on a fresh data
folder (SQLite, one open campaign, one national admin with a token); once it answers, its peak resident memory is
reset (``/proc/PID/clear_refs``), the file is sent to ``POST /api/v1/uploads/surveys`` as a browser sends it
(multipart, streamed from disk, not held in this process), and the server's ``VmHWM`` is read from
``/proc/PID/status``. Printed: the growth of the peak over the server's resident memory before the upload, next to
the file's size, and their ratio (the baseline is the file's size, measured in this run). Then a facility CSV of
about the same size (bench_import.py's synthetic facilities, every row valid), posted the same way to
``POST /api/v1/uploads/facilities``. Target (information): a growth of at most 5× the file's size plus 150 MB.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import MB, ROOT, Figure, add_repo_root_to_path, fresh_data_dir, parse_arguments, print_figures

SIZE_MB = 20
TARGET_FACTOR = 5
TARGET_CONSTANT_MB = 150
SHORT = {"megabytes": 0.5}
_NOUN = {"surveys": "survey", "facilities": "facility"}


# -- the files ------------------------------------------------------------------------------------------------------
def survey_files(workdir: Path, size_bytes: int, xlsx: bool) -> dict[str, Path]:
    """A CSV of about ``size_bytes`` (and a workbook of about the same size) of valid survey rows."""
    from bench.bench_import import import_state, survey_csv

    subdistricts = import_state(workdir).registry.frame("subdistrict")
    sample = survey_csv(2000, subdistricts)
    per_row = len(sample) / 2000
    files = {"csv": workdir / "surveys.csv"}
    files["csv"].write_bytes(survey_csv(int(size_bytes / per_row), subdistricts))
    if xlsx:
        files["xlsx"] = workdir / "surveys.xlsx"
        _workbook(files["xlsx"], size_bytes, subdistricts, sample)
    return files


def facility_file(workdir: Path, size_bytes: int) -> Path:
    """A CSV of about ``size_bytes`` of valid facility rows (points inside their subdistricts)."""
    from bench.bench_import import facility_csv, import_state

    polygons = import_state(workdir).boundaries.subdistricts[["code", "geometry"]]
    per_row = len(facility_csv(1000, polygons)) / 1000
    path = workdir / "facilities.csv"
    path.write_bytes(facility_csv(int(size_bytes / per_row), polygons))
    return path


def _workbook(path: Path, size_bytes: int, subdistricts, sample: bytes) -> None:
    """Write the survey rows to a workbook until it is about ``size_bytes``: its size per row is measured on a
    sample first (a workbook packs its rows several times tighter than the CSV)."""
    from bench.bench_import import survey_csv

    _write_workbook(path, sample)
    per_row = path.stat().st_size / 2000
    _write_workbook(path, survey_csv(int(size_bytes / per_row), subdistricts))


def _write_workbook(path: Path, content: bytes) -> None:
    import csv

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("surveys")
    for record in csv.reader(io.StringIO(content.decode())):
        sheet.append(record)
    book.save(path)


# -- the server -----------------------------------------------------------------------------------------------------
def prepared_data_dir(path: Path) -> str:
    """A data folder with a migrated database, an open campaign and a national admin; returns the admin's token."""
    from data.db import make_engine, migrate
    from data.demo import _open_campaign
    from data.users import create_token, create_user

    fresh_data_dir(path)
    engine = make_engine(f"sqlite:///{path / 'jitasa.db'}")
    try:
        migrate(engine)
        with engine.begin() as conn:
            _open_campaign(conn)
            create_user(conn, "bench_admin", "a-long-password-for-the-bench", "national_admin", "TH")
            return create_token(conn, "bench_admin")
    finally:
        engine.dispose()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _launch(data_dir: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {**os.environ, "JITASA_DATA_DIR": str(data_dir), "JITASA_PORT": str(port), "JITASA_LOG_LEVEL": "WARNING"}
    env.pop("JITASA_DATABASE_URL", None)
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {(data_dir / 'server.log').read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/health")
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("the server did not answer within 300 s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def post_file(port: int, token: str, path: Path, kind: str = "surveys") -> dict:
    """POST the file as multipart field ``file``, streamed from disk; returns the JSON answer."""
    boundary = "jitasa-bench-boundary-7d1a"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1800)
    connection.putrequest("POST", f"/api/v1/uploads/{kind}")
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + path.stat().st_size + len(tail)))
    connection.endheaders()
    connection.send(head)
    with path.open("rb") as stream:
        while piece := stream.read(1 << 20):
            connection.send(piece)
    connection.send(tail)
    response = connection.getresponse()
    body = response.read()
    return {"status": response.status, **json.loads(body)}


def measure_file(workdir: Path, label: str, path: Path, kind: str = "surveys") -> Figure:
    data_dir = workdir / f"server-{label}"
    token = prepared_data_dir(data_dir)
    process, port = _launch(data_dir)
    try:
        time.sleep(1)  # let the start settle (the server is idle)
        before = memory_kb(process.pid)["VmRSS"]
        Path(f"/proc/{process.pid}/clear_refs").write_text("5")  # the peak starts again from the current RSS
        started = time.perf_counter()
        answer = post_file(port, token, path, kind)
        took = time.perf_counter() - started
        peak = memory_kb(process.pid)["VmHWM"]
    finally:
        _stop(process)
    size = path.stat().st_size
    growth = max(peak - before, 0) * 1024
    if answer["status"] != 200 or answer.get("problems"):
        raise RuntimeError(f"the {label} upload was refused: {answer['status']} {str(answer.get('problems'))[:300]}")
    print(
        f"{label}: {size / MB:.1f} MB, {answer['new']:,} rows stored in {took:.1f} s; server RSS before "
        f"{before / 1024:.0f} MB, peak {peak / 1024:.0f} MB: growth {growth / MB:.0f} MB = {growth / size:.1f}× the file",
        flush=True,
    )
    return Figure(
        f"{_NOUN[kind]} upload ({label}, {size / MB:.1f} MB): server peak RSS growth",
        growth,
        "bytes",
        size,
        "the uploaded file's size",
        TARGET_FACTOR * size + TARGET_CONSTANT_MB * MB,
    )


def measure(megabytes: float = SIZE_MB, xlsx: bool = True) -> list[Figure]:
    add_repo_root_to_path()
    workdir = Path(tempfile.mkdtemp(prefix="jitasa-bench-upload-memory-"))
    try:
        started = time.perf_counter()
        files = survey_files(workdir, int(megabytes * MB), xlsx)
        print(f"files generated in {time.perf_counter() - started:.0f} s", flush=True)
        figures = [measure_file(workdir, label, path) for label, path in files.items()]
        facilities = facility_file(workdir, int(megabytes * MB))
        return figures + [measure_file(workdir, "facilities-csv", facilities, "facilities")]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=SIZE_MB, help="size of each file in MB (10**6 bytes)")
    parser.add_argument("--no-xlsx", dest="xlsx", action="store_false", help="the CSV only")
    print_figures("upload memory", measure(**parse_arguments(parser, argv, SHORT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
