"""Adding, editing and reverting one facility (the form and the API), and its change history (lists of facilities
and the stale ones: data/facility_list.py).

Every write is checked like a row of an upload (``validate_facility_rows`` on a one-row frame, so a form and a file
give the same messages), must stay inside the writer's own area, and is refused when the facility changed since the
writer read it (``expected_version``): a stale edit is refused, never merged. Each write adds a facility version,
sets updated at/by, bumps the finder's version and writes an audit row with the changed fields before and after.
An edit that changes nothing confirms the record as still right: updated at/by only, audited, no new version.

Facilities are not deleted here: a place that stopped is given the status ``closed`` (its history stays); a record
entered by mistake is undone with its upload, or reverted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data import parsing, scope
from data.audit import record
from data.context import Context
from data.duplicates import Match, merged_into, queue_pairs
from data.errors import Conflict, NotFound, NotPermitted, Problem, UserInputError
from data.facilities import PUBLIC_COLUMNS, bump_facilities_version, get_facility, insert_facility_rows
from data.facility_import import VALID_TO_BEFORE, validate_facility_rows
from data.fields import read_cell, read_text
from data.jsonvalues import jsonable
from data.registries import ROLES, SERVICES
from data.schema import facilities, facility_versions, users
from data.validation import RowChecker, max_chars
from geo import clock

WRITER_ROLE = "coordinator"
# the upload's column names (what a form or an API body sends), plus what a file does not carry
UPLOAD_FIELDS = (
    "facility_id",
    "type",
    "name_th",
    "name_en",
    "lat",
    "lon",
    "address",
    "province",
    "district",
    "phone",
    "opening_hours",
    "beds_total",
    "beds_available",
    "status",
)
EXTRA_FIELDS = ("valid_from", "valid_to", "services")
INPUT_FIELDS = UPLOAD_FIELDS + EXTRA_FIELDS
# sent back by GET /api/v1/facilities/{id}; accepted and ignored so that a record read can be sent back changed
READ_ONLY = frozenset(
    {"id", "version", "updated_at", "updated_by", "source", "synthetic", "subdistrict", "history", "upload_id"}
)
# what a version records and a revert restores (the bookkeeping columns are not part of it)
TRACKED = PUBLIC_COLUMNS[PUBLIC_COLUMNS.index("external_id") : PUBLIC_COLUMNS.index("source")]
_DATES = ("valid_from", "valid_to")
# what a field sent may be besides text (data/fields.py read_cell)
_KINDS = {
    "lat": "number",
    "lon": "number",
    "beds_total": "number",
    "beds_available": "number",
    "facility_id": "code",
    "province": "code",
    "district": "code",
}
_MERGE_NOTES = ("merged_into", "merged_from")  # what a merge's version says about the other facility


# NotPermitted (data/errors.py, imported above): the writer's role or area does not allow this write (403)


class FacilityNotFound(NotFound):
    """No facility with this id (the API answers 404)."""


class StaleEdit(Conflict):
    """The facility changed since the writer read it: says who changed it and when (the API answers 409)."""

    def __init__(self, expected: int, current: int, username: str | None, changed_at: dt.datetime | None):
        self.expected, self.current, self.changed_by, self.changed_at = expected, current, username, changed_at
        who, when_th, when_en = username or "–", _when(changed_at, "th"), _when(changed_at, "en")
        th = (
            f"มีผู้แก้ไขสถานบริการนี้หลังจากที่คุณเปิด (คุณแก้ฉบับที่ {expected}): {who} บันทึกฉบับที่ {current} "
            f"เมื่อ {when_th} โปรดโหลดหน้าใหม่แล้วแก้ไขอีกครั้ง"
        )
        en = (
            f"this facility changed after you opened it (you edited version {expected}): {who} saved version "
            f"{current} on {when_en}; reload and edit again"
        )
        super().__init__([Problem(column="version", value=expected, message_th=th, message_en=en)], en, th)


@dataclasses.dataclass(frozen=True)
class EditResult:
    facility: dict[str, Any]  # the facility as stored (PUBLIC_COLUMNS)
    changes: dict[str, tuple[Any, Any]]  # field -> (old, new); empty when nothing changed
    warnings: list[Problem]


# -- writes -----------------------------------------------------------------------------------------------------------
def create_facility(
    conn: sa.Connection, state: Context, fields: dict[str, Any], user: dict, source: str = "form"
) -> EditResult:
    """Add a facility from ``fields`` (the upload's column names); raise UserInputError with every problem."""
    _check_writer(user)
    values, warnings, matches = _checked_values(conn, state, _typed(_named(fields)), user, facility_id=None)
    values.update(source=source, synthetic=False)
    (new_id,) = insert_facility_rows(conn, [values], user["id"])
    _queue_likely_duplicates(conn, new_id, matches)
    after = {k: _plain(values.get(k)) for k in TRACKED if _plain(values.get(k)) is not None}
    record(conn, "facility.create", "facility", new_id, user["id"], {"version": 1, "before": None, "after": after})
    changes = {k: (None, v) for k, v in after.items()}
    return EditResult(get_facility(conn, new_id), changes, warnings)


def update_facility(
    conn: sa.Connection, state: Context, facility_id: int, fields: dict[str, Any], expected_version: int, user: dict
) -> EditResult:
    """Change the given fields (the others stay); refused with StaleEdit when the stored version is not
    ``expected_version``."""
    _check_writer(user)
    current = _current(conn, facility_id, user)
    _check_version(conn, current, expected_version)
    merged = _as_fields(current) | _typed(_named(fields))
    values, warnings, matches = _checked_values(conn, state, merged, user, facility_id=facility_id)
    changes = _diff(current, values)
    if not changes:  # saved as it is: the writer confirms it is still right (fresh again), no new version
        _confirm(conn, current, user)
        return EditResult(get_facility(conn, facility_id), {}, warnings)
    _write_version(conn, current, {k: values[k] for k in changes}, user, "update")
    _queue_likely_duplicates(conn, facility_id, matches)
    record(conn, "facility.update", "facility", facility_id, user["id"], _detail(changes, current["version"] + 1))
    return EditResult(get_facility(conn, facility_id), changes, warnings)


def save_facility(
    conn: sa.Connection,
    state: Context,
    facility_id: int | None,
    fields: dict[str, Any],
    expected_version: int | None,
    user: dict,
) -> EditResult:
    """A form's save: a new facility when ``facility_id`` is None, else an edit of ``expected_version``."""
    if facility_id is None:
        return create_facility(conn, state, fields, user)
    return update_facility(conn, state, facility_id, fields, expected_version, user)


def facility_warnings(conn: sa.Connection, state: Context, facility_id: int, user: dict) -> list[Problem]:
    """What is worth checking about a stored facility as it stands: the warnings a save of it unchanged would give
    (a likely duplicate, a point stored just outside its area). The form shows them on a new facility's own page,
    which opens afresh after the save."""
    try:
        current = _current(conn, facility_id, user)
        return _checked_values(conn, state, _as_fields(current), user, facility_id=facility_id)[1]
    except UserInputError:  # gone, or outside the area: the page says so itself
        return []


def revert_facility(
    conn: sa.Connection, facility_id: int, to_version: int, user: dict, expected_version: int | None = None
) -> EditResult:
    """Make the facility what it was at ``to_version`` again: a new version (change "revert"), history kept."""
    _check_writer(user)
    current = _current(conn, facility_id, user)
    if expected_version is not None:
        _check_version(conn, current, expected_version)
    snapshots = dict(_snapshots(conn, facility_id))
    if to_version not in snapshots:
        raise UserInputError(
            [
                Problem(
                    "version",
                    to_version,
                    f"สถานบริการนี้ไม่มีฉบับที่ {to_version}",
                    f"this facility has no version {to_version}",
                )
            ]
        )
    target = snapshots[to_version]
    if not scope.row_within(target, user["area"]):
        raise NotPermitted(
            [
                Problem(
                    "version",
                    to_version,
                    f"ฉบับที่ {to_version} อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({user['area']})",
                    f"version {to_version} lies outside your own area ({user['area']})",
                )
            ]
        )
    values = {k: _stored(k, target.get(k)) for k in TRACKED}
    warnings = _stays_closed(conn, facility_id, values)
    changes = _diff(current, values)
    if not changes:
        return EditResult(get_facility(conn, facility_id), {}, warnings)
    _write_version(conn, current, {k: values[k] for k in changes}, user, "revert")
    detail = _detail(changes, current["version"] + 1) | {"to_version": to_version}
    record(conn, "facility.revert", "facility", facility_id, user["id"], detail)
    return EditResult(get_facility(conn, facility_id), changes, warnings)


def _stays_closed(conn: sa.Connection, facility_id: int, values: dict[str, Any]) -> list[Problem]:
    """A facility a merge closed stays closed when a version from before the merge is brought back (as it does when
    an upload names it again): its other fields are reverted, and the warning says why the status is not."""
    kept = merged_into(conn, [facility_id]).get(facility_id)
    if kept is None:
        return []
    values["status"] = "closed"
    label = kept["external_id"] or f"#{kept['id']}"
    return [
        Problem(
            "status",
            "closed",
            f"รายการนี้ถูกรวมเข้ากับ “{kept['name_th']}” (รหัส {label}) แล้ว จึงยังคงปิดอยู่ (ช่องอื่นย้อนกลับตามฉบับที่เลือก)",
            f"this facility was merged into “{kept['name_th']}” (id {label}), so it stays closed "
            "(its other fields are as in the chosen version)",
        )
    ]


# -- reads ------------------------------------------------------------------------------------------------------------
def facility_changes(conn: sa.Connection, facility_id: int) -> list[dict[str, Any]]:
    """Each version against the one before, newest first: version, change, changed_at, changed_by, username,
    display_name, upload_id, and ``fields``: [{field, old, new}] (the first version lists what it was created with);
    a "merge" version also has ``merged_into`` or ``merged_from`` (the other facility: id, external_id, names)."""
    rows = conn.execute(
        sa.select(
            facility_versions.c.version,
            facility_versions.c.change,
            facility_versions.c.changed_at,
            facility_versions.c.changed_by,
            facility_versions.c.upload_id,
            users.c.username,
            users.c.display_name,
        )
        .select_from(facility_versions.outerjoin(users, users.c.id == facility_versions.c.changed_by))
        .where(facility_versions.c.facility_id == facility_id)
        .order_by(facility_versions.c.version)
    ).mappings()
    meta = {r["version"]: dict(r) for r in rows}
    merged = _merge_notes(conn, facility_id)
    out, previous = [], {}
    for version, state in _snapshots(conn, facility_id):
        fields = [
            {"field": k, "old": previous.get(k), "new": state.get(k)}
            for k in TRACKED
            if previous.get(k) != state.get(k)
        ]
        item = meta[version] | {"changed_at": _aware(meta[version]["changed_at"]), "fields": fields}
        out.append(item | merged.get(version, {}))
        previous = state
    return out[::-1]


def _merge_notes(conn: sa.Connection, facility_id: int) -> dict[int, dict[str, Any]]:
    """For each "merge" version of a facility: ``merged_into`` (it was closed into the kept one) or ``merged_from``
    (it was kept and took the other's empty fields), as the other facility's id, external_id, name_th and name_en."""
    rows = conn.execute(
        sa.select(facility_versions.c.version, facility_versions.c.data).where(
            facility_versions.c.facility_id == facility_id, facility_versions.c.change == "merge"
        )
    ).all()
    notes = {
        version: {key: (data or {}).get(key) for key in _MERGE_NOTES if (data or {}).get(key) is not None}
        for version, data in rows
    }
    others = {other for note in notes.values() for other in note.values()}
    c = facilities.c
    found = {
        r["id"]: dict(r)
        for r in conn.execute(
            sa.select(c.id, c.external_id, c.name_th, c.name_en).where(c.id.in_(sorted(others)))
        ).mappings()
    }
    return {
        version: {
            key: found.get(other, {"id": other, "external_id": None, "name_th": None, "name_en": None})
            for key, other in note.items()
        }
        for version, note in notes.items()
    }


def facility_and_changes(conn: sa.Connection, facility_id: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The facility as stored (None when there is none) and its versions (``facility_changes``)."""
    facility = get_facility(conn, facility_id)
    return facility, facility_changes(conn, facility_id) if facility else []


def version_state(conn: sa.Connection, facility_id: int, version: int) -> dict[str, Any] | None:
    """The tracked fields of a facility as they were at ``version`` (JSON values: dates as ISO text)."""
    return dict(_snapshots(conn, facility_id)).get(version)


# -- steps ------------------------------------------------------------------------------------------------------------
def _check_writer(user: dict | None) -> None:
    if not ROLES.at_least(user, WRITER_ROLE):
        role = (user or {}).get("role", "public")
        raise NotPermitted(
            [
                Problem(
                    None,
                    role,
                    "การแก้ไขสถานบริการทำได้เฉพาะผู้ประสานงานอำเภอขึ้นไป",
                    f"a {role} cannot change facilities: coordinators and above can",
                )
            ]
        )


def _current(conn: sa.Connection, facility_id: int, user: dict) -> dict[str, Any]:
    row = conn.execute(sa.select(facilities).where(facilities.c.id == facility_id)).mappings().first()
    if row is None:
        raise FacilityNotFound(
            [Problem("id", facility_id, f"ไม่พบสถานบริการรหัส {facility_id}", f"no facility with id {facility_id}")]
        )
    if not scope.row_within(row, user["area"]):
        raise NotPermitted(
            [
                Problem(
                    "id",
                    facility_id,
                    f"สถานบริการนี้อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({user['area']})",
                    f"this facility lies outside your own area ({user['area']})",
                )
            ]
        )
    return dict(row)


def _check_version(conn: sa.Connection, current: dict, expected: int) -> None:
    if current["version"] == expected:
        return
    last = conn.execute(
        sa.select(facility_versions.c.changed_at, users.c.username)
        .select_from(facility_versions.outerjoin(users, users.c.id == facility_versions.c.changed_by))
        .where(facility_versions.c.facility_id == current["id"], facility_versions.c.version == current["version"])
    ).first()
    who, when = (last.username, last.changed_at) if last else (None, current["updated_at"])
    raise StaleEdit(expected, current["version"], who, _aware(when))


def _as_fields(row: dict[str, Any]) -> dict[str, Any]:
    """A stored facility as the fields a form sends (the named province and district are not sent: derived)."""
    out = {k: row.get(k) for k in INPUT_FIELDS if k not in ("facility_id", "province", "district")}
    out["facility_id"] = row.get("external_id")
    return out


def _named(fields: dict[str, Any]) -> dict[str, Any]:
    """``external_id`` (as the API answers) is taken for the upload's ``facility_id``."""
    out = dict(fields)
    if "external_id" in out:
        out.setdefault("facility_id", out.pop("external_id"))
    return out


def _typed(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` when each one sent is what it holds, else a UserInputError naming each that is not: text (a
    string without control characters, line breaks only in the address, within its column's length), a number or
    its text for lat, lon and beds, a code as text or a whole number for facility_id, province and district, a list
    of codes (or their text) for services. The row checks then read them as the cells of an upload."""
    problems: list[Problem] = []
    for name, value in fields.items():
        if name == "services":
            _typed_services(value, problems)
        elif name in INPUT_FIELDS:
            kind = _KINDS.get(name, "text")
            read_cell(value, name, problems, kind, max_chars("facilities", name), lines=name == "address")
    if problems:
        raise UserInputError(problems)
    return fields


def _typed_services(value: Any, problems: list[Problem]) -> None:
    before = len(problems)
    for item in value if isinstance(value, (list, tuple)) else [value]:
        read_text(item, "services", problems, max_chars=max_chars("facilities", "services"))
        if len(problems) > before:
            return  # one problem says it: a list of a million numbers is not a million problems


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _checked_values(
    conn: sa.Connection, state: Context, fields: dict[str, Any], user: dict, facility_id: int | None
) -> tuple[dict[str, Any], list[Problem], list[Match]]:
    """Validate like an upload row, then what a file does not carry; every problem at once."""
    problems = [_unknown(k) for k in fields if k not in INPUT_FIELDS and k not in READ_ONLY]
    table = pd.DataFrame([{k: _text(fields.get(k)) for k in UPLOAD_FIELDS}], index=[1], dtype=object)
    known = {1: facility_id} if facility_id is not None else None  # an edit is not a duplicate of itself
    adding = facility_id is None  # a new facility at a stored one's point is a likely duplicate, never an update
    records, found, warnings = validate_facility_rows(
        table, state, conn, known=known, scope=user["area"], adding=adding
    )
    problems += found
    extra = RowChecker()
    values: dict[str, Any] = {k: extra.date(1, k, _text(fields.get(k)), required=False) for k in _DATES}
    values["services"] = _services(extra, fields.get("services"))
    if values["valid_from"] and values["valid_to"] and values["valid_from"] > values["valid_to"]:
        extra.bad(1, "valid_to", _text(fields.get("valid_to")), *VALID_TO_BEFORE)
    problems += extra.problems
    problems += _outside_area(state, table.iloc[0], user)  # also when other fields have problems
    if records:
        rec = records[0]
        values.update({k: rec.get(k) for k in TRACKED if k not in values})
        problems += _external_id_taken(conn, rec.get("external_id"), facility_id)
    if problems:
        raise UserInputError([dataclasses.replace(p, row=None) for p in problems])
    matches = records[0].get("duplicates", []) if records else []
    return values, [dataclasses.replace(p, row=None) for p in warnings], matches


def _queue_likely_duplicates(conn: sa.Connection, facility_id: int, matches: list[Match]) -> None:
    """The likely duplicates the check warned about go to the review queue, as an upload's do (data/duplicates.py:
    one rule, one queue)."""
    queue_pairs(conn, [(facility_id, m.other_id, m.distance_m, m.similarity) for m in matches if m.other_id], None)


def _unknown(key: str) -> Problem:
    names = ", ".join(INPUT_FIELDS)
    return Problem(key, None, f"ไม่รู้จักช่อง “{key}” (ใช้ {names})", f"unknown field {key!r} (use {names})")


def _services(checker: RowChecker, raw: Any) -> list[str] | None:
    items = raw if isinstance(raw, (list, tuple)) else [s for s in _text(raw).split(",")]
    codes = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        code = checker.choice(1, "services", item, SERVICES)
        if code and code not in codes:
            codes.append(code)
    return codes or None


def _outside_area(state: Context, row: pd.Series, user: dict) -> list[Problem]:
    """The point must lie in the writer's own area (a point outside Thailand is the row check's problem)."""
    try:
        lat, lon = parsing.parse_float(row["lat"]), parsing.parse_float(row["lon"])
    except ValueError:
        return []
    code = state.locator.locate_one_within_tolerance(lon, lat, named=user["area"])["subdistrict"]
    if code is None or scope.within(code, user["area"]):
        return []
    return [
        Problem(
            "lat",
            f"{row['lat']}, {row['lon']}",
            f"พิกัดอยู่ใน {code} ซึ่งอยู่นอกพื้นที่ที่คุณรับผิดชอบ ({user['area']}) โปรดตรวจพิกัด",
            f"the point is in {code}, outside your own area ({user['area']}); check the coordinates",
        )
    ]


def _external_id_taken(conn: sa.Connection, external_id: str | None, facility_id: int | None) -> list[Problem]:
    if not external_id:
        return []
    query = sa.select(facilities.c.id).where(facilities.c.external_id == external_id)
    if facility_id is not None:
        query = query.where(facilities.c.id != facility_id)
    other = conn.execute(query).scalar()
    if other is None:
        return []
    return [
        Problem(
            "facility_id",
            external_id,
            f"รหัสสถานที่ {external_id} ใช้กับสถานบริการอื่นแล้ว (รหัสในระบบ {other})",
            f"facility_id {external_id} already belongs to another facility (id {other})",
        )
    ]


def _plain(value: Any) -> Any:
    """A value as a version keeps it: as JSON keeps it (data.jsonvalues), with empty text as None."""
    return None if isinstance(value, str) and value == "" else jsonable(value)


def _stored(key: str, value: Any) -> Any:
    """A JSON value of a version as the column stores it."""
    if key in _DATES and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _diff(current: dict, values: dict) -> dict[str, tuple[Any, Any]]:
    return {
        k: (_plain(current.get(k)), _plain(values.get(k)))
        for k in TRACKED
        if k in values and _plain(current.get(k)) != _plain(values.get(k))
    }


def _detail(changes: dict[str, tuple[Any, Any]], version: int) -> dict[str, Any]:
    return {
        "version": version,
        "before": {k: old for k, (old, _new) in changes.items()},
        "after": {k: new for k, (_old, new) in changes.items()},
    }


def _write_version(conn: sa.Connection, current: dict, changed: dict[str, Any], user: dict, change: str) -> None:
    """The row, guarded by its version (a concurrent writer makes this refuse, not overwrite), and its version row."""
    now = dt.datetime.now(dt.UTC)
    version = current["version"] + 1
    done = conn.execute(
        sa.update(facilities)
        .where(facilities.c.id == current["id"], facilities.c.version == current["version"])
        .values(**changed, version=version, updated_at=now, updated_by=user["id"], upload_id=None)
    ).rowcount
    if done != 1:
        fresh = conn.execute(sa.select(facilities).where(facilities.c.id == current["id"])).mappings().one()
        _check_version(conn, dict(fresh), current["version"])
        raise RuntimeError(f"facility {current['id']}: the update touched {done} rows")
    after = {**current, **changed}
    data = {k: _plain(after.get(k)) for k in TRACKED} | {"source": current.get("source"), "upload_id": None}
    conn.execute(
        sa.insert(facility_versions).values(
            facility_id=current["id"],
            version=version,
            data=data,
            change=change,
            changed_at=now,
            changed_by=user["id"],
        )
    )
    bump_facilities_version(conn)


def _confirm(conn: sa.Connection, current: dict, user: dict) -> None:
    """updated at/by only (the finder stops saying "call to confirm"); audited, but not a version: nothing changed."""
    done = conn.execute(
        sa.update(facilities)
        .where(facilities.c.id == current["id"], facilities.c.version == current["version"])
        .values(updated_at=dt.datetime.now(dt.UTC), updated_by=user["id"])
    ).rowcount
    if done != 1:
        fresh = conn.execute(sa.select(facilities).where(facilities.c.id == current["id"])).mappings().one()
        _check_version(conn, dict(fresh), current["version"])
    record(conn, "facility.confirm", "facility", current["id"], user["id"], {"version": current["version"]})
    bump_facilities_version(conn)


def _snapshots(conn: sa.Connection, facility_id: int) -> list[tuple[int, dict[str, Any]]]:
    """(version, tracked fields) for each version: a version row may hold only the fields it wrote (an upload's
    update does), so each is laid over the one before."""
    rows = conn.execute(
        sa.select(facility_versions.c.version, facility_versions.c.data)
        .where(facility_versions.c.facility_id == facility_id)
        .order_by(facility_versions.c.version)
    ).all()
    out, state = [], {}
    for version, data in rows:
        state = state | {k: _plain(v) for k, v in (data or {}).items() if k in TRACKED}
        out.append((version, dict(state)))
    return out


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive UTC timestamps; PostgreSQL aware ones."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _when(moment: dt.datetime | None, lang: str) -> str:
    if moment is None:
        return "–"
    local = clock.local(moment)
    if lang == "th":
        return f"{local.day}/{local.month}/{local.year + 543} {local:%H:%M} น."
    return f"{local:%Y-%m-%d %H:%M} (Bangkok)"
