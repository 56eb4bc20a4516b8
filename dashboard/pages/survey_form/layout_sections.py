"""The survey form's sections: the household (date, subdistrict, village, the home's location), the person, and the
personal box (marked, kept apart); each field with its label and a slot for the problems found on saving."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.survey_form.ids import (
    AGE,
    DATE,
    DATE_ECHO,
    DOSES,
    FULL_NAME,
    GEO_CLEAR,
    GROUP,
    HOME_VISIT,
    INTENTION,
    LOCATE,
    LOCATION,
    LOCATION_TEXT,
    NATIONAL_ID,
    NID_CHECK,
    PERSONAL,
    PERSONAL_TITLE,
    PHONE,
    PROBLEM,
    REASON,
    SUBDISTRICT,
    VILLAGE,
)
from dashboard.pages.survey_form.view import date_echo
from dashboard.ui.controls import dropdown
from dashboard.ui.dates import date_input_text
from data.registries import INTENTIONS, TARGET_GROUPS
from geo.clock import today

DOSE_CHOICES = ("0", "1", "2", "3", "4")


def household(choices: list[dict], closed: bool, lang: str) -> html.Section:
    options = [{"label": f"{c['label_th']} · {c['label_en']} ({c['code']})", "value": c["code"]} for c in choices]
    typed = date_input_text(today(), lang)
    return html.Section(
        className="survey-section",
        children=[
            html.H2(t("survey.household", lang), className="h6"),
            _field(
                "survey_date",
                t("survey.date", lang),
                [
                    dcc.Input(
                        id=DATE,
                        value=typed,
                        type="text",
                        inputMode="numeric",
                        debounce=True,
                        autoComplete="off",
                        className="form-control",
                        disabled=closed,
                    ),
                    html.Div(date_echo(typed, lang), id=DATE_ECHO, className="small text-muted"),
                ],
                DATE,
                required=True,
                hint=t("survey.date_hint", lang),
                lang=lang,
            ),
            _field(
                "subdistrict",
                t("survey.subdistrict", lang),
                [
                    dropdown(
                        lang,
                        id=SUBDISTRICT,
                        options=options,
                        value=choices[0]["code"] if len(choices) == 1 else None,
                        clearable=False,
                        placeholder=t("survey.subdistrict_pick", lang),
                        disabled=closed or not choices,
                    ),
                    html.Div(
                        t("survey.subdistrict_none", lang),
                        className="alert alert-danger py-1 small mt-1",
                        hidden=bool(choices),
                    ),
                ],
                SUBDISTRICT,
                required=True,
                lang=lang,
            ),
            _field(
                "village_no",
                t("survey.village", lang),
                [_text_input(VILLAGE, closed, numeric=True, width="6rem")],
                VILLAGE,
                lang=lang,
            ),
            html.Div(
                className="survey-field",
                children=[
                    html.Div(t("survey.location", lang), className="form-label mb-1"),
                    html.Div(
                        [
                            LOCATE.button(lang, "btn btn-outline-primary btn-sm", disabled=closed),
                            html.Button(
                                t("survey.location_clear", lang),
                                id=GEO_CLEAR,
                                n_clicks=0,
                                type="button",
                                hidden=True,
                                className="btn btn-link btn-sm",
                            ),
                        ],
                        className="d-flex flex-wrap gap-2 align-items-center",
                    ),
                    html.Div(id=LOCATION_TEXT, className="small", **{"aria-live": "polite"}),
                    dcc.Store(id=LOCATION),
                    LOCATE.box(),
                    _slot("location"),
                ],
            ),
        ],
    )


def person(closed: bool, lang: str) -> html.Section:
    pills = {"className": "pills", "labelClassName": "pill", "inline": True}
    groups = [{"label": g.label(lang), "value": g.code, "disabled": closed} for g in TARGET_GROUPS if g.ministry_order]
    doses = [{"label": d, "value": d, "disabled": closed} for d in DOSE_CHOICES]
    intentions = [{"label": i.label(lang), "value": i.code, "disabled": closed} for i in INTENTIONS]
    return html.Section(
        className="survey-section",
        children=[
            html.H2(t("survey.person", lang), className="h6"),
            _field(
                "target_group",
                t("survey.group", lang),
                [dcc.RadioItems(id=GROUP, options=groups, value=None, **pills)],
                GROUP,
                required=True,
                lang=lang,
            ),
            _field(
                "age",
                t("survey.age", lang),
                [_text_input(AGE, closed, numeric=True, width="6rem")],
                AGE,
                required=True,
                lang=lang,
            ),
            _field(
                "doses_received",
                t("survey.doses", lang),
                [dcc.RadioItems(id=DOSES, options=doses, value=None, **pills)],
                DOSES,
                required=True,
                lang=lang,
            ),
            _field(
                "intention",
                t("survey.intention", lang),
                [dcc.RadioItems(id=INTENTION, options=intentions, value=None, **pills)],
                INTENTION,
                required=True,
                lang=lang,
            ),
            html.Div(
                [
                    dcc.Checklist(
                        id=HOME_VISIT,
                        value=[],
                        options=[{"label": " " + t("survey.home_visit", lang), "value": "1", "disabled": closed}],
                        className="survey-check",
                    ),
                    _slot("needs_home_visit"),
                ],
                className="survey-field",
            ),
            _field(
                "reason",
                t("survey.reason", lang),
                [dcc.Textarea(id=REASON, value="", rows=2, disabled=closed, className="form-control")],
                REASON,
                lang=lang,
            ),
        ],
    )


def personal_box(lang: str) -> html.Section:
    return html.Section(
        id=PERSONAL,
        className="survey-personal",
        **{"aria-labelledby": PERSONAL_TITLE},
        children=[
            html.H2(t("survey.personal", lang), id=PERSONAL_TITLE, className="h6 mb-1"),
            html.P(t("survey.personal_note", lang), className="small text-muted mb-2"),
            _field(
                "full_name",
                t("survey.full_name", lang),
                [_text_input(FULL_NAME, False, autocomplete="off")],
                FULL_NAME,
                lang=lang,
            ),
            _field(
                "national_id",
                t("survey.national_id", lang),
                [
                    _text_input(NATIONAL_ID, False, numeric=True, max_length=17, width="13rem"),
                    html.Div(id=NID_CHECK, className="nid-check small", **{"aria-live": "polite"}),
                ],
                NATIONAL_ID,
                lang=lang,
            ),
            _field(
                "phone",
                t("survey.phone", lang),
                [
                    dcc.Input(
                        id=PHONE,
                        type="tel",
                        value="",
                        autoComplete="off",
                        className="form-control survey-input",
                        style={"maxWidth": "13rem"},
                    )
                ],
                PHONE,
                lang=lang,
            ),
        ],
    )


def _field(
    name: str, label: str, controls: list, control_id: str, lang: str, required: bool = False, hint: str | None = None
) -> html.Div:
    head = [label]
    if required:
        head.append(html.Span(" *", className="text-danger", title=t("survey.required", lang)))
    if hint:
        head.append(html.Span(f" ({hint})", className="small text-muted"))
    return html.Div(
        [html.Label(head, htmlFor=control_id, className="form-label mb-1"), *controls, _slot(name)],
        className="survey-field",
    )


def _text_input(
    component_id: str,
    disabled: bool,
    numeric: bool = False,
    max_length: int | None = None,
    width: str | None = None,
    autocomplete: str = "off",
) -> dcc.Input:
    extra = {"maxLength": max_length} if max_length else {}
    return dcc.Input(
        id=component_id,
        type="text",
        value="",
        inputMode="numeric" if numeric else "text",
        autoComplete=autocomplete,
        disabled=disabled,
        className="form-control survey-input",
        style={"maxWidth": width} if width else None,
        **extra,
    )


def _slot(name: str) -> html.Div:
    return html.Div(id=PROBLEM.format(name), className="survey-problem", role="alert")
