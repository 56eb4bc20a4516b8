"""The lines above the coverage map that make a view answer: the province's own figure and rank (the headline), and
which measure is shown when the ones before it in the order have nothing here (data/measures.py)."""

from __future__ import annotations

from dash import html

from dashboard.i18n import format_date, t
from dashboard.ui.areas import area_label
from data.registries import TARGET_GROUPS
from layers.text import value_label


def headline(registry, query, figure: dict | None, lang: str):
    """ "เชียงใหม่ 78.4% · อันดับ 23 จาก 77 จังหวัด" and, smaller, what the figure is; None outside a province."""
    if not figure:
        return None
    name = area_label(registry, query.area, lang, with_code=False)
    if figure["metric"] == "vaccinated":
        value = t("headline.people", lang, value=f"{figure['value']:,.0f}")
    else:
        value = value_label(figure["metric"], figure["value"], t("unit.change", lang))
    rank = t("headline.rank", lang, rank=figure["rank"], of=figure["of"])
    detail = t(
        "headline.detail",
        lang,
        metric=t(f"metric.{figure['metric']}", lang),
        dose=query.dose,
        group=TARGET_GROUPS[query.group].label(lang),
        date=format_date(figure["as_of"], lang) if figure["as_of"] else t("summary.latest", lang),
    )
    return [
        html.Span(f"{name} {value} · {rank}", className="fw-bold fs-5 me-2"),
        html.Span(f"{detail} · {t('headline.high_first', lang)}", className="text-muted small"),
    ]


def measure_line(query, skipped: list[str], lang: str):
    """ "Showing: people vaccinated — no district coverage report has been uploaded for this province"; None when the
    view's measure is not a fallback."""
    if not skipped:
        return None
    reasons = [
        t(f"measure_line.{m}.{'district' if query.level == 'district' else 'province'}", lang)
        if m == "coverage"
        else t(f"measure_line.{m}", lang)
        for m in skipped
    ]
    shown = t("measure_line.showing", lang, metric=t(f"metric.{query.metric}", lang))
    return html.Div(f"{shown} — {'; '.join(reasons)}", className="alert alert-info py-1 px-2 my-1 small")


def synthetic_text(query, synthetic: float, lang: str, short: bool = False) -> str:
    """The warning of a view with synthetic figures behind it: the demo's district breakdown (``short``: the
    legend's few words), or demo records."""
    if query.metric in ("coverage", "vaccinated", "change"):
        return "⚠ " + t("legend.synthetic_breakdown" if short else "summary.synthetic_breakdown", lang)
    return "⚠ " + t("summary.synthetic", lang, pct=f"{synthetic:.0%}")
