"""The upload page's tree: the kind, the drop zone, the two steps, the progress, the result and its problems; and
the upload guide at /upload/guide."""

from __future__ import annotations

import re
from pathlib import Path

from dash import dash_table, dcc, html

from dashboard.i18n import normalize_lang, t
from dashboard.pages.upload.ids import (
    ACCEPTED_SUFFIXES,
    CHECK,
    CHECKED,
    DONE,
    DOWNLOAD,
    DOWNLOAD_BUTTON,
    FILE,
    FILE_INFO,
    GUIDE_PATH,
    JOB,
    KEEP_NOTE,
    KEEP_VALID,
    KIND,
    LIMIT,
    MESSAGE,
    PAGE_SIZE,
    PATH,
    POLL,
    PROGRESS,
    READY,
    RESULT,
    SAVE,
    SAVE_HINT,
    SINK,
    TABLE,
    TABLE_BOX,
    TEMPLATES,
    TOO_BIG,
)
from dashboard.state import current
from data.imports import KINDS, may_upload

POLL_MS = 400
DOCS = Path(__file__).resolve().parents[3] / "docs"
PROBLEM_COLUMNS = ("type", "row", "column", "value", "message_th", "message_en")


def layout(lang: str, search: str = "", user: dict | None = None, path: str = PATH) -> html.Div:
    if path == GUIDE_PATH:
        return guide(lang)
    kinds = allowed_kinds(user)
    limit_mb = current().settings.max_upload_mb
    return html.Div(
        className="upload-page container py-3",
        children=[
            dcc.Store(id=LIMIT, data=limit_mb * 1024 * 1024),
            dcc.Store(id=TOO_BIG),
            dcc.Store(id=READY),  # the chosen file's name and size: callbacks that need no content read this
            dcc.Store(id=JOB),
            dcc.Store(id=CHECKED),
            dcc.Store(id=DONE),
            dcc.Interval(id=POLL, interval=POLL_MS, disabled=True),
            dcc.Download(id=DOWNLOAD),
            html.Div(id=SINK, hidden=True),
            html.H1(t("upload.title", lang), className="h4"),
            html.P(t("upload.intro", lang, area=(user or {}).get("area", "")), className="text-muted small"),
            html.Div(t("upload.kind", lang), className="small text-muted", id=f"{KIND}-label"),
            dcc.RadioItems(
                id=KIND,
                value=kinds[0],
                options=[{"label": t(f"upload.kind.{k}", lang), "value": k} for k in kinds],
                className="pills",
                labelClassName="pill",
                inline=True,
            ),
            html.Div(id=TEMPLATES, className="small my-2"),
            _drop_zone(limit_mb, lang),
            html.Div(t("upload.none_chosen", lang), id=FILE_INFO, className="small my-1", **{"aria-live": "polite"}),
            html.Div(id=MESSAGE, role="alert"),
            _steps(lang),
            html.Div(id=SAVE_HINT, className="small text-muted"),
            html.Div(id=PROGRESS, hidden=True, className="my-2", **{"aria-live": "polite"}),
            html.Div(id=RESULT, className="my-2", **{"aria-live": "polite"}),
            _problems(lang),
        ],
    )


def allowed_kinds(user: dict | None) -> list[str]:
    """The kinds this person may upload (a volunteer: surveys only)."""
    return [k for k in KINDS if user is not None and may_upload(user, k)] or ["surveys"]


def _drop_zone(limit_mb: int, lang: str) -> dcc.Upload:
    return dcc.Upload(
        id=FILE,
        accept=",".join(ACCEPTED_SUFFIXES),
        max_size=limit_mb * 1024 * 1024,
        multiple=False,
        className="upload-drop",
        className_active="upload-drop active",
        children=html.Div(
            [
                html.Div(t("upload.drop", lang), className="fw-bold"),
                html.Div(t("upload.accepts", lang, mb=limit_mb), className="small text-muted"),
            ]
        ),
    )


def _steps(lang: str) -> html.Div:
    return html.Div(
        className="upload-steps d-flex flex-wrap align-items-center gap-2 my-2",
        children=[
            html.Button(t("upload.check", lang), id=CHECK, n_clicks=0, disabled=True, className="btn btn-primary"),
            html.Button(t("upload.save", lang), id=SAVE, n_clicks=0, disabled=True, className="btn btn-success"),
            dcc.Checklist(
                id=KEEP_VALID,
                value=[],
                options=[{"label": " " + t("upload.keep_valid", lang), "value": "1"}],
                className="ms-1",
            ),
            html.Span(id=KEEP_NOTE, className="small text-muted"),
        ],
    )


def _problems(lang: str) -> html.Div:
    """The problems of a checked file, a page at a time (read from the job on the server), and their download."""
    return html.Div(
        id=TABLE_BOX,
        hidden=True,
        children=[
            html.Button(
                t("upload.download_problems", lang),
                id=DOWNLOAD_BUTTON,
                n_clicks=0,
                className="btn btn-outline-secondary btn-sm mb-2",
            ),
            dash_table.DataTable(
                id=TABLE,
                columns=[{"name": t(f"upload.col.{c}", lang), "id": c} for c in PROBLEM_COLUMNS],
                data=[],
                page_action="custom",
                page_current=0,
                page_size=PAGE_SIZE,
                sort_action="custom",
                sort_mode="single",
                sort_by=[],
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontFamily": "inherit",
                    "fontSize": "0.85rem",
                    "textAlign": "left",
                    "whiteSpace": "normal",
                    "height": "auto",
                    "minWidth": "4rem",
                    "maxWidth": "28rem",
                },
                style_data_conditional=[{"if": {"filter_query": '{kind} = "problem"'}, "backgroundColor": "#fff3f3"}],
            ),
        ],
    )


def guide(lang: str) -> html.Div:
    """The upload guide (docs/<lang>/uploads.md) inside the app: it works offline, like everything else."""
    path = DOCS / normalize_lang(lang) / "uploads.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # the guide's screenshots are for reading it on its own
    return html.Div(
        [
            dcc.Link("← " + t("upload.title", lang), href=PATH, className="small"),
            # our own file from the repository: its anchors (<a id>) make the table of contents work
            dcc.Markdown(text, className="upload-guide mt-2", link_target="_self", dangerously_allow_html=True),
        ],
        className="container py-3",
        id="upload-guide",
    )
