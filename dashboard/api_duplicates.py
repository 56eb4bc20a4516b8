"""Routes of the review queue of likely duplicate facilities (registered on the API blueprint of dashboard/api.py).

Coordinators and above, each within their own area: a pair is listed when one of its facilities lies in the area,
dismissed when one does, merged only when both do (a merge changes both). The data layer checks the area again.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api import ApiError, _bearer_user, _jsonable, api, state
from dashboard.auth import role_at_least
from data.duplicates import STATUSES, dismiss_pair, list_pairs, merge_pair
from data.errors import Problem


def _coordinator() -> dict:
    with state().engine.connect() as conn:
        user = _bearer_user(conn)
    if user is None:
        raise ApiError(401, "sign in or send Authorization: Bearer TOKEN", "โปรดเข้าสู่ระบบหรือส่งโทเค็น")
    if not role_at_least(user, "coordinator"):
        raise ApiError(403, f"a {user['role']} cannot review possible duplicates", "บทบาทของคุณตรวจรายการที่อาจซ้ำไม่ได้")
    return user


def _pair_json(pair: dict) -> dict:
    out = _jsonable({k: v for k, v in pair.items() if k not in ("a", "b")})
    if "a" in pair:
        out["a"], out["b"] = _jsonable(pair["a"]), _jsonable(pair["b"])
    return out


@api.get("/duplicates")
def duplicates_list() -> Response:
    """Pairs in the person's area (``status``: pending by default, merged, dismissed or all), oldest first."""
    user = _coordinator()
    status = request.args.get("status", "pending")
    if status not in (*STATUSES, "all"):
        options = ", ".join((*STATUSES, "all"))
        problem = Problem("status", status, f"status ต้องเป็น {options}", f"status must be one of {options}")
        raise ApiError(422, str(problem), problem.message_th, [problem])
    with state().engine.connect() as conn:
        pairs = list_pairs(conn, user["area"], None if status == "all" else status)
    return jsonify({"items": [_pair_json(p) for p in pairs], "total": len(pairs)})


@api.post("/duplicates/<int:pair_id>/dismiss")
def duplicates_dismiss(pair_id: int) -> Response:
    user = _coordinator()
    with state().engine.begin() as conn:
        pair = dismiss_pair(conn, pair_id, user)
    return jsonify(_pair_json(pair))


@api.post("/duplicates/<int:pair_id>/merge")
def duplicates_merge(pair_id: int) -> Response:
    """JSON ``{"keep": facility_id}``: that facility is kept, the other closed (see data/duplicates.py)."""
    user = _coordinator()
    body = request.get_json(silent=True)
    keep = body.get("keep") if isinstance(body, dict) else None
    if isinstance(keep, str) and keep.strip().isdigit():
        keep = int(keep)
    if not isinstance(keep, int) or isinstance(keep, bool):
        problem = Problem(
            "keep",
            None if keep is None else str(keep),
            'ส่ง JSON {"keep": รหัสของรายการที่จะเก็บไว้}',
            'send JSON {"keep": the id of the facility to keep}',
        )
        raise ApiError(422, problem.message_en, problem.message_th, [problem])
    with state().engine.begin() as conn:
        pair = merge_pair(conn, pair_id, keep, user)
    return jsonify(_pair_json(pair))
