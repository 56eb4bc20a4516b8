"""One survey record typed into the form: the same checks as an upload, stored the same way, plus what the form shows
back to the volunteer (their own records, a count for today, the subdistricts they may choose).

``save_survey`` builds a one-row table of strings, exactly as an uploaded file would give, and runs the upload's
validation (``SurveyCheck``, its warnings too) and scope check (``outside_scope``) on it; it stores with the upload's insert
(no upload id; the volunteer is the signed-in person) and writes an audit row without any personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data import audit, idempotency, parsing
from data.context import Context
from data.errors import Problem
from data.idempotency import run_once
from data.schema import campaigns, survey_personal, survey_records
from data.scope import outside_scope
from data.survey_import import SurveyCheck, insert_survey_rows
from geo.clock import day_start, today
from geo.registry import AreaNotFound

FIELDS = tuple(parsing.HEADERS["surveys"].values())
REQUIRED = parsing.REQUIRED["surveys"]
_THAI_HEADER = {code: thai for thai, code in parsing.HEADERS["surveys"].items()}
_ROW = 2  # the one row, numbered as the first data row of a spreadsheet (the header is row 1)


def open_campaign(conn: sa.Connection) -> dict[str, Any] | None:
    """The campaign that takes new records (the newest with no closing date), or None when reporting is closed."""
    row = (
        conn.execute(
            sa.select(campaigns.c.id, campaigns.c.name_th, campaigns.c.name_en, campaigns.c.opened_on)
            .where(campaigns.c.closed_on.is_(None))
            .order_by(campaigns.c.opened_on.desc())
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def save_survey_once(
    state: Context, fields: Mapping[str, Any], user: Mapping[str, Any], key: str | None
) -> dict[str, Any]:
    """``save_survey`` in its own transaction, once per idempotency ``key`` (the form's, generated with it): a double
    tap stores one record and both taps get the same answer, ``{"survey_id", "problems", "warnings"}`` (problems
    and warnings as ``Problem.as_dict``; ``survey_id`` None when refused)."""

    def write(conn: sa.Connection) -> tuple[dict[str, Any], bool]:
        survey_id, problems, warnings = save_survey(conn, state, fields, user)
        answer = {
            "survey_id": survey_id,
            "problems": [p.as_dict() for p in problems],
            "warnings": [w.as_dict() for w in warnings],
        }
        return answer, survey_id is not None

    return run_once(state.engine, "survey.form", user["id"], idempotency.valid_key(key), write)


def save_survey(
    conn: sa.Connection, state: Context, fields: Mapping[str, Any], user: Mapping[str, Any]
) -> tuple[int | None, list[Problem], list[Problem]]:
    """Validate and store one record for ``user``; returns (the new record's id, [], warnings) or (None, every
    problem, warnings). Warnings do not stop the save: a date before the campaign opened (a late entry), a national
    id already recorded in the campaign (naming the earlier record only if ``user`` may read it).

    ``fields`` holds the survey columns as text (missing ones are empty); ``state`` has registry and id_hash_key.
    Run it inside a transaction: nothing is written when there is any problem.
    """
    table = one_row_table(fields)
    missing = _missing_required(table)
    check = SurveyCheck(state, conn, scope=user["area"], reader=user)
    records, problems, warnings = check(table)
    problems = missing + [p for p in problems if p.column not in {m.column for m in missing}]
    # the scope is checked even when another field has a problem, so that every problem shows at once
    problems += outside_scope(records or _scope_probe(table, state.registry, user["area"]), user["area"])
    if problems or not records:
        return None, problems, warnings
    before = conn.execute(sa.select(sa.func.max(survey_records.c.id))).scalar() or 0
    counts = insert_survey_rows(conn, records, state, None, user["id"])
    if counts["new"] != 1:  # the same record (same day, place, group, age, doses, intention, name, id) exists
        return None, [_repeat_problem()], []
    survey_id = conn.execute(
        sa.select(sa.func.max(survey_records.c.id)).where(
            survey_records.c.id > before, survey_records.c.volunteer_id == user["id"]
        )
    ).scalar_one()
    record = records[0]
    audit.record(
        conn,
        "survey.create",
        "survey",
        survey_id,
        user["id"],
        {"source": "form", "campaign_id": record["campaign_id"], "subdistrict": record["subdistrict"]},
    )
    return survey_id, [], warnings


def one_row_table(fields: Mapping[str, Any]) -> pd.DataFrame:
    """The form's fields as an upload would read them: every column, stripped strings, the row numbered 2."""
    row = {name: _text(fields.get(name)) for name in FIELDS}
    return pd.DataFrame([row], index=[_ROW], columns=list(FIELDS), dtype=str)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _scope_probe(table: pd.DataFrame, registry: Any, area: str) -> list[dict[str, Any]]:
    """The row's subdistrict as a record for ``outside_scope`` when the row checks refused the row for another reason."""
    try:
        text = table.iloc[0]["subdistrict"]
        return [{"row": _ROW, "subdistrict": registry.resolve(text, level="subdistrict", context=(area,))}]
    except (AreaNotFound, ValueError):
        return []


def _missing_required(table: pd.DataFrame) -> list[Problem]:
    """An empty required field, said plainly (the row checks would name the column code, or list every choice)."""
    row = table.iloc[0]
    return [
        Problem(
            column=name,
            value=None,
            message_th=f"ต้องกรอก “{_THAI_HEADER[name]}”",
            message_en=f"“{name}” is required",
            row=_ROW,
        )
        for name in REQUIRED
        if row[name] == ""
    ]


def _repeat_problem() -> Problem:
    return Problem(
        column=None,
        value=None,
        message_th="มีแบบสำรวจนี้อยู่แล้ว (วันที่ ตำบล หมู่ กลุ่ม อายุ เข็ม ความประสงค์ และชื่อตรงกัน) "
        "หากเป็นคนละคน โปรดใส่ชื่อหรือเลขประจำตัวประชาชน",
        message_en="this record is already saved (same date, subdistrict, village, group, age, doses, intention and "
        "name); if it is another person, add their name or national id",
        row=_ROW,
    )


# -- what the volunteer sees of their own records --------------------------------------------------------------------
def my_surveys(
    conn: sa.Connection, user: Mapping[str, Any], limit: int = 20, entered_on: dt.date | None = None
) -> list[dict[str, Any]]:
    """The person's own records, newest first (those entered on ``entered_on``, Bangkok time, when given).

    No personal data except the name masked ("สมชาย ใ***"); never the national id or the phone.
    """
    query = (
        sa.select(
            survey_records.c.id,
            survey_records.c.survey_date,
            survey_records.c.subdistrict,
            survey_records.c.village_no,
            survey_records.c.target_group,
            survey_records.c.age,
            survey_records.c.doses_received,
            survey_records.c.intention,
            survey_records.c.needs_home_visit,
            survey_records.c.review_status,
            survey_records.c.created_at,
            survey_personal.c.full_name,
        )
        .select_from(survey_records.outerjoin(survey_personal, survey_personal.c.survey_id == survey_records.c.id))
        .where(*_mine(user, entered_on))
        .order_by(survey_records.c.id.desc())
        .limit(limit)
    )
    rows = []
    for row in conn.execute(query).mappings():
        item = dict(row)
        item["masked_name"] = mask_name(item.pop("full_name"))
        rows.append(item)
    return rows


def count_entered(conn: sa.Connection, user: Mapping[str, Any], entered_on: dt.date | None = None) -> int:
    """How many records the person entered on a day (Bangkok time; today when not given)."""
    day = entered_on or today()
    query = sa.select(sa.func.count()).select_from(survey_records).where(*_mine(user, day))
    return conn.execute(query).scalar_one()


def _mine(user: Mapping[str, Any], entered_on: dt.date | None) -> list:
    where = [survey_records.c.volunteer_id == user["id"]]
    if entered_on is not None:
        start = day_start(entered_on)
        where += [survey_records.c.created_at >= start, survey_records.c.created_at < start + dt.timedelta(days=1)]
    return where


def mask_name(full_name: str | None) -> str | None:
    """ "สมชาย ใจดี" -> "สมชาย ใ***": the first word kept, then only the first letter of each other word."""
    if not full_name or not full_name.strip():
        return None
    first, *rest = full_name.split()
    # the first character only: a Thai vowel or tone mark written on it (รั, ปั้) is dropped, never shown alone
    return " ".join([first, *(word[0] + "***" for word in rest)])


# -- the subdistricts a person may choose ----------------------------------------------------------------------------
def subdistrict_choices(registry: Any, area: str) -> list[dict[str, str]]:
    """The subdistricts inside ``area`` (a DOPA code or TH): code, Thai label with its district (and province when
    the area is larger than a district), English label. Sorted by code."""
    table = registry.frame("subdistrict", area)
    if len(area) == 6:
        table = table[table.index == area]
    codes = table.index.to_series()
    district = registry.frame("district").reindex(codes.str[:4].to_numpy())
    province = registry.frame("province").reindex(codes.str[:2].to_numpy())
    bangkok = codes.str.startswith("10").to_numpy()
    th = (
        pd.Series(["แขวง" if b else "ต." for b in bangkok], index=codes.index)
        + table["name_th"]
        + pd.Series([" เขต" if b else " อ." for b in bangkok], index=codes.index)
        + district["name_th"].fillna("").to_numpy()
    )
    en = table["name_en"] + ", " + district["name_en"].fillna("").to_numpy()
    if area == "TH" or len(area) <= 2:
        th = th + pd.Series([" " if b else " จ." for b in bangkok], index=codes.index) + province["name_th"].to_numpy()
        en = en + ", " + province["name_en"].to_numpy()
    return [{"code": c, "label_th": a, "label_en": b} for c, a, b in zip(codes, th, en)]
