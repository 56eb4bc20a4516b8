"""GET /api/v1/audit?person=&action=&area=&from=&to=&format=json|csv: the audit log, for province admins (entries of
their province) and national admins (all). Each read is itself written to the log."""

from __future__ import annotations

import json

from flask import Response, jsonify, request

from dashboard.api.common import api, csv_stream, raise_if_problems, signed_in, state
from dashboard.api.params import PAGING, answer_format, area_param, documented, format_param, limit_offset
from dashboard.jsonable import jsonable
from data.audit import AuditQuery, audit_days, iter_audit, read_audit, record_read
from data.errors import Problem, UserInputError
from data.params import Param
from data.registries import ROLES
from data.scope import AccessDenied, require_within, scope_of
from geo.clock import local

PERSON = Param("person", "A username: the entries of what that person did")
ACTION = Param("action", "An action (user.login) or a group of actions (user, facility)")
AREA = Param("area", "An area code or name inside your own (the area an entry is about, else the actor's)")
FROM = Param("from", "First day (YYYY-MM-DD or day/month/Buddhist year), Bangkok time", "date")
TO = Param("to", "Last day, included", "date")
FORMAT = format_param("json", "csv")


@api.get("/audit")
@documented(
    PERSON,
    ACTION,
    AREA,
    FROM,
    TO,
    FORMAT,
    *PAGING,
    answer="{items: [{id, at, username, role, action, entity, entity_id, area, detail}], total, limit, offset}, "
    "or every matching entry as CSV",
    errors=(401, 403, 422),
    bearer=True,
)
def audit() -> Response:
    """Who did what, when: province admins read the entries of their province, national admins all of them. Every
    read is recorded in the log itself (action audit.read); answers carry Cache-Control: no-store."""
    user = _admin()
    problems: list[Problem] = []
    fmt = answer_format(FORMAT, problems)
    limit, offset = limit_offset(problems)
    query = audit_query(user, problems)
    raise_if_problems(problems)
    if fmt == "csv":
        return _csv(user, query)
    with state().engine.begin() as conn:
        rows, total = read_audit(conn, query, limit, offset)
        record_read(conn, user, query, "json", len(rows))
    response = jsonify({"items": [jsonable(r) for r in rows], "total": total, "limit": limit, "offset": offset})
    response.headers["Cache-Control"] = "no-store"
    return response


def audit_query(user: dict, problems: list[Problem]) -> AuditQuery:
    area = area_param(AREA.name, None, problems) if request.args.get(AREA.name, "").upper() != "TH" else "TH"
    if area:
        require_within(user, area)
    try:
        days = audit_days(FROM.raw(request.args), TO.raw(request.args))
    except UserInputError as exc:
        problems.extend(exc.problems)
        days = (None, None)
    return AuditQuery(
        scope=scope_of(user),
        person=PERSON.raw(request.args),
        action=ACTION.raw(request.args),
        area=area,
        date_from=days[0],
        date_to=days[1],
    )


def _admin() -> dict:
    user = signed_in()
    if not ROLES.at_least(user, "province_admin"):
        raise AccessDenied(
            "only province and national admins read the audit log",
            "เฉพาะผู้ดูแลระดับจังหวัดและระดับประเทศเท่านั้นที่อ่านบันทึกการใช้งานได้",
        )
    return user


def _csv(user: dict, query: AuditQuery) -> Response:
    with state().engine.begin() as conn:
        rows = [_csv_row(r) for r in iter_audit(conn, query)]
        record_read(conn, user, query, "csv", len(rows))
    response = Response(csv_stream(rows), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = "attachment; filename=audit.csv"
    response.headers["Cache-Control"] = "no-store"
    return response


def _csv_row(row: dict) -> dict:
    """An entry as a CSV line: its time in Bangkok with the offset (2026-12-06T05:21:01+07:00), as the page shows it."""
    out = jsonable(row)
    out["at"] = local(row["at"]).isoformat(timespec="seconds") if row["at"] is not None else ""
    out["detail"] = json.dumps(out["detail"], ensure_ascii=False) if out["detail"] is not None else ""
    return out
