"""Reporting campaigns (รอบการรายงาน): a national admin opens one and closes it with the reference of the order that
closed it. While none is open, new survey records are refused everywhere (form, upload, API); data stays readable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from data.audit import record
from data.errors import Problem, UserInputError
from data.fields import read_text
from data.jsonvalues import jsonable
from data.schema import campaigns
from geo.clock import today

_NAME_CHARS = campaigns.c.name_th.type.length  # of a name and of the closing order's reference (VARCHAR(300))


def list_campaigns(conn: sa.Connection) -> list[dict[str, Any]]:
    """Newest first."""
    query = sa.select(campaigns).order_by(campaigns.c.opened_on.desc(), campaigns.c.id.desc())
    return [dict(r) for r in conn.execute(query).mappings()]


def open_campaign_now(conn: sa.Connection) -> dict[str, Any] | None:
    """The open campaign (the newest if, from old data, several are open), or None when reporting is closed."""
    row = (
        conn.execute(
            sa.select(campaigns)
            .where(campaigns.c.closed_on.is_(None))
            .order_by(campaigns.c.opened_on.desc(), campaigns.c.id.desc())
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def open_campaign(
    conn: sa.Connection, name_th: Any, name_en: Any, opened_on: dt.date, user_id: int | None
) -> dict[str, Any]:
    """Open a new campaign; refused while another is open (close it first), without a Thai name, or with a name that
    is not text of at most 300 characters."""
    typed: list[Problem] = []
    name_th = read_text(name_th, "name_th", typed, max_chars=_NAME_CHARS)
    name_en = read_text(name_en, "name_en", typed, max_chars=_NAME_CHARS)
    problems: list[Problem] = []
    if not name_th and not typed:
        problems.append(Problem("name_th", None, "ต้องระบุชื่อรอบการรายงาน", "the campaign needs a Thai name"))
    current = open_campaign_now(conn)
    if current is not None:
        problems.append(
            Problem(
                "campaign",
                None,
                f"รอบ “{current['name_th']}” ยังเปิดอยู่ โปรดปิดก่อนเปิดรอบใหม่",
                f"the campaign “{current['name_en']}” is still open; close it before opening another",
            )
        )
    if typed or problems:
        raise UserInputError(typed + problems)
    values = {"name_th": name_th, "name_en": name_en or name_th, "opened_on": opened_on}
    campaign_id = conn.execute(
        sa.insert(campaigns).values(**values, created_by=user_id).returning(campaigns.c.id)
    ).scalar_one()
    record(conn, "campaign.open", "campaign", campaign_id, user_id, {"after": jsonable(values)})
    return {"id": campaign_id, **values, "closed_on": None, "closed_order_ref": None}


def close_campaign(
    conn: sa.Connection, campaign_id: int, closed_on: dt.date, order_ref: Any, user_id: int | None
) -> dict[str, Any]:
    """Close a campaign, recording the order that closed it (e.g. "มท 0230/ว 1234 ลงวันที่ 30 ก.ย. 2565")."""
    row = conn.execute(sa.select(campaigns).where(campaigns.c.id == campaign_id)).mappings().first()
    problems: list[Problem] = []
    if row is None:
        raise UserInputError.from_fields(
            [("campaign", f"ไม่พบรอบการรายงาน {campaign_id}", f"no campaign {campaign_id}")]
        )
    if row["closed_on"] is not None:
        problems.append(
            Problem("campaign", None, "รอบนี้ปิดไปแล้ว", f"the campaign was already closed on {row['closed_on']}")
        )
    typed: list[Problem] = []
    order_ref = read_text(order_ref, "closed_order_ref", typed, max_chars=_NAME_CHARS)
    if not order_ref and not typed:
        problems.append(
            Problem(
                "closed_order_ref", None, "ต้องระบุเลขที่หนังสือสั่งการที่ให้ปิด", "give the reference of the order that closes it"
            )
        )
    if closed_on < row["opened_on"]:
        problems.append(
            Problem("closed_on", None, "วันที่ปิดต้องไม่ก่อนวันที่เปิด", "the closing date is before the opening date")
        )
    if closed_on > today():  # a closed campaign takes no more records from the moment it is closed, whatever its date
        problems.append(
            Problem(
                "closed_on",
                None,
                f"วันที่ปิดต้องไม่เลยวันนี้ ({today().day}/{today().month}/{today().year + 543}) โปรดตรวจปี พ.ศ. "
                "หรือปิดรอบในวันที่คำสั่งมีผล",
                f"the closing date is after today ({today().isoformat()}): check the year, or close the campaign on "
                "the day the order takes effect",
            )
        )
    if typed or problems:
        raise UserInputError(typed + problems)
    values = {"closed_on": closed_on, "closed_order_ref": order_ref}
    conn.execute(sa.update(campaigns).where(campaigns.c.id == campaign_id).values(**values))
    record(
        conn,
        "campaign.close",
        "campaign",
        campaign_id,
        user_id,
        {"before": {"closed_on": None, "closed_order_ref": None}, "after": jsonable(values)},
    )
    return {**dict(row), **values}
