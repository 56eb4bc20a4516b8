"""Template routes of /api/v1 (public, no sign-in): blank upload files with the Thai headers.

GET /api/v1/templates/{facilities|coverage|surveys}.xlsx[?area=CODE]   drop-down lists and a help sheet
GET /api/v1/templates/{facilities|coverage|surveys}.csv                UTF-8 with BOM
Registered on the API blueprint of dashboard/api.py.
"""

from __future__ import annotations

from flask import Response, request

from dashboard.api import ApiError, api, state
from data.errors import Problem
from data.templates import KINDS, XLSX_TYPE, template_csv, template_name, template_xlsx
from geo.registry import AreaNotFound


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ApiError(404, f"no template {kind!r}: use {', '.join(KINDS)}", f"ไม่มีแบบฟอร์ม {kind!r}")
    return kind


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "public, max-age=3600"},
    )


@api.get("/templates/<kind>.xlsx")
def template_excel(kind: str) -> Response:
    kind = _kind(kind)
    area = _area(request.args.get("area"))
    return _download(template_xlsx(kind, state().registry, area), XLSX_TYPE, template_name(kind, "xlsx"))


@api.get("/templates/<kind>.csv")
def template_text(kind: str) -> Response:
    kind = _kind(kind)
    return _download(template_csv(kind), "text/csv; charset=utf-8", template_name(kind, "csv"))


def _area(raw: str | None) -> str | None:
    """``area`` lists that area's subdistrict codes in the survey template (a code or a name; TH lists none)."""
    if not raw or raw.strip().upper() == "TH":
        return None
    try:
        return state().registry.resolve(raw)
    except AreaNotFound as exc:
        raise ApiError(
            422,
            f"unknown area {raw!r}",
            f"ไม่รู้จักพื้นที่ {raw!r}",
            [Problem("area", raw, exc.message_th, str(exc))],
        ) from None
