"""Campaign, coordinator-registry and token routes of /api/v1. Registered on the API blueprint of dashboard/api.py.

- GET /campaigns: anyone; POST /campaigns and POST /campaigns/{id}/close: national admins only.
- GET /coordinators?province=&format=json|csv: province admins their province, national admins any, coordinators
  their own district; every read is an audited export of personal data.
- GET /tokens, POST /tokens, POST /tokens/{id}/revoke: a person's own tokens (an admin may also revoke the tokens
  of people in their area).
"""

from __future__ import annotations

import datetime as dt

from flask import Response, jsonify, request

from dashboard.api import ApiError, _area_param, _bearer_user, _csv_stream, _format, _jsonable, _raise_if, api, state
from data import parsing
from data.accounts import list_tokens, revoke_token
from data.campaigns import close_campaign, list_campaigns, open_campaign, open_campaign_now
from data.coordinators import export_coordinators, readable_area
from data.errors import Problem
from data.survey_entry import today
from data.users import issue_token

CAMPAIGN_FIELDS = ("id", "name_th", "name_en", "opened_on", "closed_on", "closed_order_ref", "synthetic")


# -- campaigns ------------------------------------------------------------------------------------------------------
@api.get("/campaigns")
def campaigns_list() -> Response:
    with state().engine.connect() as conn:
        rows = list_campaigns(conn)
        current = open_campaign_now(conn)
    items = [_campaign_json(r) for r in rows]
    return jsonify({"items": items, "total": len(items), "open": current["id"] if current else None})


@api.post("/campaigns")
def campaigns_open() -> Response:
    """Body {"name_th", "name_en", "opened_on" (YYYY-MM-DD or day/month/Buddhist year; default today)}."""
    user = _national_admin()
    body = _body("name_th, name_en, opened_on")
    opened_on = _date(body, "opened_on")
    with state().engine.begin() as conn:
        campaign = open_campaign(conn, body.get("name_th") or "", body.get("name_en") or "", opened_on, user["id"])
    response = jsonify(_campaign_json(campaign))
    response.status_code = 201
    return response


@api.post("/campaigns/<int:campaign_id>/close")
def campaigns_close(campaign_id: int) -> Response:
    """Body {"closed_order_ref" (required: the order that closes it), "closed_on" (default today)}."""
    user = _national_admin()
    body = _body("closed_order_ref, closed_on")
    closed_on = _date(body, "closed_on")
    order_ref = body.get("closed_order_ref", body.get("order_ref")) or ""
    with state().engine.begin() as conn:
        campaign = close_campaign(conn, campaign_id, closed_on, str(order_ref), user["id"])
    return jsonify(_campaign_json(campaign))


def _campaign_json(row: dict) -> dict:
    out = _jsonable({k: row.get(k) for k in CAMPAIGN_FIELDS})
    out["synthetic"] = bool(out["synthetic"])
    out["open"] = out["closed_on"] is None
    return out


# -- the coordinator registry -----------------------------------------------------------------------------------------
@api.get("/coordinators")
def coordinators() -> Response:
    user = _signed_in()
    problems: list[Problem] = []
    fmt = _format(problems, ("json", "csv"))
    province = _area_param("province", "province", problems)
    _raise_if(problems)
    st = state()
    area = readable_area(user, province)
    with st.engine.begin() as conn:
        frame = export_coordinators(conn, st.registry, user, area, fmt)
    records = [_jsonable(r) for r in frame.to_dict("records")]
    if fmt == "csv":
        response = Response(
            _csv_stream(records),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f"attachment; filename=coordinators-{area}.csv"},
        )
    else:
        response = jsonify({"items": records, "total": len(records)})
    response.headers["Cache-Control"] = "no-store"  # names and phone numbers: never kept by a proxy
    return response


# -- tokens -----------------------------------------------------------------------------------------------------------
@api.get("/tokens")
def tokens_list() -> Response:
    user = _signed_in()
    with state().engine.connect() as conn:
        items = [_jsonable(t) for t in list_tokens(conn, user["id"])]
    return jsonify({"items": items, "total": len(items)})


@api.post("/tokens")
def tokens_create() -> Response:
    """Body {"name": "what it is for"}: the token comes back once, in "token"; only its hash is kept."""
    user = _signed_in()
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    with state().engine.begin() as conn:
        issued = issue_token(conn, user["id"], body.get("name") if isinstance(body.get("name"), str) else None)
    response = jsonify(_jsonable(issued))
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@api.post("/tokens/<int:token_id>/revoke")
def tokens_revoke(token_id: int) -> Response:
    user = _signed_in()
    with state().engine.begin() as conn:
        token = revoke_token(conn, token_id, user)
    if token is None:
        raise ApiError(404, f"no token with id {token_id}", f"ไม่พบโทเค็นรหัส {token_id}")
    token.pop("user_id", None)
    return jsonify(_jsonable(token))


# -- steps ------------------------------------------------------------------------------------------------------------
def _signed_in() -> dict:
    with state().engine.connect() as conn:
        user = _bearer_user(conn)
    if user is None:
        raise ApiError(401, "sign in or send Authorization: Bearer TOKEN", "โปรดเข้าสู่ระบบหรือส่งโทเค็น")
    return user


def _national_admin() -> dict:
    user = _signed_in()
    if user["role"] != "national_admin":
        raise ApiError(
            403,
            "only a national admin opens and closes reporting campaigns",
            "เฉพาะผู้ดูแลระดับประเทศเท่านั้นที่เปิดและปิดรอบการรายงานได้",
        )
    return user


def _body(fields: str) -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(
            422,
            f"send a JSON object with {fields}",
            f"โปรดส่ง JSON ที่มี {fields}",
            [Problem("body", None, "ไม่ใช่ JSON object", "not a JSON object")],
        )
    return body


def _date(body: dict, name: str) -> dt.date:
    raw = body.get(name)
    if raw in (None, ""):
        return today()
    try:
        return parsing.parse_date(str(raw))
    except ValueError:
        problem = Problem(name, raw, "ไม่ใช่วันที่ (ใช้ YYYY-MM-DD หรือ วัน/เดือน/ปี)", "not a date (use YYYY-MM-DD)")
        raise ApiError(422, f"{name}: {problem.message_en}", f"{name}: {problem.message_th}", [problem]) from None
