"""What the route modules of /api/v1 share: the blueprint, the app state, who is asking, refusals, and the shapes of
answers (a facility, CSV and GeoJSON streams). Route modules import this, never each other."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import NotFound as RouteNotFound
from werkzeug.routing import IntegerConverter

from dashboard.auth import request_user
from dashboard.jsonable import jsonable
from dashboard.state import current
from data.cells import spreadsheet_safe
from data.errors import Problem, UserInputError
from data.params import DATABASE_INT_MAX

api = Blueprint("api", __name__, url_prefix="/api/v1")


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: an id no database column can hold is a JSON 404 (nothing has it), instead of
    reaching the database driver (SQLite's OverflowError, a 500). Werkzeug's own ``max`` would make the matcher
    stop at the rule and answer 405 for the other methods of the same path, so the 404 is raised here."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > DATABASE_INT_MAX:
            raise RouteNotFound()
        return number


# recorded first, so that it runs before the routes are added when the blueprint is registered
api.record_once(lambda setup: setup.app.url_map.converters.update(int=IdConverter))


class ApiError(UserInputError):
    """A refusal with a status of its own (401, 428, ...); the base classes of data/errors.py carry theirs."""

    def __init__(self, status: int, message_en: str, message_th: str, problems: list[Problem] | None = None):
        super().__init__(problems or [], message_en, message_th)
        self.status = status


def state():
    """The app state of this request (dashboard/state.py ``current``: a practice account's is its practice space's)."""
    return current()


def error_response(status: int, message_en: str, message_th: str, problems: list[dict] | None = None) -> Response:
    """The JSON of every refusal: {"error", "error_th", "problems": [...]}."""
    response = jsonify({"error": message_en, "error_th": message_th, "problems": problems or []})
    response.status_code = status
    return response


def problem(column: str, value: Any, th: str, en: str) -> Problem:
    return Problem(column=column, value=value, message_th=th, message_en=en)


def raise_if_problems(problems: list[Problem]) -> None:
    """Every problem found, at once, as a 422."""
    if problems:
        raise UserInputError(problems)


# -- who is asking --------------------------------------------------------------------------------------------------
def current_user() -> dict | None:
    """The signed-in user: a Bearer token, or the browser's session; None for nobody."""
    with state().engine.connect() as conn:
        return request_user(conn)


def signed_in() -> dict:
    """The signed-in user, or a 401."""
    user = current_user()
    if user is None:
        raise ApiError(401, "sign in or send Authorization: Bearer TOKEN", "โปรดเข้าสู่ระบบหรือส่งโทเค็น")
    return user


def json_body(what: str, th: str | None = None) -> dict:
    """The request's JSON object, or a 422 saying what to send."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UserInputError(
            [Problem("body", None, "ไม่ใช่ JSON object", "not a JSON object")],
            f"send a JSON object with {what}",
            th or f"โปรดส่ง JSON ที่มี {what}",
        )
    return body


# -- shapes ---------------------------------------------------------------------------------------------------------
def facility_json(record: dict) -> dict:
    """A facility as the API answers it (the detail, the lists and each item of /nearest)."""
    out = jsonable(dict(record))
    out["synthetic"] = bool(out.get("synthetic"))
    for key in ("beds_total", "beds_available"):
        if out.get(key) is not None:
            out[key] = int(out[key])
    return out


def created(body: dict, status: int = 201) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


def csv_download(records: list[dict], filename: str) -> Response:
    """``filename``: a plain name, or a whole Content-Disposition value (``attachment; ...``)."""
    disposition = filename if filename.startswith("attachment;") else f"attachment; filename={filename}"
    return Response(
        csv_stream(records), mimetype="text/csv; charset=utf-8", headers={"Content-Disposition": disposition}
    )


def geojson_stream(records: Iterable[dict]) -> Iterator[str]:
    """Point features of records with lat and lon, streamed."""
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


def csv_stream(records: list[dict]) -> Iterator[str]:
    """UTF-8 CSV with a BOM (Excel opens Thai text correctly), in chunks of about 64 kB."""
    if not records:
        yield "\ufeff"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]))
    buffer.write("\ufeff")
    writer.writeheader()  # our own column names
    for r in records:
        writer.writerow({k: csv_cell(v) for k, v in r.items()})
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: lists joined, None empty, text a spreadsheet would run as a formula neutralised."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return "" if value is None else spreadsheet_safe(value)
