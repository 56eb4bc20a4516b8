"""Upload routes of /api/v1: send a file, the history, undo, the original file.

Who may do what: volunteers upload surveys, coordinators and above any kind, each only within their own area (the
pipeline's ``scope``). The history shows a person their own uploads (province admins: also those of the users of
their province; national admins: all, see data/upload_history.py); whoever sees an upload may download its file and
undo it. A file over the size limit gets a JSON 413 naming the limit, never Werkzeug's HTML page.
"""

from __future__ import annotations

import io
import logging
import time

from flask import Response, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.api.common import api, error_response, signed_in, state
from dashboard.api.params import documented
from dashboard.jsonable import jsonable
from data.errors import Conflict, NotFound, NotPermitted, Problem, UserInputError
from data.imports import KINDS, may_upload, run_import
from data.originals import original_type
from data.params import Param
from data.registries import ROLES
from data.templates import KIND_LABEL

DRAIN_LIMIT_FACTOR = 4  # an oversized body up to 4× the limit is read and dropped, so the client gets the answer

log = logging.getLogger(__name__)


def size_limit_texts(limit_mb: int) -> tuple[str, str]:
    """(English, Thai) of the size limit message: names the limit and says to split the file."""
    return (
        f"the file is larger than the {limit_mb} MB limit; split it into files under {limit_mb} MB "
        "and upload them one at a time",
        f"ไฟล์มีขนาดเกิน {limit_mb} MB ซึ่งเป็นขนาดสูงสุดที่รับได้ โปรดแบ่งเป็นหลายไฟล์ที่เล็กกว่า {limit_mb} MB แล้วนำเข้าทีละไฟล์",
    )


def body_limit_texts(limit_mb: int) -> tuple[str, str]:
    """(English, Thai) of the size limit of a request that sends no file (a JSON body): names the limit."""
    return (
        f"the request body is larger than the {limit_mb} MB limit; send only the fields the route takes",
        f"ข้อมูลที่ส่งมามีขนาดเกิน {limit_mb} MB ซึ่งเป็นขนาดสูงสุดที่รับได้ โปรดส่งเฉพาะช่องที่คำสั่งนี้ใช้",
    )


@api.errorhandler(RequestEntityTooLarge)
def _too_large(exc: RequestEntityTooLarge) -> Response:
    limit_mb = state().settings.max_upload_mb
    _drain(limit_mb * 1024 * 1024 * DRAIN_LIMIT_FACTOR)
    a_file = request.endpoint == f"{api.name}.{upload.__name__}"  # the other routes take a JSON body, not a file
    en, th = size_limit_texts(limit_mb) if a_file else body_limit_texts(limit_mb)
    size = request.content_length
    problem = Problem("file" if a_file else "body", None if size is None else f"{size / 1024 / 1024:.1f} MB", th, en)
    response = error_response(413, en, th, [problem.as_dict()])
    response.headers["Connection"] = "close"
    return response


def _drain(max_bytes: int) -> None:
    """Read what the client is still sending (up to ``max_bytes``) so that it can read our answer; a client that
    sends more gets its connection closed instead."""
    length = request.content_length
    if length is None or length > max_bytes:
        return
    stream = request.environ.get("wsgi.input")
    left = length
    try:
        while left > 0 and stream is not None:
            chunk = stream.read(min(left, 1 << 20))
            if not chunk:
                break
            left -= len(chunk)
    except OSError:  # the client gave up
        return


def _logged_progress(kind: str):
    """A large upload's progress in the server log, at most once a second per phase (rows only: no file name)."""
    last: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last.get(phase, 0.0) >= 1.0:
            last[phase] = now
            log.info("upload of %s: %s %d/%d rows", kind, phase, done, total)

    return progress


DRY_RUN = Param("dry_run", "1: check and report, store nothing", "boolean")
KEEP_VALID = Param("keep_valid", "1: store the valid rows even when others have problems", "boolean")
_YES, _NO = ("1", "true", "yes"), ("0", "false", "no")


def _yes_no(param: Param) -> bool:
    """A yes/no parameter, absent meaning no; any other value is a 422 (``?dry_run=on`` must not store the file)."""
    value = request.args.get(param.name)
    said = None if value is None else value.strip().lower()
    if said is None or said in _NO:
        return False
    if said in _YES:
        return True
    raise UserInputError(
        [Problem(param.name, value, f"{param.name} ต้องเป็น 1 หรือ 0", f"{param.name} must be 1 or 0")],
        f"{param.name}={value!r} is neither yes nor no: use {param.name}=1 or {param.name}=0; nothing was stored",
        f"{param.name}={value!r} ไม่ใช่ใช่หรือไม่ใช่ ใช้ {param.name}=1 หรือ {param.name}=0 ยังไม่ได้บันทึกข้อมูลใด",
    )


@api.post("/uploads/<kind>")
@documented(
    DRY_RUN,
    KEEP_VALID,
    answer="{problems, warnings, new, updated, unchanged, rows, upload_id}; 422: problems, nothing was stored",
    errors=(401, 403, 409, 413, 422),
    bearer=True,
    path_help={"kind": "facilities, coverage or surveys"},
)
def upload(kind: str) -> Response:
    """Upload a file of facilities, coverage or surveys (multipart field `file`; CSV UTF-8 or Windows-874, or .xlsx).
    A file over the size limit (JITASA_MAX_UPLOAD_MB) is a 413 naming the limit in MB."""
    if kind not in KINDS:
        raise NotFound([], f"no upload kind {kind!r}: use {', '.join(KINDS)}", f"ไม่มีประเภท {kind!r}")
    user = signed_in()
    if not may_upload(user, kind):
        raise NotPermitted([], *_not_yours_to_upload(user, kind))
    file = request.files.get("file")
    if file is None or not file.filename:
        raise UserInputError(
            [Problem("file", None, "ไม่พบไฟล์", "no file")],
            "send the file in the multipart field 'file'",
            "โปรดแนบไฟล์ในช่อง file",
        )
    dry_run, keep_valid = _yes_no(DRY_RUN), _yes_no(KEEP_VALID)
    report = run_import(
        state(),
        kind,
        file.read(),
        file.filename,
        dry_run=dry_run,
        user_id=user["id"],
        keep_valid=keep_valid,
        scope=user["area"],
        progress=_logged_progress(kind),
    )
    status = 422 if report["problems"] and report["upload_id"] is None and not dry_run else 200
    if report.get("conflict"):  # another upload was storing at the same moment
        raise Conflict([Problem(**p) for p in report["problems"]])
    body = {
        k: report[k] for k in ("problems", "warnings", "new", "updated", "unchanged", "rows", "upload_id", "dry_run")
    }
    if status == 422:
        body["error"] = f"{len(report['problems'])} problems: nothing was stored"
        body["error_th"] = f"พบปัญหา {len(report['problems'])} รายการ ไม่ได้บันทึกข้อมูลใด"
    response = jsonify(body)
    response.status_code = status
    return response


def _not_yours_to_upload(user: dict, kind: str) -> tuple[str, str]:
    """(English, Thai) of a refused upload: the person's role and the kind of file in each language's words."""
    kind_th, kind_en = KIND_LABEL[kind]
    role = ROLES.get(user["role"])
    role_th, role_en = (role.label_th, role.label_en) if role else (user["role"], user["role"])
    return (
        f"a {role_en.lower()} cannot upload {kind_en}: volunteers upload survey records, coordinators and above any kind",
        f"บทบาทของคุณ ({role_th}) นำเข้าข้อมูล{kind_th}ไม่ได้: อาสาข้อมูลนำเข้าได้เฉพาะแบบสำรวจ "
        "ผู้ประสานงานอำเภอขึ้นไปนำเข้าได้ทุกประเภท",
    )


@api.get("/uploads")
@documented(
    Param("kind", "facilities, coverage or surveys"),
    answer="{items: [{id, kind, filename, checksum, size_bytes, user_id, username, created_at, outcome, summary, "
    "undone_at, undone_by}], total}; outcome: accepted, or refused (a file refused on saving: id null, audit_id, "
    "summary {rows, problems}; nothing of it was stored)",
    errors=(401,),
    bearer=True,
)
def upload_history() -> Response:
    """Upload history, newest first (the file itself is not sent), as the history page shows it: your own uploads;
    a province admin also those of the users of their province; a national admin all; with the files refused on
    saving (from the audit log: nothing of them was stored)."""
    from data.upload_history import HISTORY_LIMIT, as_utc, visible_refusals, visible_uploads

    user = signed_in()
    kind = request.args.get("kind")
    with state().engine.connect() as conn:
        refused = [r for r in visible_refusals(conn, user) if not kind or r["kind"] == kind]
        rows = visible_uploads(conn, user, kind) + refused
    rows = sorted(rows, key=lambda r: as_utc(r["created_at"]), reverse=True)[:HISTORY_LIMIT]
    rows = [{k: v for k, v in r.items() if k != "uploader_area"} for r in rows]
    return jsonify({"items": [jsonable(r) for r in rows], "total": len(rows)})


def _visible_upload(conn, user: dict, upload_id: int) -> dict:
    """The upload if this person may see it; 404 when there is none, 403 when it is someone else's."""
    from data.upload_history import get_upload, upload_exists

    upload = get_upload(conn, user, upload_id)
    if upload is None and upload_exists(conn, upload_id):
        raise NotPermitted(
            [],
            "only the uploader, their province admin or a national admin can do this",
            "ผู้นำเข้า ผู้ดูแลระดับจังหวัดของผู้นำเข้า หรือผู้ดูแลระดับประเทศเท่านั้น",
        )
    if upload is None:
        raise NotFound([], f"no upload {upload_id}", f"ไม่พบการนำเข้า {upload_id}")
    return upload


@api.post("/uploads/<int:upload_id>/undo")
@documented(answer="{upload_id, deleted, restored}", errors=(401, 403, 404, 409), bearer=True)
def undo(upload_id: int) -> Response:
    """Undo an accepted upload: rows it created are deleted, rows it changed restored (whoever sees the upload in
    their history; 409 names a later upload to undo first)."""
    from data.uploads import undo_upload

    user = signed_in()
    with state().engine.begin() as conn:
        _visible_upload(conn, user, upload_id)
        counts = undo_upload(conn, upload_id, user["id"])  # a refusal is a Conflict: 409
    return jsonify({"upload_id": upload_id, **counts})


@api.get("/uploads/<int:upload_id>/file")
@documented(answer="The file (Content-Disposition: attachment)", errors=(401, 403, 404), bearer=True, media="*/*")
def upload_original(upload_id: int) -> Response:
    """The original file of an upload as it was kept: national ids replaced by their keyed hash, the rest as it was
    sent (same permission as undo; each download is an entry in the audit log). 404 once it was deleted after
    JITASA_UPLOAD_RETENTION_DAYS.

    Unlike every other CSV or .xlsx the app serves, its cells are not neutralised (data/cells.py): these are the
    person's own bytes. The checksum in the history is that of the file as sent, before its ids were hashed.
    """
    from data.upload_history import upload_file

    user = signed_in()
    with state().engine.begin() as conn:
        _visible_upload(conn, user, upload_id)
        found = upload_file(conn, user, upload_id)
    if found is None:
        raise NotFound([], f"the file of upload {upload_id} was not kept", f"ไม่ได้เก็บไฟล์ของการนำเข้า {upload_id}")
    filename, content = found
    mimetype, suffix = original_type(content)  # by what the file holds, not by the name it was sent with
    name = filename if filename.lower().endswith(suffix) else filename + suffix
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Content-Type"] = mimetype  # with the charset the file is in (send_file would add utf-8)
    response.headers["Cache-Control"] = "private, no-store"
    return response
