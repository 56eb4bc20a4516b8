"""The upload page's callbacks: choose a file, check it, save it, follow the job, show its problems. Every one that
starts a job asks who is signed in and checks the role and the kind on the server (``view.refusal``)."""

from __future__ import annotations

import time
from pathlib import Path

from dash import Input, Output, State, ctx, no_update

from dashboard.auth import request_user
from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.page import Callbacks
from dashboard.pages.upload import job
from dashboard.pages.upload.ids import (
    CHECK,
    CHECKED,
    DONE,
    DOWNLOAD,
    DOWNLOAD_BUTTON,
    FILE,
    FILE_INFO,
    JOB,
    KEEP_NOTE,
    KEEP_VALID,
    KIND,
    LIMIT,
    MESSAGE,
    PAGE_SIZE,
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
from dashboard.pages.upload.view import progress_bar, refusal, result, size_text, template_links, too_big, wrong_type
from dashboard.state import current
from dashboard.ui.alerts import alert
from data.upload_history import issues_csv, report_counts, report_issues

SHOW_PROGRESS_AFTER_S = 1.0
on = Callbacks()

# The browser refuses a file over max_size without telling anyone: jitasa.watchFileSize (assets/upload.js) listens
# to the file input and the drop zone and writes the file that was too big to TOO_BIG.
on.clientside(
    "jitasa", "watchFileSize", Output(SINK, "title"), Input(LIMIT, "data"), State(FILE, "id"), State(TOO_BIG, "id")
)


@on(Output(TEMPLATES, "children"), Input(KIND, "value"), State(LANG_STORE, "data"))
def show_templates(kind, lang):
    return template_links(kind, request_user(), normalize_lang(lang))


@on(
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
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def choose_file(contents, filename, _kind, too_big_file, lang):
    """A new file (or a new kind) starts again from step 1; a file over the limit is named and dropped."""
    lang, limit_mb = normalize_lang(lang), current().settings.max_upload_mb
    none = t("upload.none_chosen", lang)
    if request_user() is None:
        return none, alert(t("upload.signed_out", lang), "danger"), None, None, None, None
    if ctx.triggered_id == TOO_BIG and too_big_file:
        return none, too_big(too_big_file["name"], too_big_file["size"], limit_mb), None, None, None, None
    if not contents:
        return none, None, None, None, None, no_update
    size = job.base64_size(contents)
    if size > job.limit_bytes():
        return none, too_big(filename, size, limit_mb), None, None, None, None
    wrong = wrong_type(filename, lang)
    ready = None if wrong else {"name": filename, "size": size}
    info = t("upload.chosen", lang, name=filename or "?", size=size_text(size))
    return info, wrong, None, None, ready, no_update


@on(
    Output(JOB, "data"),
    Output(POLL, "disabled"),
    Output(MESSAGE, "children", allow_duplicate=True),
    Output(CHECKED, "data", allow_duplicate=True),
    Output(DONE, "data", allow_duplicate=True),
    Input(CHECK, "n_clicks"),
    State(FILE, "contents"),
    State(FILE, "filename"),
    State(KIND, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def check(n_clicks, contents, filename, kind, lang):
    """Step 1: a dry run in the background; the file is kept with the job for step 2."""
    lang, user = normalize_lang(lang), request_user()
    refused = refusal(user, kind, lang) or wrong_type(filename, lang)
    if not n_clicks or refused:
        return no_update, no_update, refused, no_update, no_update
    content = job.decode(contents)
    if content is None:
        return no_update, no_update, alert(t("upload.unreadable", lang), "danger"), None, None
    if len(content) > job.limit_bytes():
        message = too_big(filename, len(content), current().settings.max_upload_mb)
        return no_update, no_update, message, None, None
    job_id = job.start(user, kind, content, filename, dry_run=True, keep_valid=False)
    return {"id": job_id, "action": "check"}, False, None, None, None


@on(
    Output(JOB, "data", allow_duplicate=True),
    Output(POLL, "disabled", allow_duplicate=True),
    Output(MESSAGE, "children", allow_duplicate=True),
    Input(SAVE, "n_clicks"),
    State(CHECKED, "data"),
    State(KEEP_VALID, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def save(n_clicks, checked, keep, lang):
    """Step 2: store the file that was checked (never one the browser sends again)."""
    lang, user, jobs = normalize_lang(lang), request_user(), job.job_store()
    if not n_clicks or not checked:
        return no_update, no_update, alert(t("upload.check_first", lang), "danger") if n_clicks else no_update
    record = jobs.read(checked["id"], user and user["id"])
    refused = refusal(user, record and record.get("kind"), lang)
    content = jobs.content(checked["id"], user and user["id"]) if not refused else None
    if refused or content is None:
        return no_update, no_update, refused or alert(t("upload.expired", lang), "danger")
    keep_valid = bool(keep)
    if report_counts(record.get("report"))["problems"] and not keep_valid:  # the server's count, not the page's
        return no_update, no_update, alert(t("upload.save_blocked", lang), "danger")
    ticket = job.start(user, record["kind"], content, record["file"], dry_run=False, keep_valid=keep_valid)
    return {"id": ticket, "action": "save"}, False, None


@on(
    Output(PROGRESS, "children"),
    Output(PROGRESS, "hidden"),
    Output(POLL, "disabled", allow_duplicate=True),
    Output(DONE, "data", allow_duplicate=True),
    Output(CHECKED, "data", allow_duplicate=True),
    Input(POLL, "n_intervals"),
    State(JOB, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def poll(_n, running, lang):
    lang, user = normalize_lang(lang), request_user()
    record = job.job_store().read((running or {}).get("id"), user and user["id"])
    if record is None:
        return None, True, True, no_update, no_update
    if not record["finished"]:
        shown = time.time() - record["started_at"] >= SHOW_PROGRESS_AFTER_S
        return progress_bar(record, lang), not shown, no_update, no_update, no_update
    done = job.summary(record, running["id"])
    return None, True, True, done, done if record.get("action") == "check" and not done["error"] else no_update


@on(Output(RESULT, "children"), Input(DONE, "data"), State(LANG_STORE, "data"))
def show_result(done, lang):
    return result(done, normalize_lang(lang)) if done else None


@on(
    Output(CHECK, "disabled"),
    Output(SAVE, "disabled"),
    Output(KEEP_NOTE, "children"),
    Output(SAVE_HINT, "children"),
    Input(READY, "data"),
    Input(CHECKED, "data"),
    Input(KEEP_VALID, "value"),
    Input(POLL, "disabled"),
    State(LANG_STORE, "data"),
)
def buttons(ready, checked, keep, idle, lang):
    """Save is possible after a check with rows to store, and with problems only if "keep valid" is ticked."""
    lang = normalize_lang(lang)
    busy = idle is False
    if not checked:
        hint = t("upload.check_first", lang) if ready and not busy else None  # not while the check runs
        return busy or not ready, True, None, hint
    skipped, kept = checked["rows"] - checked["valid_rows"], checked["valid_rows"]
    note = t("upload.keep_note", lang, skipped=f"{skipped:,}", kept=f"{kept:,}") if checked["problems"] else None
    blocked = checked["problems"] and not keep
    hint = t("upload.save_blocked", lang) if blocked else None
    return busy or not ready, busy or blocked or kept == 0, note, hint


@on(
    Output(TABLE, "data"),
    Output(TABLE, "page_count"),
    Output(TABLE, "page_current"),
    Output(TABLE_BOX, "hidden"),
    Input(DONE, "data"),
    Input(TABLE, "page_current"),
    Input(TABLE, "sort_by"),
    State(LANG_STORE, "data"),
)
def problem_table(done, page, sort_by, lang):
    """One page of the problems, read from the job on the server (a file may have thousands)."""
    user = request_user()
    record = job.job_store().read((done or {}).get("id"), user and user["id"])
    rows = job.issues((record or {}).get("report"), normalize_lang(lang), sort_by)
    if not rows:
        return [], 1, 0, True
    turned = f"{TABLE}.page_current" in ctx.triggered_prop_ids  # a new result or a new order starts at page 1
    page = min(page or 0, (len(rows) - 1) // PAGE_SIZE) if turned else 0
    return rows[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], -(-len(rows) // PAGE_SIZE), page, False


@on(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(DONE, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def download_problems(n_clicks, done, lang):
    user = request_user()
    record = job.job_store().read((done or {}).get("id"), user and user["id"])
    if not n_clicks or record is None or not record.get("report"):
        return no_update
    name = Path(record.get("file") or "file").stem + "-problems.csv"
    return {"content": issues_csv(report_issues(record["report"])), "filename": name, "type": "text/csv"}
