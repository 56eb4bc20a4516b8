"""The finder's tree: what to look for, where from (my location, a place, a tap), more filters, the map, the list.

The search comes from the URL (``search``), so a shared link opens the same search; the controls start from it."""

from __future__ import annotations

from urllib.parse import parse_qsl

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.find.ids import (
    CARD,
    CARD_ID,
    CLICK_SINK,
    DATE,
    HERE,
    LOCATE,
    LOCATE_MESSAGE,
    MAP,
    MAX_KM,
    MESSAGE,
    MORE,
    OPEN_NOW,
    PLACE,
    PLACE_BUTTON,
    QUERY,
    RESULTS,
    SERVICE,
    SUMMARY,
    TAP,
    TYPE,
)
from dashboard.ui.map_events import map_event_parts
from data.finder_query import DEFAULT_TYPE, MAX_KM_CHOICES, Parsed, parse_args
from data.registries import FACILITY_TYPES, SERVICES
from geo.clock import today

PILLS = {"className": "pills", "labelClassName": "pill", "inline": True}
FILTERS = {"max_km", "date", "open_now", "service"}  # the filters folded under "more filters"


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/find") -> html.Div:
    args = dict(parse_qsl((search or "").lstrip("?")))
    args.pop("lang", None)
    parsed = parse_args(args)
    return html.Div(
        className="find-page",
        children=[
            dcc.Store(id=QUERY, data=args),
            dcc.Store(id=TAP),
            dcc.Store(id=CARD_ID, data=CARD),
            *map_event_parts(MAP, tap_id=TAP, skip_markers=True, padding=30, max_zoom=15),
            html.Div(id=CLICK_SINK, hidden=True),
            LOCATE.box(),
            html.Div(
                className="find-controls px-3 pt-2",
                children=[
                    html.H1(t("find.title", lang), className="h5 mb-2"),
                    html.Div(t("find.type", lang), className="small text-muted", id=f"{TYPE}-label"),
                    dcc.RadioItems(
                        id=TYPE,
                        value=parsed.args.get("type", DEFAULT_TYPE),
                        options=[{"label": e.label(lang), "value": e.code} for e in FACILITY_TYPES],
                        **PILLS,
                    ),
                    LOCATE.button(lang, "btn btn-primary w-100 mt-2"),
                    *_place(lang),
                    html.Div(id=LOCATE_MESSAGE, role="status", **{"aria-live": "polite"}),
                    _filters(parsed, lang),
                ],
            ),
            html.Div(id=MESSAGE, role="alert", className="px-3"),
            html.Div(
                className="find-map-box",
                children=[
                    dcc.Graph(id=MAP, className="find-map", config={"displayModeBar": False, "scrollZoom": True}),
                    html.Div(t("footer.boundaries_short", lang), className="map-credit"),
                ],
            ),
            html.Div(
                className="find-results px-3 pb-3",
                children=[
                    html.Div(id=HERE, className="small text-muted"),
                    html.Div(id=SUMMARY, className="fw-bold my-1", **{"aria-live": "polite"}),
                    html.Ol(id=RESULTS, className="list-unstyled mb-2"),
                    html.Button(
                        t("find.more", lang),
                        id=MORE,
                        n_clicks=0,
                        hidden=True,
                        className="btn btn-outline-secondary w-100",
                    ),
                ],
            ),
        ],
    )


def _place(lang: str) -> list:
    """A place typed (a subdistrict, district or province), and the hint that a tap on the map works too."""
    box = dcc.Input(
        id=PLACE,
        type="search",
        value="",
        placeholder=t("find.place_example", lang),
        className="form-control place-input",
        autoComplete="off",
        n_submit=0,
    )
    button = html.Button(t("find.place_button", lang), id=PLACE_BUTTON, n_clicks=0, className="btn btn-outline-primary")
    return [
        html.Label(t("find.place", lang), htmlFor=PLACE, className="small text-muted mt-2"),
        html.Div([box, button], className="input-group"),
        html.Div(t("find.tap_hint", lang), className="small text-muted mt-1"),
    ]


def _filters(parsed: Parsed, lang: str) -> html.Details:
    """Open now, services, distance and day: folded unless the link sets one of them."""
    services = [s for s in parsed.args.get("service", "").split(",") if s]
    distances = [{"label": t("find.km", lang, km=km), "value": km} for km in MAX_KM_CHOICES]
    return html.Details(
        open=bool(set(parsed.args) & FILTERS),
        className="find-filters mt-2",
        children=[
            html.Summary(t("find.filters", lang)),
            dcc.Checklist(
                id=OPEN_NOW,
                value=["1"] if parsed.args.get("open_now") else [],
                className="mt-1",
                options=[{"label": " " + t("find.open_now", lang), "value": "1"}],
            ),
            html.Div(t("find.services", lang), className="small text-muted mt-2"),
            dcc.Checklist(
                id=SERVICE,
                value=services,
                labelClassName="d-block",
                options=[{"label": " " + s.label(lang), "value": s.code} for s in SERVICES],
            ),
            html.Div(t("find.max_km", lang), className="small text-muted mt-2"),
            dcc.RadioItems(
                id=MAX_KM,
                value=parsed.args.get("max_km", ""),
                options=[{"label": t("find.max_km.any", lang), "value": ""}, *distances],
                **PILLS,
            ),
            html.Div(t("find.date", lang), className="small text-muted mt-2"),
            dcc.DatePickerSingle(
                id=DATE,
                date=(parsed.on_date or today()).isoformat(),
                display_format="DD/MM/YYYY",
                first_day_of_week=1,
                clearable=False,
            ),
        ],
    )
