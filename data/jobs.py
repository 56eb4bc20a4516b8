"""Background jobs of the upload page: a thread in the server process, its progress in a small JSON file.

Files, not the database: an import holds SQLite's write lock for its whole transaction, and several app processes
(gunicorn) share the data directory, so any of them can answer the page's polling. Each job file is replaced
atomically (a temporary file, then ``os.replace``): a reader never sees half of one. A job belongs to the user who
started it; reading it as anyone else gives nothing, as if it did not exist. Old jobs are removed when a new one
starts; a job whose process stopped (a restart) reads as failed once it has been silent for ``STALLED_S``.

A job file: ``{id, user_id, phase, done, total, base, finished, report, error, started_at, updated_at, ...info}``.
Phases are those of the import pipeline ("read", "validate", "store", for each chunk of rows), then "done".
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_AGE_S = 3 * 3600  # a checked file waits this long for its "save"; the file may hold personal data
WRITE_EVERY_S = 0.25  # progress is written at most this often (and at every change of phase)
STALLED_S = 600  # a running job without news for this long has died with its process (its transaction rolled back)
_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class JobStore:
    """Job files in ``directory``: ``<id>.json`` (state and report) and ``<id>.bin`` (the file being imported)."""

    directory: Path
    max_age_s: float = MAX_AGE_S
    stalled_s: float = STALLED_S

    def create(self, user_id: int, content: bytes | None = None, **info: Any) -> str:
        """A new job for ``user_id``; ``content`` is kept beside it (e.g. so a checked file can be saved later)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self.cleanup()
        job_id = secrets.token_urlsafe(18)
        now = time.time()
        if content is not None:
            _write_atomic(self._path(job_id, ".bin"), content)
        record = {
            **info,
            "id": job_id,
            "user_id": user_id,
            "phase": "queued",
            "done": 0,
            "total": 0,
            "base": 0,
            "finished": False,
            "report": None,
            "error": None,
            "started_at": now,
            "updated_at": now,
        }
        _write_atomic(self._path(job_id, ".json"), json.dumps(record, ensure_ascii=False, default=str).encode())
        return job_id

    def read(self, job_id: str | None, user_id: int | None) -> dict | None:
        """The job, or None when there is none with that id for this user."""
        record = self._load(job_id)
        if record is None or user_id is None or record.get("user_id") != user_id:
            return None
        if not record["finished"] and time.time() - record["updated_at"] > self.stalled_s:
            record.update(finished=True, phase="failed", error="stalled")  # the server stopped while it ran
        return record

    def content(self, job_id: str | None, user_id: int | None) -> bytes | None:
        """The file kept with the job (only for its own user)."""
        if self.read(job_id, user_id) is None:
            return None
        try:
            return self._path(job_id, ".bin").read_bytes()
        except FileNotFoundError:
            return None

    def update(self, job_id: str, **fields: Any) -> None:
        """Change fields of a job (only its worker writes to a running job)."""
        record = self._load(job_id)
        if record is None:
            return
        record.update(fields, updated_at=time.time())
        _write_atomic(self._path(job_id, ".json"), json.dumps(record, ensure_ascii=False, default=str).encode())

    def cleanup(self, now: float | None = None) -> int:
        """Remove job files older than ``max_age_s``; returns how many were removed."""
        limit = (time.time() if now is None else now) - self.max_age_s
        removed = 0
        if not self.directory.is_dir():
            return 0
        for path in self.directory.iterdir():
            if path.suffix not in (".json", ".bin", ".tmp"):
                continue
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another process removed it first
                continue
        return removed

    def _load(self, job_id: str | None) -> dict | None:
        if not job_id or not _JOB_ID.match(str(job_id)):
            return None
        try:
            return json.loads(self._path(job_id, ".json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def _path(self, job_id: str, suffix: str) -> Path:
        return self.directory / f"{job_id}{suffix}"


def start_job(store: JobStore, user_id: int, work: Callable[[Progress], dict], **info: Any) -> str:
    """Run ``work(progress)`` in a thread; its return value becomes the job's report. Returns the job id.

    ``content`` in ``info`` is kept beside the job (see ``JobStore.create``).
    """
    job_id = store.create(user_id, **info)
    threading.Thread(target=_run, args=(store, job_id, work), name=f"job-{job_id[:6]}", daemon=True).start()
    return job_id


def _run(store: JobStore, job_id: str, work: Callable[[Progress], dict]) -> None:
    try:
        report = work(_throttled_progress(store, job_id))
    except Exception:  # the person sees a reference; the traceback goes to the log
        reference = uuid.uuid4().hex[:8]
        log.exception("job %s failed, reference %s", job_id, reference)
        store.update(job_id, finished=True, phase="failed", error=reference)
        return
    store.update(job_id, finished=True, phase="done", report=report)


def _throttled_progress(store: JobStore, job_id: str) -> Progress:
    """Writes phase, done, total and ``base``: what was done before the current batch (a batch goes through every
    phase with the same ``done``), so a reader can tell how far the current batch has gone."""
    last = {"phase": None, "at": 0.0, "done": 0, "base": 0}

    def progress(phase: str, done: int, total: int) -> None:
        if done != last["done"]:
            last["base"], last["done"] = last["done"], done
        now = time.monotonic()
        if phase == last["phase"] and now - last["at"] < WRITE_EVERY_S and done < total:
            return
        last.update(phase=phase, at=now)
        store.update(job_id, phase=phase, done=int(done), total=int(total), base=int(last["base"]))

    return progress


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a temporary file in the same folder, then replace: readers see the old file or the new one."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=path.stem[:8], suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
