"""The finder's query, one parser for the finder page and GET /api/v1/nearest: the URL arguments in, a FinderQuery
(or what is wrong with them) out. Every argument is checked once and every problem collected, each in two renderings:
the page's (a catalogue key of dashboard/i18n.py and its values: the page falls back to a default and says so) and
the API's (a Problem in Thai and English: the API refuses with a 422). The parameters are declared once
(data/params.py) for this parser and the API's OpenAPI document."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from data.errors import Problem, UserInputError
from data.fields import whole_number
from data.finder import MAX_K, FinderQuery
from data.params import Param
from data.registries import FACILITY_TYPES, SERVICES
from geo.clock import today
from geo.locate import in_thailand_bbox
from geo.thai import THAI_DIGITS

LAT = Param("lat", "Latitude (WGS84)", "number", minimum=-90, maximum=90, required=True)
LON = Param("lon", "Longitude (WGS84)", "number", minimum=-180, maximum=180, required=True)
ANY_TYPE = "any"  # every type: with a service, "where can I get vaccinated" (any place that vaccinates)
TYPE = Param(
    "type",
    "Facility type (any: every type)",
    default="vaccination_point",
    choices=lambda: (*FACILITY_TYPES.codes, ANY_TYPE),
)
K = Param("k", "How many", "integer", default=5, minimum=1, maximum=MAX_K)
MAX_KM = Param("max_km", "Only within this distance, in km", "number", minimum=0.001, maximum=2000)
OPEN_NOW = Param("open_now", "1: leave out those whose opening hours say closed now", "boolean")
SERVICE = Param("service", "Comma-separated services", "list", choices=lambda: tuple(SERVICES.codes))
DATE = Param("date", "YYYY-MM-DD: temporary sites valid on this date (default today)", "date")
PARAMS = (LAT, LON, TYPE, K, MAX_KM, OPEN_NOW, SERVICE, DATE)

DEFAULT_TYPE, DEFAULT_K, K_STEP = TYPE.default, K.default, 5
MAX_KM_CHOICES = ("5", "10", "25", "50")
_SWAP_TH, _SWAP_EN = " ละติจูดและลองจิจูดสลับกันหรือไม่", "; did you swap lat and lon?"


class FinderProblem(tuple):
    """(catalogue key, values) as the page reads it; ``problem`` is the same problem in the API's words."""

    problem: Problem

    def __new__(cls, key: str, values: dict, problem: Problem) -> FinderProblem:
        self = super().__new__(cls, (key, values))
        self.problem = problem
        return self


@dataclass
class Parsed:
    query: FinderQuery | None  # None until a usable location is given
    args: dict[str, str]  # the usable arguments, defaults left out: for the URL and the store
    problems: list[FinderProblem] = field(default_factory=list)
    on_date: dt.date | None = None


def finder_query(args: Mapping[str, str]) -> FinderQuery:
    """The query of the API: every problem of ``parse_args`` refused at once (UserInputError), a location required."""
    parsed = parse_args(args)
    problems = [p.problem for p in parsed.problems]
    if parsed.query is None and not problems:  # no location at all
        problems = [Problem(p.name, None, f"ต้องระบุ {p.name}", f"{p.name} is required") for p in (LAT, LON)]
    if problems:
        raise UserInputError(problems)
    return parsed.query


def parse_args(args: Mapping[str, str]) -> Parsed:
    """Every argument checked and every problem collected; a bad filter falls back to its default."""
    problems: list[FinderProblem] = []
    clean: dict[str, str] = {}
    here = _location(args, problems)
    if here:
        clean.update(lat=args["lat"].strip(), lon=args["lon"].strip())
        if args.get("place"):
            clean["place"] = args["place"]
    kind = _type(args, problems)
    k = _k(args.get("k"), problems)
    max_km = _max_km(args.get("max_km"), problems)
    on_date = _date(args.get("date"), problems)
    services = tuple(s for s in (args.get("service") or "").split(",") if s)
    for unknown in [s for s in services if s not in SERVICES]:
        en = f"unknown service {unknown!r} (use {', '.join(SERVICES.codes)})"
        problems.append(
            FinderProblem(
                "find.error.service", {"value": unknown}, _api("service", unknown, f"ไม่รู้จักบริการ “{unknown}”", en)
            )
        )
    services = tuple(s for s in services if s in SERVICES)
    open_now = (args.get("open_now") or "") in ("1", "true", "yes")
    for key, value, default in (("type", kind, DEFAULT_TYPE), ("k", str(k), str(DEFAULT_K))):
        if value != default:
            clean[key] = value
    optional = (
        ("max_km", args.get("max_km") if max_km else ""),
        ("date", on_date.isoformat() if on_date else ""),
        ("open_now", "1" if open_now else ""),
        ("service", ",".join(services)),
    )
    clean.update({key: value for key, value in optional if value})
    query = None
    if here:
        query = FinderQuery(
            lat=here[0],
            lon=here[1],
            type=None if kind == ANY_TYPE else kind,
            k=k,
            max_km=max_km,
            on_date=on_date,
            open_now=open_now,
            services=services,
        )
    return Parsed(query, clean, problems, on_date)


def _api(column: str, value, th: str, en: str) -> Problem:
    return Problem(column=column, value=value, message_th=th, message_en=en)


def _number(param: Param, raw: str, problems: list) -> float | None:
    """A number within the declared bounds (Thai digits too); not a number, or outside, is a problem."""
    name, low, high = param.name, param.minimum, param.maximum
    try:
        value = float(raw.translate(THAI_DIGITS))
    except ValueError:
        th, en = f"{name} ต้องเป็นตัวเลข", f"{name} must be a number"
        problems.append(FinderProblem("find.error.not_number", {"name": name, "value": raw}, _api(name, raw, th, en)))
        return None
    if param.within(value):
        return value
    swapped = name == "lat" and 97 <= value <= 106
    th = f"{name} ต้องอยู่ระหว่าง {low} ถึง {high}" + (_SWAP_TH if swapped else "")
    en = f"{name} must be between {low} and {high}" + (_SWAP_EN if swapped else "")
    values = {"name": name, "value": raw, "low": low, "high": high, "swapped": swapped}
    key = "find.error.range" if math.isfinite(value) else "find.error.not_number"
    if key == "find.error.not_number":
        values = {"name": name, "value": raw}
    problems.append(FinderProblem(key, values, _api(name, raw, th, en)))
    return None


def _location(args: Mapping[str, str], problems: list) -> tuple[float, float] | None:
    raw_lat, raw_lon = (args.get("lat") or "").strip(), (args.get("lon") or "").strip()
    if not raw_lat and not raw_lon:
        return None
    if not raw_lat or not raw_lon:
        name = "lat" if not raw_lat else "lon"
        problems.append(
            FinderProblem("find.error.missing", {}, _api(name, None, f"ต้องระบุ {name}", f"{name} is required"))
        )
        return None
    lat, lon = _number(LAT, raw_lat, problems), _number(LON, raw_lon, problems)
    if lat is None or lon is None:
        return None
    if not in_thailand_bbox([lon], [lat])[0]:
        swapped = bool(in_thailand_bbox([lat], [lon])[0])
        th = "ตำแหน่งอยู่นอกประเทศไทย" + (_SWAP_TH if swapped else "")
        en = "the location is outside Thailand" + (_SWAP_EN if swapped else "")
        values = {"lat": raw_lat, "lon": raw_lon, "swapped": swapped}
        problems.append(FinderProblem("find.error.outside", values, _api("lat", f"{lat},{lon}", th, en)))
        return None
    return lat, lon


def _type(args: Mapping[str, str], problems: list) -> str:
    raw = args.get("type") or DEFAULT_TYPE
    kind = ANY_TYPE if raw == ANY_TYPE else FACILITY_TYPES.resolve(raw)  # a code resolves to itself
    if kind is None:
        en = f"unknown type {raw!r} (use {', '.join(FACILITY_TYPES.codes)})"
        values = {"value": raw, "default": DEFAULT_TYPE}
        problems.append(FinderProblem("find.error.type", values, _api("type", raw, f"ไม่รู้จักประเภท “{raw}”", en)))
    return kind or DEFAULT_TYPE


def _k(raw: str | None, problems: list) -> int:
    text = (raw or "").strip()
    if not text:  # absent, or only spaces (k=%20): the default, as the API's parser reads it
        return DEFAULT_K
    low, high = int(K.minimum), int(K.maximum)
    value = whole_number(text)
    if value is not None and low <= value <= high:
        return value
    digits = text.translate(THAI_DIGITS)
    too_many = digits.isascii() and digits.isdigit() and (value is None or value > high)  # more than 19 digits too
    k = high if too_many else DEFAULT_K
    api_problems: list[Problem] = []
    K.whole_number({"k": raw}, api_problems)  # the declared bounds, in the API's words
    problems.append(FinderProblem("find.error.k", {"value": raw, "max": high, "k": k}, api_problems[0]))
    return k


def _max_km(raw: str | None, problems: list) -> float | None:
    if raw in (None, ""):
        return None
    found: list = []
    value = _number(MAX_KM, raw, found)
    if found:
        problems.append(FinderProblem("find.error.max_km", {"value": raw}, found[0].problem))
    return value


def _date(raw: str | None, problems: list) -> dt.date | None:
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        problem = _api("date", raw, "date ต้องเป็น YYYY-MM-DD", "date must be YYYY-MM-DD")
        problems.append(FinderProblem("find.error.date", {"value": raw}, problem))
        return None
    return None if day == today() else day


def place_context(locator, args: Mapping[str, str] | None) -> tuple[str, ...]:
    """Where a place name typed in the finder is read first (see AreaRegistry.resolve): the district and province
    of the place or point the search is from now, under the boundary tolerance; () when there is none."""
    args = args or {}
    place = str(args.get("place") or "")
    if place.isascii() and place.isdigit() and len(place) in (2, 4, 6):
        return tuple(dict.fromkeys((place[:4], place[:2])))
    try:
        lat, lon = (
            float(str(args.get("lat")).translate(THAI_DIGITS)),
            float(str(args.get("lon")).translate(THAI_DIGITS)),
        )
    except ValueError:
        return ()
    if not (math.isfinite(lat) and math.isfinite(lon) and in_thailand_bbox([lon], [lat])[0]):
        return ()
    code = locator.locate_one_within_tolerance(lon, lat)["subdistrict"]
    return (code[:4], code[:2]) if code else ()


def format_coordinate(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")
