"""The shared follow-up model (data/followup.py): flows, events, history and waiting time, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from data import followup
from data.errors import Conflict, UserInputError
from data.users import create_user

T0 = dt.datetime(2022, 1, 20, 9, 0, tzinfo=dt.UTC)


def test_a_help_request_moves_through_its_flow_and_keeps_each_step(engine):
    with engine.begin() as conn:
        coordinator = create_user(conn, "f_coord", "password-123456", "coordinator", "5001")
        followup.start(conn, "help_request", 7, at=T0)
        followup.move(
            conn, "help_request", 7, "waiting", "assigned", coordinator, "ให้อาสา ก", at=T0 + dt.timedelta(minutes=30)
        )
        followup.move(
            conn, "help_request", 7, "assigned", "being_helped", coordinator, at=T0 + dt.timedelta(minutes=45)
        )
        followup.move(conn, "help_request", 7, "being_helped", "done", coordinator, at=T0 + dt.timedelta(hours=2))
        followup.start(conn, "home_visit", 7, at=T0)  # another kind, the same id: a queue of its own
    with engine.connect() as conn:
        events = followup.history(conn, "help_request", 7)
        ends = followup.wait_ends(conn, "help_request", [7, 8])
    assert [e["status"] for e in events] == ["waiting", "assigned", "being_helped", "done"]
    assert events[1]["username"] == "f_coord" and events[1]["note"] == "ให้อาสา ก" and events[0]["by_user"] is None
    assert followup.waiting_minutes(T0, ends[7]) == 45 and 8 not in ends


def test_moves_the_flow_does_not_allow_are_refused_in_both_languages():
    with pytest.raises(Conflict, match="cannot move from Done to Waiting") as caught:
        followup.check_move("help_request", "done", "waiting")
    assert "เปลี่ยนสถานะ" in caught.value.message_th and caught.value.status == 409
    with pytest.raises(UserInputError, match="unknown status 'finished'") as caught:
        followup.check_move("help_request", "waiting", "finished")
    assert caught.value.status == 422
    followup.check_move("help_request", "assigned", "assigned")  # reassigning is a move
    followup.check_move("home_visit", "not_home", "planned")  # not at home stays open for another try
    with pytest.raises(ValueError):
        followup.flow("parcel")


def test_open_statuses_and_waiting_minutes():
    assert followup.flow("help_request").open == ("waiting", "assigned", "being_helped", "unreachable")
    assert followup.waiting_minutes(T0, now=T0 + dt.timedelta(minutes=90, seconds=59)) == 90
    naive = T0.replace(tzinfo=None)  # SQLite gives back naive UTC
    assert followup.waiting_minutes(naive, now=T0 + dt.timedelta(hours=1)) == 60
    assert followup.waiting_minutes(T0, now=T0 - dt.timedelta(minutes=5)) == 0


def test_times_are_stored_as_utc_whatever_zone_they_come_in(engine):
    bangkok = T0.astimezone(followup.clock_now().tzinfo)  # 16:00 in Bangkok is 09:00 UTC
    with engine.begin() as conn:
        followup.start(conn, "survey_review", 3, at=bangkok)
    with engine.connect() as conn:
        (event,) = followup.history(conn, "survey_review", 3)
    assert followup.utc(event["at"]) == T0  # SQLite keeps no zone: a Bangkok wall time would read 7 hours late
