"""The facility layer of the coverage page: type and status filters, a legend, and the facilities in view (one by one
or grouped on the server), patched into the map's facility traces after every redraw, pan or zoom."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, quote

from dash import Input, Output, Patch, State, dcc, html, no_update

from dashboard.i18n import format_date, t
from data.coverage_query import parse_coverage_query
from data.facility_layer import empty_clusters, empty_points, facility_markers
from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from layers.coverage_map import COUNTS, fit_view
from layers.facilities import circles_per_marker, cluster_svg, facility_traces, symbol_svg, viewport_from_relayout

FACILITY_CONTROLS, FACILITY_TYPES_PICK, FACILITY_STATUS_PICK = "facility-controls", "facility-types", "facility-status"
FACILITY_LEGEND, VIEWPORT = "facility-legend", "coverage-map-viewport"
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

    def pick(key, id_, options, value):
        return html.Fieldset(
            [  # noqa: E731
                html.Legend(t(key, lang), className="fs-6 fw-bold mb-0"),
                dcc.Checklist(id=id_, inline=True, labelClassName="me-3", options=options, value=value),
            ]
        )

    return html.Div(
        id=FACILITY_CONTROLS,
        hidden=True,
        children=html.Div(  # hidden outside: d-flex would override it
            className="small d-flex flex-wrap column-gap-4 py-1",
            children=[
                pick("facility.types", FACILITY_TYPES_PICK, types, [o["value"] for o in types]),
                pick("facility.statuses", FACILITY_STATUS_PICK, statuses, list(DEFAULT_STATUSES)),
            ],
        ),
    )


def register_facility_callbacks(app, state) -> None:
    """The facility layer: only the facilities in view, at most CIRCLE_BUDGET circles, patched in place."""
    from dashboard.pages.coverage import LANG, LAYERS, MAP, MAP_KEY, VIEW

    @app.callback(
        Output(VIEWPORT, "data"),
        Input(MAP, "relayoutData"),
        State(MAP_KEY, "data"),
        prevent_initial_call=True,
    )
    def remember_viewport(relayout, map_key):
        """Where the map is after a pan or zoom, and on which geometry (a new one is fitted anew)."""
        viewport = viewport_from_relayout(relayout)
        return no_update if viewport is None else {**viewport, "revision": revision(map_key)}

    @app.callback(
        Output(MAP, "figure", allow_duplicate=True),
        Output(FACILITY_LEGEND, "children"),
        Input(MAP_KEY, "data"),
        Input(VIEWPORT, "data"),
        Input(FACILITY_TYPES_PICK, "value"),
        Input(FACILITY_STATUS_PICK, "value"),
        State(VIEW, "data"),
        State(LAYERS, "value"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def facility_layer(map_key, viewport, types, statuses, view, layers, lang):
        """The facilities in view and open on the page's date (none chosen: today), one by one or grouped."""
        if "facilities" not in (layers or []):
            return no_update, None
        lang = lang or "th"
        query, _, _ = parse_coverage_query(dict(parse_qsl(view or "")), state.registry)
        on_date, styles = query.as_of or dt.date.today(), facility_types(lang)
        points, clusters = empty_points(), empty_clusters()
        if types != [] and statuses != []:  # None: not yet chosen, all
            bbox, zoom = _facility_view(state, query, viewport, map_key)
            with state.engine.connect() as conn:
                points, clusters = facility_markers(
                    conn,
                    types=types or (),
                    statuses=statuses or DEFAULT_STATUSES,
                    on_date=on_date,
                    bbox=bbox,
                    zoom=zoom,
                    max_markers=CIRCLE_BUDGET // circles_per_marker(styles),
                    lang=lang,
                )
        patch = Patch()
        traces = facility_traces(points, clusters, styles, facility_labels(lang), lambda d: format_date(d, lang))
        for i, trace in enumerate(traces):
            patch["data"][FIRST_FACILITY_TRACE + i] = trace.to_plotly_json()
        return patch, _facility_legend(points, clusters, styles, types, on_date, lang)

    @app.callback(
        Output(FACILITY_CONTROLS, "hidden"),
        Output(FACILITY_LEGEND, "hidden"),
        Input(LAYERS, "value"),
    )
    def facility_controls_shown(layers):
        hidden = "facilities" not in (layers or [])
        return hidden, hidden


def facility_types(lang: str) -> list[tuple[str, str, str, str]]:
    return [(e.code, e.label(lang), e.color, e.symbol) for e in FACILITY_TYPES]


def facility_labels(lang: str) -> dict[str, str]:
    keys = ("beds", "beds_available", "hours", "phone", "valid", "synthetic", "cluster", "cluster_synthetic", "zoom_in")
    return {k: t(f"facility.{k}", lang) for k in keys}


def revision(map_key: str | None) -> str:
    """The geometry part (level|area) of the map key: the figure's uirevision."""
    return "|".join((map_key or "").split("|")[:2])


def _facility_view(state, query, viewport, map_key) -> tuple[tuple, float]:
    """(bbox, zoom): the map's own after a pan or zoom on this geometry; else the area the figure was fitted to."""
    if viewport and viewport.get("revision") == revision(map_key):
        return tuple(viewport["bbox"]), float(viewport["zoom"])
    min_lon, min_lat, max_lon, max_lat = bounds = state.registry.bounds(query.area or "TH")
    pad_lon, pad_lat = (max_lon - min_lon) * 0.15, (max_lat - min_lat) * 0.15
    return (min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon, max_lat + pad_lat), fit_view(bounds)["zoom"]


def _symbol_img(svg: str) -> html.Img:
    return html.Img(
        src="data:image/svg+xml;charset=utf-8," + quote(svg), alt="", width=22, height=22, className="me-1 align-middle"
    )


def _facility_legend(points, clusters, styles, chosen, on_date, lang: str) -> html.Div:
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
