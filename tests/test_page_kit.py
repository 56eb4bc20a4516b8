"""The page kit (dashboard/page.py): pages declared once, the router and menu built from them, callbacks as plain
functions, server-rendered pages with the same role rule."""

from __future__ import annotations

import dash
import flask
import pytest
from dash import Input, Output, html

from dashboard.i18n import CATALOGUE
from dashboard.page import Callbacks, Page, menu, page_for
from dashboard.pages import PAGES
from dashboard.ui.server import register_server_page, render

VOLUNTEER = {"id": 1, "role": "volunteer", "area": "500101", "username": "v"}
COORDINATOR = {"id": 2, "role": "coordinator", "area": "5001", "username": "c"}


def test_a_callback_stays_a_plain_function_and_registers_on_each_app():
    on = Callbacks()

    @on(Output("out", "children"), Input("in", "value"))
    def echo(value):
        return f"got {value}"

    assert echo("x") == "got x"  # a test calls it directly
    for _ in range(2):  # several apps in one process each get it (dash.callback's global list would not)
        app = dash.Dash(__name__)
        app.layout = html.Div()
        on.register(app)
        assert "out.children" in app.callback_map
    assert on.functions() == [echo]


def test_every_page_has_one_path_and_its_menu_label_exists():
    paths = [p.path for p in PAGES]
    assert len(paths) == len(set(paths))
    assert all(p.nav in CATALOGUE for p in PAGES if p.nav)
    assert page_for(PAGES, "/").path == "/"


def test_a_prefix_page_takes_the_paths_under_it_and_no_neighbour():
    pages = (Page("/upload", layout=lambda *a, **k: None, prefix=True), Page("/uploads", layout=lambda *a, **k: None))
    assert page_for(pages, "/upload/guide").path == "/upload"
    assert page_for(pages, "/uploads").path == "/uploads"
    assert page_for(pages, "/uploadsx") is None


def test_the_menu_shows_public_pages_then_what_the_role_opens():
    public = [p.path for p in menu(PAGES, None)]
    assert public[:4] == ["/", "/find", "/help", "/stats"]
    volunteer = [p.path for p in menu(PAGES, VOLUNTEER)]
    coordinator = [p.path for p in menu(PAGES, COORDINATOR)]
    assert "/survey" in volunteer and "/facilities" not in volunteer
    assert {"/facilities", "/duplicates", "/people"} <= set(coordinator) and "/campaigns" not in coordinator


def test_a_page_is_either_dash_or_server_rendered():
    with pytest.raises(ValueError, match="either"):
        Page("/x")


def test_a_server_page_answers_html_in_the_asked_language_and_checks_its_role(demo_state):
    server = flask.Flask(__name__)  # its own server: routes cannot be added to one that has answered already
    server.secret_key = "test"
    server.extensions["jitasa"] = demo_state
    open_page = Page("/kit-open", view=lambda: render("message.html", title="hello", message="สวัสดี"))
    staff_page = Page("/kit-staff", view=lambda: render("message.html", title="staff"), role="coordinator")
    for page in (open_page, staff_page):
        register_server_page(server, page, PAGES)
    client = server.test_client()
    answer = client.get("/kit-open?lang=en")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    text = answer.get_data(as_text=True)
    assert '<html lang="en">' in text and "สวัสดี" in text and "Jitasa Map" in text
    assert "<script" not in text  # works without JavaScript
    assert client.get("/kit-open").get_data(as_text=True).startswith('<!doctype html>\n<html lang="en">')  # kept
    refused = client.get("/kit-staff")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login?next=/kit-staff")
