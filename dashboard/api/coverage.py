"""Coverage: a rate per area (coverage, change, unvaccinated found per 1,000, facilities per 100,000), or people
vaccinated where the reports give no rate, as JSON, CSV or GeoJSON with each area's web geometry; ``synthetic`` says
a row's figures are a demo breakdown, not a report. Counts from survey records follow the small-numbers rule (data/disclosure.py):
rounded to 5, "<5" (null in JSON and GeoJSON, with note ``suppressed``) below the threshold; staff of an area see its
exact figures."""

from __future__ import annotations

import json

from flask import Response, jsonify, request

from dashboard.api.common import api, csv_download, state
from dashboard.api.params import LANG, answer_format, coverage_query, documented, format_param, language
from dashboard.audience import audience_key, request_audience
from dashboard.http_cache import public_answer
from dashboard.jsonable import jsonable
from dashboard.view_facts import attachment, facts_of
from data.coverage_query import PARAMS
from data.disclosure import Audience, rounding_base, small_text
from data.errors import Problem, UserInputError
from data.metrics import COVERAGE_METRICS

FORMAT = format_param("json", "csv")
KINDS = ("coverage", "surveys", "facilities", "population")
FIELDS = [
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
    "synthetic",
]


@api.get("/coverage")
@documented(
    *PARAMS,
    FORMAT,
    LANG,
    answer="{items: [{code, name_th, name_en, vaccinated, population, coverage_pct, as_of, value, count, note, "
    "synthetic}], total, synthetic_share, small_numbers: {threshold, rounded_to, exact_area}}; as_of is the report "
    "actually used (the latest on or before the asked date); synthetic is true for a demo breakdown of a province "
    "report (not a report), null for the survey and facility measures; a count of people found is rounded to a "
    'multiple of rounded_to, one below threshold is null (note suppressed; "<threshold" in CSV), exact only inside '
    "exact_area (staff signed in). "
    "format=csv: every row also carries the view (view_place, view_measure, view_group, view_dose, view_denominator, "
    "view_date, view_source, in lang) and the file is named by it",
)
@public_answer(*KINDS, audience=audience_key)
def coverage() -> Response:
    """A rate per area: coverage (default), change, unvaccinated found per 1,000, facilities per 100,000; or people
    vaccinated (metric=vaccinated), where the reports have counts and no rate."""
    problems: list[Problem] = []
    fmt = answer_format(FORMAT, problems)
    if problems:
        raise UserInputError(problems)
    query, _ = coverage_query()
    audience = request_audience()
    frame = _frame(query, audience)
    rows = _rows(frame)
    for row in rows:
        for key in ("vaccinated", "population"):
            if row[key] is not None:
                row[key] = int(row[key])
    if fmt == "csv":
        small, (view, disposition) = small_text(audience.threshold), _view(query, frame, audience, "csv")
        return csv_download([{**_csv_row(row, small), **view} for row in rows], disposition)
    with state().engine.connect() as conn:
        synthetic = state().metrics.synthetic_share(conn, query, audience)
    return jsonify(
        {
            "items": rows,
            "total": len(rows),
            "synthetic_share": round(synthetic, 4),
            "small_numbers": small_numbers(audience),
            "query": request.args.to_dict(),
        }
    )


def small_numbers(audience: Audience) -> dict:
    """The rule the counts of an answer follow (data/disclosure.py)."""
    return {
        "threshold": audience.threshold,
        "rounded_to": rounding_base(audience.threshold),
        "exact_area": audience.exact_area,
    }


def _csv_row(row: dict, small: str) -> dict:
    """A hidden count reads "<5" in a spreadsheet."""
    return {**row, "count": small} if row["note"] == "suppressed" and row["count"] is None else row


@api.get("/coverage.geojson")
@documented(
    *PARAMS,
    LANG,
    answer="GeoJSON FeatureCollection; each feature's properties are the row of /coverage and the view "
    "(view_place, view_measure, view_group, view_dose, view_denominator, view_date, view_source, in lang)",
    media="application/geo+json",
)
@public_answer(*KINDS, audience=audience_key)
def coverage_geojson() -> Response:
    """The same rows as /coverage with each area's web geometry: the table of the page, on a map."""
    query, _ = coverage_query()
    audience = request_audience()
    frame = _frame(query, audience)
    rows = {r["code"]: r for r in _rows(frame)}
    view, disposition = _view(query, frame, audience, "geojson")
    collection = json.loads(state().web.geojson[query.level])
    features = [
        {"type": "Feature", "id": f["id"], "properties": {**rows[f["id"]], **view}, "geometry": f["geometry"]}
        for f in collection["features"]
        if f["id"] in rows
    ]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return Response(body, mimetype="application/geo+json", headers={"Content-Disposition": disposition})


def _view(query, frame, audience: Audience, ext: str) -> tuple[dict, str]:
    """(the view's fields for every row, the Content-Disposition naming the file by the view), in ``lang``."""
    lang = language()
    with state().engine.connect() as conn:
        facts = facts_of(state(), conn, query, frame, audience, lang)
    return facts.fields(), attachment(state().registry, query, facts.date, lang, ext)


def _frame(query, audience: Audience):
    with state().engine.connect() as conn:
        frame = state().metrics.frame(conn, state().registry, query, audience)
    if query.metric in COVERAGE_METRICS and frame["as_of"].isna().all():
        asked = query.as_of.isoformat() if query.as_of else "any date"
        if query.level == "district" and frame["province_pct"].notna().any():
            raise UserInputError(
                [Problem("level", "district", "ไม่มีรายงานระดับอำเภอ", "no district-level report")],
                "no district-level report here: the reports are per province (use level=province)",
                "ไม่มีรายงานระดับอำเภอ รายงานมีเป็นรายจังหวัด (ใช้ level=province)",
            )
        raise UserInputError(
            [Problem("as_of", asked, "ไม่มีข้อมูล ณ วันที่นี้", "no data on or before this date")],
            f"no report for this group and dose on or before {asked}",
            f"ไม่มีรายงานของกลุ่มและเข็มนี้ ณ หรือก่อน {asked}",
        )
    return frame


def _rows(frame) -> list[dict]:
    rows = [jsonable({k: r[k] for k in FIELDS}) for r in frame.to_dict("records")]
    for row in rows:  # a count of people is a whole number in every format
        if row["count"] is not None:
            row["count"] = int(row["count"])
    return rows
