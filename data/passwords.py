"""Passwords: which are refused, changing one, and one-time reset codes an admin hands a person.

The rule (OWASP ASVS 2.1, NIST SP 800-63B 5.1.1.2), the same for registration, create-user, change and reset: at
least MIN_PASSWORD characters and at most MAX_PASSWORD, any characters (Thai too), no composition rules; refused when
it is one of the 10,000 most common passwords (``common_passwords.txt``, see its SOURCE file), a repeated or
sequential run (``aaaaaaaa``, ``abababab``, ``12345678``), or contains the person's username, a part of their name,
or the site's name.

An offline government network has no mail, so a forgotten password is reset by an admin of the person's area
(``accounts.may_deactivate``: a province admin for lower roles in the province, a national admin for anyone else),
who is shown a one-time code once and hands it over in person or by phone; the person sets a new password with it at
/reset. A code is stored only as its SHA-256, expires after RESET_CODE_HOURS, works once, and a newer code replaces
the older ones. Setting a password ends every session of the account (data/sessions.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from data import sessions
from data.audit import record
from data.errors import UserInputError
from data.schema import password_resets, users

MIN_PASSWORD, MAX_PASSWORD = 8, 128
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
SITE_WORDS = ("jitasa", "จิตอาสา")
RESET_CODE_HOURS = 24
# read over the phone: no 0/O, 1/I/L; 12 characters of 31 ≈ 59 bits, and wrong tries are throttled like sign-ins
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_LENGTH = 12


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower case (a static file: read once per process)."""
    return frozenset(line.strip().lower() for line in COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines())


def password_problems(password: str, username: str = "", display_name: str = "") -> list[tuple[str, str, str]]:
    """What is wrong with a new password, as (field, Thai, English); empty when it may be used."""
    text = password or ""
    if len(text) < MIN_PASSWORD:
        return [
            _problem(
                f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร", f"the password must be at least {MIN_PASSWORD} characters"
            )
        ]
    if len(text) > MAX_PASSWORD:
        return [
            _problem(
                f"รหัสผ่านยาวได้ไม่เกิน {MAX_PASSWORD} ตัวอักษร", f"the password may be at most {MAX_PASSWORD} characters"
            )
        ]
    lower = text.lower()
    if lower in common_passwords() or _repetitive(lower) or _sequential(lower):
        return [
            _problem(
                "รหัสผ่านนี้เดาง่ายเกินไป (เป็นรหัสผ่านที่ใช้กันบ่อยหรือตัวอักษรซ้ำ/เรียงกัน) โปรดใช้วลีที่จำได้แต่คนอื่นเดาไม่ได้",
                "this password is too easy to guess (a common one, or repeated or sequential characters); use a "
                "phrase you remember that others would not guess",
            )
        ]
    if _contains_own_words(lower, username, display_name):
        return [
            _problem(
                "รหัสผ่านต้องไม่มีชื่อผู้ใช้ ชื่อของคุณ หรือชื่อระบบอยู่ในนั้น",
                "the password must not contain your username, your name or the site's name",
            )
        ]
    return []


def _problem(th: str, en: str) -> tuple[str, str, str]:
    return ("password", th, en)


def _repetitive(text: str) -> bool:
    """A short unit repeated (aaaaaaaa, abababab, abcabcab) or at most two different characters."""
    return len(set(text)) <= 2 or any(text == (text[:n] * len(text))[: len(text)] for n in range(1, 5))


def _sequential(text: str) -> bool:
    """Each character one after or one before the last (12345678, abcdefgh, 87654321)."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:])}
    return steps in ({1}, {-1})


def _contains_own_words(text: str, username: str, display_name: str) -> bool:
    words = [(username or "").lower(), *SITE_WORDS, *re.split(r"\s+", (display_name or "").lower())]
    return any(len(w) >= 3 and w in text for w in words)


def check_password(password: str, username: str = "", display_name: str = "") -> None:
    """Raise UserInputError (Thai and English) unless ``password`` may be used."""
    problems = password_problems(password, username, display_name)
    if problems:
        raise UserInputError.from_fields(problems)


# -- changing a password ------------------------------------------------------------------------------------------
def set_password(conn: sa.Connection, user_id: int, password: str) -> None:
    """Store a new password (already checked) and end every session of the account."""
    from data.users import hash_password

    conn.execute(sa.update(users).where(users.c.id == user_id).values(password_hash=hash_password(password)))
    sessions.end_sessions(conn, user_id)


def change_password(conn: sa.Connection, user: dict, current: str, new: str, again: str) -> None:
    """A signed-in person changes their own password: the current one first; every session of theirs ends."""
    from data.users import password_matches

    problems = []
    if not password_matches(conn, user["id"], current or ""):
        problems.append(("current", "รหัสผ่านปัจจุบันไม่ถูกต้อง", "the current password is wrong"))
    problems += _new_password_problems(user, new, again)
    if problems:
        raise UserInputError.from_fields(problems)
    set_password(conn, user["id"], new)
    record(conn, "user.password_change", "user", user["id"], user["id"], None)


def _new_password_problems(user: dict, new: str, again: str) -> list[tuple[str, str, str]]:
    problems = password_problems(new, user["username"], user.get("display_name") or "")
    if (new or "") != (again or ""):
        problems.append(("password_again", "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน", "the two new passwords differ"))
    return problems


# -- one-time reset codes ----------------------------------------------------------------------------------------------
def _code_hash(code: str) -> str:
    normalized = re.sub(r"[\s-]", "", code or "").upper()
    return hashlib.sha256(normalized.encode()).hexdigest()


def issue_reset_code(conn: sa.Connection, user_id: int, actor: dict) -> dict[str, Any]:
    """A one-time code for ``user_id``, for an admin of their area to hand over: {code, expires_at, username}; shown
    once, stored hashed. Older codes of the account stop working."""
    from data.accounts import may_deactivate, user_or_refuse

    target = user_or_refuse(conn, user_id, actor, may_deactivate)
    now = dt.datetime.now(dt.UTC)
    conn.execute(
        sa.update(password_resets)
        .where(password_resets.c.user_id == user_id, password_resets.c.used_at.is_(None))
        .values(used_at=now)
    )
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    code = "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))
    expires = now + dt.timedelta(hours=RESET_CODE_HOURS)
    conn.execute(
        sa.insert(password_resets).values(
            user_id=user_id, code_hash=_code_hash(code), created_by=actor["id"], created_at=now, expires_at=expires
        )
    )
    record(conn, "user.reset_code", "user", user_id, actor["id"], {"expires_at": expires.isoformat()})
    return {"code": code, "expires_at": expires, "username": target["username"]}


def reset_with_code(conn: sa.Connection, account_id: int | None, code: str, new: str, again: str) -> dict | None:
    """Set a new password with a one-time code: the account's user when done, None when the code is not a valid one
    for this account (wrong, used, replaced or expired: one answer for all). A bad new password raises
    UserInputError and keeps the code."""
    row = _valid_code(conn, account_id, code)
    if row is None:
        return None
    user = dict(conn.execute(sa.select(users).where(users.c.id == account_id)).mappings().one())
    problems = _new_password_problems(user, new, again)
    if problems:
        raise UserInputError.from_fields(problems)
    conn.execute(
        sa.update(password_resets).where(password_resets.c.id == row.id).values(used_at=dt.datetime.now(dt.UTC))
    )
    set_password(conn, user["id"], new)
    record(conn, "user.password_reset", "user", user["id"], user["id"], None)
    return user


def _valid_code(conn: sa.Connection, account_id: int | None, code: str):
    if account_id is None:
        return None
    r = password_resets.c
    now = dt.datetime.now(dt.UTC)
    query = sa.select(r.id, r.expires_at).where(
        r.user_id == account_id, r.code_hash == _code_hash(code), r.used_at.is_(None)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    return row if expires > now else None
