"""The upload page's jobs (data/jobs.py): start a check or a save in the background, and what the page keeps of a
finished one; the file as the browser sends it (base64 in a data URL)."""

from __future__ import annotations

import base64
import binascii

from dashboard.i18n import t
from dashboard.state import current
from data.imports import run_import
from data.jobs import JOBS_DIR, JobStore, start_job
from data.parsing import HEADERS
from data.redaction import report_without_ids
from data.upload_history import report_counts, report_issues

THAI_HEADERS = {kind: {code: th for th, code in names.items()} for kind, names in HEADERS.items()}


def job_store() -> JobStore:
    return JobStore(current().settings.data_dir / JOBS_DIR)


def limit_bytes() -> int:
    return current().settings.max_upload_mb * 1024 * 1024


def start(user: dict, kind: str, content: bytes, filename: str, *, dry_run: bool, keep_valid: bool) -> str:
    """A check (``dry_run``: the file is kept with the job, encrypted, for the save: data/jobs.py) or a save, run in
    a thread; its ticket."""
    state, jobs = current(), job_store()

    def work(progress) -> dict:
        report = run_import(
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
        return report_without_ids(report)  # the report is written beside the job: no national id in it

    action = "check" if dry_run else "save"
    return start_job(
        jobs, user["id"], work, content=content if dry_run else None, kind=kind, file=filename, action=action
    )


def summary(record: dict, ticket: str) -> dict:
    """What the page keeps in the browser about a finished job: its ticket (the key to a check's kept file), counts,
    never the problems themselves."""
    info = {k: record.get(k) for k in ("action", "kind", "file", "error")}
    return {"id": ticket} | info | report_counts(record.get("report"))


def issues(report: dict | None, lang: str, sort_by: list | None) -> list[dict]:
    """The problems and warnings of a report in the table's order, each with its type in the reader's language."""
    column = sort_by[0]["column_id"] if sort_by else None
    descending = bool(sort_by) and sort_by[0]["direction"] == "desc"
    found = report_issues(report, "kind" if column == "type" else column, descending)
    headers, kind = (report or {}).get("headers") or {}, (report or {}).get("kind")
    return [
        i | {"type": t(f"upload.type.{i['kind']}", lang), "column": column_heading(i["column"], headers, kind, lang)}
        for i in found
    ]


def column_heading(code: str, headers: dict[str, str], kind: str | None, lang: str) -> str:
    """A problem's column as the person knows it: the file's own header of it (ตำบล in a file headed ตำบล); on a
    Thai page the template's Thai header, with the file's own in brackets when the file heads it otherwise
    (วันที่สำรวจ (date)); on an English page the column code where the file has no such column."""
    if not code:
        return ""
    own = headers.get(code)
    if lang != "th":
        return own or code
    thai = THAI_HEADERS.get(kind, {}).get(code)
    if thai is None or own == thai:
        return own or thai or code
    return f"{thai} ({own})" if own else thai


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
