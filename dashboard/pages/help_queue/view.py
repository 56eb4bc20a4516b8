"""The queue page's rows and choices from data/help_queue.py's rows: pure functions (Thai or English)."""

from __future__ import annotations

from typing import Any

from dashboard.i18n import t
from dashboard.ui.dates import duration_text, moment_text
from data.help_queue import VOLUNTEER_MOVES
from data.help_requests import FLOW
from data.registries import HELP_NEEDS, HELP_STATUSES, ROLES

# the move form's boxes: a problem names the box by its label, never by its code (assigned_to)
MOVE_LABELS = {"status": "help_queue.move", "assigned_to": "help_queue.assign_to", "note": "help_queue.note"}


def status_choices(selected: str, lang: str) -> list[dict[str, Any]]:
    """The status filter: the open ones (default), each status, everything."""
    options = [("open", t("help_queue.open", lang))]
    options += [(e.code, e.label(lang)) for e in HELP_STATUSES] + [("all", t("help_queue.all", lang))]
    return [{"value": v, "label": label, "selected": v == selected} for v, label in options]


def need_choices(selected: str, lang: str) -> list[dict[str, Any]]:
    options = [("", t("help_queue.all_needs", lang))] + [(e.code, e.label(lang)) for e in HELP_NEEDS]
    return [{"value": v, "label": label, "selected": v == selected} for v, label in options]


def statuses_for(choice: str) -> tuple[str, ...]:
    """The statuses a filter choice stands for."""
    if choice == "all":
        return tuple(HELP_STATUSES.codes)
    return (choice,) if choice in HELP_STATUSES else FLOW.open


def moves(user: dict, status: str, lang: str) -> list[dict[str, str]]:
    """The statuses this person may move a request in ``status`` to."""
    allowed = FLOW.moves.get(status, ())
    if user.get("role") == "volunteer":
        allowed = tuple(s for s in allowed if s in VOLUNTEER_MOVES)
    return [{"value": s, "label": HELP_STATUSES[s].label(lang)} for s in allowed]


def person_label(person: dict, lang: str) -> str:
    name = person.get("display_name") or person["username"]
    return f"{name} ({ROLES[person['role']].label(lang)}, {person['area']})" if person.get("role") in ROLES else name


def row_view(row: dict, registry, lang: str, user: dict, people: list[dict]) -> dict[str, Any]:
    """One request as the page shows it, with where to draw it on the map (its point, else its subdistrict's
    middle) and the moves this person may make."""
    place = registry.get(row["subdistrict"])
    name = "" if place is None else (place["name_th"] if lang == "th" else place["name_en"])
    lat, lon = row["lat"], row["lon"]
    if lat is None and place is not None:
        lat, lon = (place["min_lat"] + place["max_lat"]) / 2, (place["min_lon"] + place["max_lon"]) / 2
    return {
        **row,
        "need_label": HELP_NEEDS[row["need"]].label(lang) if row["need"] in HELP_NEEDS else row["need"],
        "status_label": HELP_STATUSES[row["status"]].label(lang),
        "color": HELP_STATUSES[row["status"]].color,
        "waiting": duration_text(row["waiting_minutes"], lang),
        "created": moment_text(row["created_at"], lang),
        "place": f"{name} ({row['subdistrict']})",
        "map_lat": lat,
        "map_lon": lon,
        "assignee": row.get("assigned_name") or row.get("assigned_username") or "",
        "moves": moves(user, row["status"], lang),
        "people_choices": [
            {"value": p["id"], "label": person_label(p, lang), "selected": p["id"] == row["assigned_to"]}
            for p in people
        ],
    }
