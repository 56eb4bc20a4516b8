"""The upload page's pieces, from ready records: the template links, the progress bar, the result and its counts,
and the messages that refuse a file."""

from __future__ import annotations

from pathlib import Path

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.upload.ids import ACCEPTED_SUFFIXES, GUIDE_PATH
from dashboard.ui.alerts import alert
from data.imports import KINDS, may_upload

# The pipeline reports a phase when it has finished it, for each chunk of rows in turn: how far through the chunk
# that is (storing takes most of the time), and what it is doing next.
PHASE_DONE = {"queued": 0.0, "read": 0.1, "validate": 0.3, "store": 1.0}
NEXT_STEP = {"queued": "read", "read": "validate", "validate": "store", "store": "read"}
COUNTS = ("new", "updated", "unchanged", "problems", "warnings")


def template_links(kind: str, user: dict | None, lang: str) -> list:
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


def progress_bar(record: dict, lang: str) -> list:
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


def result(done: dict, lang: str) -> html.Div:
    """What a finished check or save found: the counts, and what to do next."""
    if done.get("error") == "stalled":
        return alert(t("upload.stalled", lang), "danger")
    if done.get("error"):
        return alert(t("upload.failed", lang, ref=done["error"]), "danger")
    counts = html.Div(
        [_count(t(f"upload.count.{k}", lang), done[k], k) for k in COUNTS],
        className="d-flex flex-wrap gap-2 my-2",
        id="upload-counts",
    )
    rows = f"{done['rows']:,}"
    if done["action"] == "check":
        key = "upload.checked_bad" if done["problems"] else "upload.checked_ok"
        head = alert(t(key, lang, rows=rows, n=f"{done['problems']:,}"), "warning" if done["problems"] else "info")
        return html.Div([head, html.Div(t("upload.dry_run_note", lang), className="small text-muted"), counts])
    if done.get("upload_id") is None:
        return html.Div([alert(t("upload.refused", lang, n=f"{done['problems']:,}"), "danger"), counts])
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


def too_big(name: str | None, size: int, limit_mb: int) -> html.Div:
    """Always in Thai and English: the person may not read the language the page is in."""
    values = {"name": name or "?", "size": size_text(size), "mb": limit_mb}
    both = [html.Div(t("upload.too_big", "th", **values)), html.Div(t("upload.too_big", "en", **values))]
    return alert(both, "danger", element_id="upload-too-big-message")


def wrong_type(filename: str | None, lang: str) -> html.Div | None:
    if filename and Path(filename).suffix.lower() not in ACCEPTED_SUFFIXES:
        return alert(t("upload.wrong_type", lang, name=filename), "danger")
    return None


def refusal(user: dict | None, kind: str | None, lang: str) -> html.Div | None:
    """The server-side check of every callback that starts a job."""
    if user is None:
        return alert(t("upload.signed_out", lang), "danger")
    if kind not in KINDS or not may_upload(user, kind):
        return alert(t("upload.not_allowed", lang, kind=kind or "?"), "danger")
    return None


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 100 * 1024 else f"{max(1, round(size / 1024))} KB"
