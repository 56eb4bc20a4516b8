"""The district coordinator registry (ทะเบียนผู้ประสานงานอำเภอ): the list the ministry asked every district to send.

Several names per district (the coordinator and deputies): full name, position, phone, email. Province admins keep
the names of their province, national admins any; a coordinator reads their own district. The export lists every
district of the area, with empty cells where nobody is named yet, so that the ministry sees the gaps. Names and phone
numbers are personal data: every export is written to the audit log (who, which area, how many names).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data import scope, versions
from data.accounts import phone_problem
from data.audit import record
from data.errors import UserInputError
from data.registries import ROLES
from data.schema import district_coordinators
from data.scope import AccessDenied
from geo.thai import phone_digits

FIELDS = ("full_name", "position", "phone", "email")
MAX_LENGTH = {"full_name": 300, "position": 300, "phone": 100, "email": 200}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXPORT_COLUMNS = [
    "province",
    "province_name_th",
    "province_name_en",
    "district",
    "district_name_th",
    "district_name_en",
    "full_name",
    "position",
    "phone",
    "email",
    "updated_at",
]


# -- who may read and edit ----------------------------------------------------------------------------------------------
def may_edit(user: dict | None, district: str) -> bool:
    """Province admins of the district's province and national admins."""
    return scope.permitted(user, district, "province_admin")


def readable_area(user: dict | None, asked: str | None = None) -> str:
    """The area whose registry ``user`` may read: an admin's own area or one inside it (``asked``); a coordinator's
    own district (``asked``, when given, must contain it). Raise AccessDenied otherwise."""
    if not ROLES.at_least(user, "coordinator"):
        raise AccessDenied(
            "the coordinator registry is for coordinators and admins", "ทะเบียนผู้ประสานงานสำหรับผู้ประสานงานและผู้ดูแลเท่านั้น"
        )
    if user["role"] == "coordinator":
        if asked and not scope.within(user["area"], asked):
            raise AccessDenied(
                f"a coordinator reads the registry of their own district ({user['area']}) only",
                f"ผู้ประสานงานอ่านทะเบียนได้เฉพาะอำเภอของตนเอง ({user['area']})",
            )
        return user["area"]
    return scope.readable_area(user, asked)


def _check_edit(user: dict, district: str) -> None:
    if not may_edit(user, district):
        raise AccessDenied(
            f"only the province admins of {district[:2]} and national admins may change the names of district "
            f"{district}",
            f"เฉพาะผู้ดูแลจังหวัด {district[:2]} และผู้ดูแลระดับประเทศแก้ไขรายชื่อของอำเภอ {district} ได้",
        )


# -- reading --------------------------------------------------------------------------------------------------------
def list_coordinators(conn: sa.Connection, area: str) -> list[dict[str, Any]]:
    """The names of the districts in ``area`` (a district, a province or TH), by district then name."""
    c = district_coordinators.c
    query = sa.select(district_coordinators).order_by(c.district, c.id)
    query = query.where(scope.where_prefix(area, c.district))
    return [dict(r) for r in conn.execute(query).mappings()]


def get_coordinator(conn: sa.Connection, coordinator_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(sa.select(district_coordinators).where(district_coordinators.c.id == coordinator_id))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def coordinators_by_province(conn: sa.Connection) -> dict[str, int]:
    """{province code: number of its districts with at least one named coordinator} (provinces with none left out)."""
    district = district_coordinators.c.district
    province = sa.func.substr(district, 1, 2).label("province")
    query = sa.select(province, sa.func.count(sa.distinct(district))).group_by(province)
    return {code: int(n) for code, n in conn.execute(query)}


def coordinator_frame(conn: sa.Connection, registry, area: str) -> pd.DataFrame:
    """Every district of ``area``, one row per named person, one empty row for a district with nobody named."""
    districts = registry.frame("district", area)
    people: dict[str, list[dict]] = {}
    for row in list_coordinators(conn, area):
        people.setdefault(row["district"], []).append(row)
    rows = []
    for code, d in districts.iterrows():
        province = registry.get(code[:2])
        base = {
            "province": code[:2],
            "province_name_th": province["name_th"] if province is not None else "",
            "province_name_en": province["name_en"] if province is not None else "",
            "district": code,
            "district_name_th": d["name_th"],
            "district_name_en": d["name_en"],
        }
        for person in people.get(code) or [{}]:
            rows.append({**base, "id": person.get("id"), **{f: person.get(f) or "" for f in FIELDS}})
            rows[-1]["updated_at"] = _utc_seconds(person.get("updated_at"))
    return pd.DataFrame(rows, columns=["id", *EXPORT_COLUMNS], dtype=object)  # None stays None, ids stay int


def _utc_seconds(moment: dt.datetime | None) -> dt.datetime | None:
    """An aware UTC time to the second (SQLite gives back naive UTC times, PostgreSQL aware ones)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)


def export_coordinators(conn: sa.Connection, registry, user: dict, area: str, fmt: str) -> pd.DataFrame:
    """The export frame of ``area`` (EXPORT_COLUMNS), after checking ``user`` may read it; the export is audited."""
    area = readable_area(user, area)
    frame = coordinator_frame(conn, registry, area)[EXPORT_COLUMNS]
    named = int((frame["full_name"] != "").sum())
    record(
        conn,
        "export.personal",
        "district_coordinators",
        area,
        user["id"],
        {"area": area, "format": fmt, "districts": int(frame["district"].nunique()), "names": named},
    )
    return frame


# -- changing -------------------------------------------------------------------------------------------------------
def add_coordinator(conn: sa.Connection, registry, user: dict, district: str, **fields: str | None) -> int:
    """Name a coordinator (or deputy) of ``district``; ``fields``: full_name (required), position, phone, email."""
    problems: list[tuple[str, str, str]] = []
    if not (district or "").strip():
        problems.append(("district", "โปรดเลือกอำเภอ", "choose the district"))
    elif registry.level_of(district) != "district":
        problems.append(("district", f"ไม่พบอำเภอรหัส “{district}”", f"no district with code “{district}”"))
    else:
        _check_edit(user, district)
    values = _clean(fields, problems)  # every problem at once: the district's and the fields'
    if problems:
        raise UserInputError.from_fields(problems)
    now = dt.datetime.now(dt.UTC)
    new_id = conn.execute(
        sa.insert(district_coordinators)
        .values(district=district, **values, updated_at=now, updated_by=user["id"])
        .returning(district_coordinators.c.id)
    ).scalar_one()
    versions.bump(conn, "people")
    record(conn, "coordinator.create", "district_coordinator", new_id, user["id"], {"district": district})
    return new_id


def update_coordinator(conn: sa.Connection, coordinator_id: int, user: dict, **fields: str | None) -> dict[str, Any]:
    """Change the fields given of one name; the others stay."""
    before = _existing(conn, coordinator_id)
    _check_edit(user, before["district"])
    problems: list[tuple[str, str, str]] = []
    values = _clean({f: fields.get(f, before[f]) for f in FIELDS}, problems)
    if problems:
        raise UserInputError.from_fields(problems)
    changed = [f for f in FIELDS if values[f] != before[f]]
    if not changed:
        return before
    now = dt.datetime.now(dt.UTC)
    conn.execute(
        sa.update(district_coordinators)
        .where(district_coordinators.c.id == coordinator_id)
        .values(**values, updated_at=now, updated_by=user["id"])
    )
    versions.bump(conn, "people")
    record(
        conn,
        "coordinator.update",
        "district_coordinator",
        coordinator_id,
        user["id"],
        {"district": before["district"], "changed": changed},  # which fields, never their values
    )
    return {**before, **values, "updated_at": now, "updated_by": user["id"]}


def remove_coordinator(conn: sa.Connection, coordinator_id: int, user: dict) -> None:
    before = _existing(conn, coordinator_id)
    _check_edit(user, before["district"])
    conn.execute(sa.delete(district_coordinators).where(district_coordinators.c.id == coordinator_id))
    versions.bump(conn, "people")
    record(
        conn, "coordinator.delete", "district_coordinator", coordinator_id, user["id"], {"district": before["district"]}
    )


def _existing(conn: sa.Connection, coordinator_id: int) -> dict[str, Any]:
    row = get_coordinator(conn, coordinator_id)
    if row is None:
        raise UserInputError.from_fields(
            [("id", f"ไม่พบรายชื่อรหัส {coordinator_id}", f"no coordinator entry with id {coordinator_id}")]
        )
    return row


def _clean(fields: dict[str, Any], problems: list[tuple[str, str, str]]) -> dict[str, str | None]:
    values = {f: (str(fields.get(f) or "").strip() or None) for f in FIELDS}
    values["phone"] = phone_digits(values["phone"])  # ๐๕๓-๑๑๒-๓๔๕ is dialled as 053-112-345
    if not values["full_name"]:
        problems.append(("full_name", "ต้องระบุชื่อ-นามสกุล", "a full name is needed"))
    for name, limit in MAX_LENGTH.items():
        if name != "phone" and values[name] and len(values[name]) > limit:
            problems.append((name, f"ยาวได้ไม่เกิน {limit} ตัวอักษร", f"at most {limit} characters"))
    bad_phone = phone_problem(values["phone"], max_length=MAX_LENGTH["phone"])
    if bad_phone:
        problems.append(("phone", *bad_phone))
    if values["email"] and not _EMAIL.match(values["email"]):
        problems.append(("email", f"อีเมล “{values['email']}” ไม่ถูกต้อง", f"“{values['email']}” is not an email address"))
    return values
