"""The frame of the server-rendered staff pages (templates/base.html) says what the Dash pages' frame says: who is
signed in (name · role · area) and, while reporting is closed, the closed-campaign banner."""

from __future__ import annotations

import datetime as dt

import pytest

from data.campaigns import close_campaign, open_campaign, open_campaign_now
from data.users import create_token, create_user

pytestmark = pytest.mark.usefixtures("quick_hashes")
SERVER_PAGES = ("/home-visits", "/review", "/help-requests")


@pytest.fixture
def coordinator(own_demo):
    with own_demo.state.engine.begin() as conn:
        create_user(conn, "frame_coord", "long-enough-pw", "coordinator", "5001", display_name="สมชาย ใจดี")
        token = create_token(conn, "frame_coord")
    client = own_demo.app.server.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _close_reporting(state) -> None:
    with state.engine.begin() as conn:
        campaign = open_campaign_now(conn) or open_campaign(conn, "สำรวจรอบ 1", "Round 1", dt.date(2022, 1, 17), None)
        close_campaign(conn, campaign["id"], dt.date(2022, 9, 30), "มท 0230/ว 5678", None)


@pytest.mark.parametrize("path", SERVER_PAGES)
def test_server_pages_show_the_closed_campaign_banner_and_who_is_signed_in(own_demo, coordinator, path):
    _close_reporting(own_demo.state)
    thai = coordinator.get(path + "?lang=th").get_data(as_text=True)
    assert 'id="campaign-banner"' in thai and "มท 0230/ว 5678" in thai and "ปิดแล้วเมื่อ 30" in thai
    assert "สมชาย ใจดี · ผู้ประสานงานอำเภอ · เมืองเชียงใหม่ (5001)" in thai
    english = coordinator.get(path + "?lang=en").get_data(as_text=True)
    assert 'id="campaign-banner"' in english and "มท 0230/ว 5678" in english
    assert "สมชาย ใจดี · District coordinator · Mueang Chiang Mai (5001)" in english


def test_the_favicon_is_served_at_the_root(client):
    """/favicon.ico answered 404: a console error on every page."""
    from dashboard.public import PUBLIC_ASSETS

    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    assert answer.get_data() == (PUBLIC_ASSETS / "icon-192.png").read_bytes()
