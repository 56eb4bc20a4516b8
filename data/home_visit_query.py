"""The query of GET /api/v1/home-visits and of the /home-visits page, declared once (data/params.py) for the parser
and the OpenAPI document: which area, which statuses, whose visits, and for a round the day and the start point.

Without ``date`` the answer is the queue of an area; with it, a round: the visits assigned to one person (the
reader, or ``assigned_to`` for staff) planned for that day, in nearest-neighbour order from ``lat``/``lon``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from data.errors import Problem
from data.params import Param
from data.parsing import parse_date
from geo.registry import AreaNotFound
from geo.thai import THAI_DIGITS

AREA = Param("area", "Any area code inside your own (default: your own area)")
DISTRICT = Param("district", "District code or name")
SUBDISTRICT = Param("subdistrict", "Subdistrict code or name")
STATUS = Param(
    "status",
    "Comma-separated statuses: to_plan, planned, not_home, vaccinated, refused, moved (default: all)",
    "list",
    choices=("to_plan", "planned", "not_home", "vaccinated", "refused", "moved"),
)
ASSIGNED_TO = Param("assigned_to", "Username of the person the visits are assigned to (staff)")
DATE = Param("date", "A day (YYYY-MM-DD or day/month/Buddhist year): the round of that day, in route order", "date")
LAT = Param("lat", "Latitude of the round's start point (WGS84)", "number", minimum=-90, maximum=90)
LON = Param("lon", "Longitude of the round's start point (WGS84)", "number", minimum=-180, maximum=180)
FORMAT = Param("format", "Answer format (csv and xlsx: a file of the list, audited)", default="json",
               choices=("json", "csv", "xlsx"))  # fmt: skip
PARAMS = (AREA, DISTRICT, SUBDISTRICT, STATUS, ASSIGNED_TO, DATE, LAT, LON, FORMAT)


@dataclass(frozen=True)
class VisitArgs:
    area: str | None = None
    statuses: tuple[str, ...] = ()
    assigned_to: str | None = None
    day: dt.date | None = None
    start: tuple[float, float] | None = None  # (lat, lon)
    fmt: str = "json"


def parse_visit_args(args: Mapping[str, str], registry: Any, own_area: str) -> tuple[VisitArgs, list[Problem]]:
    """The query's values, and every problem with them (names read inside ``own_area`` first)."""
    problems: list[Problem] = []
    area = None
    for param in (AREA, DISTRICT, SUBDISTRICT):  # the last one given wins
        text = param.raw(args)
        if text:
            try:
                if param is AREA:  # any area code, TH (the whole country) too
                    area = registry.resolve_area(text, context=(own_area,))
                else:
                    area = registry.resolve(text, level=param.name, context=(own_area,))
            except AreaNotFound as exc:
                problems.append(Problem(param.name, text, exc.message_th, str(exc)))
    statuses = _statuses(args, problems)
    day = None
    if DATE.raw(args):
        try:
            day = parse_date(DATE.raw(args))
        except ValueError:
            problems.append(Problem("date", DATE.raw(args), "ไม่ใช่วันที่ (เช่น 31/1/2565)", "not a date (e.g. 2022-01-31)"))
    start = _start(args, problems)
    fmt = FORMAT.one_of(args, problems)
    return VisitArgs(area, statuses, ASSIGNED_TO.raw(args), day, start, fmt), problems


def _statuses(args: Mapping[str, str], problems: list[Problem]) -> tuple[str, ...]:
    text = STATUS.raw(args)
    if not text:
        return ()
    asked = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [s for s in asked if s not in STATUS.options()]
    if unknown:
        listed = ", ".join(STATUS.options())
        problems.append(Problem("status", text, f"ไม่รู้จักสถานะ (ใช้ {listed})", f"unknown status (use {listed})"))
    return tuple(s for s in asked if s in STATUS.options())


def _start(args: Mapping[str, str], problems: list[Problem]) -> tuple[float, float] | None:
    raw = {p.name: p.raw(args) for p in (LAT, LON)}
    if not any(raw.values()):
        return None
    values = []
    for param in (LAT, LON):
        try:
            value = float((raw[param.name] or "").translate(THAI_DIGITS))
        except ValueError:
            value = None
        if value is None or not param.within(value):
            th = f"{param.name} ต้องเป็นตัวเลข {param.minimum:g} ถึง {param.maximum:g}"
            problems.append(Problem(param.name, raw[param.name], th, f"{param.name} must be a number from "
                                    f"{param.minimum:g} to {param.maximum:g}"))  # fmt: skip
        values.append(value)
    return None if None in values else (values[0], values[1])
