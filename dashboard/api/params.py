"""The query parameters the routes share, declared once (data/params.py) for the parsers below and the OpenAPI
document, and ``documented``: what a route says of itself there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request

from dashboard.api.common import problem, state
from data.errors import Problem, UserInputError
from data.params import Param
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from geo.registry import AreaNotFound

LIMIT = Param("limit", "Items per page", "integer", default=1000, minimum=1, maximum=10000)
OFFSET = Param("offset", "Items to skip", "integer", default=0, minimum=0)
PAGING = (LIMIT, OFFSET)
TYPES = Param("type", "Comma-separated facility types", "list", choices=lambda: tuple(FACILITY_TYPES.codes))
STATUSES = Param("status", "Comma-separated facility statuses", "list", choices=lambda: tuple(FACILITY_STATUSES.codes))
PROVINCE = Param("province", "A province: code, ISO 3166-2, P-code or name")
DISTRICT = Param("district", "A district: code or name")
BBOX = Param("bbox", "minlon,minlat,maxlon,maxlat")
LANG = Param("lang", "Language of the view's words and of the file name: th or en", default="th", choices=("th", "en"))


def format_param(*allowed: str) -> Param:
    return Param("format", "Answer format", default=allowed[0], choices=allowed)


@dataclass
class Doc:
    """A route's part of the OpenAPI document: the summary is the view's docstring unless given."""

    params: tuple[Param, ...] = ()
    answer: str = "The answer"
    status: int = 200  # of the answer (201 for what a POST creates)
    errors: tuple[int, ...] = (422,)
    bearer: bool = False
    body: str | None = None  # what the JSON body holds
    media: str = "application/json"
    summary: str | None = None
    path_help: dict[str, str] = field(default_factory=dict)


def documented(*params: Param, **doc) -> Callable:
    """Attach a Doc to a view (put it right under the route decorator)."""

    def decorate(view):
        view.openapi = Doc(params=params, **doc)
        return view

    return decorate


# -- parsing the shared parameters -------------------------------------------------------------------------------
def limit_offset(problems: list[Problem]) -> tuple[int, int]:
    limit = LIMIT.whole_number(request.args, problems)
    offset = OFFSET.whole_number(request.args, problems)
    return limit or LIMIT.default, offset or 0


def area_param(name: str, level: str | None, problems: list[Problem]) -> str | None:
    """An area code from a code or a name (None when not given; a problem when it names none)."""
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return state().registry.resolve(raw, level=level)
    except AreaNotFound as exc:
        problems.append(problem(name, raw, exc.message_th, str(exc)))
        return None


def choices(param: Param, registry, problems: list[Problem]) -> tuple[str, ...]:
    """Comma-separated codes of a registry (names accepted), each checked."""
    raw = request.args.get(param.name)
    if not raw:
        return ()
    codes, name, listed = [], param.name, ", ".join(registry.codes)
    for part in raw.split(","):
        code = registry.resolve(part)
        if code is None:
            problems.append(
                problem(name, part, f"ไม่รู้จัก {name} “{part}” (ใช้ {listed})", f"unknown {name} {part!r} (use {listed})")
            )
        else:
            codes.append(code)
    return tuple(codes)


def bbox(problems: list[Problem]) -> tuple[float, float, float, float] | None:
    raw = request.args.get(BBOX.name)
    if not raw:
        return None
    try:
        values = tuple(float(v) for v in raw.split(","))
        if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
            raise ValueError
        return values  # type: ignore[return-value]
    except ValueError:
        th, en = "bbox ต้องเป็น minlon,minlat,maxlon,maxlat", "bbox must be minlon,minlat,maxlon,maxlat with min ≤ max"
        problems.append(problem("bbox", raw, th, en))
        return None


def answer_format(param: Param, problems: list[Problem]) -> str:
    fmt = request.args.get(param.name, param.default)
    allowed = param.options()
    if fmt not in allowed:
        th, en = f"format ต้องเป็น {' หรือ '.join(allowed)}", f"format must be one of {', '.join(allowed)}"
        problems.append(problem("format", fmt, th, en))
    return fmt


def language() -> str:
    """``lang`` of the request (th when missing or unknown: the words of an export are never refused)."""
    lang = request.args.get(LANG.name, LANG.default)
    return lang if lang in LANG.options() else LANG.default


def coverage_query():
    """(MetricQuery, classification method) of the request (data/coverage_query.py), or a 422 with every problem."""
    from data.coverage_query import parse_coverage_query

    query, method, problems = parse_coverage_query(request.args, state().registry)
    if problems:
        raise UserInputError(problems)
    return query, method
