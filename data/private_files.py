"""The data directory and the files in it that only the app's own user may read: the directory 0700, the SQLite
database and the key files 0600 (made so from the start, never written first and narrowed after).

The keys: the session secret (``JITASA_SECRET_KEY``, else ``secret_key``) and the id hash key (``JITASA_ID_HASH_KEY``,
else ``id_hash_key``), two different keys since issue 15. Until then national ids were hashed with the session
secret; a deployment that stored survey records then keeps that key as its id hash key (``id_hash_key`` is written
from the session secret at its first start), so that every stored hash stays valid.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

log = logging.getLogger(__name__)

SECRET_FILE = "secret_key"
ID_HASH_KEY_FILE = "id_hash_key"


def private_dir(path: Path) -> Path:
    """``path`` made if missing and readable by its owner only (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _narrow(path, 0o700)
    return path


def private_file(path: Path) -> None:
    """An empty file at ``path`` made 0600 when there is none (SQLite then gives its -wal and -shm files the same
    mode); an existing one narrowed to 0600."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        _narrow(path, 0o600)


def key_file(path: Path, make: Callable[[], str]) -> str:
    """The key kept in ``path``; when there is none, ``make()`` written there first, 0600 from the start. Several
    processes starting at once agree: the first to create the file wins, the others read it."""
    if not path.exists():
        value = make()
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(value)
            return value
    _narrow(path, 0o600)
    for _ in range(50):  # another process may have created it a moment ago and be writing it
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
        time.sleep(0.1)
    raise RuntimeError(f"{path} is empty: delete it and start again")


def secret_key(setting: str, data_dir: Path) -> str:
    """The session secret: the setting, else the key kept in the data directory."""
    return setting or key_file(data_dir / SECRET_FILE, lambda: secrets.token_urlsafe(48))


def id_hash_key(setting: str, data_dir: Path, engine: sa.Engine, session_secret: str) -> str:
    """The key of the national ids' keyed hash: the setting, else the key kept in the data directory, made at the
    first start from ``session_secret`` when the database already holds survey records (hashed with it), else at
    random."""
    if setting:
        return setting

    def make() -> str:
        if _holds_survey_records(engine):
            log.info("id hash key: the session secret, with which the stored national ids were hashed")
            return session_secret
        return secrets.token_urlsafe(48)

    return key_file(data_dir / ID_HASH_KEY_FILE, make)


def _holds_survey_records(engine: sa.Engine) -> bool:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("survey_records"):
            return False
        return conn.execute(sa.text("SELECT 1 FROM survey_records LIMIT 1")).first() is not None


def _narrow(path: Path, mode: int) -> None:
    """Narrow the mode of a file the app owns; one it does not own (a mounted volume) is left as it is."""
    with contextlib.suppress(PermissionError):
        if path.stat().st_mode & 0o777 & ~mode:
            path.chmod(mode)
