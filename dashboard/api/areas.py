"""Areas: the list of a level (inside a parent) and the web geometry of a level."""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api.common import api, problem, raise_if_problems, state
from dashboard.api.params import PAGING, documented, limit_offset
from dashboard.http_cache import public_answer
from data.errors import NotFound, Problem
from data.params import Param
from geo.boundaries import LEVELS
from geo.registry import AreaNotFound

LEVEL = Param("level", "Area level", default="province", choices=tuple(LEVELS))
PARENT = Param("parent", "Parent area: code, ISO, P-code, name or TH")


@api.get("/areas")
@documented(
    LEVEL, PARENT, *PAGING, answer="{items: [{code, level, name_th, name_en, parent, lon, lat}], total, limit, offset}"
)
@public_answer()
def areas() -> Response:
    """Areas of one level, optionally inside a parent area."""
    problems: list[Problem] = []
    level = request.args.get("level", LEVEL.default)
    if level not in LEVELS:
        th, en = "level ต้องเป็น province, district หรือ subdistrict", "level must be province, district or subdistrict"
        problems.append(problem("level", level, th, en))
    parent = None
    if request.args.get("parent"):
        raw = request.args["parent"]
        try:
            parent = state().registry.resolve_area(raw)  # TH: the provinces
        except AreaNotFound as exc:
            raise NotFound([problem("parent", raw, exc.message_th, str(exc))], str(exc), exc.message_th) from None
    limit, offset = limit_offset(problems)
    raise_if_problems(problems)
    table = state().registry.frame(level, parent)
    page = table.iloc[offset : offset + limit]
    items = [
        {
            "code": code,
            "level": level,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "parent": r.parent,
            "lon": round(float(r.lon), 5),
            "lat": round(float(r.lat), 5),
        }
        for code, r in page.iterrows()
    ]
    return jsonify({"items": items, "total": len(table), "limit": limit, "offset": offset})


@api.get("/areas/<level>.geojson")
@documented(
    answer="GeoJSON FeatureCollection; feature id and properties.code are DOPA codes",
    media="application/geo+json",
    errors=(404,),
    path_help={"level": "province, district or subdistrict"},
)
def areas_geojson(level: str) -> Response:
    """Web geometry of a level (simplified, shared borders kept, 4-decimal coordinates)."""
    if level not in LEVELS:
        raise NotFound(
            [],
            f"no level {level!r}: use province, district or subdistrict",
            f"ไม่มีระดับ {level!r} ใช้ province, district หรือ subdistrict",
        )
    web = state().web
    etag = f'"{web.etag}-{level}"'
    if request.if_none_match.contains(etag.strip('"')):
        return Response(status=304, headers={"ETag": etag})
    gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
    body = web.geojson_gz[level] if gzip_ok else web.geojson[level]
    response = Response(body, mimetype="application/geo+json")
    if gzip_ok:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
