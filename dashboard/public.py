"""What the site answers outside its pages for the public: the web manifest and the finder's service worker (so the
finder can be installed and opened without a network), and 404 for a path no page takes.

- ``/manifest.webmanifest``: the finder as an installable app, named in the reader's language;
- ``/sw.js``: ``assets/public/sw.js`` at the site's root, so its scope can cover ``/find`` (a service worker needs
  HTTPS, or 127.0.0.1: the production guide requires HTTPS);
- ``/favicon.ico``: the site's icon (``assets/public/icon-192.png``), which every browser asks for at the root;
- a GET for a path that Dash's catch-all route would take (``/<path:path>``) but no page of ``dashboard.pages.PAGES``
  takes answers 404 (Dash would answer its page shell with 200 for any path).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, jsonify, request, send_file

from dashboard.i18n_public import PUBLIC_LANGS, pt

PUBLIC_ASSETS = Path(__file__).resolve().parent / "assets" / "public"
DASH_CATCH_ALL = "/<path:path>"


def register_public(server: Flask) -> None:
    server.add_url_rule("/manifest.webmanifest", "public_manifest", manifest, methods=["GET"])
    server.add_url_rule("/sw.js", "public_service_worker", service_worker, methods=["GET"])
    server.add_url_rule("/favicon.ico", "public_favicon", favicon, methods=["GET"])
    server.before_request(not_found_for_unknown_paths)


def manifest():
    from dashboard.ui.server import request_language

    lang = request_language(PUBLIC_LANGS)
    answer = jsonify(
        {
            "name": f"{pt('find.title', lang)} · {pt('public.app', lang)}",
            "short_name": pt("public.app", lang),
            "lang": lang,
            "start_url": "/find",
            "scope": "/find",
            "display": "standalone",
            "background_color": "#f4f6f8",
            "theme_color": "#0b5394",
            "icons": [
                {"src": f"/assets/public/icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png", "purpose": "any"}
                for n in (192, 512)
            ],
        }
    )
    answer.mimetype = "application/manifest+json"
    answer.headers["Cache-Control"] = "public, max-age=3600"
    return answer


def service_worker():
    answer = send_file(PUBLIC_ASSETS / "sw.js", mimetype="application/javascript", max_age=0)
    answer.headers["Service-Worker-Allowed"] = "/find"
    answer.headers["Cache-Control"] = "no-cache"  # a new worker reaches the phones at their next visit
    return answer


def favicon():
    """A PNG at the icon's usual address: every browser takes it (a page without it logs a 404 on every visit)."""
    return send_file(PUBLIC_ASSETS / "icon-192.png", mimetype="image/png", max_age=7 * 24 * 3600)


def not_found_for_unknown_paths():
    """404 for a GET of a path that only Dash's catch-all would take and no page takes."""
    if request.method not in ("GET", "HEAD") or request.url_rule is None or request.url_rule.rule != DASH_CATCH_ALL:
        return None
    from dashboard.page import page_for
    from dashboard.pages import PAGES

    if page_for(PAGES, request.path) is not None:
        return None
    from dashboard.i18n_public import PUBLIC_LANGS, pt
    from dashboard.ui.server import render, request_language

    # a public page in the reader's language (any of the five): a link to the finder in Burmese is mistyped too
    title = pt("notfound.title", request_language(PUBLIC_LANGS))
    return render("not_found.html", title=title, status=404, public=True, home="/find")
