"""Facilities: queries with filters, and writes that keep every version."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data import versions
from data.jsonvalues import jsonable
from data.schema import facilities, facility_versions

FACILITIES_VERSION_KEY = versions.key("facilities")

PUBLIC_COLUMNS = (
    "id",
    "external_id",
    "type",
    "name_th",
    "name_en",
    "lat",
    "lon",
    "province",
    "district",
    "subdistrict",
    "address",
    "phone",
    "opening_hours",
    "services",
    "beds_total",
    "beds_available",
    "status",
    "valid_from",
    "valid_to",
    "source",
    "synthetic",
    "updated_at",
    "version",
)
_RECORD_COLUMNS = [c for c in PUBLIC_COLUMNS if c not in ("id", "version", "updated_at")]


@dataclass(frozen=True)
class FacilityFilter:
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    province: str | None = None
    district: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat


def _where(f: FacilityFilter) -> list[sa.ColumnElement[bool]]:
    c = facilities.c
    clauses: list[sa.ColumnElement[bool]] = []
    if f.types:
        clauses.append(c.type.in_(f.types))
    if f.statuses:
        clauses.append(c.status.in_(f.statuses))
    if f.province:
        clauses.append(c.province == f.province)
    if f.district:
        clauses.append(c.district == f.district)
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        clauses += [c.lon >= min_lon, c.lon <= max_lon, c.lat >= min_lat, c.lat <= max_lat]
    return clauses


def count_facilities(conn: sa.Connection, f: FacilityFilter) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(facilities).where(*_where(f))).scalar_one()


def list_facilities(conn: sa.Connection, f: FacilityFilter, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Facilities matching the filter, ordered by id; all public columns."""
    query = (
        sa.select(*[facilities.c[name] for name in PUBLIC_COLUMNS])
        .where(*_where(f))
        .order_by(facilities.c.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=list(PUBLIC_COLUMNS))


def get_facility(conn: sa.Connection, facility_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(sa.select(*[facilities.c[name] for name in PUBLIC_COLUMNS]).where(facilities.c.id == facility_id))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def facility_history(conn: sa.Connection, facility_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(facility_versions)
        .where(facility_versions.c.facility_id == facility_id)
        .order_by(facility_versions.c.version)
    ).mappings()
    return [dict(r) for r in rows]


def insert_facilities(
    conn: sa.Connection, records: Iterable[dict[str, Any]], user_id: int | None = None, upload_id: int | None = None
) -> int:
    """Insert new facilities, each with its first version row, in two bulk statements. Returns how many."""
    return len(insert_facility_rows(conn, records, user_id, upload_id))


def insert_facility_rows(
    conn: sa.Connection, records: Iterable[dict[str, Any]], user_id: int | None = None, upload_id: int | None = None
) -> list[int]:
    """Like insert_facilities; returns the new ids, in the order of ``records``."""
    now = dt.datetime.now(dt.UTC)
    rows = []
    for record in records:
        values = {k: _clean(record.get(k)) for k in _RECORD_COLUMNS}
        values.update(updated_at=record.get("updated_at") or now, updated_by=user_id, upload_id=upload_id, version=1)
        values["status"] = values["status"] or "open"
        values["synthetic"] = bool(values["synthetic"])
        rows.append(values)
    if not rows:
        return []
    ids = (
        conn.execute(sa.insert(facilities).returning(facilities.c.id, sort_by_parameter_order=True), rows)
        .scalars()
        .all()
    )
    bump_facilities_version(conn)
    conn.execute(
        sa.insert(facility_versions),
        [
            {
                "facility_id": fid,
                "version": 1,
                "data": jsonable(values),
                "change": "create",
                "changed_at": now,
                "changed_by": user_id,
                "upload_id": upload_id,
            }
            for fid, values in zip(ids, rows)
        ],
    )
    return list(ids)


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def bump_facilities_version(conn: sa.Connection) -> None:
    """Every write to facilities calls this: the finder's index is rebuilt when the version changes."""
    versions.bump(conn, "facilities")
