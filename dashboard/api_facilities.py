"""Facility write routes of /api/v1: add, change (with a version check), revert. Registered on the API blueprint
of dashboard/api.py. A stale change is refused (409), never merged."""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api import ApiError, _bearer_user, _facility_json, _jsonable, api, state
from data.errors import Problem
from data.facility_edit import EditResult, create_facility, revert_facility, update_facility


@api.post("/facilities")
def facility_create() -> Response:
    user = _writer()
    body = _body()
    with state().engine.begin() as conn:
        result = create_facility(conn, state(), body, user, source="api")
    response = _answer(result, 201)
    response.headers["Location"] = f"/api/v1/facilities/{result.facility['id']}"
    return response


@api.patch("/facilities/<int:facility_id>")
def facility_update(facility_id: int) -> Response:
    user = _writer()
    body = _body()
    expected = _expected_version(body.pop("version", None))
    with state().engine.begin() as conn:
        result = update_facility(conn, state(), facility_id, body, expected, user)
    return _answer(result, 200)


@api.post("/facilities/<int:facility_id>/revert")
def facility_revert(facility_id: int) -> Response:
    """Body {"to_version": N}; optional "version" (or If-Match): refused when the facility changed since."""
    user = _writer()
    body = _body()
    to_version = body.get("to_version")
    if not isinstance(to_version, int) or isinstance(to_version, bool):
        raise ApiError(
            422,
            "send the version to go back to as to_version (a whole number)",
            "โปรดระบุฉบับที่ต้องการย้อนกลับใน to_version (จำนวนเต็ม)",
            [Problem("to_version", to_version, "ต้องเป็นจำนวนเต็ม", "must be a whole number")],
        )
    version = body.get("version")
    expected = _expected_version(version) if version is not None or request.headers.get("If-Match") else None
    with state().engine.begin() as conn:
        result = revert_facility(conn, facility_id, to_version, user, expected_version=expected)
    return _answer(result, 200)


# -- steps ------------------------------------------------------------------------------------------------------------
def _writer() -> dict:
    with state().engine.connect() as conn:
        user = _bearer_user(conn)
    if user is None:
        raise ApiError(401, "sign in or send Authorization: Bearer TOKEN", "โปรดเข้าสู่ระบบหรือส่งโทเค็น")
    return user


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(
            422,
            "send a JSON object with the upload's column names (type, name_th, lat, lon, ...)",
            "โปรดส่ง JSON ที่มีชื่อคอลัมน์เดียวกับไฟล์นำเข้า (type, name_th, lat, lon, ...)",
            [Problem("body", None, "ไม่ใช่ JSON object", "not a JSON object")],
        )
    return body


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
    if isinstance(raw, bool) or not str(raw).isdigit():
        raise ApiError(
            422,
            f"version must be a whole number, not {raw!r}",
            f"version ต้องเป็นจำนวนเต็ม ไม่ใช่ {raw!r}",
            [Problem("version", raw, "ต้องเป็นจำนวนเต็ม", "must be a whole number")],
        )
    return int(raw)


def _answer(result: EditResult, status: int) -> Response:
    body = _facility_json(result.facility)
    body["changed"] = {k: {"old": old, "new": new} for k, (old, new) in result.changes.items()}
    body["warnings"] = [w.as_dict() for w in result.warnings]
    response = jsonify(_jsonable(body))
    response.status_code = status
    response.headers["ETag"] = f'"{result.facility["version"]}"'
    return response
