"""Lists of facilities for the staff pages: those of a reader's own area, narrowed by name, type, status, province,
district and staleness, a page at a time (the list page) or all of them (its export); and the stale ones (not updated
for more than the stale days, in Bangkok days)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa

from data import scope
from data.schema import facilities, users
from geo import clock

_LEVELS = {level: facilities.c[level] for level in ("province", "district", "subdistrict")}


@dataclasses.dataclass(frozen=True)
class ListFilter:
    """What a list of facilities is narrowed to, inside the reader's own area: text in either name, types, statuses,
    a province and a district (DOPA codes; "" for any), and only those not updated for more than the stale days."""

    text: str = ""
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    province: str = ""
    district: str = ""
    stale_only: bool = False


def area_facilities(
    conn: sa.Connection,
    area: str,
    asked: ListFilter = ListFilter(),
    *,
    stale_days: int = 14,
    today: dt.date | None = None,
    limit: int | None = 500,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """The facilities of an area (a DOPA code or TH) that match ``asked`` (``ListFilter``); each with
    ``days_since_update``, ``stale`` and ``updated_by_name``. Stale first when only the stale are asked, else by name. Returns (at most ``limit`` rows from
    ``offset``; all of them when ``limit`` is None, how many match)."""
    today = today or clock.today()
    text, stale_only = asked.text, asked.stale_only
    c = facilities.c
    where = [scope.where_within(area, _LEVELS)]
    if text.strip():
        needle = text.strip().lower()
        where.append(
            sa.or_(
                sa.func.lower(c.name_th).contains(needle, autoescape=True),
                sa.func.lower(c.name_en).contains(needle, autoescape=True),
            )
        )
    if asked.types:
        where.append(c.type.in_(asked.types))
    if asked.statuses:
        where.append(c.status.in_(asked.statuses))
    if asked.province:
        where.append(c.province == asked.province)
    if asked.district:
        where.append(c.district == asked.district)
    if stale_only:
        where.append(sa.or_(c.updated_at.is_(None), c.updated_at < _stale_before(today, stale_days)))
    total = conn.execute(sa.select(sa.func.count()).select_from(facilities).where(*where)).scalar_one()
    if limit == 0:
        return [], total
    order = [c.updated_at, c.id] if stale_only else [c.name_th, c.id]
    rows = conn.execute(
        sa.select(
            c.id,
            c.external_id,
            c.type,
            c.name_th,
            c.name_en,
            c.status,
            c.province,
            c.district,
            c.subdistrict,
            c.synthetic,
            c.updated_at,
            c.version,
            users.c.username.label("updated_by_name"),
        )
        .select_from(facilities.outerjoin(users, users.c.id == c.updated_by))
        .where(*where)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    ).mappings()
    items = []
    for r in rows:
        item = dict(r)
        updated = _aware(item["updated_at"])
        item["updated_at"] = updated
        item["days_since_update"] = None if updated is None else (today - clock.local(updated).date()).days
        item["stale"] = item["days_since_update"] is None or item["days_since_update"] > stale_days
        items.append(item)
    return items, total


@dataclasses.dataclass(frozen=True)
class FacilityList:
    items: list[dict[str, Any]]  # at most ``limit`` rows, as ``area_facilities`` gives them
    total: int  # how many match
    stale_total: int  # how many match and are stale (whether or not only the stale ones were asked for)
    offset: int = 0  # the place of the first of ``items`` among all that match


def facility_list(
    conn: sa.Connection,
    area: str,
    asked: ListFilter = ListFilter(),
    *,
    stale_days: int = 14,
    today: dt.date | None = None,
    limit: int | None = 500,
    offset: int = 0,
) -> FacilityList:
    """The coordinator's list of an area's facilities (``area_facilities``) with how many of the matching are stale:
    the list page and its export ask it the same question. An ``offset`` past the end gives the last page."""
    when = {"stale_days": stale_days, "today": today}
    items, total = area_facilities(conn, area, asked, **when, limit=limit, offset=offset)
    if not items and offset and total and limit:
        offset = (total - 1) // limit * limit
        items, total = area_facilities(conn, area, asked, **when, limit=limit, offset=offset)
    _, stale_total = area_facilities(conn, area, dataclasses.replace(asked, stale_only=True), **when, limit=0)
    return FacilityList(items, total, stale_total, offset)


def stale_facilities(conn: sa.Connection, area: str, stale_days: int, today: dt.date) -> list[dict[str, Any]]:
    """The facilities of ``area`` not updated for more than ``stale_days`` days on ``today`` (Bangkok dates),
    the longest-forgotten first."""
    only_stale = ListFilter(stale_only=True)
    items, _total = area_facilities(conn, area, only_stale, stale_days=stale_days, today=today, limit=100_000)
    return items


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive UTC timestamps; PostgreSQL aware ones."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _stale_before(today: dt.date, stale_days: int) -> dt.datetime:
    """The first moment (UTC) of the Bangkok day ``stale_days`` before ``today``: older than that is stale."""
    return clock.day_start(today - dt.timedelta(days=stale_days))
