"""The API about itself: health for load balancers, the OpenAPI document, and a JSON 404 for anything else."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, jsonify

from dashboard.api.common import ApiError, api, state
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


@api.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str) -> Response:
    """Anything else under /api/v1 is a JSON 404 (Dash would otherwise answer with its page)."""
    raise ApiError(404, f"no such resource: /api/v1/{rest}", f"ไม่พบข้อมูลที่ขอ: /api/v1/{rest}")
