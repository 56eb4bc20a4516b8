"""The survey form's pieces from ready values: the fields as the upload reads them, the problems under their fields,
the date as read, the location as found, today's records."""

from __future__ import annotations

from dash import html

from dashboard.i18n import format_date, t
from dashboard.pages.survey_form.ids import (
    CLEARED,
    EMPTY,
    FIELDS,
    LABELS,
    RECORD,
    SAVED,
    SLOT_OF,
    SLOTS,
    TODAY_COUNT,
)
from dashboard.ui.alerts import alert, problem_item
from data import parsing
from data.registries import INTENTIONS, TARGET_GROUPS
from data.review import OUTCOMES
from geo.thai import localized


def form_fields(values: list, location: dict | None) -> dict[str, str]:
    """The form's values as the columns of an uploaded row (text, "" for empty), with the location as lat and lon."""
    fields = {name: value for (name, _, _), value in zip(FIELDS, values)}
    fields["needs_home_visit"] = "1" if fields.get("needs_home_visit") else "0"
    if location:
        fields["lat"], fields["lon"] = f"{location['lat']:.6f}", f"{location['lon']:.6f}"
    return {k: "" if v is None else str(v) for k, v in fields.items()}


def slot_messages(problems, lang: str) -> list:
    """What each field's slot shows (in the order of ``SLOTS``): its problems, or None."""
    by_slot: dict[str, list] = {slot: [] for slot in SLOTS}
    for problem in problems:
        slot = SLOT_OF.get(problem.column or "", problem.column)
        if slot in by_slot:
            by_slot[slot].append(problem_item(problem, lang, LABELS))
    return [items or None for items in by_slot.values()]


def not_saved(problems, lang: str) -> html.Div:
    """The count, and the problems that belong to no field (a closed campaign, a record already saved)."""
    general = [
        problem_item(p, lang, LABELS, prefix=True)
        for p in problems
        if SLOT_OF.get(p.column or "", p.column) not in SLOTS
    ]
    return alert([html.Div(t("survey.not_saved", lang, n=len(problems)), className="fw-bold"), *general], "danger")


def saved(survey_id: int, lang: str, warnings: list | None = None) -> html.Div:
    """Saved, with what the person should know (a late entry, a national id already recorded)."""
    notes = [problem_item(w, lang) for w in warnings or []]
    return alert([html.Div(t("survey.saved", lang, id=survey_id)), *notes], "success", element_id=SAVED)


def cleared_values() -> list:
    """The fields a save empties (the household's stay for its next person), then the location and its text."""
    return [EMPTY.get(name, "") for name, _, _ in CLEARED] + [None, None]


def signed_out(lang: str) -> html.Div:
    return alert(t("survey.signed_out", lang), "danger")


def date_echo(text: str | None, lang: str) -> str:
    """The date as read, Buddhist era in Thai: 17/1/65 -> = 17 ม.ค. 2565; or what is wrong with it."""
    if not (text or "").strip():
        return ""
    try:
        return "= " + format_date(parsing.parse_date(text), lang)
    except ValueError:
        return t("survey.date_bad", lang, text=text)


def located(location: dict, lang: str) -> str:
    accuracy = location.get("accuracy")
    return t(
        "survey.located",
        lang,
        lat=f"{location['lat']:.5f}",
        lon=f"{location['lon']:.5f}",
        accuracy=f"{accuracy:,.0f}" if accuracy is not None else "–",
    )


def today_box(rows: list[dict], total: int, registry, lang: str) -> list:
    """How many records the person entered today, and the latest of them."""
    head = t("survey.today", lang, n=f"{total:,}") if total else t("survey.today_none", lang)
    return [
        html.H2(head, className="h6", id=TODAY_COUNT),
        html.Ol([_record_line(r, registry, lang) for r in rows], className="list-unstyled survey-list"),
    ]


def _record_line(row: dict, registry, lang: str) -> html.Li:
    area = registry.get(row["subdistrict"])
    parts = [format_date(row["survey_date"], lang), localized(area, lang) if area is not None else row["subdistrict"]]
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
    outcome = OUTCOMES.get(row.get("review_status") or "pending")
    review = html.A(  # the coordinator's review of it, and its history (/review/{id})
        t("review.status_short", lang, outcome=outcome.label(lang) if outcome else row["review_status"]),
        href=f"/review/{row['id']}",
        className="ms-1 small survey-review-link",
    )
    return html.Li(
        [html.Span(f"#{row['id']}", className="fw-bold"), " " + " · ".join(parts), " · ", review],
        id=RECORD.format(row["id"]),
        className="survey-record",
    )
