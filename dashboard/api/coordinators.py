"""GET /api/v1/coordinators?province=&format=json|csv: the district coordinator registry. Province admins read their
province, national admins any, coordinators their own district; every read is an audited export of personal data."""

from __future__ import annotations

from flask import Response, jsonify

from dashboard.api.common import api, csv_download, raise_if_problems, signed_in, state
from dashboard.api.params import PROVINCE, answer_format, area_param, documented, format_param
from dashboard.jsonable import jsonable
from data.coordinators import export_coordinators, readable_area
from data.errors import Problem

FORMAT = format_param("json", "csv")
FORMAT.help_en = "json or csv (UTF-8 with BOM)"


@api.get("/coordinators")
@documented(
    PROVINCE,
    FORMAT,
    answer="{items: [{province, province_name_th, province_name_en, district, district_name_th, district_name_en, "
    "full_name, position, phone, email, updated_at}], total}, or the same rows as CSV",
    errors=(401, 403, 422),
    bearer=True,
)
def coordinators() -> Response:
    """The district coordinator registry: every district of the area, one row per named person, an empty row where
    nobody is named. Province admins: their province; national admins: any (all by default); coordinators: their own
    district. Personal data: every read is audited."""
    user = signed_in()
    problems: list[Problem] = []
    fmt = answer_format(FORMAT, problems)
    province = area_param("province", "province", problems)
    raise_if_problems(problems)
    st = state()
    area = readable_area(user, province)
    with st.engine.begin() as conn:
        frame = export_coordinators(conn, st.registry, user, area, fmt)
    records = [jsonable(r) for r in frame.to_dict("records")]
    if fmt == "csv":
        response = csv_download(records, f"coordinators-{area}.csv")
    else:
        response = jsonify({"items": records, "total": len(records)})
    response.headers["Cache-Control"] = "no-store"  # names and phone numbers: never kept by a proxy
    return response
