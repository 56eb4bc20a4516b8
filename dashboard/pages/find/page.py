"""The finder's Flask view: the request's search → the nearest places → the page (plain HTML, no JavaScript
needed). Wiring only: the search is search.py's, the words view.py's and cards.py's, the query data/finder.py's."""

from __future__ import annotations

from flask import request

from dashboard.i18n_public import PUBLIC_LANGS, pt, public_date
from dashboard.pages.find import view
from dashboard.pages.find.search import form_args, read_search
from dashboard.state import current
from dashboard.ui.server import render, request_language
from data.finder import find_nearest
from geo.clock import now, today


def find_page():
    lang, state = request_language(PUBLIC_LANGS), current()
    search = read_search(form_args(request.args), state.registry, state.locator)
    context = {
        "search": search,
        "choices": view.choices(search, lang),
        "filters": view.filters(search, lang),
        "problems": view.problems(search, lang),
        "suggestions": view.suggestions(search, state.registry, lang),
        "box": view.box_text(search, state.registry, lang),
        "tile_url": state.settings.tile_url,
        "fetched": pt("find.fetched", lang, time=now().strftime("%H:%M"), date=public_date(today(), lang)),
        "geo_texts": {key: pt(f"find.{key}", lang) for key in _GEO_TEXTS},
    }
    q = search.parsed.query
    if q is not None:
        context.update(_found(search, state, lang))
    return render("find.html", title=pt("find.title", lang), public=True, **context)


_GEO_TEXTS = ("locating", "geo.denied", "geo.insecure", "geo.unavailable", "geo.timeout")


def _found(search, state, lang: str) -> dict:
    """The nearest places and the words around them."""
    q = search.parsed.query
    found = find_nearest(state.engine, state.facility_index, q, state.settings.stale_days)
    subdistrict = None if search.place else state.locator.locate_one_within_tolerance(q.lon, q.lat)["subdistrict"]
    here, short = view.here(search, state.registry, subdistrict, lang)
    day = q.on_date or today()
    summary, hint = view.summary(search, found, day, lang)
    return {
        "query": q,
        "here": here,
        "collapsed": pt("find.collapsed", lang, where=short, what=view.what_label(search, lang)),
        "summary": summary,
        "summary_hint": hint,
        "results": view.results(search, found, lang, now_applies=day == today()),
    }
