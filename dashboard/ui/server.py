"""The frame of server-rendered pages: plain HTML from a Jinja template, no JavaScript needed.

A server page is declared like any other (``Page(path, view=..., role=..., nav=...)``); ``register_server_page``
adds its Flask route, checks its role before the view runs, and ``render`` wraps the view's content in the site's
header, menu and footer, in the reader's language (``?lang=``, then the ``jitasa_lang`` cookie, then Thai).

A public page (``render(..., public=True)``: the finder) speaks the five languages of dashboard/i18n_public.py and
has a frame of its own (public_base.html: no staff menu, a language switch of five, a line saying when a language is
not yet reviewed); the staff pages speak Thai and English.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from flask import make_response, redirect, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.i18n import LANGS, SOURCES, normalize_lang, t
from dashboard.i18n_public import LANGUAGE_NAMES, PUBLIC_LANGS, REVIEWED, SOURCE_NAMES, pt
from data.registries import ROLES

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
LANG_COOKIE = "jitasa_lang"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


ASSETS = Path(__file__).resolve().parents[1] / "assets" / "public"


def request_language(langs: tuple[str, ...] = LANGS) -> str:
    """``?lang=``, then the cookie, then Thai: one of ``langs`` (a staff page's two, a public page's five)."""
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return asked if asked in langs else normalize_lang(asked)


def render(template: str, *, title: str, status: int = 200, public: bool = False, **context):
    """The page ``template`` (which extends base.html, or public_base.html when ``public``) for this request, in the
    reader's language."""
    langs = PUBLIC_LANGS if public else LANGS
    lang = request_language(langs)
    frame = _public_frame(lang) if public else _staff_frame(lang) | _campaign_frame(lang)
    frame |= _practice_frame()
    body = _ENV.get_template(template).render(lang=lang, title=title, path=request.path, **(frame | context))
    response = make_response(body, status)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    if request.args.get("lang") in langs:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def _practice_frame() -> dict:
    """In a practice space, the banner every page shows (dashboard/tour.py), in both languages."""
    from dashboard.state import current
    from dashboard.tour import practice_text

    space = current().practice
    return {"practice_space": space, "practice_text": practice_text() if space else ""}


def _campaign_frame(lang: str) -> dict:
    """While reporting is closed, the banner every page shows (as the Dash pages: dashboard/router.py)."""
    from dashboard.state import current
    from dashboard.ui.frame import campaign_closed_text

    with current().engine.connect() as conn:
        return {"campaign_closed": campaign_closed_text(conn, lang)}


def _staff_frame(lang: str) -> dict:
    from dashboard.auth import request_user
    from dashboard.page import menu
    from dashboard.pages import PAGES
    from dashboard.state import current
    from dashboard.ui.frame import signed_in_text

    user = request_user()
    return {
        "t": lambda key, **values: t(key, lang, **values),
        "user": user,
        "signed_in": signed_in_text(user, current().registry, lang) if user else "",
        "menu": menu(PAGES, user),
        "sources": [th if lang == "th" else en for th, en in SOURCES],
        "other_langs": [code for code in LANGS if code != lang],
    }


def _public_frame(lang: str) -> dict:
    """The frame of a public page: its five languages, each a link to this page in it; sources in Thai or English,
    by their names and licences in the other languages."""
    args = request.args.to_dict(flat=False)
    links = {code: request.path + "?" + urlencode({**args, "lang": [code]}, doseq=True) for code in PUBLIC_LANGS}
    sources = [th if lang == "th" else en for th, en in SOURCES] if lang in LANGS else list(SOURCE_NAMES)
    return {
        "t": lambda key, **values: pt(key, lang, **values),
        "languages": list(LANGUAGE_NAMES.items()),
        "lang_links": links,
        "unreviewed": lang not in REVIEWED,
        "sources": sources,
        "home": request.path,
        "asset_version": int(max((p.stat().st_mtime for p in ASSETS.glob("*.*")), default=0)),
    }


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

    endpoint, methods = "page:" + page.path, list(page.methods)
    server.add_url_rule(page.path, endpoint=endpoint, view_func=guarded, methods=methods)
    if page.prefix:
        rest = page.path.rstrip("/") + "/<path:rest>"
        server.add_url_rule(rest, endpoint=endpoint + ":rest", view_func=guarded, methods=methods)
