"""The API about itself: health for load balancers, the OpenAPI document, and a JSON 404 for anything else."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard.api.common import ApiError, api, error_response, state
from dashboard.api.openapi import openapi_document
from dashboard.api.params import documented


@api.get("/openapi.json")
@documented(answer="This document (OpenAPI 3.1)", errors=())
def openapi() -> Response:
    """The OpenAPI document of /api/v1, written from the routes and their declared parameters."""
    return jsonify(openapi_document())


@api.get("/health")
@documented(answer="{status: ok, database: ok}", errors=(503,))
def health() -> Response:
    """For a load balancer or a monitor: 200 when this process and its database answer, 503 (with Retry-After) while
    the database is unavailable. Never cached."""
    with state().engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
    response = jsonify({"status": "ok", "database": "ok"})
    response.headers["Cache-Control"] = "no-store"
    return response


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


# no automatic OPTIONS here: an OPTIONS answer's Allow then lists what the address's own route allows, not all five
@api.route("/<path:rest>", methods=list(METHODS), provide_automatic_options=False)
def unknown(rest: str) -> Response:
    """Anything else under /api/v1 is a JSON 404 (Dash would otherwise answer with its page); an address that exists
    asked with a method it does not take is a 405 naming the methods it does (Allow)."""
    allowed = _allowed()
    if allowed:
        listed = ", ".join(allowed)
        response = error_response(
            405,
            f"{request.method} is not allowed here (allowed: {listed})",
            f"ใช้คำสั่ง {request.method} ที่นี่ไม่ได้ (ใช้ได้: {listed})",
        )
        response.headers["Allow"] = _allow_header(allowed)
        return response
    raise ApiError(404, f"no such resource: /api/v1/{rest}", f"ไม่พบข้อมูลที่ขอ: /api/v1/{rest}")


@api.after_request
def _options(response: Response) -> Response:
    """OPTIONS: what the address's own route takes (Flask's own answer also counts the catch-all above's five)."""
    if request.method == "OPTIONS":
        response.headers["Allow"] = _allow_header(_allowed())
    return response


def _allowed() -> list[str]:
    """The methods of the routes the request's address has, the catch-all ``unknown`` left out."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in METHODS:
        try:
            endpoint, _ = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != "api.unknown":
            allowed.append(method)
    return allowed


def _allow_header(allowed: list[str]) -> str:
    return ", ".join([*allowed, *(["HEAD"] if "GET" in allowed else []), "OPTIONS"])
