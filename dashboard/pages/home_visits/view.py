"""The /home-visits Flask view: GET shows the queue (staff) and the round of a day; POST changes one visit (the form
token, then data/home_visits.py's checks) and comes back to the same view (303), or shows what was refused (422)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import redirect, request

from dashboard.auth import form_token, form_token_ok, request_user
from dashboard.i18n import t
from dashboard.pages.home_visits import rows
from dashboard.state import current
from dashboard.ui.server import render, request_language
from data import home_visits as hv
from data.errors import UserInputError
from data.fields import whole_number
from data.home_visit_query import parse_visit_args
from data.params import DATABASE_INT_MAX
from data.registries import ROLES
from geo.clock import today

_NO_STORE = {"Cache-Control": "no-store"}


def home_visits_page():
    lang, user, state = request_language(), request_user(), current()
    problems: list[str] = []
    if request.method == "POST":
        problems = _post(state, user, lang)
        if not problems:
            saved = {"saved": request.form.get("survey_id", "")}
            return redirect(request.path + "?" + urlencode({**request.args.to_dict(), **saved}), 303)
    args, more = parse_visit_args(request.args, state.registry, user["area"])
    problems += [_text(p, lang) for p in more]
    try:
        context = _context(state, user, args, lang)
    except UserInputError as exc:
        return render("message.html", title=t("visits.title", lang), message=_refusal(exc, lang), status=exc.status)
    response = render(
        "home_visits.html",
        title=t("visits.title", lang),
        status=422 if problems else 200,
        csrf=form_token(),
        problems=problems,
        saved=request.args.get("saved"),
        args=args,
        query=request.query_string.decode(),
        **context,
    )
    response.headers.update(_NO_STORE)
    return response


def _context(state, user: dict, args, lang: str) -> dict:
    staff = ROLES.at_least(user, hv.STAFF)
    area = hv.area_for(user, args.area)
    day = args.day or today()
    with state.engine.begin() as conn:
        people = hv.assignable(conn, area) if staff else []
        owner = next((p for p in people if p["username"] == args.assigned_to), None) if staff else None
        owner_id = owner["id"] if owner else user["id"]
        stops = hv.read_round(conn, user, owner_id, day, args.start)
        statuses = args.statuses or (hv.OPEN if staff else ())
        queue, total = hv.read_visits(conn, user, hv.VisitQuery(area, statuses, limit=500)) if staff else ([], 0)
        mine, _ = hv.read_visits(conn, user, hv.VisitQuery(area, hv.OPEN, user["id"], limit=500))
    registry = state.registry
    download = urlencode({k: v for k, v in {"date": day.isoformat(), "assigned_to": args.assigned_to or "",
                                             "lat": _coord(args, 0), "lon": _coord(args, 1), "lang": lang}.items() if v})  # fmt: skip
    return {
        "staff": staff,
        "area": area,
        "day": day,
        "day_text": rows.day_label(day, lang),
        "owner": owner["username"] if owner else user["username"],
        "people": people,
        "stops": [rows.visit_row(s, registry, lang) for s in stops],
        "queue": [rows.visit_row(v, registry, lang) | {"can": rows.assignable_for(people, v["subdistrict"])} for v in queue],
        "queue_total": total,
        "mine": [rows.visit_row(v, registry, lang) for v in mine],
        "statuses": [(e.code, e.label(lang)) for e in hv.STATUSES],
        "download": download,
        "start": args.start,
    }  # fmt: skip


def _coord(args, i: int) -> str:
    return "" if args.start is None else f"{args.start[i]:.6f}"


def _post(state, user: dict, lang: str) -> list[str]:
    """Apply the posted change; the problems to show (none when it was saved)."""
    if not form_token_ok():
        return [t("account.expired", lang)]
    form = request.form
    survey_id = whole_number(form.get("survey_id", ""))
    if survey_id is None or survey_id > DATABASE_INT_MAX:
        return [t("visits.no_record", lang)]
    body = {name: form.get(name, "").strip() for name in ("status", "planned_on", "note", "assigned_to")}
    body = {name: value for name, value in body.items() if value}
    try:
        with state.engine.begin() as conn:
            hv.change_visit(conn, user, survey_id, body)
    except UserInputError as exc:
        return [_refusal(exc, lang)]
    return []


def _refusal(exc: UserInputError, lang: str) -> str:
    if exc.problems:
        return "; ".join(_text(p, lang) for p in exc.problems)
    return exc.message_th if lang == "th" else exc.message_en


def _text(problem, lang: str) -> str:
    return problem.message_th if lang == "th" else problem.message_en
