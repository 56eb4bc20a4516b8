"""One place for errors: a refusal's status comes from its class (data/errors.py: UserInputError 422, NotFound 404,
NotPermitted 403, Conflict 409); every error under /api/ is JSON, never a page or a stack trace."""

from __future__ import annotations

import logging
import uuid

from dash.exceptions import DependencyException
from flask import Response, request

from dashboard.api.common import api, error_response
from dashboard.jsonable import MalformedJSON
from data.db import is_conflict, is_out_of_range, is_unavailable
from data.errors import UserInputError
from geo.registry import AreaNotFound

log = logging.getLogger(__name__)


@api.errorhandler(UserInputError)
def _refused(exc: UserInputError) -> Response:
    return error_response(exc.status, exc.message_en, exc.message_th, [p.as_dict() for p in exc.problems])


@api.errorhandler(AreaNotFound)
def _no_area(exc: AreaNotFound) -> Response:
    """geo cannot import data's classes: an area nobody caught is a NotFound."""
    return error_response(404, str(exc), exc.message_th)


def register_api_error_handlers(app) -> None:
    """JSON for every error under /api/ (unknown routes, wrong methods, crashes: never a stack trace)."""

    @app.errorhandler(404)
    def _not_found(exc):
        if request.path.startswith("/api/"):
            return error_response(404, f"no such resource: {request.path}", f"ไม่พบข้อมูลที่ขอ: {request.path}")
        return exc

    @app.errorhandler(405)
    def _method(exc):
        if request.path.startswith("/api/"):
            return error_response(405, f"{request.method} is not allowed here", f"ใช้คำสั่ง {request.method} ที่นี่ไม่ได้")
        return exc

    @app.errorhandler(MalformedJSON)
    def _malformed(exc: MalformedJSON):
        """Any route, Dash's callbacks too: a JSON body nested too deep or with a lone surrogate."""
        return _refusal(400, exc.message_en, exc.message_th)

    @app.errorhandler(DependencyException)
    def _no_such_component(_exc):
        """A Dash component file no library registers: the 404 any unknown file gets, not a crash."""
        return Response("<h1>ไม่พบไฟล์ / Not found</h1>", status=404, mimetype="text/html")

    @app.errorhandler(Exception)
    def _crash(exc):
        if hasattr(exc, "code") and isinstance(exc.code, int) and exc.code < 500:
            return exc
        if request.path == "/_dash-update-component" and _malformed_callback_request(exc):
            log.warning("malformed callback request: %s", type(exc).__name__)  # a line, not a traceback
            return _refusal(400, *_MALFORMED_CALLBACK)
        if is_conflict(exc):  # another request wrote the same rows at the same moment
            return _refusal(409, *_CONFLICT)
        if is_unavailable(exc):
            return _unavailable(exc)
        if is_out_of_range(exc):  # a number no column holds, from a request no check caught
            log.warning("out-of-range value on %s %s: %s", request.method, request.path, type(exc).__name__)
            return _refusal(422, *_OUT_OF_RANGE)
        ref = uuid.uuid4().hex[:8]
        log.exception("unhandled error %s on %s %s", ref, request.method, request.path)
        if request.path.startswith("/api/"):
            return error_response(500, f"internal error, reference {ref}", f"เกิดข้อผิดพลาดภายใน รหัสอ้างอิง {ref}")
        return Response(
            f"<h1>ขออภัย เกิดข้อผิดพลาด / Sorry, something went wrong</h1><p>รหัสอ้างอิง / reference: {ref}</p>",
            status=500,
            mimetype="text/html",
        )


_CONFLICT = (
    "another request changed the same records at the same moment; nothing of yours was saved. Reload and try again",
    "มีคำขออื่นแก้ไขข้อมูลชุดเดียวกันในเวลาเดียวกัน ข้อมูลของคุณยังไม่ได้บันทึก โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง",
)
_OUT_OF_RANGE = (
    "a number in the request is too large to store or look up",
    "มีตัวเลขในคำขอที่ใหญ่เกินกว่าจะบันทึกหรือค้นหาได้",
)


_MALFORMED_CALLBACK = (
    "this is not a request the page sends (no such output, or not a callback's JSON object); reload the page",
    "คำขอนี้ไม่ใช่คำขอที่หน้าเว็บส่ง โปรดโหลดหน้าใหม่",
)


def _malformed_callback_request(exc: Exception) -> bool:
    """Whether Dash's own dispatch failed on the request's body (not a JSON object, no ``output``, an output no
    callback has): the callbacks' own errors never get here (they go to app.py's ``_callback_error``)."""
    body = request.get_json(silent=True)
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("output"), str)
        or not isinstance(body.get("inputs"), list)
    ):
        return True
    return isinstance(exc, KeyError) and "Callback function not found" in str(exc)


def _refusal(status: int, en: str, th: str) -> Response:
    """The usual JSON error shape under /api/ and for Dash's callbacks; a short page elsewhere."""
    if request.path.startswith("/api/") or request.path.startswith("/_dash"):
        return error_response(status, en, th)
    return Response(f"<h1>{th}</h1><p>{en.capitalize()}.</p>", status=status, mimetype="text/html")


def _unavailable(exc: Exception) -> Response:
    """The database is down or busy: a 503 that says so and when to try again; the app recovers by itself."""
    log.warning("database unavailable on %s %s: %s", request.method, request.path, type(exc).__name__)
    en = "the database is unavailable for a moment; nothing saved is lost. Try again in a few seconds"
    th = "ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว ข้อมูลที่บันทึกแล้วยังอยู่ครบ โปรดลองอีกครั้งในอีกไม่กี่วินาที"
    if request.path.startswith("/api/") or request.path.startswith("/_dash"):
        response = error_response(503, en, th)
    else:
        response = Response(f"<h1>{th}</h1><p>{en.capitalize()}.</p>", status=503, mimetype="text/html")
    response.headers["Retry-After"] = "5"
    return response
