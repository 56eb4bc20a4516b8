"""Blank upload files with the Thai headers (public, no sign-in).

GET /api/v1/templates/{facilities|coverage|surveys}.xlsx[?area=CODE]   drop-down lists and a help sheet
GET /api/v1/templates/{facilities|coverage|surveys}.csv                UTF-8 with BOM
"""

from __future__ import annotations

from flask import Response, request

from dashboard.api.common import api, problem, state
from dashboard.api.params import documented
from data.errors import NotFound, UserInputError
from data.params import Param
from data.templates import KINDS, XLSX_TYPE, template_csv, template_name, template_xlsx
from geo.registry import AreaNotFound

AREA = Param("area", "surveys: list the subdistrict codes inside this area (code or name)")
_KIND_HELP = {"kind": "facilities, coverage or surveys"}


@api.get("/templates/<kind>.xlsx")
@documented(AREA, answer="An .xlsx workbook", errors=(404, 422), media=XLSX_TYPE, path_help=_KIND_HELP)
def template_excel(kind: str) -> Response:
    """A blank upload template (public): Thai headers, drop-down lists, a help sheet with each column's English
    code, format and an example; an untouched template imports no rows."""
    kind = _kind(kind)
    area = _area(request.args.get(AREA.name))
    return _download(template_xlsx(kind, state().registry, area), XLSX_TYPE, template_name(kind, "xlsx"))


@api.get("/templates/<kind>.csv")
@documented(answer="text/csv", errors=(404,), media="text/csv", path_help=_KIND_HELP)
def template_text(kind: str) -> Response:
    """A blank upload template (public): the Thai header row, UTF-8 with BOM."""
    kind = _kind(kind)
    return _download(template_csv(kind), "text/csv; charset=utf-8", template_name(kind, "csv"))


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFound([], f"no template {kind!r}: use {', '.join(KINDS)}", f"ไม่มีแบบฟอร์ม {kind!r}")
    return kind


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "public, max-age=3600"},
    )


def _area(raw: str | None) -> str | None:
    """``area`` lists that area's subdistrict codes in the survey template (a code or a name; TH lists none)."""
    if not raw or raw.strip().upper() == "TH":
        return None
    try:
        return state().registry.resolve(raw)
    except AreaNotFound as exc:
        raise UserInputError(
            [problem("area", raw, exc.message_th, str(exc))], f"unknown area {raw!r}", f"ไม่รู้จักพื้นที่ {raw!r}"
        ) from None
