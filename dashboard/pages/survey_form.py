"""The survey form: a volunteer records one resident at a time, on a phone first.

Saving runs the upload's own checks (``data.survey_entry.save_survey``): the same messages, in Thai and English,
appear next to the fields they concern. The personal fields sit in a separate, marked box. The national id is checked
in the browser as it is typed (the check digit only; the server checks again on saving). Every callback that reads
or writes records asks who is signed in, on the server; the area comes from the account, never from the page.
"""

from __future__ import annotations

import datetime as dt
import json

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.auth import request_user, role_at_least
from dashboard.i18n import CATALOGUE, format_date, normalize_lang, t
from data import parsing
from data.registries import INTENTIONS, TARGET_GROUPS
from data.survey_entry import count_entered, my_surveys, open_campaign, save_survey, subdistrict_choices, today

PATH = "/survey"
ROLE = "volunteer"
LANG = "lang-store"
BANNER, MESSAGE, SAVE, TODAY = "survey-banner", "survey-message", "survey-save", "survey-today"
DATE, DATE_ECHO, SUBDISTRICT, VILLAGE = "survey-date", "survey-date-echo", "survey-subdistrict", "survey-village"
GROUP, AGE, DOSES, INTENTION = "survey-group", "survey-age", "survey-doses", "survey-intention"
HOME_VISIT, REASON = "survey-home-visit", "survey-reason"
FULL_NAME, NATIONAL_ID, NID_CHECK, PHONE = "survey-full-name", "survey-national-id", "survey-nid-check", "survey-phone"
GEO, GEO_BOX, GEO_BUTTON, GEO_CLEAR = "survey-geo", "survey-geo-box", "survey-locate", "survey-locate-clear"
LOCATION, LOCATION_TEXT = "survey-location", "survey-location-text"
PROBLEM = "survey-problem-{}"  # one slot under each field: survey-problem-age, survey-problem-national_id, ...

# the form's fields in the order of the upload's columns: (column, component id, property)
FIELDS = (
    ("survey_date", DATE, "value"),
    ("subdistrict", SUBDISTRICT, "value"),
    ("village_no", VILLAGE, "value"),
    ("target_group", GROUP, "value"),
    ("age", AGE, "value"),
    ("doses_received", DOSES, "value"),
    ("intention", INTENTION, "value"),
    ("needs_home_visit", HOME_VISIT, "value"),
    ("reason", REASON, "value"),
    ("full_name", FULL_NAME, "value"),
    ("national_id", NATIONAL_ID, "value"),
    ("phone", PHONE, "value"),
)
SLOTS = tuple(name for name, _, _ in FIELDS) + ("location",)
SLOT_OF = {"area": "subdistrict", "lat": "location", "lon": "location"}  # columns shown under another field
KEPT = ("survey_date", "subdistrict", "village_no")  # the same household's next person keeps these
DOSE_CHOICES = ("0", "1", "2", "3", "4")


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
    if user is None:  # the router asks for sign-in first; this is only a guard
        return html.Div()
    with state.engine.connect() as conn:
        campaign = open_campaign(conn)
        mine = _today_box(conn, user, state.registry, lang)
    choices = subdistrict_choices(state.registry, user["area"])
    closed = campaign is None
    return html.Div(
        className="survey-page px-3 py-3",
        children=[
            html.H1(t("survey.title", lang), className="h4 mb-1"),
            html.P(t("survey.intro", lang), className="mb-1"),
            html.P(
                t("survey.area", lang, area=_area_label(state.registry, user["area"], lang)),
                className="small text-muted mb-2",
            ),
            _banner(campaign, lang),
            html.Fieldset(
                disabled=closed,
                className="survey-form",
                children=[
                    _household(choices, closed, lang),
                    _person(closed, lang),
                    _personal_box(lang),
                    html.Button(
                        t("survey.save", lang),
                        id=SAVE,
                        n_clicks=0,
                        disabled=closed,
                        className="btn btn-primary btn-lg w-100 mt-3",
                    ),
                ],
            ),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(mine, id=TODAY, className="mt-4"),
            _templates(user, lang),
        ],
    )


def _banner(campaign: dict | None, lang: str) -> html.Div:
    if campaign is None:
        return html.Div(
            [html.Strong(t("survey.closed", lang)), html.Div(t("survey.closed_detail", lang), className="small")],
            id=BANNER,
            role="alert",
            className="alert alert-warning py-2",
        )
    name = campaign["name_th"] if lang == "th" else campaign["name_en"]
    return html.Div(
        t("survey.campaign", lang, name=name, date=format_date(campaign["opened_on"], lang)),
        id=BANNER,
        className="small text-muted mb-2",
    )


def _household(choices: list[dict], closed: bool, lang: str) -> html.Section:
    options = [{"label": f"{c['label_th']} · {c['label_en']} ({c['code']})", "value": c["code"]} for c in choices]
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
                        value=_date_text(today(), lang),
                        type="text",
                        inputMode="numeric",
                        debounce=True,
                        autoComplete="off",
                        className="form-control",
                        disabled=closed,
                    ),
                    html.Div(_date_echo(_date_text(today(), lang), lang), id=DATE_ECHO, className="small text-muted"),
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
                    dcc.Dropdown(
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
                            html.Button(
                                t("survey.locate", lang),
                                id=GEO_BUTTON,
                                n_clicks=0,
                                type="button",
                                disabled=closed,
                                className="btn btn-outline-primary btn-sm",
                            ),
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
                    html.Div(id=GEO_BOX),
                    _slot("location"),
                ],
            ),
        ],
    )


def _person(closed: bool, lang: str) -> html.Section:
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


def _personal_box(lang: str) -> html.Section:
    return html.Section(
        id="survey-personal",
        className="survey-personal",
        **{"aria-labelledby": "survey-personal-title"},
        children=[
            html.H2(t("survey.personal", lang), id="survey-personal-title", className="h6 mb-1"),
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


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    @app.callback(
        Output(MESSAGE, "children"),
        *[Output(PROBLEM.format(slot), "children", allow_duplicate=True) for slot in SLOTS],
        *[Output(cid, prop, allow_duplicate=True) for name, cid, prop in FIELDS if name not in KEPT],
        Output(LOCATION, "data", allow_duplicate=True),
        Output(LOCATION_TEXT, "children", allow_duplicate=True),
        Output(TODAY, "children"),
        Input(SAVE, "n_clicks"),
        *[State(cid, prop) for _, cid, prop in FIELDS],
        State(LOCATION, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def save(n_clicks, *values):
        *field_values, location, lang = values
        lang = normalize_lang(lang)
        cleared = [no_update] * (sum(name not in KEPT for name, _, _ in FIELDS) + 2)  # and the location, its text
        nothing = [no_update] * len(SLOTS)
        if not n_clicks:
            return no_update, *nothing, *cleared, no_update
        user = request_user()
        if not role_at_least(user, ROLE):
            return _note(t("survey.signed_out", lang), "danger"), *nothing, *cleared, no_update
        fields = _fields(field_values, location)
        with state.engine.begin() as conn:
            survey_id, problems = save_survey(conn, state, fields, user)
            mine = _today_box(conn, user, state.registry, lang)
        if problems:
            return _problems_note(problems, lang), *_slots(problems, lang), *cleared, mine
        empty = {"needs_home_visit": [], "target_group": None, "doses_received": None, "intention": None}
        reset = [empty.get(name, "") for name, _, _ in FIELDS if name not in KEPT] + [None, None]
        return (
            _note(t("survey.saved", lang, id=survey_id), "success", "survey-saved"),
            *[None] * len(SLOTS),
            *reset,
            mine,
        )

    @app.callback(Output(DATE_ECHO, "children"), Input(DATE, "value"), State(LANG, "data"), prevent_initial_call=True)
    def echo_date(text, lang):
        """The date as read, Buddhist era in Thai: 17/1/65 -> 17 ม.ค. 2565 (no records are read here)."""
        return _date_echo(text, normalize_lang(lang))

    @app.callback(
        Output(GEO_BOX, "children"),
        Output(LOCATION_TEXT, "children", allow_duplicate=True),
        Input(GEO_BUTTON, "n_clicks"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def start_geolocation(n_clicks, lang):
        """The browser is asked only when the person presses the button (no records are read here)."""
        if not n_clicks:
            return no_update, no_update
        locator = dcc.Geolocation(
            id={"type": GEO, "n": n_clicks}, high_accuracy=True, timeout=20_000, maximum_age=60_000
        )
        return [locator], t("survey.locating", normalize_lang(lang))

    @app.callback(
        Output(LOCATION, "data"),
        Output(LOCATION_TEXT, "children"),
        Input({"type": GEO, "n": ALL}, "position"),
        Input({"type": GEO, "n": ALL}, "position_error"),
        Input(GEO_CLEAR, "n_clicks"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def set_location(positions, errors, _clear, lang):
        lang = normalize_lang(lang)
        if ctx.triggered_id == GEO_CLEAR:
            return None, None
        position, error = (positions or [None])[-1], (errors or [None])[-1]
        if position:
            return {"lat": position["lat"], "lon": position["lon"], "accuracy": position.get("accuracy")}, no_update
        if error:
            return None, _geo_problem(error, lang)
        return no_update, no_update

    @app.callback(
        Output(LOCATION_TEXT, "children", allow_duplicate=True),
        Output(GEO_CLEAR, "hidden"),
        Input(LOCATION, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def show_location(location, lang):
        if not location:
            return no_update, True
        accuracy = location.get("accuracy")
        text = t(
            "survey.located",
            normalize_lang(lang),
            lat=f"{location['lat']:.5f}",
            lon=f"{location['lon']:.5f}",
            accuracy=f"{accuracy:,.0f}" if accuracy is not None else "–",
        )
        return text, False

    app.clientside_callback(
        NID_SCRIPT,
        Output(NID_CHECK, "children"),
        Output(NID_CHECK, "className"),
        Output(PROBLEM.format("national_id"), "children", allow_duplicate=True),
        Input(NATIONAL_ID, "value"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )


# The check digit of a Thai national id, as the person types (the same rule as data.parsing.valid_national_id); a
# change clears the message the server gave on the last save.
_NID_KEYS = ("nid_count", "nid_ok", "nid_bad", "nid_long", "nid_chars")
_NID_TEXT = {lang: {k: CATALOGUE[f"survey.{k}"][i] for k in _NID_KEYS} for i, lang in enumerate(("th", "en"))}
NID_SCRIPT = """function(value, lang) {
    const m = TEXT[lang === 'en' ? 'en' : 'th'];
    const digits = (value || '').replace(/[\\u0E50-\\u0E59]/g, d => String(d.charCodeAt(0) - 0x0E50)).replace(/[\\s-]/g, '');
    if (!digits) return ['', 'nid-check small', null];
    if (/\\D/.test(digits)) return [m.nid_chars, 'nid-check small bad', null];
    if (digits.length < 13) return [m.nid_count.replace('{n}', digits.length), 'nid-check small text-muted', null];
    if (digits.length > 13) return [m.nid_long, 'nid-check small bad', null];
    let total = 0;
    for (let i = 0; i < 12; i++) total += Number(digits[i]) * (13 - i);
    const good = (11 - total % 11) % 10 === Number(digits[12]);
    return good ? [m.nid_ok, 'nid-check small ok', null] : [m.nid_bad, 'nid-check small bad', null];
}""".replace("TEXT", json.dumps(_NID_TEXT, ensure_ascii=False))


# -- text from ready results ----------------------------------------------------------------------------------------
def _fields(values: list, location: dict | None) -> dict[str, str]:
    fields = {name: value for (name, _, _), value in zip(FIELDS, values)}
    fields["needs_home_visit"] = "1" if fields.get("needs_home_visit") else "0"
    if location:
        fields["lat"], fields["lon"] = f"{location['lat']:.6f}", f"{location['lon']:.6f}"
    return {k: "" if v is None else str(v) for k, v in fields.items()}


def _slots(problems, lang: str) -> list:
    by_slot: dict[str, list] = {slot: [] for slot in SLOTS}
    for problem in problems:
        slot = SLOT_OF.get(problem.column or "", problem.column)
        if slot in by_slot:
            by_slot[slot].append(_message(problem, lang))
    return [items or None for items in by_slot.values()]


def _problems_note(problems, lang: str) -> html.Div:
    """The count, and the problems that belong to no field (a closed campaign, a record already saved)."""
    general = [_message(p, lang) for p in problems if SLOT_OF.get(p.column or "", p.column) not in SLOTS]
    return _note([html.Div(t("survey.not_saved", lang, n=len(problems)), className="fw-bold"), *general], "danger")


def _message(problem, lang: str) -> html.Div:
    first, second = (
        (problem.message_th, problem.message_en) if lang == "th" else (problem.message_en, problem.message_th)
    )
    return html.Div([html.Div(first), html.Div(second, className="small opacity-75")], className="survey-problem-item")


def _note(children, kind: str, element_id: str | None = None) -> html.Div:
    extra = {"id": element_id} if element_id else {}
    return html.Div(children, className=f"alert alert-{kind} py-2 px-2 mt-2", **extra)


def _geo_problem(error: dict, lang: str) -> html.Div:
    if error.get("code") == 1:
        return html.Div(t("survey.geo_denied", lang), className="text-muted")
    return html.Div(
        t("survey.geo_unavailable", lang, detail=error.get("message") or error.get("code")), className="text-muted"
    )


def _date_text(day: dt.date, lang: str) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543 if lang == 'th' else day.year}"


def _date_echo(text: str | None, lang: str) -> str:
    if not (text or "").strip():
        return ""
    try:
        return "= " + format_date(parsing.parse_date(text), lang)
    except ValueError:
        return t("survey.date_bad", lang, text=text)


def _area_label(registry, code: str, lang: str) -> str:
    if code == "TH":
        return "ประเทศไทย (TH)" if lang == "th" else "Thailand (TH)"
    row = registry.get(code)
    if row is None:
        return code
    return f"{row['name_th'] if lang == 'th' else row['name_en']} ({code})"


def _today_box(conn, user: dict, registry, lang: str) -> list:
    rows = my_surveys(conn, user, limit=50, entered_on=today())
    total = count_entered(conn, user)
    head = t("survey.today", lang, n=f"{total:,}") if total else t("survey.today_none", lang)
    return [
        html.H2(head, className="h6", id="survey-today-count"),
        html.Ol([_record_line(r, registry, lang) for r in rows], className="list-unstyled survey-list"),
    ]


def _record_line(row: dict, registry, lang: str) -> html.Li:
    area = registry.get(row["subdistrict"])
    place = (area["name_th"] if lang == "th" else area["name_en"]) if area is not None else row["subdistrict"]
    parts = [format_date(row["survey_date"], lang), place]
    if row["village_no"]:
        parts.append(t("survey.village_n", lang, n=row["village_no"]))
    group = TARGET_GROUPS.get(row["target_group"])
    parts += [
        group.label(lang) if group else row["target_group"],
        t("survey.years", lang, n=row["age"]),
        t("survey.doses_n", lang, n=row["doses_received"]),
        INTENTIONS[row["intention"]].label(lang) if row["intention"] in INTENTIONS else row["intention"],
    ]
    if row["needs_home_visit"]:
        parts.append(t("survey.home_visit_short", lang))
    if row["masked_name"]:
        parts.append(row["masked_name"])
    return html.Li(
        [html.Span(f"#{row['id']}", className="fw-bold"), " " + " · ".join(parts)],
        id=f"survey-record-{row['id']}",
        className="survey-record",
    )
