"""The audit page's table (dashboard/pages/audit/view.py) from hand-made entries: each entry's detail in the page's
language."""

from __future__ import annotations

import datetime as dt
import json

from plotly.utils import PlotlyJSONEncoder


def _row(detail) -> dict:
    at = dt.datetime(2026, 11, 26, 7, 5)
    row = {"id": 1, "at": at, "username": "admin", "action": "user.create", "entity": "user", "entity_id": 7}
    return row | {"area": "50", "detail": detail}


def test_a_detail_is_label_and_value_in_the_pages_language(demo_state):
    """The detail column showed raw JSON: {"role": "coordinator", "area": "5001", "username": "x"}."""
    from dashboard.pages.audit.view import audit_table

    detail = {"role": "coordinator", "area": "5001", "username": "somchai", "mystery_key": "kept"}
    thai = json.dumps(audit_table([_row(detail)], demo_state.registry, "th"), cls=PlotlyJSONEncoder, ensure_ascii=False)
    assert "บทบาท ผู้ประสานงานอำเภอ · พื้นที่ 5001 · ชื่อผู้ใช้ somchai · mystery_key kept" in thai
    assert '{\\"role\\"' not in thai and '"role"' not in thai
    english = json.dumps(
        audit_table([_row(detail)], demo_state.registry, "en"), cls=PlotlyJSONEncoder, ensure_ascii=False
    )
    assert "role District coordinator · area 5001 · username somchai · mystery_key kept" in english
