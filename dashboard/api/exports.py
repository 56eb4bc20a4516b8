"""Exports a governor can share, each named by its view and saying it (place, measure, group, dose, denominator,
data date, source): the coverage map as one self-contained HTML file (Leaflet inlined), a 1600×900 picture for LINE
and slides (PNG) and an A4 report (PDF), both drawn by headless Chromium on the server (dashboard/renderer.py).
The words and the drawing are in dashboard/coverage_export.py."""

from __future__ import annotations

from flask import Response, current_app, request

from dashboard.api.common import ApiError, api, state
from dashboard.api.params import LANG, coverage_query, documented, language
from dashboard.audience import audience_key, request_audience
from dashboard.coverage_export import export_view, map_document, picture, report
from dashboard.http_cache import public_answer
from dashboard.i18n import t
from dashboard.renderer import RendererUnavailable, RenderFailed, renderer_of
from dashboard.view_facts import attachment
from data.coverage_query import PARAMS, query_string
from layers.coverage_picture import PICTURE_SIZE

KINDS = ("coverage", "surveys", "facilities", "population")
DRAWN = (503,)  # Chromium missing or too slow: a 503 saying so in Thai and English


@api.get("/exports/coverage-map.html")
@documented(*PARAMS, LANG, answer="text/html", media="text/html")
@public_answer(*KINDS, audience=audience_key)
def coverage_map_export() -> Response:
    """A self-contained HTML map of the coverage query (Leaflet inlined; opens with no network), titled and named
    by its view."""
    view = _view()
    return _download(map_document(state(), view), "text/html", view, "html")


@api.get("/exports/coverage.png")
@documented(*PARAMS, LANG, answer="a 1600×900 PNG picture", media="image/png", errors=(422, *DRAWN))
@public_answer(*KINDS, audience=audience_key)
def coverage_picture_export() -> Response:
    """The view as a 1600×900 picture for LINE and slides: title (place, measure, group, dose, data date), the map
    (with area names inside a province), legend, the lowest and highest areas, source."""
    view = _view()
    width, height = PICTURE_SIZE
    data = _drawn(view.lang, lambda r: r.png(picture(state(), view), width, height))
    return _download(data, "image/png", view, "png")


@api.get("/exports/coverage-report.pdf")
@documented(*PARAMS, LANG, answer="an A4 PDF report", media="application/pdf", errors=(422, *DRAWN))
@public_answer(*KINDS, audience=audience_key)
def coverage_report_export() -> Response:
    """The view as an A4 report: the picture's content, the ranked table of every area, the trend, the sources and
    the data dates."""
    view = _view()
    url = request.host_url.rstrip("/") + "/" + ("?" + q if (q := query_string(view.query, view.method)) else "")
    with state().engine.connect() as conn:
        document = report(state(), conn, view, url)
    data = _drawn(view.lang, lambda r: r.pdf(document))
    return _download(data, "application/pdf", view, "pdf")


def _view():
    query, method = coverage_query()
    with state().engine.connect() as conn:
        return export_view(state(), conn, query, method, language(), request_audience())


def _drawn(lang: str, draw) -> bytes:
    """What the browser drew, or a 503 that says why (the HTML map and the CSV need no browser)."""
    try:
        return draw(renderer_of(current_app.extensions))
    except RendererUnavailable as exc:
        raise ApiError(503, t("render.unavailable", "en"), t("render.unavailable", "th")) from exc
    except RenderFailed as exc:
        raise ApiError(503, t("render.failed", "en"), t("render.failed", "th")) from exc


def _download(body, mimetype: str, view, ext: str) -> Response:
    disposition = attachment(state().registry, view.query, view.facts.date, view.lang, ext)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})
