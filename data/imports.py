"""One import pipeline for facilities, coverage and surveys (the command line, the upload page and the API).

read → validate every row (collect every problem) → if any problem, store nothing → else upsert in one transaction
and record the upload (the original file with its national ids replaced by their keyed hash, the checksum of the file
as sent, who, when, outcome). A dry run reports and stores nothing; the same file twice changes nothing; a refused
file keeps no file: it leaves only an entry in the audit log.

Survey and coverage files go through a chunk of rows at a time (``CHUNK_ROWS``): each chunk is read, checked and
stored before the next is read, so memory stays bounded whatever the file's size, and all chunks are written in the
one transaction, so the whole file is stored or nothing. Facility files are checked as a whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from data import parsing
from data.audit import record
from data.context import Context
from data.coverage_import import CoverageCheck, upsert_coverage_rows
from data.db import SQLITE_BUSY_MS, is_conflict, is_locked, sqlite_page_cache
from data.errors import Conflict, NotFound, Problem, UserInputError
from data.facility_import import upsert_facility_rows, validate_facility_rows
from data.originals import kept_content
from data.registries import ROLES
from data.schema import uploads, users
from data.scope import outside_scope
from data.survey_import import SurveyCheck, insert_survey_rows
from data.validation import overlong_cells

CHUNK_ROWS = parsing.CHUNK_ROWS
IMPORT_WAIT_S = 10  # an import waits this long for another to finish, then answers 409 (a Conflict)
_LOCK_KEYS = {"facilities": 74211, "coverage": 74212, "surveys": 74213}  # PostgreSQL advisory locks, one per kind
IMPORT_CACHE_KIB = 64 * 1024  # SQLite's page cache during an import (its default: 2 MiB); see bench/RESULTS.md
# progress(phase, done, total): phase is "read", "validate" or "store"; done and total count the file's lines
Progress = Callable[[str, int, int], None]


class _WholeTable:
    """The facility checks, which need the whole file at once (one chunk)."""

    def __init__(self, state: Context, conn: sa.Connection, scope: str) -> None:
        self.state, self.conn, self.scope = state, conn, scope

    def __call__(self, table):
        return validate_facility_rows(table, self.state, self.conn, scope=self.scope)

    def file_problems(self) -> list[Problem]:
        return []


@dataclass(frozen=True)
class _Kind:
    # (state, conn, scope) -> the checks of one file, names read in the writer's area ``scope``: check(table) ->
    # (records, problems, warnings) for each chunk, then check.file_problems() -> the problems found so far that only
    # the file as a whole shows (a key repeated in another chunk), reported after all the rows' own problems
    checks: Callable[[Context, sa.Connection, str], Any]
    store: Callable[..., dict]  # (conn, records, state, upload_id, user_id) -> {"new", "updated", "unchanged"}
    chunked: bool  # read CHUNK_ROWS rows at a time, else the whole file at once


_KINDS = {
    "facilities": _Kind(_WholeTable, upsert_facility_rows, chunked=False),
    "coverage": _Kind(CoverageCheck, upsert_coverage_rows, chunked=True),
    "surveys": _Kind(SurveyCheck, insert_survey_rows, chunked=True),
}
KINDS = tuple(_KINDS)


def may_upload(user: dict, kind: str) -> bool:
    """Volunteers upload surveys; coordinators and above any kind (each within their own area)."""
    return ROLES.at_least(user, "coordinator") or (kind == "surveys" and user["role"] == "volunteer")


def import_file(
    state: Context,
    kind: str,
    path: Path,
    dry_run: bool = False,
    username: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """Import a file from disk for the command line. ``state`` has engine, registry, locator, id_hash_key."""
    content = Path(path).read_bytes()
    user_id = None
    if username:
        with state.engine.connect() as conn:
            user_id = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
        if user_id is None:  # never recorded under nobody: a typo in --user is said, and nothing is read or stored
            raise NotFound(
                [Problem("user", username, f"ไม่มีผู้ใช้ชื่อ {username}", f"no user named {username}")],
                f"no user named {username!r}: check the name (python app.py create-user makes one); nothing was stored",
                f"ไม่มีผู้ใช้ชื่อ {username!r} โปรดตรวจชื่อ (สร้างผู้ใช้ด้วย python app.py create-user) ยังไม่ได้บันทึกข้อมูลใด",
            )
    return run_import(state, kind, content, Path(path).name, dry_run=dry_run, user_id=user_id, progress=progress)


def run_import(
    state: Context,
    kind: str,
    content: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    user_id: int | None = None,
    keep_valid: bool = False,
    scope: str = "TH",
    progress: Progress | None = None,
) -> dict:
    """Validate and store a file. ``scope``: the area the person may write to (a DOPA code, or TH).

    ``progress(phase, done, total)``, when given, is called as each chunk is read, validated and stored.
    """
    job = _Job(
        state, kind, content, _new_report(kind, filename, dry_run), user_id, keep_valid, scope, progress or _quiet
    )
    try:
        chunks = parsing.read_chunks(content, filename, kind, CHUNK_ROWS if _KINDS[kind].chunked else None)
        job.report["headers"] = chunks.headers  # for the page: a problem's column as the file heads it
        _check_and_store(job, chunks)
    except Conflict as exc:  # another upload held the same rows too long: nothing stored, say so
        problem = Problem(None, None, exc.message_th, exc.message_en)
        job.report.update(problems=[problem.as_dict()], new=0, updated=0, unchanged=0, upload_id=None, conflict=True)
    except UserInputError as exc:  # the file cannot be read: at once, or at a record part way (rolled back)
        job.report.update(problems=[p.as_dict() for p in exc.problems], new=0, updated=0, unchanged=0, upload_id=None)
    if job.report["problems"] and job.report["upload_id"] is None and not dry_run:
        _record_refusal(job)
    return job.report


@dataclass
class _Job:
    """One file on its way through the pipeline, and its report so far."""

    state: Context
    kind: str
    content: bytes
    report: dict[str, Any]
    user_id: int | None
    keep_valid: bool
    scope: str
    progress: Progress

    @property
    def refused(self) -> bool:
        return bool(self.report["problems"]) and not self.keep_valid


def _new_report(kind: str, filename: str, dry_run: bool) -> dict[str, Any]:
    return {
        "kind": kind,
        "file": filename,
        "dry_run": dry_run,
        "problems": [],
        "warnings": [],
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "rows": 0,
        "upload_id": None,
    }


def _quiet(phase: str, done: int, total: int) -> None:
    pass


def _check_and_store(job: _Job, chunks: parsing.TableChunks) -> None:
    """Every chunk checked and stored in one transaction, committed only when the file is accepted."""
    report = job.report
    with job.state.engine.connect() as conn:
        transaction = conn.begin()
        try:
            _wait_for_other_imports(conn, job.kind)
            with sqlite_page_cache(conn, IMPORT_CACHE_KIB):
                upload_id = _each_chunk(job, conn, chunks)
            if report["dry_run"] or job.refused:
                transaction.rollback()  # a dry run counts what would happen; a refused file stores nothing
                if not report["dry_run"]:
                    report.update(new=0, updated=0, unchanged=0)
                return
            report["upload_id"] = upload_id
            conn.execute(sa.update(uploads).where(uploads.c.id == upload_id).values(summary=_summary(report)))
            record(conn, f"upload.{job.kind}", "upload", upload_id, job.user_id, _summary(report))
            transaction.commit()
        except sa.exc.DBAPIError as exc:
            transaction.rollback()
            if is_conflict(exc) or is_locked(exc):  # a writer that took no lock first (a form) got there first
                raise _busy(job.kind) from exc
            raise
        except BaseException:
            transaction.rollback()
            raise


def _wait_for_other_imports(conn: sa.Connection, kind: str) -> None:
    """Imports of one kind (all imports, on SQLite) one at a time: an import reads what is stored, then writes what
    differs, and two at once would both write the same rows. Each waits up to ``IMPORT_WAIT_S`` for the one before
    (then reads what it stored: the same file twice changes nothing); longer, a Conflict (409). SQLite: its write lock,
    taken at once (BEGIN IMMEDIATE); PostgreSQL: an advisory lock per schema and kind, held until the transaction
    ends."""
    try:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA busy_timeout={IMPORT_WAIT_S * 1000}")
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{IMPORT_WAIT_S}s'")
            # keyed by the schema too: two deployments (or test databases) in one PostgreSQL never wait for each other
            conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtext(current_schema()), :k)"), {"k": _LOCK_KEYS[kind]}
            )
            conn.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
    except sa.exc.DBAPIError as exc:
        if is_conflict(exc) or is_locked(exc):
            raise _busy(kind) from exc
        raise


def _busy(kind: str) -> Conflict:
    return Conflict(
        [],
        f"another upload of {kind} was being stored at the same moment, so nothing of this file was stored: look at "
        "the upload history, then upload the file again if it is still needed",
        "มีการนำเข้าข้อมูลประเภทเดียวกันอีกไฟล์กำลังบันทึกอยู่ในขณะเดียวกัน จึงยังไม่ได้บันทึกข้อมูลใดจากไฟล์นี้ "
        "โปรดดูประวัติการนำเข้า แล้วนำเข้าไฟล์นี้อีกครั้งหากยังจำเป็น",
    )


def _each_chunk(job: _Job, conn: sa.Connection, chunks: parsing.TableChunks) -> int | None:
    """Read, check and store chunk after chunk; once the file is sure to be refused, only read and check.
    Returns the upload's id, recorded before the first chunk is stored (None for a dry run).

    Problems come in the order the rows' own checks find them, then those of the whole file, then those of scope.
    """
    spec, report, state = _KINDS[job.kind], job.report, job.state
    upload_id = None
    # survey checks name an earlier record holding the same national id only to a reader who may read it
    reader = {"reader": _reader(conn, job)} if job.kind == "surveys" else {}
    checks = spec.checks(state, conn, job.scope, **reader)
    problems: list[Problem] = []
    out_of_scope: list[Problem] = []
    warnings: list[Problem] = []
    for done, table in chunks:
        total = max(chunks.total, done)
        job.progress("read", done, total)
        report["rows"] += len(table)
        too_long, table = overlong_cells(table, job.kind)
        records, found, warned = checks(table)
        del table  # the cells as text: what is stored is in the records (a whole facility file is one chunk)
        problems += too_long + found
        out_of_scope += outside_scope(records, job.scope)
        warnings += warned
        job.progress("validate", done, total)
        if report["dry_run"] or job.keep_valid or not (problems or out_of_scope or checks.file_problems()):
            if upload_id is None and not report["dry_run"]:
                upload_id = _record_upload(conn, job)
            for name, n in spec.store(conn, records, state, upload_id, job.user_id).items():
                report[name] += n
            job.progress("store", done, total)
    if not report["rows"]:  # a header alone: nothing to store, and no upload to keep in the history
        problems.append(
            Problem(
                None,
                None,
                "ไฟล์มีแต่หัวตาราง ไม่มีแถวข้อมูล โปรดตรวจว่าเลือกไฟล์หรือแผ่นงานถูกต้อง",
                "the file has a header but no rows: check that it is the right file (or sheet)",
                row=1,
            )
        )
    report["problems"] = [p.as_dict() for p in problems + checks.file_problems() + out_of_scope]
    report["warnings"] = [p.as_dict() for p in warnings]
    return upload_id


def _reader(conn: sa.Connection, job: _Job) -> dict | None:
    """Who sends the file, as data.survey_access reads a person (id, role, area: the job's scope); None for the
    command line without --user."""
    if job.user_id is None:
        return None
    role = conn.execute(sa.select(users.c.role).where(users.c.id == job.user_id)).scalar()
    return None if role is None else {"id": job.user_id, "role": role, "area": job.scope}


def _record_refusal(job: _Job) -> None:
    """A refused file stores nothing but leaves a trace: who sent what, and how many problems it had."""
    detail = {
        "kind": job.kind,
        "filename": job.report["file"],
        "checksum": hashlib.sha256(job.content).hexdigest(),
        "rows": job.report["rows"],
        "problems": len(job.report["problems"]),
    }
    with job.state.engine.begin() as conn:
        record(conn, "upload.refused", "upload", None, job.user_id, detail)


def report_lines(report: dict) -> list[str]:
    """The report for a terminal: counts, then every problem and warning with row and column."""
    head = "ทดลอง (ไม่บันทึก) / dry run: " if report["dry_run"] else ""
    lines = [
        f"{head}{report['file']}: {report['rows']} rows · new {report['new']} · updated {report['updated']} · "
        f"unchanged {report['unchanged']} · problems {len(report['problems'])} · warnings {len(report['warnings'])}"
    ]
    for label, items in (("problem", report["problems"]), ("warning", report["warnings"])):
        for p in items:
            where = " ".join(x for x in (f"row {p['row']}" if p.get("row") else "", p.get("column") or "") if x)
            lines.append(f"  {label} {where}: {p['message_en']} / {p['message_th']}")
    if report["problems"] and not report["dry_run"] and report["upload_id"] is None:
        lines.append("nothing stored: fix the problems and import again / ไม่ได้บันทึก โปรดแก้ไขแล้วนำเข้าอีกครั้ง")
    return lines


# -- shared ------------------------------------------------------------------------------------------------------
def _summary(report: dict) -> dict:
    return {k: report[k] for k in ("new", "updated", "unchanged", "rows")} | {
        "problems": len(report["problems"]),
        "warnings": len(report["warnings"]),
    }


def _record_upload(conn: sa.Connection, job: _Job) -> int:
    return conn.execute(
        sa.insert(uploads)
        .values(
            kind=job.kind,
            filename=job.report["file"],
            checksum=hashlib.sha256(job.content).hexdigest(),
            size_bytes=len(job.content),
            content=kept_content(job.content, job.state.id_hash_key),  # national ids replaced by their hash
            user_id=job.user_id,
            created_at=dt.datetime.now(dt.UTC),
            outcome="accepted",
            summary={},
        )
        .returning(uploads.c.id)
    ).scalar_one()
