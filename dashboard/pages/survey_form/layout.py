"""The survey form's tree: the household, the person, the personal box (marked), today's records, the templates."""

from __future__ import annotations

import uuid

from dash import dcc, html

from dashboard.i18n import format_date, t
from dashboard.pages.survey_form.ids import BANNER, MESSAGE, NID_TEXTS, SAVE, SAVE_KEY, TODAY
from dashboard.pages.survey_form.layout_sections import household, person, personal_box
from dashboard.pages.survey_form.view import today_box
from dashboard.state import current
from dashboard.ui.areas import area_label
from data.survey_entry import count_entered, my_surveys, open_campaign, subdistrict_choices
from geo.clock import today
from geo.thai import localized

NID_KEYS = ("nid_count", "nid_ok", "nid_bad", "nid_long", "nid_chars")  # the live check's messages
MINE_SHOWN = 50  # today's records listed under the form


def new_save_key() -> str:
    """A fresh idempotency key for the next save (sent with it; a double tap sends the same one)."""
    return uuid.uuid4().hex


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/survey") -> html.Div:
    if user is None:  # the router asks for sign-in first; this is only a guard
        return html.Div()
    state = current()
    with state.engine.connect() as conn:
        campaign = open_campaign(conn)
        mine = todays_records(conn, user, lang)
    choices = subdistrict_choices(state.registry, user["area"])
    closed = campaign is None
    return html.Div(
        className="survey-page px-3 py-3",
        children=[
            dcc.Store(id=NID_TEXTS, data={key: t(f"survey.{key}", lang) for key in NID_KEYS}),
            dcc.Store(id=SAVE_KEY, data=new_save_key()),
            html.H1(t("survey.title", lang), className="h4 mb-1"),
            html.P(t("survey.intro", lang), className="mb-1"),
            html.P(
                t("survey.area", lang, area=area_label(state.registry, user["area"], lang)),
                className="small text-muted mb-2",
            ),
            _banner(campaign, lang),
            html.Fieldset(
                disabled=closed,
                className="survey-form",
                children=[
                    household(choices, closed, lang),
                    person(closed, lang),
                    personal_box(lang),
                    html.Button(
                        t("survey.save", lang),
                        id=SAVE,
                        n_clicks=0,
                        disabled=closed,
                        className="btn btn-primary btn-lg w-100 mt-3",
                    ),
                ],
            ),
            html.Div(id=MESSAGE, className="mt-2", role="status", **{"aria-live": "polite"}),
            html.Div(mine, id=TODAY, className="mt-4"),
            _templates(user, lang),
        ],
    )


def todays_records(conn, user: dict, lang: str) -> list:
    """The person's records entered today (the newest first) under the count of all they entered today."""
    rows = my_surveys(conn, user, limit=MINE_SHOWN, entered_on=today())
    return today_box(rows, count_entered(conn, user), current().registry, lang)


def _banner(campaign: dict | None, lang: str) -> html.Div:
    if campaign is None:
        return html.Div(
            [html.Strong(t("survey.closed", lang)), html.Div(t("survey.closed_detail", lang), className="small")],
            id=BANNER,
            role="alert",
            className="alert alert-warning py-2",
        )
    return html.Div(
        t("survey.campaign", lang, name=localized(campaign, lang), date=format_date(campaign["opened_on"], lang)),
        id=BANNER,
        className="small text-muted mb-2",
    )


def _templates(user: dict, lang: str) -> html.Section:
    area = "" if user["area"] == "TH" else f"?area={user['area']}"
    return html.Section(
        className="survey-templates small mt-4 pt-2 border-top",
        children=[
            html.Div(t("survey.templates", lang), className="mb-1"),
            html.Div(
                [
                    html.A(
                        t("survey.template_xlsx", lang),
                        href=f"/api/v1/templates/surveys.xlsx{area}",
                        className="btn btn-outline-secondary btn-sm",
                        download="",
                    ),
                    html.A(
                        t("survey.template_csv", lang),
                        href="/api/v1/templates/surveys.csv",
                        className="btn btn-outline-secondary btn-sm",
                        download="",
                    ),
                    dcc.Link(t("survey.upload", lang), href="/upload", className="btn btn-link btn-sm"),
                ],
                className="d-flex flex-wrap gap-2",
            ),
        ],
    )
