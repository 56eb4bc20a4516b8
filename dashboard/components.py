"""Shared components: header with the language switch, footer with sources and licences."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import SOURCES, normalize_lang, t

LANG_STORE = "lang-store"
LANG_BUTTON = "lang-button"
LANG_SINK = "lang-sink"
ERROR_BANNER = "error-banner"
URL = "url"
PAGE = "page-content"
# No button that sends a chart or its data anywhere (Plotly's "share"/"edit in Chart Studio"): offline and private.
GRAPH_CONFIG = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio", "lasso2d", "select2d"],
}
HEADER = "header"
NAV, NAV_TOGGLE = "site-nav", "nav-toggle"
FOOTER = "footer"


def header(lang: str, user: dict | None = None, pages: list | None = None) -> html.Div:
    """The site's name, the menu (``pages``: the ``dashboard.page.menu`` for this person) and the account."""
    pages = pages or []
    public = [p for p in pages if p.role is None]
    staff = [p for p in pages if p.role is not None]
    return html.Div(
        className="d-flex flex-wrap justify-content-between align-items-center flex-grow-1 gap-2",
        children=[
            # first in the page: a keyboard jumps past the menu (shown when focused)
            html.A(t("nav.skip", lang), href="#" + PAGE, className="visually-hidden-focusable skip-link"),
            html.Div(
                [
                    html.Span(t("app.title", lang), className="navbar-brand mb-0 h1 fw-bold"),
                    html.Small(t("app.tagline", lang), className="text-muted d-none d-xxl-inline"),
                ],
                className="d-flex align-items-baseline gap-3",
            ),
            html.Button(
                "☰ " + t("nav.menu", lang),
                id=NAV_TOGGLE,
                n_clicks=0,
                className="btn btn-outline-secondary btn-sm nav-toggle",
                **{"aria-controls": NAV, "aria-label": t("nav.menu", lang)},
            ),
            html.Nav(
                id=NAV,
                className="site-nav",
                children=[
                    *(_link(p, lang) for p in public),
                    html.A(t("nav.api", lang), href="/api/v1/openapi.json", className="nav-link d-inline px-2"),
                    *(_link(p, lang) for p in staff),
                    *_tour(lang, user),
                    _account(lang, user),
                ],
            ),
        ],
    )


def footer(lang: str) -> html.Footer:
    return html.Footer(
        className="border-top bg-light px-3 py-2 small text-muted",
        children=[
            html.Strong(t("footer.sources", lang) + ": "),
            html.Ul([html.Li(th if lang == "th" else en) for th, en in SOURCES], className="mb-1"),
            html.Div(t("footer.synthetic", lang), id="synthetic-note"),
        ],
    )


def shell() -> html.Div:
    """The page frame; the header, page and footer are filled in by the router for the chosen language."""
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=LANG_STORE, storage_type="local"),
            html.Div(id=LANG_SINK, hidden=True),
            html.Header(
                [
                    html.Div(id=HEADER, className="flex-grow-1"),
                    html.Button(
                        id=LANG_BUTTON,
                        n_clicks=0,
                        className="btn btn-outline-primary btn-sm ms-2",
                        title="เปลี่ยนภาษา / change language",  # its name is what it shows (English, ไทย)
                    ),
                ],
                className="navbar navbar-light bg-white border-bottom px-3 py-2 d-flex flex-nowrap",
            ),
            html.Div(id=ERROR_BANNER, hidden=True, role="alert", className="alert alert-warning m-2"),
            html.Main(id=PAGE, className="container-fluid px-0", tabIndex="-1"),
            html.Div(id=FOOTER),
        ]
    )


def _link(page, lang: str):
    """A Dash page opens in place; a server page is a plain link (a whole new document)."""
    kind = html.A if page.server_rendered else dcc.Link
    return kind(t(page.nav, lang), href=page.path, className="nav-link d-inline px-2")


def chosen_language(switched: bool, search: str | None, current: str | None) -> str:
    """The language button flips it; otherwise ``?lang=`` in the address, then the remembered one, then Thai."""
    from urllib.parse import parse_qs

    if switched:
        return "en" if normalize_lang(current) == "th" else "th"
    asked = parse_qs((search or "").lstrip("?")).get("lang", [None])[0]
    return normalize_lang(asked or current)


def _tour(lang: str, user: dict | None) -> list:
    """The "First steps" button of the menu (dashboard/tour.py), for a signed-in person."""
    from dashboard.state import current
    from dashboard.tour import tour_button

    button = tour_button(lang, user, practice=current().practice)
    return [button] if button else []


def _account(lang: str, user: dict | None):
    if user is None:
        return html.A(t("nav.sign_in", lang), href="/login", className="nav-link d-inline px-2", id="sign-in-link")
    from dashboard.state import current
    from dashboard.ui.frame import signed_in_text

    return html.Span(
        [
            html.Span(
                signed_in_text(user, current().registry, lang), className="small text-muted px-2", id="signed-in-as"
            ),
            html.A(t("nav.password", lang), href="/account/password", className="nav-link d-inline px-2"),
            # signing out is a POST (a link or an image elsewhere cannot sign anyone out); the server ends the session
            html.Form(
                html.Button(t("nav.sign_out", lang), type="submit", className="btn btn-link nav-link d-inline px-2"),
                action="/logout",
                method="post",
                className="d-inline",
                id="sign-out-form",
            ),
        ],
        className="d-inline-flex align-items-center",
    )


def sign_in_needed(lang: str, target: str) -> html.Div:
    from urllib.parse import quote

    return html.Div(
        [
            html.H1(t("auth.needed", lang), className="h5"),
            html.A(t("nav.sign_in", lang), href=f"/login?next={quote(target)}", className="btn btn-primary"),
        ],
        className="p-4",
        id="sign-in-needed",
    )


def not_allowed(lang: str, role: str) -> html.Div:
    from data.registries import ROLES

    return html.Div(
        html.P(t("auth.not_allowed", lang, role=ROLES[role].label(lang)), className="h6"),
        className="p-4",
        id="not-allowed",
    )


def campaign_closed_banner(text: str) -> html.Div:
    """Shown on every page while no reporting campaign is open (``dashboard.ui.frame.campaign_closed_text``; server
    pages show the same: templates/base.html)."""
    return html.Div(
        text, id="campaign-banner", role="status", className="alert alert-secondary rounded-0 mb-0 py-2 small"
    )
