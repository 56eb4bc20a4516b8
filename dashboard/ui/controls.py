"""Controls every page shares: the drop-down, whose own words (search, clear, nothing found) are in the page's
language rather than Dash's English."""

from __future__ import annotations

from dash import dcc

from dashboard.i18n import t

LABELS = ("search", "clear_search", "clear_selection", "no_options_found", "select_all", "deselect_all")


def dropdown(lang: str, **props) -> dcc.Dropdown:
    """``dcc.Dropdown(**props)`` that speaks ``lang``."""
    return dcc.Dropdown(labels={key: t(f"dropdown.{key}", lang) for key in LABELS}, **props)
