"""Reporting campaigns (รอบการรายงาน): the list for admins; a national admin opens one and closes it, recording the
reference of the order that closed it.

While no campaign is open the survey form, uploads and the API refuse new survey records and every page shows a
banner; all data stays readable. Only a national admin sees the forms, and the open and close callbacks ask again,
on the server, who is signed in and whether they are a national admin.
"""

from __future__ import annotations

from dash import Input, Output, State, dcc, html, no_update

from dashboard.auth import request_user
from dashboard.components import LANG_STORE
from dashboard.i18n import format_date, normalize_lang, t
from dashboard.page import Callbacks, Page
from dashboard.state import current
from dashboard.ui.alerts import alert, problems_block
from dashboard.ui.dates import date_input_text
from data import parsing
from data.campaigns import close_campaign, list_campaigns, open_campaign, open_campaign_now
from data.errors import UserInputError
from geo.clock import today
from geo.thai import localized

# -- ids ----------------------------------------------------------------------------------------------------------
TABLE, FORMS, MESSAGE, REFRESH = "campaigns-table", "campaigns-forms", "campaigns-message", "campaigns-refresh"
NAME_TH, NAME_EN, OPENED_ON, OPEN = "campaigns-name-th", "campaigns-name-en", "campaigns-opened-on", "campaigns-open"
CLOSED_ON, ORDER_REF, CLOSE = "campaigns-closed-on", "campaigns-order-ref", "campaigns-close"
OPEN_FIELDS = (NAME_TH, NAME_EN, OPENED_ON)
CLOSE_FIELDS = (CLOSED_ON, ORDER_REF)

# each field's label: a problem names the field as the form does ("Name (Thai)"), never by its code (name_th)
LABELS = {
    "name_th": "campaigns.name_th",
    "name_en": "campaigns.name_en",
    "opened_on": "campaigns.opened_on",
    "closed_on": "campaigns.closed_on",
    "closed_order_ref": "campaigns.order_ref",
}


# -- layout -------------------------------------------------------------------------------------------------------
def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/campaigns") -> html.Div:
    return html.Div(
        className="campaigns-page people-narrow px-3 py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            html.H1(t("campaigns.title", lang), className="h4 mb-1"),
            html.P(t("campaigns.intro", lang), className="small text-muted"),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(id=FORMS),
            html.Div(id=TABLE, className="table-responsive mt-3"),
        ],
    )


# -- callbacks ----------------------------------------------------------------------------------------------------
on = Callbacks()


@on(Output(TABLE, "children"), Output(FORMS, "children"), Input(REFRESH, "data"), State(LANG_STORE, "data"))
def show(_refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if user is None:
        return None, None
    with current().engine.connect() as conn:
        rows, running = list_campaigns(conn), open_campaign_now(conn)
    if user["role"] != "national_admin":
        forms = html.P(t("campaigns.read_only", lang), className="small text-muted")
    else:
        forms = close_form(running, lang) if running else open_form(lang)
    return campaign_table(rows, lang), forms


@on(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data"),
    Input(OPEN, "n_clicks"),
    *[State(cid, "value") for cid in OPEN_FIELDS],
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def open_one(n_clicks, name_th, name_en, opened_on, refresh, lang):
    lang, user = normalize_lang(lang), _national_admin()
    if not n_clicks or user is None:
        return _refused(lang) if n_clicks else no_update, no_update
    try:
        day = _date(opened_on, "opened_on")
        with current().engine.begin() as conn:
            campaign = open_campaign(conn, name_th or "", name_en or "", day, user["id"])
    except UserInputError as exc:
        return alert(problems_block(exc, lang, LABELS), "danger"), no_update
    return alert(t("campaigns.opened", lang, name=localized(campaign, lang)), "success"), (refresh or 0) + 1


@on(
    Output(MESSAGE, "children", allow_duplicate=True),
    Output(REFRESH, "data", allow_duplicate=True),
    Input(CLOSE, "n_clicks"),
    *[State(cid, "value") for cid in CLOSE_FIELDS],
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def close_one(n_clicks, closed_on, order_ref, refresh, lang):
    lang, user = normalize_lang(lang), _national_admin()
    if not n_clicks or user is None:
        return _refused(lang) if n_clicks else no_update, no_update
    try:
        day = _date(closed_on, "closed_on")
        with current().engine.begin() as conn:
            running = open_campaign_now(conn)
            if running is None:
                return alert(t("campaigns.none_open", lang), "warning"), (refresh or 0) + 1
            close_campaign(conn, running["id"], day, order_ref or "", user["id"])
    except UserInputError as exc:
        return alert(problems_block(exc, lang, LABELS), "danger"), no_update
    return alert(t("campaigns.closed_done", lang, name=localized(running, lang)), "success"), (refresh or 0) + 1


def _national_admin() -> dict | None:
    """The signed-in national admin, or None: asked on the server, whatever the page showed."""
    user = request_user()
    return user if user is not None and user["role"] == "national_admin" else None


def _date(text: str | None, field: str):
    if not (text or "").strip():
        return today()
    try:
        return parsing.parse_date(text)
    except ValueError:
        raise UserInputError.from_fields(
            [(field, f"“{text}” ไม่ใช่วันที่ (วัน/เดือน/ปี พ.ศ.)", f"“{text}” is not a date (day/month/year)")]
        ) from None


def _refused(lang: str) -> html.Div:
    return alert(t("campaigns.not_allowed", lang), "danger")


# -- view -----------------------------------------------------------------------------------------------------------
def open_form(lang: str) -> html.Div:
    return html.Div(
        [
            html.H2(t("campaigns.open_title", lang), className="h6"),
            _field(t("campaigns.name_th", lang), NAME_TH, ""),
            _field(t("campaigns.name_en", lang), NAME_EN, ""),
            _field(t("campaigns.opened_on", lang), OPENED_ON, _today_text(lang), t("campaigns.date_hint", lang)),
            html.Button(t("campaigns.open", lang), id=OPEN, n_clicks=0, className="btn btn-primary"),
        ],
        className="card card-body",
        id="campaigns-open-form",
    )


def close_form(running: dict, lang: str) -> html.Div:
    return html.Div(
        [
            html.H2(t("campaigns.close_title", lang, name=localized(running, lang)), className="h6"),
            html.P(t("campaigns.close_effect", lang), className="small"),
            _field(t("campaigns.closed_on", lang), CLOSED_ON, _today_text(lang), t("campaigns.date_hint", lang)),
            _field(t("campaigns.order_ref", lang), ORDER_REF, "", t("campaigns.order_ref_hint", lang)),
            html.Button(t("campaigns.close", lang), id=CLOSE, n_clicks=0, className="btn btn-danger"),
        ],
        className="card card-body border-danger",
        id="campaigns-close-form",
    )


def _field(label: str, component_id: str, value: str, hint: str | None = None) -> html.Div:
    head = [label, html.Span(f" ({hint})", className="small text-muted")] if hint else [label]
    return html.Div(
        [
            html.Label(head, htmlFor=component_id, className="form-label mb-1"),
            dcc.Input(id=component_id, type="text", value=value, autoComplete="off", className="form-control"),
        ],
        className="mb-2",
    )


def _today_text(lang: str) -> str:
    return date_input_text(today(), lang)


def campaign_table(rows: list[dict], lang: str) -> html.Table | html.P:
    if not rows:
        return html.P(t("campaigns.empty", lang), className="text-muted")
    head = [t(f"campaigns.col.{c}", lang) for c in ("name", "opened_on", "closed_on", "order_ref", "status")]
    body = []
    for r in rows:
        is_open = r["closed_on"] is None
        status = t("campaigns.status_open" if is_open else "campaigns.status_closed", lang)
        cells = (
            localized(r, lang),
            format_date(r["opened_on"], lang),
            format_date(r["closed_on"], lang),
            r["closed_order_ref"] or "–",
            html.Span(status, className="badge " + ("text-bg-success" if is_open else "text-bg-secondary")),
        )
        body.append(
            html.Tr(
                [html.Td(c, **{"data-label": label}) for c, label in zip(cells, head)],
                id=f"campaigns-row-{r['id']}",
            )
        )
    return html.Table(
        [html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(body)],
        className="table table-sm align-middle people-table",
    )


PAGE = Page("/campaigns", layout=layout, role="province_admin", nav="nav.campaigns", callbacks=on)
