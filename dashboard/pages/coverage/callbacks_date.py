"""The date the slider is on, in words beside it (the slider's marks label only a few dates, none on a phone)."""

from __future__ import annotations

from dash import Input, Output, State

from dashboard.components import LANG_STORE
from dashboard.i18n import format_date, normalize_lang
from dashboard.pages.coverage.callbacks import _report_dates, on
from dashboard.pages.coverage.ids import DATE, DATE_TEXT, DOSE, GROUP


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
