"""Opening and closing reporting campaigns, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from data.campaigns import close_campaign, list_campaigns, open_campaign, open_campaign_now
from data.errors import UserInputError
from data.schema import audit_log
from geo.clock import today


def test_open_then_close_with_the_order_reference(engine):
    with engine.begin() as conn:
        opened = open_campaign(conn, "สำรวจรอบ 1", "Round 1", dt.date(2022, 1, 17), None)
        assert open_campaign_now(conn)["id"] == opened["id"]
        with pytest.raises(UserInputError, match="still open"):
            open_campaign(conn, "สำรวจรอบ 2", "Round 2", dt.date(2022, 2, 1), None)
        closed = close_campaign(conn, opened["id"], dt.date(2022, 9, 30), "มท 0230/ว 5678", None)
    assert closed["closed_order_ref"] == "มท 0230/ว 5678"
    with engine.connect() as conn:
        assert open_campaign_now(conn) is None
        assert [c["closed_on"] for c in list_campaigns(conn)] == [dt.date(2022, 9, 30)]
        actions = conn.execute(sa.select(audit_log.c.action).order_by(audit_log.c.id)).scalars().all()
    assert actions == ["campaign.open", "campaign.close"]


def test_closing_needs_the_order_and_a_sensible_date(engine):
    with engine.begin() as conn:
        opened = open_campaign(conn, "สำรวจรอบ 1", "Round 1", dt.date(2022, 1, 17), None)
        with pytest.raises(UserInputError) as caught:
            close_campaign(conn, opened["id"], dt.date(2021, 1, 1), " ", None)
    assert {p.column for p in caught.value.problems} == {"closed_order_ref", "closed_on"}
    with engine.begin() as conn, pytest.raises(UserInputError, match="after today") as caught:
        close_campaign(conn, opened["id"], today() + dt.timedelta(days=1), "มท 0230/ว 1234", None)  # 2570 for 2569
    assert "โปรดตรวจปี พ.ศ." in caught.value.problems[0].message_th
    with engine.begin() as conn:
        close_campaign(conn, opened["id"], dt.date(2022, 9, 30), "มท 0230/ว 5678", None)
        with pytest.raises(UserInputError, match="already closed"):
            close_campaign(conn, opened["id"], dt.date(2022, 10, 1), "อีกฉบับ", None)
