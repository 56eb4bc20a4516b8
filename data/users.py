"""Users and API tokens: argon2 password hashes, tokens stored only as their SHA-256.

A person may sign in (password or token) only while their account is active and approved: a self-registered
volunteer waits, ``approval = 'pending'``, until their district coordinator approves them (data/accounts.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from data import versions
from data.audit import record
from data.errors import Problem, UserInputError
from data.fields import read_text
from data.passwords import password_problems
from data.registries import ROLES
from data.schema import api_tokens, users

_hasher = PasswordHasher()  # argon2id, memory-hard
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,80}$")
MAX_TOKEN_NAME = 200
TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most once a minute per token
# who may sign in, by password or by token
MAY_SIGN_IN = (users.c.active, users.c.approval == "approved")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    conn: sa.Connection,
    username: str,
    password: str,
    role: str,
    area: str,
    display_name: str | None = None,
    *,
    phone: str | None = None,
    email: str | None = None,
) -> int:
    """Create an approved, active user; raise UserInputError (Thai and English) on a bad name, role or password."""
    problems = user_problems(conn, username, password, role, display_name or "")
    if problems:
        raise UserInputError.from_fields(problems)
    user_id = insert_user(conn, username, password, role, area, display_name, phone=phone, email=email)
    record(conn, "user.create", "user", user_id, None, {"username": username, "role": role, "area": area})
    return user_id


def user_problems(
    conn: sa.Connection, username: str, password: str, role: str, display_name: str = "", *, check_taken: bool = True
) -> list[tuple[str, str, str]]:
    """Every problem of a new account's name, role and password (data.passwords' rule), as (field, Thai, English).
    ``check_taken=False`` leaves out whether the name is taken (the public registration form never says)."""
    problems = []
    if not _USERNAME.match(username or ""):
        problems.append(
            (
                "username",
                "ชื่อผู้ใช้ต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ _ . @ - ยาว 3–80 ตัว",
                "the username must be 3–80 letters, digits or _ . @ -",
            )
        )
    if role not in ROLES:
        problems.append(
            (
                "role",
                f"ไม่รู้จักบทบาท {role!r} (ใช้ {', '.join(ROLES.codes)})",
                f"unknown role {role!r} (use {', '.join(ROLES.codes)})",
            )
        )
    problems += password_problems(password, username, display_name)
    if check_taken and username and conn.execute(sa.select(users.c.id).where(users.c.username == username)).first():
        problems.append(("username", f"มีผู้ใช้ชื่อ {username} อยู่แล้ว", f"a user named {username} already exists"))
    return problems


def insert_user(
    conn: sa.Connection,
    username: str,
    password: str,
    role: str,
    area: str,
    display_name: str | None = None,
    *,
    approval: str = "approved",
    phone: str | None = None,
    email: str | None = None,
    requested_username: str | None = None,
) -> int:
    """Store a checked account (see ``user_problems``); a pending one stays inactive until it is approved."""
    versions.bump(conn, "people")
    return conn.execute(
        sa.insert(users)
        .values(
            username=username,
            password_hash=hash_password(password),
            role=role,
            area=area,
            display_name=display_name,
            active=approval == "approved",
            approval=approval,
            phone=phone,
            email=email,
            requested_username=requested_username,
            created_at=dt.datetime.now(dt.UTC),
        )
        .returning(users.c.id)
    ).scalar_one()


def verify_password(conn: sa.Connection, username: str, password: str) -> dict | None:
    """The user, when the password is right and the account active and approved; otherwise None."""
    row = conn.execute(sa.select(users).where(users.c.username == username, *MAY_SIGN_IN)).mappings().first()
    if row is None:
        _hasher.hash(password)  # same work whether or not the user exists (or may sign in)
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return dict(row)


def password_matches(conn: sa.Connection, user_id: int, password: str) -> bool:
    """Whether ``password`` is the account's current one (a signed-in person confirming a change)."""
    stored = conn.execute(sa.select(users.c.password_hash).where(users.c.id == user_id)).scalar()
    try:
        return stored is not None and _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def account_id(conn: sa.Connection, username: str) -> int | None:
    """The id of the account named ``username`` (any state), or None: for the audit log and throttling, never shown."""
    return conn.execute(sa.select(users.c.id).where(users.c.username == (username or "").strip())).scalar()


def issue_token(conn: sa.Connection, user_id: int, name: Any = None) -> dict[str, Any]:
    """A new API token for user ``user_id``: {id, name, created_at, token}; the token is shown once, stored hashed."""
    problems: list[Problem] = []
    name = read_text(name, "name", problems, max_chars=None)  # text, without control characters
    if name and len(name) > MAX_TOKEN_NAME:
        th = f"ชื่อโทเค็นยาวได้ไม่เกิน {MAX_TOKEN_NAME} ตัวอักษร"
        problems.append(Problem("name", None, th, f"the token name may be at most {MAX_TOKEN_NAME} characters"))
    if problems:
        raise UserInputError(problems)
    token, now = "jt_" + secrets.token_urlsafe(32), dt.datetime.now(dt.UTC)
    token_id = conn.execute(
        sa.insert(api_tokens)
        .values(user_id=user_id, token_hash=hash_token(token), name=name, created_at=now)
        .returning(api_tokens.c.id)
    ).scalar_one()
    record(conn, "token.create", "token", token_id, user_id, {"name": name, "owner": user_id})
    return {"id": token_id, "name": name, "created_at": now, "token": token}


def create_token(conn: sa.Connection, username: str, name: str | None = None) -> str:
    """A new API token for ``username`` (active and approved); returned once and stored only as a hash."""
    query = sa.select(users.c.id, users.c.active, users.c.approval).where(users.c.username == username)
    row = conn.execute(query).first()
    if row is None:
        raise UserInputError.from_fields([("username", f"ไม่พบผู้ใช้ {username}", f"no user named {username}")])
    if not (row.active and row.approval == "approved"):
        raise UserInputError.from_fields(
            [
                (
                    "username",
                    f"บัญชี {username} ยังไม่ได้รับการอนุมัติหรือถูกระงับ จึงสร้างโทเค็นไม่ได้",
                    f"the account {username} is not approved or is deactivated, so it cannot have a token",
                )
            ]
        )
    return issue_token(conn, row.id, name)["token"]


def user_for_token(conn: sa.Connection, token: str) -> dict | None:
    """The user of a valid, unrevoked token (active and approved); notes when the token was last used."""
    query = (
        sa.select(users, api_tokens.c.id.label("_token_id"), api_tokens.c.last_used_at.label("_token_used"))
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == hash_token(token), api_tokens.c.revoked_at.is_(None), *MAY_SIGN_IN)
    )
    row = conn.execute(query).mappings().first()
    if row is None:
        return None
    user = dict(row)
    _touch_token(conn, user.pop("_token_id"), user.pop("_token_used"))
    return user


def revoke_tokens(conn: sa.Connection, user_id: int) -> int:
    """Every unrevoked token of an account stops working (deactivation: reactivating does not revive them)."""
    t = api_tokens.c
    done = conn.execute(
        sa.update(api_tokens)
        .where(t.user_id == user_id, t.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.UTC))
    )
    return done.rowcount or 0


def _touch_token(conn: sa.Connection, token_id: int, last_used: dt.datetime | None) -> None:
    """Write last_used_at, at most once a minute per token (``write_aside``)."""
    now = dt.datetime.now(dt.UTC)
    if last_used is not None:
        last_used = last_used if last_used.tzinfo else last_used.replace(tzinfo=dt.UTC)
        if now - last_used < TOKEN_TOUCH_EVERY:
            return
    write_aside(conn, sa.update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now))


def write_aside(conn: sa.Connection, touch) -> None:
    """Run a small bookkeeping write (when a token or a session was last used) in its own short transaction: the
    caller's connection is usually read-only and rolled back. When the caller already holds SQLite's write lock, on
    that connection."""
    if conn.dialect.name == "sqlite" and getattr(conn.connection.dbapi_connection, "in_transaction", False):
        conn.execute(touch)  # another connection would wait for this one's lock
        return
    with conn.engine.begin() as own:
        own.execute(touch)
