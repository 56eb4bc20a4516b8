"""The date the slider is on, in words beside it (the slider's marks label only a few dates, none on a phone); the
play button steps through the report dates."""

from __future__ import annotations

from dash import Input, Output, State

from dashboard.components import LANG_STORE
from dashboard.i18n import format_date, normalize_lang
from dashboard.pages.coverage.callbacks import _report_dates, on
from dashboard.pages.coverage.ids import DATE, DATE_TEXT, DOSE, GROUP, PLAY, TICK


@on(
    Output(DATE_TEXT, "children"),
    Input(DATE, "value"),
    Input(DATE, "max"),
    State(GROUP, "value"),
    State(DOSE, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def date_text(index, _last, group, dose, lang):
    """The report date at the slider's position (the layout writes the first one)."""
    dates = _report_dates(group, dose)
    return format_date(dates[min(int(index or 0), len(dates) - 1)], normalize_lang(lang)) if dates else ""


@on(
    Output(TICK, "disabled"),
    Output(PLAY, "children"),
    Input(PLAY, "n_clicks"),
    State(TICK, "disabled"),
    prevent_initial_call=True,
)
def play(_clicks, disabled):
    return (False, "⏸") if disabled else (True, "▶")


@on(
    Output(DATE, "value", allow_duplicate=True),
    Input(TICK, "n_intervals"),
    State(DATE, "value"),
    State(DATE, "max"),
    prevent_initial_call=True,
)
def step(_n, index, maximum):
    return 0 if (index or 0) >= (maximum or 0) else (index or 0) + 1
