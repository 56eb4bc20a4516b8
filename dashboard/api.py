"""The REST API blueprint, /api/v1: JSON answers, GeoJSON and CSV where asked, JSON errors with a 4xx status.

Wiring only: parse and check the query, call data/geo, shape the answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify, request

from dashboard.auth import request_user
from dashboard.http_cache import public_answer
from dashboard.openapi import openapi_document
from dashboard.query import parse_coverage_query
from data.cells import spreadsheet_safe
from data.db import is_unavailable
from data.errors import Problem, UserInputError
from data.facilities import FacilityFilter, count_facilities, facility_history, get_facility, list_facilities
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from geo.boundaries import LEVELS
from geo.registry import AreaNotFound

log = logging.getLogger(__name__)
api = Blueprint("api", __name__, url_prefix="/api/v1")
DEFAULT_LIMIT, MAX_LIMIT = 1000, 10000
STAFF_ROLES = {"coordinator", "province_admin", "national_admin"}


class ApiError(UserInputError):
    """A refusal with a status of its own (401, 428, ...); the base classes of data/errors.py carry theirs."""

    def __init__(self, status: int, message_en: str, message_th: str, problems: list[Problem] | None = None):
        super().__init__(problems or [], message_en, message_th)
        self.status = status


def state():
    return current_app.extensions["jitasa"]


def error_response(status: int, message_en: str, message_th: str, problems: list[dict] | None = None) -> Response:
    body = {"error": message_en, "error_th": message_th, "problems": problems or []}
    response = jsonify(body)
    response.status_code = status
    return response


@api.errorhandler(UserInputError)
def _refused(exc: UserInputError) -> Response:
    """The one table of statuses: each class says its own (UserInputError 422, NotFound 404, NotPermitted 403,
    Conflict 409; data/errors.py)."""
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

    @app.errorhandler(Exception)
    def _crash(exc):
        if hasattr(exc, "code") and isinstance(exc.code, int) and exc.code < 500:
            return exc
        if is_unavailable(exc):
            return _unavailable(exc)
        ref = uuid.uuid4().hex[:8]
        log.exception("unhandled error %s on %s %s", ref, request.method, request.path)
        if request.path.startswith("/api/"):
            return error_response(500, f"internal error, reference {ref}", f"เกิดข้อผิดพลาดภายใน รหัสอ้างอิง {ref}")
        return Response(
            f"<h1>ขออภัย เกิดข้อผิดพลาด / Sorry, something went wrong</h1><p>รหัสอ้างอิง / reference: {ref}</p>",
            status=500,
            mimetype="text/html",
        )


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


# -- query parsing ------------------------------------------------------------------------------------------------
def _problem(column: str, value: Any, th: str, en: str) -> Problem:
    return Problem(column=column, value=value, message_th=th, message_en=en)


def _limit_offset(problems: list[Problem]) -> tuple[int, int]:
    limit, offset = DEFAULT_LIMIT, 0
    raw_limit, raw_offset = request.args.get("limit"), request.args.get("offset")
    if raw_limit is not None:
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
            problems.append(
                _problem(
                    "limit",
                    raw_limit,
                    f"limit ต้องเป็นจำนวนเต็ม 1–{MAX_LIMIT:,}",
                    f"limit must be a whole number from 1 to {MAX_LIMIT:,}",
                )
            )
        else:
            limit = int(raw_limit)
    if raw_offset is not None:
        if not raw_offset.isdigit():
            problems.append(
                _problem("offset", raw_offset, "offset ต้องเป็นจำนวนเต็มตั้งแต่ 0", "offset must be a whole number ≥ 0")
            )
        else:
            offset = int(raw_offset)
    return limit, offset


def _area_param(name: str, level: str, problems: list[Problem]) -> str | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return state().registry.resolve(raw, level=level)
    except AreaNotFound as exc:
        problems.append(_problem(name, raw, exc.message_th, str(exc)))
        return None


def _choices(name: str, registry, problems: list[Problem]) -> tuple[str, ...]:
    raw = request.args.get(name)
    if not raw:
        return ()
    codes = []
    for part in raw.split(","):
        code = registry.resolve(part)
        if code is None:
            problems.append(
                _problem(
                    name,
                    part,
                    f"ไม่รู้จัก {name} “{part}” (ใช้ {', '.join(registry.codes)})",
                    f"unknown {name} {part!r} (use {', '.join(registry.codes)})",
                )
            )
        else:
            codes.append(code)
    return tuple(codes)


def _bbox(problems: list[Problem]) -> tuple[float, float, float, float] | None:
    raw = request.args.get("bbox")
    if not raw:
        return None
    try:
        values = tuple(float(v) for v in raw.split(","))
        if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
            raise ValueError
        return values  # type: ignore[return-value]
    except ValueError:
        problems.append(
            _problem(
                "bbox",
                raw,
                "bbox ต้องเป็น minlon,minlat,maxlon,maxlat",
                "bbox must be minlon,minlat,maxlon,maxlat with min ≤ max",
            )
        )
        return None


def _raise_if(problems: list[Problem], status: int = 422) -> None:
    if problems:
        raise ApiError(status, "; ".join(str(p) for p in problems), "; ".join(p.message_th for p in problems), problems)


def _format(problems: list[Problem], allowed: tuple[str, ...]) -> str:
    fmt = request.args.get("format", "json")
    if fmt not in allowed:
        problems.append(
            _problem(
                "format", fmt, f"format ต้องเป็น {' หรือ '.join(allowed)}", f"format must be one of {', '.join(allowed)}"
            )
        )
    return fmt


# -- routes -------------------------------------------------------------------------------------------------------
@api.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@api.get("/health")
def health() -> Response:
    """200 when the database answers (a 503 from the error handler when it does not): for load balancers."""
    with state().engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
    response = jsonify({"status": "ok", "database": "ok"})
    response.headers["Cache-Control"] = "no-store"
    return response


@api.get("/areas")
@public_answer()
def areas() -> Response:
    problems: list[Problem] = []
    level = request.args.get("level", "province")
    if level not in LEVELS:
        problems.append(
            _problem(
                "level",
                level,
                "level ต้องเป็น province, district หรือ subdistrict",
                "level must be province, district or subdistrict",
            )
        )
    parent = None
    if request.args.get("parent"):
        raw = request.args["parent"]
        try:
            parent = "TH" if raw.upper() == "TH" else state().registry.resolve(raw)
        except AreaNotFound as exc:
            raise ApiError(404, str(exc), exc.message_th, [_problem("parent", raw, exc.message_th, str(exc))]) from None
    limit, offset = _limit_offset(problems)
    _raise_if(problems)
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
def areas_geojson(level: str) -> Response:
    if level not in LEVELS:
        raise ApiError(
            404,
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


@api.get("/facilities")
def facilities_list() -> Response:
    problems: list[Problem] = []
    fmt = _format(problems, ("json", "geojson", "csv"))
    flt = FacilityFilter(
        types=_choices("type", FACILITY_TYPES, problems),
        statuses=_choices("status", FACILITY_STATUSES, problems),
        province=_area_param("province", "province", problems),
        district=_area_param("district", "district", problems),
        bbox=_bbox(problems),
    )
    limit, offset = _limit_offset(problems)
    _raise_if(problems)
    with state().engine.connect() as conn:
        if fmt == "json":
            total = count_facilities(conn, flt)
            frame = list_facilities(conn, flt, limit=limit, offset=offset)
            items = [_facility_json(r) for r in frame.to_dict("records")]
            return jsonify({"items": items, "total": total, "limit": limit, "offset": offset})
        frame = list_facilities(conn, flt)
    records = [_facility_json(r) for r in frame.to_dict("records")]
    if fmt == "geojson":
        return Response(_geojson_stream(records), mimetype="application/geo+json")
    return Response(
        _csv_stream(records),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=facilities.csv"},
    )


@api.get("/facilities/<int:facility_id>")
def facility_detail(facility_id: int) -> Response:
    with state().engine.connect() as conn:
        row = get_facility(conn, facility_id)
        if row is None:
            raise ApiError(404, f"no facility with id {facility_id}", f"ไม่พบสถานบริการรหัส {facility_id}")
        body = _facility_json(row)
        user = _bearer_user(conn)
        if user and user["role"] in STAFF_ROLES:
            body["history"] = [_jsonable(h) for h in facility_history(conn, facility_id)]
    return jsonify(body)


def _bearer_user(conn) -> dict | None:
    """The signed-in user: a Bearer token, or the browser's session."""
    return request_user(conn)


# -- shaping ------------------------------------------------------------------------------------------------------
def _jsonable(record: dict) -> dict:
    out = {}
    for key, value in record.items():
        if isinstance(value, (dt.date, dt.datetime)):
            out[key] = value.isoformat()
        elif isinstance(value, float) and value != value:  # NaN
            out[key] = None
        elif hasattr(value, "item"):
            out[key] = value.item()
        else:
            out[key] = value
    return out


def _facility_json(record: dict) -> dict:
    out = _jsonable(record)
    out["synthetic"] = bool(out.get("synthetic"))
    for key in ("beds_total", "beds_available"):
        if out.get(key) is not None:
            out[key] = int(out[key])
    return out


def _geojson_stream(records: list[dict]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    for i, r in enumerate(records):
        props = {k: v for k, v in r.items() if k not in ("lat", "lon")}
        feature = {
            "type": "Feature",
            "id": r["id"],
            "properties": props,
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
        }
        yield ("," if i else "") + json.dumps(feature, ensure_ascii=False)
    yield "]}"


def _csv_stream(records: list[dict]) -> Iterator[str]:
    if not records:
        yield "\ufeff"
        return
    columns = list(records[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    buffer.write("\ufeff")  # BOM: Excel opens Thai text correctly
    writer.writeheader()  # our own column names
    for r in records:
        writer.writerow({k: _csv_cell(v) for k, v in r.items()})
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    """A value as a CSV cell: lists joined, None empty, text a spreadsheet would run as a formula neutralised."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return "" if value is None else spreadsheet_safe(value)


COVERAGE_FIELDS = [
    "code",
    "name_th",
    "name_en",
    "vaccinated",
    "population",
    "coverage_pct",
    "as_of",
    "value",
    "count",
    "compare_pct",
    "compare_as_of",
    "note",
]


def _coverage_query():
    query, method, problems = parse_coverage_query(request.args, state().registry)
    _raise_if(problems)
    return query, method


def _coverage_rows(query) -> list[dict]:
    with state().engine.connect() as conn:
        frame = state().metrics.frame(conn, state().registry, query)
    if query.metric in ("coverage", "change") and frame["as_of"].isna().all():
        asked = query.as_of.isoformat() if query.as_of else "any date"
        if query.level == "district" and frame["province_pct"].notna().any():
            raise ApiError(
                422,
                "no district-level report here: the reports are per province (use level=province)",
                "ไม่มีรายงานระดับอำเภอ รายงานมีเป็นรายจังหวัด (ใช้ level=province)",
                [Problem("level", "district", "ไม่มีรายงานระดับอำเภอ", "no district-level report")],
            )
        raise ApiError(
            422,
            f"no report for this group and dose on or before {asked}",
            f"ไม่มีรายงานของกลุ่มและเข็มนี้ ณ หรือก่อน {asked}",
            [Problem("as_of", asked, "ไม่มีข้อมูล ณ วันที่นี้", "no data on or before this date")],
        )
    rows = [_jsonable({k: r[k] for k in COVERAGE_FIELDS}) for r in frame.to_dict("records")]
    for row in rows:  # a count of people is a whole number in every format
        if row["count"] is not None:
            row["count"] = int(row["count"])
    return rows


@api.get("/coverage")
@public_answer("coverage", "surveys", "facilities", "population")
def coverage() -> Response:
    problems: list[Problem] = []
    fmt = _format(problems, ("json", "csv"))
    _raise_if(problems)
    query, _ = _coverage_query()
    rows = _coverage_rows(query)
    for row in rows:
        for key in ("vaccinated", "population"):
            if row[key] is not None:
                row[key] = int(row[key])
    if fmt == "csv":
        return Response(
            _csv_stream(rows),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": "attachment; filename=coverage.csv"},
        )
    with state().engine.connect() as conn:
        synthetic = state().metrics.synthetic_share(conn, query)
    return jsonify(
        {"items": rows, "total": len(rows), "synthetic_share": round(synthetic, 4), "query": request.args.to_dict()}
    )


@api.get("/coverage.geojson")
@public_answer("coverage", "surveys", "facilities", "population")
def coverage_geojson() -> Response:
    """The same rows as /coverage with each area's web geometry: the table of the page, on a map."""
    query, _ = _coverage_query()
    rows = {r["code"]: r for r in _coverage_rows(query)}
    level = query.level
    collection = json.loads(state().web.geojson[level])
    features = [
        {"type": "Feature", "id": f["id"], "properties": rows[f["id"]], "geometry": f["geometry"]}
        for f in collection["features"]
        if f["id"] in rows
    ]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return Response(
        body, mimetype="application/geo+json", headers={"Content-Disposition": "attachment; filename=coverage.geojson"}
    )


@api.get("/exports/coverage-map.html")
@public_answer("coverage", "surveys", "facilities", "population")
def coverage_map_export() -> Response:
    """A self-contained Folium map of the query (Leaflet inlined): opens with no network."""
    from dashboard.exports import coverage_map_document

    query, method = _coverage_query()
    lang = request.args.get("lang", "th")
    with state().engine.connect() as conn:
        html_text = coverage_map_document(state(), conn, query, method, lang if lang in ("th", "en") else "th")
    return Response(
        html_text, mimetype="text/html", headers={"Content-Disposition": "attachment; filename=coverage-map.html"}
    )


@api.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str) -> Response:
    """Anything else under /api/v1 is a JSON 404 (Dash would otherwise answer with its page)."""
    raise ApiError(404, f"no such resource: /api/v1/{rest}", f"ไม่พบข้อมูลที่ขอ: /api/v1/{rest}")


# The other routes (nearest, uploads, facilities' writes, surveys, stats, people…) live beside this module and register on the same blueprint when it is imported.
from dashboard import (  # noqa: E402,F401
    api_duplicates,
    api_facilities,
    api_nearest,
    api_people,
    api_stats,
    api_surveys,
    api_templates,
    api_uploads,
)
