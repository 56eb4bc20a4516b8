"""The statistics page's callbacks: the pills and the sort write the view (and the URL); everything is drawn from it."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from dashboard.audience import request_audience
from dashboard.components import LANG_STORE, URL
from dashboard.i18n import format_date, normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.stats.ids import (
    AS_OF,
    CARDS,
    EXPORT,
    LEGEND,
    MAP,
    MEASURE,
    MESSAGE,
    RANKING,
    REGION,
    SYNTHETIC,
    TABLE,
    TABLE_HINT,
    VIEW,
)
from dashboard.pages.stats.url import parse_view, sort_text, view_search
from dashboard.pages.stats.view import cards, export_links, legend, measure_labels, province_map, synthetic_note
from dashboard.pages.stats.view_table import table_rows
from dashboard.state import current
from dashboard.ui.map_events import wire_map_events
from data.disclosure import small_text
from data.stats import public_stats, public_totals, read_province_stats
from geo.clock import today
from layers.progress_map import measure_classes, measure_frame, progress_ranking, totals

on = Callbacks()
wire_map_events(on, MAP)


@on(
    Output(VIEW, "data"),
    Output(URL, "search", allow_duplicate=True),
    Output(MESSAGE, "children"),
    Input(REGION, "value"),
    Input(MEASURE, "value"),
    Input(TABLE, "sort_by"),
    State(VIEW, "data"),
    prevent_initial_call=True,
)
def choose(region, measure, table_sort_by, view):
    """A pill or a sort changes the view and the URL (a link reproduces what is on screen)."""
    new, _ = parse_view({"region": region or "", "measure": measure or "", "sort": sort_text(table_sort_by)})
    if new == view:  # the controls reporting themselves on mount: draw the URL's view, keep the URL as it is
        return new, no_update, no_update
    return new, view_search(new), None


@on(
    Output(AS_OF, "children"),
    Output(SYNTHETIC, "children"),
    Output(CARDS, "children"),
    Output(MAP, "figure"),
    Output(LEGEND, "children"),
    Output(RANKING, "figure"),
    Output(TABLE, "data"),
    Output(TABLE_HINT, "children"),
    Output(EXPORT, "children"),
    Input(VIEW, "data"),
    State(LANG_STORE, "data"),
)
def draw(view, lang):
    """The headline figures, the map, the ranking, the table and the export links of one view."""
    (view, _), lang, day, state = parse_view(view or {}), normalize_lang(lang), today(), current()
    audience, exact = request_audience(), read_province_stats(state, view["region"] or None, day)
    stats, small = public_stats(exact, audience), small_text(audience.threshold)  # data/disclosure.py
    frame = measure_frame(stats, view["measure"], day, lang, measure_labels(lang, small))
    classes = measure_classes(frame["value"], view["measure"])
    title, figures = t(f"stats.measure.{view['measure']}", lang), public_totals(totals(exact), exact["code"], audience)
    return (
        t("stats.as_of", lang, date=format_date(day, lang)),
        synthetic_note(figures, lang, small),
        cards(figures, lang, small),
        province_map(state.registry, state.settings.tile_url, stats, frame, classes, view["region"]),
        legend(classes, view["measure"], title, lang),
        progress_ranking(frame, classes, view["measure"], title, t("stats.ranking", lang)),
        table_rows(stats, view["sort"], lang, small),
        t("stats.table_hint", lang, n=len(stats)),
        export_links(view, lang),
    )
