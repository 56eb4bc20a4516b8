"""GET /api/v1/surveys: survey records with personal data, for the chain of command only (data/survey_access.py)."""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api.common import api, problem, raise_if_problems, signed_in, state
from dashboard.api.params import PAGING, documented, limit_offset
from dashboard.jsonable import jsonable
from data.errors import Problem
from data.params import Param
from data.survey_access import SurveyQuery, area_for, read_surveys
from geo.registry import AreaNotFound

AREAS = (
    Param("district", "District code or name (default: your own area)"),
    Param("subdistrict", "Subdistrict code or name"),
    Param("province", "Province code or name (province and national admins)"),
    Param("area", "Any area code inside your own"),
)


@api.get("/surveys")
@documented(
    *AREAS, *PAGING, answer="{items: [record], total, limit, offset, area}", errors=(401, 403, 422), bearer=True
)
def surveys() -> Response:
    """Survey records with personal data (full name, phone, whether a national id was given — never the id itself),
    for the chain of command only: a coordinator of the district, the province admin, a national admin, or the
    volunteer who entered them (their own records only). Each read is written to the audit log; answers carry
    Cache-Control: no-store."""
    st = state()
    user = signed_in()
    problems: list[Problem] = []
    limit, offset = limit_offset(problems)
    asked = None
    for param in AREAS:  # in this order: the last one given wins
        name, text = param.name, request.args.get(param.name)
        if text:
            try:
                if name == "area":  # any area code, TH (the whole country) too
                    asked = st.registry.resolve_area(text, context=(user["area"],))
                else:
                    asked = st.registry.resolve(text, level=name, context=(user["area"],))
            except AreaNotFound as exc:
                problems.append(problem(name, text, exc.message_th, str(exc)))
    raise_if_problems(problems)
    area = area_for(user, asked)
    with st.engine.begin() as conn:
        rows, total = read_surveys(conn, user, area, SurveyQuery(area, limit, offset))
    body = {"items": [jsonable(r) for r in rows], "total": total, "limit": limit, "offset": offset, "area": area}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"  # personal data: never kept by a proxy or the browser cache
    return response
