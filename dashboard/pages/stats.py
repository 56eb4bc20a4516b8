"""The statistics page: the reporting progress of every province, in place of the weekly Google Form reports.

The view lives in the URL (``?region=&measure=&sort=``, each only when not the default), so a copied link reproduces
it. One store (VIEW) holds those arguments; the region pills, the measure pills and the table's sort write it and the
URL; the headline figures, the map, the ranking, the table and the CSV link are drawn from it. The rows come from
``read_province_stats`` of dashboard/api_stats.py, the same as the API's, so the CSV link downloads what is shown.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlencode

import pandas as pd
from dash import Input, Output, State, dash_table, dcc, html, no_update

from dashboard.api_stats import read_province_stats, resolve_region
from dashboard.components import GRAPH_CONFIG
from dashboard.finder_query import today
from dashboard.i18n import format_date, normalize_lang, t
from data.finder import BANGKOK
from data.registries import FACILITY_TYPES
from data.stats import REGION_LABELS
from data.templates import thai_sort_key
from layers.coverage_map import fit_view
from layers.progress_map import (
    DEFAULT_MEASURE,
    MEASURES,
    legend_entries,
    measure_classes,
    measure_frame,
    progress_figure,
    progress_ranking,
    totals,
)

PATH = "/stats"
ROLE = None  # public: counts per province, no personal data
LANG, URL = "lang-store", "url"
VIEW = "stats-view"
REGION, MEASURE = "stats-region", "stats-measure"
MESSAGE, AS_OF, CARDS, SYNTHETIC = "stats-message", "stats-as-of", "stats-cards", "stats-synthetic"
MAP, LEGEND, RANKING, TABLE, TABLE_HINT, EXPORT = (
    "stats-map",
    "stats-legend",
    "stats-ranking",
    "stats-table",
    "stats-table-hint",
    "stats-export",
)
GEOJSON_URL = "/api/v1/areas/province.geojson"
FIT_SINK = "stats-fit-sink"
# Runs when the figure changes, once Plotly has drawn it: a new region (a new uirevision) is fitted to the map's real
# size (layout.meta.fit), a phone's as well as a wide screen's; another measure for the same region keeps the zoom.
FIT_SCRIPT = """function(figure) {
    const wanted = figure && figure.layout && figure.layout.uirevision;
    const fit = figure && figure.layout && figure.layout.meta && figure.layout.meta.fit;
    const attach = (tries) => {
        const gd = document.querySelector('#MAP_ID .js-plotly-plot');
        const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        const map = sub && sub.map;
        if (!map || gd.layout.uirevision !== wanted) {
            if (tries < 80) setTimeout(() => attach(tries + 1), 150);
            return;
        }
        if (map._jitasaFitted === wanted) return;
        map._jitasaFitted = wanted;
        // originalEvent: plotly takes the move as the reader's own, so it keeps it while the region is the same
        const doFit = () => map.fitBounds(fit, {padding: 12, animate: false}, {originalEvent: 'fit'});
        if (map.loaded()) doFit(); else map.once('idle', doFit);
    };
    if (fit) attach(0);
    return window.dash_clientside.no_update;
}""".replace("MAP_ID", MAP)
COUNT_COLUMNS = (
    "volunteers",
    "volunteers_active_7d",
    "surveys",
    "surveys_7d",
    "unvaccinated_found",
    "facilities",
    *(f"facilities_{f.code}" for f in FACILITY_TYPES),
)


# -- the view in the URL -------------------------------------------------------------------------------------------
def parse_view(args: dict) -> tuple[dict, list[tuple[str, str]]]:
    """region (a key or ""), measure, sort ("" or a column id, "-" in front for descending) and what was unusable."""
    problems = []
    region = resolve_region(args["region"]) if args.get("region") else ""
    if region is None:
        problems.append(("stats.bad_region", args["region"]))
        region = ""
    measure = args.get("measure") or DEFAULT_MEASURE
    if measure not in MEASURES:
        problems.append(("stats.bad_measure", measure))
        measure = DEFAULT_MEASURE
    sort = args.get("sort", "")
    if sort.lstrip("-") not in _column_ids():
        sort = ""
    return {"region": region, "measure": measure, "sort": sort}, problems


def view_search(view: dict) -> str:
    """The URL's query for a view: only what differs from the default."""
    args = {k: v for k, v in view.items() if v and not (k == "measure" and v == DEFAULT_MEASURE)}
    return "?" + urlencode(args) if args else ""


def _sort_by(sort: str) -> list[dict]:
    if not sort:
        return []
    return [{"column_id": sort.lstrip("-"), "direction": "desc" if sort.startswith("-") else "asc"}]


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "") -> html.Div:
    args = dict(parse_qsl((search or "").lstrip("?")))
    view, problems = parse_view(args)
    pill = {"className": "pills", "labelClassName": "pill", "inline": True}
    return html.Div(
        className="stats-page px-2 pb-3",
        children=[
            dcc.Store(id=VIEW, data=view),
            html.Div(id=FIT_SINK, hidden=True),
            html.H1(t("stats.title", lang), className="h4 mt-2 mb-1"),
            html.P(t("stats.intro", lang), className="mb-1"),
            html.Div(id=AS_OF, className="small text-muted mb-2"),
            html.Div(
                id=MESSAGE,
                role="alert",
                children=[
                    html.Div(t(key, lang, value=value), className="alert alert-warning py-1 my-1")
                    for key, value in problems
                ],
            ),
            html.Div(t("stats.region", lang), className="small text-muted", id=f"{REGION}-label"),
            dcc.RadioItems(
                id=REGION,
                value=view["region"],
                options=[
                    {"label": t("stats.region.all", lang), "value": ""},
                    *[{"label": _region_name(key, lang), "value": key} for key in REGION_LABELS],
                ],
                **pill,
            ),
            html.Div(id=SYNTHETIC, className="stats-synthetic mt-2", role="note"),
            html.Div(id=CARDS, className="stats-cards my-2", **{"aria-live": "polite"}),
            html.Div(t("stats.measure", lang), className="small text-muted", id=f"{MEASURE}-label"),
            dcc.RadioItems(
                id=MEASURE,
                value=view["measure"],
                options=[{"label": t(f"stats.measure.{m}", lang), "value": m} for m in MEASURES],
                **pill,
            ),
            html.Div(
                className="row g-2 mx-0 mt-1",
                children=[
                    html.Div(
                        className="col-lg-7 px-0",
                        children=html.Div(
                            className="position-relative",
                            children=[
                                dcc.Graph(
                                    id=MAP,
                                    className="stats-map",
                                    config={
                                        **GRAPH_CONFIG,
                                        "scrollZoom": True,
                                        "toImageButtonOptions": {
                                            "format": "png",
                                            "filename": "jitasa-province-progress",
                                            "scale": 2,
                                        },
                                    },
                                ),
                                html.Div(id=LEGEND, className="map-legend small"),
                            ],
                        ),
                    ),
                    html.Div(
                        className="col-lg-5",
                        children=html.Div(dcc.Graph(id=RANKING, config=GRAPH_CONFIG), className="ranking-box"),
                    ),
                ],
            ),
            html.Div(t("footer.boundaries_short", lang), className="small text-muted"),
            html.H2(t("stats.table", lang), className="h5 mt-3 mb-0"),
            html.Div(
                className="d-flex flex-wrap gap-3 align-items-baseline small mb-1",
                children=[html.Span(id=TABLE_HINT, className="text-muted"), html.Span(id=EXPORT)],
            ),
            dash_table.DataTable(
                id=TABLE,
                columns=_table_columns(),
                sort_action="custom",
                sort_mode="single",
                sort_by=_sort_by(view["sort"]),
                page_action="none",
                merge_duplicate_headers=False,
                style_table={"overflowX": "auto"},
                style_header={"fontWeight": "bold", "whiteSpace": "normal", "verticalAlign": "bottom"},
                style_header_conditional=[{"if": {"header_index": 1}, "fontWeight": "normal", "color": "#555"}],
                style_cell={
                    "fontFamily": "inherit",
                    "fontSize": "0.85rem",
                    "whiteSpace": "normal",
                    "minWidth": "5.5rem",
                    "maxWidth": "9rem",
                },
                style_cell_conditional=[
                    {"if": {"column_id": "name"}, "textAlign": "left", "minWidth": "7rem", "fontWeight": "bold"},
                    {"if": {"column_id": "region"}, "textAlign": "left", "minWidth": "8rem"},
                    {"if": {"column_id": "last_activity"}, "textAlign": "right"},
                ],
                style_data_conditional=[
                    {
                        "if": {"filter_query": "{synthetic_surveys} > 0", "column_id": "synthetic"},
                        "color": "#b02a37",
                        "fontWeight": "bold",
                        "backgroundColor": "#fbe9eb",
                    },
                ],
            ),
        ],
    )


def _region_name(key: str | None, lang: str) -> str:
    if key not in REGION_LABELS:
        return "–"
    th, en = REGION_LABELS[key]
    return th if normalize_lang(lang) == "th" else en


def _column_ids() -> list[str]:
    return [c["id"] for c in _table_columns()]


def _table_columns() -> list[dict]:
    """Thai heading above, English below (both, whatever the page's language); numbers with thousands separators."""
    heading = lambda key: [t(key, "th"), t(key, "en")]  # noqa: E731
    count = {"type": "numeric", "format": {"specifier": ",d"}}
    columns = [
        {"id": "name", "name": heading("stats.col.name")},
        {"id": "region", "name": heading("stats.col.region")},
        *[{"id": c, "name": heading(f"stats.col.{c}"), **count} for c in COUNT_COLUMNS[:4]],
        {"id": "synthetic", "name": heading("stats.col.synthetic")},
        {"id": "unvaccinated_found", "name": heading("stats.col.unvaccinated_found"), **count},
        {"id": "facilities", "name": heading("stats.col.facilities"), **count},
        *[{"id": f"facilities_{f.code}", "name": [f.label("th"), f.label("en")], **count} for f in FACILITY_TYPES],
        {
            "id": "facilities_updated_7d_pct",
            "name": heading("stats.col.facilities_updated_7d_pct"),
            "type": "numeric",
            "format": {"specifier": ",.1f"},
        },
        {"id": "coordinators", "name": heading("stats.col.coordinators")},
        {"id": "last_activity", "name": heading("stats.col.last_activity")},
    ]
    return columns


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    app.clientside_callback(FIT_SCRIPT, Output(FIT_SINK, "title"), Input(MAP, "figure"))

    @app.callback(
        Output(VIEW, "data"),
        Output(URL, "search", allow_duplicate=True),
        Output(MESSAGE, "children"),
        Input(REGION, "value"),
        Input(MEASURE, "value"),
        Input(TABLE, "sort_by"),
        State(VIEW, "data"),
        prevent_initial_call=True,
    )
    def choose(region, measure, sort_by, view):
        """A pill or a sort changes the view and the URL (a link reproduces what is on screen)."""
        sort = ""
        if sort_by:
            sort = ("-" if sort_by[0]["direction"] == "desc" else "") + sort_by[0]["column_id"]
        new, _ = parse_view({"region": region or "", "measure": measure or "", "sort": sort})
        if new == view:  # the controls reporting themselves on mount: draw the URL's view, keep the URL as it is
            return new, no_update, no_update
        return new, view_search(new), None

    @app.callback(
        Output(AS_OF, "children"),
        Output(SYNTHETIC, "children"),
        Output(CARDS, "children"),
        Output(MAP, "figure"),
        Output(LEGEND, "children"),
        Output(RANKING, "figure"),
        Output(TABLE, "data"),
        Output(TABLE_HINT, "children"),
        Output(EXPORT, "children"),
        Input(VIEW, "data"),
        State(LANG, "data"),
    )
    def draw(view, lang):
        lang = normalize_lang(lang)
        view, _ = parse_view(view or {})
        day = today()
        stats = read_province_stats(state, view["region"] or None, day)
        frame = measure_frame(stats, view["measure"], day, lang, _measure_labels(lang))
        classes = measure_classes(frame["value"], view["measure"])
        title = t(f"stats.measure.{view['measure']}", lang)
        return (
            t("stats.as_of", lang, date=format_date(day, lang)),
            _synthetic_note(totals(stats), lang),
            _cards(totals(stats), lang),
            _map(state, stats, frame, classes, view),
            _legend(classes, view["measure"], title, lang),
            progress_ranking(frame, classes, view["measure"], title, t("stats.ranking", lang)),
            _table_rows(stats, view["sort"], lang),
            t("stats.table_hint", lang, n=len(stats)),
            _export_links(view, lang),
        )


# -- drawing helpers: text and figures from ready frames -------------------------------------------------------------
def _measure_labels(lang: str) -> dict[str, str]:
    return {
        "days": t("stats.days", lang),
        "no_value": t("map.no_data", lang),
        "detail": t("stats.detail", lang),
    }


def _map(state, stats: pd.DataFrame, frame: pd.DataFrame, classes, view: dict):
    codes = set(stats["code"])
    if view["region"] and codes:
        boxes = [state.registry.bounds(code) for code in codes]
        bounds = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        context = [c for c in state.registry.frame("province").index if c not in codes]
    else:
        bounds, context = state.registry.bounds("TH"), []
    return progress_figure(
        frame,
        classes,
        GEOJSON_URL,
        fit_view(bounds, width_px=700, height_px=520),
        context_codes=context,
        tile_url=state.settings.tile_url,
        revision=view["region"] or "TH",
        bounds=bounds,
    )


def _legend(classes, measure: str, title: str, lang: str) -> html.Div:
    rows = [
        html.Li(
            [
                html.Span(className="swatch", style={"background": row["color"]}),
                html.Span(row["label"]),
                html.Span(f" ({row['count']})", className="text-muted"),
            ]
        )
        for row in legend_entries(classes, measure, t("map.no_data", lang))
    ]
    return html.Div(
        [
            html.Div(title, className="fw-bold"),
            html.Ul(rows, className="list-unstyled mb-0"),
            html.Div(t("stats.darker", lang), className="text-muted"),
        ]
    )


def _synthetic_note(figures: dict, lang: str) -> html.Div | None:
    if not figures["synthetic_surveys"]:
        return None
    text = t(
        "stats.synthetic",
        lang,
        n=f"{figures['synthetic_surveys']:,}",
        total=f"{figures['surveys']:,}",
        pct=f"{figures['synthetic_pct']:.0f}%",
    )
    return html.Div(text, className="alert alert-danger py-1 px-2 mb-0 small fw-bold")


def _cards(figures: dict, lang: str) -> list[html.Div]:
    updated = figures["facilities_updated_7d_pct"]
    cards = [
        (
            "stats.card.active",
            f"{figures['provinces_active_7d']:,}",
            t("stats.card.of", lang, total=f"{figures['provinces']:,}"),
        ),
        (
            "stats.card.surveys_7d",
            f"{figures['surveys_7d']:,}",
            t("stats.card.of_surveys", lang, total=f"{figures['surveys']:,}"),
        ),
        ("stats.card.unvaccinated", f"{figures['unvaccinated_found']:,}", ""),
        (
            "stats.card.volunteers",
            f"{figures['volunteers_active_7d']:,}",
            t("stats.card.of_volunteers", lang, total=f"{figures['volunteers']:,}"),
        ),
        (
            "stats.card.facilities",
            "–" if pd.isna(updated) else f"{updated:.1f}%",
            t("stats.card.of_facilities", lang, total=f"{figures['facilities']:,}"),
        ),
        (
            "stats.card.coordinators",
            f"{figures['districts_with_coordinator']:,}",
            t("stats.card.of", lang, total=f"{figures['districts']:,}"),
        ),
    ]
    return [
        html.Div(
            className="stats-card",
            children=[
                html.Div(t(key, lang), className="stats-card-label"),
                html.Div([html.Span(value, className="stats-card-value"), html.Span(" " + sub, className="small")]),
            ],
        )
        for key, value, sub in cards
    ]


def _table_rows(stats: pd.DataFrame, sort: str, lang: str) -> list[dict]:
    """Rows of the table, sorted on the server (a sort sees the numbers and dates, not their text)."""
    last = pd.to_datetime(stats["last_activity"], utc=True)
    name = stats["name_th"] if lang == "th" else stats["name_en"]
    districts = stats["districts"].where(stats["districts"] > 0)
    table = pd.DataFrame(
        {
            "code": stats["code"],
            "name": name,
            "region": [_region_name(r, lang) for r in stats["region"]],
            **{c: stats[c] for c in COUNT_COLUMNS},
            "synthetic_surveys": stats["synthetic_surveys"],
            "synthetic": [
                t("stats.synthetic_cell", lang, n=f"{n:,}") if n else "–" for n in stats["synthetic_surveys"]
            ],
            "facilities_updated_7d_pct": stats["facilities_updated_7d_pct"],
            "coordinators": [
                f"{int(n):,} / {int(d):,}" for n, d in zip(stats["districts_with_coordinator"], stats["districts"])
            ],
            "last_activity": [format_date(_local_day(d), lang) for d in last],
        }
    )
    keys = {
        "name": [thai_sort_key(n) if lang == "th" else n.casefold() for n in name],
        "region": table["region"],
        "synthetic": stats["synthetic_surveys"],
        "coordinators": stats["districts_with_coordinator"] / districts,
        "last_activity": last,
    }
    if sort:
        column = sort.lstrip("-")
        key = pd.Series(list(keys[column]) if column in keys else table[column], index=table.index)
        order = key.sort_values(ascending=not sort.startswith("-"), na_position="last", kind="stable").index
        table = table.loc[order]
    table["facilities_updated_7d_pct"] = table["facilities_updated_7d_pct"].astype(object)
    table = table.where(table.notna(), None)
    return table.to_dict("records")


def _local_day(moment) -> dt.date | None:
    """The day in Thailand of a UTC timestamp (None for none)."""
    if moment is None or pd.isna(moment):
        return None
    return moment.tz_convert(BANGKOK).date()


def _export_links(view: dict, lang: str) -> list:
    """The API query of what is on screen: the same rows, as CSV or JSON."""
    region = {"region": view["region"]} if view["region"] else {}
    csv_href = "/api/v1/stats/provinces?" + urlencode({**region, "format": "csv"})
    json_href = "/api/v1/stats/provinces" + ("?" + urlencode(region) if region else "")
    return [
        html.A("⬇ " + t("stats.csv", lang), href=csv_href, download="", id=f"{EXPORT}-csv", className="me-3"),
        html.A(t("stats.json", lang), href=json_href, id=f"{EXPORT}-json"),
    ]
