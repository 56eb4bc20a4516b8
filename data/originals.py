"""The kept original files of accepted uploads: what is kept, reading one (audited), and deleting them after the
retention (``JITASA_UPLOAD_RETENTION_DAYS``).

An original is kept without national ids (data/redaction.py rewrites it before it is written); it lets the uploader,
their province admin and national admins see what was sent. After the retention its bytes are deleted; the upload's
record (file name, checksum of the file as sent, who, when, counts), its rows and its audit entries stay, and
``original_deleted_at`` says when.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import sqlalchemy as sa

from data import workbook
from data.audit import record
from data.schema import uploads
from data.templates import XLSX_TYPE

log = logging.getLogger(__name__)

PURGE_EVERY_S = 24 * 3600


def kept_content(content: bytes, key: str) -> bytes | None:
    """What is kept of an accepted upload's file: the file with national ids replaced by their keyed hash, or
    nothing when it cannot be rewritten with certainty."""
    from data.redaction import redact_file

    return redact_file(content, key.encode())


def read_original(conn: sa.Connection, upload_id: int, user_id: int | None) -> tuple[str, bytes] | None:
    """(file name, kept content) of an upload, recorded in the audit log as read by ``user_id``; None when no file
    is kept. Run it in a transaction that commits (the audit entry). Whether the person may read it is the caller's
    check (data.upload_history.get_upload)."""
    row = conn.execute(
        sa.select(uploads.c.filename, uploads.c.content, uploads.c.size_bytes).where(uploads.c.id == upload_id)
    ).first()
    if row is None or row.content is None:
        return None
    content = bytes(row.content)
    record(conn, "upload.original_download", "upload", upload_id, user_id, {"size_bytes": len(content)})
    return row.filename, content


def original_type(content: bytes) -> tuple[str, str]:
    """(media type, file suffix) of a kept original, by what it holds, never by the name the uploader gave it (a
    file called x.html is served as what it is): an .xlsx workbook, else CSV text in the encoding it was sent in
    (UTF-8, else Windows-874: the two an upload may be, kept as sent)."""
    if workbook.is_zip(content):
        return XLSX_TYPE, ".xlsx"
    try:
        content.decode("utf-8")
        charset = "utf-8"
    except UnicodeDecodeError:
        charset = "windows-874"
    return f"text/csv; charset={charset}", ".csv"


def purge_originals(engine: sa.Engine, retention_days: int, now: dt.datetime | None = None) -> int:
    """Delete the originals kept longer than ``retention_days``; returns how many. Each deletion is audited."""
    now = now or dt.datetime.now(dt.UTC)
    limit = now - dt.timedelta(days=retention_days)
    with engine.begin() as conn:
        old = [
            row.id
            for row in conn.execute(
                sa.select(uploads.c.id).where(uploads.c.content.is_not(None), uploads.c.created_at < limit)
            )
        ]
        if not old:
            return 0
        conn.execute(sa.update(uploads).where(uploads.c.id.in_(old)).values(content=None, original_deleted_at=now))
        for upload_id in old:
            record(conn, "upload.original_deleted", "upload", upload_id, None, {"after_days": retention_days})
    log.info("deleted %d upload originals kept more than %d days", len(old), retention_days)
    return len(old)


class DailyPurge:
    """Deletes old originals at most once every ``PURGE_EVERY_S`` in this process: ``due()`` is a clock reading, so
    calling it before every request costs nothing; the deletion itself runs in a thread of its own."""

    def __init__(self, engine: sa.Engine, retention_days: int, every_s: float = PURGE_EVERY_S) -> None:
        self.engine, self.retention_days, self.every_s = engine, retention_days, every_s
        self._next = time.monotonic() + every_s  # the start has just purged
        self._lock = threading.Lock()

    def due(self) -> None:
        if time.monotonic() < self._next or not self._lock.acquire(blocking=False):
            return
        self._next = time.monotonic() + self.every_s
        threading.Thread(target=self._run, name="purge-originals", daemon=True).start()

    def _run(self) -> None:
        try:
            purge_originals(self.engine, self.retention_days)
        except Exception:  # the next day tries again; the log says why
            log.exception("deleting old upload originals failed")
        finally:
            self._lock.release()
