"""One result's card as the template draws it: number, name (and the other name where one exists), distance, what it
is and offers, whether it is open, and what to do next — call it, or a hotline where it has no number; directions;
the phone's map app. How fresh the record is: said once for the list (``stale_line``), on a card only when its date
differs from the list's."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from urllib.parse import quote

from dashboard.i18n_public import PUBLIC, pt, public_date, public_month
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from geo.clock import local
from geo.thai import ascii_digits

GOOGLE_DIRECTIONS = "https://www.google.com/maps/dir/?api=1&destination={lat},{lon}"
HOSPITAL_TYPES = ("hospital", "field_hospital")  # their cards give the emergency number where they have none
HOTLINES = {"ddc": ("1422", "find.hotline.ddc"), "emergency": ("1669", "find.hotline.emergency")}


def names(item: Mapping, lang: str) -> tuple[str, str]:
    """(the name to show, the other name beside it or ""): names stay as recorded; English first on the English
    page, Thai first on the others, the English name beside it where one exists."""
    th, en = (item.get("name_th") or "").strip(), (item.get("name_en") or "").strip()
    first, second = (en, th) if lang == "en" and en else (th or en, en)
    return first or "–", second if second and second != first else ""


def distance(km: float, lang: str) -> str:
    """850 m under a kilometre (to 10 m, at least 10 m), 1.2 km above."""
    if km < 1:
        return pt("find.m", lang, m=f"{max(10, round(km * 1000, -1)):,.0f}")
    return pt("find.km", lang, km=f"{km:,.1f}")


def phone_link(phone: str | None) -> tuple[str, str] | None:
    """The first number of a phone field, as shown and as a tel: link (digits and a leading + only)."""
    if not phone:
        return None
    first = re.split(r"[,;/]|ต่อ|ext", str(phone))[0].strip()
    digits = re.sub(r"[^\d+]", "", ascii_digits(first))
    digits = digits[:1] + digits[1:].replace("+", "")
    return (first, "tel:" + digits) if len(digits.lstrip("+")) >= 3 else None


def confirmed_month(item: Mapping, lang: str) -> str | None:
    """The month the record was last confirmed, in the reader's words (None when unknown)."""
    updated = item.get("updated_at")
    return public_month(local(updated).date(), lang) if updated is not None else None


def list_month(items: list[Mapping], lang: str) -> str | None:
    """The month most stale places of the list were last confirmed (None when none is stale)."""
    months = Counter(confirmed_month(r, lang) for r in items if r.get("stale") and r.get("updated_at") is not None)
    return months.most_common(1)[0][0] if months else None


def card(
    number: int,
    item: Mapping,
    lang: str,
    now_applies: bool,
    stale_month: str | None,
    show_type: bool,
    vaccination: bool = False,
) -> dict:
    """Everything the template shows of one result. ``now_applies``: the search is for today, so "open now" means
    something; ``stale_month``: the list's line already says this month; ``show_type``: the list mixes types;
    ``vaccination``: the person is looking for a vaccination (the hotline for it is the card's first call)."""
    name, other = names(item, lang)
    kind = FACILITY_TYPES[item["type"]]
    return {
        "number": number,
        "name": name,
        "other_name": other,
        "distance": distance(item["distance_km"], lang),
        "color": kind.color,
        "lat": f"{float(item['lat']):.6f}",
        "lon": f"{float(item['lon']):.6f}",
        "type": pt(f"type.{kind.code}", lang) if show_type else "",
        "facts": _facts(item, lang, now_applies),
        "lines": _lines(item, lang),
        "stale": _stale(item, lang, stale_month),
        "synthetic": bool(item.get("synthetic")),
        "calls": _calls(item, lang, vaccination),
        "directions": GOOGLE_DIRECTIONS.format(lat=f"{float(item['lat']):.6f}", lon=f"{float(item['lon']):.6f}"),
        "geo": _geo_uri(item, name),
    }


def _facts(item: Mapping, lang: str, now_applies: bool) -> list[tuple[str, str]]:
    """(text, css class) badges: a status that says something (an "open" confirmed long ago does not), open now by
    the hours; "status not known" when neither is known; the hours."""
    facts = []
    status = FACILITY_STATUSES.get(item.get("status") or "")
    if status and (status.code != "open" or not item.get("stale")):
        facts.append((pt(f"status.{status.code}", lang), f"badge status-{status.code}"))
    known_now = now_applies and item.get("open_now") is not None
    if known_now:
        is_open = item["open_now"]
        facts.append(
            (
                pt("find.open_now.yes" if is_open else "find.open_now.no", lang),
                "badge open" if is_open else "badge shut",
            )
        )
    if not facts:
        facts.append((pt("find.status_unknown", lang), "badge unknown"))
    hours = item.get("opening_hours")
    facts.append((pt("find.hours", lang, hours=hours) if hours else pt("find.hours.unknown", lang), "hours"))
    return facts


def _lines(item: Mapping, lang: str) -> list[str]:
    lines = []
    if item.get("services"):
        labels = [pt(f"service.{s}", lang) for s in item["services"] if f"service.{s}" in PUBLIC]
        if labels:
            lines.append(pt("find.services", lang) + ": " + ", ".join(labels))
    if item.get("beds_total"):
        total = f"{item['beds_total']:,}"
        beds = (
            pt("find.beds", lang, available=f"{item['beds_available']:,}", total=total)
            if item.get("beds_available") is not None
            else pt("find.beds_total", lang, total=total)
        )
        lines.append(beds)
    if item.get("valid_from") or item.get("valid_to"):
        start, end = public_date(item.get("valid_from"), lang), public_date(item.get("valid_to"), lang)
        lines.append(pt("find.valid", lang, start=start, end=end))
    return lines


def _stale(item: Mapping, lang: str, stale_month: str | None) -> str:
    """A card's own staleness: only when the list's line does not already say it."""
    if not item.get("stale"):
        return ""
    if item.get("updated_at") is None:
        return pt("find.stale.unknown", lang)
    if confirmed_month(item, lang) == stale_month:
        return ""
    return pt("find.stale.card", lang, date=public_date(local(item["updated_at"]).date(), lang))


def _calls(item: Mapping, lang: str, vaccination: bool = False) -> list[dict]:
    """The place's number; where it has none, the hotlines: the Department of Disease Control's 1422 (vaccination,
    tests) on every card, and on a hospital's the emergency number 1669 too, first unless the person is looking for a
    vaccination (a question about a vaccine is not an emergency call)."""
    phone = phone_link(item.get("phone"))
    if phone:
        return [{"text": pt("find.call", lang, phone=phone[0]), "href": phone[1], "main": True}]
    lines: tuple[str, ...] = ("ddc",)
    if item["type"] in HOSPITAL_TYPES:
        lines = ("ddc", "emergency") if vaccination else ("emergency", "ddc")
    return [
        {"text": pt(HOTLINES[line][1], lang), "href": "tel:" + HOTLINES[line][0], "main": n == 0, "hotline": True}
        for n, line in enumerate(lines)
    ]


def _geo_uri(item: Mapping, name: str) -> str:
    lat, lon = f"{float(item['lat']):.6f}", f"{float(item['lon']):.6f}"
    return f"geo:{lat},{lon}?q={lat},{lon}({quote(name)})"
