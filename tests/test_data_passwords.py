"""Passwords and sessions (data/passwords.py, data/sessions.py): the rule, one-time reset codes, server-side
sessions ending, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from data import sessions
from data.errors import UserInputError
from data.passwords import change_password, issue_reset_code, password_problems, reset_with_code
from data.schema import password_resets, user_sessions, users
from data.scope import AccessDenied
from data.users import create_user

PW = "long-enough-pw"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr("data.users._hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.mark.parametrize(
    "password",
    ["password", "PASSWORD", "aaaaaaaa", "abababab", "12345678", "87654321", "abcdefgh", "short", "x" * 129],
)
def test_common_repeated_sequential_short_or_long_passwords_are_refused(password):
    assert password_problems(password)


@pytest.mark.parametrize("password", ["somchai-2024!", "my jitasa pass", "มีสุข มากมาย 2567"])
def test_a_password_with_the_persons_own_words_is_refused(password):
    assert "must not contain" in password_problems(password, "somchai", "สมศรี มีสุข")[0][2]


@pytest.mark.parametrize("password", ["ฝนตกที่เชียงใหม่", "correct horse battery", "long-enough-pw", "Tr0ub4dor&3x"])
def test_any_other_password_of_eight_characters_or_more_is_fine(password):
    assert password_problems(password, "somchai", "สมศรี มีสุข") == []


def _person(conn, username, role="volunteer", area="500101") -> dict:
    user_id = create_user(conn, username, PW, role, area)
    return dict(conn.execute(sa.select(users).where(users.c.id == user_id)).mappings().one())


def test_a_session_ends_at_sign_out_at_a_password_change_and_when_idle(engine):
    with engine.begin() as conn:
        person = _person(conn, "somsri")
        first, second = sessions.start_session(conn, person["id"], 12), sessions.start_session(conn, person["id"], 12)
        assert sessions.session_user(conn, first, 30)["username"] == "somsri"
        sessions.end_session(conn, first)
        assert sessions.session_user(conn, first, 30) is None and sessions.session_user(conn, second, 30)
        with pytest.raises(UserInputError, match="current password is wrong"):
            change_password(conn, person, "not it", "ฝนตกที่เชียงใหม่", "ฝนตกที่เชียงใหม่")
        change_password(conn, person, PW, "ฝนตกที่เชียงใหม่", "ฝนตกที่เชียงใหม่")
        assert sessions.session_user(conn, second, 30) is None
        idle = sessions.start_session(conn, person["id"], 12)
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)
        conn.execute(sa.update(user_sessions).values(last_seen_at=long_ago))
        assert sessions.session_user(conn, idle, 30) is None and sessions.session_user(conn, idle, 60) is not None
        conn.execute(sa.update(user_sessions).values(expires_at=dt.datetime.now(dt.UTC)))
        assert sessions.session_user(conn, idle, 60) is None
        stored = conn.execute(sa.select(user_sessions.c.token_hash)).scalars().all()
        assert first not in stored and idle not in stored  # only hashes are kept


def test_a_reset_code_works_once_for_its_account_until_it_expires_or_is_replaced(engine):
    with engine.begin() as conn:
        padmin, other_padmin = (
            _person(conn, "padmin", "province_admin", "50"),
            _person(conn, "pbkk", "province_admin", "10"),
        )
        vol, coord = _person(conn, "somsri"), _person(conn, "coord", "coordinator", "5001")
        for outsider in (other_padmin, coord, vol):
            with pytest.raises(AccessDenied, match="may not manage this account"):
                issue_reset_code(conn, vol["id"], outsider)
        first = issue_reset_code(conn, vol["id"], padmin)
        second = issue_reset_code(conn, vol["id"], padmin)
        new = "ฝนตกที่เชียงใหม่"
        assert reset_with_code(conn, vol["id"], first["code"], new, new) is None  # replaced by the second
        assert reset_with_code(conn, coord["id"], second["code"], new, new) is None  # another account's
        with pytest.raises(UserInputError, match="too easy"):
            reset_with_code(conn, vol["id"], second["code"], "password", "password")  # the code is kept
        sessions_before = sessions.start_session(conn, vol["id"], 12)
        assert reset_with_code(conn, vol["id"], second["code"].lower().replace("-", " "), new, new)["id"] == vol["id"]
        assert sessions.session_user(conn, sessions_before, 30) is None
        assert reset_with_code(conn, vol["id"], second["code"], new, new) is None  # used
        third = issue_reset_code(conn, vol["id"], padmin)
        conn.execute(sa.update(password_resets).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        assert reset_with_code(conn, vol["id"], third["code"], new, new) is None  # expired
        assert third["code"] not in str(conn.execute(sa.select(password_resets)).all())
