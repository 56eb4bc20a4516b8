"""The upload history: who uploaded what and when, the original file, the outcome, and undo (with a confirm step).

A person sees their own uploads, a province admin also those of the users of their province, a national admin all
(data/upload_history.py); the same rule decides who may download a file or undo an upload, checked again on the
server in every callback. The audit panel lists what the audit log holds about one upload: its import and its undo.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.auth import request_user
from dashboard.i18n import format_date, normalize_lang, t
from data.errors import UserInputError
from data.upload_history import (
    HISTORY_LIMIT,
    as_utc,
    get_upload,
    may_undo,
    upload_audit,
    visible_refusals,
    visible_uploads,
)
from data.uploads import undo_upload

PATH = "/uploads"
ROLE = "volunteer"
LANG = "lang-store"
TABLE, MESSAGE, REFRESH = "uploads-table", "uploads-message", "uploads-refresh"
UNDO, AUDIT_BUTTON, PENDING = "uploads-undo", "uploads-audit-button", "uploads-pending"
CONFIRM, CONFIRM_TEXT, CONFIRM_YES, CONFIRM_NO = (
    "uploads-confirm",
    "uploads-confirm-text",
    "uploads-confirm-yes",
    "uploads-confirm-no",
)
AUDIT, AUDIT_FOR = "uploads-audit", "uploads-audit-for"
THAI_TIME = ZoneInfo("Asia/Bangkok")
_KINDS = ("facilities", "coverage", "surveys", "demo")
OUTCOMES = {"accepted": "success", "undone": "secondary", "refused": "danger"}  # outcome: Bootstrap colour


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
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


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    @app.callback(Output(TABLE, "children"), Input(REFRESH, "data"), State(LANG, "data"))
    def show_history(_refresh, lang):
        lang = normalize_lang(lang)
        user = request_user()
        if user is None:
            return None
        with state.engine.connect() as conn:
            rows = visible_uploads(conn, user) + visible_refusals(conn, user)
        rows = sorted(rows, key=lambda r: as_utc(r["created_at"]), reverse=True)[:HISTORY_LIMIT]
        return _table(rows, lang) if rows else html.P(t("uploads.empty", lang), className="text-muted")

    @app.callback(
        Output(PENDING, "data"),
        Input({"type": UNDO, "id": ALL}, "n_clicks"),
        Input(CONFIRM_NO, "n_clicks"),
        prevent_initial_call=True,
    )
    def ask(_undo_clicks, _no):
        """Undo asks first; the question names the upload."""
        if ctx.triggered_id == CONFIRM_NO:
            return None
        if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
            return no_update  # a button appearing is not a press
        return ctx.triggered_id["id"]

    @app.callback(
        Output(CONFIRM, "hidden"),
        Output(CONFIRM_TEXT, "children"),
        Input(PENDING, "data"),
        State(LANG, "data"),
    )
    def confirm(upload_id, lang):
        lang = normalize_lang(lang)
        user = request_user()
        if upload_id is None or user is None:
            return True, None
        with state.engine.connect() as conn:
            upload = get_upload(conn, user, upload_id)
        if upload is None:
            return True, None
        return False, t("uploads.confirm", lang, id=upload_id, file=upload["filename"])

    @app.callback(
        Output(MESSAGE, "children"),
        Output(REFRESH, "data"),
        Output(PENDING, "data", allow_duplicate=True),
        Output(AUDIT_FOR, "data", allow_duplicate=True),
        Input(CONFIRM_YES, "n_clicks"),
        State(PENDING, "data"),
        State(REFRESH, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def undo(n_clicks, upload_id, refresh, lang):
        """Undo on the server after checking again who asks and whether they may."""
        lang = normalize_lang(lang)
        user = request_user()
        if not n_clicks or upload_id is None or user is None:
            return no_update, no_update, None, no_update
        try:
            with state.engine.begin() as conn:
                if get_upload(conn, user, upload_id) is None:
                    return _alert(t("uploads.not_yours", lang)), no_update, None, no_update
                counts = undo_upload(conn, upload_id, user["id"])
        except UserInputError as exc:
            reason = exc.message_th if lang == "th" else exc.message_en
            return _alert(t("uploads.undo_refused", lang, reason=reason)), (refresh or 0) + 1, None, upload_id
        text = t("uploads.undone", lang, id=upload_id, deleted=counts["deleted"], restored=counts["restored"])
        return _alert(text, "success"), (refresh or 0) + 1, None, upload_id

    @app.callback(
        Output(AUDIT_FOR, "data"),
        Input({"type": AUDIT_BUTTON, "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def choose_audit(_clicks):
        if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
            return no_update
        return ctx.triggered_id["id"]

    @app.callback(Output(AUDIT, "children"), Input(AUDIT_FOR, "data"), Input(REFRESH, "data"), State(LANG, "data"))
    def show_audit(upload_id, _refresh, lang):
        lang = normalize_lang(lang)
        user = request_user()
        if user is None:
            return None
        if upload_id is None:
            return html.P(t("uploads.audit_hint", lang), className="small text-muted")
        with state.engine.connect() as conn:
            if get_upload(conn, user, upload_id) is None:
                return None
            entries = upload_audit(conn, upload_id)
        return _audit_panel(upload_id, entries, lang)


# -- pieces ---------------------------------------------------------------------------------------------------------
def _table(rows: list[dict], lang: str) -> html.Table:
    head = [t(f"uploads.col.{c}", lang) for c in ("id", "when", "who", "kind", "file", "checksum", "outcome", "counts")]
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in [*head, ""]])),
            html.Tbody([_row(r, lang) for r in rows]),
        ],
        className="table table-sm align-middle uploads-history",
    )


def _row(r: dict, lang: str) -> html.Tr:
    summary = r["summary"]
    counts = " / ".join(f"{summary.get(k, 0):,}" for k in ("new", "updated", "unchanged"))
    if r["id"] is None:  # refused: nothing stored, only the audit log has it
        counts = t(
            "uploads.refused_counts", lang, rows=f"{summary.get('rows', 0):,}", n=f"{summary.get('problems', 0):,}"
        )
    actions = []
    if r["id"] is not None:
        actions.append(
            html.Button(
                t("uploads.show_audit", lang),
                id={"type": AUDIT_BUTTON, "id": r["id"]},
                n_clicks=0,
                className="btn btn-link btn-sm p-0 me-2",
            )
        )
    if r["id"] is not None and may_undo(r):
        actions.insert(
            0,
            html.Button(
                t("uploads.undo", lang),
                id={"type": UNDO, "id": r["id"]},
                n_clicks=0,
                className="btn btn-outline-danger btn-sm me-2",
            ),
        )
    label = {c: t(f"uploads.col.{c}", lang) for c in ("id", "when", "who", "kind", "file", "checksum", "outcome")}
    cells = [
        ("id", "–" if r["id"] is None else str(r["id"]), ""),
        ("when", _when(r["created_at"], lang), "text-nowrap"),
        ("who", r["username"] or t("uploads.system", lang), ""),
        ("kind", t(f"upload.kind.{r['kind']}", lang) if r["kind"] in _KINDS else r["kind"], ""),
        ("file", _file_link(r, lang), "uploads-file"),
        ("checksum", html.Code(r["checksum"][:10], title=r["checksum"]) if r["checksum"] else "–", ""),
        ("outcome", _outcome(r, lang), "uploads-outcome"),
    ]
    return html.Tr(
        [
            # data-label: on a phone each row is a card and each cell says what it is (app.css)
            *[html.Td(value, className=cls, **{"data-label": label[key]}) for key, value, cls in cells],
            html.Td(counts, className="text-nowrap", **{"data-label": t("uploads.col.counts", lang)}),
            html.Td(actions, className="uploads-actions text-nowrap"),
        ],
        id=f"uploads-row-{r['id']}" if r["id"] is not None else f"uploads-refused-{r['audit_id']}",
        className=f"uploads-{r['outcome']}",
    )


def _file_link(r: dict, lang: str):
    if r["id"] is None or r["kind"] == "demo" or not r.get("size_bytes"):
        return r["filename"]
    return html.A(r["filename"], href=f"/api/v1/uploads/{r['id']}/file", title=t("uploads.download", lang))


def _outcome(r: dict, lang: str) -> list:
    label = t(f"uploads.outcome.{r['outcome']}", lang) if r["outcome"] in OUTCOMES else r["outcome"]
    parts = [html.Span(label, className=f"badge text-bg-{OUTCOMES.get(r['outcome'], 'light')}")]
    if r["outcome"] == "undone":
        who = r.get("undone_by") or t("uploads.system", lang)
        parts.append(
            html.Div(t("uploads.undone_by", lang, when=_when(r.get("undone_at"), lang), who=who), className="small")
        )
    return parts


def _audit_panel(upload_id: int, entries: list[dict], lang: str) -> html.Div:
    head = [t(f"uploads.audit.{c}", lang) for c in ("action", "who", "when", "detail")]
    body = [
        html.Tr(
            [
                html.Td(
                    [_action(e["action"], lang), html.Div(html.Code(e["action"]), className="small")],
                    **{"data-label": head[0]},
                ),
                html.Td(e["username"] or t("uploads.system", lang), **{"data-label": head[1]}),
                html.Td(_when(e["at"], lang), className="text-nowrap", **{"data-label": head[2]}),
                html.Td(_detail(e["detail"]), className="small", **{"data-label": head[3]}),
            ]
        )
        for e in entries
    ]
    return html.Div(
        [
            html.H2(t("uploads.audit_for", lang, id=upload_id), className="h6"),
            html.Div(
                html.Table(
                    [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)],
                    className="table table-sm uploads-audit-table",
                ),
                className="table-responsive",
            ),
        ],
        id="uploads-audit-panel",
    )


def _action(action: str, lang: str) -> str:
    if action == "upload.undo":
        return t("uploads.action.undo", lang)
    if action == "upload.refused":
        return t("uploads.action.refused", lang)
    kind = action.removeprefix("upload.")
    if kind in _KINDS:
        return t("uploads.action.import", lang, kind=t(f"upload.kind.{kind}", lang))
    return action


def _detail(detail) -> str:
    if not isinstance(detail, dict):
        return "" if detail is None else str(detail)
    return " · ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in detail.items())


def _when(moment: dt.datetime | None, lang: str) -> str:
    """26 พ.ย. 2569 14:05 (Thai time, Buddhist era in Thai)."""
    moment = as_utc(moment)
    if moment is None:
        return "–"
    local = moment.astimezone(THAI_TIME)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def _alert(text: str, kind: str = "danger") -> html.Div:
    return html.Div(text, className=f"alert alert-{kind} py-2")
