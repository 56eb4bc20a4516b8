"""The finder's query: the URL arguments in, a FinderQuery (or what is wrong with them) out. Every argument is
checked and every problem collected; a bad filter falls back to its default with a note."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from data.finder import BANGKOK, MAX_K, FinderQuery
from data.registries import FACILITY_TYPES, SERVICES
from geo.locate import in_thailand_bbox
from geo.registry import THAI_DIGITS

DEFAULT_TYPE, DEFAULT_K, K_STEP = "vaccination_point", 5, 5
MAX_KM_CHOICES = ("5", "10", "25", "50")


@dataclass
class Parsed:
    query: FinderQuery | None  # None until a usable location is given
    args: dict[str, str]  # the usable arguments, defaults left out: for the URL and the store
    problems: list[tuple[str, dict]] = field(
        default_factory=list
    )  # (catalogue key, values), in the reader's words later
    on_date: dt.date | None = None


def today() -> dt.date:
    return dt.datetime.now(BANGKOK).date()


def parse_args(args: Mapping[str, str]) -> Parsed:
    """Every argument checked and every problem collected; a bad filter falls back to its default."""
    problems: list[tuple[str, dict]] = []
    clean: dict[str, str] = {}
    here = _location(args, problems)
    if here:
        clean.update(lat=args["lat"].strip(), lon=args["lon"].strip())
        if args.get("place"):
            clean["place"] = args["place"]
    kind = FACILITY_TYPES.resolve(args.get("type") or DEFAULT_TYPE)
    if kind is None:
        problems.append(("find.error.type", {"value": args["type"], "default": DEFAULT_TYPE}))
    kind = kind or DEFAULT_TYPE
    k = _k(args.get("k"), problems)
    max_km = _max_km(args.get("max_km"), problems)
    on_date = _date(args.get("date"), problems)
    services = tuple(s for s in (args.get("service") or "").split(",") if s)
    for unknown in [s for s in services if s not in SERVICES]:
        problems.append(("find.error.service", {"value": unknown}))
    services = tuple(s for s in services if s in SERVICES)
    open_now = (args.get("open_now") or "") in ("1", "true", "yes")
    for key, value, default in (("type", kind, DEFAULT_TYPE), ("k", str(k), str(DEFAULT_K))):
        if value != default:
            clean[key] = value
    clean.update(
        {
            key: value
            for key, value in (
                ("max_km", args.get("max_km") if max_km else ""),
                ("date", on_date.isoformat() if on_date else ""),
                ("open_now", "1" if open_now else ""),
                ("service", ",".join(services)),
            )
            if value
        }
    )
    query = None
    if here:
        query = FinderQuery(
            lat=here[0],
            lon=here[1],
            type=kind,
            k=k,
            max_km=max_km,
            on_date=on_date,
            open_now=open_now,
            services=services,
        )
    return Parsed(query, clean, problems, on_date)


def _number(name: str, raw: str, low: float, high: float, problems: list) -> float | None:
    try:
        value = float(raw.translate(THAI_DIGITS))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.append(("find.error.not_number", {"name": name, "value": raw}))
        return None
    if not low <= value <= high:
        problems.append(
            (
                "find.error.range",
                {"name": name, "value": raw, "low": low, "high": high, "swapped": name == "lat" and 97 <= value <= 106},
            )
        )
        return None
    return value


def _location(args: Mapping[str, str], problems: list) -> tuple[float, float] | None:
    raw_lat, raw_lon = (args.get("lat") or "").strip(), (args.get("lon") or "").strip()
    if not raw_lat and not raw_lon:
        return None
    if not raw_lat or not raw_lon:
        problems.append(("find.error.missing", {}))
        return None
    lat, lon = _number("lat", raw_lat, -90, 90, problems), _number("lon", raw_lon, -180, 180, problems)
    if lat is None or lon is None:
        return None
    if not in_thailand_bbox([lon], [lat])[0]:
        problems.append(
            ("find.error.outside", {"lat": raw_lat, "lon": raw_lon, "swapped": bool(in_thailand_bbox([lat], [lon])[0])})
        )
        return None
    return lat, lon


def _k(raw: str | None, problems: list) -> int:
    if raw in (None, ""):
        return DEFAULT_K
    text = raw.strip().translate(THAI_DIGITS)
    if text.isdigit() and 1 <= int(text) <= MAX_K:
        return int(text)
    k = MAX_K if text.isdigit() and int(text) > MAX_K else DEFAULT_K
    problems.append(("find.error.k", {"value": raw, "max": MAX_K, "k": k}))
    return k


def _max_km(raw: str | None, problems: list) -> float | None:
    if raw in (None, ""):
        return None
    try:
        value = float(raw.translate(THAI_DIGITS))
    except ValueError:
        value = math.nan
    if math.isfinite(value) and 0 < value <= 2000:
        return value
    problems.append(("find.error.max_km", {"value": raw}))
    return None


def _date(raw: str | None, problems: list) -> dt.date | None:
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(("find.error.date", {"value": raw}))
        return None
    return None if day == today() else day


def format_coordinate(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")
