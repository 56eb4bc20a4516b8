"""An import killed in the middle (kill -9 while it stores rows) leaves the database exactly as it was: the whole
file is one transaction, on SQLite (WAL) and on PostgreSQL."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from fixtures_app import ROOT, _drop_schema, database_for

from data.schema import survey_personal, survey_records, upload_changes, uploads

pytestmark = pytest.mark.system

ROWS = 150_000
TABLES = (survey_records, survey_personal, uploads, upload_changes)
HEADER = (
    "survey_date,subdistrict,village_no,lat,lon,target_group,age,doses_received,intention,needs_home_visit,"
    "reason,full_name,national_id,phone"
)


def national_id(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(12))
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits))
    return digits + str((11 - total % 11) % 10)


def survey_file(rows: int, subdistricts: list[str], seed: int) -> bytes:
    """A valid survey file: real subdistricts, ages that fit the group, national ids that pass the checksum."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.split(","))
    for i in range(rows):
        writer.writerow(
            [
                f"{rng.randint(17, 28)}/01/2565",
                rng.choice(subdistricts),
                rng.randint(1, 20),
                "",
                "",
                "general",
                rng.randint(18, 59),
                rng.randint(0, 2),
                rng.choice(("wants", "undecided", "refuses")),
                rng.choice(("ใช่", "")),
                "",
                f"ผู้ตอบ {seed}-{i}",
                national_id(rng),
                "",
            ]
        )
    return out.getvalue().encode()


def snapshot(engine: sa.Engine) -> dict[str, tuple[int, str]]:
    """Each table an import writes to: its row count and a checksum of all its rows."""
    out = {}
    with engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = (len(rows), hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest())
    return out


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path, geo_cache_dir, real_registry, import_state_factory):
    """(data folder, database URL) with an open campaign and one earlier upload of 40 records."""
    from data.db import make_engine, migrate
    from data.demo import _open_campaign
    from data.imports import run_import

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "cache").symlink_to(geo_cache_dir)  # the boundaries are prepared once per session
    url, cleanup = database_for(request, data_dir)
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        _open_campaign(conn)
    subdistricts = list(real_registry.frame("subdistrict").index)
    state = import_state_factory(engine)
    earlier = run_import(state, "surveys", survey_file(40, subdistricts, seed=1), "earlier.csv")
    assert earlier["new"] == 40 and earlier["upload_id"]
    engine.dispose()
    yield data_dir, url, subdistricts
    if cleanup:
        _drop_schema(*cleanup)


def start_import(data_dir: Path, url: str, path: Path) -> subprocess.Popen:
    env = {**os.environ, "JITASA_DATA_DIR": str(data_dir), "JITASA_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "app.py", "import", "surveys", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_stored_chunks(process: subprocess.Popen, chunks: int, timeout_s: float = 300) -> list[str]:
    """Read the import's progress on stderr until it has stored ``chunks`` chunks; returns the lines read."""
    lines: list[str] = []
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout_s
        while sum(line.startswith("store ") for line in lines) < chunks:
            if time.monotonic() > deadline or not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                raise AssertionError("the import did not reach the store phase in time:\n" + "".join(lines[-20:]))
            line = process.stderr.readline()
            if not line:
                raise AssertionError(f"the import ended before being killed ({process.wait()}):\n" + "".join(lines))
            lines.append(line)
    return lines


def test_killing_an_import_while_it_stores_leaves_the_database_as_it_was(database, tmp_path):
    from data.db import make_engine

    data_dir, url, subdistricts = database
    path = tmp_path / "survey-150k.csv"
    path.write_bytes(survey_file(ROWS, subdistricts, seed=2))
    engine = make_engine(url)
    before = snapshot(engine)
    engine.dispose()

    process = start_import(data_dir, url, path)
    try:
        lines = wait_for_stored_chunks(process, chunks=2)  # two chunks written in the open transaction
        assert lines[-1].startswith("store ") and f"/{ROWS:,}" in lines[-1]
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()

    engine = make_engine(url)
    try:
        assert snapshot(engine) == before
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with engine.begin() as conn:  # nothing is left locked: the database takes writes again
            conn.execute(sa.update(uploads).values(filename=uploads.c.filename))
    finally:
        engine.dispose()
