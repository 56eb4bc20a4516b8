"""The public finder: the nearest open facilities of a type from where the person is, on a phone first.

The search lives in the URL (``?lat=&lon=&type=``, and ``k``, ``max_km``, ``date``, ``open_now``, ``service``,
``place`` when they are not the default), so a shared link reproduces it. One store (QUERY) holds those arguments as
text; the location controls (geolocation, a tap on the map, a typed place, a suggestion) and the filters write it;
the list, the summary and the map are drawn from it. Arguments that cannot be used are explained, never dropped
silently: a bad filter falls back to its default with a note, a bad location asks for another.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, urlencode

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.i18n import format_date, normalize_lang, t
from data.finder import BANGKOK, MAX_K, FinderQuery, find_nearest
from data.finder_query import (
    DEFAULT_K,
    DEFAULT_TYPE,
    K_STEP,
    MAX_KM_CHOICES,
    Parsed,
    format_coordinate,
    parse_args,
    today,
)
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, SERVICES
from geo.registry import THAI_DIGITS, AreaNotFound
from layers.finder_map import finder_figure

PATH = "/find"
LANG, URL = "lang-store", "url"
QUERY, TAP, TAP_SINK, CLICK_SINK = "find-query", "find-tap", "find-tap-sink", "find-click-sink"
GEO, GEO_BOX, GEO_BUTTON = "find-geo", "find-geo-box", "find-locate"
PLACE, PLACE_BUTTON, SUGGESTION = "find-place", "find-place-button", "find-suggestion"
TYPE, OPEN_NOW, SERVICE, DATE, MAX_KM, MORE = (
    "find-type",
    "find-open-now",
    "find-service",
    "find-date",
    "find-max-km",
    "find-more",
)
LOCATE_MESSAGE, MESSAGE, HERE, SUMMARY, RESULTS, MAP = (
    "find-locate-message",
    "find-message",
    "find-here",
    "find-summary",
    "find-results",
    "find-map",
)
GOOGLE_DIRECTIONS = "https://www.google.com/maps/dir/?api=1&destination={lat},{lon}"


# Runs whenever the figure changes, once Plotly has drawn it: (1) a tap on an empty spot of the map gives no clickData,
# so MapLibre's own click is listened to (once per map) and written to the TAP store; (2) a new search (a new
# uirevision) fits the map to "here" and the results at the map's real size (layout.meta.fit); the same search
# keeps the reader's zoom.
MAP_SCRIPT = """function(figure) {
    const wanted = figure && figure.layout && figure.layout.uirevision;
    const attach = (tries) => {
        const gd = document.querySelector('#MAP_ID .js-plotly-plot');
        const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        const map = sub && sub.map;
        if (!map || gd.layout.uirevision !== wanted) {
            if (tries < 80) setTimeout(() => attach(tries + 1), 150);
            return;
        }
        if (!map._jitasaTap) {
            map._jitasaTap = true;
            let timer = null;
            map.on('click', (e) => {
                const onMarker = map.queryRenderedFeatures(e.point).some(f => f.layer && f.layer.type === 'circle');
                if (onMarker) return;  // a tap on a result shows its card instead
                clearTimeout(timer);  // a double tap zooms; only a single tap moves "here"
                timer = setTimeout(() => window.dash_clientside.set_props('TAP_ID',
                    {data: {lat: e.lngLat.lat, lon: e.lngLat.lng, at: Date.now()}}), 350);
            });
            map.on('dblclick', () => clearTimeout(timer));
        }
        const fit = gd.layout.meta && gd.layout.meta.fit;
        if (fit && map._jitasaFitted !== wanted) {
            map._jitasaFitted = wanted;
            // originalEvent: plotly takes the move as the reader's own, so it keeps it while the search is the same
            const doFit = () => map.fitBounds(fit, {padding: 30, maxZoom: 15, animate: false}, {originalEvent: 'fit'});
            if (map.loaded()) doFit(); else map.once('idle', doFit);
        }
    };
    attach(0);
    return window.dash_clientside.no_update;
}""".replace("MAP_ID", MAP).replace("TAP_ID", TAP)


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "") -> html.Div:
    args = dict(parse_qsl((search or "").lstrip("?")))
    args.pop("lang", None)
    parsed = parse_args(args)
    type_arg = parsed.args.get("type", DEFAULT_TYPE)
    services = [s for s in parsed.args.get("service", "").split(",") if s]
    filters_open = bool(set(parsed.args) & {"max_km", "date", "open_now", "service"})
    pill = {"className": "pills", "labelClassName": "pill", "inline": True}
    return html.Div(
        className="find-page",
        children=[
            dcc.Store(id=QUERY, data=args),
            dcc.Store(id=TAP),
            html.Div(id=TAP_SINK, hidden=True),
            html.Div(id=CLICK_SINK, hidden=True),
            html.Div(id=GEO_BOX),
            html.Div(
                className="find-controls px-3 pt-2",
                children=[
                    html.H1(t("find.title", lang), className="h5 mb-2"),
                    html.Div(t("find.type", lang), className="small text-muted", id=f"{TYPE}-label"),
                    dcc.RadioItems(
                        id=TYPE,
                        value=type_arg,
                        options=[{"label": e.label(lang), "value": e.code} for e in FACILITY_TYPES],
                        **pill,
                    ),
                    html.Button(
                        t("find.locate", lang), id=GEO_BUTTON, n_clicks=0, className="btn btn-primary w-100 mt-2"
                    ),
                    html.Label(t("find.place", lang), htmlFor=PLACE, className="small text-muted mt-2"),
                    html.Div(
                        className="input-group",
                        children=[
                            dcc.Input(
                                id=PLACE,
                                type="search",
                                value="",
                                placeholder=t("find.place_example", lang),
                                className="form-control place-input",
                                autoComplete="off",
                                n_submit=0,
                            ),
                            html.Button(
                                t("find.place_button", lang),
                                id=PLACE_BUTTON,
                                n_clicks=0,
                                className="btn btn-outline-primary",
                            ),
                        ],
                    ),
                    html.Div(t("find.tap_hint", lang), className="small text-muted mt-1"),
                    html.Div(id=LOCATE_MESSAGE, role="status", **{"aria-live": "polite"}),
                    html.Details(
                        open=filters_open,
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
                                **pill,
                                options=[
                                    {"label": t("find.max_km.any", lang), "value": ""},
                                    *[{"label": t("find.km", lang, km=km), "value": km} for km in MAX_KM_CHOICES],
                                ],
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
                    ),
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


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    @app.callback(
        Output(GEO_BOX, "children"),
        Output(LOCATE_MESSAGE, "children", allow_duplicate=True),
        Input(GEO_BUTTON, "n_clicks"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def start_geolocation(n_clicks, lang):
        """A fresh Geolocation per press: the browser is asked only when the person asks, never on page load."""
        if not n_clicks:
            return no_update, no_update
        locator = dcc.Geolocation(
            id={"type": GEO, "n": n_clicks}, high_accuracy=True, timeout=20_000, maximum_age=60_000
        )
        return [locator], _note(t("find.locating", normalize_lang(lang)), "info")

    @app.callback(
        Output(QUERY, "data", allow_duplicate=True),
        Output(LOCATE_MESSAGE, "children"),
        Output(PLACE, "value"),
        Input({"type": GEO, "n": ALL}, "position"),
        Input({"type": GEO, "n": ALL}, "position_error"),
        Input(TAP, "data"),
        Input(PLACE_BUTTON, "n_clicks"),
        Input(PLACE, "n_submit"),
        Input({"type": SUGGESTION, "code": ALL}, "n_clicks"),
        State(PLACE, "value"),
        State(QUERY, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def set_location(positions, errors, tap, _search, _submit, _suggested, text, args, lang):
        """Geolocation, a tap on the map, a typed place or a tapped suggestion sets where to search from."""
        lang, trigger = normalize_lang(lang), ctx.triggered_id
        place, place_text = None, no_update
        if isinstance(trigger, dict) and trigger.get("type") == GEO:
            position, error = (positions or [None])[-1], (errors or [None])[-1]  # one of the two is set, the other None
            if not position:
                return no_update, (_geo_problem(error, lang) if error else no_update), no_update
            lat, lon = position["lat"], position["lon"]
        elif trigger == TAP and tap:
            lat, lon, place_text = tap["lat"], tap["lon"], ""
        elif isinstance(trigger, dict) and trigger.get("type") == SUGGESTION:
            if not ctx.triggered[0]["value"]:  # a suggestion button appearing is not a tap on it
                return no_update, no_update, no_update
            place = trigger["code"]
        elif trigger in (PLACE_BUTTON, PLACE):
            if not (text or "").strip():
                return no_update, _note(t("find.place.empty", lang), "warning"), no_update
            try:
                place = state.registry.resolve(text)
            except AreaNotFound as exc:
                return no_update, _suggestions(state.registry, exc, lang), no_update
        else:
            return no_update, no_update, no_update
        if place is not None:
            area = state.registry.get(place)
            lat, lon = float(area["lat"]), float(area["lon"])
            place_text = area["name_th"] if lang == "th" else area["name_en"]
        args = {k: v for k, v in (args or {}).items() if k not in ("lat", "lon", "place", "k")}
        args.update(lat=format_coordinate(lat), lon=format_coordinate(lon))
        if place is not None:
            args["place"] = place
        return args, None, place_text

    @app.callback(
        Output(QUERY, "data", allow_duplicate=True),
        Input(TYPE, "value"),
        Input(OPEN_NOW, "value"),
        Input(SERVICE, "value"),
        Input(MAX_KM, "value"),
        Input(DATE, "date"),
        Input(MORE, "n_clicks"),
        State(QUERY, "data"),
        prevent_initial_call=True,
    )
    def set_filters(kind, open_now, services, max_km, day, _more, args):
        args = parse_args(args or {}).args  # what could not be used is dropped once the person changes something
        k = int(args.get("k", DEFAULT_K))
        args = {key: v for key, v in args.items() if key in ("lat", "lon", "place")}
        args.update(
            type=kind,
            open_now="1" if open_now else "",
            service=",".join(services or []),
            max_km=max_km or "",
            date=day or "",
            k=str(min(k + K_STEP, MAX_K) if ctx.triggered_id == MORE else ""),
        )
        return parse_args({key: v for key, v in args.items() if v}).args

    @app.callback(
        Output(URL, "search", allow_duplicate=True),
        Input(QUERY, "data"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def share(args, search):
        """The URL follows the search (and only a search that can be run), so it can be shared."""
        parsed = parse_args(args or {})
        if parsed.problems or parsed.query is None:
            return no_update
        text = "?" + urlencode(parsed.args, safe=",")
        return no_update if text == (search or "") else text

    @app.callback(
        Output(MESSAGE, "children"),
        Output(HERE, "children"),
        Output(SUMMARY, "children"),
        Output(RESULTS, "children"),
        Output(MAP, "figure"),
        Output(MORE, "hidden"),
        Input(QUERY, "data"),
        State(LANG, "data"),
    )
    def draw(args, lang):
        lang = normalize_lang(lang)
        parsed = parse_args(args or {})
        problems = _problems(parsed.problems, lang) if parsed.problems else None
        q = parsed.query
        labels = {
            "here": t("find.here.legend", lang),
            "synthetic": t("facility.synthetic", lang),
            "results": t(
                "find.results.legend", lang, type=FACILITY_TYPES[parsed.query.type if q else DEFAULT_TYPE].label(lang)
            ),
        }
        if q is None:  # nothing to search from yet, or a location that cannot be used: say what to do
            prompt = (
                [problems, _note(t("find.prompt", lang), "info")] if problems else _note(t("find.prompt", lang), "info")
            )
            return prompt, None, None, [], finder_figure(None, [], labels, tile_url=state.settings.tile_url), True
        with state.engine.connect() as conn:
            found = find_nearest(conn, state.facility_index, q, state.settings.stale_days)
        items, day = found["items"], q.on_date or today()
        shown = [
            {
                "lat": r["lat"],
                "lon": r["lon"],
                "name": _name(r, lang),
                "synthetic": r["synthetic"],
                "distance": _distance(r["distance_km"], lang),
            }
            for r in items
        ]
        revision = urlencode({key: v for key, v in parsed.args.items() if key != "k"})
        figure = finder_figure(
            (q.lat, q.lon), shown, labels, FACILITY_TYPES[q.type].color, revision, state.settings.tile_url
        )
        cards = [
            _card(n, r, lang, state.settings.stale_days, now_applies=day == today()) for n, r in enumerate(items, 1)
        ]
        more_hidden = len(items) >= found["total"] or q.k >= MAX_K
        return (
            problems,
            _here(state.registry, state.locator, parsed, lang),
            _summary(q, found, day, lang),
            cards,
            figure,
            more_hidden,
        )

    app.clientside_callback(MAP_SCRIPT, Output(TAP_SINK, "title"), Input(MAP, "figure"))
    app.clientside_callback(
        """function(click) {
            const point = click && click.points && click.points[0];
            const card = point && document.getElementById('find-item-' + point.customdata);
            if (card) {
                card.scrollIntoView({behavior: 'smooth', block: 'center'});
                card.classList.add('flash');
                setTimeout(() => card.classList.remove('flash'), 1600);
            }
            return window.dash_clientside.no_update;
        }""",
        Output(CLICK_SINK, "title"),
        Input(MAP, "clickData"),
        prevent_initial_call=True,
    )


# -- text and cards from ready results -------------------------------------------------------------------------------
def _note(text, kind: str = "warning") -> html.Div:
    return html.Div(text, className=f"alert alert-{kind} py-2 px-2 my-2 small")


def _problems(problems: list[tuple[str, dict]], lang: str) -> html.Div:
    lines = []
    for key, values in problems:
        values = dict(values)
        swapped = values.pop("swapped", False)
        if "default" in values:
            values["default"] = FACILITY_TYPES[values["default"]].label(lang)
        lines.append(html.Div(t(key, lang, **values) + (" " + t("find.error.swapped", lang) if swapped else "")))
    return _note(lines)


def _geo_problem(error: dict, lang: str) -> html.Div:
    code, detail = error.get("code"), str(error.get("message") or "")
    if code == 1:
        key = "find.geo.insecure" if "secure" in detail.lower() else "find.geo.denied"
        return _note(t(key, lang))
    if code == 3:
        return _note(t("find.geo.timeout", lang))
    return _note(t("find.geo.unavailable", lang, detail=detail or code))


def _area_name(registry, code: str, lang: str) -> str:
    """ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่ / Suthep (subdistrict), Mueang Chiang Mai, Chiang Mai."""
    parts = []
    for part in dict.fromkeys(code[:n] for n in (len(code), 4, 2) if n <= len(code)):
        row = registry.get(part)
        if row is None:
            continue
        if lang == "th":
            bangkok = part.startswith("10")
            prefix = {2: "" if bangkok else "จ.", 4: "" if bangkok else "อ.", 6: "แขวง" if bangkok else "ต."}[len(part)]
            parts.append(prefix + row["name_th"])
        else:
            parts.append(row["name_en"] + (f" ({row['level']})" if part == code else ""))
    return (" " if lang == "th" else ", ").join(parts)


def _suggestions(registry, exc: AreaNotFound, lang: str) -> html.Div:
    head = t("find.place.ambiguous" if exc.ambiguous else "find.place.none", lang, text=exc.text)
    if not exc.suggestions:
        return _note([html.Div(head), html.Div(t("find.place.no_suggestion", lang))])
    buttons = [
        html.Button(
            _area_name(registry, code, lang),
            id={"type": SUGGESTION, "code": code},
            n_clicks=0,
            className="btn btn-sm btn-light border text-start suggestion",
        )
        for code, _th, _en in exc.suggestions
    ]
    intro = [] if exc.ambiguous else [html.Div(t("find.place.did_you_mean", lang))]
    return _note([html.Div(head, className="fw-bold"), *intro, html.Div(buttons, className="d-grid gap-1 mt-1")])


def _here(registry, locator, parsed: Parsed, lang: str) -> str:
    q, place = parsed.query, parsed.args.get("place")
    where = f"{q.lat:.4f}, {q.lon:.4f}"
    if place and registry.get(place) is not None:
        name = _area_name(registry, place, lang)
        return t("find.here.area" if len(place) < 6 else "find.here.point", lang, where=name)
    code = locator.locate_one(q.lon, q.lat)["subdistrict"]
    return t("find.here.point", lang, where=f"{_area_name(registry, code, lang)} ({where})" if code else where)


def _summary(q: FinderQuery, found: dict, day: dt.date, lang: str) -> html.Div:
    items, date_text = found["items"], format_date(day, lang)
    if not items:
        kind = FACILITY_TYPES[q.type].label(lang)
        return _note([html.Div(t("find.none", lang, type=kind, date=date_text)), html.Div(t("find.none.hint", lang))])
    n, total = len(items), f"{found['total']:,}"
    if q.max_km:
        return t(
            "find.summary.within", lang, n=n, total=total, km=t("find.km", lang, km=f"{q.max_km:g}"), date=date_text
        )
    return t(
        "find.summary.nearest", lang, n=n, total=total, km=_distance(items[-1]["distance_km"], lang), date=date_text
    )


def _name(item: Mapping, lang: str) -> str:
    return (item.get("name_en") if lang == "en" else None) or item.get("name_th") or item.get("name_en") or "–"


def _distance(km: float, lang: str) -> str:
    if km < 1:
        return t("find.m", lang, m=f"{max(10, round(km * 1000, -1)):,.0f}")
    return t("find.km", lang, km=f"{km:,.1f}")


def _phone_link(phone: str | None) -> tuple[str, str] | None:
    """The first number of a phone field, as shown and as a tel: link (digits and a leading + only)."""
    if not phone:
        return None
    first = re.split(r"[,;/]|ต่อ|ext", str(phone))[0].strip()
    digits = re.sub(r"[^\d+]", "", first.translate(THAI_DIGITS))
    digits = digits[:1] + digits[1:].replace("+", "")
    return (first, "tel:" + digits) if len(digits.lstrip("+")) >= 3 else None


def _card(number: int, item: Mapping, lang: str, stale_days: int, now_applies: bool) -> html.Li:
    status = FACILITY_STATUSES.get(item.get("status") or "")
    badges = [html.Span(str(number), className="find-number", style={"background": FACILITY_TYPES[item["type"]].color})]
    facts = []
    if status:
        facts.append(html.Span(status.label(lang), className="badge", style={"background": status.color}))
    if now_applies and item.get("open_now") is not None:
        facts.append(
            html.Span(
                t("find.open_now.yes" if item["open_now"] else "find.open_now.no", lang),
                className="badge " + ("text-bg-success" if item["open_now"] else "text-bg-secondary"),
            )
        )
    hours = item.get("opening_hours")
    facts.append(html.Span(t("find.hours", lang, hours=hours) if hours else t("find.hours.unknown", lang)))
    lines = [html.Div(facts, className="d-flex flex-wrap gap-2 align-items-center small")]
    if item.get("services"):
        labels = [SERVICES[s].label(lang) for s in item["services"] if s in SERVICES]
        lines.append(html.Div(t("find.services", lang) + ": " + ", ".join(labels), className="small"))
    if item.get("beds_total"):
        beds = (
            t("find.beds", lang, available=f"{item['beds_available']:,}", total=f"{item['beds_total']:,}")
            if item.get("beds_available") is not None
            else t("find.beds_total", lang, total=f"{item['beds_total']:,}")
        )
        lines.append(html.Div(beds, className="small"))
    if item.get("valid_from") or item.get("valid_to"):
        lines.append(
            html.Div(
                t(
                    "find.valid",
                    lang,
                    start=format_date(item.get("valid_from"), lang),
                    end=format_date(item.get("valid_to"), lang),
                ),
                className="small",
            )
        )
    if item.get("address"):
        lines.append(html.Div(item["address"], className="small text-muted text-break"))
    if item.get("stale"):
        lines.append(html.Div(_stale_text(item.get("updated_at"), lang), className="small text-danger fw-bold"))
    if item.get("synthetic"):
        lines.append(html.Div("⚠ " + t("facility.synthetic", lang), className="badge text-bg-warning synthetic-label"))
    return html.Li(
        id=f"find-item-{number}",
        className="find-card",
        children=[
            html.Div(
                [
                    *badges,
                    html.Span(_name(item, lang), className="find-name fw-bold flex-grow-1"),
                    html.Span(_distance(item["distance_km"], lang), className="text-nowrap fw-bold"),
                ],
                className="d-flex gap-2 align-items-start",
            ),
            *lines,
            html.Div(_actions(item, lang), className="d-flex flex-wrap gap-2 mt-2"),
        ],
    )


def _stale_text(updated_at, lang: str) -> str:
    if updated_at is None:
        return t("find.stale_unknown", lang)
    if updated_at.tzinfo is None:
        updated_at = updated_at.replace(tzinfo=dt.UTC)
    days = (dt.datetime.now(dt.UTC) - updated_at).days
    return t("find.stale", lang, days=f"{days:,}", date=format_date(updated_at.astimezone(BANGKOK).date(), lang))


def _actions(item: Mapping, lang: str) -> list:
    lat, lon = f"{float(item['lat']):.6f}", f"{float(item['lon']):.6f}"
    phone = _phone_link(item.get("phone"))
    actions = [
        html.A(t("find.call", lang, phone=phone[0]), href=phone[1], className="btn btn-success btn-sm")
        if phone
        else html.Span(t("find.no_phone", lang), className="small text-muted align-self-center")
    ]
    actions.append(
        html.A(
            t("find.directions", lang),
            href=GOOGLE_DIRECTIONS.format(lat=lat, lon=lon),
            target="_blank",
            rel="noopener noreferrer",
            className="btn btn-outline-primary btn-sm",
        )
    )
    actions.append(
        html.A(
            t("find.map_app", lang),
            href=f"geo:{lat},{lon}?q={lat},{lon}({quote(_name(item, lang))})",
            className="btn btn-link btn-sm",
        )
    )
    return actions
