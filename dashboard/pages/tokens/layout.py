"""The tokens page's tree: a name box and a create button, the new token, the list."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.tokens.ids import CREATE, MESSAGE, NAME, NEW, REFRESH, TABLE


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/tokens") -> html.Div:
    create = html.Button(t("tokens.create", lang), id=CREATE, n_clicks=0, className="btn btn-primary text-nowrap")
    name = dcc.Input(
        id=NAME, type="text", value="", maxLength=200, placeholder=t("tokens.name_hint", lang), className="form-control"
    )
    return html.Div(
        className="tokens-page people-narrow px-3 py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            html.H1(t("tokens.title", lang), className="h4 mb-1"),
            html.P(t("tokens.intro", lang), className="small text-muted"),
            html.Div(
                [
                    html.Label(t("tokens.name", lang), htmlFor=NAME, className="form-label mb-1"),
                    html.Div([name, create], className="d-flex gap-2"),
                ],
                className="mb-3",
            ),
            html.Div(id=NEW),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(id=TABLE, className="table-responsive"),
        ],
    )
