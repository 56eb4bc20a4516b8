"""GET /api/v1/surveys: survey records with personal data, for the chain of command only (data/survey_access.py).

Registered on the API blueprint of dashboard/api.py.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api import ApiError, _bearer_user, _jsonable, _limit_offset, _raise_if, api, state
from data.errors import Problem
from data.survey_access import SurveyQuery, area_for, read_surveys
from geo.registry import AreaNotFound


@api.get("/surveys")
def surveys() -> Response:
    st = state()
    with st.engine.connect() as conn:
        user = _bearer_user(conn)
    if user is None:
        raise ApiError(401, "sign in or send Authorization: Bearer TOKEN", "โปรดเข้าสู่ระบบหรือส่งโทเค็น")
    problems: list[Problem] = []
    limit, offset = _limit_offset(problems)
    asked = None
    for name in ("district", "subdistrict", "province", "area"):
        text = request.args.get(name)
        if text:
            try:
                asked = st.registry.resolve(text, level=None if name == "area" else name)
            except AreaNotFound as exc:
                problems.append(Problem(name, text, exc.message_th, str(exc)))
    _raise_if(problems)
    area = area_for(user, asked, st.registry)
    with st.engine.begin() as conn:
        rows, total = read_surveys(conn, user, area, SurveyQuery(area, limit, offset))
    body = {"items": [_jsonable(r) for r in rows], "total": total, "limit": limit, "offset": offset, "area": area}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"  # personal data: never kept by a proxy or the browser cache
    return response
