"""The upload history's pieces, from ready rows: the table of uploads (and refused files), the audit panel."""

from __future__ import annotations

from dash import html

from dashboard.i18n import t
from dashboard.pages.upload_history.ids import AUDIT_BUTTON, UNDO
from dashboard.ui.audit_detail import detail_text
from dashboard.ui.dates import moment_text
from data.upload_history import as_utc, is_base_data, may_undo

_KINDS = ("facilities", "coverage", "surveys", "demo")
OUTCOMES = {"accepted": "success", "undone": "secondary", "refused": "danger"}  # outcome: Bootstrap colour


def history_table(rows: list[dict], lang: str) -> html.Table:
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
    counts = [html.Div(counts), *warning_details(summary.get("warning_list") or [], lang)]
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
        ("when", moment_text(r["created_at"], lang), "text-nowrap"),
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
    if r.get("original_deleted_at"):  # the retention deleted it (data/originals.py); the record stays
        days = (as_utc(r["original_deleted_at"]) - as_utc(r["created_at"])).days
        note = t("uploads.original_deleted", lang, days=f"{days:,}")
        return [r["filename"], html.Div(note, className="small text-muted uploads-original-deleted")]
    if r["id"] is None or r["kind"] == "demo" or not r.get("size_bytes"):
        return r["filename"]
    return html.A(r["filename"], href=f"/api/v1/uploads/{r['id']}/file", title=t("uploads.download", lang))


def warning_details(warnings: list[dict], lang: str) -> list:
    """The warnings a load recorded (the demo's hospitals whose point and province code disagree), folded."""
    if not warnings:
        return []
    items = [
        html.Li([t("uploads.warning_row", lang, row=w["row"]) + ": " if w.get("row") else "", _message(w, lang)])
        for w in warnings
    ]
    head = html.Summary(t("uploads.warnings", lang, n=f"{len(warnings):,}"), className="text-warning-emphasis")
    return [html.Details([head, html.Ul(items, className="small mb-0 ps-3")], className="uploads-warnings small")]


def _message(w: dict, lang: str) -> str:
    return w.get("message_th") if lang == "th" else w.get("message_en")


def _outcome(r: dict, lang: str) -> list:
    label = t(f"uploads.outcome.{r['outcome']}", lang) if r["outcome"] in OUTCOMES else r["outcome"]
    parts = [html.Span(label, className=f"badge text-bg-{OUTCOMES.get(r['outcome'], 'light')}")]
    if is_base_data(r):
        note = t("uploads.base_data_note", lang)
        parts.append(html.Span(t("uploads.base_data", lang), className="badge text-bg-info ms-1", title=note))
        parts.append(html.Div(note, className="small text-muted uploads-base-note"))
    if r["outcome"] == "undone":
        who = r.get("undone_by") or t("uploads.system", lang)
        parts.append(
            html.Div(
                t("uploads.undone_by", lang, when=moment_text(r.get("undone_at"), lang), who=who), className="small"
            )
        )
    return parts


def audit_panel(upload_id: int, entries: list[dict], lang: str) -> html.Div:
    head = [t(f"uploads.audit.{c}", lang) for c in ("action", "who", "when", "detail")]
    body = [
        html.Tr(
            [
                html.Td(
                    [_action(e["action"], lang), *_code(e["action"], lang)],
                    **{"data-label": head[0]},
                ),
                html.Td(e["username"] or t("uploads.system", lang), **{"data-label": head[1]}),
                html.Td(moment_text(e["at"], lang), className="text-nowrap", **{"data-label": head[2]}),
                html.Td(detail_text(e["detail"], lang), className="small", **{"data-label": head[3]}),
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


def _code(action: str, lang: str) -> list:
    """The action's code under its name, for the English reader (a Thai page shows no English codes)."""
    return [] if lang == "th" else [html.Div(html.Code(action), className="small")]


def _action(action: str, lang: str) -> str:
    if action == "upload.undo":
        return t("uploads.action.undo", lang)
    if action == "upload.refused":
        return t("uploads.action.refused", lang)
    if action in ("upload.original_download", "upload.original_deleted"):
        return t(f"uploads.action.{action.removeprefix('upload.')}", lang)
    kind = action.removeprefix("upload.")
    if kind in _KINDS:
        return t("uploads.action.import", lang, kind=t(f"upload.kind.{kind}", lang))
    return action
