"""The statistics page's pieces, from ready frames: headline cards, the map and its legend, the export links."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import html

from dashboard.i18n import t
from dashboard.pages.stats.ids import EXPORT
from layers.coverage_map import fit_view
from layers.progress_map import legend_entries, progress_figure

GEOJSON_URL = "/api/v1/areas/province.geojson"


def measure_labels(lang: str, small: str = "<5") -> dict[str, str]:
    """``small``: what a survey count too small to show reads (data/disclosure.py)."""
    return {
        "days": t("stats.days", lang),
        "no_value": t("map.no_data", lang),
        "detail": t("stats.detail", lang),
        "hidden": small,
    }


def count_text(n, small: str = "<5") -> str:
    """1,234, or "<5" for a count too small to show (None)."""
    return small if n is None or pd.isna(n) else f"{int(n):,}"


def province_map(registry, tile_url: str, stats: pd.DataFrame, frame: pd.DataFrame, classes, region: str):
    """The provinces of ``region`` (all: the country), fitted to them, the others faded around them."""
    codes = set(stats["code"])
    if region and codes:
        boxes = [registry.bounds(code) for code in codes]
        bounds = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        context = [c for c in registry.frame("province").index if c not in codes]
    else:
        bounds, context = registry.bounds("TH"), []
    return progress_figure(
        frame,
        classes,
        GEOJSON_URL,
        fit_view(bounds, width_px=700, height_px=520),
        context_codes=context,
        tile_url=tile_url,
        revision=region or "TH",
        bounds=bounds,
    )


def legend(classes, measure: str, title: str, lang: str) -> html.Div:
    rows = [
        html.Li(
            [
                html.Span(className="swatch", style={"background": row["color"]}),
                html.Span(row["label"]),
                html.Span(f" ({row['count']})", className="text-muted"),
            ]
        )
        for row in legend_entries(classes, measure, t("map.no_data", lang))
    ]
    return html.Div(
        [
            html.Div(title, className="fw-bold"),
            html.Ul(rows, className="list-unstyled mb-0"),
            html.Div(t("stats.darker", lang), className="text-muted"),
        ]
    )


def synthetic_note(figures: dict, lang: str, small: str = "<5") -> html.Div | None:
    if figures["synthetic_surveys"] == 0:
        return None
    text = t(
        "stats.synthetic",
        lang,
        n=count_text(figures["synthetic_surveys"], small),
        total=count_text(figures["surveys"], small),
        pct=f"{figures['synthetic_pct']:.0f}%",
    )
    return html.Div(text, className="alert alert-danger py-1 px-2 mb-0 small fw-bold")


def cards(figures: dict, lang: str, small: str = "<5") -> list[html.Div]:
    """The headline figures: each a label, a number and what it is out of (a survey count too small: ``small``)."""
    updated = figures["facilities_updated_7d_pct"]
    of = lambda key, name: t(key, lang, total=count_text(figures[name], small))  # noqa: E731
    cards = [
        ("stats.card.active", f"{figures['provinces_active_7d']:,}", of("stats.card.of", "provinces")),
        ("stats.card.surveys_7d", count_text(figures["surveys_7d"], small), of("stats.card.of_surveys", "surveys")),
        ("stats.card.unvaccinated", count_text(figures["unvaccinated_found"], small), ""),
        (
            "stats.card.volunteers",
            count_text(figures["volunteers_active_7d"], small),
            of("stats.card.of_volunteers", "volunteers"),
        ),
        (
            "stats.card.facilities",
            "–" if pd.isna(updated) else f"{updated:.1f}%",
            of("stats.card.of_facilities", "facilities"),
        ),
        ("stats.card.coordinators", f"{figures['districts_with_coordinator']:,}", of("stats.card.of", "districts")),
    ]
    return [
        html.Div(
            className="stats-card",
            children=[
                html.Div(t(key, lang), className="stats-card-label"),
                html.Div([html.Span(value, className="stats-card-value"), html.Span(" " + sub, className="small")]),
            ],
        )
        for key, value, sub in cards
    ]


def export_links(view: dict, lang: str) -> list:
    """The API query of what is on screen: the same rows, as CSV or JSON."""
    region = {"region": view["region"]} if view["region"] else {}
    csv_href = "/api/v1/stats/provinces?" + urlencode({**region, "format": "csv"})
    json_href = "/api/v1/stats/provinces" + ("?" + urlencode(region) if region else "")
    return [
        html.A("⬇ " + t("stats.csv", lang), href=csv_href, download="", id=f"{EXPORT}-csv", className="me-3"),
        html.A(t("stats.json", lang), href=json_href, id=f"{EXPORT}-json"),
    ]
