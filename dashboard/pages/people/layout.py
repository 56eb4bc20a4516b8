"""The people page's tree: the province chooser (national admins), the sections, the registry and its form."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.people.ids import (
    CANCEL,
    DISTRICT,
    EDITING,
    ENTRY,
    ENTRY_FIELDS,
    ENTRY_MESSAGE,
    ENTRY_TITLE,
    MESSAGE,
    PROVINCE,
    REFRESH,
    REGISTRY_FORM,
    REGISTRY_HEAD,
    REGISTRY_TABLE,
    SAVE,
    SECTIONS,
)
from dashboard.state import current
from dashboard.ui.areas import area_options
from dashboard.ui.controls import dropdown
from data.registries import ROLES


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/people") -> html.Div:
    if user is None:
        return html.Div()
    admin, national = ROLES.at_least(user, "province_admin"), user["role"] == "national_admin"
    chooser = html.Div(
        [
            html.Label(t("people.province", lang), htmlFor=PROVINCE, className="form-label mb-1"),
            dropdown(
                lang,
                id=PROVINCE,
                options=area_options(current().registry, "province", None, lang) if national else [],
                placeholder=t("people.province_pick", lang),
            ),
        ],
        className="mb-3 people-chooser",
        hidden=not national,  # the server uses the chosen province for national admins only
    )
    return html.Div(
        className="people-page px-3 py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            dcc.Store(id=EDITING),
            html.H1(t("people.title", lang), className="h4 mb-1"),
            html.P(t(f"people.intro.{user['role']}", lang), className="small text-muted"),
            chooser,
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(id=SECTIONS),
            html.Section(
                [
                    html.Div(id=REGISTRY_HEAD),
                    html.Div(id=ENTRY_MESSAGE, role="status", **{"aria-live": "polite"}),
                    _registry_form(lang, hidden=not admin),
                    html.Div(id=REGISTRY_TABLE, className="table-responsive"),
                ],
                id="people-registry",
            ),
        ],
    )


def _registry_form(lang: str, hidden: bool) -> html.Section:
    """The form that adds or edits a registry name (admins; present but hidden for coordinators, whose callbacks
    refuse to change anything anyway)."""
    inputs = [
        html.Div(
            [
                html.Label(t(f"people.entry.{f}", lang), htmlFor=ENTRY[f], className="form-label mb-1 small"),
                dcc.Input(id=ENTRY[f], type="email" if f == "email" else "text", value="", className="form-control"),
            ],
            className="people-entry-field",
        )
        for f in ENTRY_FIELDS
    ]
    return html.Section(
        id=REGISTRY_FORM,
        hidden=hidden,
        className="card card-body my-2 people-entry",
        children=[
            html.H2(t("people.entry.title", lang), className="h6", id=ENTRY_TITLE),
            html.Label(t("people.entry.district", lang), htmlFor=DISTRICT, className="form-label mb-1 small"),
            dropdown(
                lang, id=DISTRICT, options=[], placeholder=t("people.entry.district_pick", lang), className="mb-2"
            ),
            html.Div(inputs, className="people-entry-grid"),
            html.Div(
                [
                    html.Button(t("people.entry.save", lang), id=SAVE, n_clicks=0, className="btn btn-primary"),
                    html.Button(t("people.entry.cancel", lang), id=CANCEL, n_clicks=0, className="btn btn-link"),
                ],
                className="d-flex gap-2 mt-2",
            ),
        ],
    )
