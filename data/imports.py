"""One import pipeline for facilities, coverage and surveys (command line now; the upload page and API later).

read → validate every row (collect every problem) → if any problem, store nothing → else upsert in one transaction
and record the upload (original file, checksum, who, when, outcome). A dry run reports and stores nothing; the same
file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import parsing
from data.audit import record
from data.errors import UserInputError
from data.facilities import PUBLIC_COLUMNS, _clean, bump_facilities_version, insert_facility_rows
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, TARGET_GROUPS
from data.schema import (
    coverage_facts,
    facilities,
    facility_versions,
    uploads,
    users,
)
from data.survey_import import insert_survey_rows, validate_survey_rows
from data.uploads import record_change
from data.validation import RowChecker, duplicate_keys, outside_scope
from geo.locate import in_thailand_bbox

KINDS = ("facilities", "coverage", "surveys")


def import_file(state: Any, kind: str, path: Path, dry_run: bool = False, username: str | None = None) -> dict:
    """Import a file from disk for the command line. ``state`` has engine, registry, locator, secret_key."""
    content = Path(path).read_bytes()
    user_id = None
    if username:
        with state.engine.connect() as conn:
            user_id = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
    return run_import(state, kind, content, Path(path).name, dry_run=dry_run, user_id=user_id)


def run_import(
    state: Any,
    kind: str,
    content: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    user_id: int | None = None,
    keep_valid: bool = False,
    scope: str = "TH",
) -> dict:
    """Validate and store a file. ``scope``: the area the person may write to (a DOPA code, or TH)."""
    report: dict[str, Any] = {
        "kind": kind,
        "file": filename,
        "dry_run": dry_run,
        "problems": [],
        "warnings": [],
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "rows": 0,
        "upload_id": None,
    }
    try:
        table = parsing.read_table(content, filename, kind)
    except UserInputError as exc:
        report["problems"] = [p.as_dict() for p in exc.problems]
        return report
    report["rows"] = len(table)
    validate = {"facilities": _validate_facilities, "coverage": _validate_coverage, "surveys": validate_survey_rows}[
        kind
    ]
    with state.engine.connect() as conn:
        transaction = conn.begin()
        try:
            records, problems, warnings = validate(table, state, conn)
            problems += outside_scope(records, scope, state.registry)
            report["problems"] = [p.as_dict() for p in problems]
            report["warnings"] = [p.as_dict() for p in warnings]
            store = not dry_run and (keep_valid or not problems)
            upload_id = _record_upload(conn, kind, filename, content, user_id, "accepted") if store else None
            upsert = {"facilities": _upsert_facilities, "coverage": _upsert_coverage, "surveys": insert_survey_rows}[
                kind
            ]
            report.update(upsert(conn, records, state, upload_id, user_id))
            if not store:  # a dry run counts what would happen; a refused file stores nothing
                transaction.rollback()
                if not dry_run:
                    report.update(new=0, updated=0, unchanged=0)
                return report
            report["upload_id"] = upload_id
            conn.execute(sa.update(uploads).where(uploads.c.id == upload_id).values(summary=_summary(report)))
            record(conn, f"upload.{kind}", "upload", upload_id, user_id, _summary(report))
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise
    return report


def report_lines(report: dict) -> list[str]:
    """The report for a terminal: counts, then every problem and warning with row and column."""
    head = "ทดลอง (ไม่บันทึก) / dry run: " if report["dry_run"] else ""
    lines = [
        f"{head}{report['file']}: {report['rows']} rows · new {report['new']} · updated {report['updated']} · "
        f"unchanged {report['unchanged']} · problems {len(report['problems'])} · warnings {len(report['warnings'])}"
    ]
    for label, items in (("problem", report["problems"]), ("warning", report["warnings"])):
        for p in items:
            where = " ".join(x for x in (f"row {p['row']}" if p.get("row") else "", p.get("column") or "") if x)
            lines.append(f"  {label} {where}: {p['message_en']} / {p['message_th']}")
    if report["problems"] and not report["dry_run"] and report["upload_id"] is None:
        lines.append("nothing stored: fix the problems and import again / ไม่ได้บันทึก โปรดแก้ไขแล้วนำเข้าอีกครั้ง")
    return lines


# -- shared ------------------------------------------------------------------------------------------------------
def _summary(report: dict) -> dict:
    return {k: report[k] for k in ("new", "updated", "unchanged", "rows")} | {
        "problems": len(report["problems"]),
        "warnings": len(report["warnings"]),
    }


def _record_upload(conn, kind, filename, content, user_id, outcome) -> int:
    return conn.execute(
        sa.insert(uploads)
        .values(
            kind=kind,
            filename=filename,
            checksum=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content),
            content=content,
            user_id=user_id,
            created_at=dt.datetime.now(dt.UTC),
            outcome=outcome,
            summary={},
        )
        .returning(uploads.c.id)
    ).scalar_one()


# -- coverage ----------------------------------------------------------------------------------------------------
def _validate_coverage(table: pd.DataFrame, state, conn):
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


def _upsert_coverage(conn, records, state, upload_id, user_id) -> dict:
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


# -- facilities --------------------------------------------------------------------------------------------------
# the fields a file sets (not the id, the source, the dates, the synthetic flag, services or the bookkeeping)
_FACILITY_FIELDS = tuple(
    c
    for c in PUBLIC_COLUMNS
    if c
    not in ("id", "external_id", "services", "valid_from", "valid_to", "source", "synthetic", "updated_at", "version")
)


def _validate_facilities(table: pd.DataFrame, state, conn):
    rows = RowChecker()
    parsed = []
    for row, r in table.iterrows():
        before = len(rows.problems)
        rec = {
            "row": row,
            "external_id": r.get("facility_id", "") or None,
            "type": rows.choice(row, "type", r["type"], FACILITY_TYPES),
            "name_th": r["name_th"] or rows.bad(row, "name_th", "", "ต้องกรอกชื่อ", "name_th is required"),
            "name_en": r.get("name_en", "") or None,
            "lat": rows.number(row, "lat", r["lat"], kind=float),
            "lon": rows.number(row, "lon", r["lon"], kind=float),
            "address": r.get("address", "") or None,
            "phone": r.get("phone", "") or None,
            "opening_hours": r.get("opening_hours", "") or None,
            "beds_total": rows.number(row, "beds_total", r.get("beds_total", ""), required=False, minimum=0),
            "beds_available": rows.number(
                row, "beds_available", r.get("beds_available", ""), required=False, minimum=0
            ),
            "status": rows.choice(row, "status", r.get("status", "") or "open", FACILITY_STATUSES),
            "named_province": rows.area(
                row, "province", r.get("province", ""), state.registry, "province", required=False
            ),
            "named_district": rows.area(
                row, "district", r.get("district", ""), state.registry, "district", required=False
            ),
        }
        if len(rows.problems) == before:
            parsed.append(rec)
    valid = [p for p in parsed if p["lat"] is not None and p["lon"] is not None]
    if valid:
        lon = np.array([p["lon"] for p in valid])
        lat = np.array([p["lat"] for p in valid])
        areas = state.locator.locate(lon, lat)
        inside = in_thailand_bbox(lon, lat)
        swapped = in_thailand_bbox(lat, lon)
        for i, rec in enumerate(valid):
            where = f"{rec['lat']}, {rec['lon']}"
            if areas.at[i, "subdistrict"] is None:
                if swapped[i] and not inside[i]:
                    rows.bad(
                        rec["row"],
                        "lat",
                        where,
                        "พิกัดอยู่นอกประเทศไทย: ละติจูดและลองจิจูดสลับกันหรือไม่",
                        "the point is outside Thailand: did you swap lat and lon?",
                    )
                else:
                    rows.bad(
                        rec["row"],
                        "lat",
                        where,
                        "พิกัดอยู่นอกเขตประเทศไทย โปรดตรวจสอบ",
                        "the point is outside Thailand's boundaries; check the coordinates",
                    )
                continue
            rec.update(
                province=areas.at[i, "province"],
                district=areas.at[i, "district"],
                subdistrict=areas.at[i, "subdistrict"],
            )
            _check_named_area(rows, rec)
    ids = [(p["external_id"],) if p["external_id"] else None for p in parsed]
    duplicate_keys(rows, table, ids, "facility_id")
    bad_rows = {p.row for p in rows.problems}
    return [p for p in parsed if p["row"] not in bad_rows], rows.problems, rows.warnings


def _check_named_area(rows: RowChecker, rec: dict) -> None:
    for level, named in (("province", rec["named_province"]), ("district", rec["named_district"])):
        if named and rec[level] != named:
            th = "จังหวัด" if level == "province" else "อำเภอ"
            rows.bad(
                rec["row"],
                level,
                named,
                f"พิกัดไม่อยู่ใน{th}ที่ระบุ ({named}) แต่อยู่ใน {rec[level]} โปรดตรวจพิกัดหรือชื่อ{th}",
                f"the point is not in the {level} named ({named}) but in {rec[level]}; check the coordinates or the {level}",
            )


def _upsert_facilities(conn, records, state, upload_id, user_id) -> dict:
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    now = dt.datetime.now(dt.UTC)
    for rec in records:
        values = {k: _clean(rec.get(k)) for k in _FACILITY_FIELDS}
        existing = _find_facility(conn, rec)
        if existing is None:
            (new_id,) = insert_facility_rows(
                conn, [{**values, "external_id": rec["external_id"], "source": "upload"}], user_id, upload_id
            )
            record_change(conn, upload_id, "facility", new_id, None)
            counts["new"] += 1
            continue
        if all(existing[k] == values[k] for k in _FACILITY_FIELDS):
            counts["unchanged"] += 1
            continue
        record_change(
            conn,
            upload_id,
            "facility",
            existing["id"],
            {k: existing[k] for k in (*_FACILITY_FIELDS, "upload_id", "source")},
        )
        version = existing["version"] + 1
        conn.execute(
            sa.update(facilities)
            .where(facilities.c.id == existing["id"])
            .values(**values, version=version, updated_at=now, updated_by=user_id, upload_id=upload_id)
        )
        conn.execute(
            sa.insert(facility_versions).values(
                facility_id=existing["id"],
                version=version,
                data={k: values[k] for k in _FACILITY_FIELDS},
                change="update",
                changed_at=now,
                changed_by=user_id,
                upload_id=upload_id,
            )
        )
        counts["updated"] += 1
    if counts["updated"]:
        bump_facilities_version(conn)
    return counts


def _find_facility(conn, rec) -> dict | None:
    c = facilities.c
    if rec["external_id"]:
        query = sa.select(facilities).where(c.external_id == rec["external_id"])
    else:  # no id: the same type, name and point (to 1 m) is the same facility
        query = sa.select(facilities).where(
            c.external_id.is_(None),
            c.type == rec["type"],
            c.name_th == rec["name_th"],
            sa.func.abs(c.lat - rec["lat"]) < 1e-5,
            sa.func.abs(c.lon - rec["lon"]) < 1e-5,
        )
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None
