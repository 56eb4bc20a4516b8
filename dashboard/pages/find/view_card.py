"""One result's card: its number, name and distance, what it offers, how fresh the record is, and what to do next
(call, directions, open in the phone's map app)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

from dash import html

from dashboard.i18n import format_date, t
from dashboard.pages.find.ids import CARD
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, SERVICES
from geo.clock import local, now
from geo.thai import ascii_digits, localized

GOOGLE_DIRECTIONS = "https://www.google.com/maps/dir/?api=1&destination={lat},{lon}"


def name(item: Mapping, lang: str) -> str:
    return localized(item, lang) or item.get("name_en") or "–"


def distance(km: float, lang: str) -> str:
    """850 ม. under a kilometre (to 10 m, at least 10 m), 1.2 กม. above."""
    if km < 1:
        return t("find.m", lang, m=f"{max(10, round(km * 1000, -1)):,.0f}")
    return t("find.km", lang, km=f"{km:,.1f}")


def card(number: int, item: Mapping, lang: str, now_applies: bool) -> html.Li:
    """``now_applies``: the search is for today, so "open now" means something."""
    badge = html.Span(str(number), className="find-number", style={"background": FACILITY_TYPES[item["type"]].color})
    head = [
        badge,
        html.Span(name(item, lang), className="find-name fw-bold flex-grow-1"),
        html.Span(distance(item["distance_km"], lang), className="text-nowrap fw-bold"),
    ]
    return html.Li(
        id=CARD.format(number),
        className="find-card",
        children=[
            html.Div(head, className="d-flex gap-2 align-items-start"),
            html.Div(_facts(item, lang, now_applies), className="d-flex flex-wrap gap-2 align-items-center small"),
            *_lines(item, lang),
            html.Div(_actions(item, lang), className="d-flex flex-wrap gap-2 mt-2"),
        ],
    )


def phone_link(phone: str | None) -> tuple[str, str] | None:
    """The first number of a phone field, as shown and as a tel: link (digits and a leading + only)."""
    if not phone:
        return None
    first = re.split(r"[,;/]|ต่อ|ext", str(phone))[0].strip()
    digits = re.sub(r"[^\d+]", "", ascii_digits(first))
    digits = digits[:1] + digits[1:].replace("+", "")
    return (first, "tel:" + digits) if len(digits.lstrip("+")) >= 3 else None


def stale_text(updated_at, lang: str) -> str:
    """How long ago the record was last confirmed (a stored time is UTC; the day is Bangkok's)."""
    if updated_at is None:
        return t("find.stale_unknown", lang)
    at = local(updated_at)
    return t("find.stale", lang, days=f"{(now() - at).days:,}", date=format_date(at.date(), lang))


def _facts(item: Mapping, lang: str, now_applies: bool) -> list:
    facts = []
    status = FACILITY_STATUSES.get(item.get("status") or "")
    if status:
        facts.append(html.Span(status.label(lang), className="badge", style={"background": status.color}))
    if now_applies and item.get("open_now") is not None:
        is_open = item["open_now"]
        facts.append(
            html.Span(
                t("find.open_now.yes" if is_open else "find.open_now.no", lang),
                className="badge " + ("text-bg-success" if is_open else "text-bg-secondary"),
            )
        )
    hours = item.get("opening_hours")
    facts.append(html.Span(t("find.hours", lang, hours=hours) if hours else t("find.hours.unknown", lang)))
    return facts


def _lines(item: Mapping, lang: str) -> list:
    lines = []
    if item.get("services"):
        labels = [SERVICES[s].label(lang) for s in item["services"] if s in SERVICES]
        lines.append(html.Div(t("find.services", lang) + ": " + ", ".join(labels), className="small"))
    if item.get("beds_total"):
        total = f"{item['beds_total']:,}"
        beds = (
            t("find.beds", lang, available=f"{item['beds_available']:,}", total=total)
            if item.get("beds_available") is not None
            else t("find.beds_total", lang, total=total)
        )
        lines.append(html.Div(beds, className="small"))
    if item.get("valid_from") or item.get("valid_to"):
        start, end = format_date(item.get("valid_from"), lang), format_date(item.get("valid_to"), lang)
        lines.append(html.Div(t("find.valid", lang, start=start, end=end), className="small"))
    if item.get("address"):
        lines.append(html.Div(item["address"], className="small text-muted text-break"))
    if item.get("stale"):
        lines.append(html.Div(stale_text(item.get("updated_at"), lang), className="small text-danger fw-bold"))
    if item.get("synthetic"):
        lines.append(html.Div("⚠ " + t("facility.synthetic", lang), className="badge text-bg-warning synthetic-label"))
    return lines


def _actions(item: Mapping, lang: str) -> list:
    lat, lon = f"{float(item['lat']):.6f}", f"{float(item['lon']):.6f}"
    phone = phone_link(item.get("phone"))
    call = (
        html.A(t("find.call", lang, phone=phone[0]), href=phone[1], className="btn btn-success btn-sm")
        if phone
        else html.Span(t("find.no_phone", lang), className="small text-muted align-self-center")
    )
    directions = html.A(
        t("find.directions", lang),
        href=GOOGLE_DIRECTIONS.format(lat=lat, lon=lon),
        target="_blank",
        rel="noopener noreferrer",
        className="btn btn-outline-primary btn-sm",
    )
    geo_uri = f"geo:{lat},{lon}?q={lat},{lon}({quote(name(item, lang))})"
    return [call, directions, html.A(t("find.map_app", lang), href=geo_uri, className="btn btn-link btn-sm")]
