"""The upload history's tree: the title, the confirm step of an undo, the table, the audit panel."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.upload_history.ids import (
    AUDIT,
    AUDIT_FOR,
    CONFIRM,
    CONFIRM_NO,
    CONFIRM_TEXT,
    CONFIRM_YES,
    MESSAGE,
    PENDING,
    REFRESH,
    TABLE,
)


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/uploads") -> html.Div:
    return html.Div(
        className="uploads-page container-fluid py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            dcc.Store(id=PENDING),
            dcc.Store(id=AUDIT_FOR),
            html.Div(
                [
                    html.H1(t("uploads.title", lang), className="h4 mb-0"),
                    dcc.Link(t("uploads.new_upload", lang), href="/upload", className="btn btn-outline-primary btn-sm"),
                ],
                className="d-flex flex-wrap align-items-center justify-content-between gap-2",
            ),
            html.P(_intro(user, lang), className="text-muted small my-1"),
            html.Div(id=MESSAGE, role="alert", **{"aria-live": "polite"}),
            html.Div(
                id=CONFIRM,
                hidden=True,
                className="alert alert-warning",
                children=[
                    html.Div(id=CONFIRM_TEXT, className="mb-2"),
                    html.Button(t("uploads.confirm_yes", lang), id=CONFIRM_YES, n_clicks=0, className="btn btn-danger"),
                    html.Button(
                        t("uploads.confirm_no", lang),
                        id=CONFIRM_NO,
                        n_clicks=0,
                        className="btn btn-outline-secondary ms-2",
                    ),
                ],
            ),
            html.Div(id=TABLE, className="table-responsive"),
            html.Div(id=AUDIT, className="uploads-audit mt-3"),
        ],
    )


def _intro(user: dict | None, lang: str) -> str:
    role = (user or {}).get("role")
    if role == "national_admin":
        return t("uploads.intro.all", lang)
    if role == "province_admin":
        return t("uploads.intro.province", lang, area=user["area"])
    return t("uploads.intro.own", lang)
