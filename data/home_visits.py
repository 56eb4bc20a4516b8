"""Home visits: the survey records that need someone to come, as a queue per district, and a volunteer's round.

A record needs a home visit when the volunteer ticked it (``needs_home_visit``: a bedridden person, anyone who asked)
or when it found a bedridden person, and the coordinator has not rejected it in review. Its visit is "to plan" until
the coordinator assigns it to a volunteer of the area and plans it for a day; then it is visited: vaccinated,
refused, moved (closed), or nobody at home (open again for another try). ``home_visits`` holds where each stands;
every change is an event of ``followup_events`` (kind ``home_visit``, data/followup.py) and a row of the audit log
(without personal data).

A visit that vaccinates sets the record's ``vaccinated_on``: the database's tallies (migration 0014) stop counting
the person as found unvaccinated in the same transaction, so the staff's exact figure of the district changes at
once, and the public's follows the small-number rule (data/disclosure.py).

Who sees what (data/scope.py): staff (coordinator and up) the records of their area, with name and phone; a
volunteer the records assigned to them, with the phone numbers the visit needs. Every read with personal data is
audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from data import followup, scope
from data.audit import record
from data.errors import Conflict, NotFound, Problem, UserInputError
from data.fields import PREVIEW_CHARS, kind_of, preview, read_text, whole_number
from data.params import DATABASE_INT_MAX
from data.parsing import parse_date
from data.registries import HOME_VISIT_STATUSES, ROLES
from data.schema import home_visits, survey_personal, survey_records, users
from geo.clock import today
from geo.route import nearest_neighbour_round

KIND = "home_visit"
STATUSES = HOME_VISIT_STATUSES
OPEN = ("to_plan", "planned", "not_home")  # still in the queue
CLOSED = ("vaccinated", "refused", "moved")
STAFF = "coordinator"
MAX_NOTE = 2000  # characters of a visit's note
_LEVELS = {level: survey_records.c[level] for level in ("province", "district", "subdistrict")}


def needs_visit() -> sa.ColumnElement[bool]:
    """The records in the home-visit queues: ticked, or a bedridden person; never a rejected record."""
    s = survey_records.c
    return sa.and_(sa.or_(s.needs_home_visit, s.target_group == "bedridden"), s.review_status != "rejected")


@dataclass(frozen=True)
class VisitQuery:
    area: str  # the area to list (checked against the reader's own by ``area_for``)
    statuses: tuple[str, ...] = ()  # () for every status
    assigned_to: int | None = None
    planned_on: dt.date | None = None
    limit: int = 1000
    offset: int = 0


def area_for(user: Mapping[str, Any], asked: str | None) -> str:
    """The area whose visits ``user`` may list: their own or one inside it (a volunteer: their own, and then only
    the visits assigned to them)."""
    return scope.readable_area(user, asked)


# -- reading -------------------------------------------------------------------------------------------------------
def _columns():
    s, v, p = survey_records.c, home_visits.c, survey_personal.c
    assignee = users.alias("assignee")
    status = sa.func.coalesce(v.status, "to_plan").label("status")
    columns = [
        s.id, s.survey_date, s.subdistrict, s.district, s.village_no, s.lat, s.lon, s.target_group, s.age,
        s.doses_received, s.intention, s.reason, s.needs_home_visit, s.review_status, s.vaccinated_on,
        s.created_at, s.volunteer_id, status, v.assigned_to, v.planned_on, sa.func.coalesce(v.tries, 0).label("tries"),
        v.updated_at, assignee.c.username.label("assigned_username"),
        assignee.c.display_name.label("assigned_name"), p.full_name, p.phone,
    ]  # fmt: skip
    joined = (
        survey_records.outerjoin(home_visits, v.survey_id == s.id)
        .outerjoin(survey_personal, p.survey_id == s.id)
        .outerjoin(assignee, assignee.c.id == v.assigned_to)
    )
    return columns, joined, status


def _where(user: Mapping[str, Any], q: VisitQuery, status) -> list:
    where = [needs_visit(), scope.where_within(q.area, _LEVELS)]
    if not ROLES.at_least(user, STAFF):  # a volunteer: only what is assigned to them
        where.append(home_visits.c.assigned_to == user["id"])
    elif q.assigned_to is not None:
        where.append(home_visits.c.assigned_to == q.assigned_to)
    if q.statuses:
        where.append(status.in_(q.statuses))
    if q.planned_on is not None:
        where.append(home_visits.c.planned_on == q.planned_on)
    return where


def read_visits(
    conn: sa.Connection, user: Mapping[str, Any], q: VisitQuery, fmt: str = "json"
) -> tuple[list[dict[str, Any]], int]:
    """(visits with name and phone, total) of ``q.area`` that ``user`` may see, the open ones first, oldest record
    first; the read is audited (how many, never who)."""
    columns, joined, status = _columns()
    where = _where(user, q, status)
    is_open = sa.case((status.in_(OPEN), 0), else_=1)
    query = sa.select(*columns).select_from(joined).where(*where)
    query = query.order_by(is_open, survey_records.c.created_at, survey_records.c.id).limit(q.limit).offset(q.offset)
    rows = [_item(r) for r in conn.execute(query).mappings()]
    total = conn.execute(sa.select(sa.func.count()).select_from(joined).where(*where)).scalar_one()
    _audit_read(conn, user, "home_visit.list", q.area, len(rows), format=fmt)
    return rows, total


def _item(row: Mapping[str, Any]) -> dict[str, Any]:
    item = dict(row)
    created = item["created_at"]
    item["waiting_minutes"] = followup.waiting_minutes(created) if item["status"] in OPEN and created else None
    return item


def read_round(
    conn: sa.Connection,
    user: Mapping[str, Any],
    volunteer_id: int,
    day: dt.date,
    start: tuple[float, float] | None,
    fmt: str = "json",
) -> list[dict[str, Any]]:
    """The visits assigned to ``volunteer_id`` planned for ``day``, in straight-line nearest-neighbour order from
    ``start`` (lat, lon; without one, from the first stop), each with ``stop`` (1, 2, ...) and ``distance_km`` from
    the stop before (None for a record without a position, which come last). ``user`` is the volunteer, or staff
    whose area holds the records."""
    if not ROLES.at_least(user, STAFF) and volunteer_id != user["id"]:
        raise scope.AccessDenied("you may read only your own round", "คุณดูได้เฉพาะรอบเยี่ยมบ้านของคุณเอง")
    q = VisitQuery(scope.scope_of(user), ("planned", "not_home"), volunteer_id, day, limit=10_000)
    columns, joined, status = _columns()
    query = sa.select(*columns).select_from(joined).where(*_where(user, q, status)).order_by(survey_records.c.id)
    rows = [_item(r) for r in conn.execute(query).mappings()]
    placed = [r for r in rows if r["lat"] is not None and r["lon"] is not None]
    if start is None and placed:
        start = (placed[0]["lat"], placed[0]["lon"])
    start_lat, start_lon = start or (0.0, 0.0)
    legs = nearest_neighbour_round(start_lon, start_lat, [r["lon"] for r in rows], [r["lat"] for r in rows])
    ordered = []
    for stop, leg in enumerate(legs, start=1):
        item = rows[leg.position] | {"stop": stop}
        item["distance_km"] = None if leg.distance_m is None else round(leg.distance_m / 1000, 2)
        ordered.append(item)
    area = scope.scope_of(user)
    _audit_read(conn, user, "home_visit.round", area, len(ordered), day=day.isoformat(), format=fmt)
    return ordered


def _audit_read(conn, user, how: str, area: str | None, count: int, **extra) -> None:
    detail = {"how": how, "area": area, "records": count, **extra}
    record(conn, "export.personal", "home_visit", None, user["id"], detail)


# -- changing ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class VisitChange:
    status: str | None = None
    planned_on: dt.date | None = None
    note: str | None = None
    assigned_to: int | None = None  # a user id (the API also takes a username: ``parse_change``)
    unassign: bool = False


def parse_change(conn: sa.Connection, body: Mapping[str, Any]) -> VisitChange:
    """A change from the JSON of PATCH /api/v1/home-visits/{id} (or a page's form), every problem at once."""
    problems: list[Problem] = []
    status = body.get("status") or None
    if status is not None and status not in STATUSES:  # a list or an object is no status either
        listed = ", ".join(STATUSES.codes)
        problems.append(_problem("status", preview(status), f"ใช้ {listed}", f"use {listed}"))
    planned_on, day = None, body.get("planned_on")
    if day:
        planned_on = _date(day)
        if planned_on is None:
            problems.append(_problem("planned_on", preview(day), "วันที่ไม่ถูกต้อง", "not a date (YYYY-MM-DD)"))
    note = read_text(body.get("note"), "note", problems, max_chars=MAX_NOTE, lines=True)
    assigned = body.get("assigned_to")
    unassign = "assigned_to" in body and assigned in ("", None)
    assigned_id = _user_id(conn, assigned, problems) if assigned not in ("", None) else None
    if problems:
        raise UserInputError(problems)
    if status is None and planned_on is None and assigned_id is None and not unassign and not note:
        raise UserInputError(
            [
                _problem(
                    "status", None, "ไม่มีอะไรเปลี่ยน", "nothing to change: send status, planned_on, assigned_to or note"
                )
            ]
        )
    return VisitChange(status, planned_on, note, assigned_id, unassign)


def _date(value: Any) -> dt.date | None:
    """A day written as text (a list, a number or a page of text is none)."""
    if not isinstance(value, str) or len(value) > PREVIEW_CHARS:
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def _user_id(conn, value: Any, problems: list[Problem]) -> int | None:
    """The id of the user ``value`` names (an id, or a username); None with a problem."""
    number = whole_number(value)
    if number is None and not isinstance(value, str):
        th, en = "assigned_to ต้องเป็นรหัสหรือชื่อผู้ใช้", f"assigned_to must be a user id or username, not {kind_of(value)[0]}"
        problems.append(_problem("assigned_to", preview(value), th, en))
        return None
    where = users.c.id == number if number is not None else users.c.username == value.strip()
    found = None
    if number is None or number <= DATABASE_INT_MAX:  # an id no column holds names nobody
        found = conn.execute(sa.select(users.c.id).where(where)).scalar()
    if found is None:
        problems.append(_problem("assigned_to", preview(value), "ไม่พบผู้ใช้นี้", "no such user"))
    return found


def change_visit(
    conn: sa.Connection, user: Mapping[str, Any], survey_id: int, body: Mapping[str, Any]
) -> dict[str, Any]:
    """Apply the change ``body`` asks (``parse_change``) to the visit of record ``survey_id`` for ``user``
    (who is checked first), record the event and the audit row; returns the visit as ``read_visits`` lists it. A volunteer changes only the visits assigned to them, and
    never the assignment; staff those of their area, assigning only an active person of the record's area."""
    current = _current(conn, survey_id)
    staff = ROLES.at_least(user, STAFF) and scope.within(current["subdistrict"], scope.scope_of(user))
    if not staff and current["assigned_to"] != user["id"]:
        raise scope.AccessDenied("this home visit is not yours to change", "การเยี่ยมบ้านนี้ไม่ได้มอบหมายให้คุณ")
    change = parse_change(conn, body)
    if not staff and (change.assigned_to is not None or change.unassign):
        raise scope.AccessDenied("only the coordinator assigns visits", "ผู้ประสานงานเท่านั้นที่มอบหมายการเยี่ยมบ้าน")
    if not staff and current["status"] in CLOSED:
        raise scope.AccessDenied("this visit is closed; ask the coordinator", "การเยี่ยมบ้านนี้ปิดแล้ว โปรดติดต่อผู้ประสานงาน")
    values = _new_values(conn, current, change)
    now = dt.datetime.now(dt.UTC)
    row = {"status": values["status"], "assigned_to": values["assigned_to"], "planned_on": values["planned_on"]}
    row |= {"tries": values["tries"], "updated_at": now, "updated_by": user["id"]}
    if current["exists"]:  # unless another change came between the read and this write (409)
        was = {"status": current["status"], "updated_at": current["updated_at"]}
        followup.update_if_unchanged(conn, home_visits, home_visits.c.survey_id, survey_id, was, row)
    else:
        _insert_first(conn, survey_id, row)
    _follow_vaccination(conn, survey_id, current, values["status"])
    _event(conn, survey_id, current, values, user, change.note)
    detail = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items() if k != "updated_at"}
    record(conn, "home_visit.update", "survey", survey_id, user["id"], detail | {"was": current["status"]})
    columns, joined, _ = _columns()
    changed = conn.execute(sa.select(*columns).select_from(joined).where(survey_records.c.id == survey_id))
    return _item(changed.mappings().one())


def _insert_first(conn, survey_id: int, row: dict[str, Any]) -> None:
    """The visit's first row; when another request wrote it meanwhile, this one is a 409 (ON CONFLICT DO NOTHING on
    both databases: nothing written, and the transaction still usable), not an integrity error's 500."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(home_visits)
        .values(survey_id=survey_id, **row)
        .on_conflict_do_nothing(index_elements=[home_visits.c.survey_id])
        .returning(home_visits.c.survey_id)  # what was written: psycopg's rowcount is -1 here
    )
    if conn.execute(statement).first() is None:
        th, en = followup.CHANGED_MEANWHILE
        raise Conflict([Problem(None, survey_id, th, en)], en, th)


def _current(conn, survey_id: int) -> dict[str, Any]:
    s, v = survey_records.c, home_visits.c
    row = (
        conn.execute(
            sa.select(
                s.id,
                s.subdistrict,
                s.vaccinated_on,
                v.survey_id.label("visit"),
                v.status,
                v.assigned_to,
                v.planned_on,
                v.tries,
                v.updated_at,
            )  # fmt: skip
            .select_from(survey_records.outerjoin(home_visits, v.survey_id == s.id))
            .where(s.id == survey_id, needs_visit())
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound([], f"no home visit for survey record {survey_id}", f"ไม่มีการเยี่ยมบ้านของแบบสำรวจเลขที่ {survey_id}")
    current = dict(row)
    current["exists"] = current.pop("visit") is not None
    current["status"] = current["status"] or "to_plan"
    current["tries"] = current["tries"] or 0
    return current


def _new_values(conn, current: dict, change: VisitChange) -> dict[str, Any]:
    status = change.status or ("planned" if change.planned_on and current["status"] in OPEN else current["status"])
    planned_on = change.planned_on or current["planned_on"]
    assigned_to = None if change.unassign else (change.assigned_to or current["assigned_to"])
    problems: list[Problem] = []
    if change.assigned_to is not None and not _may_be_assigned(conn, change.assigned_to, current["subdistrict"]):
        th, en = "มอบหมายได้เฉพาะผู้ใช้ที่ยังใช้งานในพื้นที่ของแบบสำรวจนี้", "assign only an active person of this record's area"
        problems.append(_problem("assigned_to", change.assigned_to, th, en))
    if status == "planned" and planned_on is None:
        problems.append(_problem("planned_on", None, "โปรดระบุวันที่นัดเยี่ยม", "a planned visit needs planned_on"))
    if status == "planned" and assigned_to is None:
        problems.append(_problem("assigned_to", None, "โปรดมอบหมายอาสาก่อนนัดเยี่ยม", "assign a volunteer before planning"))
    if problems:
        raise UserInputError(problems)
    if status in ("to_plan", "not_home"):
        planned_on = change.planned_on  # another try is planned again (None until then)
    tries = current["tries"] + (1 if change.status == "not_home" else 0)
    return {"status": status, "planned_on": planned_on, "assigned_to": assigned_to, "tries": tries}


def _may_be_assigned(conn, user_id: int, subdistrict: str) -> bool:
    row = (
        conn.execute(
            sa.select(users.c.role, users.c.area, users.c.active, users.c.approval).where(users.c.id == user_id)
        )
        .mappings()
        .first()
    )
    return bool(row and row["active"] and row["approval"] == "approved" and scope.within(subdistrict, row["area"]))


def _event(conn, survey_id: int, current: dict, values: dict, user: Mapping[str, Any], note: str | None) -> None:
    """The change as an event of the follow-up model: a new status is a move the flow must allow (409 otherwise: a
    closed visit stays closed); the same status again with a new assignee or date is recorded as it is."""
    old, new = current["status"], values["status"]
    if new != old or new in followup.flow(KIND).moves[old]:
        followup.move(conn, KIND, survey_id, old, new, user["id"], note)
        return
    if old in CLOSED:
        followup.check_move(KIND, old, new)  # raises: nothing changes on a closed visit
    followup.record_event(conn, KIND, survey_id, new, user["id"], note)


def _follow_vaccination(conn, survey_id: int, current: dict, status: str) -> None:
    """The survey measures follow the visit: the person is vaccinated today (Bangkok) when the visit vaccinates."""
    if status == "vaccinated" and current["vaccinated_on"] is None:
        conn.execute(sa.update(survey_records).where(survey_records.c.id == survey_id).values(vaccinated_on=today()))


def assignable(conn: sa.Connection, area: str) -> list[dict[str, Any]]:
    """The active, approved people a coordinator may assign visits of ``area`` to (their area within it, or holding
    it): id, username, display_name, role, area; volunteers first."""
    u = users.c
    rows = conn.execute(
        sa.select(u.id, u.username, u.display_name, u.role, u.area)
        .where(u.active, u.approval == "approved", scope.where_prefix(area, u.area))
        .order_by(u.role != "volunteer", u.username)
    ).mappings()
    return [dict(r) for r in rows]


def _problem(column: str, value: Any, th: str, en: str) -> Problem:
    return Problem(column=column, value=value, message_th=th, message_en=en)
