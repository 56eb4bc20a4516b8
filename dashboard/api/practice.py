"""Practice accounts and spaces (dashboard/practice.py, data/practice.py), for trainers: coordinators and above,
acting from the real space on areas inside their own.

POST /practice/accounts         {role, area, count, expires_in_days (default 7)} → usernames and passwords (once);
                                ``?format=pdf``: the same accounts as an A4 sheet of cards to print
GET  /practice/accounts         the practice accounts of the spaces inside the trainer's area, with their state
POST /practice/accounts/end     {area}: every account of that area's space stops working now
POST /practice/reset            {area}: the space goes back to how it started (its accounts stay)
"""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard import practice
from dashboard.api.common import ApiError, api, created, json_body, signed_in
from dashboard.api.params import documented, format_param
from dashboard.auth import site_origin
from dashboard.i18n import t
from dashboard.jsonable import jsonable
from dashboard.practice_cards import cards_pdf
from dashboard.renderer import RendererUnavailable, RenderFailed
from dashboard.state import real
from data import practice as spaces
from data.errors import NotPermitted
from data.registries import ROLES

FORMAT = format_param("json", "pdf")
_ERRORS = (401, 403, 422)


def _trainer() -> dict:
    practice.refuse_inside_practice()
    user = signed_in()
    if not ROLES.at_least(user, "coordinator"):
        raise NotPermitted([], "practice accounts are for coordinators and above", "สำหรับผู้ประสานงานอำเภอขึ้นไป")
    return user


@api.post("/practice/accounts")
@documented(
    FORMAT,
    answer="{space, site, items: [{username, password, role, area, expires_at}], total}; with format=pdf an A4 PDF",
    status=201,
    errors=(*_ERRORS, 503),
    bearer=True,
    body=f"role, area, count (1–{spaces.MAX_ACCOUNTS}), expires_in_days (1–{spaces.MAX_DAYS}, default "
    f"{spaces.DEFAULT_DAYS})",
)
def practice_accounts_create() -> Response:
    """Make practice accounts that live only in the practice space of the area (a copy of its facilities and a few
    synthetic survey records); nothing done with them reaches a real table, figure or the real audit log. Their
    creation is in the real audit log (without passwords); each password is in this answer only."""
    trainer = _trainer()
    body = json_body("role, area, count, expires_in_days")
    space, made = practice.create(real(), trainer, body)
    if request.args.get("format") == "pdf":
        return Response(_pdf(made), mimetype="application/pdf", status=201, headers=_attachment(space))
    items = [jsonable(m) for m in made]
    answer = created({"space": space, "site": site_origin(), "items": items, "total": len(items)})
    answer.headers["Cache-Control"] = "no-store"
    return answer


def _pdf(made: list[dict]) -> bytes:
    try:
        return cards_pdf(made, site_origin())
    except RendererUnavailable as exc:
        raise ApiError(503, t("render.unavailable", "en"), t("render.unavailable", "th")) from exc
    except RenderFailed as exc:
        raise ApiError(503, t("render.failed", "en"), t("render.failed", "th")) from exc


def _attachment(space: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename=practice-cards-{space}.pdf", "Cache-Control": "no-store"}


@api.get("/practice/accounts")
@documented(answer="{items: [{username, space, role, expires_at, created_at, status}], total}", errors=_ERRORS)
def practice_accounts_list() -> Response:
    """The practice accounts of the spaces inside your area, newest first; status: active, expired or ended."""
    trainer = _trainer()
    with real().engine.connect() as conn:
        items = [jsonable(r) for r in spaces.accounts_of(conn, trainer["area"])]
    return jsonify({"items": items, "total": len(items)})


@api.post("/practice/accounts/end")
@documented(answer="{space, ended: [username, ...]}", errors=_ERRORS, bearer=True, body="area")
def practice_accounts_end() -> Response:
    """End every practice account of an area's space now (the trainer's own area); audited in the real log."""
    trainer = _trainer()
    area = spaces.requested_area(json_body("area").get("area"))
    space = spaces.space_for(area, real().registry.level_of(area))
    with real().engine.begin() as conn:
        ended = spaces.end_accounts(conn, trainer, space)
    return jsonify({"space": space, "ended": ended})


@api.post("/practice/reset")
@documented(answer="{space, reset: true}", errors=_ERRORS, bearer=True, body="area")
def practice_reset() -> Response:
    """Put an area's practice space back as it started (a fresh copy; its accounts keep working); no other
    trainer's space changes."""
    trainer = _trainer()
    space = practice.reset(real(), trainer, spaces.requested_area(json_body("area").get("area")))
    return jsonify({"space": space, "reset": True})
