"""GET /api/v1/stats/provinces: the reporting progress of every province (data/stats.py), as JSON or CSV.

Public: province-level counts, no personal data; the counts derived from survey records follow the small-numbers rule
(data/disclosure.py: rounded to 5, "<5" below the threshold; exact for staff of the province). The statistics page
reads its rows through ``data.stats.read_province_stats`` and ``public_stats`` too, so its CSV link downloads exactly
the rows it shows.
"""

from __future__ import annotations

import pandas as pd
from flask import Response, jsonify, request

from dashboard.api.common import api, csv_download, problem, raise_if_problems, state
from dashboard.api.params import answer_format, documented, format_param
from dashboard.audience import audience_key, request_audience
from dashboard.http_cache import public_answer
from dashboard.jsonable import jsonable
from data.disclosure import public_share, rounding_base, small_text
from data.errors import Problem
from data.params import Param
from data.stats import (
    COLUMNS,
    PROTECTED_COUNTS,
    REGION_LABELS,
    WINDOW_DAYS,
    public_stats,
    read_province_stats,
    resolve_region,
)
from geo.clock import now, today

# the columns of a row, in the order of the CSV: the region's Thai and English names follow its key
FIELDS = [*COLUMNS[: COLUMNS.index("region") + 1], "region_th", "region_en", *COLUMNS[COLUMNS.index("region") + 1 :]]
REGION = Param("region", "A region: its key (Northern), Thai name (ภาคเหนือ) or English name")
FORMAT = format_param("json", "csv")
FORMAT.help_en = "json or csv (UTF-8 with BOM)"


@api.get("/stats/provinces")
@documented(
    REGION,
    FORMAT,
    answer="{items: [{code, name_th, name_en, region, region_th, region_en, volunteers, volunteers_active_7d, surveys, "
    "surveys_7d, synthetic_surveys, unvaccinated_found, facilities, facilities_<type>, facilities_updated_7d_pct, "
    "districts, districts_with_coordinator, help_waiting, help_wait_median_min, help_wait_longest_min, last_activity}], "
    "total, as_of, window_days, region, regions: {key: "
    "{name_th, name_en}}, synthetic_share, small_numbers: {threshold, rounded_to, exact_area}}, or the same rows as "
    'CSV; survey counts rounded to a multiple of rounded_to, null below threshold ("<threshold" in CSV)',
)
@public_answer(
    "surveys",
    "facilities",
    "coverage",
    "population",
    "people",
    "followup",
    extra=lambda: now().strftime("%Y-%m-%dT%H:%M"),  # waits grow by the minute
    audience=audience_key,
)
def stats_provinces() -> Response:
    """Reporting progress of every province (the statistics page; replaced the weekly Google Form reports). Public:
    counts aggregated per province, no personal data. 'Last 7 days' is today and the six days before it (as_of),
    from 00:00 UTC. synthetic_surveys says how many of a province's survey records are synthetic demo records. help_waiting counts the
    help requests still waiting for help to come (waiting or assigned); help_wait_median_min and help_wait_longest_min
    are their waits so far in minutes, hidden with the count when it is too small to show."""
    problems: list[Problem] = []
    fmt = answer_format(FORMAT, problems)
    region = _region(problems)
    raise_if_problems(problems)
    day, audience = today(), request_audience()
    exact = read_province_stats(state(), region, day)
    rows = stats_records(public_stats(exact, audience))
    if fmt == "csv":
        small = small_text(audience.threshold)
        return csv_download(
            [{k: small if k in PROTECTED_COUNTS and v is None else v for k, v in row.items()} for row in rows],
            f"province-stats-{day.isoformat()}{'-' + region.lower().replace(' ', '-') if region else ''}.csv",
        )
    share = public_share(exact["synthetic_surveys"].sum(), exact["surveys"].sum(), audience, exact["code"])
    return jsonify(
        {
            "items": rows,
            "total": len(rows),
            "as_of": day.isoformat(),
            "window_days": WINDOW_DAYS,
            "region": region,
            "regions": {key: {"name_th": th, "name_en": en} for key, (th, en) in REGION_LABELS.items()},
            "synthetic_share": round(share, 4),
            "small_numbers": {
                "threshold": audience.threshold,
                "rounded_to": rounding_base(audience.threshold),
                "exact_area": audience.exact_area,
            },
        }
    )


def stats_records(frame: pd.DataFrame) -> list[dict]:
    """The rows as JSON-ready dicts with FIELDS: whole numbers as int, a missing share or date as None."""
    records = []
    for row in frame.to_dict("records"):
        th, en = REGION_LABELS.get(row["region"], (None, None))
        records.append({f: th if f == "region_th" else en if f == "region_en" else jsonable(row[f]) for f in FIELDS})
    return records


def _region(problems: list[Problem]) -> str | None:
    raw = request.args.get(REGION.name, "").strip()
    if not raw:
        return None
    key = resolve_region(raw)
    if key is None:
        th = f"ไม่รู้จักภาค “{raw}” (ใช้ {', '.join(th for th, _ in REGION_LABELS.values())})"
        en = f"unknown region {raw!r} (use one of: {', '.join(REGION_LABELS)}; Thai names are accepted too)"
        problems.append(problem("region", raw, th, en))
    return key
