"""What every page's frame says, on Dash pages (dashboard/components.py) and server pages (templates/base.html)
alike: who is signed in, and that reporting is closed."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.i18n import format_date, t
from dashboard.ui.areas import area_label
from data.campaigns import list_campaigns, open_campaign_now
from data.registries import ROLES
from geo.thai import localized


def signed_in_text(user: dict, registry, lang: str) -> str:
    """สมศรี · อาสาสมัคร · ศรีภูมิ (500101): the person's name (or username), role and area."""
    name = user.get("display_name") or user["username"]
    role = ROLES.get(user.get("role"))
    parts = [name, role.label(lang) if role else user.get("role") or "–", area_label(registry, user.get("area"), lang)]
    return " · ".join(parts)


def campaign_closed_text(conn: sa.Connection, lang: str) -> str | None:
    """The banner's words while no reporting campaign is open (the last one closed, on which date and by which
    order), or None while one is open: data stays readable, new survey records are refused."""
    if open_campaign_now(conn) is not None:
        return None
    closed = list_campaigns(conn)
    if not closed:
        return t("campaign.none_open", lang)
    last = closed[0]
    return t(
        "campaign.closed",
        lang,
        name=localized(last, lang),
        date=format_date(last["closed_on"], lang),
        order=last["closed_order_ref"] or "–",
    )
