"""GET /api/v1/stats/provinces: the reporting progress of every province (data/stats.py), as JSON or CSV.

Public: province-level counts, no personal data. Registered on the blueprint of dashboard/api.py. The statistics
page reads its rows through ``read_province_stats`` too, so its CSV link downloads exactly the rows it shows.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from flask import Response, jsonify, request

from dashboard.api import _csv_stream, _format, _problem, _raise_if, api, state
from dashboard.finder_query import today
from dashboard.http_cache import public_answer
from data.coordinators import coordinators_by_province
from data.errors import Problem
from data.stats import COLUMNS, REGION_LABELS, WINDOW_DAYS, province_stats

# the columns of a row, in the order of the CSV: the region's Thai and English names follow its key
FIELDS = [*COLUMNS[: COLUMNS.index("region") + 1], "region_th", "region_en", *COLUMNS[COLUMNS.index("region") + 1 :]]


def resolve_region(text: str) -> str | None:
    """The region key (data/stats.py REGION_LABELS) for its key, Thai or English name; None when unknown."""
    wanted = " ".join(str(text).split()).casefold()
    for key, names in REGION_LABELS.items():
        if wanted in {key.casefold(), *(n.casefold() for n in names)}:
            return key
    return None


def read_province_stats(st, region: str | None, day: dt.date) -> pd.DataFrame:
    """One row per province (of ``region`` when given), sorted by code; ``st`` is the app state."""
    with st.engine.connect() as conn:
        frame = province_stats(conn, st.registry, st.regions, day, coordinators=coordinators_by_province(conn))
    if region:
        frame = frame[frame["region"] == region]
    return frame.sort_values("code").reset_index(drop=True)


def stats_records(frame: pd.DataFrame) -> list[dict]:
    """The rows as JSON-ready dicts with FIELDS: whole numbers as int, a missing share or date as None."""
    records = []
    for row in frame.to_dict("records"):
        region = row["region"]
        names = REGION_LABELS.get(region, (None, None))
        out = {}
        for field in FIELDS:
            if field == "region_th":
                out[field] = names[0]
            elif field == "region_en":
                out[field] = names[1]
            else:
                out[field] = _plain(row[field])
        records.append(out)
    return records


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy number
        value = value.item()
    return value


def _region_param(problems: list[Problem]) -> str | None:
    raw = request.args.get("region", "").strip()
    if not raw:
        return None
    key = resolve_region(raw)
    if key is None:
        problems.append(
            _problem(
                "region",
                raw,
                f"ไม่รู้จักภาค “{raw}” (ใช้ {', '.join(th for th, _ in REGION_LABELS.values())})",
                f"unknown region {raw!r} (use one of: {', '.join(REGION_LABELS)}; Thai names are accepted too)",
            )
        )
    return key


@api.get("/stats/provinces")
@public_answer("surveys", "facilities", "coverage", "population", "people", extra=lambda: today().isoformat())
def stats_provinces() -> Response:
    problems: list[Problem] = []
    fmt = _format(problems, ("json", "csv"))
    region = _region_param(problems)
    _raise_if(problems)
    day = today()
    frame = read_province_stats(state(), region, day)
    rows = stats_records(frame)
    if fmt == "csv":
        name = f"province-stats-{day.isoformat()}{'-' + region.lower().replace(' ', '-') if region else ''}.csv"
        return Response(
            _csv_stream(rows),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f"attachment; filename={name}"},
        )
    surveys = int(frame["surveys"].sum())
    return jsonify(
        {
            "items": rows,
            "total": len(rows),
            "as_of": day.isoformat(),
            "window_days": WINDOW_DAYS,
            "region": region,
            "regions": {key: {"name_th": th, "name_en": en} for key, (th, en) in REGION_LABELS.items()},
            "synthetic_share": round(int(frame["synthetic_surveys"].sum()) / surveys, 4) if surveys else 0.0,
        }
    )
