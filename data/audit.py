"""The audit log: who did what to which record, when. Never holds personal data. Written by ``record``; read by
``read_audit`` / ``iter_audit`` within the reader's area (data.scope), and those reads are audited too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from data.errors import Problem, UserInputError
from data.parsing import parse_date
from data.schema import audit_log, users
from data.scope import where_prefix
from geo.clock import day_start


def record(
    conn: sa.Connection,
    action: str,
    entity: str | None,
    entity_id: Any,
    user_id: int | None,
    detail: dict | None = None,
) -> None:
    conn.execute(
        sa.insert(audit_log).values(
            at=dt.datetime.now(dt.UTC),
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=detail,
        )
    )


# -- reading the log (the audit page and GET /api/v1/audit) --------------------------------------------------------
# The area of an entry: the area it is about when it names one (a registration's or a new account's area, a
# coordinator's district), otherwise the area of the person who acted. An entry with neither (a failed sign-in) has
# none: only a national admin (TH) sees it.
COLUMNS = ("id", "at", "username", "role", "action", "entity", "entity_id", "area", "detail")


@dataclass(frozen=True)
class AuditQuery:
    """What to read: the reader's own area (data.scope), and the filters (each None for all)."""

    scope: str
    person: str | None = None  # a username
    action: str | None = None  # an action (user.login) or a group of them (user)
    area: str | None = None  # a DOPA code or TH
    date_from: dt.date | None = None  # Bangkok days, both included
    date_to: dt.date | None = None


def _entry_area():
    detail = audit_log.c.detail
    return sa.func.coalesce(detail["area"].as_string(), detail["district"].as_string(), users.c.area)


def _where(query: AuditQuery) -> list:
    area = _entry_area()
    conditions = [where_prefix(query.scope, area)]
    if query.area:
        conditions.append(where_prefix(query.area, area))
    if query.person:
        conditions.append(sa.func.lower(users.c.username) == query.person.strip().lower())
    if query.action:
        group = query.action.strip().rstrip(".")
        conditions.append(
            sa.or_(audit_log.c.action == group, audit_log.c.action.startswith(group + ".", autoescape=True))
        )
    if query.date_from:
        conditions.append(audit_log.c.at >= day_start(query.date_from))
    if query.date_to:
        conditions.append(audit_log.c.at < day_start(query.date_to + dt.timedelta(days=1)))
    return conditions


def _select(query: AuditQuery):
    joined = audit_log.outerjoin(users, users.c.id == audit_log.c.user_id)
    columns = [audit_log.c.id, audit_log.c.at, users.c.username, users.c.role, audit_log.c.action]
    columns += [audit_log.c.entity, audit_log.c.entity_id, _entry_area().label("area"), audit_log.c.detail]
    return sa.select(*columns).select_from(joined).where(*_where(query))


def read_audit(conn: sa.Connection, query: AuditQuery, limit: int, offset: int = 0) -> tuple[list[dict], int]:
    """The entries of ``query``, newest first (``limit`` from ``offset``), and how many match in all."""
    count = sa.select(sa.func.count()).select_from(_select(query).subquery())
    total = conn.execute(count).scalar_one()
    rows = conn.execute(_select(query).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)).mappings()
    return [dict(r) for r in rows], total


def iter_audit(conn: sa.Connection, query: AuditQuery, batch: int = 2000) -> Iterator[dict]:
    """Every entry of ``query``, newest first, read in batches (for a CSV of any length)."""
    last = None
    while True:
        select = _select(query).order_by(audit_log.c.id.desc()).limit(batch)
        if last is not None:
            select = select.where(audit_log.c.id < last)
        rows = [dict(r) for r in conn.execute(select).mappings()]
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1]["id"]


def audit_actions(conn: sa.Connection, scope: str) -> list[str]:
    """The actions the log holds within ``scope`` (for the page's filter)."""
    joined = audit_log.outerjoin(users, users.c.id == audit_log.c.user_id)
    select = sa.select(audit_log.c.action).distinct().select_from(joined).where(where_prefix(scope, _entry_area()))
    return sorted(conn.execute(select).scalars())


def record_read(conn: sa.Connection, reader: dict, query: AuditQuery, how: str, count: int) -> None:
    """The audit log's own reads are audited: who read it, with which filters, how (page, json, csv), how many."""
    asked = {k: v for k, v in asdict(query).items() if v not in (None, "") and k != "scope"}
    detail = {"how": how, "count": count, **{k: str(v) for k, v in asked.items()}, "area_read": query.scope}
    record(conn, "audit.read", "audit_log", None, reader["id"], detail)


def audit_days(first: str | None, last: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day asked (ISO or day/month/year, Buddhist-era years, Thai digits; empty for none), or a
    UserInputError naming every one that is not a date."""
    days, problems = [], []
    for name, text in (("from", first), ("to", last)):
        text = (text or "").strip()
        try:
            days.append(parse_date(text) if text else None)
        except ValueError:
            th_name, en_name = _DAY_NAMES[name]
            th = f"{th_name}: “{text}” ไม่ใช่วันที่ (ใช้ วัน/เดือน/ปี เช่น 31/12/2565)"
            en = f"{en_name}: “{text}” is not a date (use day/month/year, e.g. 31/12/2022)"
            problems.append(Problem(name, text, th, en))
    if not problems and days[0] and days[1] and days[1] < days[0]:
        first_th, last_th = (f"{d.day}/{d.month}/{d.year + 543}" for d in days)
        th = f"“ถึงวันที่” ({last_th}) อยู่ก่อน “ตั้งแต่วันที่” ({first_th}) จึงไม่มีรายการใดตรง โปรดสลับวันที่"
        en = f"“To” ({days[1].isoformat()}) is before “From” ({days[0].isoformat()}), so nothing can match; swap them"
        problems.append(Problem("to", last, th, en))
    if problems:  # each message names its box already
        en, th = "; ".join(p.message_en for p in problems), "; ".join(p.message_th for p in problems)
        raise UserInputError(problems, en, th)
    return days[0], days[1]


_DAY_NAMES = {"from": ("ตั้งแต่วันที่", "From"), "to": ("ถึงวันที่", "To")}  # as the page's boxes name them
