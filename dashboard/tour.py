"""Guided first steps: a few screens per role that point at the real controls, and the practice space's banner.

The steps are data (which page, which element by id, which sentence of the catalogue); dashboard/assets/jitasa_tour.js
shows them: it highlights the element, says the sentence in the reader's language, and offers to open the step's page
when the reader is elsewhere. The "First steps" button in the menu (and in the practice banner) reopens the tour at
any time; inside a practice space it opens by itself on the first visit.
"""

from __future__ import annotations

import json

from dash import html

from dashboard.i18n import t
from data.registries import ROLES

BANNER, OPEN, OPEN_BANNER = "practice-banner", "tour-open", "tour-open-banner"

# role → steps: (the page's path, or a path prefix ending in "/", the element's id, the catalogue key)
_VOLUNTEER = (
    ("/survey", BANNER, "tour.volunteer.1"),
    ("/survey", "survey-subdistrict", "tour.volunteer.2"),
    ("/survey", "survey-group", "tour.volunteer.3"),
    ("/survey", "survey-save", "tour.volunteer.4"),
)
_COORDINATOR = (
    ("/facilities", BANNER, "tour.coordinator.1"),
    ("/facilities", "facilities-items", "tour.coordinator.2"),
    ("/facility/", "facility-form-save", "tour.coordinator.3"),
    ("/uploads", "uploads-table", "tour.coordinator.4"),
)
_ADMIN = (
    ("/stats", "stats-cards", "tour.province_admin.1"),
    ("/stats", "stats-measure", "tour.province_admin.2"),
    ("/stats", "stats-table", "tour.province_admin.3"),
)
GO = {"/facility/": "/facilities"}  # where to go for a step on any page under a path: the list to pick one from
STEPS = {"volunteer": _VOLUNTEER, "coordinator": _COORDINATOR, "province_admin": _ADMIN, "national_admin": _ADMIN}


def tour_steps(role: str, lang: str) -> list[dict[str, str]]:
    """The steps of a role, ready for the browser: path, target (an element id), text, go (the page to open)."""
    return [
        {"path": path, "target": target, "text": t(key, lang), "go": GO.get(path, path)}
        for path, target, key in STEPS.get(role, ())
    ]


def _words(lang: str) -> str:
    return json.dumps({k: t(f"tour.{k}", lang) for k in ("next", "back", "close", "done", "go")}, ensure_ascii=False)


def tour_button(lang: str, user: dict | None, element_id: str = OPEN, practice: str = "") -> html.Button | None:
    """The button that opens the tour (None for nobody signed in): it carries the steps as data for the script."""
    if user is None or user.get("role") not in ROLES:
        return None
    data = {
        "data-steps": json.dumps(tour_steps(user["role"], lang), ensure_ascii=False),
        "data-words": _words(lang),
        "data-user": f"{practice}:{user['username']}",
        "data-autostart": "1" if practice and element_id == OPEN_BANNER else "",
    }
    return html.Button(
        "➜ " + t("nav.tour", lang), id=element_id, className="btn btn-link nav-link d-inline px-2 tour-open", **data
    )


def practice_text() -> str:
    """The banner's words, in both languages whatever the reader chose."""
    return f"{t('practice.banner', 'th')} — {t('practice.banner', 'en')}"


def practice_banner(lang: str, user: dict | None, space: str) -> html.Div:
    """The banner of every Dash page in a practice space (server pages show the same: templates/base.html)."""
    parts = [html.Strong(practice_text()), html.Span(" · " + t("practice.space", lang, space=space), className="small")]
    button = tour_button(lang, user, OPEN_BANNER, space)
    return html.Div(
        parts + ([button] if button else []),
        id=BANNER,
        role="status",
        className="practice-banner",
    )
