"""The upload pages (upload, upload history) as plain functions: callbacks called directly inside a request, views
from hand-made rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dash import no_update
from fixtures_app import create_people
from plotly.utils import PlotlyJSONEncoder


@pytest.fixture(scope="module")
def upload_tokens(demo_state):
    return create_people(demo_state, {"pu_volunteer": ("volunteer", "500101"), "pu_coord": ("coordinator", "5001")})


def shown(component) -> str:
    """Everything a component tree holds, as text (a tree's repr is cut short)."""
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


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

    text = shown(history_table([history_row()], "th"))
    assert "26 พ.ย. 2569 14:05" in text  # 07:05 UTC is 14:05 in Bangkok, Buddhist era in Thai
    assert "/api/v1/uploads/12/file" in text and "1,200 / 3 / 0" in text and "uploads-row-12" in text


def test_a_refused_file_has_no_link_and_says_why():
    from dashboard.pages.upload_history.view import history_table

    refused = history_row(id=None, outcome="refused", summary={"rows": 10, "problems": 4})
    text = shown(history_table([refused], "en"))
    assert "uploads-refused-3" in text and "/api/v1/uploads" not in text


def test_the_undo_question_needs_a_press(demo_app, upload_tokens):
    from dashboard.pages.upload_history.callbacks import confirm, undo

    with as_person(demo_app, upload_tokens["pu_volunteer"]):
        assert confirm(None, "en") == (True, None)
        assert undo(0, 5, 0, "en") == (no_update, no_update, None, no_update)
    with as_person(demo_app, None):
        assert confirm(5, "en") == (True, None)  # nobody signed in sees nothing
