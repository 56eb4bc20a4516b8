"""Sign-in through the Flask test client: CSRF on the form, failures throttled, sessions end with the password."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from data.users import create_user


@pytest.fixture
def person(demo_state, request):
    name = "auth_" + re.sub(r"\W", "_", request.node.name)[-40:]
    with demo_state.engine.begin() as conn:
        create_user(conn, name, "right-password", "coordinator", "5001")
    return name


def csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def post_login(client, username, password, token=None, addr="127.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token or csrf(client), "next": "/facilities"},
        environ_base={"REMOTE_ADDR": addr},
    )


def test_sign_in_sets_the_session_and_follows_next(demo_app, person):
    client = demo_app.server.test_client()
    answer = post_login(client, person, "right-password")
    assert answer.status_code == 303 and answer.headers["Location"] == "/facilities"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_sign_out_ends_the_session_on_the_server(demo_app, person):
    client = demo_app.server.test_client()
    post_login(client, person, "right-password", addr="10.1.1.2")
    copied = client.get_cookie("jitasa_session").value
    assert client.get("/api/v1/uploads").status_code == 200
    assert client.get("/logout").status_code == 200 and client.get("/api/v1/uploads").status_code == 200
    assert client.post("/logout", headers={"Origin": "http://localhost"}).status_code == 303
    thief = demo_app.server.test_client()
    thief.set_cookie("jitasa_session", copied)
    assert thief.get("/api/v1/uploads").status_code == 401


def test_a_post_without_the_csrf_token_is_refused(demo_app, person):
    client = demo_app.server.test_client()
    client.get("/login")
    answer = client.post("/login", data={"username": person, "password": "right-password", "csrf": "forged"})
    assert answer.status_code == 400 and "This page expired" in answer.get_data(as_text=True)


def test_repeated_failures_are_throttled_even_with_the_right_password(demo_app, person):
    client = demo_app.server.test_client()
    for _ in range(5):
        assert post_login(client, person, "wrong", addr="10.9.9.9").status_code == 401
    answer = post_login(client, person, "right-password", addr="10.9.9.9")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 429 and "Too many failed sign-ins" in text and "โปรดรอ" in text
    # the right password from another address still signs in: typing someone's name cannot lock them out (issue 15)
    assert post_login(client, person, "right-password", addr="10.9.9.10").status_code == 303


def test_changing_the_password_ends_existing_sessions(demo_app, demo_state, person):
    from argon2 import PasswordHasher

    from data.schema import users

    client = demo_app.server.test_client()
    post_login(client, person, "right-password", addr="10.1.1.1")
    assert client.get("/api/v1/uploads").status_code == 200
    with demo_state.engine.begin() as conn:
        conn.execute(
            sa.update(users).where(users.c.username == person).values(password_hash=PasswordHasher().hash("new-one!"))
        )
    assert client.get("/api/v1/uploads").status_code == 401


def test_a_write_with_the_session_but_from_another_site_is_refused(demo_app, person):
    client = demo_app.server.test_client()
    post_login(client, person, "right-password", addr="10.2.2.2")
    forged = client.post("/api/v1/uploads/1/undo", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403 and "CSRF" in forged.get_json()["error"]
    same_site = client.post("/api/v1/uploads/999999/undo", headers={"Origin": "http://localhost"})
    assert same_site.status_code == 404  # passed the check, then: no such upload


def test_x_forwarded_host_counts_only_through_trusted_proxies(demo_app, person):
    """Without JITASA_TRUSTED_PROXIES (the demo app) a request naming another host in X-Forwarded-Host is still
    cross-site; an Authorization header that is not a Bearer token does not switch the check off."""
    client = demo_app.server.test_client()
    post_login(client, person, "right-password", addr="10.2.2.3")
    evil = {"Origin": "https://evil.example", "X-Forwarded-Host": "evil.example"}
    assert client.post("/api/v1/uploads/1/undo", headers=evil).status_code == 403
    basic = {"Origin": "https://evil.example", "Authorization": "Basic Zm9vOmJhcg=="}
    assert client.post("/api/v1/uploads/1/undo", headers=basic).status_code == 403
