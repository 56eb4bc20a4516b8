"""The review queue of likely duplicate facilities.

Coordinators and above, each within their own area: a pair is listed when one of its facilities lies in the area,
dismissed when one does, merged only when both do (a merge changes both). The data layer checks the area again.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api.common import api, signed_in, state
from dashboard.api.params import documented
from dashboard.auth import role_at_least
from dashboard.jsonable import jsonable
from data.duplicates import STATUSES, dismiss_pair, list_pairs, merge_pair
from data.errors import NotPermitted, Problem, UserInputError
from data.fields import preview, whole_number
from data.params import Param

STATUS = Param("status", "pending (default), merged, dismissed or all", default="pending", choices=(*STATUSES, "all"))
_PAIR = "the pair: {id, facility_a, facility_b, distance_m, similarity, found_at, upload_id, status, decided_at, "
_PAIR += "decided_by, kept}"


def _coordinator() -> dict:
    user = signed_in()
    if not role_at_least(user, "coordinator"):
        raise NotPermitted([], f"a {user['role']} cannot review possible duplicates", "บทบาทของคุณตรวจรายการที่อาจซ้ำไม่ได้")
    return user


def _pair_json(pair: dict) -> dict:
    out = jsonable({k: v for k, v in pair.items() if k not in ("a", "b")})
    if "a" in pair:
        out["a"], out["b"] = jsonable(pair["a"]), jsonable(pair["b"])
    return out


@api.get("/duplicates")
@documented(STATUS, answer="{items: [pair + a, b: the two facilities], total}", errors=(401, 403, 422), bearer=True)
def duplicates_list() -> Response:
    """Pairs of facilities that may be one (same type, similar name, within 50 m) with a facility in your area,
    oldest first."""
    user = _coordinator()
    status = request.args.get(STATUS.name, STATUS.default)
    if status not in STATUS.options():
        options = ", ".join(STATUS.options())
        problem = Problem("status", status, f"status ต้องเป็น {options}", f"status must be one of {options}")
        raise UserInputError([problem])
    with state().engine.connect() as conn:
        pairs = list_pairs(conn, user["area"], None if status == "all" else status)
    return jsonify({"items": [_pair_json(p) for p in pairs], "total": len(pairs)})


@api.post("/duplicates/<int:pair_id>/dismiss")
@documented(answer=_PAIR, errors=(401, 403, 404, 409), bearer=True)
def duplicates_dismiss(pair_id: int) -> Response:
    """Not the same place: the pair is closed and never warned about again."""
    user = _coordinator()
    with state().engine.begin() as conn:
        pair = dismiss_pair(conn, pair_id, user)
    return jsonify(_pair_json(pair))


@api.post("/duplicates/<int:pair_id>/merge")
@documented(answer=_PAIR, errors=(401, 403, 404, 409, 422), bearer=True, body='{"keep": facility id}')
def duplicates_merge(pair_id: int) -> Response:
    """Keep one facility (JSON {keep: facility id}): it takes the other's non-empty fields where its own are empty (a
    new version); the other is closed with its history kept. Both must be in your area (data/duplicates.py)."""
    user = _coordinator()
    body = request.get_json(silent=True)
    given = body.get("keep") if isinstance(body, dict) else None
    keep = whole_number(given)  # an id, or its digits as text
    if keep is None:
        problem = Problem(
            "keep",
            None if given is None else preview(given),
            'ส่ง JSON {"keep": รหัสของรายการที่จะเก็บไว้}',
            'send JSON {"keep": the id of the facility to keep}',
        )
        raise UserInputError([problem], problem.message_en, problem.message_th)
    with state().engine.begin() as conn:
        pair = merge_pair(conn, pair_id, keep, user)
    return jsonify(_pair_json(pair))
