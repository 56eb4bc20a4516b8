"""STUB: upload history with undo (being written)."""

from __future__ import annotations

from dash import html

PATH = "/uploads"
ROLE = "volunteer"


def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
    return html.Div("…", className="p-4")


def register_callbacks(app, state) -> None:
    return None
