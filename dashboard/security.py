"""What every answer tells the browser about itself, and the plotly.js the pages draw with.

Every answer (a page, API JSON, an asset, an error) carries:

- ``Content-Security-Policy``: scripts only from this site plus the hashes of the inline scripts Dash writes into the
  page shell (no ``unsafe-eval``: the pages draw with plotly.js's strict bundle, below); styles from this site and
  inline (Dash and plotly.js set style attributes); images, fonts and connections to this site (and the tile server
  of ``JITASA_TILE_URL`` when one is set); MapLibre's workers from ``blob:``; no plugins; never framed;
- ``X-Frame-Options: DENY`` (``frame-ancestors 'none'`` for browsers that predate CSP), ``X-Content-Type-Options:
  nosniff``, ``Referrer-Policy: same-origin``;
- with ``JITASA_SECURE_COOKIES`` on: ``Strict-Transport-Security``, and the session cookie is marked Secure.

A downloaded HTML document (``Content-Disposition: attachment``: the exported coverage map) keeps its own inline
scripts and styles and gets a policy of its own that lets exactly those run and fetches nothing.

plotly.js: Dash's renderer loads the plotly bundle when a page first shows a graph, from the address
``_dash-component-suites/plotly/package_data/plotly.min.js`` (dash-renderer, with ``serve_locally``); that address
answers here with the strict bundle vendored in ``assets/vendor/plotly/`` (the same plotly.js version as the plotly
Python package's bundle), which needs no ``eval`` or ``new Function``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, send_file

PLOTLY_STRICT = Path(__file__).resolve().parent / "assets" / "vendor" / "plotly" / "plotly-strict.min.js"
PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"  # what dash-renderer asks for
HSTS = "max-age=31536000"  # a year; no includeSubDomains: other hosts of a ministry's domain are not ours to decide


def tile_origin(tile_url: str) -> str:
    """The origin of an http(s) tile URL (``https://tiles.example``), or "" for none or a path on this server."""
    parts = urlsplit(tile_url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def page_policy(script_hashes: list[str], tile_url: str = "") -> str:
    """The Content-Security-Policy of the app's own answers."""
    tiles = [tile_origin(tile_url)] if tile_origin(tile_url) else []
    return _policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", *script_hashes],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:", "blob:", *tiles],
            "font-src": ["'self'", "data:"],
            "connect-src": ["'self'", *tiles],
            "worker-src": ["'self'", "blob:"],  # the finder's service worker (/sw.js); MapLibre's workers
            "child-src": ["blob:"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    )


def download_policy() -> str:
    """The Content-Security-Policy of a downloaded HTML document: its own inline scripts, styles and data: images run;
    nothing is fetched; it is never framed. (Opened from disk, a file has no headers: it opens offline as it is.)"""
    return _policy(
        {
            "default-src": ["'none'"],
            "script-src": ["'unsafe-inline'"],
            "style-src": ["'unsafe-inline'"],
            "img-src": ["data:", "blob:"],
            "font-src": ["data:"],
            "base-uri": ["'none'"],
            "form-action": ["'none'"],
            "frame-ancestors": ["'none'"],
        }
    )


def is_download(response: Response) -> bool:
    return response.mimetype == "text/html" and "attachment" in response.headers.get("Content-Disposition", "")


def security_headers(response: Response, policy: str, secure: bool) -> Response:
    """Add the headers to one answer (a header the route set itself is kept)."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", download_policy() if is_download(response) else policy)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register_security(app, settings) -> None:
    """Headers on every answer of ``app`` (call once its callbacks are registered: the policy carries the hashes of
    the inline scripts of its page shell), the Secure session cookie, and plotly.js's strict bundle."""
    server: Flask = app.server
    server.config["SESSION_COOKIE_SECURE"] = bool(settings.secure_cookies)
    policy = page_policy(list(app.csp_hashes()), settings.tile_url)
    secure = bool(settings.secure_cookies)
    server.after_request(lambda response: security_headers(response, policy, secure))
    server.add_url_rule(
        app.config.requests_pathname_prefix + PLOTLY_PATH, "plotly_strict", _plotly_strict, methods=["GET"]
    )


def _plotly_strict() -> Response:
    return send_file(PLOTLY_STRICT, mimetype="application/javascript", conditional=True, max_age=None)
