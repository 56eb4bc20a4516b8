"""Upload routes of /api/v1: send a file, the history, undo. Registered on the API blueprint of dashboard/api.py."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, jsonify, request

from dashboard.api import ApiError, _bearer_user, _jsonable, api, state
from data.errors import Problem
from data.imports import KINDS, run_import

WRITER_ROLES = {"coordinator", "province_admin", "national_admin"}


@api.post("/uploads/<kind>")
def upload(kind: str) -> Response:
    if kind not in KINDS:
        raise ApiError(404, f"no upload kind {kind!r}: use {', '.join(KINDS)}", f"ไม่มีประเภท {kind!r}")
    with state().engine.connect() as conn:
        user = _bearer_user(conn)
    if user is None:
        raise ApiError(401, "sign in or send Authorization: Bearer TOKEN", "โปรดเข้าสู่ระบบหรือส่งโทเค็น")
    if user["role"] not in WRITER_ROLES and not (kind == "surveys" and user["role"] == "volunteer"):
        raise ApiError(403, f"a {user['role']} cannot upload {kind}", f"บทบาทของคุณนำเข้า {kind} ไม่ได้")
    file = request.files.get("file")
    if file is None or not file.filename:
        raise ApiError(
            422,
            "send the file in the multipart field 'file'",
            "โปรดแนบไฟล์ในช่อง file",
            [Problem("file", None, "ไม่พบไฟล์", "no file")],
        )
    dry_run = request.args.get("dry_run") in ("1", "true", "yes")
    keep_valid = request.args.get("keep_valid") in ("1", "true", "yes")
    report = run_import(
        state(),
        kind,
        file.read(),
        file.filename,
        dry_run=dry_run,
        user_id=user["id"],
        keep_valid=keep_valid,
        scope=user["area"],
    )
    status = 422 if report["problems"] and report["upload_id"] is None and not dry_run else 200
    body = {
        k: report[k] for k in ("problems", "warnings", "new", "updated", "unchanged", "rows", "upload_id", "dry_run")
    }
    if status == 422:
        body["error"] = f"{len(report['problems'])} problems: nothing was stored"
        body["error_th"] = f"พบปัญหา {len(report['problems'])} รายการ ไม่ได้บันทึกข้อมูลใด"
    response = jsonify(body)
    response.status_code = status
    return response


def _writer() -> dict:
    with state().engine.connect() as conn:
        user = _bearer_user(conn)
    if user is None:
        raise ApiError(401, "sign in or send Authorization: Bearer TOKEN", "โปรดเข้าสู่ระบบหรือส่งโทเค็น")
    if user["role"] not in WRITER_ROLES:
        raise ApiError(403, f"a {user['role']} cannot manage uploads", "บทบาทของคุณจัดการการนำเข้าไม่ได้")
    return user


@api.get("/uploads")
def upload_history() -> Response:
    """Accepted, refused and undone uploads, newest first (coordinators and above; the file itself is not sent)."""
    from data.uploads import list_uploads

    user = _writer()
    with state().engine.connect() as conn:
        rows = list_uploads(conn, request.args.get("kind"))
    if user["role"] != "national_admin":
        rows = [r for r in rows if r["user_id"] == user["id"]]
    return jsonify({"items": [_jsonable(r) for r in rows], "total": len(rows)})


@api.post("/uploads/<int:upload_id>/undo")
def undo(upload_id: int) -> Response:
    from data.errors import UserInputError
    from data.schema import uploads as uploads_table
    from data.uploads import undo_upload

    user = _writer()
    with state().engine.begin() as conn:
        owner = conn.execute(sa.select(uploads_table.c.user_id).where(uploads_table.c.id == upload_id)).first()
        if owner is None:
            raise ApiError(404, f"no upload {upload_id}", f"ไม่พบการนำเข้า {upload_id}")
        if user["role"] != "national_admin" and owner.user_id != user["id"]:
            raise ApiError(403, "only the uploader or a national admin can undo it", "ผู้นำเข้าหรือผู้ดูแลระดับประเทศเท่านั้น")
        try:
            counts = undo_upload(conn, upload_id, user["id"])
        except UserInputError as exc:
            raise ApiError(409, exc.message_en, exc.message_th, exc.problems) from None
    return jsonify({"upload_id": upload_id, **counts})
