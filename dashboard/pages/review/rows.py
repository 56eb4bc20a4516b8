"""The words of the review page: a record's line, its warnings, its outcome and its history (old → new)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dashboard.i18n import format_date, t
from data.home_visit_export import place_name
from data.registries import INTENTIONS, TARGET_GROUPS
from data.review import FIELDS, OUTCOMES
from geo.clock import local

FIELD_KEYS = {name: f"review.field.{name}" for name in FIELDS}


def record_row(item: Mapping[str, Any], registry: Any, lang: str) -> dict[str, Any]:
    """A record as the review lists it."""
    return {
        **item,
        "when": format_date(item["survey_date"], lang),
        "place": place_name(registry, item["subdistrict"], lang)
        + (" " + t("survey.village_n", lang, n=item["village_no"]) if item["village_no"] else ""),
        "person": person_text(item, lang),
        "outcome": OUTCOMES[item["review_status"]].label(lang),
        "warning_texts": [w["label_th"] if lang == "th" else w["label_en"] for w in item.get("warnings", [])],
        "history_rows": [history_row(e, lang) for e in item.get("history", [])],
    }


def correction_values(item: Mapping[str, Any]) -> dict[str, Any]:
    """The correction form's boxes filled with the record as stored (text, as the boxes hold it)."""
    values = {name: "" if item.get(name) is None else item[name] for name in FIELDS}
    values["survey_date"] = item["survey_date"].isoformat() if item.get("survey_date") else ""
    return values | {"needs_home_visit": bool(item.get("needs_home_visit")), "note": ""}


def person_text(item: Mapping[str, Any], lang: str) -> str:
    group = TARGET_GROUPS.get(item["target_group"])
    parts = [group.label(lang) if group else item["target_group"], t("survey.years", lang, n=item["age"])]
    parts.append(t("survey.doses_n", lang, n=item["doses_received"]))
    if item["intention"] in INTENTIONS:
        parts.append(INTENTIONS[item["intention"]].label(lang))
    if item.get("needs_home_visit"):
        parts.append(t("survey.home_visit_short", lang))
    return " · ".join(parts)


def history_row(event: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """One event: when, who, the outcome, the note, and each change as field: old → new."""
    at = event["at"]
    when = f"{format_date(local(at).date(), lang)} {local(at):%H:%M}" if isinstance(at, dt.datetime) else str(at)
    return {
        "when": when,
        "who": event.get("username") or "",
        "outcome": OUTCOMES[event["status"]].label(lang) if event["status"] in OUTCOMES else event["status"],
        "note": event.get("note") or "",
        "changes": [
            {
                "field": t(FIELD_KEYS.get(c["field"], "review.field.reason"), lang),
                "old": _shown(c["field"], c["old"], lang),
                "new": _shown(c["field"], c["new"], lang),
            }
            for c in event.get("changes", [])
        ],  # fmt: skip
    }


def _shown(field: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return "–"
    if field == "target_group" and value in TARGET_GROUPS:
        return TARGET_GROUPS[value].label(lang)
    if field == "intention" and value in INTENTIONS:
        return INTENTIONS[value].label(lang)
    if field == "needs_home_visit":
        return t("review.yes", lang) if value else t("review.no", lang)
    if field == "survey_date":
        return format_date(dt.date.fromisoformat(value), lang) if isinstance(value, str) else str(value)
    return str(value)


def outcome_choices(lang: str) -> list[tuple[str, str]]:
    return [(e.code, e.label(lang)) for e in OUTCOMES]
