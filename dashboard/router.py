"""Routing and the language switch: one callback renders header, page and footer for the path and language.

The pages come from ``dashboard.pages.PAGES``; a Dash page's role is checked here, on the server, and again in every
callback that reads or writes records; a server page's role is checked by ``dashboard.ui.server`` before its view.
"""

from __future__ import annotations

from dash import Input, Output, State, html

from dashboard import components as c
from dashboard.auth import request_user, role_at_least
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks, menu, page_for
from dashboard.pages import PAGES
from dashboard.state import current
from dashboard.tour import practice_banner
from dashboard.ui.frame import campaign_closed_text
from dashboard.ui.server import register_server_page

on = Callbacks()


def register_router(app) -> None:
    for page in PAGES:
        if page.server_rendered:
            register_server_page(app.server, page, PAGES)
        else:
            page.callbacks.register(app)
    on.register(app)


@on(Output(c.LANG_STORE, "data"), Input(c.LANG_BUTTON, "n_clicks"), Input(c.URL, "search"), State(c.LANG_STORE, "data"))
def choose_language(n_clicks, search, current_lang):
    from dash import ctx, no_update

    chosen = c.chosen_language(ctx.triggered_id == c.LANG_BUTTON and n_clicks, search, current_lang)
    # an unchanged language must not re-render the page (a view change also rewrites the URL's query)
    return no_update if current_lang == chosen else chosen


# on a phone the links fold under a menu button (a wide screen shows them all; see app.css)
on.clientside(
    "jitasa",
    "toggleMenu",
    Output(c.NAV, "className"),
    Input(c.NAV_TOGGLE, "n_clicks"),
    State(c.NAV, "className"),
    prevent_initial_call=True,
)
on.clientside("jitasa", "setDocumentLanguage", Output(c.LANG_SINK, "title"), Input(c.LANG_STORE, "data"))


@on(
    Output(c.HEADER, "children"),
    Output(c.PAGE, "children"),
    Output(c.FOOTER, "children"),
    Output(c.LANG_BUTTON, "children"),
    Input(c.URL, "pathname"),
    Input(c.LANG_STORE, "data"),
    State(c.URL, "search"),
)
def render(pathname, lang, search):
    lang, user, pathname = normalize_lang(lang), request_user(), pathname or "/"
    body = page_body(page_for(PAGES, pathname), lang, user, pathname, search or "")
    state = current()
    with state.engine.connect() as conn:
        closed = campaign_closed_text(conn, lang)
    if closed:
        body = html.Div([c.campaign_closed_banner(closed), body])
    if state.practice:  # every page of a practice space says so (dashboard/practice.py)
        body = html.Div([practice_banner(lang, user, state.practice), body])
    return c.header(lang, user, menu(PAGES, user)), body, c.footer(lang), t("lang.switch", lang)


def page_body(page, lang: str, user: dict | None, pathname: str, search: str):
    """What the page area shows: the page, or why it cannot be shown to this person."""
    if page is None or page.server_rendered:
        return html.Div(t("error.not_found", lang), className="p-4 h4")
    if page.role and user is None:
        return c.sign_in_needed(lang, pathname + search)
    if page.role and not role_at_least(user, page.role):
        return c.not_allowed(lang, page.role)
    return page.layout(lang, search, user=user, path=pathname)
