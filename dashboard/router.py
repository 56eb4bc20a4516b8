"""Routing and the language switch: one callback renders header, page and footer for the path and language."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import Input, Output, State, html, no_update

from dashboard import components as c
from dashboard.auth import request_user, role_at_least
from dashboard.i18n import normalize_lang, t
from dashboard.pages import (
    campaigns,
    coverage,
    duplicates,
    facilities,
    facility_form,
    find,
    people,
    register,
    stats,
    survey_form,
    tokens,
    upload,
    upload_history,
)
from data.campaigns import list_campaigns, open_campaign_now

_MODULES = (
    coverage,
    find,
    stats,
    register,
    survey_form,
    facilities,
    facility_form,
    upload,
    upload_history,
    duplicates,
    people,
    tokens,
    campaigns,
)
# a page with ROLE is for signed-in people of at least that role; the check is made here, on the server, and again
# in every callback that reads or writes records
PAGES = {page.PATH: page for page in _MODULES}


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

    # on a phone the links fold under a menu button (a wide screen shows them all; see app.css)
    app.clientside_callback(
        "function(n, name) { return n % 2 ? 'site-nav open' : 'site-nav'; }",
        Output(c.NAV, "className"),
        Input(c.NAV_TOGGLE, "n_clicks"),
        State(c.NAV, "className"),
        prevent_initial_call=True,
    )

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
        user = request_user()
        page = _page_for(pathname or "/")
        if page is None:
            body = html.Div(t("error.not_found", lang), className="p-4 h4")
        elif getattr(page, "ROLE", None) and user is None:
            body = c.sign_in_needed(lang, (pathname or "/") + (search or ""))
        elif getattr(page, "ROLE", None) and not role_at_least(user, page.ROLE):
            body = c.not_allowed(lang, page.ROLE)
        else:
            extra = {"user": user, "path": pathname} if getattr(page, "ROLE", None) else {}
            body = page.layout(state, lang, search or "", **extra)
        with state.engine.connect() as conn:
            if open_campaign_now(conn) is None:
                closed = list_campaigns(conn)
                body = html.Div([c.campaign_closed_banner(lang, closed[0] if closed else None), body])
        return c.header(lang, user), body, c.footer(lang), t("lang.switch", lang)


def _page_for(pathname: str):
    """The page for a path; a page with PREFIX also takes the paths under it (``/facility/12``)."""
    if pathname in PAGES:
        return PAGES[pathname]
    return next((p for p in _MODULES if getattr(p, "PREFIX", None) and pathname.startswith(p.PREFIX)), None)
