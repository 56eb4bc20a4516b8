"""geo/clock.py: Bangkok is UTC+7 all year."""

import datetime as dt

from geo import clock


def test_local_takes_naive_moments_as_utc():
    assert clock.local(dt.datetime(2021, 12, 31, 17, 0)).date() == dt.date(2022, 1, 1)
    aware = dt.datetime(2021, 12, 31, 16, 59, tzinfo=dt.UTC)
    assert clock.local(aware).date() == dt.date(2021, 12, 31)


def test_day_start_is_17_utc_the_day_before():
    assert clock.day_start(dt.date(2022, 1, 1)) == dt.datetime(2021, 12, 31, 17, 0, tzinfo=dt.UTC)


def test_now_and_today_are_bangkoks():
    assert clock.now().utcoffset() == dt.timedelta(hours=7)
    assert clock.today() in {clock.now().date(), (clock.now() - dt.timedelta(seconds=5)).date()}
