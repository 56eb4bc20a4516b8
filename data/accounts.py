"""Accounts: volunteer self-registration and its approval, the users of an area, deactivation, API tokens.

Who may do what, checked here (the pages and the API ask again who is signing in, then call these):
- anyone may register as a volunteer (อาสาข้อมูล) for a subdistrict or a district; the account waits, pending;
- the coordinator of that district approves or rejects it (a province admin of the province, a national admin too);
- a province admin deactivates users of a lower role in their province (a national admin: anyone but themselves);
- a token is revoked by its owner or by an admin whose area contains the owner's.
Every change is written to the audit log (who, what, which account; never a password or a token).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa

from data import scope, sessions, versions
from data.audit import record
from data.errors import UserInputError
from data.registries import ROLES
from data.schema import api_tokens, audit_log, survey_records, users
from data.scope import AccessDenied
from data.users import insert_user, revoke_tokens, user_problems
from geo.registry import AreaNotFound
from geo.thai import ascii_digits, phone_digits

VOLUNTEER_LEVELS = ("subdistrict", "district")
MIN_PHONE_DIGITS, MAX_PHONE = 9, 50
# what a list of people shows: never the password hash
USER_FIELDS = (
    "id",
    "username",
    "display_name",
    "role",
    "area",
    "active",
    "approval",
    "phone",
    "email",
    "created_at",
    "approved_at",
    "requested_username",
)


def phone_problem(phone: str | None, required: bool = False, max_length: int = MAX_PHONE) -> tuple[str, str] | None:
    """(Thai, English) when a phone number cannot be one: at least 9 digits (Thai digits count), not too long."""
    text = (phone or "").strip()
    if not text:
        return ("ต้องระบุหมายเลขโทรศัพท์", "a phone number is needed") if required else None
    digits = re.sub(r"\D", "", ascii_digits(text))
    if len(digits) < MIN_PHONE_DIGITS or len(text) > max_length:
        return (
            f"หมายเลขโทรศัพท์ “{text}” ไม่ถูกต้อง (อย่างน้อย {MIN_PHONE_DIGITS} หลัก เช่น 081-234-5678)",
            f"“{text}” is not a phone number (at least {MIN_PHONE_DIGITS} digits, e.g. 081-234-5678)",
        )
    return None


# -- registration and approval ----------------------------------------------------------------------------------------
def register_volunteer(
    conn: sa.Connection,
    registry,
    username: str,
    password: str,
    display_name: str,
    phone: str,
    area: str,
    *,
    password_again: str | None = None,
) -> int:
    """A new volunteer account, pending approval by the coordinator of its district; every problem reported at once.

    ``area`` is a subdistrict or a district (a code or a name); ``password_again``, when given, must match. A name
    already taken is not a problem here (that would tell the public which names exist): see ``free_username``.
    """
    username = (username or "").strip()
    problems = user_problems(conn, username, password or "", "volunteer", display_name or "", check_taken=False)
    if password_again is not None and password_again != password:
        problems.append(("password_again", "รหัสผ่านทั้งสองช่องไม่ตรงกัน", "the two passwords differ"))
    if not (display_name or "").strip():
        problems.append(("display_name", "ต้องระบุชื่อ-นามสกุล", "your full name is needed"))
    bad_phone = phone_problem(phone, required=True)
    if bad_phone:
        problems.append(("phone", *bad_phone))
    code = _volunteer_area(registry, area, problems)
    if problems:
        raise UserInputError.from_fields(problems)
    given = free_username(conn, username)
    user_id = insert_user(
        conn,
        given,
        password,
        "volunteer",
        code,
        display_name.strip(),
        approval="pending",
        phone=phone_digits(phone.strip()),
        requested_username=None if given == username else username,
    )
    record(conn, "user.register", "user", user_id, None, {"username": given, "area": code})
    return user_id


def free_username(conn: sa.Connection, wanted: str) -> str:
    """``wanted`` when no account has it, else the first free ``wanted.2``, ``wanted.3``, ... (the public form says
    the same either way: a registration never confirms that a name exists; the coordinator sees the name given, and
    the one asked for, when approving, and tells the person by phone)."""
    taken = set(
        conn.execute(
            sa.select(users.c.username).where(
                sa.or_(users.c.username == wanted, users.c.username.startswith(wanted + ".", autoescape=True))
            )
        ).scalars()
    )
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted[:70]}.{number}" in taken:
        number += 1
    return f"{wanted[:70]}.{number}"


def _volunteer_area(registry, area: str | None, problems: list) -> str | None:
    if not (area or "").strip():
        problems.append(("area", "โปรดเลือกอำเภอหรือตำบลที่จะทำงาน", "choose the district or subdistrict you will work in"))
        return None
    try:
        code = registry.resolve(area)
    except AreaNotFound as exc:
        problems.append(("area", exc.message_th, str(exc)))
        return None
    if registry.level_of(code) not in VOLUNTEER_LEVELS:
        problems.append(
            (
                "area",
                "อาสาข้อมูลลงทะเบียนได้ในระดับอำเภอหรือตำบล ไม่ใช่ทั้งจังหวัด",
                "a volunteer registers for a district or a subdistrict, not a whole province",
            )
        )
        return None
    return code


def list_pending(conn: sa.Connection, area: str) -> list[dict[str, Any]]:
    """Volunteers waiting for approval in ``area`` (a coordinator's district, a province, or TH), oldest first."""
    query = (
        sa.select(*(users.c[f] for f in USER_FIELDS))
        .where(users.c.approval == "pending", scope.where_prefix(area, users.c.area))
        .order_by(users.c.created_at, users.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def approve(conn: sa.Connection, user_id: int, approver: dict) -> dict[str, Any]:
    """Approve a pending volunteer: they may sign in from now on."""
    return _decide(conn, user_id, approver, "approved")


def reject(conn: sa.Connection, user_id: int, approver: dict) -> dict[str, Any]:
    """Reject a pending volunteer: the account stays, unable to sign in, so the name cannot be registered again."""
    return _decide(conn, user_id, approver, "rejected")


def may_decide(approver: dict, target: dict) -> bool:
    """The coordinator of the volunteer's district, an admin of its province, a national admin."""
    return scope.permitted(approver, target["area"], "coordinator")


def _decide(conn: sa.Connection, user_id: int, approver: dict, decision: str) -> dict[str, Any]:
    target = user_or_refuse(conn, user_id, approver, may_decide)
    if target["approval"] != "pending":
        raise UserInputError.from_fields(
            [
                (
                    "approval",
                    f"บัญชี {target['username']} ไม่ได้รออนุมัติแล้ว",
                    f"the account {target['username']} is no longer waiting for approval",
                )
            ]
        )
    now = dt.datetime.now(dt.UTC)
    values = {"approval": decision, "active": decision == "approved", "approved_by": approver["id"], "approved_at": now}
    conn.execute(sa.update(users).where(users.c.id == user_id).values(**values))
    versions.bump(conn, "people")
    action = "user.approve" if decision == "approved" else "user.reject"
    record(conn, action, "user", user_id, approver["id"], {"username": target["username"], "area": target["area"]})
    return {**target, **values}


# -- the users of an area ---------------------------------------------------------------------------------------------
def list_users(conn: sa.Connection, area: str, roles: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Users whose area lies in ``area``, decided (not pending), each with their survey count and last survey date."""
    surveys = (
        sa.select(
            survey_records.c.volunteer_id,
            sa.func.count().label("surveys"),
            sa.func.max(survey_records.c.survey_date).label("last_survey"),
        )
        .group_by(survey_records.c.volunteer_id)
        .subquery()
    )
    query = (
        sa.select(*(users.c[f] for f in USER_FIELDS), surveys.c.surveys, surveys.c.last_survey)
        .select_from(users.outerjoin(surveys, surveys.c.volunteer_id == users.c.id))
        .where(scope.where_prefix(area, users.c.area), users.c.approval != "pending")
        .order_by(users.c.area, users.c.username)
    )
    if roles:
        query = query.where(users.c.role.in_(roles))
    return [{**r, "surveys": r["surveys"] or 0} for r in conn.execute(query).mappings()]


def may_deactivate(actor: dict, target: dict) -> bool:
    """A province admin: users of a lower role in their province; a national admin: anyone else."""
    if not ROLES.at_least(actor, "province_admin") or actor["id"] == target["id"]:
        return False
    if ROLES.at_least(actor, "national_admin"):
        return True
    return ROLES.rank(target["role"]) < ROLES.rank(actor["role"]) and scope.within(target["area"], actor["area"])


def deactivate(conn: sa.Connection, user_id: int, actor: dict) -> dict[str, Any]:
    """Stop an account signing in: its sessions end and its tokens are revoked at once; its records stay."""
    return _set_active(conn, user_id, actor, False)


def reactivate(conn: sa.Connection, user_id: int, actor: dict) -> dict[str, Any]:
    """Undo a deactivation (an approved account only: a pending or rejected one is decided by approval). The person
    signs in again; sessions and tokens from before stay ended."""
    return _set_active(conn, user_id, actor, True)


def _set_active(conn: sa.Connection, user_id: int, actor: dict, active: bool) -> dict[str, Any]:
    target = user_or_refuse(conn, user_id, actor, may_deactivate)
    if active and target["approval"] != "approved":
        raise UserInputError.from_fields([("approval", "บัญชีนี้ยังไม่ได้รับการอนุมัติ", "this account has not been approved")])
    conn.execute(sa.update(users).where(users.c.id == user_id).values(active=active))
    sessions.end_sessions(conn, user_id)  # deactivated: signed out at once; reactivated: old sessions stay ended
    if not active:
        revoke_tokens(conn, user_id)  # reactivating never revives a token: the person makes new ones
    versions.bump(conn, "people")
    action = "user.reactivate" if active else "user.deactivate"
    record(
        conn,
        action,
        "user",
        user_id,
        actor["id"],
        {"before": {"active": target["active"]}, "after": {"active": active}},
    )
    return {**target, "active": active}


def user_or_refuse(conn: sa.Connection, user_id: Any, actor: dict, rule) -> dict[str, Any]:
    """The account ``user_id`` when ``rule(actor, account)`` lets the actor manage it; otherwise one refusal, the
    same whether the account exists or not, naming nobody (stepping through ids reveals no one)."""
    row = None
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        query = sa.select(*(users.c[f] for f in USER_FIELDS)).where(users.c.id == user_id)
        row = conn.execute(query).mappings().first()
    if row is None or actor is None or not rule(actor, dict(row)):
        raise AccessDenied("you may not manage this account (or there is none)", "คุณจัดการบัญชีนี้ไม่ได้ (หรือไม่มีบัญชีนี้)")
    return dict(row)


def _user(conn: sa.Connection, user_id: int) -> dict[str, Any]:
    row = conn.execute(sa.select(*(users.c[f] for f in USER_FIELDS)).where(users.c.id == user_id)).mappings().first()
    if row is None:
        raise UserInputError.from_fields([("user", f"ไม่พบผู้ใช้รหัส {user_id}", f"no user with id {user_id}")])
    return dict(row)


# -- API tokens -----------------------------------------------------------------------------------------------------
def list_tokens(conn: sa.Connection, user_id: int) -> list[dict[str, Any]]:
    """A person's tokens, newest first: id, name, created_at, last_used_at, revoked_at (never the token)."""
    t = api_tokens.c
    query = (
        sa.select(t.id, t.name, t.created_at, t.last_used_at, t.revoked_at)
        .where(t.user_id == user_id)
        .order_by(t.created_at.desc(), t.id.desc())
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def may_revoke(actor: dict, owner: dict) -> bool:
    """The owner, or a province or national admin whose area contains the owner's."""
    if actor["id"] == owner["id"]:
        return True
    return scope.permitted(actor, owner["area"], "province_admin")


def revoke_token(conn: sa.Connection, token_id: int, actor: dict) -> dict[str, Any] | None:
    """Revoke a token (at once: the next request with it gets 401). None when there is no such token;
    a token revoked already stays as it was."""
    t = api_tokens.c
    row = (
        conn.execute(
            sa.select(t.id, t.name, t.user_id, t.created_at, t.last_used_at, t.revoked_at).where(t.id == token_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    owner = _user(conn, row["user_id"])
    if not may_revoke(actor, owner):
        raise AccessDenied(
            "only the token's owner or an admin of their area may revoke it",
            "เฉพาะเจ้าของโทเค็นหรือผู้ดูแลพื้นที่ของเจ้าของเท่านั้นที่ยกเลิกโทเค็นได้",
        )
    token = dict(row)
    if token["revoked_at"] is not None:
        return token
    token["revoked_at"] = dt.datetime.now(dt.UTC)
    conn.execute(sa.update(api_tokens).where(t.id == token_id).values(revoked_at=token["revoked_at"]))
    record(conn, "token.revoke", "token", token_id, actor["id"], {"owner": owner["id"], "name": token["name"]})
    return token


# -- throttling: counted in the audit log, so every app process behind gunicorn sees the same count ------------------
# Failed sign-ins (and wrong reset codes) are counted per (account, address) and per address, never per account alone:
# nobody can lock someone else out by typing their name, and the right password from another address signs in. Past
# the free tries each failure doubles the wait, up to MAX_DELAY. Addresses are keyed hashes (the audit log keeps no
# raw address); behind a proxy they are the visitors' own only with JITASA_TRUSTED_PROXIES set.
FAILURE_WINDOW = dt.timedelta(hours=1)  # failures older than this no longer count
PAIR_FREE, ADDRESS_FREE = 5, 20  # failures before the waits start: one account from one address; one address
FIRST_DELAY, MAX_DELAY = dt.timedelta(minutes=1), dt.timedelta(minutes=15)
MAX_REGISTRATIONS = 5  # self-registration attempts per address and hour
LOGIN_FAILED, LOGIN_DONE = "user.login_failed", "user.login"


def login_wait_minutes(conn: sa.Connection, account: int | None, client: str) -> int:
    """Minutes to wait before another sign-in try for ``account`` (its id, None when the name matches none) from
    ``client`` (an address's keyed hash); 0 to go ahead.

    A throttled attempt costs two small indexed queries and no password hashing, so flooding the form is slowed,
    not crashing the server.
    """
    now = dt.datetime.now(dt.UTC)
    since = now - FAILURE_WINDOW
    a = audit_log.c
    recent = sa.select(a.at, a.user_id).where(a.action == LOGIN_FAILED, a.entity_id == client, a.at >= since)
    failures = [(_aware(at), user_id) for at, user_id in conn.execute(recent)]
    last_success = None
    if account is not None:
        done = sa.select(sa.func.max(a.at)).where(
            a.action == LOGIN_DONE, a.entity_id == client, a.user_id == account, a.at >= since
        )
        last_success = conn.execute(done).scalar()
    after = _aware(last_success) if last_success else since
    pair = [at for at, user_id in failures if account is not None and user_id == account and at > after]
    waits = (_delay_left(pair, PAIR_FREE, now), _delay_left([at for at, _ in failures], ADDRESS_FREE, now))
    return _minutes(max(waits))


def _delay_left(times: list[dt.datetime], free: int, now: dt.datetime) -> dt.timedelta:
    """After ``free`` failures, FIRST_DELAY from the last one, doubling with each further failure, at most MAX_DELAY."""
    if len(times) < free:
        return dt.timedelta(0)
    delay = min(MAX_DELAY, FIRST_DELAY * 2 ** min(len(times) - free, 10))
    return max(dt.timedelta(0), max(times) + delay - now)


def registration_wait_minutes(conn: sa.Connection, client: str) -> int:
    """Self-registration is public: at most MAX_REGISTRATIONS attempts an hour from one address (``client``, its
    keyed hash); returns the minutes to wait, or 0 after recording this attempt."""
    return attempt_wait_minutes(conn, "user.register_attempt", client, MAX_REGISTRATIONS)


def attempt_wait_minutes(
    conn: sa.Connection, action: str, client: str, most: int, window: dt.timedelta = dt.timedelta(hours=1)
) -> int:
    """A public form or route taken at most ``most`` times per ``window`` from one address (``client``, its keyed
    hash), counted as ``action`` entries of the audit log (so every app process sees the same count): the minutes
    to wait, or 0 after recording this attempt."""
    since = dt.datetime.now(dt.UTC) - window
    attempts = sa.select(audit_log.c.at).where(
        audit_log.c.action == action, audit_log.c.entity_id == client, audit_log.c.at >= since
    )
    times = [_aware(at) for at in conn.execute(attempts).scalars()]
    wait = dt.timedelta(0)
    if len(times) >= most:
        wait = sorted(times)[-most] + window - dt.datetime.now(dt.UTC)
    if wait <= dt.timedelta(0):
        record(conn, action, "login" if action.startswith("user.") else "client", client, None, None)
        return 0
    return _minutes(wait)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite gives back naive UTC


def _minutes(wait: dt.timedelta) -> int:
    """Whole minutes, rounded up; 0 for no wait."""
    seconds = wait.total_seconds()
    return 0 if seconds <= 0 else int(-(-seconds // 60))
