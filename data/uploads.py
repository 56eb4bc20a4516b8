"""Upload history: what each accepted upload changed, and undoing it.

Every row an upload creates or changes is recorded in ``upload_changes`` with the row as it was before (nothing
for a new row). Undo restores those rows (facilities get a new "revert" version, so their history stays whole)
and deletes the new ones, a batch of ids a statement (a survey file of 200,000 rows is undone in seconds), in one
transaction. An upload whose rows a later upload changed again cannot be undone
before that later one: undoing it would silently discard the later change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from data import bulk, followup, versions
from data.audit import record
from data.errors import Conflict, Problem
from data.jsonvalues import jsonable
from data.schema import (
    coverage_facts,
    facilities,
    facility_versions,
    home_visits,
    survey_records,
    upload_changes,
    uploads,
)

TABLES = {"coverage_fact": coverage_facts, "facility": facilities, "survey": survey_records}


def record_change(conn: sa.Connection, upload_id: int | None, entity: str, entity_id: int, before: dict | None) -> None:
    if upload_id is None:  # a dry run or a refused file: nothing is kept anyway
        return
    conn.execute(
        sa.insert(upload_changes).values(
            upload_id=upload_id, entity=entity, entity_id=entity_id, before=jsonable(before) if before else None
        )
    )


def list_uploads(conn: sa.Connection, kind: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Newest first, without the file content."""
    columns = [c for c in uploads.c if c.name != "content"]
    query = sa.select(*columns).order_by(uploads.c.id.desc()).limit(limit)
    if kind:
        query = query.where(uploads.c.kind == kind)
    return [dict(r) for r in conn.execute(query).mappings()]


def undo_upload(conn: sa.Connection, upload_id: int, user_id: int | None) -> dict[str, int]:
    """Undo an accepted upload; returns counts of rows deleted and restored. Raises Conflict when it cannot."""
    upload = conn.execute(sa.select(uploads).where(uploads.c.id == upload_id)).mappings().first()
    if upload is None or upload["outcome"] != "accepted":
        state_th = {"undone": "ยกเลิกไปแล้ว", "refused": "ไฟล์ถูกปฏิเสธ ไม่ได้บันทึก"}
        state = "not found" if upload is None else f"already {upload['outcome']}"
        why_th = "ไม่พบ" if upload is None else state_th.get(upload["outcome"], upload["outcome"])
        raise Conflict(
            [
                Problem(
                    "upload",
                    upload_id,
                    f"ยกเลิกการนำเข้า {upload_id} ไม่ได้ ({why_th})",
                    f"upload {upload_id} cannot be undone ({state})",
                )
            ]
        )
    if (upload["summary"] or {}).get("base"):
        raise Conflict(
            [
                Problem(
                    "upload",
                    upload_id,
                    f"ยกเลิกการนำเข้า {upload_id} ไม่ได้: เป็นข้อมูลพื้นฐานที่โหลดจากแหล่งข้อมูลเมื่อติดตั้งระบบ "
                    "แก้ไขรายการทีละรายการ หรือปิดสถานบริการแทน",
                    f"upload {upload_id} cannot be undone: it is base data loaded from a source data set when the "
                    "app was set up; change its records one by one, or close a facility, instead",
                )
            ]
        )
    changes = (
        conn.execute(
            sa.select(upload_changes)
            .where(upload_changes.c.upload_id == upload_id)
            .order_by(upload_changes.c.id.desc())
        )
        .mappings()
        .all()
    )
    _refuse_if_changed_later(conn, upload_id, changes)
    _refuse_if_followed_up(conn, upload_id, [c["entity_id"] for c in changes if c["entity"] == "survey"])
    counts = {"deleted": 0, "restored": 0}
    now = dt.datetime.now(dt.UTC)
    # first marked undone, if still accepted: of two undos at the same moment, the second finds it undone (409)
    # rather than deleting again and writing a second audit line
    was, values = {"outcome": "accepted"}, {"outcome": "undone", "undone_at": now}
    followup.update_if_unchanged(conn, uploads, uploads.c.id, upload_id, was, values)
    for entity, table in TABLES.items():  # first the rows the upload created, a batch of ids a statement
        created = [c["entity_id"] for c in changes if c["before"] is None and c["entity"] == entity]
        for start in range(0, len(created), bulk.IN_BATCH):
            conn.execute(sa.delete(table).where(table.c.id.in_(created[start : start + bulk.IN_BATCH])))
        counts["deleted"] += len(created)
    for change in changes:  # then the rows it changed, as they were (newest change first)
        if change["before"] is not None:
            _restore(conn, change, now, user_id)
            counts["restored"] += 1
    kinds = {"facility": "facilities", "survey": "surveys", "coverage_fact": "coverage"}
    versions.bump(conn, *sorted({kinds[change["entity"]] for change in changes}))
    record(conn, "upload.undo", "upload", upload_id, user_id, counts)
    return counts


def _refuse_if_changed_later(conn, upload_id: int, changes) -> None:
    later = []
    for entity, table in TABLES.items():  # the rows still there, read a batch of ids a query
        ids = [c["entity_id"] for c in changes if c["entity"] == entity]
        for row in bulk.select_in(conn, table.c.id, ids, table.c.upload_id):
            if row.upload_id != upload_id:  # changed since, by a later upload or a form
                later.append(row.upload_id)
    if later:
        newest = max((x for x in later if x is not None), default="a form")
        raise Conflict(
            [
                Problem(
                    "upload",
                    upload_id,
                    f"การนำเข้าครั้งหลัง ({newest}) แก้ไขข้อมูลชุดเดียวกันแล้ว โปรดยกเลิกครั้งนั้นก่อน",
                    f"a later upload ({newest}) changed the same rows; undo that one first",
                )
            ]
        )


def _refuse_if_followed_up(conn, upload_id: int, survey_ids: list[int]) -> None:
    """A survey upload whose records were reviewed (confirmed, corrected, rejected) or given a home visit since is
    not undone: deleting the records would throw that work away with them, unseen (409 naming how many and the
    first records)."""
    s, v = survey_records.c, home_visits.c
    followed = []
    for start in range(0, len(survey_ids), bulk.IN_BATCH):
        batch = survey_ids[start : start + bulk.IN_BATCH]
        query = (
            sa.select(s.id)
            .select_from(survey_records.outerjoin(home_visits, v.survey_id == s.id))
            .where(
                s.id.in_(batch),
                sa.or_(
                    s.review_status != "pending", s.version > 1, s.vaccinated_on.is_not(None), v.survey_id.is_not(None)
                ),
            )
        )
        followed += conn.execute(query).scalars().all()
    if followed:
        first = ", ".join(str(i) for i in sorted(followed)[:5]) + (" …" if len(followed) > 5 else "")
        n = len(followed)
        raise Conflict(
            [
                Problem(
                    "upload",
                    upload_id,
                    f"แบบสำรวจ {n:,} รายการของการนำเข้านี้ได้รับการตรวจสอบหรือมีการเยี่ยมบ้านแล้ว (เลขที่ {first}) "
                    "การยกเลิกจะลบงานนั้นทิ้งไปด้วย จึงยกเลิกไม่ได้ โปรดให้ผู้ประสานงานปฏิเสธรายการที่ผิดทีละรายการในหน้าตรวจสอบ",
                    f"{n:,} survey record(s) of this upload were reviewed or given a home visit since (record {first}): "
                    "undoing it would throw that work away, so it is not undone. Ask the coordinator to reject the wrong "
                    "records one by one on the review page",
                )
            ]
        )


def _restore(conn, change, now: dt.datetime, user_id: int | None) -> None:
    table = TABLES[change["entity"]]
    before = dict(change["before"])
    for key, column in table.c.items():
        if key in before and isinstance(column.type, sa.Date) and isinstance(before[key], str):
            before[key] = dt.date.fromisoformat(before[key])
        if key in before and isinstance(column.type, sa.DateTime) and isinstance(before[key], str):
            before[key] = dt.datetime.fromisoformat(before[key])
    before.pop("id", None)
    if change["entity"] == "facility":
        version = (
            conn.execute(sa.select(facilities.c.version).where(facilities.c.id == change["entity_id"])).scalar() + 1
        )
        before.update(version=version, updated_at=now, updated_by=user_id)
        conn.execute(sa.update(facilities).where(facilities.c.id == change["entity_id"]).values(**before))
        conn.execute(
            sa.insert(facility_versions).values(
                facility_id=change["entity_id"],
                version=version,
                data=jsonable(before),
                change="revert",
                changed_at=now,
                changed_by=user_id,
            )
        )
    else:
        conn.execute(sa.update(table).where(table.c.id == change["entity_id"]).values(**before))
