"""The landing page: vaccination coverage by province on our own boundaries, with district borders and facilities."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html

from dashboard.i18n import format_date, t
from data.coverage import coverage_dates
from data.registries import FACILITY_TYPES, TARGET_GROUPS
from data.views import coverage_map_frame, facility_map_frame, summarize_coverage
from layers.choropleth import base_map_layout, choropleth_traces
from layers.facilities import facility_traces

PATH = "/"
MAP = "coverage-map"
DOSE = "coverage-dose"
GROUP = "coverage-group"
DATE = "coverage-date"
LAYERS = "coverage-layers"
SUMMARY = "coverage-summary"
LANG = "lang-store"


def layout(state, lang: str) -> html.Div:
    with state.engine.connect() as conn:
        dates = coverage_dates(conn, "all", 1)
    date_options = [{"label": format_date(d, lang), "value": d.isoformat()} for d in reversed(dates)]
    groups = [g for g in TARGET_GROUPS]
    controls = html.Div(
        className="controls d-flex flex-wrap gap-3 align-items-end p-2",
        children=[
            html.Div(
                [
                    html.Label(t("map.dose", lang), htmlFor=DOSE, className="form-label small mb-0"),
                    dcc.RadioItems(
                        id=DOSE,
                        options=[{"label": f" {n}", "value": n} for n in (1, 2, 3)],
                        value=1,
                        inline=True,
                        inputClassName="form-check-input",
                        labelClassName="me-2",
                    ),
                ]
            ),
            html.Div(
                [
                    html.Label(t("map.group", lang), htmlFor=GROUP, className="form-label small mb-0"),
                    dcc.Dropdown(
                        id=GROUP,
                        options=[{"label": g.label(lang), "value": g.code} for g in groups],
                        value="all",
                        clearable=False,
                        style={"minWidth": "16rem"},
                    ),
                ]
            ),
            html.Div(
                [
                    html.Label(t("map.date", lang), htmlFor=DATE, className="form-label small mb-0"),
                    dcc.Dropdown(
                        id=DATE,
                        options=date_options,
                        value=date_options[0]["value"] if date_options else None,
                        clearable=False,
                        style={"minWidth": "10rem"},
                    ),
                ]
            ),
            html.Div(
                [
                    html.Label(t("map.layers", lang), className="form-label small mb-0"),
                    dcc.Checklist(
                        id=LAYERS,
                        options=[
                            {"label": " " + t("map.layer.districts", lang), "value": "districts"},
                            {"label": " " + t("map.layer.facilities", lang), "value": "facilities"},
                        ],
                        value=["districts", "facilities"],
                        inline=True,
                        labelClassName="me-3",
                    ),
                ]
            ),
        ],
    )
    return html.Div(
        [
            html.H1(t("map.title", lang), className="h4 px-2 pt-2 mb-0"),
            controls,
            html.Div(id=SUMMARY, className="px-2 small", **{"aria-live": "polite"}),
            dcc.Graph(
                id=MAP,
                className="coverage-map",
                config={"displaylogo": False, "scrollZoom": True},
                figure=go.Figure(layout=base_map_layout({}, state.settings.tile_url)),
            ),
        ]
    )


def register_callbacks(app, state) -> None:
    @app.callback(
        Output(DATE, "options"),
        Output(DATE, "value"),
        Input(GROUP, "value"),
        Input(DOSE, "value"),
        State(DATE, "value"),
        State(LANG, "data"),
    )
    def dates_with_data(group, dose, current, lang):
        """Only the dates that have a report for this group and dose; keep the chosen one when it still has."""
        lang = lang or "th"
        with state.engine.connect() as conn:
            dates = coverage_dates(conn, group if group in TARGET_GROUPS else "all", int(dose or 1))
        options = [{"label": format_date(d, lang), "value": d.isoformat()} for d in reversed(dates)]
        values = [o["value"] for o in options]
        return options, (current if current in values else (values[0] if values else None))

    @app.callback(
        Output(MAP, "figure"),
        Output(SUMMARY, "children"),
        Input(DOSE, "value"),
        Input(GROUP, "value"),
        Input(DATE, "value"),
        Input(LAYERS, "value"),
        Input(LANG, "data"),
    )
    def update_map(dose, group, date_iso, layers, lang):
        lang = lang or "th"
        as_of = dt.date.fromisoformat(date_iso) if date_iso else None
        group = group if group in TARGET_GROUPS else "all"
        with state.engine.connect() as conn:
            frame = coverage_map_frame(conn, state.registry, "province", group, int(dose or 1), as_of, lang)
            facilities = facility_map_frame(conn, lang) if "facilities" in (layers or []) else None
        labels = _labels(lang)
        overlays = ("/api/v1/areas/district.geojson",) if "districts" in (layers or []) else ()
        figure = go.Figure(layout=base_map_layout(labels, state.settings.tile_url, overlays))
        figure.add_traces(
            choropleth_traces(frame, "/api/v1/areas/province.geojson", labels, lambda d: format_date(d, lang))
        )
        if facilities is not None:
            types = [(e.code, e.label(lang), e.color) for e in FACILITY_TYPES]
            figure.add_traces(facility_traces(facilities, types, labels))
        summary = _summary(frame, as_of, int(dose or 1), group, lang)
        if facilities is not None:
            summary += " · " + t("map.facilities_summary", lang, n=f"{len(facilities):,}")
        return figure, summary


def _summary(frame, as_of, dose: int, group: str, lang: str) -> str:
    """What the map shows, honestly: how many provinces have data, and how many use an earlier report."""
    counts = summarize_coverage(frame, as_of)
    label = TARGET_GROUPS[group].label(lang)
    if not counts["with_data"]:
        return t("map.summary_none", lang, group=label, dose=dose)
    text = t(
        "map.summary", lang, n=counts["with_data"], date=format_date(counts["shown"], lang), dose=dose, group=label
    )
    if counts["earlier"]:
        text += " · " + t("map.summary_earlier", lang, n=counts["earlier"])
    if counts["missing"]:
        text += " · " + t("map.summary_missing", lang, n=counts["missing"])
    return text


def _labels(lang: str) -> dict[str, str]:
    return {
        "coverage": t("map.coverage", lang),
        "coverage_axis": t("map.coverage", lang),
        "vaccinated": t("map.vaccinated", lang),
        "population": t("map.population", lang),
        "no_population": t("map.no_population", lang),
        "no_data": t("map.no_data", lang),
        "over_100": t("map.over_100", lang),
        "as_of": t("map.date", lang),
        "beds": t("facility.beds", lang),
        "synthetic": t("facility.synthetic", lang),
    }
