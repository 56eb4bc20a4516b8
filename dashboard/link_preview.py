"""The page shell names the view it was asked for: a link to the coverage map pasted into LINE, Facebook or a
chat shows the view's title, its data date and its picture (Open Graph), before any script runs.

``register_link_preview(app)`` wraps Dash's ``interpolate_index``: for the coverage page (``/``) the query string is
read by the page's own parser (data/coverage_query.py); the ``<title>`` and the ``og:`` and ``twitter:`` tags name
the place, measure, group and dose, and ``og:image`` is the view's PNG (/api/v1/exports/coverage.png). A query that
does not parse gets the app's own title and no preview. The app's own title also travels as a meta tag, for the tab's
title to come back when the reader leaves the page (assets/jitasa_coverage.js).
"""

from __future__ import annotations

import html

from flask import request

from dashboard.components import chosen_language
from dashboard.i18n import t
from dashboard.state import current
from dashboard.view_facts import facts_of, view_facts
from data.coverage_query import parse_coverage_query, query_string
from data.db import is_unavailable
from data.disclosure import Audience
from layers.coverage_picture import PICTURE_SIZE

COVERAGE_PATH = "/"


def register_link_preview(app) -> None:
    plain = app.interpolate_index

    def interpolate_index(**parts):
        extra, title = _preview()
        parts["metas"] = parts.get("metas", "") + extra
        parts["title"] = html.escape(title) if title else parts.get("title", "")
        return plain(**parts)

    app.interpolate_index = interpolate_index


def _preview() -> tuple[str, str | None]:
    """(the meta tags, the page's title or None for the app's own)."""
    app_title = t("app.title", "th") + " · " + t("app.title", "en")
    tags = [("name", "jitasa-app-title", app_title)]
    if request.path != COVERAGE_PATH:
        return _meta(tags), None
    state, lang = current(), chosen_language(False, request.query_string.decode("latin-1"), None)
    query, method, problems = parse_coverage_query(request.args, state.registry)
    if problems:
        return _meta(tags), None
    facts = _facts(state, query, lang)
    view = query_string(query, method, **({"lang": "en"} if lang == "en" else {}))
    base = request.host_url.rstrip("/")
    image = f"{base}/api/v1/exports/coverage.png?{query_string(query, method, lang=lang)}"
    title = facts.title()
    description = t("view.preview", lang, title=title, subtitle=facts.subtitle())
    tags += [
        ("property", "og:type", "website"),
        ("property", "og:site_name", t("app.title", lang)),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", f"{base}/" + (f"?{view}" if view else "")),
        ("property", "og:image", image),
        ("property", "og:image:width", str(PICTURE_SIZE[0])),
        ("property", "og:image:height", str(PICTURE_SIZE[1])),
        ("property", "og:locale", "th_TH" if lang == "th" else "en_US"),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "description", description),
    ]
    return _meta(tags), f"{title} · {t('app.title', lang)}"


def _facts(state, query, lang: str):
    """The view's words with its data date; without the date while the database is unavailable (the shell still
    answers, and the page says what is wrong)."""
    public = Audience(state.settings.suppression_threshold)
    try:
        with state.engine.connect() as conn:
            return facts_of(state, conn, query, state.metrics.frame(conn, state.registry, query, public), public, lang)
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        return view_facts(state.registry, query, None, lang)


def _meta(tags: list[tuple[str, str, str]]) -> str:
    return "".join(
        f'\n      <meta {kind}="{html.escape(name, quote=True)}" content="{html.escape(value, quote=True)}">'
        for kind, name, value in tags
    )
