"""The printable A4 sheet of practice accounts: one card per account (name, password, the site's address, the three
first steps of its role, in Thai and English), eight to a page, drawn by the app's headless Chromium
(dashboard/renderer.py). The passwords exist only in this answer: the sheet is never stored."""

from __future__ import annotations

from flask import current_app
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.i18n import format_date, t
from dashboard.renderer import renderer_of
from dashboard.ui.server import TEMPLATES
from geo.clock import local

_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def cards_html(accounts: list[dict], site: str) -> str:
    """The sheet as one HTML document (no script, no request: the renderer refuses every request anyway)."""
    cards = []
    for account in accounts:
        steps = zip(
            t(f"practice.steps.{account['role']}", "th").split("|"),
            t(f"practice.steps.{account['role']}", "en").split("|"),
            strict=True,
        )
        day = local(account["expires_at"]).date()
        note = t("practice.card.note", "th", date=format_date(day, "th"))
        note += " · " + t("practice.card.note", "en", date=format_date(day, "en"))
        cards.append({**account, "steps": [(th[3:], en[3:]) for th, en in steps], "note": note})
    labels = {key: f"{t('practice.' + key, 'th')} / {t('practice.' + key, 'en')}" for key in ("username", "password")}
    labels["site"] = f"{t('practice.card.site', 'th')} / {t('practice.card.site', 'en')}"
    band = f"{t('practice.card.title', 'th')} · {t('practice.card.title', 'en')} — {t('practice.banner', 'en')}"
    title = t("practice.card.title", "en")
    return _ENV.get_template("practice_cards.html").render(
        cards=cards, labels=labels, site=site, band=band, title=title
    )


def cards_pdf(accounts: list[dict], site: str) -> bytes:
    """The A4 PDF of the cards (RendererUnavailable, RenderFailed: dashboard/renderer.py)."""
    return renderer_of(current_app.extensions).pdf(cards_html(accounts, site))
