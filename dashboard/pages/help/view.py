"""The words of /help and /help/status in the reader's language (dashboard/i18n_public.py): pure functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.i18n_public import pt, public_date
from dashboard.ui.dates import duration_text
from data.errors import Problem
from data.registries import HELP_NEEDS
from geo.clock import local

FIELDS = ("need", "name", "phone", "people", "lat", "lon", "subdistrict", "district", "province", "note")
# which public sentence stands for a problem of each field in Burmese, Khmer and Lao (Thai and English read the
# data layer's own message, which says more)
_PROBLEM_KEYS = {
    "need": "help.bad.need",
    "name": "help.bad.name",
    "phone": "help.bad.phone",
    "people": "help.bad.people",
    "note": "help.bad.note",
}


def needs(selected: str | None, lang: str) -> list[dict[str, Any]]:
    """The choices of what a person needs, in the registry's order."""
    return [{"value": c, "label": pt(f"need.{c}", lang), "checked": c == selected} for c in HELP_NEEDS.codes]


def problem_lines(problems: list[Problem], lang: str) -> list[str]:
    """One line per problem: the data layer's words in Thai and English, the page's own in the other languages."""
    if lang in ("th", "en"):
        return [p.message_th if lang == "th" else p.message_en for p in problems]
    keys = [_PROBLEM_KEYS.get(p.column or "", "help.bad.place") for p in problems]
    return [pt(key, lang) for key in dict.fromkeys(keys)]


def when(moment: dt.datetime, lang: str) -> str:
    """A step's time in Thailand: 5 ธ.ค. 2569 14:05."""
    there = local(moment)
    return f"{public_date(there.date(), lang)} {there:%H:%M}"


def spaced(reference: str) -> list[str]:
    """The reference's characters, each shown on its own so that it can be read out one by one."""
    return list(reference)


def status_view(answer: dict[str, Any], lang: str) -> dict[str, Any]:
    """The status page's words for data.help_requests.public_status's answer."""
    return {
        "reference": answer["reference"],
        "chars": spaced(answer["reference"]),
        "status": answer["status"],
        "label": pt(f"hstatus.{answer['status']}", lang),
        "waited": pt("help.status.waited", lang, time=duration_text(answer["waiting_minutes"], lang)),
        "steps": [
            {"label": pt(f"hstatus.{h['status']}", lang), "when": when(h["at"], lang)} for h in answer["history"]
        ],
    }
