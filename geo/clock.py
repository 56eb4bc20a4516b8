"""Thailand's clock: every "today" and "now" of the app is Bangkok's (UTC+7, no daylight saving)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def now() -> dt.datetime:
    """The current moment, aware, in Bangkok time."""
    return dt.datetime.now(BANGKOK)


def today() -> dt.date:
    """Today's date in Bangkok (after 17:00 UTC it is already tomorrow there)."""
    return now().date()


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Bangkok time; a naive moment is taken as UTC (SQLite gives back naive UTC timestamps)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(BANGKOK)


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of a Bangkok day, in UTC."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=BANGKOK).astimezone(dt.UTC)
