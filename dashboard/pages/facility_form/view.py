"""What the facility form's callbacks answer, from a save's or a revert's result: the message, each problem under
its field, the history and the title as they now stand. Pure: rows and results in, components out."""

from __future__ import annotations

from dash import html, no_update

from dashboard.i18n import t
from dashboard.pages.facility_form.form_values import form_values, record_of
from dashboard.pages.facility_form.ids import FIELDS
from dashboard.pages.facility_form.view_history import history_list, version_head
from dashboard.ui.alerts import alert, both_languages
from data.errors import Problem, UserInputError
from data.facility_edit import EditResult, StaleEdit

# a problem about the named province or district, or the area, is shown under the point
_PROBLEM_FIELD = {"province": "lat", "district": "lat", "external_id": "facility_id"}
_CLEARED = [None] * len(FIELDS)
_KEPT = [no_update] * len(FIELDS)


def note(children, kind: str = "warning") -> html.Div:
    return alert(children, kind, compact=True)


def signed_out(lang: str) -> html.Div:
    return note(t("facility_form.signed_out", lang))


def stale_note(exc: StaleEdit, facility_id: int, lang: str) -> html.Div:
    """Refused: who saved a newer version and when, and a way to load it (the typed values are kept until then)."""
    return note(
        [
            html.Div(t("facility_form.stale", lang), className="fw-bold"),
            both_languages(exc.message_th, exc.message_en, lang),
            html.A(
                t("facility_form.reload", lang),
                href=f"/facility/{facility_id}",
                className="btn btn-sm btn-outline-danger mt-1",
            ),
        ],
        "danger",
    )


def placed_problems(problems: list[Problem], lang: str) -> tuple[list, list]:
    """Each problem under its field (in FIELDS order); those of no field for the summary."""
    boxes: dict[str, list] = {f: [] for f in FIELDS}
    others = []
    for p in problems:
        field = _PROBLEM_FIELD.get(p.column or "", p.column)
        (boxes[field] if field in boxes else others).append(both_languages(p.message_th, p.message_en, lang))
    return [boxes[f] or None for f in FIELDS], others


def warning_lines(warnings: list[Problem], lang: str) -> list:
    """Under "Worth checking (saved)": each warning, in the page's language."""
    if not warnings:
        return []
    head = html.Div(t("facility_form.warnings", lang), className="fw-bold mt-1")
    return [head] + [both_languages(w.message_th, w.message_en, lang) for w in warnings]


def added_note(warnings: list[Problem], lang: str) -> html.Div:
    """On a new facility's own page (``?saved=1``): added, and what is worth checking."""
    return note([html.Div(t("facility_form.saved_new", lang)), *warning_lines(warnings, lang)], "success")


# -- the save ---------------------------------------------------------------------------------------------------------
def save_outputs(**given) -> dict:
    """The save callback's outputs: the problems cleared, the rest unchanged unless given."""
    keys = ("message", "record", "history", "head", "path", "search")
    return {key: no_update for key in keys} | {"problems": _CLEARED} | given


def save_untouched() -> dict:
    return save_outputs(problems=_KEPT)


def save_refused(exc: UserInputError, record: dict, lang: str) -> dict:
    """A stale save says who saved first; other problems go under their fields, with a count on top."""
    if isinstance(exc, StaleEdit):
        return save_outputs(message=stale_note(exc, record["id"], lang))
    boxes, others = placed_problems(exc.problems, lang)
    head = html.Div(t("facility_form.problems", lang, n=len(exc.problems)), className="fw-bold")
    return save_outputs(message=note([head, *others], "danger"), problems=boxes)


def saved(result: EditResult, changes: list[dict], record: dict, lang: str, registry) -> dict:
    """An edit saved (or confirmed unchanged): the message, the new version kept, the history and title redrawn."""
    facility = result.facility
    key, kind = ("facility_form.saved", "success") if result.changes else ("facility_form.unchanged", "info")
    message = note([html.Div(t(key, lang, version=facility["version"])), *warning_lines(result.warnings, lang)], kind)
    return save_outputs(
        message=message,
        record=record_of(facility) | {"view": record.get("view")},  # the map stays where it is
        history=history_list(changes, facility, lang, registry),
        head=version_head(facility, changes, lang),
    )


def created(facility: dict) -> dict:
    """A new facility: its own page, with its history, "added" and what is worth checking (the layout asks
    data.facility_edit.facility_warnings: the page opens afresh)."""
    return save_outputs(path=f"/facility/{facility['id']}", search="?saved=1")


# -- the revert -------------------------------------------------------------------------------------------------------
def revert_outputs(**given) -> dict:
    keys = ("message", "record", "history", "head")
    return {key: no_update for key in keys} | {"values": _KEPT, "problems": _KEPT} | given


def revert_refused(exc: UserInputError, record: dict, facility, changes, lang: str, registry) -> dict:
    """Said where the button was, over the history as it now stands (or alone when the facility is gone)."""
    if isinstance(exc, StaleEdit):
        refusal = stale_note(exc, record["id"], lang)
    else:
        refusal = note(both_languages(exc.message_th, exc.message_en, lang), "danger")
    history = history_list(changes, facility, lang, registry, refusal) if facility else refusal
    return revert_outputs(history=history)


def reverted(result: EditResult, changes: list[dict], to_version: int, record: dict, lang: str, registry) -> dict:
    """The boxes show the version brought back; the history says so."""
    facility, values = result.facility, form_values(result.facility, lang)
    if result.changes:
        text = t("facility_form.reverted", lang, to=to_version, version=facility["version"])
    else:
        text = t("facility_form.revert_unchanged", lang)
    return revert_outputs(
        values=[values[f] for f in FIELDS],
        problems=_CLEARED,
        message=None,
        record=record_of(facility) | {"view": record.get("view")},  # the map stays where it is
        history=history_list(
            changes, facility, lang, registry, note([html.Div(text), *warning_lines(result.warnings, lang)], "success")
        ),
        head=version_head(facility, changes, lang),
    )
