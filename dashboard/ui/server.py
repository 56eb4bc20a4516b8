"""The frame of server-rendered pages: plain HTML from a Jinja template, no JavaScript needed.

A server page is declared like any other (``Page(path, view=..., role=..., nav=...)``); ``register_server_page``
adds its Flask route, checks its role before the view runs, and ``render`` wraps the view's content in the site's
header, menu and footer, in the reader's language (``?lang=``, then the ``jitasa_lang`` cookie, then Thai).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from flask import make_response, redirect, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.i18n import LANGS, SOURCES, normalize_lang, t
from data.registries import ROLES

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
LANG_COOKIE = "jitasa_lang"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def request_language() -> str:
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return normalize_lang(asked)


def render(template: str, *, title: str, status: int = 200, **context):
    """The page ``template`` (which extends base.html) for this request, in the reader's language."""
    from dashboard.auth import request_user
    from dashboard.page import menu
    from dashboard.pages import PAGES

    lang, user = request_language(), request_user()
    body = _ENV.get_template(template).render(
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=title,
        user=user,
        menu=menu(PAGES, user),
        sources=[th if lang == "th" else en for th, en in SOURCES],
        other_langs=[code for code in LANGS if code != lang],
        path=request.path,
        **context,
    )
    response = make_response(body, status)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    if request.args.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def register_server_page(server, page, pages) -> None:
    """The Flask route of a server page (and of the paths under it when the page takes them)."""

    def guarded(**kwargs):
        from dashboard.auth import request_user, role_at_least

        if page.role:
            user = request_user()
            if user is None:
                return redirect("/login?next=" + quote(request.full_path.rstrip("?")))
            if not role_at_least(user, page.role):
                lang = request_language()
                message = t("auth.not_allowed", lang, role=ROLES[page.role].label(lang))
                return render("message.html", title=message, status=403)
        return page.view(**kwargs)

    endpoint = "page:" + page.path
    server.add_url_rule(page.path, endpoint=endpoint, view_func=guarded)
    if page.prefix:
        server.add_url_rule(page.path.rstrip("/") + "/<path:rest>", endpoint=endpoint + ":rest", view_func=guarded)
