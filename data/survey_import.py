"""Survey records from an upload: checks (campaign open, subdistrict, target group and age, national id checksum)
and inserts that keep the personal data apart, the national id only as a keyed hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pandas as pd
import sqlalchemy as sa

from data import parsing
from data.registries import INTENTIONS, TARGET_GROUPS
from data.schema import campaigns, survey_personal, survey_records
from data.uploads import record_change
from data.validation import RowChecker


def validate_survey_rows(table: pd.DataFrame, state, conn):
    rows = RowChecker()
    campaign = conn.execute(
        sa.select(campaigns.c.id).where(campaigns.c.closed_on.is_(None)).order_by(campaigns.c.opened_on.desc())
    ).scalar()
    if campaign is None:
        rows.bad(
            1,
            None,
            None,
            "ไม่มีรอบการสำรวจที่เปิดอยู่ จึงรับแบบสำรวจใหม่ไม่ได้",
            "no reporting campaign is open, so new survey records are not accepted",
        )
        return [], rows.problems, rows.warnings
    records = []
    for row, r in table.iterrows():
        before = len(rows.problems)
        rec = {
            "row": row,
            "campaign_id": campaign,
            "survey_date": rows.date(row, "survey_date", r["survey_date"]),
            "subdistrict": rows.area(row, "subdistrict", r["subdistrict"], state.registry, "subdistrict"),
            "village_no": rows.number(row, "village_no", r.get("village_no", ""), required=False, minimum=1),
            "lat": rows.number(row, "lat", r.get("lat", ""), kind=float, required=False),
            "lon": rows.number(row, "lon", r.get("lon", ""), kind=float, required=False),
            "target_group": rows.choice(row, "target_group", r["target_group"], TARGET_GROUPS),
            "age": rows.number(row, "age", r["age"], minimum=0),
            "doses_received": rows.number(row, "doses_received", r["doses_received"], minimum=0),
            "intention": rows.choice(row, "intention", r["intention"], INTENTIONS),
            "reason": r.get("reason", "") or None,
            "full_name": r.get("full_name", "") or None,
            "phone": r.get("phone", "") or None,
            "national_id": r.get("national_id", "") or None,
        }
        try:
            rec["needs_home_visit"] = parsing.parse_bool(r.get("needs_home_visit", ""))
        except ValueError:
            rows.bad(row, "needs_home_visit", r.get("needs_home_visit"), "ใช้ ใช่/ไม่ใช่", "use yes/no")
        if rec["national_id"] and not parsing.valid_national_id(rec["national_id"]):
            rows.bad(
                row,
                "national_id",
                "(hidden)",
                "เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจเลข 13 หลัก)",
                "the national id fails the 13-digit checksum",
            )
        group = TARGET_GROUPS.get(rec["target_group"] or "")
        if (
            group
            and rec["age"] is not None
            and (
                (group.min_age is not None and rec["age"] < group.min_age)
                or (group.max_age is not None and rec["age"] > group.max_age)
            )
        ):
            rows.bad(
                row,
                "age",
                r["age"],
                f"อายุ {rec['age']} ไม่อยู่ในกลุ่ม {group.label_th}",
                f"age {rec['age']} does not fit the group {group.label_en}",
            )
        if len(rows.problems) == before:
            records.append(rec)
    return records, rows.problems, rows.warnings


def _keyed_hash(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def insert_survey_rows(conn, records, state, upload_id, user_id) -> dict:
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    now = dt.datetime.now(dt.UTC)
    for rec in records:
        nid = rec["national_id"]
        nid_hash = _keyed_hash(state.secret_key, nid.translate(parsing.THAI_DIGITS).replace("-", "")) if nid else None
        content = (
            "|".join(
                str(rec[k])
                for k in (
                    "survey_date",
                    "subdistrict",
                    "village_no",
                    "target_group",
                    "age",
                    "doses_received",
                    "intention",
                    "full_name",
                )
            )
            + f"|{nid_hash}"
        )
        key = _keyed_hash(state.secret_key, content)
        if conn.execute(sa.select(survey_records.c.id).where(survey_records.c.record_key == key)).first():
            counts["unchanged"] += 1
            continue
        sub = rec["subdistrict"]
        survey_id = conn.execute(
            sa.insert(survey_records)
            .values(
                campaign_id=rec["campaign_id"],
                survey_date=rec["survey_date"],
                volunteer_id=user_id,
                subdistrict=sub,
                district=sub[:4],
                province=sub[:2],
                village_no=rec["village_no"],
                lat=rec["lat"],
                lon=rec["lon"],
                target_group=rec["target_group"],
                age=rec["age"],
                doses_received=rec["doses_received"],
                intention=rec["intention"],
                needs_home_visit=rec.get("needs_home_visit", False),
                reason=rec["reason"],
                created_at=now,
                upload_id=upload_id,
                record_key=key,
            )
            .returning(survey_records.c.id)
        ).scalar_one()
        record_change(conn, upload_id, "survey", survey_id, None)
        if rec["full_name"] or nid_hash or rec["phone"]:
            conn.execute(
                sa.insert(survey_personal).values(
                    survey_id=survey_id, full_name=rec["full_name"], national_id_hash=nid_hash, phone=rec["phone"]
                )
            )
        counts["new"] += 1
    return counts
