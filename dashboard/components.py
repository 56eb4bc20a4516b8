"""Shared components: header with the language switch, footer with sources and licences."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import SOURCES, t

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


# the record pages in the header: (path, label key, the least role that may open it)
RECORD_LINKS = (
    ("/survey", "nav.survey", "volunteer"),
    ("/facilities", "nav.facilities", "coordinator"),
    ("/upload", "nav.upload", "volunteer"),
    ("/uploads", "nav.uploads", "volunteer"),
    ("/duplicates", "nav.duplicates", "coordinator"),
    ("/people", "nav.people", "coordinator"),
    ("/campaigns", "nav.campaigns", "province_admin"),
    ("/tokens", "nav.tokens", "volunteer"),
)


def header(lang: str, user: dict | None = None) -> html.Div:
    return html.Div(
        className="d-flex flex-wrap justify-content-between align-items-center flex-grow-1 gap-2",
        children=[
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
                    dcc.Link(t("nav.coverage", lang), href="/", className="nav-link d-inline px-2"),
                    dcc.Link(t("nav.find", lang), href="/find", className="nav-link d-inline px-2"),
                    dcc.Link(t("nav.stats", lang), href="/stats", className="nav-link d-inline px-2"),
                    html.A(t("nav.api", lang), href="/api/v1/openapi.json", className="nav-link d-inline px-2"),
                    *_record_links(lang, user),
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
                        **{"aria-label": "เปลี่ยนภาษา / change language"},
                    ),
                ],
                className="navbar navbar-light bg-white border-bottom px-3 py-2 d-flex flex-nowrap",
            ),
            html.Div(id=ERROR_BANNER, hidden=True, role="alert", className="alert alert-warning m-2"),
            html.Main(id=PAGE, className="container-fluid px-0"),
            html.Div(id=FOOTER),
        ]
    )


def _record_links(lang: str, user: dict | None) -> list:
    from dashboard.auth import role_at_least

    return [
        dcc.Link(t(key, lang), href=path, className="nav-link d-inline px-2")
        for path, key, role in RECORD_LINKS
        if role_at_least(user, role)
    ]


def _account(lang: str, user: dict | None):
    if user is None:
        return html.A(t("nav.sign_in", lang), href="/login", className="nav-link d-inline px-2", id="sign-in-link")
    from data.registries import ROLES

    name = user.get("display_name") or user["username"]
    return html.Span(
        [
            html.Span(
                f"{name} · {ROLES[user['role']].label(lang)} · {user['area']}",
                className="small text-muted px-2",
                id="signed-in-as",
            ),
            html.A(t("nav.sign_out", lang), href="/logout", className="nav-link d-inline px-2"),
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


def campaign_closed_banner(lang: str, last: dict | None) -> html.Div:
    """Shown on every page while no reporting campaign is open: data stays readable, new survey records are refused."""
    from dashboard.i18n import format_date

    if last is None:
        text = t("campaign.none_open", lang)
    else:
        name = last["name_th"] if lang == "th" else last["name_en"]
        text = t(
            "campaign.closed",
            lang,
            name=name,
            date=format_date(last["closed_on"], lang),
            order=last["closed_order_ref"] or "–",
        )
    return html.Div(
        text, id="campaign-banner", role="status", className="alert alert-secondary rounded-0 mb-0 py-2 small"
    )
