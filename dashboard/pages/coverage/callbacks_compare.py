"""Change between two dates: the comparison date's choices follow the view (a date none of its areas has a report by
is disabled), and the two-handle range, the comparison drop-down and the date slider move together."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang
from dashboard.pages.coverage.callbacks import _report_dates, on
from dashboard.pages.coverage.ids import COMPARE, COMPARE_RANGE, DATE, DOSE, GROUP, RANGE_TEXT, VIEW
from dashboard.pages.coverage.url import view_args
from dashboard.pages.coverage.view_dates import compare_options, range_bounds, range_text
from dashboard.state import current
from data.coverage_query import parse_coverage_query


@on(Output(COMPARE, "options"), Input(VIEW, "data"), State(LANG_STORE, "data"), prevent_initial_call=True)
def compare_choices(view, lang):
    state = current()
    query, _, _ = parse_coverage_query(view_args(view), state.registry)
    with state.engine.connect() as conn:
        dates = state.metrics.coverage_dates(conn, query.group, query.dose)
        reach, total = state.metrics.date_reach(conn, state.registry, query)
    return compare_options(dates, reach, total, normalize_lang(lang), query.as_of)


@on(
    Output(COMPARE_RANGE, "value"),
    Output(COMPARE, "value"),
    Output(DATE, "value", allow_duplicate=True),
    Output(RANGE_TEXT, "children"),
    Input(COMPARE_RANGE, "value"),
    Input(COMPARE, "value"),
    Input(DATE, "value"),
    State(GROUP, "value"),
    State(DOSE, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def move_together(bounds, compare, index, group, dose, lang):
    """The range's handles write the comparison date and the date shown; those two, moved on their own, move the
    handles."""
    dates = _report_dates(group, dose)
    if not dates:
        return no_update, no_update, no_update, ""
    if ctx.triggered_id == COMPARE_RANGE and bounds:
        low, high = (min(max(int(i), 0), len(dates) - 1) for i in bounds)
        earlier = dates[low].isoformat()
        return (
            no_update,
            earlier if earlier != compare else no_update,
            high if high != index else no_update,
            (range_text(dates, [low, high], normalize_lang(lang))),
        )
    moved = range_bounds(dates, compare, index)
    return moved if moved != bounds else no_update, no_update, no_update, range_text(dates, moved, normalize_lang(lang))
