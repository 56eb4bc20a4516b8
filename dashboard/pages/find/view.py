"""The finder's words from ready results: what is wrong with the search, where it searches from, how many were
found, the places a misspelt name may have meant, the map's points and labels. A result's card: view_card.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from dash import html

from dashboard.i18n import format_date, t
from dashboard.pages.find.ids import SUGGESTION
from dashboard.pages.find.view_card import distance, name
from dashboard.ui.alerts import alert
from dashboard.ui.areas import area_path
from data.finder import FinderQuery
from data.finder_query import DEFAULT_TYPE, Parsed
from data.registries import FACILITY_TYPES
from geo.registry import AreaNotFound


def note(children, kind: str = "warning") -> html.Div:
    return alert(children, kind, compact=True)


def problems_note(problems: list[tuple[str, dict]], lang: str) -> html.Div | None:
    """Each argument that cannot be used, and what is used instead; None when all can."""
    if not problems:
        return None
    lines = []
    for key, values in problems:
        values = dict(values)
        swapped = values.pop("swapped", False)
        if "default" in values:
            values["default"] = FACILITY_TYPES[values["default"]].label(lang)
        lines.append(html.Div(t(key, lang, **values) + (" " + t("find.error.swapped", lang) if swapped else "")))
    return note(lines)


def prompt(problems: html.Div | None, lang: str):
    """Nothing to search from yet, or a location that cannot be used: say what to do."""
    asking = note(t("find.prompt", lang), "info")
    return [problems, asking] if problems else asking


def suggestions(registry, exc: AreaNotFound, lang: str) -> html.Div:
    """No place of that name, or several: the places it may mean, as buttons that search from there."""
    head = t("find.place.ambiguous" if exc.ambiguous else "find.place.none", lang, text=exc.text)
    if not exc.suggestions:
        return note([html.Div(head), html.Div(t("find.place.no_suggestion", lang))])
    buttons = [
        html.Button(
            area_path(registry, code, lang),
            id={"type": SUGGESTION, "code": code},
            n_clicks=0,
            className="btn btn-sm btn-light border text-start suggestion",
        )
        for code, _th, _en in exc.suggestions
    ]
    intro = [] if exc.ambiguous else [html.Div(t("find.place.did_you_mean", lang))]
    return note([html.Div(head, className="fw-bold"), *intro, html.Div(buttons, className="d-grid gap-1 mt-1")])


def here_text(registry, parsed: Parsed, lang: str, subdistrict: str | None) -> str:
    """Where the search is from: the place by name, or the point with the subdistrict it falls in (when any)."""
    q, place = parsed.query, parsed.args.get("place")
    if known_place(registry, parsed):
        return t(
            "find.here.area" if len(place) < 6 else "find.here.point", lang, where=area_path(registry, place, lang)
        )
    where = f"{q.lat:.4f}, {q.lon:.4f}"
    named = f"{area_path(registry, subdistrict, lang)} ({where})" if subdistrict else where
    return t("find.here.point", lang, where=named)


def known_place(registry, parsed: Parsed) -> bool:
    place = parsed.args.get("place")
    return bool(place) and registry.get(place) is not None


def summary(q: FinderQuery, found: dict, day: dt.date, lang: str):
    """How many are shown of how many match, on which day; or that none match, and what to try."""
    items, date_text = found["items"], format_date(day, lang)
    if not items:
        kind = FACILITY_TYPES[q.type].label(lang)
        return note([html.Div(t("find.none", lang, type=kind, date=date_text)), html.Div(t("find.none.hint", lang))])
    n, total = len(items), f"{found['total']:,}"
    if q.max_km:
        km = t("find.km", lang, km=f"{q.max_km:g}")
        return t("find.summary.within", lang, n=n, total=total, km=km, date=date_text)
    km = distance(items[-1]["distance_km"], lang)
    return t("find.summary.nearest", lang, n=n, total=total, km=km, date=date_text)


def map_labels(q: FinderQuery | None, lang: str) -> dict[str, str]:
    kind = FACILITY_TYPES[q.type if q else DEFAULT_TYPE].label(lang)
    return {
        "here": t("find.here.legend", lang),
        "synthetic": t("facility.synthetic", lang),
        "results": t("find.results.legend", lang, type=kind),
    }


def map_points(items: list[Mapping], lang: str) -> list[dict]:
    """The results as the map draws them (name and distance in the reader's words)."""
    return [
        {
            "lat": r["lat"],
            "lon": r["lon"],
            "name": name(r, lang),
            "synthetic": r["synthetic"],
            "distance": distance(r["distance_km"], lang),
        }
        for r in items
    ]
