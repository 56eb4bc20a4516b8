"""Volunteer self-registration (อาสาข้อมูล): a public form; the account waits for the district coordinator's approval.

The area is chosen province → district → subdistrict (a district alone is allowed). The server checks everything
again (``data.accounts.register_volunteer``) and reports every problem at once, in Thai and English; the new
account cannot sign in until the coordinator of its district approves it on /people.
"""

from __future__ import annotations

from dash import Input, Output, State, dcc, html, no_update

from dashboard.auth import registration_wait_minutes
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks, Page
from dashboard.state import current
from dashboard.ui.areas import area_options
from dashboard.ui.controls import dropdown
from data.accounts import register_volunteer
from data.errors import Problem, UserInputError
from geo.thai import localized

# -- ids ----------------------------------------------------------------------------------------------------------
FORM, MESSAGE, SUBMIT = "register-form", "register-message", "register-submit"
USERNAME, PASSWORD, PASSWORD_AGAIN = "register-username", "register-password", "register-password-again"
DISPLAY_NAME, PHONE, CONSENT = "register-display-name", "register-phone", "register-consent"
PROVINCE, DISTRICT, SUBDISTRICT = "register-province", "register-district", "register-subdistrict"
# the form's fields as data.accounts names them: (field, component id)
FIELDS = (
    ("username", USERNAME),
    ("password", PASSWORD),
    ("password_again", PASSWORD_AGAIN),
    ("display_name", DISPLAY_NAME),
    ("phone", PHONE),
    ("area", PROVINCE),
    ("consent", CONSENT),
)


# -- layout -------------------------------------------------------------------------------------------------------
def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/register") -> html.Div:
    return html.Div(
        className="register-page people-narrow px-3 py-3",
        children=[
            html.H1(t("register.title", lang), className="h4 mb-1"),
            html.P(t("register.intro", lang), className="mb-3"),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(id=FORM, children=_form(current().registry, lang)),
        ],
    )


def _form(registry, lang: str) -> list:
    return [
        _field(t("register.username", lang), _input(USERNAME, "username"), USERNAME, t("register.username_hint", lang)),
        _field(t("register.password", lang), _input(PASSWORD, "new-password", "password"), PASSWORD),
        _field(t("register.password_again", lang), _input(PASSWORD_AGAIN, "new-password", "password"), PASSWORD_AGAIN),
        _field(t("register.display_name", lang), _input(DISPLAY_NAME, "name"), DISPLAY_NAME),
        _field(t("register.phone", lang), _input(PHONE, "tel", "tel"), PHONE, t("register.phone_hint", lang)),
        html.Fieldset(
            [
                html.Legend(t("register.area", lang), className="form-label fs-6 mb-1"),
                html.P(t("register.area_hint", lang), className="small text-muted mb-1"),
                _dropdown(PROVINCE, area_options(registry, "province", None, lang), t("register.province", lang), lang),
                _dropdown(DISTRICT, [], t("register.district", lang), lang),
                _dropdown(SUBDISTRICT, [], t("register.subdistrict", lang), lang),
            ],
            className="mb-3",
        ),
        html.Div(
            [
                html.H2(t("register.consent_title", lang), className="h6"),
                html.P(t("register.consent_text", lang), className="small mb-2"),
                dcc.Checklist(
                    id=CONSENT,
                    options=[{"label": " " + t("register.consent_agree", lang), "value": "yes"}],
                    value=[],
                    className="people-check",
                ),
            ],
            className="people-consent mb-3",
        ),
        html.Button(t("register.submit", lang), id=SUBMIT, n_clicks=0, className="btn btn-primary btn-lg w-100"),
        html.P(
            [t("register.have_account", lang), " ", html.A(t("nav.sign_in", lang), href="/login")],
            className="small mt-3",
        ),
    ]


def _field(label: str, control, control_id: str, hint: str | None = None) -> html.Div:
    head = [label, html.Span(f" ({hint})", className="small text-muted")] if hint else [label]
    return html.Div([html.Label(head, htmlFor=control_id, className="form-label mb-1"), control], className="mb-3")


def _input(component_id: str, autocomplete: str, kind: str = "text") -> dcc.Input:
    return dcc.Input(id=component_id, type=kind, value="", autoComplete=autocomplete, className="form-control")


def _dropdown(component_id: str, options: list[dict], placeholder: str, lang: str) -> dcc.Dropdown:
    return dropdown(lang, id=component_id, options=options, placeholder=placeholder, className="mb-2")


# -- callbacks ----------------------------------------------------------------------------------------------------
on = Callbacks()


@on(Output(DISTRICT, "options"), Output(DISTRICT, "value"), Input(PROVINCE, "value"), State(LANG_STORE, "data"))
def districts(province, lang):
    return area_options(current().registry, "district", province, normalize_lang(lang)), None


@on(Output(SUBDISTRICT, "options"), Output(SUBDISTRICT, "value"), Input(DISTRICT, "value"), State(LANG_STORE, "data"))
def subdistricts(district, lang):
    return area_options(current().registry, "subdistrict", district, normalize_lang(lang)), None


@on(
    Output(MESSAGE, "children"),
    Output(FORM, "children"),
    Input(SUBMIT, "n_clicks"),
    *[State(cid, "value") for _, cid in FIELDS if cid != PROVINCE],
    State(DISTRICT, "value"),
    State(SUBDISTRICT, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def submit(n_clicks, username, password, again, display_name, phone, consent, district, subdistrict, lang):
    lang, state = normalize_lang(lang), current()
    if not n_clicks:
        return no_update, no_update
    with state.engine.begin() as conn:
        wait_min = registration_wait_minutes(conn)
    if wait_min:
        return problem_list([_throttled(wait_min)], lang), no_update
    area = subdistrict or district or ""
    texts = (username or "").strip(), password or "", display_name or "", phone or "", area
    problems = _register(state, texts, again or "", consented="yes" in (consent or []))
    if problems:
        return problem_list(problems, lang), no_update
    return done_message(state.registry, area, lang), None


def _register(state, texts: tuple, password_again: str, *, consented: bool) -> list[Problem]:
    """Every problem of the form at once; the account is kept only when there is none."""
    problems = [] if consented else [_consent_problem()]
    try:
        with state.engine.connect() as conn:
            register_volunteer(conn, state.registry, *texts, password_again=password_again)
            if not problems:  # without consent nothing is kept: the connection rolls back
                conn.commit()
    except UserInputError as exc:
        problems = exc.problems + problems
    return problems


def _throttled(wait_min: int) -> Problem:
    return Problem(None, None, t("register.throttled", "th", n=wait_min), t("register.throttled", "en", n=wait_min))


def _consent_problem() -> Problem:
    return Problem("consent", None, t("register.consent_needed", "th"), t("register.consent_needed", "en"))


# -- view -----------------------------------------------------------------------------------------------------------
def problem_list(problems, lang: str) -> html.Div:
    labels = {field: t(f"register.{field}", lang) for field, _ in FIELDS}
    items = []
    for p in problems:
        first, second = (p.message_th, p.message_en) if lang == "th" else (p.message_en, p.message_th)
        items.append(
            html.Li(
                [
                    html.Strong(labels.get(p.column, p.column or "") + ": "),
                    first,
                    html.Span(f" · {second}", className="text-muted"),
                ]
            )
        )
    return html.Div(
        [
            html.Div(t("register.not_saved", lang, n=len(problems)), className="fw-bold"),
            html.Ul(items, className="mb-0"),
        ],
        className="alert alert-danger",
        id="register-problems",
    )


def done_message(registry, area: str, lang: str) -> html.Div:
    district = registry.get(area[:4])
    name = "" if district is None else localized(district, lang)
    return html.Div(
        [
            html.Strong(t("register.done", lang, district=name)),
            html.Div(t("register.done_detail", lang), className="small mt-1"),
        ],
        className="alert alert-success",
        id="register-done",
    )


PAGE = Page("/register", layout=layout, callbacks=on)
