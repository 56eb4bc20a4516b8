"""Uploads as people see them: who may see which, what the audit log says about each, and an upload's report as the
rows of a table (the upload page, the upload history page and the API).

A person sees their own uploads; a province admin also those of every user registered in their province; a national
admin all of them. Whoever may see an upload may download its original file (kept without national ids, for
JITASA_UPLOAD_RETENTION_DAYS; each download audited) and undo it. A file refused on saving
stores nothing: only the audit log remembers it (who, when, which file, how many problems), and the history shows it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import sqlalchemy as sa

from data.cells import spreadsheet_safe
from data.originals import read_original
from data.registries import ROLES
from data.schema import audit_log, uploads, users
from data.scope import where_prefix

HISTORY_LIMIT = 200


def visible_uploads(
    conn: sa.Connection, user: dict, kind: str | None = None, limit: int = HISTORY_LIMIT
) -> list[dict[str, Any]]:
    """The uploads ``user`` may see, newest first, without the file: each with ``username`` (the uploader),
    ``undone_by`` (a username, or None) and ``summary`` (counts)."""
    query = _history_query().order_by(uploads.c.id.desc()).limit(limit)
    if kind:
        query = query.where(uploads.c.kind == kind)
    scope = _scope(user, uploads.c.user_id)
    if scope is not None:
        query = query.where(scope)
    return [_with_undo(conn, dict(r)) for r in conn.execute(query).mappings()]


def visible_refusals(conn: sa.Connection, user: dict, limit: int = HISTORY_LIMIT) -> list[dict[str, Any]]:
    """Files refused on saving that ``user`` may see, newest first, shaped like the rows of ``visible_uploads``
    (no id, no file: nothing was stored)."""
    query = (
        sa.select(audit_log.c.id, audit_log.c.at, audit_log.c.user_id, audit_log.c.detail, users.c.username)
        .select_from(audit_log.outerjoin(users, users.c.id == audit_log.c.user_id))
        .where(audit_log.c.action == "upload.refused")
        .order_by(audit_log.c.id.desc())
        .limit(limit)
    )
    scope = _scope(user, audit_log.c.user_id)
    if scope is not None:
        query = query.where(scope)
    rows = []
    for r in conn.execute(query).mappings():
        detail = r["detail"] or {}
        rows.append(
            {
                "id": None,
                "audit_id": r["id"],
                "kind": detail.get("kind", ""),
                "filename": detail.get("filename", ""),
                "checksum": detail.get("checksum", ""),
                "size_bytes": None,
                "user_id": r["user_id"],
                "username": r["username"],
                "created_at": r["at"],
                "outcome": "refused",
                "summary": {"rows": detail.get("rows", 0), "problems": detail.get("problems", 0)},
                "undone_at": None,
                "undone_by": None,
            }
        )
    return rows


def get_upload(conn: sa.Connection, user: dict, upload_id: int) -> dict[str, Any] | None:
    """One upload (without the file) if ``user`` may see it, else None."""
    query = _history_query().where(uploads.c.id == upload_id)
    scope = _scope(user, uploads.c.user_id)
    if scope is not None:
        query = query.where(scope)
    row = conn.execute(query).mappings().first()
    return _with_undo(conn, dict(row)) if row else None


def upload_exists(conn: sa.Connection, upload_id: int) -> bool:
    return conn.execute(sa.select(uploads.c.id).where(uploads.c.id == upload_id)).first() is not None


def upload_file(conn: sa.Connection, user: dict, upload_id: int) -> tuple[str, bytes] | None:
    """(file name, kept content) if ``user`` may see the upload and its file is kept, else None; each read is an
    entry in the audit log (data.originals.read_original: run it in a transaction that commits).

    The content is the person's file as it was kept: national ids replaced by their keyed hash, the rest byte for
    byte as it was sent, and served so: no ``spreadsheet_safe`` here (data/cells.py).
    """
    if get_upload(conn, user, upload_id) is None:
        return None
    return read_original(conn, upload_id, user["id"])


def upload_audit(conn: sa.Connection, upload_id: int) -> list[dict[str, Any]]:
    """The audit log rows about one upload, oldest first: action, at, username, detail."""
    query = (
        sa.select(audit_log.c.id, audit_log.c.action, audit_log.c.at, audit_log.c.detail, users.c.username)
        .select_from(audit_log.outerjoin(users, users.c.id == audit_log.c.user_id))
        .where(audit_log.c.entity == "upload", audit_log.c.entity_id == str(upload_id))
        .order_by(audit_log.c.at, audit_log.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def may_undo(upload: dict) -> bool:
    """Only an accepted upload that recorded what it changed can be undone: a file sent from the upload page, the API
    or the command line. The demo's base data (a source file the demo loader read, ``summary["base"]``) cannot: its
    load recorded no changes to undo, and the coverage map and the finder stand on it."""
    return upload["outcome"] == "accepted" and upload["kind"] != "demo" and not is_base_data(upload)


def is_base_data(upload: dict) -> bool:
    """Loaded by the demo loader from a source data set, not sent by a person."""
    return bool((upload.get("summary") or {}).get("base"))


def _history_query() -> sa.Select:
    columns = [c for c in uploads.c if c.name != "content"]
    return sa.select(*columns, users.c.username, users.c.area.label("uploader_area")).select_from(
        uploads.outerjoin(users, users.c.id == uploads.c.user_id)
    )


def _scope(user: dict, uploader: sa.Column) -> sa.ColumnElement[bool] | None:
    """The condition on rows whose ``uploader`` (joined to users) this person may see (None: everything)."""
    if ROLES.at_least(user, "national_admin"):
        return None
    own = uploader == user["id"]
    if ROLES.at_least(user, "province_admin"):  # and the uploads of the people of their area
        return sa.or_(own, where_prefix(user["area"], users.c.area))
    return own


def _with_undo(conn: sa.Connection, row: dict) -> dict:
    """Who undid the upload, from the audit log (the uploads table keeps only when)."""
    row["undone_by"] = None
    if row["outcome"] == "undone":
        undo = conn.execute(
            sa.select(users.c.username, audit_log.c.at)
            .select_from(audit_log.outerjoin(users, users.c.id == audit_log.c.user_id))
            .where(
                audit_log.c.action == "upload.undo",
                audit_log.c.entity == "upload",
                audit_log.c.entity_id == str(row["id"]),
            )
            .order_by(audit_log.c.id.desc())
            .limit(1)
        ).first()
        if undo is not None:
            row["undone_by"] = undo.username
            row["undone_at"] = row["undone_at"] or undo.at
    row["summary"] = row.get("summary") or {}
    return row


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive datetimes for what was stored in UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# -- an upload's report, as the upload page shows it ------------------------------------------------------------------
ISSUE_COLUMNS = ("kind", "row", "column", "value", "message_th", "message_en")


def report_counts(report: dict | None) -> dict[str, Any]:
    """The counts of a pipeline report; ``valid_rows`` are the rows a save would store."""
    report = report or {}
    counts = {k: report.get(k, 0) for k in ("rows", "new", "updated", "unchanged")}
    return counts | {
        "valid_rows": counts["new"] + counts["updated"] + counts["unchanged"],
        "problems": len(report.get("problems") or []),
        "warnings": len(report.get("warnings") or []),
        "upload_id": report.get("upload_id"),
    }


def report_issues(report: dict | None, sort_column: str | None = None, descending: bool = False) -> list[dict]:
    """Problems then warnings, each by row (the first problems first), or sorted by ``sort_column``; each with
    ``kind`` ("problem" or "warning"), row, column, value (as text), message_th, message_en."""
    if not report:
        return []
    issues = [
        {
            "kind": kind,
            "row": p.get("row"),
            "column": p.get("column") or "",
            "value": "" if p.get("value") is None else str(p["value"]),
            "message_th": p.get("message_th", ""),
            "message_en": p.get("message_en", ""),
        }
        for kind, items in (("problem", report.get("problems") or []), ("warning", report.get("warnings") or []))
        for p in items
    ]
    if sort_column in ISSUE_COLUMNS:
        numeric = sort_column == "row"
        issues.sort(key=lambda i: (i["row"] or 0) if numeric else str(i[sort_column]), reverse=descending)
    else:
        issues.sort(key=lambda i: (i["kind"] != "problem", i["row"] or 0))
    return issues


def issues_csv(issues: list[dict]) -> str:
    """The issues as CSV, UTF-8 with a BOM so that Excel shows the Thai messages.

    Values (and the messages that quote them) come straight from the uploaded file: every cell goes through
    ``spreadsheet_safe``, so that ``=HYPERLINK(…)`` in a file comes back as text, never as a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["type", "row", "column", "value", "message_th", "message_en"])
    for i in issues:
        cells = [i["kind"], i["row"] or "", i["column"], i["value"], i["message_th"], i["message_en"]]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return "\ufeff" + out.getvalue()
