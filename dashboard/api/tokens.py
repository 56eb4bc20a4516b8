"""API tokens: GET /tokens and POST /tokens for a person's own; POST /tokens/{id}/revoke for their own, or (admins)
those of the people of their area."""

from __future__ import annotations

from flask import Response, jsonify, request

from dashboard.api.common import api, created, signed_in, state
from dashboard.api.params import documented
from dashboard.jsonable import jsonable
from data.accounts import list_tokens, revoke_token
from data.errors import NotFound
from data.users import issue_token


@api.get("/tokens")
@documented(
    answer="Your tokens: {items: [{id, name, created_at, last_used_at, revoked_at}], total}", errors=(401,), bearer=True
)
def tokens_list() -> Response:
    """Your API tokens; never the token itself."""
    user = signed_in()
    with state().engine.connect() as conn:
        items = [jsonable(t) for t in list_tokens(conn, user["id"])]
    return jsonify({"items": items, "total": len(items)})


@api.post("/tokens")
@documented(
    answer="{id, name, created_at, token}", status=201, errors=(401, 422), bearer=True, body="name: what it is for"
)
def tokens_create() -> Response:
    """Create a token for yourself. Body {"name": "what it is for"}: the token comes back once, in "token"; only its
    hash is kept."""
    user = signed_in()
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    with state().engine.begin() as conn:
        issued = issue_token(conn, user["id"], body.get("name"))  # a name that is not text is a 422
    response = created(jsonable(issued))
    response.headers["Cache-Control"] = "no-store"
    return response


@api.post("/tokens/<int:token_id>/revoke")
@documented(answer="{id, name, created_at, last_used_at, revoked_at}", errors=(401, 403, 404), bearer=True)
def tokens_revoke(token_id: int) -> Response:
    """Revoke a token at once: yours, or (admins) one of a person in your area."""
    user = signed_in()
    with state().engine.begin() as conn:
        token = revoke_token(conn, token_id, user)
    if token is None:
        raise NotFound([], f"no token with id {token_id}", f"ไม่พบโทเค็นรหัส {token_id}")
    token.pop("user_id", None)
    return jsonify(jsonable(token))
