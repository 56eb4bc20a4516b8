"""The coverage query, one parser for the page URL, the API and the exports: every problem collected, in Thai and
English, with the parameter that caused it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

from data.errors import Problem
from data.metrics import DENOMINATORS, METRICS, MetricQuery
from data.registries import FACILITY_TYPES, TARGET_GROUPS
from geo.registry import AreaNotFound, AreaRegistry
from layers.classify import METHODS

DEFAULTS = {
    "level": "province",
    "metric": "coverage",
    "group": "all",
    "dose": "1",
    "denominator": "moph",
    "classify": "quantiles",
    "ftype": "vaccination_point",
}


def _problem(column: str, value, th: str, en: str) -> Problem:
    return Problem(column=column, value=value, message_th=th, message_en=en)


def _date(args: Mapping[str, str], name: str, problems: list[Problem]) -> dt.date | None:
    raw = args.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(_problem(name, raw, f"{name} ต้องเป็นวันที่แบบ YYYY-MM-DD", f"{name} must be a date YYYY-MM-DD"))
        return None


def _one_of(args, name: str, allowed, problems: list[Problem]) -> str:
    value = args.get(name) or DEFAULTS[name]
    if value not in allowed:
        problems.append(
            _problem(
                name,
                value,
                f"ไม่รู้จัก {name} “{value}” (ใช้ {', '.join(allowed)})",
                f"unknown {name} {value!r} (use {', '.join(allowed)})",
            )
        )
        return DEFAULTS[name]
    return value


def parse_coverage_query(args: Mapping[str, str], registry: AreaRegistry) -> tuple[MetricQuery, str, list[Problem]]:
    """(query, classification method, problems). ``province`` (or ``area``) drills into a province's districts."""
    problems: list[Problem] = []
    level = _one_of(args, "level", ("province", "district"), problems)
    area = None
    raw_area = args.get("province") or args.get("area")
    if raw_area:
        try:
            area = registry.resolve(raw_area, level="province")
            level = "district"
        except AreaNotFound as exc:
            problems.append(_problem("province", raw_area, exc.message_th, str(exc)))
    group = _one_of(args, "group", TARGET_GROUPS.codes, problems)
    raw_dose = args.get("dose") or DEFAULTS["dose"]
    dose = int(raw_dose) if raw_dose in ("1", "2", "3") else 1
    if raw_dose not in ("1", "2", "3"):
        problems.append(_problem("dose", raw_dose, "เข็มที่ต้องเป็น 1, 2 หรือ 3", "dose must be 1, 2 or 3"))
    query = MetricQuery(
        level=level,
        area=area,
        metric=_one_of(args, "metric", METRICS, problems),
        group=group,
        dose=dose,
        as_of=_date(args, "as_of", problems),
        compare=_date(args, "compare", problems),
        denominator=_one_of(args, "denominator", DENOMINATORS, problems),
        facility_type=_one_of(args, "ftype", FACILITY_TYPES.codes, problems),
    )
    if query.metric == "change" and query.compare is None and not problems:
        problems.append(
            _problem(
                "compare",
                None,
                "การเปลี่ยนแปลงต้องระบุวันที่เปรียบเทียบ (compare)",
                "change needs the earlier date: compare=YYYY-MM-DD",
            )
        )
    return query, _one_of(args, "classify", METHODS, problems), problems


def query_string(query: MetricQuery, method: str, **extra: str) -> str:
    """The URL query of a view: only what differs from the defaults, in a stable order."""
    values = {
        "level": query.level if not query.area else None,
        "province": query.area,
        "metric": query.metric,
        "group": query.group,
        "dose": str(query.dose),
        "as_of": query.as_of.isoformat() if query.as_of else None,
        "compare": query.compare.isoformat() if query.compare and query.metric == "change" else None,
        "denominator": query.denominator,
        "classify": method,
        "ftype": query.facility_type if query.metric == "facilities_per_100k" else None,
        **extra,
    }
    kept = {k: v for k, v in values.items() if v is not None and DEFAULTS.get(k) != v}
    return urlencode(kept)
