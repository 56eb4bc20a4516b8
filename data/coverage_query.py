"""The coverage query, one parser for the page URL, the API and the exports: every problem collected, in Thai and
English, with the parameter that caused it. Its parameters are declared once (data/params.py) for the parser and the
API's OpenAPI document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

from data.errors import Problem
from data.metrics import DENOMINATORS, METRICS, MetricQuery
from data.params import Param
from data.registries import CLASSIFICATION_METHODS as METHODS
from data.registries import FACILITY_TYPES, TARGET_GROUPS
from geo.registry import AreaNotFound, AreaRegistry

LEVEL = Param("level", "province or district", default="province", choices=("province", "district"))
PROVINCE = Param("province", "A province (code, ISO, name): its districts")
METRIC = Param(
    "metric",
    "The measure shown: a rate, or vaccinated (people, where the reports give no rate)",
    default="coverage",
    choices=METRICS,
)
GROUP = Param("group", "Target group code", default="all", choices=lambda: tuple(TARGET_GROUPS.codes))
DOSE = Param("dose", "Dose number", type="integer", default="1", choices=("1", "2", "3"))
AS_OF = Param("as_of", "The latest report on or before this date (default: the latest)", type="date")
COMPARE = Param("compare", "The earlier date of metric=change", type="date")
DENOMINATOR = Param(
    "denominator",
    "moph (the report's target population) or dopa (registered residents)",
    "string",
    "moph",
    choices=DENOMINATORS,
)
FTYPE = Param(
    "ftype",
    "Facility type of metric=facilities_per_100k",
    default="vaccination_point",
    choices=lambda: tuple(FACILITY_TYPES.codes),
)
CLASSIFY = Param("classify", "Classes of the map's colours", default="quantiles", choices=METHODS)
PARAMS = (LEVEL, PROVINCE, METRIC, GROUP, DOSE, AS_OF, COMPARE, DENOMINATOR, FTYPE, CLASSIFY)
DEFAULTS = {p.name: p.default for p in PARAMS if p.default is not None}


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


def parse_coverage_query(args: Mapping[str, str], registry: AreaRegistry) -> tuple[MetricQuery, str, list[Problem]]:
    """(query, classification method, problems). ``province`` (or ``area``) drills into a province's districts."""
    problems: list[Problem] = []
    level = LEVEL.one_of(args, problems)
    area = None
    raw_area = args.get("province") or args.get("area")
    if raw_area:
        try:
            area = registry.resolve(raw_area, level="province")
            level = "district"
        except AreaNotFound as exc:
            problems.append(_problem("province", raw_area, exc.message_th, str(exc)))
    group = GROUP.one_of(args, problems)
    raw_dose = args.get("dose") or DOSE.default
    dose = int(raw_dose) if raw_dose in DOSE.options() else int(DOSE.default)
    if raw_dose not in DOSE.options():
        problems.append(_problem("dose", raw_dose, "เข็มที่ต้องเป็น 1, 2 หรือ 3", "dose must be 1, 2 or 3"))
    query = MetricQuery(
        level=level,
        area=area,
        metric=METRIC.one_of(args, problems),
        group=group,
        dose=dose,
        as_of=_date(args, "as_of", problems),
        compare=_date(args, "compare", problems),
        denominator=DENOMINATOR.one_of(args, problems),
        facility_type=FTYPE.one_of(args, problems),
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
    if query.compare and query.as_of and query.compare >= query.as_of:
        query = query.with_(compare=None)  # the page draws its default comparison, under the message
        problems.append(
            _problem(
                "compare",
                args.get("compare"),
                "วันที่เปรียบเทียบ (compare) ต้องอยู่ก่อนวันที่ที่แสดง (as_of)",
                "the earlier date (compare) must be before the date shown (as_of)",
            )
        )
    return query, CLASSIFY.one_of(args, problems), problems


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
