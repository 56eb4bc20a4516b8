"""Who may read which survey records, and with which personal data.

- a volunteer: the records they entered, with the personal data they entered;
- a coordinator, province admin or national admin: the records inside their area, with personal data;
- nobody else (the public sees only suppressed aggregates, data/metrics.py).
Every read that returns personal data is written to the audit log (who, which area, how many records; never the
data itself). The national id is never returned: only its keyed hash is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from data import scope
from data.audit import record
from data.registries import ROLES
from data.schema import survey_personal, survey_records, users

PUBLIC_FIELDS = (
    "id",
    "campaign_id",
    "survey_date",
    "subdistrict",
    "district",
    "province",
    "village_no",
    "lat",
    "lon",
    "target_group",
    "age",
    "doses_received",
    "intention",
    "needs_home_visit",
    "reason",
    "review_status",
    "synthetic",
    "created_at",
    "upload_id",
)


_LEVELS = {level: survey_records.c[level] for level in ("province", "district", "subdistrict")}


@dataclass(frozen=True)
class SurveyQuery:
    area: str | None = None  # a district (or subdistrict, or province for admins); None: the person's own area
    limit: int = 1000
    offset: int = 0


def area_for(user: dict, asked: str | None) -> str:
    """The area the person may read, checked: their own area, or a smaller one inside it (data.scope)."""
    if not ROLES.at_least(user, "volunteer"):
        raise scope.AccessDenied("your role cannot read survey records", "บทบาทของคุณอ่านแบบสำรวจไม่ได้")
    return scope.readable_area(user, asked)


def may_read_record(user: Mapping[str, Any] | None, record: Mapping[str, Any]) -> bool:
    """Whether ``user`` may read this record (``subdistrict``, ``volunteer_id``) with its personal data, by the rules
    of ``read_surveys``: the volunteer who entered it, or staff whose area holds it."""
    if user is None or not ROLES.at_least(user, "volunteer"):
        return False
    if user["role"] == "volunteer":
        return record.get("volunteer_id") == user["id"] and scope.within(record["subdistrict"], user["area"])
    return scope.within(record["subdistrict"], user["area"])


def read_surveys(conn: sa.Connection, user: dict, area: str, q: SurveyQuery) -> tuple[list[dict[str, Any]], int]:
    """(records with personal data, total) of ``area`` that ``user`` may see; the read is audited."""
    s = survey_records.c
    where = [scope.where_within(area, _LEVELS), s.review_status != "rejected"]  # rejected: on the review page only
    if user["role"] == "volunteer":
        where.append(s.volunteer_id == user["id"])
    columns = [survey_records.c[name] for name in PUBLIC_FIELDS]
    query = (
        sa.select(
            *columns,
            users.c.username.label("volunteer"),
            survey_personal.c.full_name,
            survey_personal.c.phone,
            (survey_personal.c.national_id_hash.is_not(None)).label("has_national_id"),
        )
        .select_from(
            survey_records.outerjoin(survey_personal, survey_personal.c.survey_id == s.id).outerjoin(
                users, users.c.id == s.volunteer_id
            )
        )
        .where(*where)
        .order_by(s.id)
        .limit(q.limit)
        .offset(q.offset)
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    total = conn.execute(sa.select(sa.func.count()).select_from(survey_records).where(*where)).scalar_one()
    personal = sum(1 for r in rows if r["full_name"] or r["phone"] or r["has_national_id"])
    record(
        conn,
        "export.personal",
        "survey",
        None,
        user["id"],
        {"area": area, "records": len(rows), "with_personal_data": personal, "offset": q.offset},
    )
    return rows, total
