"""The coverage page's callbacks: the controls, a click on the map and the breadcrumb write the view (and the URL);
the map, its legend, the summary, the charts, the table and the export links are drawn from it, once per view and
data version; hovering an area highlights it everywhere; the play button steps through the report dates."""

from __future__ import annotations

import datetime as dt

from dash import ALL, Input, Output, Patch, State, ctx, no_update

from dashboard.audience import request_audience
from dashboard.components import LANG_STORE, URL
from dashboard.i18n import format_date, normalize_lang, notes, t
from dashboard.page import Callbacks
from dashboard.pages.coverage.choice import after_move, frame_of
from dashboard.pages.coverage.ids import (
    CLASSIFY,
    COMPARE,
    COMPARE_RANGE,
    CRUMB,
    CRUMBS,
    DATE,
    DENOMINATOR,
    DOSE,
    EXPORTS,
    FTYPE,
    GROUP,
    GROUPS,
    HEADLINE,
    HIGHLIGHT_STORE,
    LAYERS,
    LEGEND,
    LEVEL,
    MAP,
    MAP_KEY,
    MEASURE_LINE,
    MESSAGE,
    METRIC,
    RANKING,
    SUMMARY,
    TABLE,
    TREND,
    VIEW,
    VIEWPORT,
    wrap,
)
from dashboard.pages.coverage.url import control_args, date_index, is_crumb, place_args, same_view, view_args
from dashboard.pages.coverage.view import (
    breadcrumb,
    export_links,
    full_figure,
    groups_figure,
    legend,
    map_key,
    map_patch,
    marks,
    problem_alert,
    ranking,
    summary,
    table_columns,
    table_rows,
)
from dashboard.pages.coverage.view_facilities import revision
from dashboard.pages.coverage.view_measure import headline, measure_line
from dashboard.state import current
from data.coverage_query import parse_coverage_query, query_string
from data.measures import province_headline, skipped_before
from data.metrics import population_year
from data.registries import TARGET_GROUPS
from data.views import coverage_series, coverage_views
from layers.charts import highlight_widths, trend_figure
from layers.classify import classify
from layers.coverage_map import HIGHLIGHT, choropleth_update, counts_trace
from layers.text import annotate

on = Callbacks()
NOTHING = (no_update, no_update, no_update, no_update)


def _report_dates(group: str | None, dose) -> list[dt.date]:
    """The dates with a report for this group and dose (an unknown group: all), once per data version."""
    state = current()
    with state.engine.connect() as conn:
        return state.metrics.coverage_dates(conn, group if group in TARGET_GROUPS else "all", int(dose or 1))


@on(
    Output(DATE, "max"),
    Output(DATE, "marks"),
    Output(DATE, "value"),
    Output(DATE, "disabled"),
    Output(COMPARE_RANGE, "max"),
    Output(COMPARE_RANGE, "marks"),
    Input(GROUP, "value"),
    Input(DOSE, "value"),
    State(VIEW, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def dates_for_group(group, dose, view, lang):
    """The slider steps through the dates that have a report for this group and dose; it keeps the date shown
    when the new group has a report on or before it."""
    lang, dates, shown = normalize_lang(lang), _report_dates(group, dose), view_args(view).get("as_of")
    index = date_index(dates, dt.date.fromisoformat(shown) if shown else None)
    last, labels = max(len(dates) - 1, 0), marks(dates, lang)
    return last, labels, index, not dates, last, labels


@on(
    Output(VIEW, "data"),
    Output(URL, "search"),
    Output(MESSAGE, "children"),
    Output(METRIC, "value"),
    Input(METRIC, "value"),
    Input(GROUP, "value"),
    Input(DOSE, "value"),
    Input(DENOMINATOR, "value"),
    Input(LEVEL, "value"),
    Input(CLASSIFY, "value"),
    Input(FTYPE, "value"),
    Input(DATE, "value"),
    Input(COMPARE, "value"),
    Input(MAP, "clickData"),
    Input({"type": CRUMB, "code": ALL}, "n_clicks"),
    State(VIEW, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_view(metric, group, dose, denominator, level, method, ftype, index, compare, click, _crumbs, view, lang):
    """Controls, a click on a province and the breadcrumb all write the one view (and the URL); a move to a place or
    group where the measure shown has nothing goes to the first measure that has (choice.after_move)."""
    trigger, registry = ctx.triggered_id, current().registry
    if is_crumb(trigger) and not ctx.triggered[0]["value"]:
        return NOTHING  # a breadcrumb being drawn, not clicked
    dates = _report_dates(group, dose)
    controls = {"metric": metric, "group": group, "dose": str(dose), "denominator": denominator}
    args = control_args(view, {**controls, "classify": method, "ftype": ftype}, dates, index, compare)
    args = place_args(args, trigger, click, level)
    query, method, problems = parse_coverage_query({k: v for k, v in args.items() if v}, registry)
    if problems:  # keep the last good view and say what was wrong
        return no_update, no_update, problem_alert(problems, normalize_lang(lang)), no_update
    query = after_move(view, query, trigger, request_audience())
    if same_view(view, query, method, dates, registry):  # e.g. a slider settling on mount: nothing changed
        return NOTHING
    text = query_string(query, method)
    return text, "?" + text if text else "", None, query.metric if query.metric != metric else no_update


@on(
    Output(MAP, "figure"),
    Output(MAP_KEY, "data"),
    Output(LEGEND, "children"),
    Output(SUMMARY, "children"),
    Output(RANKING, "figure"),
    Output(GROUPS, "figure"),
    Output(TABLE, "data"),
    Output(EXPORTS, "children"),
    Output(CRUMBS, "children"),
    Output(HEADLINE, "children"),
    Output(MEASURE_LINE, "children"),
    Output(VIEWPORT, "data", allow_duplicate=True),
    Output(TABLE, "columns"),
    Input(VIEW, "data"),
    Input(LAYERS, "value"),
    Input(LANG_STORE, "data"),
    State(MAP_KEY, "data"),
    prevent_initial_call="initial_duplicate",
)
def draw(view, layers, lang, shown_key):
    """Everything drawn from the view; the same for everyone of one audience who asks the same (the public, or staff
    of one area, who see its exact small numbers: data/disclosure.py): drawn once per audience and data version
    (``state.metrics.memo``). A figure of the same geometry and layers is patched, not sent anew."""
    state, audience = current(), request_audience()
    key = ("draw", audience.key, view, tuple(layers or ()), lang, shown_key)
    with state.engine.connect() as conn:
        return state.metrics.memo(conn, key, lambda: _draw(view, layers, lang, shown_key, audience))


def _draw(view, layers, lang, shown_key, audience) -> tuple:
    state, lang, layers = current(), normalize_lang(lang), layers or []
    query, method, _ = parse_coverage_query(view_args(view), state.registry)
    with state.engine.connect() as conn:
        frame = state.metrics.frame(conn, state.registry, query, audience)
        views = coverage_views(conn, state.registry, query, frame, lang, state.metrics.group_breakdown)
        synthetic = state.metrics.synthetic_share(conn, query, audience)
        figure_of, skipped = (
            province_headline(frame_of(conn, audience), query),
            skipped_before(frame_of(conn, audience), query),
        )
    year = population_year(frame)  # the DOPA registration's year, when it is the denominator
    frame = annotate(frame, query.metric, lang, notes(lang, audience.threshold, year), lambda d: format_date(d, lang))
    classes = classify(frame["value"], method)
    key = map_key(query, layers, lang)
    if key == shown_key:
        counts = counts_trace(views["points"]).to_plotly_json() if "counts" in layers else None
        figure = map_patch(choropleth_update(frame, classes), counts)
    else:
        figure = full_figure(state.registry, state.settings.tile_url, query, frame, classes, views, layers, lang)
    return (
        figure,
        key,
        legend(classes, query, lang, synthetic, year),
        summary(frame, query, lang, synthetic, audience.threshold),
        ranking(frame, classes, lang),
        groups_figure(views, lang),
        table_rows(frame, query, method, lang),
        export_links(query, method, lang, frame),
        breadcrumb(state.registry, query, lang),
        headline(state.registry, query, figure_of, lang),
        measure_line(query, skipped, lang),
        None if revision(key) != revision(shown_key) else no_update,  # a new geometry is fitted anew
        table_columns(query, lang),
    )


@on(
    Output(HIGHLIGHT_STORE, "data"),
    Input(MAP, "hoverData"),
    Input(RANKING, "hoverData"),
    Input(TABLE, "active_cell"),
    State(TABLE, "derived_viewport_data"),
    prevent_initial_call=True,
)
def pick(map_hover, ranking_hover, cell, rows):
    """Hovering an area in the map, the ranking or the table highlights it in the others."""
    if ctx.triggered_id == MAP and map_hover:
        return map_hover["points"][0].get("location")
    if ctx.triggered_id == RANKING and ranking_hover:
        return ranking_hover["points"][0].get("customdata")
    if ctx.triggered_id == TABLE and cell and rows:
        return rows[cell["row"]].get("code")
    return no_update


@on(
    Output(MAP, "figure", allow_duplicate=True),
    Output(RANKING, "figure", allow_duplicate=True),
    Input(HIGHLIGHT_STORE, "data"),
    State(RANKING, "figure"),
    prevent_initial_call=True,
)
def highlight(code, ranking):
    on_map, ranking_patch = Patch(), Patch()
    on_map["data"][HIGHLIGHT]["locations"] = [code] if code else []
    on_map["data"][HIGHLIGHT]["z"] = [0] if code else []
    codes = (ranking or {}).get("data", [{}])[0].get("customdata") or []
    ranking_patch["data"][0]["marker"]["line"]["width"] = highlight_widths(codes, code)
    return on_map, ranking_patch


@on(Output(TREND, "figure"), Input(HIGHLIGHT_STORE, "data"), Input(VIEW, "data"), Input(LANG_STORE, "data"))
def trend(code, view, lang):
    state, lang = current(), normalize_lang(lang)
    query, _, _ = parse_coverage_query(view_args(view), state.registry)
    with state.engine.connect() as conn:
        series = coverage_series(conn, state.registry, query, code, lang)
    return trend_figure(series, t("chart.trend", lang), {}, lambda day: format_date(day, lang))


@on(
    Output(wrap(DATE), "hidden"),
    Output(wrap(COMPARE_RANGE), "hidden"),
    Output(wrap(COMPARE), "hidden"),
    Output(wrap(FTYPE), "hidden"),
    Output(wrap(LEVEL), "hidden"),
    Output(wrap(DENOMINATOR), "hidden"),
    Output(wrap(DOSE), "hidden"),
    Output(wrap(GROUP), "hidden"),
    Input(VIEW, "data"),
    Input(LEVEL, "value"),
)
def relevant_controls(view, _level=None):
    """Only the controls that mean something for the view's measure and place. (The level, which no callback writes,
    lets this run when the page opens: the view and the measure are written by update_view, which runs only on a
    change.)"""
    args = view_args(view)
    metric, drilled = args.get("metric", "coverage"), "province" in args
    facilities = metric == "facilities_per_100k"
    return (
        metric == "change",
        metric != "change",
        metric != "change",
        not facilities,
        drilled,
        metric != "coverage",
        metric not in ("coverage", "vaccinated", "change"),
        facilities,
    )
