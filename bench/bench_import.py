"""Importing large files end to end (``data.imports.run_import``) against reading the same file with pandas.

    python bench/bench_import.py [--surveys N] [--facilities N] [--no-memory] [--short]

The files are synthetic, seeded and valid in every row, so that every row is checked and stored:

- surveys (200,000 rows): real subdistrict codes of the registry (any of the 7,400), Buddhist-era dates
  (a tenth in Thai digits), the target group's ages, doses, intentions, home visits, a point near the subdistrict's
  representative point (a third of the rows have none), a reason with a comma now and then (a quoted cell), a full
  name, a national id that passes the checksum (7 rows in 10) and a phone.
- facilities (100,000 rows): a unique facility_id, a type (code or Thai label), a name built from random Thai
  syllables (no two alike, so none is a near-duplicate of another), a point drawn uniformly inside a random
  subdistrict's polygon, that subdistrict's province (half the rows) and district (a quarter), beds, a status and
  an updated date.

For each file: baseline ``pandas.read_csv(path, dtype=str, keep_default_na=False)`` of the same file (best of 3, in
this run); ours: ``run_import`` of its bytes into a fresh SQLite database (migrated, one open campaign), timed once
from the bytes to the committed transaction, parsing included. Printed: rows/s, the ratio to the read_csv
baseline, and the peak memory of the import (tracemalloc, in a second import into another fresh database, since
tracing slows Python down), against the peak of read_csv under the same tracing. Target (information): surveys at
least 20,000 rows/s, i.e. 200,000 rows in at most 10 s. For surveys, a second baseline: the rows the import stored,
read back and inserted alone into another fresh database, as the import inserts them (one transaction), which is the
part of the import that belongs to SQLite and its indexes; and the same without ``survey_records``' secondary indexes
and the tallies' trigger, to show what they cost.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Figure, add_repo_root_to_path, geometry_cache, parse_arguments, print_figures

N_SURVEYS = 200_000
N_FACILITIES = 100_000
SEED = 2565
TARGET_ROWS_PER_S = 20_000
SURVEY_GROUPS = (("general", 18, 59), ("elderly", 60, 95), ("bedridden", 18, 95), ("child_5_11", 5, 11))
FACILITY_TYPES = ("vaccination_point", "จุดฉีดวัคซีน", "hospital", "โรงพยาบาล", "test_site", "จุดพักคอย")
SYLLABLES = (
    "กา ขวัญ คำ งาม จันทร์ ฉัตร ชัย ดาว ทอง ธาร นาค บุญ ปราง ผา พร ฟ้า ภู มณี ยอด รุ่ง ลำ วัง ศรี สาย หาญ อุ่น "
    "แก้ว โพธิ์ ไผ่ เขียว ทุ่ง น้ำ ป่า เมือง สัน ห้วย หนอง ดอน โคก นา"
).split()


# -- the files ------------------------------------------------------------------------------------------------------
def survey_csv(n: int, subdistricts, seed: int = SEED) -> bytes:
    """n valid survey rows; ``subdistricts``: the registry's frame (code index, lon, lat)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(subdistricts), n)
    codes = subdistricts.index.to_numpy()[picks]
    lon = subdistricts["lon"].to_numpy()[picks] + rng.normal(0, 0.01, n)
    lat = subdistricts["lat"].to_numpy()[picks] + rng.normal(0, 0.01, n)
    has_point = rng.random(n) > 1 / 3
    day, month = rng.integers(1, 29, n), rng.integers(1, 13, n)
    group = rng.integers(0, len(SURVEY_GROUPS), n)
    low = np.array([g[1] for g in SURVEY_GROUPS])[group]
    high = np.array([g[2] for g in SURVEY_GROUPS])[group]
    age = rng.integers(low, high + 1)
    village = rng.integers(1, 21, n)
    ids = _national_ids(rng, n)
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        "survey_date,subdistrict,village_no,lat,lon,target_group,age,doses_received,intention,needs_home_visit,"
        "reason,full_name,national_id,phone".split(",")
    )
    for i in range(n):
        date = f"{day[i]}/{month[i]:02d}/2565"
        writer.writerow(
            (
                date.translate(thai) if i % 10 == 0 else date,
                codes[i],
                int(village[i]) if i % 4 else "",
                f"{lat[i]:.6f}" if has_point[i] else "",
                f"{lon[i]:.6f}" if has_point[i] else "",
                SURVEY_GROUPS[group[i]][0],
                int(age[i]),
                i % 3,
                ("wants", "undecided", "refuses", "ยังไม่ตัดสินใจ")[i % 4],
                "ใช่" if SURVEY_GROUPS[group[i]][0] == "bedridden" else "",
                "กลัวผลข้างเคียง, ไม่สะดวกเดินทาง" if i % 9 == 0 else "",
                f"ผู้ตอบแบบสำรวจ {i:06d}",
                ids[i] if i % 10 < 7 else "",
                f"08{i % 100_000_000:08d}",
            )
        )
    return out.getvalue().encode()


def _national_ids(rng, n: int) -> list[str]:
    """n 13-digit ids whose last digit is the checksum."""
    import numpy as np

    digits = rng.integers(0, 10, (n, 12))
    digits[:, 0] = rng.integers(1, 9, n)
    check = (11 - (digits @ np.arange(13, 1, -1)) % 11) % 10
    return ["".join(map(str, row)) + str(c) for row, c in zip(digits.tolist(), check.tolist(), strict=True)]


def facility_csv(n: int, subdistrict_polygons, seed: int = SEED) -> bytes:
    """n valid facilities at points inside random subdistricts; ``subdistrict_polygons``: code and geometry."""
    import numpy as np

    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(subdistrict_polygons), n)
    codes = subdistrict_polygons["code"].to_numpy()[picks]
    lon, lat = points_inside(subdistrict_polygons.geometry.to_numpy()[picks], rng)
    names = _distinct_names(n, rng)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        "facility_id,type,name_th,name_en,lat,lon,address,province,district,phone,opening_hours,beds_total,"
        "beds_available,status,updated_at".split(",")
    )
    beds_total = rng.integers(10, 500, n)
    for i in range(n):
        kind = FACILITY_TYPES[i % len(FACILITY_TYPES)]
        beds = int(beds_total[i]) if kind in ("hospital", "โรงพยาบาล") else ""
        writer.writerow(
            (
                f"BF{i:06d}",
                kind,
                names[i],
                "",
                f"{lat[i]:.6f}",
                f"{lon[i]:.6f}",
                f"หมู่ {i % 20 + 1}",
                codes[i][:2] if i % 2 else "",
                codes[i][:4] if i % 4 == 1 else "",
                f"0{i % 1_000_000_000:09d}",
                "08:30-16:30",
                beds,
                beds // 2 if beds != "" else "",
                "open" if i % 20 else "full",
                f"{1 + i % 28}/12/2564",
            )
        )
    return out.getvalue().encode()


def points_inside(polygons, rng):
    """One point drawn uniformly inside each polygon (rejection in its bounding box), as (lon, lat) arrays."""
    import numpy as np
    import shapely

    bounds = shapely.bounds(polygons)
    lon, lat = np.empty(len(polygons)), np.empty(len(polygons))
    todo = np.arange(len(polygons))
    while len(todo):
        x = rng.uniform(bounds[todo, 0], bounds[todo, 2])
        y = rng.uniform(bounds[todo, 1], bounds[todo, 3])
        inside = shapely.contains_xy(polygons[todo], x, y)
        lon[todo[inside]], lat[todo[inside]] = x[inside], y[inside]
        todo = todo[~inside]
    return lon, lat


def _distinct_names(n: int, rng) -> list[str]:
    """n facility names of four random syllables and a number: no two alike."""
    words = rng.integers(0, len(SYLLABLES), (n, 4))
    kinds = ("โรงพยาบาลส่งเสริมสุขภาพตำบล", "ศูนย์ฉีดวัคซีน", "คลินิกชุมชน", "จุดตรวจ")
    return [
        f"{kinds[i % 4]}{''.join(SYLLABLES[w] for w in words[i])} {i % 97 + 1}"  # the syllables make them unlike
        for i in range(n)
    ]


# -- measuring ------------------------------------------------------------------------------------------------------
def import_state(workdir: Path):
    """What run_import needs (engine, registry, locator, id_hash_key); the boundaries from the shared geometry cache."""
    from types import SimpleNamespace

    from data.sources import PROVINCE_MAPPING_FILE
    from geo.boundaries import load_boundaries
    from geo.locate import AreaLocator
    from geo.registry import AreaRegistry, read_province_alt_names
    from settings import load_settings

    settings = load_settings(environ={}, data_dir=workdir, database_url="")
    boundaries = load_boundaries(settings.boundaries_dir, geometry_cache())
    registry = AreaRegistry.from_boundaries(
        boundaries, read_province_alt_names(settings.source_data_dir / PROVINCE_MAPPING_FILE)
    )
    locator = AreaLocator.from_subdistricts(boundaries.subdistricts)
    return SimpleNamespace(engine=None, registry=registry, locator=locator, id_hash_key="bench", boundaries=boundaries)


def fresh_database(state, path: Path | str):
    """A migrated database with one open campaign, as the state's engine: SQLite at ``path``, or a URL."""
    from data.db import make_engine, migrate
    from data.demo import _open_campaign

    engine = make_engine(path if isinstance(path, str) else f"sqlite:///{path}")
    migrate(engine)
    with engine.begin() as conn:
        _open_campaign(conn)
    state.engine = engine
    return engine


def measure_kind(
    state, workdir: Path, kind: str, content: bytes, rows: int, memory: bool, postgres_url: str = ""
) -> list[Figure]:
    path = workdir / f"{kind}.csv"
    path.write_bytes(content)
    read_s, read_cpu, frame = _best_read(path)
    assert len(frame) == rows, (len(frame), rows)
    del frame
    engine = fresh_database(state, workdir / f"{kind}-timed.db")
    import_s, import_cpu = _timed_import(state, kind, content, path.name, rows, "SQLite", read_s, read_cpu)
    baseline = f"pandas.read_csv(dtype=str) of the same {kind} file, best of 3"
    target = rows / TARGET_ROWS_PER_S if kind == "surveys" else None
    figures = [Figure(f"{kind} import, {rows:,} rows (run_import, SQLite)", import_s, "s", read_s, baseline, target)]
    if kind == "surveys":  # CPU time: what a shared machine disturbs least (SQLite works in this process)
        label = f"pandas.read_csv(dtype=str) of the same {kind} file, CPU time of this process, best of 3"
        figures.append(Figure(f"{kind} import, CPU time of this process (SQLite)", import_cpu, "s", read_cpu, label))
        if postgres_url:
            pg_s, _ = _postgres_import(state, kind, content, path.name, rows, postgres_url, read_s, read_cpu)
            figures.append(
                Figure(f"{kind} import, {rows:,} rows (run_import, PostgreSQL)", pg_s, "s", read_s, baseline)
            )
    if kind == "surveys":
        floor_s = storage_floor(engine, state, workdir / f"{kind}-floor.db", SURVEY_TABLES)
        bare_s = storage_floor(engine, state, workdir / f"{kind}-bare.db", SURVEY_TABLES, bare=True)
        print(
            f"{kind}: storing the imported rows alone, as the import stores them, takes {floor_s:.2f} s "
            f"({floor_s / read_s:.1f} × read_csv); {bare_s:.2f} s without survey_records' secondary indexes and "
            "the tallies' trigger",
            flush=True,
        )
        label = "the same rows as stored, inserted alone as the import inserts them (one transaction, fresh database)"
        figures.append(Figure(f"{kind} import vs storing its rows alone", import_s, "s", floor_s, label))
        figures.append(Figure(f"{kind}: storing its rows alone vs read_csv", floor_s, "s", read_s, baseline))
        label = "the same, survey_records without its secondary indexes and the tallies' trigger"
        figures.append(
            Figure(f"{kind}: storing its rows alone, with the indexes and trigger", floor_s, "s", bare_s, label)
        )
    engine.dispose()
    if memory:
        figures.append(_peak_memory(state, workdir, kind, content, path))
    return figures


SURVEY_TABLES = ("uploads", "survey_records", "survey_personal", "upload_changes")


def _best_read(path: Path):
    """(the shortest wall time, the shortest CPU time, the frame) of three ``pandas.read_csv`` of the file."""
    import pandas as pd

    walls, cpus = [], []
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), frame


def _timed_import(state, kind, content, name, rows, database, read_s, read_cpu) -> tuple[float, float]:
    """(wall, CPU seconds of this process) of ``run_import`` of the file into the state's engine; printed."""
    from data.imports import run_import

    started, cpu = time.perf_counter(), time.process_time()
    report = run_import(state, kind, content, name)
    import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    if report["problems"] or report["new"] != rows:
        raise RuntimeError(f"the {kind} file did not import cleanly: new {report['new']}, {report['problems'][:3]}")
    print(
        f"{kind} ({database}): {rows:,} rows ({len(content) / 1e6:.1f} MB) imported in {import_s:.2f} s = "
        f"{rows / import_s:,.0f} rows/s, CPU {import_cpu:.2f} s; pandas.read_csv of the same file {read_s:.2f} s = "
        f"{rows / read_s:,.0f} rows/s, CPU {read_cpu:.2f} s; import/read_csv {import_s / read_s:.1f} "
        f"(CPU {import_cpu / read_cpu:.1f})",
        flush=True,
    )
    return import_s, import_cpu


def _postgres_import(state, kind, content, name, rows, server_url, read_s, read_cpu) -> tuple[float, float]:
    """The same import into a fresh schema of a database of the bench's own on the PostgreSQL server (its own
    processes' CPU not counted). Its own database: an import holds an advisory lock per kind for its whole
    transaction, and advisory locks are per database, so in the tests' database it would make their survey imports
    wait, then answer 409."""
    import os

    import sqlalchemy as sa

    server = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(n)s", {"n": DATABASE}).first():
            conn.exec_driver_sql(f'CREATE DATABASE "{DATABASE}"')
    server.dispose()
    url = sa.engine.make_url(server_url).set(database=DATABASE).render_as_string(hide_password=False)
    schema = f"bench_import_{os.getpid()}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        engine = fresh_database(state, f"{url}?options=-csearch_path%3D{schema}")
        try:
            return _timed_import(state, kind, content, name, rows, "PostgreSQL", read_s, read_cpu)
        finally:
            engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


DATABASE = "jitasa_bench_import"  # the bench's own database on the server of --postgres-url


def storage_floor(source, state, path: Path, tables: tuple[str, ...], bare: bool = False) -> float:
    """Seconds to insert the rows the import stored, as stored (ids, hashes, the upload with its file), as the
    import inserts them (``data.bulk``: 20,000 rows at a time into a temporary table, then one INSERT … SELECT), in
    one transaction with the import's page cache: the database's own share of an import, which no checking or
    hashing is part of. ``bare``: ``survey_records`` first stripped of its secondary indexes and the tallies'
    trigger (the unique record key, the foreign keys and the other tables kept), to show what those cost."""
    from data.imports import IMPORT_CACHE_KIB

    with source.connect() as conn:
        stored = {t: conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY rowid").all() for t in tables}
    engine = fresh_database(state, path)
    try:
        with engine.connect() as conn:
            if bare:
                with conn.begin():
                    _strip_survey_records(conn)
            started = time.perf_counter()
            with conn.begin():
                conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
                for table, rows in stored.items():
                    _insert_staged(conn, table, rows)
            return time.perf_counter() - started
    finally:
        engine.dispose()


def _insert_staged(conn, table: str, rows: list) -> None:
    if not rows:
        return
    width = len(rows[0])
    names = ", ".join(f"c{i}" for i in range(width))
    conn.exec_driver_sql(f"CREATE TEMP TABLE stage ({names})")
    for start in range(0, len(rows), 20_000):
        batch = [tuple(r) for r in rows[start : start + 20_000]]
        conn.exec_driver_sql(f"INSERT INTO temp.stage VALUES ({','.join('?' * width)})", batch)
        conn.exec_driver_sql(f"INSERT INTO main.{table} SELECT * FROM temp.stage")
        conn.exec_driver_sql("DELETE FROM temp.stage")
    conn.exec_driver_sql("DROP TABLE temp.stage")


def _strip_survey_records(conn) -> None:
    """``survey_records`` without its secondary indexes and its insert trigger (a measurement's database only)."""
    found = conn.exec_driver_sql(
        "SELECT type, name FROM sqlite_master WHERE tbl_name = 'survey_records' AND sql IS NOT NULL "
        "AND (type = 'index' OR name = 'survey_tallies_insert')"
    ).all()
    for kind, name in found:
        conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')


def _peak_memory(state, workdir: Path, kind: str, content: bytes, path: Path) -> Figure:
    import pandas as pd

    from data.imports import run_import

    engine = fresh_database(state, workdir / f"{kind}-traced.db")
    read_peak = _traced_peak(lambda: pd.read_csv(path, dtype=str, keep_default_na=False))
    import_peak = _traced_peak(lambda: run_import(state, kind, content, path.name))
    engine.dispose()
    print(f"{kind}: peak memory (tracemalloc) import {import_peak / 1e6:.0f} MB, read_csv {read_peak / 1e6:.0f} MB")
    label = f"pandas.read_csv(dtype=str) of the same {kind} file, peak (tracemalloc)"
    return Figure(f"{kind} import, peak memory (tracemalloc)", import_peak, "bytes", read_peak, label)


def _traced_peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


SHORT = {"surveys": 2000, "facilities": 1000}  # --short: sees that it runs


POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def measure(
    surveys: int = N_SURVEYS, facilities: int = N_FACILITIES, memory: bool = True, postgres_url: str = POSTGRES_URL
) -> list[Figure]:
    add_repo_root_to_path()
    workdir = Path(tempfile.mkdtemp(prefix="jitasa-bench-import-"))
    try:
        started = time.perf_counter()
        state = import_state(workdir)
        survey_bytes = survey_csv(surveys, state.registry.frame("subdistrict"))
        facility_bytes = facility_csv(facilities, state.boundaries.subdistricts[["code", "geometry"]])
        print(f"files generated in {time.perf_counter() - started:.1f} s ({dt.date.today()})", flush=True)
        figures = measure_kind(state, workdir, "surveys", survey_bytes, surveys, memory, _reachable(postgres_url))
        figures += measure_kind(state, workdir, "facilities", facility_bytes, facilities, memory=False)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return figures


def _reachable(url: str) -> str:
    """``url`` when a PostgreSQL server answers there, else "" (said so): the PostgreSQL import is then left out."""
    if not url:
        return ""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect():
            return url
    except sa.exc.OperationalError:
        print(f"surveys (PostgreSQL): skipped, no server answers at {url}", flush=True)
        return ""
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surveys", type=int, default=N_SURVEYS, help="rows of the survey file")
    parser.add_argument("--facilities", type=int, default=N_FACILITIES, help="rows of the facility file")
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="skip the traced import (peak memory)")
    parser.add_argument(
        "--postgres-url", default=POSTGRES_URL, help=f"the survey import on PostgreSQL too ('' to skip; {POSTGRES_URL})"
    )
    print_figures("imports", measure(**parse_arguments(parser, argv, SHORT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
