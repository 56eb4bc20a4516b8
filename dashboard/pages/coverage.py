"""The landing page: coverage maps for governors and analysts.

The view lives in the URL (level, province, metric, group, dose, date, comparison date, denominator,
classification), so a copied link reproduces it. One store (VIEW) holds that query string; controls, map clicks and
the breadcrumb write it; everything on the page is drawn from it. A filter change patches the map in place.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl

from dash import ALL, Input, Output, Patch, State, ctx, dash_table, dcc, html, no_update

from dashboard.components import GRAPH_CONFIG
from dashboard.i18n import format_date, legend_number, notes, t
from dashboard.pages.coverage_facilities import (  # the facility layer of this page
    FACILITY_LEGEND,
    VIEWPORT,
    facility_controls,
    facility_labels,
    facility_types,
    register_facility_callbacks,
    revision,
)
from data.coverage_query import parse_coverage_query, query_string
from data.facility_layer import empty_clusters, empty_points
from data.registries import FACILITY_TYPES, TARGET_GROUPS
from data.views import coverage_series, coverage_views
from layers.charts import highlight_widths, ranking_figure, trend_figure
from layers.classify import classify, legend_rows
from layers.coverage_map import COUNTS, HIGHLIGHT, MAIN, choropleth_update, counts_trace, coverage_figure, fit_view
from layers.facilities import facility_traces
from layers.text import annotate

PATH = "/"
LANG = "lang-store"
URL = "url"
VIEW = "coverage-view"
MAP_KEY = "coverage-map-key"
MAP = "coverage-map"
METRIC, GROUP, DOSE, DENOMINATOR, CLASSIFY, LEVEL = "metric", "group", "dose", "denominator", "classify", "level"
FTYPE, DATE, COMPARE, PLAY, TICK = "ftype", "date-slider", "compare", "play", "play-tick"
LAYERS = "coverage-layers"
LEGEND, SUMMARY, MESSAGE, CRUMBS = "coverage-legend", "coverage-summary", "coverage-message", "coverage-crumbs"
RANKING, TREND, GROUPS, TABLE = "coverage-ranking", "coverage-trend", "coverage-groups", "coverage-table"
HIGHLIGHT_STORE = "coverage-highlight"
EXPORTS = "coverage-exports"
CRUMB = "crumb"


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "") -> html.Div:
    args = dict(parse_qsl((search or "").lstrip("?")))
    query, method, problems = parse_coverage_query(args, state.registry)
    with state.engine.connect() as conn:
        dates = state.metrics.coverage_dates(conn, query.group, query.dose)
    slider_max, slider_value = max(len(dates) - 1, 0), _date_index(dates, query.as_of)
    option = lambda value, key: {"label": t(key, lang), "value": value}  # noqa: E731
    return html.Div(
        [
            dcc.Store(id=VIEW, data=query_string(query, method)),
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
                id=MESSAGE,
                role="alert",
                className="px-2",
                children=_problem_alert(problems, lang) if problems else None,
            ),
            html.Div(
                className="controls d-flex flex-wrap gap-3 align-items-end px-2 py-1",
                children=[
                    _control(
                        t("control.metric", lang),
                        dcc.Dropdown(
                            id=METRIC,
                            clearable=False,
                            value=query.metric,
                            style={"minWidth": "15rem"},
                            options=[
                                option(m, f"metric.{m}")
                                for m in ("coverage", "change", "unvaccinated_per_1000", "facilities_per_100k")
                            ],
                        ),
                    ),
                    _control(
                        t("map.group", lang),
                        dcc.Dropdown(
                            id=GROUP,
                            clearable=False,
                            value=query.group,
                            style={"minWidth": "15rem"},
                            options=[{"label": g.label(lang), "value": g.code} for g in TARGET_GROUPS],
                        ),
                    ),
                    _control(
                        t("map.dose", lang),
                        dcc.RadioItems(
                            id=DOSE,
                            value=query.dose,
                            inline=True,
                            labelClassName="me-2",
                            options=[{"label": f" {n}", "value": n} for n in (1, 2, 3)],
                        ),
                    ),
                    _control(
                        t("control.denominator", lang),
                        dcc.RadioItems(
                            id=DENOMINATOR,
                            value=query.denominator,
                            inline=True,
                            labelClassName="me-2",
                            options=[option("moph", "denominator.moph"), option("dopa", "denominator.dopa")],
                        ),
                    ),
                    _control(
                        t("control.level", lang),
                        dcc.RadioItems(
                            id=LEVEL,
                            value=query.level,
                            inline=True,
                            labelClassName="me-2",
                            options=[option("province", "level.province"), option("district", "level.district")],
                        ),
                    ),
                    _control(
                        t("control.classify", lang),
                        dcc.Dropdown(
                            id=CLASSIFY,
                            clearable=False,
                            value=method,
                            style={"minWidth": "11rem"},
                            options=[
                                option(m, f"classify.{m}") for m in ("quantiles", "equal_interval", "natural_breaks")
                            ],
                        ),
                    ),
                    _control(
                        t("control.ftype", lang),
                        dcc.Dropdown(
                            id=FTYPE,
                            clearable=False,
                            value=query.facility_type,
                            style={"minWidth": "12rem"},
                            options=[{"label": f.label(lang), "value": f.code} for f in FACILITY_TYPES],
                        ),
                    ),
                    _control(
                        t("control.compare", lang),
                        dcc.Dropdown(
                            id=COMPARE,
                            clearable=False,
                            style={"minWidth": "10rem"},
                            value=query.compare.isoformat()
                            if query.compare
                            else (dates[0].isoformat() if dates else None),
                            options=[{"label": format_date(d, lang), "value": d.isoformat()} for d in dates],
                        ),
                    ),
                ],
            ),
            html.Div(
                className="d-flex align-items-center gap-2 px-2",
                children=[
                    html.Button(
                        "▶",
                        id=PLAY,
                        n_clicks=0,
                        className="btn btn-outline-secondary btn-sm",
                        title=t("control.play", lang),
                        **{"aria-label": t("control.play", lang)},
                    ),
                    html.Div(
                        dcc.Slider(
                            id=DATE,
                            min=0,
                            max=slider_max,
                            step=1,
                            value=slider_value,
                            marks=_marks(dates, lang),
                            updatemode="mouseup",
                            allow_direct_input=False,
                        ),
                        className="flex-grow-1 date-slider ps-3 pe-5",
                        title=t("map.date", lang),
                    ),
                ],
            ),
            html.Div(id=SUMMARY, className="px-2 pt-3 small", **{"aria-live": "polite"}),
            html.Div(
                className="row g-2 mx-0",
                children=[
                    html.Div(
                        className="col-lg-8",
                        children=[
                            html.Div(
                                className="position-relative",
                                children=[
                                    dcc.Graph(
                                        id=MAP,
                                        className="coverage-map",
                                        config={
                                            **GRAPH_CONFIG,
                                            "scrollZoom": True,
                                            "toImageButtonOptions": {
                                                "format": "png",
                                                "filename": "jitasa-coverage-map",
                                                "scale": 2,
                                            },
                                        },
                                    ),
                                    html.Div(id=LEGEND, className="map-legend small"),
                                    html.Div(
                                        id=FACILITY_LEGEND,
                                        className="map-legend small",
                                        hidden=True,
                                        **{"aria-live": "polite"},
                                        style={"left": "auto", "right": ".5rem", "bottom": "1.6rem"},
                                    ),
                                ],
                            ),
                            dcc.Checklist(
                                id=LAYERS,
                                inline=True,
                                labelClassName="me-3",
                                className="small",
                                value=["districts"],
                                options=[
                                    {"label": " " + t("map.layer.districts", lang), "value": "districts"},
                                    {"label": " " + t("map.layer.counts", lang), "value": "counts"},
                                    {"label": " " + t("map.layer.facilities", lang), "value": "facilities"},
                                ],
                            ),
                            facility_controls(lang),
                            html.Div(id=EXPORTS, className="small py-1"),
                        ],
                    ),
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
            html.Div(
                className="px-2 pb-3",
                children=dash_table.DataTable(
                    id=TABLE,
                    sort_action="native",
                    page_size=20,
                    style_table={"overflowX": "auto"},
                    style_cell={"fontFamily": "inherit", "fontSize": "0.85rem", "textAlign": "left"},
                    columns=[
                        _table_column(c, lang)
                        for c in ("name", "value", "vaccinated", "population", "as_of", "note_text")
                    ],
                ),
            ),
        ]
    )


def _control(label: str, component) -> html.Div:
    return html.Div([html.Label(label, className="form-label small mb-0"), component], id=f"wrap-{component.id}")


def _marks(dates: list[dt.date], lang: str) -> dict:
    if not dates:
        return {}
    step = max(1, len(dates) // 6)
    last = len(dates) - 1  # always labelled: the newest report; a regular mark too close to it would overlap its label
    keep = {i for i in range(0, len(dates), step) if i == 0 or last - i >= step / 2} | {last}
    return {i: {"label": format_date(d, lang)} for i, d in enumerate(dates) if i in keep}


def _date_index(dates: list[dt.date], as_of: dt.date | None) -> int:
    if not dates:
        return 0
    if as_of is None:
        return len(dates) - 1
    before = [i for i, d in enumerate(dates) if d <= as_of]
    return before[-1] if before else 0


def _problem_alert(problems, lang: str) -> html.Div:
    return html.Div(
        [html.Div(p.message_th if lang == "th" else p.message_en) for p in problems],
        className="alert alert-warning py-1 my-1",
    )


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:  # noqa: C901 (one page, several small callbacks)
    @app.callback(
        Output(DATE, "max"),
        Output(DATE, "marks"),
        Output(DATE, "value"),
        Output(COMPARE, "options"),
        Input(GROUP, "value"),
        Input(DOSE, "value"),
        State(VIEW, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def dates_for_group(group, dose, view, lang):
        """The slider steps through the dates that have a report for this group and dose; it keeps the date shown
        when the new group has a report on or before it."""
        lang = lang or "th"
        current = dict(parse_qsl(view or "")).get("as_of")
        with state.engine.connect() as conn:
            dates = state.metrics.coverage_dates(conn, group if group in TARGET_GROUPS else "all", int(dose or 1))
        index = _date_index(dates, dt.date.fromisoformat(current) if current else None)
        options = [{"label": format_date(d, lang), "value": d.isoformat()} for d in dates]
        return max(len(dates) - 1, 0), _marks(dates, lang), index, options

    @app.callback(
        Output(VIEW, "data"),
        Output(URL, "search"),
        Output(MESSAGE, "children"),
        Input(METRIC, "value"),
        Input(GROUP, "value"),
        Input(DOSE, "value"),
        Input(DENOMINATOR, "value"),
        Input(LEVEL, "value"),
        Input(CLASSIFY, "value"),
        Input(FTYPE, "value"),
        Input(DATE, "value"),
        Input(COMPARE, "value"),
        Input(MAP, "clickData"),
        Input({"type": CRUMB, "code": ALL}, "n_clicks"),
        State(VIEW, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def update_view(metric, group, dose, denominator, level, method, ftype, index, compare, click, _crumbs, view, lang):
        """Controls, a click on a province and the breadcrumb all write the one view (and the URL)."""
        lang = lang or "th"
        args = dict(parse_qsl(view or ""))
        args.update(metric=metric, group=group, dose=str(dose), denominator=denominator, classify=method, ftype=ftype)
        with state.engine.connect() as conn:
            dates = state.metrics.coverage_dates(conn, group if group in TARGET_GROUPS else "all", int(dose or 1))
        args["as_of"] = dates[min(index or 0, len(dates) - 1)].isoformat() if dates else ""
        args["compare"] = (compare or "") if metric == "change" else ""
        trigger = ctx.triggered_id
        if trigger == MAP and click and not args.get("province"):
            code = click["points"][0].get("location")
            if code and len(code) == 2:
                args["province"] = code
        elif isinstance(trigger, dict) and trigger.get("type") == CRUMB and not ctx.triggered[0]["value"]:
            return no_update, no_update, no_update  # a breadcrumb being drawn, not clicked
        elif isinstance(trigger, dict) and trigger.get("type") == CRUMB:
            args.pop("province", None)
            if trigger["code"] != "TH":
                args["province"] = trigger["code"]
        elif trigger == LEVEL:
            args.pop("province", None)
            args["level"] = level
        query, method, problems = parse_coverage_query({k: v for k, v in args.items() if v}, state.registry)
        if problems:  # keep the last good view and say what was wrong
            return no_update, no_update, _problem_alert(problems, lang)
        text = query_string(query, method)
        old_query, old_method, _ = parse_coverage_query(dict(parse_qsl(view or "")), state.registry)
        if old_query.as_of is None and dates:  # "latest" in a link is the latest date
            old_query = old_query.with_(as_of=dates[-1])
        if (old_query, old_method) == (query, method):  # e.g. a slider settling on mount: nothing changed
            return no_update, no_update, no_update
        return text, "?" + text if text else "", None

    @app.callback(
        Output(MAP, "figure"),
        Output(MAP_KEY, "data"),
        Output(LEGEND, "children"),
        Output(SUMMARY, "children"),
        Output(RANKING, "figure"),
        Output(GROUPS, "figure"),
        Output(TABLE, "data"),
        Output(EXPORTS, "children"),
        Output(CRUMBS, "children"),
        Output(VIEWPORT, "data", allow_duplicate=True),
        Input(VIEW, "data"),
        Input(LAYERS, "value"),
        Input(LANG, "data"),
        State(MAP_KEY, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def draw(view, layers, lang, map_key):
        # the same for everyone who asks the same (no user in it): drawn once per data version
        key = ("draw", view, tuple(layers or ()), lang, map_key)
        with state.engine.connect() as conn:
            return state.metrics.memo(conn, key, lambda: _draw(view, layers, lang, map_key))

    def _draw(view, layers, lang, map_key):
        lang = lang or "th"
        query, method, _ = parse_coverage_query(dict(parse_qsl(view or "")), state.registry)
        layers = layers or []
        with state.engine.connect() as conn:
            frame = state.metrics.frame(
                conn, state.registry, query.with_(suppress_below=state.settings.suppression_threshold)
            )
            views = coverage_views(conn, state.registry, query, frame, lang, state.metrics.group_breakdown)
            synthetic = state.metrics.synthetic_share(conn, query)
        frame = annotate(frame, query.metric, lang, notes(lang), lambda d: format_date(d, lang))
        classes = classify(frame["value"], method)
        key = f"{query.level}|{query.area}|{'+'.join(sorted(layers))}|{lang}"
        if key == map_key:
            figure = Patch()
            for name, value in choropleth_update(frame, classes).items():
                figure["data"][MAIN][name] = value
            if "counts" in layers:
                figure["data"][COUNTS] = counts_trace(views["points"]).to_plotly_json()
        else:
            figure = _full_figure(state, query, frame, classes, views, layers, lang)
        viewport = None if revision(key) != revision(map_key) else no_update  # a new geometry is fitted anew
        return (
            figure,
            key,
            _legend(classes, query, lang, synthetic),
            _summary(frame, query, lang, synthetic),
            ranking_figure(frame, classes, t("chart.ranking", lang)),
            _groups_figure(views, lang),
            _table_rows(frame),
            _export_links(query, method, lang) if frame["value"].notna().any() else t("export.nothing", lang),
            _breadcrumb(state, query, lang),
            viewport,
        )

    @app.callback(
        Output(HIGHLIGHT_STORE, "data"),
        Input(MAP, "hoverData"),
        Input(RANKING, "hoverData"),
        Input(TABLE, "active_cell"),
        State(TABLE, "derived_viewport_data"),
        prevent_initial_call=True,
    )
    def pick(map_hover, ranking_hover, cell, rows):
        """Hovering an area in the map, the ranking or the table highlights it in the others."""
        if ctx.triggered_id == MAP and map_hover:
            return map_hover["points"][0].get("location")
        if ctx.triggered_id == RANKING and ranking_hover:
            return ranking_hover["points"][0].get("customdata")
        if ctx.triggered_id == TABLE and cell and rows:
            return rows[cell["row"]].get("code")
        return no_update

    @app.callback(
        Output(MAP, "figure", allow_duplicate=True),
        Output(RANKING, "figure", allow_duplicate=True),
        Input(HIGHLIGHT_STORE, "data"),
        State(RANKING, "figure"),
        prevent_initial_call=True,
    )
    def highlight(code, ranking):
        map_patch, ranking_patch = Patch(), Patch()
        map_patch["data"][HIGHLIGHT]["locations"] = [code] if code else []
        map_patch["data"][HIGHLIGHT]["z"] = [0] if code else []
        codes = (ranking or {}).get("data", [{}])[0].get("customdata") or []
        ranking_patch["data"][0]["marker"]["line"]["width"] = highlight_widths(codes, code)
        return map_patch, ranking_patch

    @app.callback(
        Output(TREND, "figure"),
        Input(HIGHLIGHT_STORE, "data"),
        Input(VIEW, "data"),
        Input(LANG, "data"),
    )
    def trend(code, view, lang):
        lang = lang or "th"
        query, _, _ = parse_coverage_query(dict(parse_qsl(view or "")), state.registry)
        with state.engine.connect() as conn:
            series = coverage_series(conn, state.registry, query, code, lang)
        return trend_figure(series, t("chart.trend", lang), {})

    @app.callback(
        Output(TICK, "disabled"),
        Output(PLAY, "children"),
        Input(PLAY, "n_clicks"),
        State(TICK, "disabled"),
        prevent_initial_call=True,
    )
    def play(_clicks, disabled):
        return (False, "⏸") if disabled else (True, "▶")

    @app.callback(
        Output(DATE, "value", allow_duplicate=True),
        Input(TICK, "n_intervals"),
        State(DATE, "value"),
        State(DATE, "max"),
        prevent_initial_call=True,
    )
    def step(_n, index, maximum):
        return 0 if (index or 0) >= (maximum or 0) else (index or 0) + 1

    @app.callback(
        Output(f"wrap-{COMPARE}", "hidden"),
        Output(f"wrap-{FTYPE}", "hidden"),
        Output(f"wrap-{LEVEL}", "hidden"),
        Output(f"wrap-{DENOMINATOR}", "hidden"),
        Output(f"wrap-{DOSE}", "hidden"),
        Output(f"wrap-{GROUP}", "hidden"),
        Input(METRIC, "value"),
        Input(VIEW, "data"),
    )
    def relevant_controls(metric, view):
        """Only the controls that mean something for this measure and place."""
        drilled = "province" in dict(parse_qsl(view or ""))
        facilities = metric == "facilities_per_100k"
        return (
            metric != "change",
            not facilities,
            drilled,
            metric != "coverage",
            metric not in ("coverage", "change"),
            facilities,
        )

    register_facility_callbacks(app, state)


# -- drawing helpers: text and figures from ready frames -------------------------------------------------------------
def _labels(lang: str) -> dict[str, str]:
    return {"beds": t("facility.beds", lang), "synthetic": t("facility.synthetic", lang)}


def _full_figure(state, query, frame, classes, views, layers, lang):
    level_url = f"/api/v1/areas/{query.level}.geojson"
    if query.area:
        view = fit_view(state.registry.bounds(query.area))
        context = [c for c in state.registry.frame("province").index if c != query.area]
    else:
        view = fit_view(state.registry.bounds("TH"))
        context = None
    figure = coverage_figure(
        frame,
        classes,
        level_url,
        view,
        _labels(lang),
        context_url="/api/v1/areas/province.geojson" if context else None,
        context_codes=context,
        counts=views["points"] if "counts" in layers else None,
        tile_url=state.settings.tile_url,
        revision=f"{query.level}|{query.area}",
    )
    if "districts" in layers and query.level == "province":
        figure.layout.map.layers = [
            {
                "sourcetype": "geojson",
                "source": "/api/v1/areas/district.geojson",
                "type": "line",
                "color": "#8c8c8c",
                "line": {"width": 0.35},
            }
        ]
    if "facilities" in layers:  # empty, in place: the facility layer callback fills them for the view
        figure.add_traces(
            facility_traces(empty_points(), empty_clusters(), facility_types(lang), facility_labels(lang))
        )
    return figure


def _legend(classes, query, lang: str, synthetic: float = 0.0) -> html.Div:
    unit = t(f"unit.{query.metric}", lang)
    denominator = t(f"denominator.{query.denominator}", lang) if query.metric == "coverage" else ""
    title = t(f"metric.{query.metric}", lang)
    rows = []
    for row in legend_rows(classes, fmt=legend_number):
        label = row["label"] + unit if row["label"] else t("map.no_data", lang)
        rows.append(
            html.Li(
                [
                    html.Span(className="swatch", style={"background": row["color"]}),
                    html.Span(label),
                    html.Span(f" ({row['count']})", className="text-muted"),
                ]
            )
        )
    return html.Div(
        [
            html.Div(title, className="fw-bold"),
            html.Div(denominator, className="text-muted") if denominator else None,
            html.Ul(rows, className="list-unstyled mb-0"),
            html.Div("⚠ " + t("summary.synthetic", lang, pct=f"{synthetic:.0%}"), className="text-danger fw-bold")
            if synthetic
            else None,
        ]
    )


def _summary(frame, query, lang: str, synthetic: float = 0.0) -> str:
    text = _summary_text(frame, query, lang)
    return ("⚠ " + t("summary.synthetic", lang, pct=f"{synthetic:.0%}") + " · " + text) if synthetic else text


def _summary_text(frame, query, lang: str) -> str:
    from data.views import summarize_coverage

    if query.metric not in ("coverage", "change"):
        when = format_date(query.as_of, lang) if query.as_of else t("summary.latest", lang)
        return t("summary.rate", lang, n=int(frame["value"].notna().sum()), total=len(frame), date=when)
    counts = summarize_coverage(frame, query.as_of)
    label = TARGET_GROUPS[query.group].label(lang)
    if not counts["with_data"] and query.level == "district" and frame["province_pct"].notna().any():
        pct = frame["province_pct"].dropna().iloc[0] if query.area else None
        return t("summary.no_district", lang) + (
            " " + t("summary.province_figure", lang, pct=f"{pct:.1f}%") if pct is not None else ""
        )
    if not counts["with_data"]:
        return t("map.summary_none", lang, group=label, dose=query.dose)
    unit = t(f"level.{query.level}", lang)
    text = t(
        "summary.coverage",
        lang,
        n=counts["with_data"],
        unit=unit,
        date=format_date(counts["shown"], lang),
        dose=query.dose,
        group=label,
    )
    if counts["earlier"]:
        text += " · " + t("map.summary_earlier", lang, n=counts["earlier"])
    if counts["missing"]:
        text += " · " + t("summary.missing", lang, n=counts["missing"], unit=unit)
    return text + " · " + t("summary.source", lang)


def _groups_figure(views, lang: str):
    from layers.charts import group_figure

    groups = views["groups"].copy()
    # each group's own report date: the latest report with that group can be older than the map's
    groups["label"] = [f"{label} · {format_date(day, lang)}" for label, day in zip(groups["label"], groups["as_of"])]
    return group_figure(groups, t("chart.groups", lang))


def _table_column(column: str, lang: str) -> dict:
    """Numbers are numeric columns (they sort as numbers) shown with thousands separators."""
    spec = {"name": t("table.value_label" if column == "value" else f"table.{column}", lang), "id": column}
    if column in ("value", "vaccinated", "population"):
        spec.update(type="numeric", format={"specifier": ",.2f" if column == "value" else ",d"})
    return spec


def _table_rows(frame) -> list[dict]:
    columns = ["code", "name", "value", "vaccinated", "population", "as_of", "note_text"]
    rows = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
    for row in rows:
        row["as_of"] = str(row["as_of"]) if row["as_of"] else ""
        for key in ("vaccinated", "population"):
            row[key] = int(row[key]) if row[key] is not None else None
        row["value"] = float(row["value"]) if row["value"] is not None else None
    return rows


def _export_links(query, method, lang: str) -> list:
    base = query_string(query, method)
    if query.level == "district" and not query.area:
        base = (base + "&" if base else "") + "level=district"
    joiner = lambda path, extra="": f"{path}?{base}{('&' if base and extra else '')}{extra}"  # noqa: E731
    links = [
        (t("export.csv", lang), joiner("/api/v1/coverage", "format=csv")),
        (t("export.geojson", lang), joiner("/api/v1/coverage.geojson")),
        (t("export.html", lang), joiner("/api/v1/exports/coverage-map.html", f"lang={lang}")),
    ]
    items = [html.Span(t("export.title", lang) + ": ", className="fw-bold")]
    for label, href in links:
        items += [html.A(label, href=href, className="me-3", download="")]
    items.append(html.Span(t("export.png", lang), className="text-muted"))
    return items


def _breadcrumb(state, query, lang: str) -> html.Ol:
    name = "name_th" if lang == "th" else "name_en"
    crumbs = [
        html.Li(
            html.Button(
                t("crumb.country", lang), id={"type": CRUMB, "code": "TH"}, className="btn btn-link btn-sm p-0"
            ),
            className="breadcrumb-item",
        )
    ]
    if query.area:
        crumbs.append(
            html.Li(
                state.registry.get(query.area)[name], className="breadcrumb-item active", **{"aria-current": "page"}
            )
        )
    return html.Ol(crumbs, className="breadcrumb mb-0")
