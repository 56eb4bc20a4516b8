"""The trainer's page's tree: the form that makes accounts, what was made, ending and resetting, the list."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.practice.ids import (
    AREA,
    COUNT,
    CREATE,
    DAYS,
    DOWNLOAD,
    END,
    LIST,
    MADE,
    MANAGE_AREA,
    MESSAGE,
    REFRESH,
    RESET,
    ROLE,
)
from dashboard.state import current
from dashboard.ui.alerts import alert
from dashboard.ui.controls import dropdown
from data.practice import DEFAULT_DAYS, MAX_ACCOUNTS, MAX_DAYS
from data.registries import ROLES


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/practice") -> html.Div:
    if current().practice:  # trainers act from the real space (the callbacks refuse too)
        return html.Div(alert(t("practice.inside", lang), "info"), className="px-3 py-3", id="practice-inside")
    user = user or {}
    area = "" if user.get("area") == "TH" else user.get("area", "")
    roles = [{"label": r.label(lang), "value": r.code} for r in ROLES if ROLES.at_least(user, r.code)]
    return html.Div(
        className="practice-page people-narrow px-3 py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            dcc.Download(id=DOWNLOAD),
            html.H1(t("practice.title", lang), className="h4 mb-1"),
            html.P(t("practice.intro", lang), className="small text-muted"),
            html.Div(
                [
                    _field(
                        t("practice.role", lang),
                        dropdown(lang, id=ROLE, options=roles, value="volunteer", clearable=False),
                    ),
                    _field(t("practice.area", lang), dcc.Input(id=AREA, value=area, className="form-control")),
                    _field(t("practice.count", lang), _number(COUNT, 20, MAX_ACCOUNTS)),
                    _field(t("practice.days", lang), _number(DAYS, DEFAULT_DAYS, MAX_DAYS)),
                ],
                className="practice-form",
            ),
            html.Button(t("practice.create", lang), id=CREATE, n_clicks=0, className="btn btn-primary my-2"),
            dcc.Loading(html.Div(id=MADE, **{"aria-live": "polite"})),
            html.H2(t("practice.manage", lang), className="h5 mt-4"),
            _field(t("practice.area", lang), dcc.Input(id=MANAGE_AREA, value=area, className="form-control")),
            html.Div(
                [
                    html.Button(t("practice.end", lang), id=END, n_clicks=0, className="btn btn-outline-danger"),
                    html.Button(t("practice.reset", lang), id=RESET, n_clicks=0, className="btn btn-outline-secondary"),
                ],
                className="d-flex flex-wrap gap-2 my-2",
            ),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.H2(t("practice.accounts", lang), className="h5 mt-4"),
            html.Div(id=LIST, className="table-responsive"),
        ],
    )


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, className="form-label mb-1"), control], className="mb-2")


def _number(element_id: str, value: int, maximum: int) -> dcc.Input:
    return dcc.Input(id=element_id, type="number", value=value, min=1, max=maximum, step=1, className="form-control")
