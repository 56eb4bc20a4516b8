"""Coverage facts from an upload: checks (date, area, target group, dose, counts) and upserts keyed by
(as of, area, target group, dose), recording each row's state before the change so the upload can be undone."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data.registries import TARGET_GROUPS
from data.schema import coverage_facts
from data.uploads import record_change
from data.validation import RowChecker, duplicate_keys


def validate_coverage_rows(table: pd.DataFrame, state, conn):
    rows = RowChecker()
    records = []
    for row, r in table.iterrows():
        before = len(rows.problems)
        rec = {
            "as_of": rows.date(row, "as_of", r["as_of"]),
            "area": rows.area(row, "area", r["area"], state.registry),
            "target_group": rows.choice(row, "target_group", r["target_group"], TARGET_GROUPS),
            "dose": rows.number(row, "dose", r["dose"], minimum=1),
            "vaccinated": rows.number(row, "vaccinated", r["vaccinated"], minimum=0),
            "population": rows.number(row, "population", r.get("population", ""), required=False, minimum=0),
            "row": row,
        }
        if rec["as_of"] and rec["as_of"] > dt.date.today():
            rows.bad(row, "as_of", r["as_of"], "วันที่อยู่ในอนาคต", "the date is in the future")
        if len(rows.problems) == before:
            records.append(rec)
    duplicate_keys(rows, table, [(x["as_of"], x["area"], x["target_group"], x["dose"]) for x in records], "area")
    return records, rows.problems, rows.warnings


def upsert_coverage_rows(conn, records, state, upload_id, user_id) -> dict:
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    c = coverage_facts.c
    for rec in records:
        key = (
            c.as_of == rec["as_of"],
            c.area == rec["area"],
            c.target_group == rec["target_group"],
            c.dose == rec["dose"],
        )
        existing = conn.execute(sa.select(c.id, c.vaccinated, c.population, c.source, c.upload_id).where(*key)).first()
        values = {"vaccinated": rec["vaccinated"], "population": rec["population"]}
        if existing is None:
            counts["new"] += 1
            fact_id = conn.execute(
                sa.insert(coverage_facts)
                .values(
                    as_of=rec["as_of"],
                    area=rec["area"],
                    target_group=rec["target_group"],
                    dose=rec["dose"],
                    source="upload",
                    upload_id=upload_id,
                    **values,
                )
                .returning(c.id)
            ).scalar_one()
            record_change(conn, upload_id, "coverage_fact", fact_id, None)
        elif (existing.vaccinated, existing.population) == (rec["vaccinated"], rec["population"]):
            counts["unchanged"] += 1
        else:
            counts["updated"] += 1
            record_change(
                conn,
                upload_id,
                "coverage_fact",
                existing.id,
                {
                    "vaccinated": existing.vaccinated,
                    "population": existing.population,
                    "source": existing.source,
                    "upload_id": existing.upload_id,
                },
            )
            conn.execute(sa.update(coverage_facts).where(c.id == existing.id).values(upload_id=upload_id, **values))
    return counts
