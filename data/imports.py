"""One import pipeline for facilities, coverage and surveys (command line now; the upload page and API later).

read → validate every row (collect every problem) → if any problem, store nothing → else upsert in one transaction
and record the upload (original file, checksum, who, when, outcome). A dry run reports and stores nothing; the same
file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from data import parsing
from data.audit import record
from data.coverage_import import upsert_coverage_rows, validate_coverage_rows
from data.errors import UserInputError
from data.facility_import import upsert_facility_rows, validate_facility_rows
from data.schema import uploads, users
from data.survey_import import insert_survey_rows, validate_survey_rows
from data.validation import outside_scope

KINDS = ("facilities", "coverage", "surveys")


def import_file(state: Any, kind: str, path: Path, dry_run: bool = False, username: str | None = None) -> dict:
    """Import a file from disk for the command line. ``state`` has engine, registry, locator, secret_key."""
    content = Path(path).read_bytes()
    user_id = None
    if username:
        with state.engine.connect() as conn:
            user_id = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
    return run_import(state, kind, content, Path(path).name, dry_run=dry_run, user_id=user_id)


def run_import(
    state: Any,
    kind: str,
    content: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    user_id: int | None = None,
    keep_valid: bool = False,
    scope: str = "TH",
) -> dict:
    """Validate and store a file. ``scope``: the area the person may write to (a DOPA code, or TH)."""
    report: dict[str, Any] = {
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
    try:
        table = parsing.read_table(content, filename, kind)
    except UserInputError as exc:
        report["problems"] = [p.as_dict() for p in exc.problems]
        return report
    report["rows"] = len(table)
    validate = {
        "facilities": validate_facility_rows,
        "coverage": validate_coverage_rows,
        "surveys": validate_survey_rows,
    }[kind]
    with state.engine.connect() as conn:
        transaction = conn.begin()
        try:
            records, problems, warnings = validate(table, state, conn)
            problems += outside_scope(records, scope, state.registry)
            report["problems"] = [p.as_dict() for p in problems]
            report["warnings"] = [p.as_dict() for p in warnings]
            store = not dry_run and (keep_valid or not problems)
            upload_id = _record_upload(conn, kind, filename, content, user_id, "accepted") if store else None
            upsert = {
                "facilities": upsert_facility_rows,
                "coverage": upsert_coverage_rows,
                "surveys": insert_survey_rows,
            }[kind]
            report.update(upsert(conn, records, state, upload_id, user_id))
            if not store:  # a dry run counts what would happen; a refused file stores nothing
                transaction.rollback()
                if not dry_run:
                    report.update(new=0, updated=0, unchanged=0)
                return report
            report["upload_id"] = upload_id
            conn.execute(sa.update(uploads).where(uploads.c.id == upload_id).values(summary=_summary(report)))
            record(conn, f"upload.{kind}", "upload", upload_id, user_id, _summary(report))
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise
    return report


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


def _record_upload(conn, kind, filename, content, user_id, outcome) -> int:
    return conn.execute(
        sa.insert(uploads)
        .values(
            kind=kind,
            filename=filename,
            checksum=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content),
            content=content,
            user_id=user_id,
            created_at=dt.datetime.now(dt.UTC),
            outcome=outcome,
            summary={},
        )
        .returning(uploads.c.id)
    ).scalar_one()
