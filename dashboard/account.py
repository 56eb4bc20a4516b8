"""A person's own password: change it (/account/password, signed in) or set a new one with a one-time code an admin
handed them (/reset). Plain server-rendered forms in the site's frame (dashboard/ui/server.py), no JavaScript.

Both forms carry the session's form token; the change also passes the cross-site check of every signed-in write
(dashboard/auth.py). Wrong reset codes are throttled like failed sign-ins (data.accounts.login_wait_minutes, per
account and address) and audited the same way, never with the typed text. Setting a password ends every session of
the account (data/passwords.py); after a change this browser gets a fresh one.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, current_app, redirect, request

from dashboard.auth import client_key, form_token, form_token_ok, request_user, start_signed_in
from dashboard.i18n import t
from dashboard.state import current
from dashboard.ui.server import render, request_language
from data import accounts
from data.audit import record
from data.errors import UserInputError
from data.passwords import MIN_PASSWORD, change_password, reset_with_code
from data.users import account_id

account = Blueprint("account", __name__)
_NO_STORE = {"Cache-Control": "no-store"}


def _page(template: str, title_key: str, status: int = 200, **context):
    lang = request_language()
    response = render(
        template, title=t(title_key, lang), status=status, csrf=form_token(), min_length=MIN_PASSWORD, **context
    )
    response.headers.update(_NO_STORE)
    return response


def _problems(exc: UserInputError, lang: str) -> list[str]:
    return [p.message_th if lang == "th" else p.message_en for p in exc.problems]


@account.route("/account/password", methods=["GET", "POST"])
def password_page():
    lang, user = request_language(), request_user()
    if user is None:
        return redirect("/login?next=" + quote("/account/password"))
    if request.method == "GET":
        return _page("account_password.html", "account.password.title")
    if not form_token_ok():
        return _page("account_password.html", "account.password.title", 400, problems=[t("account.expired", lang)])
    form = request.form
    engine = current().engine  # a practice account changes its password in its own space
    try:
        with engine.begin() as conn:
            change_password(conn, user, form.get("current", ""), form.get("password", ""), form.get("again", ""))
            start_signed_in(conn, {**user, "password_hash": _stored_hash(conn, user["id"])}, current().practice)
    except UserInputError as exc:
        return _page("account_password.html", "account.password.title", 422, problems=_problems(exc, lang))
    return _page("account_password.html", "account.password.title", done=True)


def _stored_hash(conn, user_id: int) -> str:
    import sqlalchemy as sa

    from data.schema import users

    return conn.execute(sa.select(users.c.password_hash).where(users.c.id == user_id)).scalar_one()


@account.route("/reset", methods=["GET", "POST"])
def reset_page():
    lang = request_language()
    if request.method == "GET":
        return _page("reset.html", "account.reset.title")
    form = request.form
    username = form.get("username", "").strip()
    if not form_token_ok():
        return _page("reset.html", "account.reset.title", 400, problems=[t("account.expired", lang)], username=username)
    client, engine = client_key(), current_app.extensions["jitasa"].engine
    try:
        with engine.begin() as conn:
            target = account_id(conn, username)
            wait_min = accounts.login_wait_minutes(conn, target, client)
            if wait_min:
                record(conn, "user.login_throttled", "login", client, target, {"via": "reset"})
                problem = t("account.reset.throttled", lang, n=wait_min)
                return _page("reset.html", "account.reset.title", 429, problems=[problem], username=username)
            done = reset_with_code(conn, target, form.get("code", ""), form.get("password", ""), form.get("again", ""))
            if done is None:
                record(conn, accounts.LOGIN_FAILED, "login", client, target, {"via": "reset"})
    except UserInputError as exc:
        return _page("reset.html", "account.reset.title", 422, problems=_problems(exc, lang), username=username)
    if done is None:
        problems = [t("account.reset.wrong", lang)]
        return _page("reset.html", "account.reset.title", 401, problems=problems, username=username)
    return _page("reset.html", "account.reset.title", done=True)
