"""Background jobs of the upload page: a thread in the server process, its progress in a small JSON file.

Files, not the database: an import holds SQLite's write lock for its whole transaction, and several app processes
(gunicorn) share the data directory, so any of them can answer the page's polling. Each job file is replaced
atomically (a temporary file, then ``os.replace``): a reader never sees half of one. A job belongs to the user who
started it; reading it as anyone else gives nothing, as if it did not exist. Old jobs are removed when a new one
starts; a job whose process stopped (a restart) reads as failed once it has been silent for ``STALLED_S``, and
``clear_at_start`` removes what such a job left.

A job file: ``{id, user_id, phase, done, total, base, finished, report, error, started_at, updated_at, ...info}``.
Phases are those of the import pipeline ("read", "validate", "store", for each chunk of rows), then "done".

The file a check keeps for its save (``<id>.bin``) may hold national ids: it is written encrypted (SHAKE-256 key
stream, HMAC-SHA256 tag) with a key made for that job and never written anywhere: it is part of the ticket ``create``
returns (``<id>.<key>``), which only the page that started the job holds. The data directory alone never gives the
file back, and a changed one is refused. It stays for the saves of that check (a second "Save" of the same file
changes nothing, and says so) until the person checks another file, and is removed when its check fails, at the next
start after the process died, and after ``MAX_AGE_S``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
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
JOBS_DIR = "jobs"  # under the data directory

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class JobStore:
    """Job files in ``directory``: ``<id>.json`` (state and report) and ``<id>.bin`` (the file being imported)."""

    directory: Path
    max_age_s: float = MAX_AGE_S
    stalled_s: float = STALLED_S

    def create(self, user_id: int, content: bytes | None = None, **info: Any) -> str:
        """A new job for ``user_id``; returns its ticket: its id, or ``<id>.<key>`` when ``content`` is kept beside
        it (encrypted with that key, e.g. so that a checked file can be saved later)."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.cleanup()
        job_id = secrets.token_urlsafe(18)
        now = time.time()
        ticket = job_id
        if content is not None:
            self._discard_kept_of(user_id)  # one kept file a person: the file they check now
            key = secrets.token_bytes(32)
            _write_atomic(self._path(job_id, ".bin"), _seal(key, content))
            ticket = f"{job_id}.{base64.urlsafe_b64encode(key).decode().rstrip('=')}"
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
        return ticket

    def read(self, ticket: str | None, user_id: int | None) -> dict | None:
        """The job, or None when there is none with that id for this user."""
        record = self._load(_job_id(ticket))
        if record is None or user_id is None or record.get("user_id") != user_id:
            return None
        if not record["finished"] and time.time() - record["updated_at"] > self.stalled_s:
            record.update(finished=True, phase="failed", error="stalled")  # the server stopped while it ran
        return record

    def content(self, ticket: str | None, user_id: int | None) -> bytes | None:
        """The file kept with the job (only for its own user, with the key of its ticket); None when there is none,
        or it was changed."""
        if self.read(ticket, user_id) is None or "." not in str(ticket):
            return None
        job_id, key = str(ticket).split(".", 1)
        try:
            sealed = self._path(job_id, ".bin").read_bytes()
            return _open(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)), sealed)
        except (FileNotFoundError, ValueError):
            return None

    def discard_content(self, ticket: str | None) -> None:
        """Remove the file kept with a job (its save has ended)."""
        job_id = _job_id(ticket)
        if job_id and _JOB_ID.match(job_id):
            self._path(job_id, ".bin").unlink(missing_ok=True)

    def update(self, ticket: str, **fields: Any) -> None:
        """Change fields of a job (only its worker writes to a running job)."""
        job_id = _job_id(ticket)
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

    def _discard_kept_of(self, user_id: int) -> None:
        for path in self.directory.glob("*.bin"):
            record = self._load(path.stem)
            if record is not None and record.get("user_id") == user_id:
                path.unlink(missing_ok=True)

    def clear_at_start(self) -> int:
        """At a process's start: remove what jobs that died with their process left (temporary files, the files of
        jobs silent for ``stalled_s``, kept files without their job), and what ``cleanup`` would. Jobs another
        process is running are left alone. Returns how many files were removed."""
        if not self.directory.is_dir():
            return 0
        removed = self.cleanup()
        now = time.time()
        for path in self.directory.iterdir():
            try:
                if path.suffix == ".tmp" and now - path.stat().st_mtime > self.stalled_s:
                    path.unlink()
                elif path.suffix == ".bin" and not path.with_suffix(".json").exists():
                    path.unlink()
                elif path.suffix == ".json" and self._died(path.stem, now):
                    kept = path.with_suffix(".bin")
                    if kept.exists():
                        kept.unlink(missing_ok=True)
                        removed += 1
                    path.unlink()
                else:
                    continue
                removed += 1
            except FileNotFoundError:  # another process removed it first
                continue
        return removed

    def _died(self, job_id: str, now: float) -> bool:
        record = self._load(job_id)
        return record is not None and not record["finished"] and now - record["updated_at"] > self.stalled_s

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
    """Run ``work(progress)`` in a thread; its return value becomes the job's report. Returns the job's ticket.

    ``content`` in ``info`` is kept beside the job (see ``JobStore.create``); it is removed if the job fails.
    """
    ticket = store.create(user_id, **info)
    name = f"job-{ticket[:6]}"
    threading.Thread(target=_run, args=(store, ticket, work), name=name, daemon=True).start()
    return ticket


def _run(store: JobStore, ticket: str, work: Callable[[Progress], dict]) -> None:
    try:
        report = work(_throttled_progress(store, ticket))
    except Exception:  # the person sees a reference; the traceback goes to the log
        reference = uuid.uuid4().hex[:8]
        log.exception("job %s failed, reference %s", _job_id(ticket), reference)  # never the ticket's key
        store.update(ticket, finished=True, phase="failed", error=reference)
        store.discard_content(ticket)
        return
    store.update(ticket, finished=True, phase="done", report=report)


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


def _job_id(ticket: str | None) -> str | None:
    return str(ticket).split(".", 1)[0] if ticket else None


# -- a kept file, encrypted ----------------------------------------------------------------------------------------
def _seal(key: bytes, data: bytes) -> bytes:
    """``data`` encrypted with ``key`` (a key made for this one file): XOR with SHAKE-256(key) as a key stream, then
    an HMAC-SHA256 tag of the result."""
    cipher = _xor(data, hashlib.shake_256(b"jitasa-job-file\0" + key).digest(len(data)) if data else b"")
    return hmac.digest(key, cipher, "sha256") + cipher


def _open(key: bytes, sealed: bytes) -> bytes:
    tag, cipher = sealed[:32], sealed[32:]
    if len(key) != 32 or not hmac.compare_digest(tag, hmac.digest(key, cipher, "sha256")):
        raise ValueError("the kept file was changed, or the key is wrong")
    return _xor(cipher, hashlib.shake_256(b"jitasa-job-file\0" + key).digest(len(cipher)) if cipher else b"")


def _xor(data: bytes, stream: bytes) -> bytes:
    import numpy as np

    return (np.frombuffer(data, np.uint8) ^ np.frombuffer(stream, np.uint8)).tobytes()
