"""Routing and the language switch: one callback renders header, page and footer for the path and language."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import Input, Output, State, html, no_update

from dashboard import components as c
from dashboard.i18n import normalize_lang, t
from dashboard.pages import coverage, find

PAGES = {coverage.PATH: coverage, find.PATH: find}


def register_router(app, state) -> None:
    for page in PAGES.values():
        page.register_callbacks(app, state)

    @app.callback(
        Output(c.LANG_STORE, "data"),
        Input(c.LANG_BUTTON, "n_clicks"),
        Input(c.URL, "search"),
        State(c.LANG_STORE, "data"),
    )
    def choose_language(n_clicks, search, current):
        from dash import ctx

        asked = parse_qs((search or "").lstrip("?")).get("lang", [None])[0]
        if ctx.triggered_id == c.LANG_BUTTON and n_clicks:
            chosen = "en" if normalize_lang(current) == "th" else "th"
        else:
            chosen = normalize_lang(asked or current)
        # an unchanged language must not re-render the page (a view change also rewrites the URL's query)
        return no_update if current == chosen else chosen

    app.clientside_callback(
        "function(lang) { document.documentElement.lang = lang || 'th'; return window.dash_clientside.no_update; }",
        Output(c.LANG_SINK, "title"),
        Input(c.LANG_STORE, "data"),
    )

    @app.callback(
        Output(c.HEADER, "children"),
        Output(c.PAGE, "children"),
        Output(c.FOOTER, "children"),
        Output(c.LANG_BUTTON, "children"),
        Input(c.URL, "pathname"),
        Input(c.LANG_STORE, "data"),
        State(c.URL, "search"),
    )
    def render(pathname, lang, search):
        lang = normalize_lang(lang)
        page = PAGES.get(pathname or "/")
        body = (
            page.layout(state, lang, search or "") if page else html.Div(t("error.not_found", lang), className="p-4 h4")
        )
        return c.header(lang), body, c.footer(lang), t("lang.switch", lang)
