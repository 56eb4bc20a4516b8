"""The /review Flask view: GET lists (staff: the area's records to review; a volunteer: their own records and the
outcome) or shows one record (/review/{id}: warnings, history, and for staff the correction form); POST decides one
record (the form token, then data/review.py's checks) and comes back (303), or shows what was refused (422)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import redirect, request

from dashboard.auth import form_token, form_token_ok, request_user
from dashboard.i18n import t
from dashboard.pages.review import rows
from dashboard.state import current
from dashboard.ui.server import render, request_language
from data import review, scope
from data.errors import NotFound, UserInputError
from data.fields import whole_number
from data.params import DATABASE_INT_MAX
from data.registries import INTENTIONS, ROLES, SURVEY_GROUPS
from geo.registry import AreaNotFound

_NO_STORE = {"Cache-Control": "no-store"}
PAGE = 100  # records a page lists


def review_page(rest: str | None = None):
    lang, user, state = request_language(), request_user(), current()
    problems: list[str] = []
    at_field: dict[str, list[str]] = {}
    try:
        survey_id = None if rest is None else _record_id(rest)
        if request.method == "POST":
            problems, at_field = _post(state, user, lang)
            if not problems and not at_field:
                args = {**request.args.to_dict(), "saved": request.form.get("action", "")}
                return redirect(request.path + "?" + urlencode(args), 303)
        if survey_id is None:
            template, context = "review.html", _list(state, user, lang)
        else:
            template, context = "review_record.html", _one(state, user, survey_id, lang)
            context["values"] |= _typed() if at_field or problems else {}  # a refused correction keeps what was typed
    except UserInputError as exc:
        return render("message.html", title=t("review.title", lang), message=_refusal(exc, lang), status=exc.status)
    response = render(
        template,
        title=t("review.title", lang),
        status=422 if problems or at_field else 200,
        csrf=form_token(),
        problems=problems,
        at_field=at_field,
        saved=request.args.get("saved"),
        query=request.query_string.decode(),
        **context,
    )
    response.headers.update(_NO_STORE)
    return response


def _record_id(rest: str) -> int:
    survey_id = whole_number(rest) if len(rest) <= 12 else None
    if survey_id is None:
        raise NotFound([], f"no survey record {rest}", f"ไม่พบแบบสำรวจเลขที่ {rest}")
    return survey_id


def _list(state, user: dict, lang: str) -> dict:
    registry = state.registry
    if not ROLES.at_least(user, review.STAFF):
        with state.engine.begin() as conn:
            mine = review.my_records(conn, user)
        return {"staff": False, "records": [rows.record_row(r, registry, lang) for r in mine]}
    asked = request.args.get("area", "").strip() or None
    try:
        area = registry.resolve_area(asked, context=(user["area"],)) if asked else user["area"]
    except AreaNotFound as exc:
        raise UserInputError([], str(exc), exc.message_th) from None
    outcome = request.args.get("outcome", "pending")
    outcome = outcome if outcome in review.OUTCOMES else None
    warned = request.args.get("warned") == "1"
    offset = whole_number(request.args.get("offset", "")) or 0
    with state.engine.begin() as conn:
        found, total = review.read_review(conn, user, review.ReviewQuery(area, outcome, warned, PAGE, offset))
    following = offset + PAGE if offset + PAGE < total else None
    args = {k: v for k, v in request.args.items() if k not in ("offset", "saved")}
    return {
        "staff": True,
        "area": area,
        "outcome": outcome or "all",
        "warned": warned,
        "outcomes": rows.outcome_choices(lang),
        "records": [rows.record_row(r, registry, lang) for r in found],
        "total": total,
        "shown": (offset + 1, offset + len(found)),
        "next_link": None if following is None else "/review?" + urlencode({**args, "offset": following}),
    }


def _one(state, user: dict, survey_id: int, lang: str) -> dict:
    with state.engine.begin() as conn:
        item = review.read_record(conn, user, survey_id)
    return {
        "staff": ROLES.at_least(user, review.STAFF) and scope.within(item["subdistrict"], user["area"]),
        "record": rows.record_row(item, state.registry, lang),
        "values": rows.correction_values(item),
        "groups": [(e.code, e.label(lang)) for e in SURVEY_GROUPS],
        "intentions": [(e.code, e.label(lang)) for e in INTENTIONS],
        "field_keys": rows.FIELD_KEYS,
    }


def _typed() -> dict[str, str]:
    """The correction form's boxes as they were posted (an unticked box is not posted)."""
    form = request.form
    typed = {name: form[name] for name in (*review.FIELDS, "note") if name in form and name != "needs_home_visit"}
    return typed | {"needs_home_visit": bool(form.get("needs_home_visit"))} if form.get("action") == "correct" else {}


def _post(state, user: dict, lang: str) -> tuple[list[str], dict[str, list[str]]]:
    """What refused the decision: the problems of no field (a count on top when some are under their fields), and
    each field's own, in the page's language. Nothing when it was done."""
    if not form_token_ok():
        return [t("account.expired", lang)], {}
    form = request.form
    action = form.get("action", "")
    survey_id = whole_number(form.get("survey_id", ""))
    if survey_id is None or survey_id > DATABASE_INT_MAX:
        return [t("visits.no_record", lang)], {}
    changes = None
    if action == "correct":
        changes = {name: form.get(name, "") for name in review.FIELDS if name in form}
        changes["needs_home_visit"] = "1" if form.get("needs_home_visit") else "0"
    try:
        with state.engine.begin() as conn:
            review.decide(conn, state, user, survey_id, action, changes, form.get("note", "").strip() or None)
    except UserInputError as exc:
        return _placed(exc, lang)
    return [], {}


def _placed(exc: UserInputError, lang: str) -> tuple[list[str], dict[str, list[str]]]:
    at_field: dict[str, list[str]] = {}
    general = []
    for p in exc.problems:
        text = p.message_th if lang == "th" else p.message_en
        (at_field.setdefault(p.column, []) if p.column in review.FIELDS else general).append(text)
    if not exc.problems:
        general.append(_refusal(exc, lang))
    if at_field:
        general.insert(0, t("review.fix_below", lang, n=sum(len(v) for v in at_field.values())))
    return general, at_field


def _refusal(exc: UserInputError, lang: str) -> str:
    if exc.problems:
        return "; ".join(p.message_th if lang == "th" else p.message_en for p in exc.problems)
    return exc.message_th if lang == "th" else exc.message_en
