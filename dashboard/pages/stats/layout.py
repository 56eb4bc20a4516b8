"""The statistics page's tree: region and measure pills, headline cards, the map and ranking, the table."""

from __future__ import annotations

from urllib.parse import parse_qsl

from dash import dash_table, dcc, html

from dashboard.components import GRAPH_CONFIG
from dashboard.i18n import t
from dashboard.pages.stats.ids import (
    AS_OF,
    CARDS,
    EXPORT,
    LEGEND,
    MAP,
    MEASURE,
    MESSAGE,
    RANKING,
    REGION,
    SYNTHETIC,
    TABLE,
    TABLE_HINT,
    VIEW,
)
from dashboard.pages.stats.url import parse_view, sort_by
from dashboard.pages.stats.view_table import region_name, table_columns
from dashboard.ui.map_events import map_event_parts
from data.stats import REGION_LABELS
from layers.progress_map import MEASURES

PILLS = {"className": "pills", "labelClassName": "pill", "inline": True}
MAP_CONFIG = {
    **GRAPH_CONFIG,
    "scrollZoom": True,
    "toImageButtonOptions": {"format": "png", "filename": "jitasa-province-progress", "scale": 2},
}


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/stats") -> html.Div:
    view, problems = parse_view(dict(parse_qsl((search or "").lstrip("?"))))
    return html.Div(
        className="stats-page px-2 pb-3",
        children=[
            dcc.Store(id=VIEW, data=view),
            *map_event_parts(MAP, padding=12),  # a new region is fitted to the map's real size
            html.H1(t("stats.title", lang), className="h4 mt-2 mb-1"),
            html.P(t("stats.intro", lang), className="mb-1"),
            html.Div(id=AS_OF, className="small text-muted mb-2"),
            html.Div(
                id=MESSAGE,
                role="alert",
                children=[_problem(t(key, lang, value=value)) for key, value in problems],
            ),
            *_pills(REGION, t("stats.region", lang), view["region"], _region_options(lang)),
            html.Div(id=SYNTHETIC, className="stats-synthetic mt-2", role="note"),
            html.Div(id=CARDS, className="stats-cards my-2", **{"aria-live": "polite"}),
            *_pills(MEASURE, t("stats.measure", lang), view["measure"], _measure_options(lang)),
            _map_and_ranking(),
            html.Div(t("footer.boundaries_short", lang), className="small text-muted"),
            html.H2(t("stats.table", lang), className="h5 mt-3 mb-0"),
            html.Div(
                className="d-flex flex-wrap gap-3 align-items-baseline small mb-1",
                children=[html.Span(id=TABLE_HINT, className="text-muted"), html.Span(id=EXPORT)],
            ),
            _table(view["sort"]),
        ],
    )


def _problem(text: str) -> html.Div:
    return html.Div(text, className="alert alert-warning py-1 my-1")


def _pills(element_id: str, label: str, value: str, options: list[dict]) -> list:
    return [
        html.Div(label, className="small text-muted", id=f"{element_id}-label"),
        dcc.RadioItems(id=element_id, value=value, options=options, **PILLS),
    ]


def _region_options(lang: str) -> list[dict]:
    everywhere = {"label": t("stats.region.all", lang), "value": ""}
    return [everywhere, *[{"label": region_name(key, lang), "value": key} for key in REGION_LABELS]]


def _measure_options(lang: str) -> list[dict]:
    return [{"label": t(f"stats.measure.{m}", lang), "value": m} for m in MEASURES]


def _map_and_ranking() -> html.Div:
    graph = dcc.Graph(id=MAP, className="stats-map", config=MAP_CONFIG)
    return html.Div(
        className="row g-2 mx-0 mt-1",
        children=[
            html.Div(
                className="col-lg-7 px-0",
                children=html.Div(
                    className="position-relative", children=[graph, html.Div(id=LEGEND, className="map-legend small")]
                ),
            ),
            html.Div(
                className="col-lg-5",
                children=html.Div(dcc.Graph(id=RANKING, config=GRAPH_CONFIG), className="ranking-box"),
            ),
        ],
    )


def _table(sort: str) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=TABLE,
        columns=table_columns(),
        sort_action="custom",
        sort_mode="single",
        sort_by=sort_by(sort),
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
    )
