"""Users and API tokens: argon2 password hashes, tokens stored only as their SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from data.audit import record
from data.errors import UserInputError
from data.registries import ROLES
from data.schema import api_tokens, users

_hasher = PasswordHasher()  # argon2id, memory-hard
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,80}$")
MIN_PASSWORD = 8


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    conn: sa.Connection, username: str, password: str, role: str, area: str, display_name: str | None = None
) -> int:
    """Create a user; raise UserInputError (Thai and English) on a bad name, role, area form or password."""
    problems = []
    if not _USERNAME.match(username):
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
    if len(password) < MIN_PASSWORD:
        problems.append(
            (
                "password",
                f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร",
                f"the password must be at least {MIN_PASSWORD} characters",
            )
        )
    if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first():
        problems.append(("username", f"มีผู้ใช้ชื่อ {username} อยู่แล้ว", f"a user named {username} already exists"))
    if problems:
        raise UserInputError.from_fields(problems)
    user_id = conn.execute(
        sa.insert(users)
        .values(
            username=username,
            password_hash=_hasher.hash(password),
            role=role,
            area=area,
            display_name=display_name,
            active=True,
            created_at=dt.datetime.now(dt.UTC),
        )
        .returning(users.c.id)
    ).scalar_one()
    record(conn, "user.create", "user", user_id, None, {"username": username, "role": role, "area": area})
    return user_id


def verify_password(conn: sa.Connection, username: str, password: str) -> dict | None:
    row = conn.execute(sa.select(users).where(users.c.username == username, users.c.active)).mappings().first()
    if row is None:
        _hasher.hash(password)  # same work whether or not the user exists
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return dict(row)


def create_token(conn: sa.Connection, username: str, name: str | None = None) -> str:
    """A new API token for ``username``; the token itself is returned once and stored only as a hash."""
    user_id = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
    if user_id is None:
        raise UserInputError.from_fields([("username", f"ไม่พบผู้ใช้ {username}", f"no user named {username}")])
    token = "jt_" + secrets.token_urlsafe(32)
    conn.execute(
        sa.insert(api_tokens).values(
            user_id=user_id, token_hash=hash_token(token), name=name, created_at=dt.datetime.now(dt.UTC)
        )
    )
    record(conn, "token.create", "user", user_id, user_id, {"name": name})
    return token


def user_for_token(conn: sa.Connection, token: str) -> dict | None:
    row = (
        conn.execute(
            sa.select(users)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.token_hash == hash_token(token), api_tokens.c.revoked_at.is_(None), users.c.active)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None
