"""The Flask view of /help-requests: GET the queue, POST /help-requests/{id} a move. Wiring only: the rules are
data/help_queue.py's, the words view.py's."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import redirect, request

from dashboard.auth import form_token, form_token_ok, request_user
from dashboard.i18n import t
from dashboard.pages.help_queue import view
from dashboard.state import current
from dashboard.ui.alerts import error_text, problem_text
from dashboard.ui.server import render, request_language
from data.errors import UserInputError
from data.fields import whole_number
from data.help_queue import QueueQuery, assignable_users, change_request, queue_area, read_queue
from data.params import DATABASE_INT_MAX
from data.registries import HELP_NEEDS
from geo.registry import AreaNotFound

MAX_ROWS = 500


def queue_page(rest: str | None = None):
    lang, user = request_language(), request_user()
    if request.method == "POST":
        return _move(user, rest, lang)
    if rest:
        return render("message.html", title=t("help_queue.title", lang), status=404)
    return _list(user, lang)


def _filters() -> dict[str, str]:
    args = request.args
    return {"status": args.get("status", "open"), "need": args.get("need", ""), "area": args.get("area", "").strip()}


def _list(user: dict, lang: str, message: str = "", status: int = 200, refused: tuple[int, list[str]] | None = None):
    """The queue; ``refused``: (a request's id, what is wrong with the move asked for it), shown at that request."""
    state, filters = current(), _filters()
    try:
        asked = state.registry.resolve_area(filters["area"], context=(user["area"],)) if filters["area"] else None
        area = queue_area(user, asked)
    except (AreaNotFound, UserInputError) as exc:
        text = exc.message_th if lang == "th" else str(exc) if isinstance(exc, AreaNotFound) else exc.message_en
        return render("message.html", title=text, status=403 if isinstance(exc, UserInputError) else 422)
    needs = (filters["need"],) if filters["need"] in HELP_NEEDS else ()
    query = QueueQuery(area, view.statuses_for(filters["status"]), needs, MAX_ROWS)
    with state.engine.begin() as conn:
        rows, total = read_queue(conn, user, query)
        people = {s: assignable_users(conn, s) for s in {r["subdistrict"] for r in rows}}
    items = [view.row_view(r, state.registry, lang, user, people[r["subdistrict"]]) for r in rows]
    if refused and any(i["id"] == refused[0] for i in items):
        items = [i | {"problems": refused[1]} if i["id"] == refused[0] else i for i in items]
    elif refused:  # a request this list does not show (another filter): said above the list
        message = " ".join(refused[1])
    response = render(
        "help_queue.html",
        title=t("help_queue.title", lang),
        status=status,
        items=items,
        total=total,
        shown=len(items),
        area=area,
        filters=filters,
        status_choices=view.status_choices(filters["status"], lang),
        need_choices=view.need_choices(filters["need"], lang),
        staff=user["role"] != "volunteer",
        message=message or _done_message(lang),
        csrf=form_token(),
        back=request.full_path.rstrip("?"),
        tile_url=state.settings.tile_url,
    )
    response.headers["Cache-Control"] = "no-store"  # names and phone numbers
    return response


def _done_message(lang: str) -> str:
    done = request.args.get("moved", "")
    return t("help_queue.moved", lang, id=done) if whole_number(done) is not None else ""


def _move(user: dict, rest: str | None, lang: str):
    if not form_token_ok():
        return _list(user, lang, t("help_queue.expired", lang), 400)
    request_id = whole_number(rest)
    if request_id is None or request_id > DATABASE_INT_MAX:
        return render("message.html", title=t("help_queue.title", lang), status=404)
    form = request.form
    try:
        with current().engine.begin() as conn:
            change_request(conn, user, request_id, form.get("status"), form.get("assigned_to"), form.get("note"))
    except UserInputError as exc:
        said = [problem_text(p, lang, view.MOVE_LABELS) for p in exc.problems] or [error_text(exc, lang)]
        return _list(user, lang, status=exc.status, refused=(request_id, said))
    back = form.get("back", "")
    back = back if back.startswith("/help-requests") and not back.startswith("//") else "/help-requests"
    joiner = "&" if "?" in back else "?"
    return redirect(back + joiner + urlencode({"moved": rest}), code=303)
