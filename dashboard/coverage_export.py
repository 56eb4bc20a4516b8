"""The coverage view as a file to share: the HTML map, the picture (PNG) and the A4 report (PDF), from the frame the
page and /api/v1/coverage show (``state.metrics.frame``: the small-numbers rule for the audience asking) and the
view's words (dashboard/view_facts.py). The documents are laid out by layers/coverage_picture.py and drawn by
dashboard/renderer.py; the routes are in dashboard/api/exports.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard.i18n import SOURCES, format_date, notes, t
from dashboard.view_facts import DOSED, ViewFacts, facts_of
from data.disclosure import Audience, rounding_base
from data.metrics import SURVEY_RATES, WHOLE_METRICS, MetricQuery, national_trend, population_year
from data.views import coverage_series
from geo.clock import today
from geo.thai import localized
from layers.classify import Classes, classify, legend_rows
from layers.coverage_picture import PICTURE_MAP, REPORT_MAP, ReportParts, Sheet, picture_document, report_document
from layers.folium_export import coverage_map_html
from layers.svg_map import map_svg, trend_svg
from layers.text import annotate

LEAFLET = Path(__file__).resolve().parent / "assets" / "vendor" / "leaflet"
EXTREMES = 5  # areas named as the lowest and the highest


@dataclass(frozen=True)
class ExportView:
    """One view, ready to draw: its frame annotated in ``lang``, its classes and its words."""

    query: MetricQuery
    method: str
    lang: str
    frame: pd.DataFrame
    classes: Classes
    facts: ViewFacts
    synthetic: float
    threshold: int
    headline: tuple[str, str] | None


def export_view(state, conn, query: MetricQuery, method: str, lang: str, audience: Audience) -> ExportView:
    frame = state.metrics.frame(conn, state.registry, query, audience)
    facts = facts_of(state, conn, query, frame, audience, lang)
    # the hover: the DOPA year when it is the denominator
    words = notes(lang, audience.threshold, population_year(frame))
    frame = annotate(frame, query.metric, lang, words, lambda d: format_date(d, lang))
    return ExportView(
        query=query,
        method=method,
        lang=lang,
        frame=frame,
        classes=classify(frame["value"], method),
        facts=facts,
        synthetic=state.metrics.synthetic_share(conn, query, audience),
        threshold=audience.threshold,
        headline=_headline(state, conn, query, facts, audience, lang),
    )


def _headline(state, conn, query, facts: ViewFacts, audience: Audience, lang: str) -> tuple[str, str] | None:
    """The province's own figure (drilled into one), or Thailand's coverage on the date shown (every province
    reporting); none for the other measures of the whole country."""
    if query.area:
        province = state.metrics.frame(conn, state.registry, query.with_(level="province", area=None), audience)
        row = annotate(province[province["code"] == query.area], query.metric, lang, notes(lang, audience.threshold))
        return (
            (f"{facts.place} {t('report.headline_province', lang)}", row["value_label"].iloc[0]) if len(row) else None
        )
    if query.metric != "coverage" or query.denominator != "moph" or facts.date is None:
        return None
    key = ("national", query.group, query.dose)
    national = state.metrics.memo(conn, key, lambda: national_trend(conn, query.group, query.dose))
    shown = national[national["as_of"] <= facts.date].dropna(subset=["coverage_pct"])
    return (t("report.headline_country", lang), f"{shown['coverage_pct'].iloc[-1]:.1f}%") if len(shown) else None


# -- the HTML map (Leaflet) ----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _leaflet() -> tuple[str, str]:
    """The vendored Leaflet (static files shipped with the app, the same for every request)."""
    return (LEAFLET / "leaflet.js").read_text(encoding="utf-8"), (LEAFLET / "leaflet.css").read_text(encoding="utf-8")


def _tip_notes(frame, with_count: bool) -> list[str | None]:
    """What an area's tip says under its value: why it is missing or unusual, in words (not the note's code), and
    for a count of people surveyed the count as the reader may see it ("count 30", "count <5": data/disclosure.py)."""
    parts = zip(frame["note_text"], frame["detail_text"] if with_count else [""] * len(frame))
    return [" · ".join(p for p in pair if p) or None for pair in parts]


def map_document(state, view: ExportView) -> str:
    """The self-contained HTML map of the view: its title names the place, measure, group and dose."""
    js, css = _leaflet()
    return coverage_map_html(
        json.loads(state.web.geojson[view.query.level]),
        view.frame.assign(note=_tip_notes(view.frame, view.query.metric in SURVEY_RATES)),
        view.classes,
        title=view.facts.title(),
        subtitle=" · ".join([*_warnings(view)[:1], view.facts.subtitle()]),
        legend_title=t(f"metric.{view.query.metric}", view.lang),
        source=view.facts.source,
        no_data_label=t("map.no_data", view.lang),
        leaflet_js=js,
        leaflet_css=css,
        lang=view.lang,
        legend_format=None,  # the page's legend: one precision per legend (layers.classify.legend_decimals)
        whole=view.query.metric in WHOLE_METRICS,
    )


# -- the picture and the report ------------------------------------------------------------------------------------
def picture(state, view: ExportView) -> str:
    """The document of the 1600×900 picture (layers/coverage_picture.py)."""
    return picture_document(_sheet(view), _map(state, view, PICTURE_MAP, label_px=17))


def report(state, conn, view: ExportView, url: str) -> str:
    """The A4 report's document; ``url``: the page of the view, printed on it."""
    return report_document(
        _sheet(view), _map(state, view, REPORT_MAP, label_px=12), _report_parts(state, conn, view, url)
    )


def _sheet(view: ExportView) -> Sheet:
    facts, lang = view.facts, view.lang
    unit = t(f"unit.{view.query.metric}", lang)
    legend = [
        (row["color"], row["label"] + unit if row["label"] else t("map.no_data", lang), row["count"])
        for row in legend_rows(view.classes, whole=view.query.metric in WHOLE_METRICS)
    ]
    subtitle = [x for x in (facts.group, f"{t('map.dose', lang)} {facts.dose}" if facts.dose else None) if x]
    return Sheet(
        lang=lang,
        brand=t("app.title", lang) + " · " + t("app.title", "en" if lang == "th" else "th"),
        title=f"{facts.place} · {facts.measure}",
        subtitle=" · ".join([*subtitle, facts.subtitle()]),
        legend_title=facts.measure,
        legend=legend,
        source=facts.source,
        headline=view.headline,
        extremes=_extremes(view),
        warnings=_warnings(view),
    )


def _extremes(view: ExportView) -> list[tuple[str, list[tuple[str, str]]]]:
    valued = view.frame.dropna(subset=["value"]).sort_values(["value", "code"])
    if len(valued) <= EXTREMES:
        return []
    pick = lambda part: [(str(r.name), str(r.value_label)) for r in part.itertuples(index=False)]  # noqa: E731
    lowest, highest = pick(valued.head(EXTREMES)), pick(valued.tail(EXTREMES).iloc[::-1])
    return [(t("report.lowest", view.lang), lowest), (t("report.highest", view.lang), highest)]


def _warnings(view: ExportView) -> list[str]:
    lang, query, frame = view.lang, view.query, view.frame
    out = []
    if view.synthetic:
        out.append("⚠ " + t("summary.synthetic", lang, pct=f"{view.synthetic:.0%}"))
    if query.metric in SURVEY_RATES:
        out.append(t("summary.small_numbers", lang, base=rounding_base(view.threshold), n=view.threshold))
    if query.level == "district" and query.metric in DOSED and frame["value"].isna().all():
        out.append(t("report.no_district", lang))
    return out


def _map(state, view: ExportView, box: tuple[int, int], label_px: int) -> str:
    query, registry = view.query, state.registry
    features = json.loads(state.web.geojson[query.level])["features"]
    context, labels = (), None
    if query.area:
        provinces = json.loads(state.web.geojson["province"])["features"]
        context = [f for f in provinces if str(f["properties"].get("code")) != query.area]
        areas = registry.frame(query.level, query.area)
        size = (areas["max_lon"] - areas["min_lon"]) * (areas["max_lat"] - areas["min_lat"])
        labels = pd.DataFrame(
            {"name": localized(areas, view.lang).values, "lon": areas["lon"].values, "lat": areas["lat"].values}
        ).iloc[
            size.where(~areas.index.str.endswith("01"), float("inf")).values.argsort()[::-1]
        ]  # the capital district first
    bounds = registry.bounds(query.area or "TH")
    return map_svg(
        features,
        view.frame,
        view.classes,
        bounds,
        width=box[0],
        height=box[1],
        context=context,
        labels=labels,
        label_px=label_px,
    )


def _report_parts(state, conn, view: ExportView, url: str) -> ReportParts:
    lang, frame = view.lang, view.frame
    ranked = frame.assign(missing=frame["value"].isna()).sort_values(["missing", "value", "code"])
    rows, rank = [], 0
    for row in ranked.itertuples(index=False):
        rank += 0 if row.missing else 1
        rows.append(["–" if row.missing else str(rank), row.name, row.value_label, row.detail_text, row.note_text])
    columns = [
        t(k, lang) for k in ("report.rank", "table.name", "table.value_label", "table.vaccinated", "table.note_text")
    ]
    columns[3] = (
        t("map.vaccinated", lang) + " / " + t("table.population", lang)
        if view.query.metric in DOSED
        else t("label.count", lang)
    )
    series = coverage_series(conn, state.registry, view.query, None, lang) if view.query.metric in DOSED else []
    trend = trend_svg(series, width=700, height=250, date_text=lambda d: format_date(d, lang))
    return ReportParts(
        table_title=t("report.table", lang),
        columns=columns,
        rows=rows,
        trend_title=f"{t('chart.trend', lang)} · {view.facts.group or ''} · {t('map.dose', lang)} {view.query.dose}",
        trend_svg=trend,
        sources_title=t("report.sources", lang),
        sources=[
            *_warnings(view),
            view.facts.source,
            _dates(view),
            *(th if lang == "th" else en for th, en in SOURCES),
        ],
        made=t("report.made", lang, date=format_date(today(), lang), url=url),
    )


def _dates(view: ExportView) -> str:
    frame, lang = view.frame, view.lang
    dates = frame["as_of"].dropna() if "as_of" in frame else pd.Series([], dtype=object)
    first, last = (min(dates), max(dates)) if len(dates) else (view.facts.date, view.facts.date)
    n = int(frame["value"].notna().sum())
    return t("report.dates", lang, first=format_date(first, lang), last=format_date(last, lang), n=n, total=len(frame))
