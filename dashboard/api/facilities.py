"""Facilities: the filtered list (JSON pages, or every match as GeoJSON or CSV) and one facility."""

from __future__ import annotations

from flask import Response, jsonify

from dashboard.api.common import (
    api,
    csv_download,
    current_user,
    facility_json,
    geojson_stream,
    raise_if_problems,
    state,
)
from dashboard.api.params import (
    BBOX,
    DISTRICT,
    PAGING,
    PROVINCE,
    STATUSES,
    TYPES,
    answer_format,
    area_param,
    bbox,
    choices,
    documented,
    format_param,
    limit_offset,
)
from dashboard.jsonable import jsonable
from data.errors import NotFound, Problem
from data.facilities import FacilityFilter, count_facilities, facility_history, get_facility, list_facilities
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, ROLES

FORMAT = format_param("json", "geojson", "csv")
FORMAT.help_en = "json (paged), geojson or csv (every match, streamed)"


@api.get("/facilities")
@documented(
    TYPES, STATUSES, PROVINCE, DISTRICT, BBOX, FORMAT, *PAGING, answer="{items: [facility], total, limit, offset}"
)
def facilities_list() -> Response:
    """Facilities, filtered."""
    problems: list[Problem] = []
    fmt = answer_format(FORMAT, problems)
    flt = FacilityFilter(
        types=choices(TYPES, FACILITY_TYPES, problems),
        statuses=choices(STATUSES, FACILITY_STATUSES, problems),
        province=area_param("province", "province", problems),
        district=area_param("district", "district", problems),
        bbox=bbox(problems),
    )
    limit, offset = limit_offset(problems)
    raise_if_problems(problems)
    with state().engine.connect() as conn:
        if fmt == "json":
            total = count_facilities(conn, flt)
            frame = list_facilities(conn, flt, limit=limit, offset=offset)
            items = [facility_json(r) for r in frame.to_dict("records")]
            return jsonify({"items": items, "total": total, "limit": limit, "offset": offset})
        frame = list_facilities(conn, flt)
    records = [facility_json(r) for r in frame.to_dict("records")]
    if fmt == "geojson":
        return Response(geojson_stream(records), mimetype="application/geo+json")
    return csv_download(records, "facilities.csv")


@api.get("/facilities/<int:facility_id>")
@documented(answer="A facility", errors=(404,))
def facility_detail(facility_id: int) -> Response:
    """One facility; with its change history for coordinators and above (Authorization: Bearer TOKEN)."""
    with state().engine.connect() as conn:
        row = get_facility(conn, facility_id)
        if row is None:
            raise NotFound([], f"no facility with id {facility_id}", f"ไม่พบสถานบริการรหัส {facility_id}")
        body = facility_json(row)
    user = current_user()
    if ROLES.at_least(user, "coordinator"):
        with state().engine.connect() as conn:
            body["history"] = [jsonable(h) for h in facility_history(conn, facility_id)]
    return jsonify(body)
