"""Every page of the site, declared once; the router, the menu and the server routes are built from ``PAGES``.

The order is the menu's order: the public pages first, then the record pages.
"""

from __future__ import annotations

from dashboard.page import Page, legacy_page
from dashboard.pages import (
    campaigns,
    coverage,
    duplicates,
    facilities,
    facility_form,
    find,
    people,
    register,
    stats,
    survey_form,
    tokens,
    upload,
    upload_history,
)

# a module not yet turned into a page package is adapted (its PATH, ROLE, layout(state, ...), register_callbacks)
_MODULES = (
    (coverage, "nav.coverage"),
    (find, "nav.find"),
    (stats, "nav.stats"),
    (register, None),
    (survey_form, "nav.survey"),
    (facilities, "nav.facilities"),
    (facility_form, None),
    (upload, "nav.upload"),
    (upload_history, "nav.uploads"),
    (duplicates, "nav.duplicates"),
    (people, "nav.people"),
    (campaigns, "nav.campaigns"),
    (tokens, "nav.tokens"),
)
PAGES: tuple[Page, ...] = tuple(getattr(m, "PAGE", None) or legacy_page(m, nav) for m, nav in _MODULES)
