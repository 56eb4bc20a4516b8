"""Exports a governor can share: the coverage map as one self-contained HTML file (Leaflet inlined)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import Response, request

from dashboard.api.common import api, state
from dashboard.api.params import coverage_query, documented
from dashboard.audience import audience_key, request_audience
from dashboard.http_cache import public_answer
from dashboard.i18n import format_date, legend_number, notes, t
from data.coverage_query import PARAMS
from data.disclosure import Audience
from data.params import Param
from geo.thai import localized
from layers.classify import classify
from layers.folium_export import coverage_map_html
from layers.text import annotate

LEAFLET = Path(__file__).resolve().parents[1] / "assets" / "vendor" / "leaflet"
LANG = Param("lang", "th or en", default="th", choices=("th", "en"))


@api.get("/exports/coverage-map.html")
@documented(*PARAMS, LANG, answer="text/html", media="text/html")
@public_answer("coverage", "surveys", "facilities", "population", audience=audience_key)
def coverage_map_export() -> Response:
    """A self-contained HTML map of the coverage query (Leaflet inlined; opens with no network)."""
    query, method = coverage_query()
    lang = request.args.get("lang", "th")
    with state().engine.connect() as conn:
        lang = lang if lang in LANG.options() else "th"
        html_text = coverage_map_document(state(), conn, query, method, lang, request_audience())
    return Response(
        html_text, mimetype="text/html", headers={"Content-Disposition": "attachment; filename=coverage-map.html"}
    )


@lru_cache(maxsize=1)
def _leaflet() -> tuple[str, str]:
    """The vendored Leaflet (static files shipped with the app, the same for every request)."""
    return (LEAFLET / "leaflet.js").read_text(encoding="utf-8"), (LEAFLET / "leaflet.css").read_text(encoding="utf-8")


def coverage_map_document(state, conn, query, method: str, lang: str, audience: Audience) -> str:
    """The HTML map of ``query`` as ``audience`` sees it (small numbers: data/disclosure.py)."""
    frame = state.metrics.frame(conn, state.registry, query, audience)
    frame = annotate(frame, query.metric, lang, notes(lang, audience.threshold), lambda d: format_date(d, lang))
    classes = classify(frame["value"], method)
    shown = max((d for d in frame["as_of"].dropna()), default=query.as_of)
    place = localized(state.registry.get(query.area), lang) if query.area else t("crumb.country", lang)
    subtitle = " · ".join(
        x
        for x in (
            place,
            t("map.date", lang) + " " + format_date(shown, lang) if shown else "",
            t("map.dose", lang) + f" {query.dose}" if query.metric in ("coverage", "change") else "",
            t(f"denominator.{query.denominator}", lang) if query.metric == "coverage" else "",
        )
        if x
    )
    synthetic = state.metrics.synthetic_share(conn, query, audience)
    if synthetic:
        subtitle = "⚠ " + t("summary.synthetic", lang, pct=f"{synthetic:.0%}") + " · " + subtitle
    js, css = _leaflet()
    return coverage_map_html(
        json.loads(state.web.geojson[query.level]),
        frame,
        classes,
        title=t(f"metric.{query.metric}", lang),
        subtitle=subtitle,
        legend_title=t(f"metric.{query.metric}", lang),
        source=t("summary.source", lang) + " · " + t("footer.boundaries_short", lang),
        no_data_label=t("map.no_data", lang),
        leaflet_js=js,
        leaflet_css=css,
        lang=lang,
        legend_format=legend_number,
    )
