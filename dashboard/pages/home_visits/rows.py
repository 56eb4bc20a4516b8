"""The words of the home-visit page's rows: place, person, status, waiting time, the choices of each form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dashboard.i18n import format_date, t
from data import followup, scope
from data.home_visit_export import place_name
from data.home_visits import KIND, STATUSES
from data.registries import INTENTIONS, TARGET_GROUPS


def visit_row(item: Mapping[str, Any], registry: Any, lang: str) -> dict[str, Any]:
    """One visit as the page shows it."""
    group = TARGET_GROUPS.get(item["target_group"])
    person = [group.label(lang) if group else item["target_group"], t("survey.years", lang, n=item["age"])]
    person.append(t("survey.doses_n", lang, n=item["doses_received"]))
    if item["intention"] in INTENTIONS:
        person.append(INTENTIONS[item["intention"]].label(lang))
    village = t("survey.village_n", lang, n=item["village_no"]) if item["village_no"] else ""
    return {
        **item,
        "place": " ".join(p for p in (place_name(registry, item["subdistrict"], lang), village) if p),
        "person": " · ".join(person),
        "status_label": STATUSES[item["status"]].label(lang),
        "planned": format_date(item["planned_on"], lang) if item["planned_on"] else "",
        "waiting": waiting_text(item.get("waiting_minutes"), lang),
        "assigned": item.get("assigned_name") or item.get("assigned_username") or "",
        "moves": moves(item["status"], lang),
        "map_link": _map_link(item),
    }


def waiting_text(minutes: int | None, lang: str) -> str:
    """ "3 วัน 4 ชม." / "3 d 4 h" (days and hours; minutes under an hour)."""
    if minutes is None:
        return ""
    days, rest = divmod(minutes, 24 * 60)
    if days:
        return t("visits.waiting_days", lang, days=days, hours=rest // 60)
    return t("visits.waiting_hours", lang, hours=rest // 60, minutes=rest % 60)


def moves(status: str, lang: str) -> list[tuple[str, str]]:
    """(code, label) of the statuses a visit in ``status`` may move to (the follow-up model's flow)."""
    allowed = followup.flow(KIND).moves.get(status, ())
    return [(code, STATUSES[code].label(lang)) for code in allowed]


def assignable_for(people: list[dict], subdistrict: str) -> list[dict]:
    """The people whose area holds the record's subdistrict (data/home_visits.py assigns only them)."""
    return [p for p in people if scope.within(subdistrict, p["area"])]


def day_label(day: dt.date, lang: str) -> str:
    return format_date(day, lang)


def _map_link(item: Mapping[str, Any]) -> str | None:
    """A geo: link (the phone's own map app opens it; nothing is fetched from here)."""
    if item.get("lat") is None or item.get("lon") is None:
        return None
    return f"geo:{item['lat']:.6f},{item['lon']:.6f}"
