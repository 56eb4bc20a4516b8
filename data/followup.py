"""Follow-up: the one model of every queue that reaches a person — a help request from the public, a home visit from a
survey record, the coordinator's review of a survey record.

Each kind has a ``Flow``: where an item starts, which status may follow which, and which statuses end the wait (help
arrived, or the item closed). Every change is one row of ``followup_events`` (kind, item, status, time, who, note),
written here and nowhere else, so an item's history and its waiting time are read the same way for every kind:

- ``check_move(kind, old, new)``: a status that is not one of the kind's is a 422, a move the flow does not allow a 409;
- ``start(conn, kind, item_id, by_user)``, ``move(conn, kind, item_id, old, new, by_user, note)``: record the first
  status, or check and record a change (the caller updates its own table in the same transaction);
- ``history(conn, kind, item_id)`` / ``histories(conn, kind, ids)``: the events, oldest first;
- ``waiting_minutes(created_at, ended_at, now)``, ``wait_ends(conn, kind, ids)``: how long someone waited (or waits);
- ``update_if_unchanged(conn, table, key, item_id, was, values)``: the caller's own row changed only if it is still as
  it was read (a 409 otherwise): two people moving one item at the same moment cannot both succeed, each having
  checked the move against the status before the other's.

Notes may name people ("called Mr A's daughter"): they are for the chain of command of the item, never for the
public, never in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from data.errors import Conflict, Problem, UserInputError
from data.registries import HELP_STATUSES, HOME_VISIT_STATUSES, REVIEW_OUTCOMES, Registry
from data.schema import followup_events, users
from geo.clock import now as clock_now

KINDS = ("help_request", "home_visit", "survey_review")


@dataclass(frozen=True)
class Flow:
    """The statuses of one kind of follow-up: ``moves[status]`` lists those that may follow it, the likeliest next
    first (a page offers them in this order), itself included when a repeat means something (a new assignee, a new
    date); ``reached``: the statuses that end the wait."""

    kind: str
    start: str
    moves: Mapping[str, tuple[str, ...]]
    reached: tuple[str, ...]
    labels: Registry  # each status's Thai and English label (data/registries.py)

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(self.moves)

    @property
    def open(self) -> tuple[str, ...]:
        """The statuses of items still in the queue (some move is left)."""
        return tuple(s for s, following in self.moves.items() if following)


FLOWS: dict[str, Flow] = {
    # waiting → assigned (to a named user of the area) → being_helped → done | cancelled | unreachable; reassigning is
    # assigned → assigned; a request nobody could reach may be tried again
    "help_request": Flow(
        "help_request",
        "waiting",
        {
            "waiting": ("assigned", "being_helped", "done", "cancelled", "unreachable"),
            "assigned": ("being_helped", "done", "assigned", "waiting", "cancelled", "unreachable"),
            "being_helped": ("done", "cancelled", "unreachable"),
            "unreachable": ("waiting", "assigned"),
            "done": (),
            "cancelled": (),
        },
        reached=("being_helped", "done", "cancelled", "unreachable"),
        labels=HELP_STATUSES,
    ),
    # to_plan → planned (for a date; planned again for another) → vaccinated | refused | moved; not_home stays open
    "home_visit": Flow(
        "home_visit",
        "to_plan",
        {
            "to_plan": ("planned", "vaccinated", "refused", "moved", "not_home"),
            "planned": ("planned", "vaccinated", "refused", "not_home", "moved"),
            "not_home": ("planned", "vaccinated", "refused", "not_home", "moved"),
            "vaccinated": (),
            "refused": (),
            "moved": (),
        },
        reached=("vaccinated", "refused", "moved"),
        labels=HOME_VISIT_STATUSES,
    ),
    # pending → confirmed | corrected | rejected; a confirmed or corrected record may be corrected again or rejected
    "survey_review": Flow(
        "survey_review",
        "pending",
        {
            "pending": ("confirmed", "corrected", "rejected"),
            "confirmed": ("corrected", "rejected"),
            "corrected": ("corrected", "confirmed", "rejected"),
            "rejected": (),
        },
        reached=("confirmed", "corrected", "rejected"),
        labels=REVIEW_OUTCOMES,
    ),
}


def flow(kind: str) -> Flow:
    """The flow of ``kind``; an unknown kind is a programming error (ValueError)."""
    if kind not in FLOWS:
        raise ValueError(f"{kind!r} is not one of {KINDS}")
    return FLOWS[kind]


def check_move(kind: str, old: str, new: str) -> None:
    """Raise UserInputError (422) when ``new`` is not a status of ``kind``, Conflict (409) when the flow does not let
    ``old`` become ``new`` (a closed item, a step back that means nothing)."""
    f = flow(kind)
    if not isinstance(new, str) or new not in f.moves:
        listed = ", ".join(f.statuses)
        th, en = f"ไม่รู้จักสถานะ “{new}” (ใช้ {listed})", f"unknown status {new!r} (use {listed})"
        raise UserInputError([Problem("status", new, th, en)])
    if new not in f.moves.get(old, ()):
        following = f.moves.get(old, ())
        was, to = f.labels.get(old), f.labels[new]
        was_th, was_en = (was.label_th, was.label_en) if was else (old, old)
        allowed_th = ", ".join(f"“{f.labels[s].label_th}”" for s in following) or "ไม่มี (ปิดแล้ว)"
        allowed_en = ", ".join(f"{f.labels[s].label_en} ({s})" for s in following) or "none (it is closed)"
        th = f"เปลี่ยนสถานะจาก “{was_th}” เป็น “{to.label_th}” ไม่ได้ (จาก “{was_th}” เปลี่ยนได้เป็น: {allowed_th})"
        en = f"cannot move from {was_en} to {to.label_en} (from {was_en}: {allowed_en})"
        raise Conflict([Problem("status", new, th, en)], en, th)


def record_event(
    conn: sa.Connection,
    kind: str,
    item_id: int,
    status: str,
    by_user: int | None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> dt.datetime:
    """Write one event (no check: ``move`` checks); returns its time (now, unless ``at`` is given), in UTC: SQLite
    keeps no time zone, and every stored moment of the app is UTC (geo.clock.local reads it back as Thai time)."""
    flow(kind)
    moment = utc(at or clock_now())
    conn.execute(
        sa.insert(followup_events).values(
            kind=kind, item_id=item_id, status=status, at=moment, by_user=by_user, note=(note or "").strip() or None
        )
    )
    return moment


def start(
    conn: sa.Connection,
    kind: str,
    item_id: int,
    by_user: int | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> dt.datetime:
    """Record that an item entered its queue in the flow's first status."""
    return record_event(conn, kind, item_id, flow(kind).start, by_user, note, at)


def move(
    conn: sa.Connection,
    kind: str,
    item_id: int,
    old: str,
    new: str,
    by_user: int | None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> dt.datetime:
    """Check the move (``check_move``) and record it; the caller changes its own row in the same transaction."""
    check_move(kind, old, new)
    return record_event(conn, kind, item_id, new, by_user, note, at)


CHANGED_MEANWHILE = (
    "รายการนี้เพิ่งถูกเปลี่ยนโดยผู้อื่น โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง",
    "someone else changed this a moment ago: reload it and try again",
)


def update_if_unchanged(
    conn: sa.Connection,
    table: sa.Table,
    key: sa.Column,
    item_id: Any,
    was: Mapping[str, Any],
    values: Mapping[str, Any],
) -> None:
    """``UPDATE table SET values WHERE key = item_id`` and each column of ``was`` still holds what was read; a
    Conflict (409) when no row was: another request changed it between this one's read and its write. SQLite runs the
    update after the other's commit (the write lock), PostgreSQL re-reads the row once the other's lock is released:
    either way the condition sees the other's change."""
    same = [table.c[name].is_(None) if value is None else table.c[name] == value for name, value in was.items()]
    result = conn.execute(sa.update(table).where(key == item_id, *same).values(**values))
    if result.rowcount != 1:
        th, en = CHANGED_MEANWHILE
        raise Conflict([Problem(None, item_id, th, en)], en, th)


def histories(conn: sa.Connection, kind: str, item_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Item id → its events oldest first: {status, at, by_user, username, note}."""
    ids = sorted(set(item_ids))
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    e = followup_events.c
    query = (
        sa.select(e.item_id, e.status, e.at, e.by_user, users.c.username, e.note)
        .select_from(followup_events.outerjoin(users, users.c.id == e.by_user))
        .where(e.kind == kind, e.item_id.in_(ids))
        .order_by(e.item_id, e.at, e.id)
    )
    for row in conn.execute(query).mappings():
        event = dict(row)
        out[event.pop("item_id")].append(event)
    return out


def history(conn: sa.Connection, kind: str, item_id: int) -> list[dict[str, Any]]:
    """One item's events, oldest first."""
    return histories(conn, kind, [item_id])[item_id]


def wait_ends(conn: sa.Connection, kind: str, item_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """Item id → when its wait ended (its first event in a ``reached`` status); items still waiting are absent."""
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    e = followup_events.c
    query = (
        sa.select(e.item_id, sa.func.min(e.at))
        .where(e.kind == kind, e.item_id.in_(ids), e.status.in_(flow(kind).reached))
        .group_by(e.item_id)
    )
    return {item: at for item, at in conn.execute(query).all()}


def waiting_minutes(
    created_at: dt.datetime, ended_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> int:
    """Whole minutes from ``created_at`` to ``ended_at`` (when the wait ended), else to ``now`` (geo.clock); never
    negative. Naive times are UTC (as SQLite gives them back)."""
    end = _aware(ended_at or now or clock_now())
    return max(0, int((end - _aware(created_at)).total_seconds() // 60))


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` as an aware UTC time (a naive one is taken as UTC): how every time is stored."""
    return _aware(moment).astimezone(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
