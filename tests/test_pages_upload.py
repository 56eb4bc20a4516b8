"""The upload pages (upload, upload history) as plain functions: callbacks called directly inside a request, views
from hand-made rows."""

from __future__ import annotations

import datetime as dt

import pytest
from dash import no_update
from fixtures_app import create_people


@pytest.fixture(scope="module")
def upload_tokens(demo_state):
    return create_people(demo_state, {"pu_volunteer": ("volunteer", "500101"), "pu_coord": ("coordinator", "5001")})


def as_person(app, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.server.test_request_context(headers=headers)


def history_row(**changes) -> dict:
    row = {
        "id": 12,
        "audit_id": 3,
        "created_at": dt.datetime(2026, 11, 26, 7, 5),  # naive: UTC, as SQLite gives it back
        "username": "somchai",
        "kind": "surveys",
        "filename": "round1.xlsx",
        "size_bytes": 2048,
        "checksum": "abcdef0123456789",
        "outcome": "accepted",
        "summary": {"new": 1200, "updated": 3, "unchanged": 0},
        "undone_at": None,
        "undone_by": None,
    }
    return row | changes


def test_the_history_shows_thai_time_and_links_the_file():
    from dashboard.pages.upload_history.view import history_table

    shown = str(history_table([history_row()], "th"))
    assert "26 พ.ย. 2569 14:05" in shown  # 07:05 UTC is 14:05 in Bangkok, Buddhist era in Thai
    assert "/api/v1/uploads/12/file" in shown and "1,200 / 3 / 0" in shown and "uploads-row-12" in shown


def test_a_refused_file_has_no_link_and_says_why():
    from dashboard.pages.upload_history.view import history_table

    refused = history_row(id=None, outcome="refused", summary={"rows": 10, "problems": 4})
    shown = str(history_table([refused], "en"))
    assert "uploads-refused-3" in shown and "/api/v1/uploads" not in shown


def test_the_undo_question_needs_a_press(demo_app, upload_tokens):
    from dashboard.pages.upload_history.callbacks import confirm, undo

    with as_person(demo_app, upload_tokens["pu_volunteer"]):
        assert confirm(None, "en") == (True, None)
        assert undo(0, 5, 0, "en") == (no_update, no_update, None, no_update)
    with as_person(demo_app, None):
        assert confirm(5, "en") == (True, None)  # nobody signed in sees nothing
