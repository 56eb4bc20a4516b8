"""The coverage page's tree: the controls, the date slider, the map with its legends and layers, the charts, the
table. The controls start at the link's view; the report dates come from the data (once per data version)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl

from dash import dash_table, dcc, html

from dashboard.components import GRAPH_CONFIG
from dashboard.i18n import format_date, t
from dashboard.pages.coverage.choice import opening
from dashboard.pages.coverage.ids import (
    CLASSIFY,
    COMPARE,
    CONTROLS,
    CONTROLS_TOGGLE,
    COPY_LINK,
    CRUMBS,
    DATE,
    DATE_TEXT,
    DENOMINATOR,
    DOSE,
    EXPORTS,
    FACILITY_LEGEND,
    FTYPE,
    GROUP,
    GROUPS,
    HEADLINE,
    HIGHLIGHT_STORE,
    LAYERS,
    LEGEND,
    LEVEL,
    MAP,
    MAP_KEY,
    MEASURE_LINE,
    MESSAGE,
    METRIC,
    PLAY,
    PRINT_HTML,
    PRINT_TABLE,
    RANKING,
    SUMMARY,
    TABLE,
    TICK,
    TITLE,
    TITLE_SINK,
    TREND,
    VIEW,
    VIEWPORT,
    wrap,
)
from dashboard.pages.coverage.url import date_index, previous_report
from dashboard.pages.coverage.view import marks, problem_alert, table_column
from dashboard.pages.coverage.view_dates import compare_options, compare_range, over_dates, range_bounds
from dashboard.pages.coverage.view_facilities import facility_controls
from dashboard.state import current
from dashboard.ui.controls import dropdown
from data.coverage_query import parse_coverage_query, query_string
from data.disclosure import audience_for
from data.metrics import DENOMINATORS, LEVELS, METRICS
from data.registries import CLASSIFICATION_METHODS, FACILITY_TYPES, TARGET_GROUPS

CONTROLS_CLASS = "coverage-controls controls d-flex flex-wrap gap-3 align-items-end px-2 py-1"
TABLE_COLUMNS = ("name", "value", "vaccinated", "population", "as_of", "note_text")
MAP_CONFIG = {
    **GRAPH_CONFIG,
    "scrollZoom": True,
    "toImageButtonOptions": {"format": "png", "filename": "jitasa-coverage-map", "scale": 2},
}


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/") -> html.Div:
    state = current()
    args = dict(parse_qsl((search or "").lstrip("?")))
    query, method, problems = parse_coverage_query(args, state.registry)
    if "metric" not in args and not problems:  # no measure chosen: the first that answers here (data/measures.py)
        query = opening(query, audience_for(user, state.settings.suppression_threshold))
    with state.engine.connect() as conn:
        dates = state.metrics.coverage_dates(conn, query.group, query.dose)
        reach, total = state.metrics.date_reach(conn, state.registry, query)
    # "change" compares by default with the report before the one shown that a map colours
    earlier = query.compare or previous_report([d for d, n in zip(dates, reach) if n], query.as_of)
    controls = query.with_(compare=earlier)
    # the view of "change" names its comparison, the one the controls show: when the controls settle on mount they
    # find the view they were drawn from, and a link's problem (a comparison on or after the date shown) stays said
    shown = controls if query.metric == "change" else query
    return html.Div(
        className="coverage-page",
        children=[
            dcc.Store(id=VIEW, data=query_string(shown, method)),
            dcc.Store(id=TITLE),
            dcc.Store(id=PRINT_HTML),
            html.Span(id=TITLE_SINK, hidden=True),
            dcc.Store(id=MAP_KEY),
            dcc.Store(id=HIGHLIGHT_STORE),
            dcc.Store(id=VIEWPORT),
            dcc.Interval(id=TICK, interval=1200, disabled=True),
            html.Div(
                className="d-flex flex-wrap align-items-baseline gap-3 px-2 pt-2",
                children=[
                    html.H1(t("map.title", lang), className="h4 mb-0"),
                    html.Nav(id=CRUMBS, **{"aria-label": "breadcrumb"}),
                ],
            ),
            html.Div(
                id=MESSAGE, role="alert", className="px-2", children=problem_alert(problems, lang) if problems else None
            ),
            _controls_toggle(lang),
            _controls(controls, method, dates, compare_options(dates, reach, total, lang, query.as_of), lang),
            _date_slider(dates, controls, lang),
            html.Div(id=HEADLINE, className="px-2 pt-2", **{"aria-live": "polite"}),
            html.Div(id=MEASURE_LINE, className="px-2", **{"aria-live": "polite"}),
            html.Div(id=SUMMARY, className="coverage-summary px-2 pt-2 small", **{"aria-live": "polite"}),
            html.Div(
                className="coverage-main row g-2 mx-0",
                children=[
                    html.Div(className="col-lg-8", children=_map_column(lang)),
                    html.Div(
                        className="col-lg-4",
                        children=[
                            dcc.Graph(id=TREND, config=GRAPH_CONFIG),
                            dcc.Graph(id=GROUPS, config=GRAPH_CONFIG),
                            html.Div(dcc.Graph(id=RANKING, config=GRAPH_CONFIG), className="ranking-box"),
                        ],
                    ),
                ],
            ),
            html.Div(className="coverage-table-box px-2 pb-3 screen-only", children=_table(lang)),
            html.Div(id=PRINT_TABLE, className="print-only px-2"),
        ],
    )


def _controls(query, method: str, dates: list[dt.date], compare_choices: list[dict], lang: str) -> html.Div:
    option = lambda value, key: {"label": t(key, lang), "value": value}  # noqa: E731
    compare = query.compare.isoformat() if query.compare else None
    controls = [
        (
            METRIC,
            "control.metric",
            _dropdown(lang, METRIC, query.metric, [option(m, f"metric.{m}") for m in METRICS], 15),
        ),
        (GROUP, "map.group", _dropdown(lang, GROUP, query.group, [_entry(g, lang) for g in TARGET_GROUPS], 15)),
        (DOSE, "map.dose", _radios(DOSE, query.dose, [{"label": f" {n}", "value": n} for n in (1, 2, 3)])),
        (
            DENOMINATOR,
            "control.denominator",
            _radios(DENOMINATOR, query.denominator, [option(d, f"denominator.{d}") for d in DENOMINATORS]),
        ),
        (
            LEVEL,
            "control.level",
            _radios(LEVEL, query.level, [option(v, f"level.{v}") for v in LEVELS]),
        ),
        (
            CLASSIFY,
            "control.classify",
            _dropdown(lang, CLASSIFY, method, [option(m, f"classify.{m}") for m in CLASSIFICATION_METHODS], 11),
        ),
        (
            FTYPE,
            "control.ftype",
            _dropdown(lang, FTYPE, query.facility_type, [_entry(f, lang) for f in FACILITY_TYPES], 12),
        ),
        (COMPARE, "control.compare", _dropdown(lang, COMPARE, compare, compare_choices, 10)),
    ]
    return html.Div(
        id=CONTROLS,
        className=CONTROLS_CLASS,
        children=[
            html.Div([html.Label(t(label, lang), className="form-label small mb-0"), control], id=wrap(control_id))
            for control_id, label, control in controls
        ],
    )


def _controls_toggle(lang: str) -> html.Button:
    """On a phone the controls are a drawer under this button (app.css hides it on wider screens)."""
    return html.Button(
        "☰ " + t("control.open", lang),
        id=CONTROLS_TOGGLE,
        n_clicks=0,
        className="btn btn-outline-primary coverage-controls-toggle mx-2 my-1",
        **{"aria-controls": CONTROLS, "aria-expanded": "false"},
    )


def _dropdown(lang: str, element_id: str, value, options: list[dict], min_width_rem: int) -> dcc.Dropdown:
    return dropdown(
        lang, id=element_id, clearable=False, value=value, style={"minWidth": f"{min_width_rem}rem"}, options=options
    )


def _radios(element_id: str, value, options: list[dict]) -> dcc.RadioItems:
    return dcc.RadioItems(id=element_id, value=value, inline=True, labelClassName="me-2", options=options)


def _entry(entry, lang: str) -> dict:
    """A registry entry (a target group, a facility type) as an option."""
    return {"label": entry.label(lang), "value": entry.code}


def _date_slider(dates: list[dt.date], query, lang: str) -> html.Div:
    """The date slider with its play button; for "change between two dates", a two-handle range in its place."""
    play, index = t("control.play", lang), date_index(dates, query.as_of)
    bounds = range_bounds(dates, query.compare.isoformat() if query.compare else None, index)
    labels = marks(dates, lang)
    slider = dcc.Slider(id=DATE, value=index, disabled=not dates, **over_dates(dates, labels))
    single = html.Div(
        id=wrap(DATE),
        hidden=query.metric == "change",
        className="date-part",
        children=[
            html.Button(
                "▶",
                id=PLAY,
                n_clicks=0,
                className="btn btn-outline-secondary btn-sm",
                title=play,
                **{"aria-label": play},
            ),
            html.Div(slider, className="flex-grow-1 date-slider ps-3 pe-5", title=t("map.date", lang)),
            html.Output(format_date(dates[index], lang) if dates else "", id=DATE_TEXT, className="date-now small"),
        ],
    )
    double = compare_range(dates, bounds, labels, lang)
    double.hidden = query.metric != "change"
    return html.Div(className="coverage-date d-flex align-items-center gap-2 px-2", children=[single, double])


def _map_column(lang: str) -> list:
    layers = [
        ("districts", "map.layer.districts"),
        ("counts", "map.layer.counts"),
        ("facilities", "map.layer.facilities"),
    ]
    facility_legend = html.Div(
        id=FACILITY_LEGEND,
        className="map-legend small",
        hidden=True,
        **{"aria-live": "polite"},
        style={"left": "auto", "right": ".5rem", "bottom": "1.6rem"},
    )
    return [
        html.Div(
            className="coverage-map-box position-relative",
            children=[
                dcc.Graph(id=MAP, className="coverage-map", config=MAP_CONFIG),
                html.Div(id=LEGEND, className="map-legend small"),
                facility_legend,
            ],
        ),
        dcc.Checklist(
            id=LAYERS,
            inline=True,
            labelClassName="me-3",
            className="small",
            value=["districts"],
            options=[{"label": " " + t(key, lang), "value": value} for value, key in layers],
        ),
        facility_controls(lang),
        html.Div(
            className="d-flex flex-wrap align-items-baseline gap-2 small py-1 no-print",
            children=[
                html.Div(id=EXPORTS),
                html.Span(
                    [dcc.Clipboard(id=COPY_LINK, className="d-inline-block"), " " + t("export.copy_link", lang)],
                    className="copy-link",
                    title=t("export.copy_link", lang),
                ),
            ],
        ),
    ]


def _table(lang: str) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=TABLE,
        sort_action="native",
        page_size=20,
        style_table={"overflowX": "auto"},
        style_cell={"fontFamily": "inherit", "fontSize": "0.85rem", "textAlign": "left"},
        style_cell_conditional=[{"if": {"column_type": "numeric"}, "textAlign": "right"}],  # numbers line up
        markdown_options={"link_target": "_self"},
        columns=[table_column(c, lang) for c in TABLE_COLUMNS],
    )
