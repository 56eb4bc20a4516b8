"""Share and print (they join the page's ``on``): the tab's title names the view, the copy-link button copies the
view's address, and the whole table of areas is ready for paper."""

from __future__ import annotations

from dash import Input, Output, State
from flask import request

from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.pages.coverage.callbacks import on
from dashboard.pages.coverage.ids import (
    CONTROLS,
    CONTROLS_TOGGLE,
    COPY_LINK,
    MAP,
    PRINT_HTML,
    PRINT_TABLE,
    TABLE,
    TITLE,
    TITLE_SINK,
    VIEW,
)
from dashboard.pages.coverage.url import view_args
from dashboard.pages.coverage.view import print_table
from dashboard.state import current
from dashboard.view_facts import view_facts
from data.coverage_query import parse_coverage_query


@on(Output(TITLE, "data"), Input(VIEW, "data"), Input(LANG_STORE, "data"))
def title(view, lang):
    """เชียงใหม่ · ความครอบคลุมการฉีดวัคซีน (%) · ผู้สูงอายุ · เข็มที่ 2 · จิตอาสา แผนที่"""
    state, lang = current(), normalize_lang(lang)
    query, _, _ = parse_coverage_query(view_args(view), state.registry)
    return view_facts(state.registry, query, None, lang).title() + " · " + t("app.title", lang)


on.clientside("jitasa", "setDocumentTitle", Output(TITLE_SINK, "title"), Input(TITLE, "data"))
on.clientside(  # on a phone: the button opens and closes the controls' drawer
    "jitasa",
    "toggleControls",
    Output(CONTROLS, "className"),
    Output(CONTROLS_TOGGLE, "aria-expanded"),
    Input(CONTROLS_TOGGLE, "n_clicks"),
    State(CONTROLS, "className"),
    prevent_initial_call=True,
)
on.clientside("jitasa", "printableMap", Output(TITLE_SINK, "className"), Input(MAP, "figure"), State(MAP, "id"))


@on(Output(COPY_LINK, "content"), Input(COPY_LINK, "n_clicks"), State(VIEW, "data"), State(LANG_STORE, "data"))
def copy_link(_clicks, view, lang):
    """The address of the view, in the language on screen."""
    query = "&".join(x for x in (view, "lang=en" if normalize_lang(lang) == "en" else "") if x)
    return request.host_url + ("?" + query if query else "")


@on(Output(PRINT_HTML, "data"), Input(TABLE, "data"), State(LANG_STORE, "data"))
def table_for_paper(rows, lang):
    return print_table(rows or [], normalize_lang(lang))


on.clientside(
    "jitasa", "fillPrintTable", Output(PRINT_TABLE, "title"), Input(PRINT_HTML, "data"), State(PRINT_TABLE, "id")
)
