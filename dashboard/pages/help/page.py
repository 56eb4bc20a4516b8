"""The Flask views of /help (GET: the form; POST: store, then the reference) and /help/status. Wiring only: the
checks and the storing are data/help_requests.py's, the words view.py's."""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from flask import request, session

from dashboard.auth import client_key, form_token, form_token_ok
from dashboard.i18n_public import PUBLIC_LANGS, pt
from dashboard.pages.help import view
from dashboard.state import current
from dashboard.ui.server import render, request_language
from data.accounts import attempt_wait_minutes
from data.errors import NotFound, UserInputError
from data.help_requests import (
    CREATE_ATTEMPT,
    LOOKUP_ATTEMPT,
    MAX_CREATES_PER_HOUR,
    MAX_LOOKUPS_PER_HOUR,
    create_request,
    public_status,
    read_ask,
)

_GEO_TEXTS = ("locating", "geo.denied", "geo.insecure", "geo.unavailable", "geo.timeout")


def help_page():
    lang = request_language(PUBLIC_LANGS)
    response = _submit(lang) if request.method == "POST" else _form(lang, {"people": "1"}, [])
    response.headers["Cache-Control"] = "no-store"  # what the person typed, or their reference and phone
    return response


def _form(lang: str, values: dict, problems: list[str], status: int = 200):
    geo = {key: pt(f"find.{key}", lang) for key in _GEO_TEXTS} | {"located": pt("help.located", lang)}
    return render(
        "help.html",
        title=pt("help.title", lang),
        public=True,
        status=status,
        values=values,
        problems=problems,
        needs=view.needs(values.get("need"), lang),
        csrf=form_token(),
        geo_texts=geo,
    )


def _submit(lang: str):
    values = {name: request.form.get(name, "").strip() for name in view.FIELDS}
    done = session.get("help_done")
    if not form_token_ok():
        if done and hmac.compare_digest(request.form.get("csrf", ""), done["token"]):
            # a double tap or a reload: the request stored; its status page asks for the phone (not kept here)
            follow = "/help/status?" + urlencode({"reference": done["reference"], "lang": lang})
            return _done(done["reference"], follow, 200)
        return _form(lang, values, [pt("help.expired", lang)], 400)
    state = current()
    try:
        ask = read_ask(values, state.registry, state.locator)
    except UserInputError as exc:  # not counted against the address: a mistake stores nothing
        return _form(lang, values, view.problem_lines(exc.problems, lang), 422)
    wait_min = _wait(CREATE_ATTEMPT, MAX_CREATES_PER_HOUR)
    if wait_min:
        return _form(lang, values, [pt("help.throttled", lang, n=wait_min)], 429)
    with state.engine.begin() as conn:
        made = create_request(conn, ask)
    follow = "/help/status?" + urlencode({"reference": made["reference"], "phone": ask.phone, "lang": lang})
    # the same page sent again (a double tap, a reload) stores nothing more and shows this reference again
    session["help_done"] = {"token": session.pop("csrf", ""), "reference": made["reference"]}
    return _done(made["reference"], follow, 201)


def _done(reference: str, follow: str, status: int):
    return render(
        "help_done.html",
        title=pt("help.done.title", request_language(PUBLIC_LANGS)),
        public=True,
        status=status,
        reference=reference,
        chars=view.spaced(reference),
        follow=follow,
    )


def _wait(action: str, most: int) -> int:
    with current().engine.begin() as conn:
        return attempt_wait_minutes(conn, action, client_key(), most)


def help_status_page():
    lang = request_language(PUBLIC_LANGS)
    reference, phone = request.args.get("reference", "").strip(), request.args.get("phone", "").strip()
    found, problem, status = None, None, 200
    if reference and phone:
        wait_min = _wait(LOOKUP_ATTEMPT, MAX_LOOKUPS_PER_HOUR)
        if wait_min:
            problem, status = pt("help.throttled", lang, n=wait_min), 429
        else:
            try:
                with current().engine.connect() as conn:
                    found = view.status_view(public_status(conn, reference, phone), lang)
            except NotFound:
                problem, status = pt("help.status.not_found", lang), 404
    response = render(
        "help_status.html",
        title=pt("help.status.title", lang),
        public=True,
        status=status,
        reference=reference,
        phone=phone,
        found=found,
        problem=problem,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
