"""The facility layer's pieces, from ready frames: its type and status filters, its legend, its traces' patch, and
where on the map it looks."""

from __future__ import annotations

from urllib.parse import quote

from dash import Patch, dcc, html

from dashboard.i18n import format_date, t
from dashboard.pages.coverage.ids import FACILITY_CONTROLS, FACILITY_STATUS_PICK, FACILITY_TYPES_PICK
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from layers.coverage_map import COUNTS, fit_view
from layers.facilities import cluster_svg, facility_traces, symbol_svg

FIRST_FACILITY_TRACE = COUNTS + 1  # facility traces follow the counts trace; there are always as many
CIRCLE_BUDGET = 2000  # at most this many circles (every circle of every marker) reach the browser
DEFAULT_STATUSES = ("open", "full")  # what is open; the status filter adds the closed ones


def facility_controls(lang: str) -> html.Div:
    """Which facility types and statuses the facility layer shows (shown only while the layer is on)."""
    types = [
        {"label": html.Span([_symbol_img(symbol_svg(shape, color)), label]), "value": code}
        for code, label, color, shape in facility_types(lang)
    ]
    statuses = [{"label": " " + s.label(lang), "value": s.code} for s in FACILITY_STATUSES]
    return html.Div(
        id=FACILITY_CONTROLS,
        hidden=True,
        children=html.Div(  # hidden outside: d-flex would override it
            className="small d-flex flex-wrap column-gap-4 py-1",
            children=[
                _pick(t("facility.types", lang), FACILITY_TYPES_PICK, types, [o["value"] for o in types]),
                _pick(t("facility.statuses", lang), FACILITY_STATUS_PICK, statuses, list(DEFAULT_STATUSES)),
            ],
        ),
    )


def _pick(legend: str, element_id: str, options: list[dict], value: list[str]) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend, className="fs-6 fw-bold mb-0"),
            dcc.Checklist(id=element_id, inline=True, labelClassName="me-3", options=options, value=value),
        ]
    )


def facility_types(lang: str) -> list[tuple[str, str, str, str]]:
    return [(e.code, e.label(lang), e.color, e.symbol) for e in FACILITY_TYPES]


def facility_labels(lang: str) -> dict[str, str]:
    keys = ("beds", "beds_available", "hours", "phone", "valid", "synthetic", "cluster", "cluster_synthetic", "zoom_in")
    return {k: t(f"facility.{k}", lang) for k in keys}


def revision(map_key: str | None) -> str:
    """The geometry part (level|area) of the map key: the figure's uirevision."""
    return "|".join((map_key or "").split("|")[:2])


def facility_view(registry, area: str | None, viewport: dict | None, map_key: str | None) -> tuple[tuple, float]:
    """(bbox, zoom): the map's own after a pan or zoom on this geometry; else the area the figure was fitted to."""
    if viewport and viewport.get("revision") == revision(map_key):
        return tuple(viewport["bbox"]), float(viewport["zoom"])
    min_lon, min_lat, max_lon, max_lat = bounds = registry.bounds(area or "TH")
    pad_lon, pad_lat = (max_lon - min_lon) * 0.15, (max_lat - min_lat) * 0.15
    return (min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon, max_lat + pad_lat), fit_view(bounds)["zoom"]


def facility_patch(points, clusters, styles, lang: str) -> Patch:
    """The map's facility traces (one by one, or grouped), patched in place."""
    patch = Patch()
    traces = facility_traces(points, clusters, styles, facility_labels(lang), lambda d: format_date(d, lang))
    for i, trace in enumerate(traces):
        patch["data"][FIRST_FACILITY_TRACE + i] = trace.to_plotly_json()
    return patch


def facility_legend(points, clusters, styles, chosen, on_date, lang: str) -> html.Div:
    """Each type's symbol, label and how many are in view; the cluster symbol; synthetic records said so."""
    if len(clusters):
        counts = {code: int(clusters[f"count_{code}"].sum()) for code, *_ in styles if f"count_{code}" in clusters}
        synthetic = int(clusters["synthetic_count"].sum())
    else:
        counts = {k: int(v) for k, v in points["type"].value_counts().items()}
        synthetic = int(points["synthetic"].sum()) if len(points) else 0
    rows = [
        html.Li(
            [
                _symbol_img(symbol_svg(shape, color)),
                label,
                html.Span(f" ({counts.get(code, 0):,})", className="text-muted"),
            ]
        )
        for code, label, color, shape in styles
        if chosen is None or code in chosen
    ]
    if len(clusters):
        rows.append(html.Li([_symbol_img(cluster_svg()), t("facility.legend_cluster", lang)]))
    return html.Div(
        [
            html.Div(t("facility.layer_title", lang, date=format_date(on_date, lang)), className="fw-bold"),
            html.Ul(rows, className="list-unstyled mb-0"),
            None if counts or len(clusters) else html.Div(t("facility.legend_none", lang), className="text-muted"),
            html.Div("⚠ " + t("facility.legend_synthetic", lang, n=f"{synthetic:,}"), className="text-danger fw-bold")
            if synthetic
            else None,
        ]
    )


def _symbol_img(svg: str) -> html.Img:
    return html.Img(
        src="data:image/svg+xml;charset=utf-8," + quote(svg), alt="", width=22, height=22, className="me-1 align-middle"
    )
