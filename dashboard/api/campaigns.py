"""Reporting campaigns: GET /campaigns for anyone; POST /campaigns and POST /campaigns/{id}/close for national admins."""

from __future__ import annotations

import datetime as dt

from flask import Response, jsonify

from dashboard.api.common import api, created, json_body, signed_in, state
from dashboard.api.params import documented
from dashboard.jsonable import jsonable
from data import parsing
from data.campaigns import close_campaign, list_campaigns, open_campaign, open_campaign_now
from data.errors import NotPermitted, Problem, UserInputError
from data.fields import PREVIEW_CHARS, preview
from geo.clock import today

FIELDS = ("id", "name_th", "name_en", "opened_on", "closed_on", "closed_order_ref", "synthetic")
_ERRORS = (401, 403, 422)


@api.get("/campaigns")
@documented(
    answer="{items: [{id, name_th, name_en, opened_on, closed_on, closed_order_ref, synthetic, open}], total, open}",
    errors=(),
)
def campaigns_list() -> Response:
    """Reporting campaigns, newest first (public); open: the id of the open one, or null."""
    with state().engine.connect() as conn:
        rows = list_campaigns(conn)
        current = open_campaign_now(conn)
    items = [_campaign_json(r) for r in rows]
    return jsonify({"items": items, "total": len(items), "open": current["id"] if current else None})


@api.post("/campaigns")
@documented(answer="The campaign", status=201, errors=_ERRORS, bearer=True, body="name_th, name_en, opened_on")
def campaigns_open() -> Response:
    """Open a campaign (national admins). Body {name_th, name_en, opened_on (YYYY-MM-DD or day/month/Buddhist year;
    default today)}; refused while another is open."""
    user = _national_admin()
    body = json_body("name_th, name_en, opened_on")
    opened_on = _date(body, "opened_on")
    with state().engine.begin() as conn:
        campaign = open_campaign(conn, body.get("name_th"), body.get("name_en"), opened_on, user["id"])
    return created(_campaign_json(campaign))


@api.post("/campaigns/<int:campaign_id>/close")
@documented(answer="The closed campaign", errors=_ERRORS, bearer=True, body="closed_order_ref, closed_on")
def campaigns_close(campaign_id: int) -> Response:
    """Close a campaign (national admins). Body {closed_order_ref (required: the reference of the order that closed
    it), closed_on (default today)}. While none is open, the survey form, uploads and the API refuse new survey
    records; all data stays readable."""
    user = _national_admin()
    body = json_body("closed_order_ref, closed_on")
    closed_on = _date(body, "closed_on")
    order_ref = body.get("closed_order_ref", body.get("order_ref"))
    with state().engine.begin() as conn:
        campaign = close_campaign(conn, campaign_id, closed_on, order_ref, user["id"])
    return jsonify(_campaign_json(campaign))


def _campaign_json(row: dict) -> dict:
    out = jsonable({k: row.get(k) for k in FIELDS})
    out["synthetic"] = bool(out["synthetic"])
    out["open"] = out["closed_on"] is None
    return out


def _national_admin() -> dict:
    user = signed_in()
    if user["role"] != "national_admin":
        raise NotPermitted(
            [],
            "only a national admin opens and closes reporting campaigns",
            "เฉพาะผู้ดูแลระดับประเทศเท่านั้นที่เปิดและปิดรอบการรายงานได้",
        )
    return user


def _date(body: dict, name: str) -> dt.date:
    raw = body.get(name)
    if raw in (None, ""):
        return today()
    try:
        if not isinstance(raw, str) or len(raw) > PREVIEW_CHARS:  # a list, a number or a page of text is no date
            raise ValueError(name)
        return parsing.parse_date(raw)
    except ValueError:
        problem = Problem(name, preview(raw), "ไม่ใช่วันที่ (ใช้ YYYY-MM-DD หรือ วัน/เดือน/ปี)", "not a date (use YYYY-MM-DD)")
        raise UserInputError([problem], f"{name}: {problem.message_en}", f"{name}: {problem.message_th}") from None
