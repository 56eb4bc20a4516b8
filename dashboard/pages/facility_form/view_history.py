"""The facility form's history: each version (who, when, the fields old → new) with a revert button, and the line
under the title (which version, when and by whom). Rendering only: data/facility_edit.py reads the versions."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from dashboard.i18n import CATALOGUE, format_date, t
from dashboard.pages.facility_form.ids import HISTORY_TITLE, REVERT, VERSION
from dashboard.ui.areas import area_label
from dashboard.ui.dates import moment_text
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, SERVICES
from geo.thai import localized

_AREAS = ("province", "district", "subdistrict")


def _who(change: dict, lang: str) -> str:
    return change.get("display_name") or change.get("username") or t("facilities.system", lang)


def version_head(facility: dict | None, changes: list[dict], lang: str) -> list:
    """The title: "new facility", or the facility's name and which version, when and by whom."""
    if facility is None:
        return [html.H1(t("facility_form.title_new", lang), className="h5 mb-0 mt-2")]
    last = changes[0] if changes else {}
    line = t(
        "facility_form.version",
        lang,
        version=facility["version"],
        when=moment_text(last.get("changed_at") or facility.get("updated_at"), lang),
        who=_who(last, lang),
    )
    return [
        html.Div(t("facility_form.title_edit", lang), className="small text-muted mt-2"),
        html.H1(localized(facility, lang), className="h5 mb-0"),
        html.Div(line, className="small text-muted", id=VERSION),
    ]


def _shown(field: str, value, lang: str, registry) -> str:
    """A value of the history as a person reads it: labels for codes, names for areas, dates in their calendar."""
    if value is None or value == "" or value == []:
        return "–"
    if field == "type" and value in FACILITY_TYPES:
        return FACILITY_TYPES[value].label(lang)
    if field == "status" and value in FACILITY_STATUSES:
        return FACILITY_STATUSES[value].label(lang)
    if field == "services":
        return ", ".join(SERVICES[s].label(lang) if s in SERVICES else str(s) for s in value)
    if field in ("valid_from", "valid_to"):
        return format_date(dt.date.fromisoformat(str(value)[:10]), lang)
    if field in _AREAS:
        return area_label(registry, str(value), lang)
    return str(value)


def history_list(changes: list[dict], facility: dict | None, lang: str, registry, note=None) -> list:
    """Each version, newest first: who, when, the fields old → new, and a revert button (the current one has none)."""
    if facility is None:
        return []
    items = [_version_item(change, facility["version"], lang, registry) for change in changes]
    return [
        html.H2(t("facility_form.history", lang), className="h6 mt-3", id=HISTORY_TITLE),
        note,
        html.Ol(items, className="list-unstyled"),
    ]


def _version_item(change: dict, current: int, lang: str, registry) -> html.Li:
    key = f"facility_form.change.{change['change']}"
    label = t(key, lang) if key in CATALOGUE else str(change["change"])  # a kind of change added later: its code
    if change.get("upload_id"):
        label += " " + t("facility_form.change.upload", lang, id=change["upload_id"])
    head = t(
        "facility_form.history.line",
        lang,
        version=change["version"],
        change=label,
        when=moment_text(change["changed_at"], lang),
        who=_who(change, lang),
    )
    created = change["version"] == 1

    def cell(f: dict) -> html.Td:
        new = html.Span(_shown(f["field"], f["new"], lang, registry), className="new")
        if created:
            return html.Td(new)
        return html.Td([html.Span(_shown(f["field"], f["old"], lang, registry), className="old"), " → ", new])

    rows = [
        html.Tr([html.Th(t(f"facility_form.field.{f['field']}", lang), scope="row"), cell(f)]) for f in change["fields"]
    ]
    action = (
        html.Span(t("facility_form.current", lang), className="badge text-bg-success")
        if change["version"] == current
        else html.Button(
            t("facility_form.revert", lang),
            id={"type": REVERT, "version": change["version"]},
            n_clicks=0,
            className="btn btn-outline-secondary btn-sm facility-revert",
        )
    )
    return html.Li(
        [
            html.Div(head, className="fw-bold small"),
            *_merge_note(change, lang),
            html.Table(html.Tbody(rows), className="table table-sm small mb-1 history-fields"),
            action,
        ],
        className="history-item",
        id=f"facility-form-version-{change['version']}",
    )


def _merge_note(change: dict, lang: str) -> list:
    """A merge says which facility this one was merged into (or which was merged into it), with a link to it."""
    for key in ("merged_into", "merged_from"):
        other = change.get(key)
        if other:
            label = other.get("external_id") or f"#{other['id']}"
            text = t(
                f"facility_form.{key}", lang, name=localized(other, lang) or other.get("name_th") or "–", label=label
            )
            link = dcc.Link(text, href=f"/facility/{other['id']}", className=f"facility-{key.replace('_', '-')}")
            return [html.Div(link, className="small mb-1")]
    return []
