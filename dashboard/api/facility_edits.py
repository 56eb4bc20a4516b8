"""Facility writes: add, change (with a version check), revert. A stale change is refused (409), never merged."""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api.common import ApiError, api, facility_json, json_body, signed_in, state
from dashboard.api.params import documented
from dashboard.jsonable import jsonable
from data.errors import Problem, UserInputError
from data.facility_edit import EditResult, create_facility, revert_facility, update_facility
from data.fields import preview, whole_number
from data.idempotency import run_once, valid_key

_COLUMNS = "the upload's column names (type, name_th, lat, lon, ...)"
_COLUMNS_TH = "โปรดส่ง JSON ที่มีชื่อคอลัมน์เดียวกับไฟล์นำเข้า (type, name_th, lat, lon, ...)"
_WRITE_ERRORS = (401, 403, 404, 409, 422)


@api.post("/facilities")
@documented(
    answer="The facility (version 1), with changed fields and warnings",
    status=201,
    errors=(401, 403, 409, 422),
    bearer=True,
    body="the upload's column names: type, name_th, lat, lon required; facility_id, name_en, address, province, "
    "district (checked against the point), phone, opening_hours, beds_total, beds_available, status, valid_from, "
    "valid_to, services (list of codes). Area codes are derived from the point",
)
def facility_create() -> Response:
    """Add a facility (coordinators and above, inside their own area). With an `Idempotency-Key` header (8–100
    printable ASCII characters, a UUID say), sending the same request again within a day stores nothing more and
    answers what the first answered."""
    user = signed_in()
    key = valid_key(request.headers.get("Idempotency-Key"))
    body = json_body(_COLUMNS, _COLUMNS_TH)

    def write(conn) -> tuple[dict, bool]:
        return jsonable(_body(create_facility(conn, state(), body, user, source="api"))), True

    answer = run_once(state().engine, "facility.create", user["id"], key, write)
    response = jsonify(answer)
    response.status_code = 201
    response.headers["ETag"] = f'"{answer["version"]}"'
    response.headers["Location"] = f"/api/v1/facilities/{answer['id']}"
    return response


@api.patch("/facilities/<int:facility_id>")
@documented(
    answer="The facility (new version; ETag), with changed {field: {old, new}}",
    errors=(*_WRITE_ERRORS, 428),
    bearer=True,
    body='the fields to change, and "version": the version you read',
)
def facility_update(facility_id: int) -> Response:
    """Change a facility: only the fields sent change. Send the version you read as "version" (or If-Match: "N"); a
    change made on an older version is refused (409), never merged. A change that changes nothing confirms the record
    as still correct (updated_at, no new version)."""
    user = signed_in()
    body = json_body(_COLUMNS, _COLUMNS_TH)
    expected = _expected_version(body.pop("version", None))
    with state().engine.begin() as conn:
        result = update_facility(conn, state(), facility_id, body, expected, user)
    return _answer(result, 200)


@api.post("/facilities/<int:facility_id>/revert")
@documented(
    answer="The facility (new version)", errors=_WRITE_ERRORS, bearer=True, body='{"to_version": N, "version": M}'
)
def facility_revert(facility_id: int) -> Response:
    """Make a facility what it was at an earlier version again (a new version; history kept). Body {"to_version": N};
    optional "version" (or If-Match): refused when the facility changed since."""
    user = signed_in()
    body = json_body(_COLUMNS, _COLUMNS_TH)
    to_version = body.get("to_version")
    if not isinstance(to_version, int) or isinstance(to_version, bool):
        raise UserInputError(
            [Problem("to_version", preview(to_version), "ต้องเป็นจำนวนเต็ม", "must be a whole number")],
            "send the version to go back to as to_version (a whole number)",
            "โปรดระบุฉบับที่ต้องการย้อนกลับใน to_version (จำนวนเต็ม)",
        )
    version = body.get("version")
    expected = _expected_version(version) if version is not None or request.headers.get("If-Match") else None
    with state().engine.begin() as conn:
        result = revert_facility(conn, facility_id, to_version, user, expected_version=expected)
    return _answer(result, 200)


def _expected_version(value) -> int:
    """The version the change was made on: "version" in the body, or the If-Match header ("3" or W/"3")."""
    header = request.headers.get("If-Match", "").strip()
    raw = value if value is not None else header.removeprefix("W/").strip('"') or None
    if raw is None:
        raise ApiError(
            428,
            'send the version you read as "version" (or an If-Match header): a change without it could undo '
            "someone else's",
            "โปรดส่งฉบับที่คุณอ่านมาในช่อง version (หรือส่วนหัว If-Match) เพื่อไม่ให้ทับการแก้ไขของผู้อื่น",
            [Problem("version", None, "ต้องระบุ version", "version is required")],
        )
    version = whole_number(raw)
    if version is None or version < 0:
        shown = preview(raw)
        raise UserInputError(
            [Problem("version", shown, "ต้องเป็นจำนวนเต็ม", "must be a whole number")],
            f"version must be a whole number, not {shown!r}",
            f"version ต้องเป็นจำนวนเต็ม ไม่ใช่ “{shown}”",
        )
    return version


def _body(result: EditResult) -> dict:
    body = facility_json(result.facility)
    body["changed"] = {k: {"old": old, "new": new} for k, (old, new) in result.changes.items()}
    body["warnings"] = [w.as_dict() for w in result.warnings]
    return body


def _answer(result: EditResult, status: int) -> Response:
    response = jsonify(_body(result))
    response.status_code = status
    response.headers["ETag"] = f'"{result.facility["version"]}"'
    return response
