"""Facilities from an upload: checks (type, name, coordinates inside Thailand and inside the named province and
district, status, beds) and upserts keyed by facility_id, each change a new version."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data.facilities import PUBLIC_COLUMNS, _clean, bump_facilities_version, insert_facility_rows
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from data.schema import facilities, facility_versions
from data.uploads import record_change
from data.validation import RowChecker, duplicate_keys
from geo.locate import in_thailand_bbox

# the fields a file sets (not the id, the source, the dates, the synthetic flag, services or the bookkeeping)
_FACILITY_FIELDS = tuple(
    c
    for c in PUBLIC_COLUMNS
    if c
    not in ("id", "external_id", "services", "valid_from", "valid_to", "source", "synthetic", "updated_at", "version")
)


def validate_facility_rows(table: pd.DataFrame, state, conn):
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


def upsert_facility_rows(conn, records, state, upload_id, user_id) -> dict:
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
