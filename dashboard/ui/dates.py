"""Dates and times as people read and type them: Buddhist era in Thai, Thai time (``geo.clock``) for stored moments."""

from __future__ import annotations

import datetime as dt

from dashboard.i18n import format_date
from geo.clock import local


def date_input_text(day: dt.date | str | None, lang: str) -> str:
    """A date as a person types it in a form: 31/12/2564 in Thai (Buddhist era), 31/12/2021 in English."""
    if not day:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    year = day.year + 543 if lang == "th" else day.year
    return f"{day.day:02d}/{day.month:02d}/{year}"


def moment_text(moment: dt.datetime | None, lang: str) -> str:
    """A stored time as Thai time: 26 พ.ย. 2569 14:05 (naive times, as SQLite keeps them, are UTC)."""
    if moment is None:
        return "–"
    at = local(moment)
    return f"{format_date(at.date(), lang)} {at:%H:%M}"


def duration_text(minutes: int, lang: str) -> str:
    """A waiting time as a person says it, in any of the public pages' five languages (staff pages: th, en):
    45 นาที · 2 h 5 min · 1 days 4 h."""
    from dashboard.i18n_public import pt

    if minutes < 60:
        return pt("help.minutes", lang, n=minutes)
    hours, mins = divmod(minutes, 60)
    if hours < 24:
        return pt("help.hours", lang, h=hours, m=mins)
    days, hours = divmod(hours, 24)
    return pt("help.days", lang, d=days, h=hours)
