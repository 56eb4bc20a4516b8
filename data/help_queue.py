"""The queue of help requests for the people who answer them, and its moves.

Who may do what (data/scope.py gives the area rule):
- a coordinator, province admin or national admin: every request inside their area, with the person's name, phone
  and note; they assign it (to a named, active user whose area holds it) and move it through its flow;
- a volunteer: only the requests assigned to them, with the phone they need; they say being helped, done, or could not
  reach — not assign, not cancel;
- nobody else.
Every read of the queue (it holds phone numbers) and every move is written to the audit log, without personal data;
every move is also a follow-up event (data/followup.py) with its time, who acted and the note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from data import followup, scope
from data.audit import record
from data.errors import NotFound, Problem, UserInputError
from data.fields import PREVIEW_CHARS, kind_of, preview, read_text, whole_number
from data.help_requests import FLOW, KIND, MAX_NOTE
from data.params import DATABASE_INT_MAX
from data.registries import ROLES
from data.schema import help_request_personal, help_requests, users
from geo.clock import now as clock_now

VOLUNTEER_MOVES = ("being_helped", "done", "unreachable")
_LEVELS = {level: help_requests.c[level] for level in ("province", "district", "subdistrict")}
FIELDS = (
    "id",
    "reference",
    "need",
    "status",
    "people",
    "lat",
    "lon",
    "subdistrict",
    "district",
    "province",
    "assigned_to",
    "created_at",
    "updated_at",
    "synthetic",
)


@dataclass(frozen=True)
class QueueQuery:
    area: str  # checked: inside the reader's own area
    statuses: tuple[str, ...] = FLOW.open
    needs: tuple[str, ...] = ()
    limit: int = 1000
    offset: int = 0


def queue_area(user: Mapping[str, Any], asked: str | None) -> str:
    """The area whose queue ``user`` reads: ``asked`` or their own, refused outside it (403) and for the public."""
    if not ROLES.at_least(user, "volunteer"):
        raise scope.AccessDenied("your role cannot read help requests", "บทบาทของคุณอ่านคำขอความช่วยเหลือไม่ได้")
    return scope.readable_area(user, asked)


def _where(user: Mapping[str, Any], q: QueueQuery) -> list:
    h = help_requests.c
    where = [scope.where_within(q.area, _LEVELS), h.status.in_(q.statuses)]
    if q.needs:
        where.append(h.need.in_(q.needs))
    if user["role"] == "volunteer":
        where.append(h.assigned_to == user["id"])
    return where


def read_queue(conn: sa.Connection, user: Mapping[str, Any], q: QueueQuery) -> tuple[list[dict[str, Any]], int]:
    """(requests oldest first, each with waiting_minutes, name, phone, note and the assignee's name; total). Audited."""
    h, p = help_requests.c, help_request_personal.c
    where = _where(user, q)
    query = (
        sa.select(
            *[h[name] for name in FIELDS],
            p.full_name.label("name"),
            p.phone,
            p.note,
            users.c.username.label("assigned_username"),
            users.c.display_name.label("assigned_name"),
        )
        .select_from(
            help_requests.join(help_request_personal, p.request_id == h.id).outerjoin(
                users, users.c.id == h.assigned_to
            )
        )
        .where(*where)
        .order_by(h.created_at, h.id)
        .limit(q.limit)
        .offset(q.offset)
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    total = conn.execute(sa.select(sa.func.count()).select_from(help_requests).where(*where)).scalar_one()
    add_waiting_minutes(conn, rows)
    detail = {"area": q.area, "records": len(rows), "offset": q.offset}
    record(conn, "export.personal", KIND, None, user["id"], detail)
    return rows, total


def add_waiting_minutes(conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """Each row's ``waiting_minutes``: to now while help has not come, to when it came (or the request closed)."""
    ended = followup.wait_ends(conn, KIND, [r["id"] for r in rows if r["status"] in FLOW.reached])
    moment = followup.utc(clock_now())
    for r in rows:
        created, end = followup.utc(r["created_at"]), ended.get(r["id"])
        r["created_at"], r["updated_at"] = created, followup.utc(r["updated_at"])  # aware UTC, as on PostgreSQL
        r["waiting_minutes"] = max(0, int(((followup.utc(end) if end else moment) - created).total_seconds() // 60))


# -- moves ----------------------------------------------------------------------------------------------------------
def change_request(
    conn: sa.Connection,
    user: Mapping[str, Any],
    request_id: int,
    status: str | None,
    assigned_to: Any = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Move a request (PATCH /api/v1/help-requests/{id}); the new row with its waiting_minutes."""
    row = _request(conn, request_id)
    _may_change(user, row, status, assigned_to)
    problems: list[Problem] = []
    status = read_text(status, "status", problems, max_chars=PREVIEW_CHARS)  # a list or an object is no status
    if status is None and not problems:
        problems.append(Problem("status", None, "โปรดระบุสถานะใหม่", "give the new status"))
    note = read_text(note, "note", problems, max_chars=MAX_NOTE, lines=True)
    assignee = _assignee(conn, row, assigned_to, problems) if assigned_to not in (None, "") else row["assigned_to"]
    if status == "assigned" and assignee is None and assigned_to in (None, ""):  # else: who was named is the problem
        problems.append(
            Problem("assigned_to", None, "โปรดเลือกผู้รับเรื่อง", "choose who takes the request (a user of its area)")
        )
    if problems:
        raise UserInputError(problems)
    followup.check_move(KIND, row["status"], status)  # type: ignore[arg-type]
    if status == "waiting":
        assignee = None
    moment = followup.clock_now()
    was = {"status": row["status"], "assigned_to": row["assigned_to"]}
    values = {"status": status, "assigned_to": assignee, "updated_at": followup.utc(moment)}
    followup.update_if_unchanged(conn, help_requests, help_requests.c.id, request_id, was, values)
    moment = followup.move(conn, KIND, request_id, row["status"], status, user["id"], note, at=moment)  # type: ignore[arg-type]
    detail = {"district": row["district"], "from": row["status"], "to": status, "assigned_to": assignee}
    record(conn, "help_request.status", KIND, request_id, user["id"], detail)
    out = {**row, "status": status, "assigned_to": assignee, "updated_at": moment}
    add_waiting_minutes(conn, [out])
    return out


def _request(conn: sa.Connection, request_id: int) -> dict[str, Any]:
    h = help_requests.c
    row = conn.execute(sa.select(*[h[n] for n in FIELDS]).where(h.id == request_id)).mappings().first()
    if row is None:
        raise NotFound([], f"no help request {request_id}", f"ไม่พบคำขอความช่วยเหลือหมายเลข {request_id}")
    return dict(row)


def _may_change(user: Mapping[str, Any], row: Mapping[str, Any], status: str | None, assigned_to: Any) -> None:
    if scope.permitted(user, row["subdistrict"], "coordinator"):
        return
    if user.get("role") == "volunteer" and row["assigned_to"] == user["id"]:
        if status in VOLUNTEER_MOVES and assigned_to in (None, ""):
            return
        raise scope.AccessDenied(
            "a volunteer may say being_helped, done or unreachable; the coordinator assigns and cancels",
            "อาสาสมัครเปลี่ยนได้เฉพาะ กำลังช่วยเหลือ ช่วยเหลือแล้ว หรือติดต่อไม่ได้ ผู้ประสานงานเป็นผู้มอบหมายและยกเลิก",
        )
    raise scope.AccessDenied(
        "this help request is outside your area or not assigned to you",
        "คำขอนี้อยู่นอกพื้นที่ของคุณหรือไม่ได้มอบหมายให้คุณ",
    )


def _assignee(conn: sa.Connection, row: Mapping[str, Any], given: Any, problems: list[Problem]) -> int | None:
    """The id of the user named by ``given`` (an id or a username) if they are active, approved and of the request's
    area; None with a problem otherwise."""
    u = users.c
    text, number = preview(given.strip() if isinstance(given, str) else given), whole_number(given)
    if number is None and not isinstance(given, str):
        th, en = "assigned_to ต้องเป็นรหัสหรือชื่อผู้ใช้", f"assigned_to must be a user id or username, not {kind_of(given)[0]}"
        problems.append(Problem("assigned_to", text, th, en))
        return None
    by = u.id == number if number is not None else sa.func.lower(u.username) == given.strip().lower()
    person = None
    if number is None or number <= DATABASE_INT_MAX:  # an id no column holds names nobody
        person = conn.execute(sa.select(u.id, u.role, u.area, u.active, u.approval).where(by)).mappings().first()
    fits = (
        person is not None
        and person["active"]
        and person["approval"] == "approved"
        and ROLES.at_least(person, "volunteer")
        and scope.within(row["subdistrict"], person["area"])
    )
    if fits:
        return person["id"]  # type: ignore[index]
    th = f"“{text}” ไม่ใช่ผู้ใช้ที่ใช้งานอยู่ในพื้นที่ของคำขอนี้ ({row['subdistrict']})"
    en = f"{text!r} is not an active user of this request's area ({row['subdistrict']})"
    problems.append(Problem("assigned_to", text, th, en))
    return None


def assignable_users(conn: sa.Connection, subdistrict: str) -> list[dict[str, Any]]:
    """The active users a request of ``subdistrict`` may be assigned to (for the page's choice): id, username, name,
    role, area; the volunteers of the subdistrict first."""
    u = users.c
    holders = [subdistrict, subdistrict[:4], subdistrict[:2]]
    query = sa.select(u.id, u.username, u.display_name, u.role, u.area).where(
        u.active, u.approval == "approved", u.area.in_(holders), u.role.in_(ROLES.codes)
    )
    people = [dict(r) for r in conn.execute(query).mappings()]
    return sorted(people, key=lambda p: (ROLES.rank(p["role"]), p["username"]))
