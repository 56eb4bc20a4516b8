"""Home visits: GET /home-visits (a district's queue, or with ``date`` a person's round in route order; JSON, CSV,
xlsx) and PATCH /home-visits/{id} (assign, plan, report the visit). The chain of command of the area, and the
volunteer a visit is assigned to; every read with personal data and every change is audited (data/home_visits.py)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, jsonify, request

from dashboard.api.common import api, json_body, raise_if_problems, signed_in, state
from dashboard.api.params import PAGING, documented, language, limit_offset
from dashboard.jsonable import jsonable
from data import home_visits as hv
from data.cells import csv_bytes, xlsx_bytes
from data.errors import UserInputError
from data.home_visit_export import export_table
from data.home_visit_query import PARAMS, parse_visit_args
from data.registries import ROLES
from data.schema import users
from data.templates import XLSX_TYPE

_NO_STORE = {"Cache-Control": "no-store"}  # personal data: never kept by a proxy or the browser cache
_FILES = {
    "csv": ("text/csv; charset=utf-8", csv_bytes),
    "xlsx": (XLSX_TYPE, xlsx_bytes),
}


@api.get("/home-visits")
@documented(
    *PARAMS,
    *PAGING,
    answer="{items: [visit], total, area} (a round: items in route order, each with stop and distance_km)",
    errors=(401, 403, 422),
    bearer=True,
)
def home_visits_list() -> Response:
    """The survey records that need a home visit (ticked, or a bedridden person), with name and phone: for staff the
    queue of their area (open visits first, the oldest first, each with waiting_minutes), for a volunteer those
    assigned to them. With ``date``: the round of that day (the reader's, or ``assigned_to``'s for staff), in
    straight-line nearest-neighbour order from lat/lon. ``format=csv|xlsx`` downloads it; every read is audited."""
    st, user = state(), signed_in()
    problems = []
    limit, offset = limit_offset(problems)
    args, more = parse_visit_args(request.args, st.registry, user["area"])
    raise_if_problems(problems + more)
    area = hv.area_for(user, args.area)
    with st.engine.begin() as conn:
        assignee = _assignee(conn, user, args.assigned_to)
        if args.day is not None:
            items = hv.read_round(conn, user, assignee or user["id"], args.day, args.start, args.fmt)
            total = len(items)
        else:
            query = hv.VisitQuery(area, args.statuses, assignee, None, limit, offset)
            items, total = hv.read_visits(conn, user, query, args.fmt)
    if args.fmt in _FILES:
        return _file(items, args)
    return jsonify({"items": [jsonable(i) for i in items], "total": total, "area": area}), 200, _NO_STORE


@api.patch("/home-visits/<int:survey_id>")
@documented(
    answer="The visit",
    errors=(401, 403, 404, 409, 422),
    bearer=True,
    body="status (planned, vaccinated, refused, not_home, moved), planned_on, note, assigned_to (username or id)",
    path_help={"survey_id": "The survey record's id"},
)
def home_visits_change(survey_id: int) -> Response:
    """Assign (coordinators and above, to an active person of the record's area), plan for a day, or report the
    visit (the volunteer it is assigned to): vaccinated, refused, moved close it; not_home keeps it open for another
    try. Moves follow the follow-up model (a closed visit: 409). A vaccinating visit changes the survey measures at
    once. Audited."""
    st, user = state(), signed_in()
    body = json_body("status, planned_on, note, assigned_to")
    with st.engine.begin() as conn:
        item = hv.change_visit(conn, user, survey_id, body)
    return jsonify(jsonable(item)), 200, _NO_STORE


def _assignee(conn, user: dict, username: str | None) -> int | None:
    """The id of ``assigned_to`` (staff only: a volunteer reads only their own)."""
    if username is None:
        return None
    found = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
    if found is None:
        raise UserInputError.from_fields([("assigned_to", "ไม่พบผู้ใช้นี้", "no such user")], username)
    if found != user["id"] and not ROLES.at_least(user, hv.STAFF):
        raise hv.scope.AccessDenied("you may read only your own visits", "คุณดูได้เฉพาะการเยี่ยมบ้านของคุณเอง")
    return found


def _file(items: list[dict], args) -> Response:
    lang = language()
    header, rows = export_table(items, state().registry, lang)
    kind = "round" if args.day else "home-visits"
    name = f"{kind}-{args.day.isoformat()}" if args.day else kind
    mimetype, write = _FILES[args.fmt]
    sheet = ("เยี่ยมบ้าน" if lang == "th" else "Home visits",) if args.fmt == "xlsx" else ()
    content = write(header, rows, *sheet)
    disposition = f"attachment; filename={name}.{args.fmt}"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": disposition, **_NO_STORE})
