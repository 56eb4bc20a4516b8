"""The finder's page from a search: the form as the search left it, what is wrong with the search or where to search
from, the list (cards.py) with the words around it, and what the map needs. Pure: state comes in as arguments."""

from __future__ import annotations

import datetime as dt

from dashboard.i18n_public import pt, public_date
from dashboard.pages.find.cards import card, distance, list_month
from dashboard.pages.find.search import VACCINATION, Search, more_k
from dashboard.ui.areas import area_path
from data.finder import MAX_K
from data.finder_query import MAX_KM_CHOICES
from data.registries import FACILITY_TYPES, SERVICES
from geo.thai import localized

FILTERS = ("open_now", "service", "max_km", "date")  # folded under "more filters" unless one is set


def choices(search: Search, lang: str) -> list[dict]:
    """What to look for: vaccination (any place that vaccinates) first, then each facility type."""
    options = [(VACCINATION, pt("find.vaccination", lang))]
    options += [(code, pt(f"type.{code}", lang)) for code in FACILITY_TYPES.codes]
    return [{"value": v, "label": label, "checked": v == search.what} for v, label in options]


def what_label(search: Search, lang: str) -> str:
    """The chosen type's label; none for a type the form does not offer (a link's ``type=any``: every kind)."""
    return next((c["label"] for c in choices(search, lang) if c["checked"]), "") if search.what else ""


def filters(search: Search, lang: str) -> dict:
    """The filters as the form shows them (``open``: the fold is open when the search sets one)."""
    args = search.parsed.args
    chosen = [s for s in args.get("service", "").split(",") if s]
    shown = [s for s in SERVICES.codes if not (search.what == VACCINATION and s == VACCINATION)]
    return {
        "open": any(key in search.link for key in FILTERS),
        "open_now": bool(args.get("open_now")),
        "services": [{"value": s, "label": pt(f"service.{s}", lang), "checked": s in chosen} for s in shown],
        "max_km": [{"value": "", "label": pt("find.max_km.any", lang), "selected": not args.get("max_km")}]
        + [
            {"value": km, "label": pt("find.km", lang, km=km), "selected": args.get("max_km") == km}
            for km in MAX_KM_CHOICES
        ],
        "date": (search.parsed.on_date.isoformat() if search.parsed.on_date else ""),
    }


def problems(search: Search, lang: str) -> list[str]:
    """Each argument that cannot be used, and what is used instead."""
    lines = []
    for key, values in search.parsed.problems:
        values = dict(values)
        swapped = values.pop("swapped", False)
        if "default" in values:
            values["default"] = pt(f"type.{values['default']}", lang)
        lines.append(pt(key, lang, **values) + (" " + pt("find.error.swapped", lang) if swapped else ""))
    return lines


def suggestions(search: Search, registry, lang: str) -> dict | None:
    """A typed name that named no place, or several: the places it may mean, as links that search from there."""
    exc = search.not_found
    if exc is None:
        return None
    head = pt("find.place.ambiguous" if exc.ambiguous else "find.place.none", lang, text=exc.text)
    links = [
        {"label": place_name(registry, code, lang), "href": search.url(place=code, lat="", lon="", k="")}
        for code, _th, _en in exc.suggestions
    ]
    intro = "" if exc.ambiguous or not links else pt("find.place.did_you_mean", lang)
    hint = "" if links else pt("find.place.no_suggestion", lang)
    return {"head": head, "intro": intro, "links": links, "hint": hint}


def place_name(registry, code: str, lang: str) -> str:
    """ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่ in Thai, Suthep, Mueang Chiang Mai, Chiang Mai in English; in the other
    languages the Thai names, as on signs, with the English name of the place itself beside them."""
    if lang in ("th", "en"):
        return area_path(registry, code, lang)
    row = registry.get(code)
    english = f" ({row['name_en']})" if row is not None and row.get("name_en") else ""
    return area_path(registry, code, "th") + english


def box_text(search: Search, registry, lang: str) -> str:
    """What the place box shows: the place's name when the search came from one, else what was typed."""
    if search.place:
        return localized(registry.get(search.place), "en" if lang == "en" else "th")
    return search.typed


def here(search: Search, registry, subdistrict: str | None, lang: str) -> tuple[str, str]:
    """(where the search is from, as a sentence; the short name for the folded form)."""
    q = search.parsed.query
    if search.place:
        name = place_name(registry, search.place, lang)
        key = "find.here.area" if len(search.place) < 6 else "find.here.point"
        return pt(key, lang, where=name), name
    point = f"{q.lat:.4f}, {q.lon:.4f}"
    if subdistrict:
        name = place_name(registry, subdistrict, lang)
        short = name.split(", ")[0] if lang == "en" else name.split(" ")[0]  # Phra Sing; ต.ศรีภูมิ
        return pt("find.here.point", lang, where=f"{name} ({point})"), short
    return pt("find.here.point", lang, where=point), point


def summary(search: Search, found: dict, day: dt.date, lang: str) -> tuple[str, str]:
    """(how many are shown of how many match, on which day; or that none match, and what to try)."""
    q, items, date_text = search.parsed.query, found["items"], public_date(day, lang)
    if not items:
        key = "find.none" if any(search.link.get(name) for name in FILTERS) else "find.none.any"  # no filter to blame
        return pt(key, lang, type=what_label(search, lang), date=date_text), pt(f"{key}.hint", lang)
    n, total = len(items), f"{found['total']:,}"
    if q.max_km:
        km = pt("find.km", lang, km=f"{q.max_km:g}")
        return pt("find.summary.within", lang, n=n, total=total, km=km, date=date_text), ""
    km = distance(items[-1]["distance_km"], lang)
    return pt("find.summary.nearest", lang, n=n, total=total, km=km, date=date_text), ""


def results(search: Search, found: dict, lang: str, now_applies: bool) -> dict:
    """The cards, the list's one line on staleness, and "show more" when more match."""
    items, q = found["items"], search.parsed.query
    month = list_month(items, lang)
    show_type = q.type is None
    vaccination = search.what == VACCINATION  # the hotline for vaccination first, not the emergency number
    cards = [card(n, r, lang, now_applies, month, show_type, vaccination) for n, r in enumerate(items, 1)]
    more = len(items) < found["total"] and q.k < MAX_K
    return {
        "cards": cards,
        "stale": pt("find.stale.list", lang, month=month) if month else "",
        "more": search.url(k=more_k(search)) if more else "",
        "color": FACILITY_TYPES[q.type or "vaccination_point"].color,
    }
