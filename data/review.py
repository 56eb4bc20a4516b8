"""The coordinator's review of survey records: the district's records with their warnings, to confirm, correct or
reject; and what the volunteer sees of the outcome.

Warnings (a record may carry several; none stops anything):

- ``repeated_id``: another record of the same campaign, not rejected, holds the same national id (their keyed
  hashes are equal: the id itself is never stored);
- ``age_edge``: the age is at the edge of a target group's ages (the last year inside or the first outside:
  4–5, 11–12, 18–19, 59–60): a birthday either side puts the person in another group;
- ``before_campaign``: the survey date is before its campaign opened.

A decision is an event of the follow-up model (kind ``survey_review``, data/followup.py: pending → confirmed,
corrected or rejected; a rejected record stays rejected) and a row of the audit log. A correction changes the record
(its tallies follow in the database, migration 0014) and keeps what it replaced in ``survey_corrections``
({field: [old, new]}, the record's new ``version``). A rejected record leaves every figure: the tallies, the
statistics, the survey list and its exports, the home-visit queues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from data import followup, scope
from data.audit import record
from data.errors import NotFound, Problem, UserInputError
from data.fields import MAX_CELL_CHARS, preview, read_cell, read_text
from data.parsing import parse_bool
from data.registries import INTENTIONS, REVIEW_OUTCOMES, ROLES, SURVEY_GROUPS, TARGET_GROUPS, Entry, Registry
from data.schema import campaigns, survey_corrections, survey_personal, survey_records, users
from data.survey_entry import mask_name
from data.validation import RowChecker
from geo.clock import today

KIND = "survey_review"
STAFF = "coordinator"
OUTCOMES = REVIEW_OUTCOMES
ACTIONS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
MAX_NOTE = 2000  # characters of a decision's note (the page's box holds as many)
# what a correction's value may be besides text (data/fields.py read_cell), and reason's line breaks
_KINDS = {
    "subdistrict": ("code",),
    "village_no": ("number",),
    "age": ("number",),
    "doses_received": ("number",),
    "lat": ("number",),
    "lon": ("number",),
    "needs_home_visit": ("flag",),
    "reason": ("text", MAX_CELL_CHARS, True),
}
WARNINGS = Registry(
    [
        Entry("repeated_id", "เลขประจำตัวประชาชนซ้ำกับแบบสำรวจอื่น", "National id also in another record"),
        Entry("age_edge", "อายุอยู่ที่ขอบของกลุ่มเป้าหมาย", "Age at the edge of a target group"),
        Entry("before_campaign", "วันที่สำรวจก่อนเปิดรอบการสำรวจ", "Dated before the campaign opened"),
    ]
)
# the fields a correction may change (the personal data stays as the volunteer entered it)
FIELDS = (
    "survey_date", "subdistrict", "village_no", "lat", "lon", "target_group", "age", "doses_received", "intention",
    "needs_home_visit", "reason",
)  # fmt: skip
_LEVELS = {level: survey_records.c[level] for level in ("province", "district", "subdistrict")}


def edge_ages() -> frozenset[int]:
    """The ages at the edge of a target group of the registry: the first and last year in it, and the year just
    outside each end."""
    ages: set[int] = set()
    for group in TARGET_GROUPS:
        if group.min_age is not None:
            ages |= {group.min_age - 1, group.min_age}
        if group.max_age is not None:
            ages |= {group.max_age, group.max_age + 1}
    return frozenset(ages)


@dataclass(frozen=True)
class ReviewQuery:
    area: str
    outcome: str | None = "pending"  # one of OUTCOMES, or None for all
    warned_only: bool = False
    limit: int = 200
    offset: int = 0


# -- reading -------------------------------------------------------------------------------------------------------
def _select():
    s, p, c = survey_records.c, survey_personal.c, campaigns.c
    return sa.select(
        *(s[name] for name in ("id", "campaign_id", "volunteer_id", "district", "review_status", "version")),
        *(s[name] for name in FIELDS),
        s.created_at,
        users.c.username.label("volunteer"),
        p.full_name,
        p.phone,
        p.national_id_hash,
        c.opened_on.label("campaign_opened_on"),
    ).select_from(  # fmt: skip
        survey_records.outerjoin(survey_personal, p.survey_id == s.id)
        .outerjoin(users, users.c.id == s.volunteer_id)
        .join(campaigns, c.id == s.campaign_id)
    )


def read_review(conn: sa.Connection, user: Mapping[str, Any], q: ReviewQuery) -> tuple[list[dict[str, Any]], int]:
    """(records with warnings and personal data, total) of ``q.area`` for staff of it, oldest first; audited."""
    require_staff(user, q.area)
    s = survey_records.c
    where = [scope.where_within(q.area, _LEVELS)]
    if q.outcome:
        where.append(s.review_status == q.outcome)
    if q.warned_only:
        where.append(sa.or_(s.age.in_(sorted(edge_ages())), s.survey_date < campaigns.c.opened_on, _repeated_clause()))
    matching = _select().where(*where)
    query = matching.order_by(s.survey_date, s.id).limit(q.limit).offset(q.offset)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    total = conn.execute(sa.select(sa.func.count()).select_from(matching.subquery())).scalar_one()
    _add_warnings(conn, rows)
    record(conn, "export.personal", "survey", None, user["id"], {"how": "review", "area": q.area, "records": len(rows)})
    return [_public(r) for r in rows], total


def _repeated_clause() -> sa.ColumnElement[bool]:
    s, p = survey_records.c, survey_personal.c
    other, other_p = survey_records.alias("other"), survey_personal.alias("other_p")
    return sa.exists(
        sa.select(1)
        .select_from(other_p.join(other, other.c.id == other_p.c.survey_id))
        .where(
            other_p.c.national_id_hash == p.national_id_hash,  # the row's own (survey_personal is joined)
            other.c.id != s.id,
            other.c.campaign_id == s.campaign_id,
            other.c.review_status != "rejected",
        )
    )


def _add_warnings(conn, rows: list[dict[str, Any]]) -> None:
    """Each row's ``warnings``: [{code, label_th, label_en, others (ids of the other records, for repeated_id)}]."""
    repeated = _repeated_ids(conn, rows)
    edges = edge_ages()
    for row in rows:
        found = []
        if row["id"] in repeated:
            found.append(("repeated_id", repeated[row["id"]]))
        if row["age"] in edges:
            found.append(("age_edge", []))
        if row["campaign_opened_on"] and row["survey_date"] < row["campaign_opened_on"]:
            found.append(("before_campaign", []))
        row["warnings"] = [
            {"code": code, "label_th": WARNINGS[code].label_th, "label_en": WARNINGS[code].label_en, "others": others}
            for code, others in found
        ]


def _repeated_ids(conn, rows: list[dict[str, Any]]) -> dict[int, list[int]]:
    """Record id → the other records of its campaign (not rejected) with the same national id hash."""
    hashes = {r["national_id_hash"] for r in rows if r["national_id_hash"]}
    if not hashes:
        return {}
    s, p = survey_records.c, survey_personal.c
    holders = conn.execute(
        sa.select(p.national_id_hash, s.campaign_id, s.id)
        .select_from(survey_personal.join(survey_records, s.id == p.survey_id))
        .where(p.national_id_hash.in_(sorted(hashes)), s.review_status != "rejected")
        .order_by(s.id)
    ).all()
    by_key: dict[tuple, list[int]] = {}
    for digest, campaign_id, survey_id in holders:
        by_key.setdefault((digest, campaign_id), []).append(survey_id)
    out = {}
    for row in rows:
        others = [i for i in by_key.get((row["national_id_hash"], row["campaign_id"]), []) if i != row["id"]]
        if row["national_id_hash"] and others:
            out[row["id"]] = others
    return out


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A row without the hash (it identifies a person across records) and the campaign's date."""
    row.pop("national_id_hash", None)
    row.pop("campaign_opened_on", None)
    return row


def read_record(conn: sa.Connection, user: Mapping[str, Any], survey_id: int) -> dict[str, Any]:
    """One record with its warnings and its review history, for staff of its area or the volunteer who entered it
    (who sees the name masked, as in their own list)."""
    row = conn.execute(_select().where(survey_records.c.id == survey_id)).mappings().first()
    if row is None:
        raise NotFound([], f"no survey record {survey_id}", f"ไม่พบแบบสำรวจเลขที่ {survey_id}")
    item = dict(row)
    staff = ROLES.at_least(user, STAFF) and scope.within(item["subdistrict"], scope.scope_of(user))
    if not staff and item["volunteer_id"] != user["id"]:
        raise scope.AccessDenied("this record is not yours to read", "คุณไม่มีสิทธิ์ดูแบบสำรวจนี้")
    _add_warnings(conn, [item])
    if not staff:
        item["full_name"], item["phone"] = mask_name(item["full_name"]), None
    item["history"] = review_history(conn, survey_id)
    return _public(item)


def review_history(conn: sa.Connection, survey_id: int) -> list[dict[str, Any]]:
    """The record's review events, oldest first: status, at, username, note, and for a correction ``changes``
    [{field, old, new}]. The record's entry comes first (status pending, at its creation)."""
    events = followup.history(conn, KIND, survey_id)
    c = survey_corrections.c
    corrections = {
        row.version: row
        for row in conn.execute(
            sa.select(c.version, c.changes, c.at).where(c.survey_id == survey_id).order_by(c.version)
        )
    }
    out, remaining = [], sorted(corrections)
    for event in events:
        item = dict(event)
        if item["status"] == "corrected" and remaining:
            changes = corrections[remaining.pop(0)].changes
            item["changes"] = [{"field": f, "old": old, "new": new} for f, (old, new) in changes.items()]
        out.append(item)
    return out


def my_records(conn: sa.Connection, user: Mapping[str, Any], limit: int = 100) -> list[dict[str, Any]]:
    """The volunteer's own records, newest first, with the outcome of the review and its history (names masked,
    no phone, no id)."""
    s = survey_records.c
    query = _select().where(s.volunteer_id == user["id"]).order_by(s.id.desc()).limit(limit)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    histories = {r["id"]: review_history(conn, r["id"]) for r in rows if r["review_status"] != "pending"}
    for row in rows:
        row["full_name"], row["phone"] = mask_name(row["full_name"]), None
        row["history"] = histories.get(row["id"], [])
    return [_public(r) for r in rows]


# -- deciding ------------------------------------------------------------------------------------------------------
def require_staff(user: Mapping[str, Any], area: str | None) -> None:
    if not ROLES.at_least(user, STAFF):
        raise scope.AccessDenied("only coordinators and above review records", "เฉพาะผู้ประสานงานขึ้นไปที่ตรวจทานแบบสำรวจได้")
    scope.require_within(user, area)


def decide(
    conn: sa.Connection,
    state: Any,
    user: Mapping[str, Any],
    survey_id: int,
    action: Any,
    changes: Mapping[str, Any] | None = None,
    note: Any = None,
) -> dict[str, Any]:
    """Confirm, correct (``changes``: field → new value, as text or a value) or reject record ``survey_id``; returns
    the record as ``read_record`` gives it. Staff of the record's area only; a rejected record cannot be decided
    again (409); a correction that changes nothing is a 422."""
    problems = []
    if not isinstance(action, str) or action not in ACTIONS:  # a list sent as JSON is no action either
        problems.append(
            _problem("action", preview(action), "ใช้ confirm, correct หรือ reject", "use confirm, correct or reject")
        )
    note = read_text(note, "note", problems, max_chars=MAX_NOTE, lines=True)
    if problems:
        raise UserInputError(problems)
    s = survey_records.c
    current = conn.execute(sa.select(survey_records).where(s.id == survey_id)).mappings().first()
    if current is None:
        raise NotFound([], f"no survey record {survey_id}", f"ไม่พบแบบสำรวจเลขที่ {survey_id}")
    require_staff(user, current["subdistrict"])
    status = ACTIONS[action]
    followup.check_move(KIND, current["review_status"], status)
    moment = dt.datetime.now(dt.UTC)
    values: dict[str, Any] = {"review_status": status}
    if action == "correct":
        changed = _changed_values(state, user, current, changes or {})
        values |= changed | {"version": current["version"] + 1}
        if "subdistrict" in changed:
            values |= {"district": changed["subdistrict"][:4], "province": changed["subdistrict"][:2]}
    # unless another decision came between the read and this write (409): one decision per state of the record
    was = {"review_status": current["review_status"], "version": current["version"]}
    followup.update_if_unchanged(conn, survey_records, s.id, survey_id, was, values)
    if action == "correct":
        stored = {f: [_plain(current[f]), _plain(v)] for f, v in changed.items()}
        conn.execute(
            sa.insert(survey_corrections).values(
                survey_id=survey_id,
                version=values["version"],
                changes=stored,
                at=moment,
                by_user=user["id"],
                note=note,
            )  # fmt: skip
        )
    followup.record_event(conn, KIND, survey_id, status, user["id"], note, at=moment)
    detail = {"status": status, "was": current["review_status"], "fields": sorted(set(values) - {"review_status"})}
    record(conn, f"survey.{action}", "survey", survey_id, user["id"], detail)
    return read_record(conn, user, survey_id)


def _changed_values(state, user, current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose checked new value differs from the record's; every problem at once."""
    unknown = sorted(set(changes) - set(FIELDS))
    rows = RowChecker()
    for name in unknown:
        rows.bad(
            1,
            name,
            name,
            f"แก้ไข “{name}” ไม่ได้ (แก้ได้: {', '.join(FIELDS)})",
            f"{name} cannot be corrected (use {', '.join(FIELDS)})",
        )
    typed: list[Problem] = []  # a value of a type the field cannot hold: not checked further
    texts = {
        name: read_cell(changes[name], name, typed, *_KINDS.get(name, ("text",))) for name in FIELDS if name in changes
    }
    new = {name: _checked(rows, state, user, name, text) for name, text in texts.items() if text is not None}
    group = TARGET_GROUPS.get(new.get("target_group", current["target_group"]))
    age = new.get("age", current["age"])
    if group is not None and age is not None and not (group.min_age or 0) <= age <= (group.max_age or 200):
        rows.bad(
            1, "age", age, f"อายุ {age} ไม่อยู่ในกลุ่ม {group.label_th}", f"age {age} does not fit the group {group.label_en}"
        )
    changed = {name: value for name, value in new.items() if value != current[name]}
    if not typed and not rows.problems and not changed:
        rows.bad(1, None, None, "ไม่มีค่าใดเปลี่ยน", "nothing changed: give the corrected values")
    if typed or rows.problems:
        raise UserInputError(typed + [Problem(p.column, p.value, p.message_th, p.message_en) for p in rows.problems])
    return changed


def _checked(rows: RowChecker, state, user, name: str, text: str) -> Any:
    if name == "survey_date":
        day = rows.date(1, name, text)
        if day is not None and day > today():
            rows.bad(1, name, text, "วันที่สำรวจต้องไม่เป็นวันในอนาคต", "a survey cannot be dated in the future")
        return day
    if name == "subdistrict":
        code = rows.area(1, name, text, state.registry, level="subdistrict", context=(user["area"],))
        if code is not None and not scope.within(code, scope.scope_of(user)):
            rows.bad(1, name, text, f"พื้นที่ {code} อยู่นอกพื้นที่ของคุณ", f"area {code} is outside your own area")
        return code
    if name in ("village_no", "age", "doses_received"):
        return rows.number(1, name, text, required=name != "village_no", minimum=1 if name == "village_no" else 0)
    if name in ("lat", "lon"):
        return rows.number(1, name, text, kind=float, required=False)
    if name == "target_group":
        return rows.choice(1, name, text, SURVEY_GROUPS)
    if name == "intention":
        return rows.choice(1, name, text, INTENTIONS)
    if name == "needs_home_visit":
        try:
            return parse_bool(text)
        except ValueError:
            rows.bad(1, name, text, "ใช้ ใช่/ไม่ใช่", "use yes/no")
            return None
    return text or None  # reason


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _problem(column: str, value: Any, th: str, en: str) -> Problem:
    return Problem(column=column, value=value, message_th=th, message_en=en)
