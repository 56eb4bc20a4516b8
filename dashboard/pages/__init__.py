"""Every page of the site, declared once; the router, the menu and the server routes are built from ``PAGES``.

The order is the menu's order: the public pages first, then the record pages. Each page module or package declares
its own ``PAGE`` (path, role, menu label, layout and callbacks, or a server view): see dashboard/page.py.
"""

from __future__ import annotations

from dashboard.page import Page
from dashboard.pages import (
    audit,
    campaigns,
    coverage,
    duplicates,
    facilities,
    facility_form,
    find,
    help,
    help_queue,
    home_visits,
    people,
    practice,
    register,
    review,
    stats,
    survey_form,
    tokens,
    upload,
    upload_history,
)

PAGES: tuple[Page, ...] = (
    coverage.PAGE,
    find.PAGE,
    help.PAGE,
    help.STATUS_PAGE,
    stats.PAGE,
    register.PAGE,
    survey_form.PAGE,
    help_queue.PAGE,
    facilities.PAGE,
    facility_form.PAGE,
    upload.PAGE,
    upload_history.PAGE,
    duplicates.PAGE,
    home_visits.PAGE,
    review.PAGE,
    people.PAGE,
    campaigns.PAGE,
    audit.PAGE,
    tokens.PAGE,
    practice.PAGE,
)
