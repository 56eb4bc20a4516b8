"""The upload page: choose what to upload, drop a file, check it (a dry run), then save it.

Step 1 "Check" runs the import pipeline as a dry run and shows the counts (new / updated / unchanged rows) and every
problem and warning (row as the spreadsheet numbers it, column, value, Thai and English message). Step 2 "Save" stores
the file that was checked; it stays disabled while there are problems unless "keep only the valid rows" is ticked.

Imports of large files take seconds: both steps run in a thread in the server process (data/jobs.py) and a
dcc.Interval polls the job's file; the progress bar shows only when the job is still running after about a second.
The checked file is kept beside its job, so "Save" does not send it again. Every callback asks who is signing in
(``request_user``) and checks the role and the kind on the server; the pipeline keeps rows inside the person's area.
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from pathlib import Path

from dash import Input, Output, State, ctx, dash_table, dcc, html, no_update

from dashboard.auth import request_user
from dashboard.i18n import normalize_lang, t
from data.imports import KINDS, may_upload, run_import
from data.jobs import JobStore, start_job
from data.upload_history import issues_csv, report_counts, report_issues

PATH = "/upload"
PREFIX = "/upload/"  # /upload/guide: the guide, in the page's language
ROLE = "volunteer"
GUIDE_PATH = "/upload/guide"
LANG = "lang-store"
KIND, TEMPLATES, FILE, FILE_INFO, MESSAGE = (
    "upload-kind",
    "upload-templates",
    "upload-file",
    "upload-file-info",
    "upload-message",
)
CHECK, SAVE, KEEP_VALID, KEEP_NOTE, SAVE_HINT = (
    "upload-check",
    "upload-save",
    "upload-keep-valid",
    "upload-keep-note",
    "upload-save-hint",
)
PROGRESS, POLL, JOB, CHECKED, DONE = "upload-progress", "upload-poll", "upload-job", "upload-checked", "upload-done"
RESULT, TABLE, TABLE_BOX, DOWNLOAD, DOWNLOAD_BUTTON = (
    "upload-result",
    "upload-problems",
    "upload-problems-box",
    "upload-download",
    "upload-download-button",
)
LIMIT, TOO_BIG, SINK, READY = "upload-limit", "upload-too-big", "upload-sink", "upload-ready"
ACCEPTED_SUFFIXES = (".csv", ".xlsx")
POLL_MS, SHOW_PROGRESS_AFTER_S, PAGE_SIZE = 400, 1.0, 15
# The pipeline reports a phase when it has finished it, for each chunk of rows in turn: how far through the chunk
# that is (storing takes most of the time), and what it is doing next.
PHASE_DONE = {"queued": 0.0, "read": 0.1, "validate": 0.3, "store": 1.0}
NEXT_STEP = {"queued": "read", "read": "validate", "validate": "store", "store": "read"}
DOCS = Path(__file__).resolve().parents[2] / "docs"

# The browser refuses a file over max_size without telling anyone: listen to the file input and the drop zone, and
# say which file was too big (the message itself is written on the server, in Thai and English).
SIZE_SCRIPT = """function(limit) {
    const attach = (tries) => {
        const box = document.getElementById('FILE_ID');
        if (!box) { if (tries < 50) setTimeout(() => attach(tries + 1), 100); return; }
        if (box._jitasaSize) return;
        box._jitasaSize = true;
        const check = (files) => {
            const big = Array.from(files || []).find(f => f.size > limit);
            if (big) window.dash_clientside.set_props('TOO_BIG_ID',
                {data: {name: big.name, size: big.size, at: Date.now()}});
        };
        box.addEventListener('change', e => check(e.target && e.target.files), true);
        box.addEventListener('drop', e => check(e.dataTransfer && e.dataTransfer.files), true);
    };
    attach(0);
    return window.dash_clientside.no_update;
}""".replace("FILE_ID", FILE).replace("TOO_BIG_ID", TOO_BIG)


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
    if path == GUIDE_PATH:
        return _guide(lang)
    kinds = allowed_kinds(user)
    limit_mb = state.settings.max_upload_mb
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
            dcc.Upload(
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
            ),
            html.Div(t("upload.none_chosen", lang), id=FILE_INFO, className="small my-1", **{"aria-live": "polite"}),
            html.Div(id=MESSAGE, role="alert"),
            html.Div(
                className="upload-steps d-flex flex-wrap align-items-center gap-2 my-2",
                children=[
                    html.Button(
                        t("upload.check", lang), id=CHECK, n_clicks=0, disabled=True, className="btn btn-primary"
                    ),
                    html.Button(
                        t("upload.save", lang), id=SAVE, n_clicks=0, disabled=True, className="btn btn-success"
                    ),
                    dcc.Checklist(
                        id=KEEP_VALID,
                        value=[],
                        options=[{"label": " " + t("upload.keep_valid", lang), "value": "1"}],
                        className="ms-1",
                    ),
                    html.Span(id=KEEP_NOTE, className="small text-muted"),
                ],
            ),
            html.Div(id=SAVE_HINT, className="small text-muted"),
            html.Div(id=PROGRESS, hidden=True, className="my-2", **{"aria-live": "polite"}),
            html.Div(id=RESULT, className="my-2", **{"aria-live": "polite"}),
            html.Div(
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
                        columns=[
                            {"name": t(f"upload.col.{c}", lang), "id": c}
                            for c in ("type", "row", "column", "value", "message_th", "message_en")
                        ],
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
                        style_data_conditional=[
                            {"if": {"filter_query": '{kind} = "problem"'}, "backgroundColor": "#fff3f3"}
                        ],
                    ),
                ],
            ),
        ],
    )


def allowed_kinds(user: dict | None) -> list[str]:
    """The kinds this person may upload (a volunteer: surveys only)."""
    return [k for k in KINDS if user is not None and may_upload(user, k)] or ["surveys"]


def _guide(lang: str) -> html.Div:
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


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    jobs = JobStore(state.settings.data_dir / "jobs")
    limit_bytes = state.settings.max_upload_mb * 1024 * 1024

    @app.server.before_request
    def _room_for_base64():
        """The file reaches a callback as base64 (4/3 of its size) inside JSON: the size limit that counts is the
        file's, checked in the callback; the request itself may be that much larger."""
        from flask import request

        if request.path.endswith("/_dash-update-component"):
            request.max_content_length = limit_bytes * 4 // 3 + 1024 * 1024

    app.clientside_callback(SIZE_SCRIPT, Output(SINK, "title"), Input(LIMIT, "data"))

    @app.callback(Output(TEMPLATES, "children"), Input(KIND, "value"), State(LANG, "data"))
    def show_templates(kind, lang):
        user = request_user()
        return _templates(kind, user, normalize_lang(lang))

    @app.callback(
        Output(FILE_INFO, "children"),
        Output(MESSAGE, "children"),
        Output(CHECKED, "data"),
        Output(DONE, "data"),
        Output(READY, "data"),
        Output(FILE, "contents"),
        Input(FILE, "contents"),
        Input(FILE, "filename"),
        Input(KIND, "value"),
        Input(TOO_BIG, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def choose_file(contents, filename, _kind, too_big, lang):
        """A new file (or a new kind) starts again from step 1; a file over the limit is named and dropped."""
        lang = normalize_lang(lang)
        none = t("upload.none_chosen", lang)
        if request_user() is None:
            return none, _alert(t("upload.signed_out", lang)), None, None, None, None
        if ctx.triggered_id == TOO_BIG and too_big:
            message = _too_big(too_big["name"], too_big["size"], state.settings.max_upload_mb)
            return none, message, None, None, None, None
        if not contents:
            return none, None, None, None, None, no_update
        size = _base64_size(contents)
        if size > limit_bytes:
            return none, _too_big(filename, size, state.settings.max_upload_mb), None, None, None, None
        wrong = _wrong_type(filename, lang)
        ready = None if wrong else {"name": filename, "size": size}
        info = t("upload.chosen", lang, name=filename or "?", size=_size_text(size))
        return info, wrong, None, None, ready, no_update

    @app.callback(
        Output(JOB, "data"),
        Output(POLL, "disabled"),
        Output(MESSAGE, "children", allow_duplicate=True),
        Output(CHECKED, "data", allow_duplicate=True),
        Output(DONE, "data", allow_duplicate=True),
        Input(CHECK, "n_clicks"),
        State(FILE, "contents"),
        State(FILE, "filename"),
        State(KIND, "value"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def check(n_clicks, contents, filename, kind, lang):
        """Step 1: a dry run in the background; the file is kept with the job for step 2."""
        lang = normalize_lang(lang)
        user = request_user()
        refusal = _refusal(user, kind, lang) or _wrong_type(filename, lang)
        if not n_clicks or refusal:
            return no_update, no_update, refusal, no_update, no_update
        content = _decode(contents)
        if content is None:
            return no_update, no_update, _alert(t("upload.unreadable", lang)), None, None
        if len(content) > limit_bytes:
            return no_update, no_update, _too_big(filename, len(content), state.settings.max_upload_mb), None, None
        job_id = _start(state, jobs, user, kind, content, filename, dry_run=True, keep_valid=False)
        return {"id": job_id, "action": "check"}, False, None, None, None

    @app.callback(
        Output(JOB, "data", allow_duplicate=True),
        Output(POLL, "disabled", allow_duplicate=True),
        Output(MESSAGE, "children", allow_duplicate=True),
        Input(SAVE, "n_clicks"),
        State(CHECKED, "data"),
        State(KEEP_VALID, "value"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def save(n_clicks, checked, keep, lang):
        """Step 2: store the file that was checked (never one the browser sends again)."""
        lang = normalize_lang(lang)
        user = request_user()
        if not n_clicks or not checked:
            return no_update, no_update, _alert(t("upload.check_first", lang)) if n_clicks else no_update
        record = jobs.read(checked["id"], user and user["id"])
        refusal = _refusal(user, record and record.get("kind"), lang)
        content = jobs.content(checked["id"], user and user["id"]) if not refusal else None
        if refusal or content is None:
            return no_update, no_update, refusal or _alert(t("upload.expired", lang))
        keep_valid = bool(keep)
        if report_counts(record.get("report"))["problems"] and not keep_valid:  # the server's count, not the page's
            return no_update, no_update, _alert(t("upload.save_blocked", lang))
        job_id = _start(
            state, jobs, user, record["kind"], content, record["file"], dry_run=False, keep_valid=keep_valid
        )
        return {"id": job_id, "action": "save"}, False, None

    @app.callback(
        Output(PROGRESS, "children"),
        Output(PROGRESS, "hidden"),
        Output(POLL, "disabled", allow_duplicate=True),
        Output(DONE, "data", allow_duplicate=True),
        Output(CHECKED, "data", allow_duplicate=True),
        Input(POLL, "n_intervals"),
        State(JOB, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def poll(_n, job, lang):
        lang = normalize_lang(lang)
        user = request_user()
        record = jobs.read((job or {}).get("id"), user and user["id"])
        if record is None:
            return None, True, True, no_update, no_update
        if not record["finished"]:
            shown = time.time() - record["started_at"] >= SHOW_PROGRESS_AFTER_S
            return _progress_bar(record, lang), not shown, no_update, no_update, no_update
        done = _summary(record)
        return None, True, True, done, done if record.get("action") == "check" and not done["error"] else no_update

    @app.callback(Output(RESULT, "children"), Input(DONE, "data"), State(LANG, "data"))
    def show_result(done, lang):
        return _result(done, normalize_lang(lang)) if done else None

    @app.callback(
        Output(CHECK, "disabled"),
        Output(SAVE, "disabled"),
        Output(KEEP_NOTE, "children"),
        Output(SAVE_HINT, "children"),
        Input(READY, "data"),
        Input(CHECKED, "data"),
        Input(KEEP_VALID, "value"),
        Input(POLL, "disabled"),
        State(LANG, "data"),
    )
    def buttons(ready, checked, keep, idle, lang):
        """Save is possible after a check with rows to store, and with problems only if "keep valid" is ticked."""
        lang = normalize_lang(lang)
        busy = idle is False
        if not checked:
            return busy or not ready, True, None, t("upload.check_first", lang) if ready else None
        skipped, kept = checked["rows"] - checked["valid_rows"], checked["valid_rows"]
        note = t("upload.keep_note", lang, skipped=f"{skipped:,}", kept=f"{kept:,}") if checked["problems"] else None
        blocked = checked["problems"] and not keep
        hint = t("upload.save_blocked", lang) if blocked else None
        return busy or not ready, busy or blocked or kept == 0, note, hint

    @app.callback(
        Output(TABLE, "data"),
        Output(TABLE, "page_count"),
        Output(TABLE, "page_current"),
        Output(TABLE_BOX, "hidden"),
        Input(DONE, "data"),
        Input(TABLE, "page_current"),
        Input(TABLE, "sort_by"),
        State(LANG, "data"),
    )
    def problem_table(done, page, sort_by, lang):
        """One page of the problems, read from the job on the server (a file may have thousands)."""
        user = request_user()
        record = jobs.read((done or {}).get("id"), user and user["id"])
        rows = _issues((record or {}).get("report"), normalize_lang(lang), sort_by)
        if not rows:
            return [], 1, 0, True
        turned = f"{TABLE}.page_current" in ctx.triggered_prop_ids  # a new result or a new order starts at page 1
        page = min(page or 0, (len(rows) - 1) // PAGE_SIZE) if turned else 0
        return rows[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], -(-len(rows) // PAGE_SIZE), page, False

    @app.callback(
        Output(DOWNLOAD, "data"),
        Input(DOWNLOAD_BUTTON, "n_clicks"),
        State(DONE, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def download_problems(n_clicks, done, lang):
        user = request_user()
        record = jobs.read((done or {}).get("id"), user and user["id"])
        if not n_clicks or record is None or not record.get("report"):
            return no_update
        name = Path(record.get("file") or "file").stem + "-problems.csv"
        return {"content": issues_csv(report_issues(record["report"])), "filename": name, "type": "text/csv"}


# -- the job --------------------------------------------------------------------------------------------------------
def _start(state, jobs: JobStore, user: dict, kind: str, content: bytes, filename: str, *, dry_run, keep_valid) -> str:
    def work(progress) -> dict:
        return run_import(
            state,
            kind,
            content,
            filename,
            dry_run=dry_run,
            user_id=user["id"],
            keep_valid=keep_valid,
            scope=user["area"],
            progress=progress,
        )

    action = "check" if dry_run else "save"
    return start_job(
        jobs, user["id"], work, content=content if dry_run else None, kind=kind, file=filename, action=action
    )


def _summary(record: dict) -> dict:
    """What the page keeps in the browser about a finished job: counts, never the problems themselves."""
    info = {k: record.get(k) for k in ("id", "action", "kind", "file", "error")}
    return info | report_counts(record.get("report"))


def _issues(report: dict | None, lang: str, sort_by: list | None) -> list[dict]:
    column = sort_by[0]["column_id"] if sort_by else None
    descending = bool(sort_by) and sort_by[0]["direction"] == "desc"
    issues = report_issues(report, "kind" if column == "type" else column, descending)
    return [i | {"type": t(f"upload.type.{i['kind']}", lang)} for i in issues]


# -- pieces of the page -----------------------------------------------------------------------------------------------
def _templates(kind: str, user: dict | None, lang: str) -> list:
    area = f"?area={user['area']}" if kind == "surveys" and user and user.get("area") not in (None, "TH") else ""
    links = [
        html.A(t("upload.template_xlsx", lang), href=f"/api/v1/templates/{kind}.xlsx{area}", download=""),
        html.A(t("upload.template_csv", lang), href=f"/api/v1/templates/{kind}.csv", download=""),
        dcc.Link(t("upload.guide", lang), href=GUIDE_PATH),
    ]
    return [html.Span(t("upload.templates", lang) + ": ", className="text-muted"), *_joined(links)]


def _joined(items: list) -> list:
    out = []
    for i, item in enumerate(items):
        out += [" · ", item] if i else [item]
    return out


def _progress_bar(record: dict, lang: str) -> list:
    phase = record.get("phase") or "queued"
    total, done, base = record.get("total") or 0, record.get("done") or 0, record.get("base") or 0
    fraction = (base + PHASE_DONE.get(phase, 0.0) * (done - base)) / total if total else 0.0
    pct = max(3, min(100, round(fraction * 100)))
    step = NEXT_STEP.get(phase, "read")
    if step == "store" and record.get("action") == "check":
        step = "compare"  # a dry run stores and rolls back: to the person it is a comparison
    if phase == "store" and total and done >= total:
        step = "finish"
    counted = t("upload.progress_rows", lang, done=f"{done:,}", total=f"{total:,}") if total else ""
    return [
        html.Div(
            html.Div(
                className="progress-bar progress-bar-striped progress-bar-animated",
                role="progressbar",
                style={"width": f"{pct}%"},
                **{"aria-valuenow": pct, "aria-valuemin": 0, "aria-valuemax": 100},
            ),
            className="progress",
            id="upload-progress-bar",
        ),
        html.Div(
            f"{t('upload.phase.' + step, lang)} · {pct}% {counted}".strip(),
            className="small text-muted",
            id="upload-progress-phase",
        ),
    ]


def _result(done: dict, lang: str) -> html.Div:
    if done.get("error") == "stalled":
        return _alert(t("upload.stalled", lang))
    if done.get("error"):
        return _alert(t("upload.failed", lang, ref=done["error"]))
    counts = html.Div(
        [
            _count(t(f"upload.count.{k}", lang), done[k], k)
            for k in ("new", "updated", "unchanged", "problems", "warnings")
        ],
        className="d-flex flex-wrap gap-2 my-2",
        id="upload-counts",
    )
    rows = f"{done['rows']:,}"
    if done["action"] == "check":
        key = "upload.checked_bad" if done["problems"] else "upload.checked_ok"
        head = _alert(t(key, lang, rows=rows, n=f"{done['problems']:,}"), "warning" if done["problems"] else "info")
        return html.Div([head, html.Div(t("upload.dry_run_note", lang), className="small text-muted"), counts])
    if done.get("upload_id") is None:
        return html.Div([_alert(t("upload.refused", lang, n=f"{done['problems']:,}")), counts])
    lines = [html.Div(html.Strong(t("upload.saved", lang, id=done["upload_id"], rows=rows)))]
    if done["unchanged"] and not done["new"] and not done["updated"]:
        lines.append(html.Div(t("upload.saved_unchanged", lang)))
    lines.append(html.Div(dcc.Link(t("upload.history_link", lang), href="/uploads", id="upload-history-link")))
    return html.Div([html.Div(lines, className="alert alert-success py-2", id="upload-saved"), counts])


def _count(label: str, value: int, key: str) -> html.Div:
    return html.Div(
        [html.Div(f"{value:,}", className="h5 mb-0"), html.Div(label, className="small")],
        className=f"upload-count upload-count-{key} border rounded px-3 py-1 text-center",
    )


def _alert(text, kind: str = "danger") -> html.Div:
    return html.Div(text, className=f"alert alert-{kind} py-2 my-2")


def _too_big(name: str | None, size: int, limit_mb: int) -> html.Div:
    """Always in Thai and English: the person may not read the language the page is in."""
    values = {"name": name or "?", "size": _size_text(size), "mb": limit_mb}
    return html.Div(
        [html.Div(t("upload.too_big", "th", **values)), html.Div(t("upload.too_big", "en", **values))],
        className="alert alert-danger py-2 my-2",
        id="upload-too-big-message",
    )


def _wrong_type(filename: str | None, lang: str) -> html.Div | None:
    if filename and Path(filename).suffix.lower() not in ACCEPTED_SUFFIXES:
        return _alert(t("upload.wrong_type", lang, name=filename))
    return None


def _refusal(user: dict | None, kind: str | None, lang: str) -> html.Div | None:
    """The server-side check of every callback that starts a job."""
    if user is None:
        return _alert(t("upload.signed_out", lang))
    if kind not in KINDS or not may_upload(user, kind):
        return _alert(t("upload.not_allowed", lang, kind=kind or "?"))
    return None


def _decode(contents: str | None) -> bytes | None:
    if not contents or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (binascii.Error, ValueError):
        return None


def _base64_size(contents: str) -> int:
    data = contents.split(",", 1)[-1]
    return len(data) * 3 // 4 - data[-2:].count("=")


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 100 * 1024 else f"{max(1, round(size / 1024))} KB"
