"""The coordinator's review of survey records: GET /surveys/{id} (one record, its warnings and review history) and
POST /surveys/{id}/review (confirm, correct or reject). Staff of the record's area; the volunteer who entered it
reads it (data/review.py)."""

from __future__ import annotations

from flask import Response, jsonify

from dashboard.api.common import api, json_body, signed_in, state
from dashboard.api.params import documented
from dashboard.jsonable import jsonable
from data import review

_NO_STORE = {"Cache-Control": "no-store"}


@api.get("/surveys/<int:survey_id>")
@documented(
    answer="The record: fields, review_status, version, warnings [{code, label_th, label_en, others}], history "
    "[{status, at, username, note, changes: [{field, old, new}]}]",
    errors=(401, 403, 404),
    bearer=True,
    path_help={"survey_id": "The survey record's id"},
)
def survey_record(survey_id: int) -> Response:
    """One survey record with its warnings and the history of its review: for staff of its area (with name and
    phone), or the volunteer who entered it (name masked, no phone)."""
    st, user = state(), signed_in()
    with st.engine.begin() as conn:
        item = review.read_record(conn, user, survey_id)
    return jsonify(jsonable(item)), 200, _NO_STORE


@api.post("/surveys/<int:survey_id>/review")
@documented(
    answer="The record as GET /surveys/{id} answers it",
    errors=(401, 403, 404, 409, 422),
    bearer=True,
    body="action (confirm, correct, reject), changes {field: new value} (correct), note",
    path_help={"survey_id": "The survey record's id"},
)
def survey_review(survey_id: int) -> Response:
    """Confirm, correct or reject a survey record (coordinators and above, of its area). A correction is checked as
    an entry is, keeps the old values (history: old → new) and raises the record's version; a rejected record leaves
    every figure and stays rejected (409). Audited."""
    st, user = state(), signed_in()
    body = json_body("action, changes, note")
    changes = body.get("changes") or {}
    if not isinstance(changes, dict):
        changes = {"changes": changes}  # refused by the check, which names it
    with st.engine.begin() as conn:
        item = review.decide(conn, st, user, survey_id, body.get("action"), changes, body.get("note"))
    return jsonify(jsonable(item)), 200, _NO_STORE
