"""Help requests (issue 18): the public asks and follows its request; the chain of command of the area answers.

POST /api/v1/help-requests (public) and GET /api/v1/help-requests/{reference}?phone= (the person) are throttled per
client address (data.accounts.attempt_wait_minutes); GET /api/v1/help-requests (the queue) and PATCH
/api/v1/help-requests/{id} are for the chain of command of the area, and the volunteer a request is assigned to
(data/help_queue.py). Answers that hold personal data carry Cache-Control: no-store.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api.common import ApiError, api, created, json_body, raise_if_problems, signed_in, state
from dashboard.api.params import PAGING, area_param, choices, documented, limit_offset
from dashboard.auth import client_key
from dashboard.jsonable import jsonable
from data.accounts import attempt_wait_minutes
from data.errors import Problem
from data.help_queue import QueueQuery, change_request, queue_area, read_queue
from data.help_requests import (
    CREATE_ATTEMPT,
    FLOW,
    LOOKUP_ATTEMPT,
    MAX_CREATES_PER_HOUR,
    MAX_LOOKUPS_PER_HOUR,
    create_request,
    public_status,
    read_ask,
)
from data.params import Param
from data.registries import HELP_NEEDS, HELP_STATUSES

DISTRICT = Param("district", "A district: code or name (default: your own area)")
SUBDISTRICT = Param("subdistrict", "A subdistrict: code or name")
PROVINCE = Param("province", "A province: code or name (province and national admins)")
STATUS = Param(
    "status",
    "Comma-separated statuses (default: the open ones, waiting, assigned, being_helped, unreachable)",
    "list",
    choices=lambda: tuple(HELP_STATUSES.codes),
)
NEED = Param("need", "Comma-separated needs", "list", choices=lambda: tuple(HELP_NEEDS.codes))
PHONE = Param("phone", "The phone number given with the request", required=True)
_ITEM = (
    "{id, reference, need, status, waiting_minutes, subdistrict, district, province, people, lat, lon, name, phone, "
    "note, assigned_to, assigned_username, assigned_name, created_at, updated_at, synthetic}"
)


def _throttle(action: str, most: int) -> None:
    with state().engine.begin() as conn:
        wait_min = attempt_wait_minutes(conn, action, client_key(), most)
    if wait_min:
        raise ApiError(
            429,
            f"too many requests from this address; try again in {wait_min} minutes",
            f"มีการส่งจากที่อยู่นี้มากเกินไป โปรดลองใหม่ในอีก {wait_min} นาที",
        )


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # personal data: never kept by a proxy or the browser cache
    return response


@api.post("/help-requests")
@documented(
    answer="{reference, status, created_at}: the reference to read out over the phone and to follow the request",
    status=201,
    errors=(422, 429),
    body="need (vaccination_at_home, transport, medical, oxygen, supplies, other), name, phone, and lat + lon (the "
    "point is placed in its subdistrict) or subdistrict (code or name); people (1-100, default 1), note",
)
def help_request_create() -> Response:
    """Ask for help (public, no account). A point outside Thailand or an unknown subdistrict is refused (422, Thai and
    English). At most 10 requests an hour from one address (429 after); a refused one does not count."""
    st = state()
    ask = read_ask(json_body("need, name, phone and lat/lon or subdistrict"), st.registry, st.locator)
    _throttle(CREATE_ATTEMPT, MAX_CREATES_PER_HOUR)  # a refused request does not count: it stores nothing
    with st.engine.begin() as conn:
        made = create_request(conn, ask)
    return _private(created(jsonable({k: made[k] for k in ("reference", "status", "created_at")})))


@api.get("/help-requests/<reference>")
@documented(
    PHONE,
    answer="{reference, status, waiting_minutes, history: [{status, at}]}",
    errors=(404, 429),
    path_help={"reference": "The reference given when the request was made (6 letters and digits)"},
)
def help_request_status(reference: str) -> Response:
    """Follow a request: its status, how long it has waited (or waited until help came) and each step's time. The
    phone given with the request is needed; a wrong phone answers exactly as an unknown reference (404). At most 60
    look-ups an hour from one address."""
    _throttle(LOOKUP_ATTEMPT, MAX_LOOKUPS_PER_HOUR)
    with state().engine.connect() as conn:
        answer = public_status(conn, reference, request.args.get(PHONE.name, ""))
    return _private(jsonify(jsonable(answer)))


@api.get("/help-requests")
@documented(
    DISTRICT,
    SUBDISTRICT,
    PROVINCE,
    STATUS,
    NEED,
    *PAGING,
    answer=f"{{items: [{_ITEM}], total, limit, offset, area}}, oldest first",
    errors=(401, 403, 422),
    bearer=True,
)
def help_request_queue() -> Response:
    """The queue of an area, oldest first, each with its waiting time: for the coordinator of the district, the
    province admin, a national admin (with the person's name, phone and note), and for a volunteer only the requests
    assigned to them. Each read is written to the audit log."""
    user = signed_in()
    problems: list[Problem] = []
    limit, offset = limit_offset(problems)
    asked = None
    for param, level in ((PROVINCE, "province"), (DISTRICT, "district"), (SUBDISTRICT, "subdistrict")):
        asked = area_param(param.name, level, problems) or asked  # the finest given wins
    statuses = choices(STATUS, HELP_STATUSES, problems) or FLOW.open
    needs = choices(NEED, HELP_NEEDS, problems)
    raise_if_problems(problems)
    area = queue_area(user, asked)
    with state().engine.begin() as conn:
        rows, total = read_queue(conn, user, QueueQuery(area, statuses, needs, limit, offset))
    # the rows as read: the app's JSON provider (dashboard/jsonable.py) writes their times, a walk per row costs more
    body = {"items": rows, "total": total, "limit": limit, "offset": offset, "area": area}
    return _private(jsonify(body))


@api.patch("/help-requests/<int:request_id>")
@documented(
    answer=f"The request: {_ITEM}",
    errors=(401, 403, 404, 409, 422),
    bearer=True,
    body="status (waiting, assigned, being_helped, done, cancelled, unreachable), assigned_to (a user id or username "
    "of the request's area; needed for assigned), note",
    path_help={"request_id": "The request's id (from the queue)"},
)
def help_request_update(request_id: int) -> Response:
    """Move a request: waiting → assigned (to a named, active user of the area) → being_helped → done, cancelled or
    unreachable, with a note. Coordinators and above inside their area; the assigned volunteer may say being_helped,
    done or unreachable. A move the flow does not allow (a closed request) is refused (409). Every move is audited and
    kept in the request's history with its time and who acted."""
    user = signed_in()
    body = json_body("status, and assigned_to or note")
    with state().engine.begin() as conn:
        row = change_request(conn, user, request_id, body.get("status"), body.get("assigned_to"), body.get("note"))
    return _private(jsonify(jsonable(row)))
