"""The upload page's jobs (data/jobs.py): start a check or a save in the background, and what the page keeps of a
finished one; the file as the browser sends it (base64 in a data URL)."""

from __future__ import annotations

import base64
import binascii

from dashboard.i18n import t
from dashboard.state import current
from data.imports import run_import
from data.jobs import JobStore, start_job
from data.upload_history import report_counts, report_issues


def job_store() -> JobStore:
    return JobStore(current().settings.data_dir / "jobs")


def limit_bytes() -> int:
    return current().settings.max_upload_mb * 1024 * 1024


def start(user: dict, kind: str, content: bytes, filename: str, *, dry_run: bool, keep_valid: bool) -> str:
    """A check (``dry_run``: the file is kept with the job for the save) or a save, run in a thread; its id."""
    state = current()

    def work(progress) -> dict:
        return run_import(
            state,
            kind,
            content,
            filename,
            dry_run=dry_run,
            user_id=user["id"],
            keep_valid=keep_valid,
            scope=user["area"],
            progress=progress,
        )

    action = "check" if dry_run else "save"
    return start_job(
        job_store(), user["id"], work, content=content if dry_run else None, kind=kind, file=filename, action=action
    )


def summary(record: dict) -> dict:
    """What the page keeps in the browser about a finished job: counts, never the problems themselves."""
    info = {k: record.get(k) for k in ("id", "action", "kind", "file", "error")}
    return info | report_counts(record.get("report"))


def issues(report: dict | None, lang: str, sort_by: list | None) -> list[dict]:
    """The problems and warnings of a report in the table's order, each with its type in the reader's language."""
    column = sort_by[0]["column_id"] if sort_by else None
    descending = bool(sort_by) and sort_by[0]["direction"] == "desc"
    found = report_issues(report, "kind" if column == "type" else column, descending)
    return [i | {"type": t(f"upload.type.{i['kind']}", lang)} for i in found]


def decode(contents: str | None) -> bytes | None:
    if not contents or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (binascii.Error, ValueError):
        return None


def base64_size(contents: str) -> int:
    data = contents.split(",", 1)[-1]
    return len(data) * 3 // 4 - data[-2:].count("=")
