"""Idempotency keys: a write sent twice with the same key (a double tap on Save, a retry after a lost answer) is
stored once, and every sending gets the answer of the one that stored.

The form generates a key with each form it shows and sends it with the save; an API client sends
``Idempotency-Key``. ``run_once`` claims (scope, user, key) with an INSERT as the first statement of the write's
transaction, so a second sending at the same moment waits for the first (PostgreSQL: on the key's unique index;
SQLite: on the write lock), then finds the key taken and reads the first answer. Only a write that stored keeps its
key: a refused one (problems to fix) can be corrected and sent again with the same key. Keys live ``KEEP_S``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from data.db import is_conflict, is_locked
from data.errors import Conflict, Problem, UserInputError
from data.schema import idempotency_keys

KEEP_S = 24 * 3600
_KEY = re.compile(r"^[\x21-\x7e]{8,100}$")  # printable ASCII, no spaces: a UUID, a random token


class _Discard(Exception):
    """The write refused itself (problems, nothing stored): roll back, key and all, and answer."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer


def valid_key(key: str | None) -> str | None:
    """The key, checked (None when none was sent); a UserInputError saying what a key is."""
    if key is None or key == "":
        return None
    if not _KEY.match(key):
        raise UserInputError(
            [
                Problem(
                    "Idempotency-Key",
                    key[:40],
                    "Idempotency-Key ต้องเป็นอักขระ ASCII ที่พิมพ์ได้ 8–100 ตัว ไม่มีช่องว่าง (เช่น UUID)",
                    "an Idempotency-Key is 8 to 100 printable ASCII characters without spaces (a UUID, say)",
                )
            ]
        )
    return key


def run_once(
    engine: sa.Engine, scope: str, user_id: int, key: str | None, write: Callable[[sa.Connection], tuple[Any, bool]]
) -> Any:
    """``write(conn) -> (answer, stored)`` in one transaction, once per (scope, user, key); returns its answer, or
    the answer kept from the sending that stored. ``answer`` must be JSON. Without a key: ``write`` once, as is."""
    if key is None:
        with engine.begin() as conn:
            return write(conn)[0]
    kept = _kept(engine, scope, user_id, key)
    if kept is not None:
        return kept
    try:
        with engine.begin() as conn:
            _claim(conn, scope, user_id, key)  # first: a second sending waits here for this transaction
            answer, stored = write(conn)
            if not stored:
                raise _Discard(answer)
            where = _where(scope, user_id, key)
            conn.execute(sa.update(idempotency_keys).where(*where).values(answer=answer))
            return answer
    except _Discard as discarded:
        return discarded.answer
    except sa.exc.DBAPIError as exc:
        if not (is_conflict(exc) or is_locked(exc)):
            raise
        kept = _kept(engine, scope, user_id, key)
        if kept is not None:
            return kept
        raise Conflict(
            [],
            "this was sent again while the first sending was still being saved; reload to see whether it was saved",
            "ส่งซ้ำขณะที่การส่งครั้งแรกยังบันทึกไม่เสร็จ โปรดโหลดหน้าใหม่เพื่อดูว่าบันทึกแล้วหรือยัง",
        ) from exc


def _where(scope: str, user_id: int, key: str) -> tuple:
    c = idempotency_keys.c
    return c.scope == scope, c.user_id == user_id, c.key == key


def _kept(engine: sa.Engine, scope: str, user_id: int, key: str) -> Any:
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=KEEP_S)
    with engine.connect() as conn:
        query = sa.select(idempotency_keys.c.answer).where(
            *_where(scope, user_id, key), idempotency_keys.c.created_at >= since
        )
        return conn.execute(query).scalar()


def _claim(conn: sa.Connection, scope: str, user_id: int, key: str) -> None:
    """Forget the keys older than a day (everyone's: an indexed range), then take this one."""
    now = dt.datetime.now(dt.UTC)
    expired = idempotency_keys.c.created_at < now - dt.timedelta(seconds=KEEP_S)
    conn.execute(sa.delete(idempotency_keys).where(expired))
    conn.execute(sa.insert(idempotency_keys).values(scope=scope, user_id=user_id, key=key, created_at=now))
