"""Sessions kept on the server: a signed-in browser's cookie holds a random id, stored here only as its SHA-256.

A session ends when the person signs out, when their password is changed or reset, when their account is deactivated
or reactivated, after ``hours`` (JITASA_SESSION_HOURS) however active, and after ``idle_minutes``
(JITASA_SESSION_IDLE_MINUTES) without a request. An ended session's cookie is worth nothing: a copy taken before
signing out stops working at once, in every app process (the rows are in the shared database).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from data.schema import user_sessions, users

TOUCH_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most once a minute per session


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite gives back naive UTC


def start_session(conn: sa.Connection, user_id: int, hours: int) -> str:
    """A new session for ``user_id`` lasting at most ``hours``; returns the id for the cookie (kept only hashed)."""
    token, now = secrets.token_urlsafe(32), dt.datetime.now(dt.UTC)
    conn.execute(
        sa.insert(user_sessions).values(
            user_id=user_id,
            token_hash=_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    return token


def session_user(conn: sa.Connection, token: str, idle_minutes: int) -> dict | None:
    """The user of a live session (not ended, not expired, not idle too long; the account active and approved), or
    None. Notes the session was used (at most once a minute)."""
    from data.users import MAY_SIGN_IN, write_aside

    s = user_sessions.c
    query = (
        sa.select(users, s.id.label("_session_id"), s.last_seen_at.label("_seen"), s.expires_at.label("_expires"))
        .join(user_sessions, s.user_id == users.c.id)
        .where(s.token_hash == _hash(token or ""), s.ended_at.is_(None), *MAY_SIGN_IN)
    )
    row = conn.execute(query).mappings().first()
    if row is None:
        return None
    user = dict(row)
    session_id, seen, expires = user.pop("_session_id"), _aware(user.pop("_seen")), _aware(user.pop("_expires"))
    now = dt.datetime.now(dt.UTC)
    if now >= expires or now - seen > dt.timedelta(minutes=idle_minutes):
        return None
    if now - seen >= TOUCH_EVERY:
        write_aside(conn, sa.update(user_sessions).where(s.id == session_id).values(last_seen_at=now))
    return user


def end_session(conn: sa.Connection, token: str) -> None:
    """Sign-out: this session ends."""
    s = user_sessions.c
    now = dt.datetime.now(dt.UTC)
    conn.execute(
        sa.update(user_sessions).where(s.token_hash == _hash(token or ""), s.ended_at.is_(None)).values(ended_at=now)
    )


def end_sessions(conn: sa.Connection, user_id: int) -> int:
    """Every live session of an account ends (password change or reset, deactivation, reactivation); how many."""
    s = user_sessions.c
    now = dt.datetime.now(dt.UTC)
    done = conn.execute(sa.update(user_sessions).where(s.user_id == user_id, s.ended_at.is_(None)).values(ended_at=now))
    return done.rowcount or 0
