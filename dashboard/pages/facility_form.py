"""Add or edit one facility (/facility/new, /facility/<id>), on a phone first.

The point is tapped on the map or typed (coordinates pasted from a map app, "18.7883, 98.9853", are split into
latitude and longitude); the province, district and subdistrict it falls in are shown as it changes. Saving goes
through data/facility_edit.py: the same checks and messages as an uploaded file, the writer's own area, and a version
check (a second tab saving an older version is refused, with who saved the newer one). The history lists each
version (who, when, fields old → new) with a revert button. Every callback asks who is signed in again.
"""

from __future__ import annotations

import datetime as dt
import re

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.auth import request_user, role_at_least
from dashboard.i18n import normalize_lang, t
from dashboard.pages.facility_history import REVERT, history_list, version_head
from data.errors import Problem, UserInputError
from data.facilities import get_facility
from data.facility_edit import (
    WRITER_ROLE,
    StaleEdit,
    create_facility,
    facility_changes,
    revert_facility,
    update_facility,
)
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, SERVICES
from geo.registry import THAI_DIGITS
from layers.picker_map import area_outline, picker_figure

PATH = "/facility"
PREFIX = "/facility/"
ROLE = "coordinator"
LANG, URL = "lang-store", "url"
RECORD, TAP, TAP_SINK = "facility-form-record", "facility-form-tap", "facility-form-tap-sink"
HEAD, MAP, AREAS, SAVE, MESSAGE, HISTORY = (
    "facility-form-head",
    "facility-form-map",
    "facility-form-areas",
    "facility-form-save",
    "facility-form-message",
    "facility-form-history",
)
# the form's fields by the upload's column names, and their components (each has a "-problem" box under it)
FIELDS = {
    "lat": "facility-form-lat",
    "lon": "facility-form-lon",
    "type": "facility-form-type",
    "name_th": "facility-form-name-th",
    "name_en": "facility-form-name-en",
    "facility_id": "facility-form-external-id",
    "address": "facility-form-address",
    "phone": "facility-form-phone",
    "opening_hours": "facility-form-hours",
    "beds_total": "facility-form-beds-total",
    "beds_available": "facility-form-beds-available",
    "status": "facility-form-status",
    "valid_from": "facility-form-valid-from",
    "valid_to": "facility-form-valid-to",
    "services": "facility-form-services",
}
LAT, LON = FIELDS["lat"], FIELDS["lon"]
# a problem about the named province or district, or the area, is shown under the point
_PROBLEM_FIELD = {"province": "lat", "district": "lat", "external_id": "facility_id"}
_PAIR = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,;/\s]\s*(-?\d+(?:\.\d+)?)\s*$")

# Runs whenever the figure changes, once Plotly has drawn it: (1) MapLibre's own click (a tap on an empty spot gives
# Plotly no clickData) is written to the TAP store, once per map; (2) a first view without a point fits the writer's
# area at the map's real size (layout.meta.fit); (3) a typed point out of view is brought into view (meta.focus).
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
                clearTimeout(timer);  // a double tap zooms; only a single tap moves the point
                timer = setTimeout(() => window.dash_clientside.set_props('TAP_ID',
                    {data: {lat: e.lngLat.lat, lon: e.lngLat.lng, at: Date.now()}}), 350);
            });
            map.on('dblclick', () => clearTimeout(timer));
        }
        const meta = gd.layout.meta || {};
        const act = () => {
            if (meta.fit && map._jitasaFitted !== wanted) {
                map._jitasaFitted = wanted;
                map.fitBounds(meta.fit, {padding: 20, animate: false}, {originalEvent: 'fit'});
            } else if (meta.focus && !map.getBounds().contains(meta.focus)) {
                map.easeTo({center: meta.focus, duration: 300}, {originalEvent: 'focus'});
            }
        };
        if (map.loaded()) act(); else map.once('idle', act);
    };
    attach(0);
    return window.dash_clientside.no_update;
}""".replace("MAP_ID", MAP).replace("TAP_ID", TAP)


# -- layout -----------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
    key = (path or PATH).removeprefix(PREFIX).strip("/")
    facility, changes = None, []
    if key not in ("", "new", PATH.strip("/")):
        if not key.isdigit():
            return _page_note(t("facility_form.not_found", lang, id=key))
        with state.engine.connect() as conn:
            facility = get_facility(conn, int(key))
            if facility is None:
                return _page_note(t("facility_form.not_found", lang, id=key))
            code = facility["subdistrict"] or facility["district"] or facility["province"]
            if user["area"] != "TH" and not (code and state.registry.contains(user["area"], code)):
                return _page_note(t("facility_form.outside", lang, area=user["area"]))
            changes = facility_changes(conn, facility["id"])
    values = _values(facility, lang)
    point = _point(values["lat"], values["lon"])
    saved = "saved=1" in (search or "")
    return html.Div(
        className="facility-form px-3 py-3",
        children=[
            dcc.Store(id=RECORD, data=_record(facility)),
            dcc.Store(id=TAP),
            html.Div(id=TAP_SINK, hidden=True),
            dcc.Link(t("facility_form.back", lang), href="/facilities", className="small"),
            html.Div(version_head(facility, changes, lang), id=HEAD, className="mb-2"),
            html.H2(t("facility_form.location", lang), className="h6 mt-2"),
            html.Div(t("facility_form.tap_hint", lang), className="small text-muted mb-1"),
            html.Div(
                className="facility-map-box",
                children=[
                    dcc.Graph(
                        id=MAP,
                        figure=_figure(state, user, point, _record(facility), lang),
                        className="facility-map",
                        config={"displayModeBar": False, "scrollZoom": True},
                    ),
                    html.Div(t("footer.boundaries_short", lang), className="map-credit"),
                ],
            ),
            html.Div(
                [
                    _text_field("lat", values, lang, required=True, inputMode="decimal", col="col-6", box=False),
                    _text_field("lon", values, lang, required=True, inputMode="decimal", col="col-6", box=False),
                ],
                className="row g-2 mt-1",
            ),
            _problem_box("lat"),  # under both boxes: the problems of a point are long
            _problem_box("lon"),
            html.Div(_areas(state, user, point, lang), id=AREAS, className="facility-areas", **{"aria-live": "polite"}),
            html.H2(t("facility_form.details", lang), className="h6 mt-3"),
            _choice_field("type", values, FACILITY_TYPES, lang),
            _text_field("name_th", values, lang, required=True),
            _text_field("name_en", values, lang),
            _text_field("facility_id", values, lang),
            _text_field("address", values, lang, area=True),
            _text_field("phone", values, lang, type="tel", inputMode="tel"),
            _text_field("opening_hours", values, lang, placeholder=t("facility_form.hours_example", lang)),
            html.Div(
                [
                    _text_field("beds_total", values, lang, inputMode="numeric", col="col-6"),
                    _text_field("beds_available", values, lang, inputMode="numeric", col="col-6"),
                ],
                className="row g-2",
            ),
            _choice_field("status", values, FACILITY_STATUSES, lang),
            html.Div(
                [
                    _text_field(
                        "valid_from", values, lang, col="col-6", placeholder=t("facility_form.date_example", lang)
                    ),
                    _text_field(
                        "valid_to", values, lang, col="col-6", placeholder=t("facility_form.date_example", lang)
                    ),
                ],
                className="row g-2",
            ),
            _services_field(values, lang),
            html.Div(
                _note(t("facility_form.saved_new", lang), "success") if saved else None,
                id=MESSAGE,
                role="status",
                **{"aria-live": "polite"},
            ),
            html.Button(
                t("facility_form.save", lang), id=SAVE, n_clicks=0, className="btn btn-primary w-100 my-2 facility-save"
            ),
            html.Div(history_list(changes, facility, lang, state.registry), id=HISTORY),
        ],
    )


def _page_note(text: str) -> html.Div:
    return html.Div(
        [html.P(text, className="h6"), dcc.Link("← /facilities", href="/facilities")],
        className="p-4",
        id="facility-form-note",
    )


def _label(field: str, lang: str, required: bool = False) -> html.Label:
    extra = [html.Span(" " + t("facility_form.required", lang), className="text-muted small")] if required else []
    return html.Label(
        [t(f"facility_form.field.{field}", lang), *extra], htmlFor=FIELDS[field], className="form-label small mb-0 mt-2"
    )


def _problem_box(field: str) -> html.Div:
    return html.Div(id=f"{FIELDS[field]}-problem", className="field-problem small text-danger", role="alert")


def _text_field(field, values, lang, required=False, col="", area=False, box=True, **extra) -> html.Div:
    component = (
        dcc.Textarea(id=FIELDS[field], value=values[field], className="form-control", rows=2)
        if area
        else dcc.Input(
            id=FIELDS[field],
            value=values[field],
            type=extra.pop("type", "text"),
            className="form-control",
            autoComplete="off",
            debounce=0.5 if field in ("lat", "lon") else False,
            **extra,
        )
    )
    problem = [_problem_box(field)] if box else []
    return html.Div([_label(field, lang, required), component, *problem], className=col or None)


def _choice_field(field, values, registry, lang) -> html.Div:
    return html.Div(
        [
            _label(field, lang, required=field == "type"),
            dcc.RadioItems(
                id=FIELDS[field],
                value=values[field],
                options=[{"label": e.label(lang), "value": e.code} for e in registry],
                className="pills",
                labelClassName="pill",
                inline=True,
            ),
            _problem_box(field),
        ]
    )


def _services_field(values, lang) -> html.Div:
    return html.Div(
        [
            _label("services", lang),
            dcc.Checklist(
                id=FIELDS["services"],
                value=values["services"],
                options=[{"label": " " + s.label(lang), "value": s.code} for s in SERVICES],
                labelClassName="d-block",
            ),
            _problem_box("services"),
        ]
    )


# -- callbacks --------------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    app.clientside_callback(MAP_SCRIPT, Output(TAP_SINK, "title"), Input(MAP, "figure"))

    @app.callback(
        Output(LAT, "value"),
        Output(LON, "value"),
        Output(MAP, "figure"),
        Output(AREAS, "children"),
        Input(TAP, "data"),
        Input(LAT, "value"),
        Input(LON, "value"),
        State(RECORD, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def move_point(tap, lat_text, lon_text, record, lang):
        """A tap sets the boxes; a pasted "lat, lon" is split; the marker and the areas follow the boxes."""
        lang, user = normalize_lang(lang), request_user()
        if not role_at_least(user, WRITER_ROLE):
            return no_update, no_update, no_update, _note(t("facility_form.signed_out", lang))
        new_lat = new_lon = no_update
        if ctx.triggered_id == TAP and tap:
            lat_text = new_lat = _coordinate(tap["lat"])
            lon_text = new_lon = _coordinate(tap["lon"])
        elif ctx.triggered_id == LAT and (pair := _split_pair(lat_text)):
            lat_text, lon_text = new_lat, new_lon = pair
        point = _point(lat_text, lon_text)
        figure = _figure(state, user, point, record or {}, lang)
        return new_lat, new_lon, figure, _areas(state, user, point, lang, typed=bool(lat_text or lon_text))

    problem_outputs = [Output(f"{component}-problem", "children") for component in FIELDS.values()]

    @app.callback(
        output={
            "message": Output(MESSAGE, "children"),
            "problems": problem_outputs,
            "record": Output(RECORD, "data"),
            "history": Output(HISTORY, "children"),
            "head": Output(HEAD, "children"),
            "path": Output(URL, "pathname", allow_duplicate=True),
            "search": Output(URL, "search", allow_duplicate=True),
        },
        inputs={"n_clicks": Input(SAVE, "n_clicks")},
        state={
            "values": [State(component, "value") for component in FIELDS.values()],
            "record": State(RECORD, "data"),
            "lang": State(LANG, "data"),
        },
        prevent_initial_call=True,
    )
    def save(n_clicks, values, record, lang):
        lang, user, record = normalize_lang(lang), request_user(), record or {}
        out = {
            "message": no_update,
            "problems": [None] * len(FIELDS),
            "record": no_update,
            "history": no_update,
            "head": no_update,
            "path": no_update,
            "search": no_update,
        }
        if not n_clicks:
            return out | {"problems": [no_update] * len(FIELDS)}
        if not role_at_least(user, WRITER_ROLE):
            return out | {"message": _note(t("facility_form.signed_out", lang))}
        try:
            with state.engine.begin() as conn:
                if record.get("id"):
                    result = update_facility(conn, state, record["id"], _form_fields(values), record["version"], user)
                else:
                    result = create_facility(conn, state, _form_fields(values), user)
        except StaleEdit as exc:
            return out | {"message": _stale_note(exc, record, lang)}
        except UserInputError as exc:
            boxes, others = _placed(exc.problems, lang)
            head = html.Div(t("facility_form.problems", lang, n=len(exc.problems)), className="fw-bold")
            return out | {"message": _note([head, *others], "danger"), "problems": boxes}
        facility = result.facility
        if not record.get("id"):  # the new facility's own page, with its history
            return out | {"path": f"{PREFIX}{facility['id']}", "search": "?saved=1"}
        with state.engine.connect() as conn:
            changes = facility_changes(conn, facility["id"])
        key = "facility_form.saved" if result.changes else "facility_form.unchanged"
        kind = "success" if result.changes else "info"
        return out | {
            "message": _note(
                [html.Div(t(key, lang, version=facility["version"])), *_warnings(result.warnings, lang)], kind
            ),
            "record": _record(facility) | {"view": record.get("view")},  # the map stays where it is
            "history": history_list(changes, facility, lang, state.registry),
            "head": version_head(facility, changes, lang),
        }

    @app.callback(
        output={
            "values": [Output(component, "value", allow_duplicate=True) for component in FIELDS.values()],
            "problems": [Output(f"{c}-problem", "children", allow_duplicate=True) for c in FIELDS.values()],
            "message": Output(MESSAGE, "children", allow_duplicate=True),
            "record": Output(RECORD, "data", allow_duplicate=True),
            "history": Output(HISTORY, "children", allow_duplicate=True),
            "head": Output(HEAD, "children", allow_duplicate=True),
        },
        inputs={"clicks": Input({"type": REVERT, "version": ALL}, "n_clicks")},
        state={"record": State(RECORD, "data"), "lang": State(LANG, "data")},
        prevent_initial_call=True,
    )
    def revert(clicks, record, lang):
        lang, user, record = normalize_lang(lang), request_user(), record or {}
        trigger = ctx.triggered_id
        out = {
            "values": [no_update] * len(FIELDS),
            "problems": [no_update] * len(FIELDS),
            "message": no_update,
            "record": no_update,
            "history": no_update,
            "head": no_update,
        }
        if not isinstance(trigger, dict) or not ctx.triggered[0]["value"] or not record.get("id"):
            return out  # a button appearing is not a tap on it
        if not role_at_least(user, WRITER_ROLE):
            return out | {"message": _note(t("facility_form.signed_out", lang))}
        try:
            with state.engine.begin() as conn:
                result = revert_facility(
                    conn, record["id"], trigger["version"], user, expected_version=record["version"]
                )
        except UserInputError as exc:  # said where the button was, over the history as it now stands
            note = (
                _stale_note(exc, record, lang)
                if isinstance(exc, StaleEdit)
                else _note(_both(exc.message_th, exc.message_en, lang), "danger")
            )
            with state.engine.connect() as conn:
                facility = get_facility(conn, record["id"])
                changes = facility_changes(conn, record["id"]) if facility else []
            return out | {"history": history_list(changes, facility, lang, state.registry, note) if facility else note}
        facility = result.facility
        with state.engine.connect() as conn:
            changes = facility_changes(conn, facility["id"])
        values = _values(facility, lang)
        text = (
            t("facility_form.reverted", lang, to=trigger["version"], version=facility["version"])
            if result.changes
            else t("facility_form.revert_unchanged", lang)
        )
        return {
            "values": [values[f] for f in FIELDS],
            "problems": [None] * len(FIELDS),
            "message": None,
            "record": _record(facility) | {"view": record.get("view")},  # the map stays where it is
            "history": history_list(changes, facility, lang, state.registry, _note(text, "success")),
            "head": version_head(facility, changes, lang),
        }


def _stale_note(exc: StaleEdit, record: dict, lang: str) -> html.Div:
    """Refused: who saved a newer version and when, and a way to load it (the typed values are kept until then)."""
    return _note(
        [
            html.Div(t("facility_form.stale", lang), className="fw-bold"),
            _both(exc.message_th, exc.message_en, lang),
            html.A(
                t("facility_form.reload", lang),
                href=f"{PREFIX}{record['id']}",
                className="btn btn-sm btn-outline-danger mt-1",
            ),
        ],
        "danger",
    )


# -- values between the form and the record ---------------------------------------------------------------------------
def _values(facility: dict | None, lang: str) -> dict:
    """The form's values for a stored facility (or the defaults of a new one), as text."""
    if facility is None:
        return {f: "" for f in FIELDS} | {"type": "vaccination_point", "status": "open", "services": []}
    out = {f: "" if facility.get(f) is None else str(facility[f]) for f in FIELDS if f not in ("services",)}
    out.update(
        facility_id=facility.get("external_id") or "",
        lat=_coordinate(facility["lat"]),
        lon=_coordinate(facility["lon"]),
        valid_from=_date_text(facility.get("valid_from"), lang),
        valid_to=_date_text(facility.get("valid_to"), lang),
        services=list(facility.get("services") or []),
    )
    return out


def _form_fields(values: list) -> dict:
    fields = dict(zip(FIELDS, values))
    pair = _split_pair(fields.get("lat"))
    if pair and not (fields.get("lon") or "").strip():  # pasted and saved before the boxes were split
        fields["lat"], fields["lon"] = pair
    return {k: (v if isinstance(v, list) else (v or "")) for k, v in fields.items()}


def _split_pair(text) -> tuple[str, str] | None:
    """ "18.7883, 98.9853" (as a map app copies a point) -> ("18.7883", "98.9853")."""
    match = _PAIR.match(str(text or "").translate(THAI_DIGITS))
    return (match.group(1), match.group(2)) if match else None


def _point(lat_text, lon_text) -> tuple[float, float] | None:
    try:
        lat = float(str(lat_text).translate(THAI_DIGITS).strip())
        lon = float(str(lon_text).translate(THAI_DIGITS).strip())
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _coordinate(value: float) -> str:
    return f"{float(value):.6f}"


def _date_text(day, lang: str) -> str:
    if not day:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return f"{day.day}/{day.month}/{day.year + 543}" if lang == "th" else day.isoformat()


# -- what the page shows ----------------------------------------------------------------------------------------------
def _note(children, kind: str = "warning") -> html.Div:
    return html.Div(children, className=f"alert alert-{kind} py-2 px-2 my-2 small")


def _both(th: str, en: str, lang: str) -> html.Div:
    """A message in the reader's language first, the other language after it (the upload report's wording)."""
    first, second = (th, en) if lang == "th" else (en, th)
    return html.Div([html.Span(first), html.Span(" · " + second, className="text-muted")])


def _placed(problems: list[Problem], lang: str) -> tuple[list, list]:
    """Each problem under its field; those of no field in the summary."""
    boxes: dict[str, list] = {f: [] for f in FIELDS}
    others = []
    for p in problems:
        field = _PROBLEM_FIELD.get(p.column or "", p.column)
        (boxes[field] if field in boxes else others).append(_both(p.message_th, p.message_en, lang))
    return [boxes[f] or None for f in FIELDS], others


def _warnings(warnings: list[Problem], lang: str) -> list:
    if not warnings:
        return []
    return [html.Div(t("facility_form.warnings", lang), className="fw-bold mt-1")] + [
        _both(w.message_th, w.message_en, lang) for w in warnings
    ]


def _record(facility: dict | None) -> dict:
    """What the page keeps of the stored facility: its id, the version the form shows, and its point (the view)."""
    if facility is None:
        return {}
    return {"id": facility["id"], "version": facility["version"], "view": [facility["lat"], facility["lon"]]}


def _figure(state, user: dict, point, record: dict, lang: str):
    """The map: the writer's area outlined (and fitted when there is no point yet), the point's subdistrict dashed."""
    area, fit = user["area"], None
    if area != "TH" and state.registry.get(area) is not None:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in state.registry.bounds(area))
        fit = [[min_lon, min_lat], [max_lon, max_lat]]
    point_area = None
    if point is not None:
        point_area = _outline(state, state.locator.locate_one(point[1], point[0])["subdistrict"])
    return picker_figure(
        point,
        t("facility_form.point", lang),
        _outline(state, area),
        fit,
        f"facility-{record.get('id') or 'new'}",
        state.settings.tile_url,
        point_area,
        tuple(record["view"]) if record.get("view") else None,
    )


def _outline(state, code: str | None) -> dict | None:
    if not code or code == "TH":
        return None
    frame = {2: state.boundaries.provinces, 4: state.boundaries.districts}.get(len(code), state.boundaries.subdistricts)
    shapes = frame.geometry[frame["code"] == code]
    return area_outline(shapes.iloc[0]) if len(shapes) else None


def _areas(state, user: dict, point, lang: str, typed: bool = True) -> list:
    if point is None:
        key = "facility_form.areas.bad" if typed and point is None else "facility_form.areas.none"
        return [html.Div(t(key, lang), className="text-muted")]
    codes = state.locator.locate_one(point[1], point[0])
    if codes["subdistrict"] is None:
        return [html.Div(t("facility_form.areas.outside_th", lang), className="text-danger fw-bold")]
    rows = []
    for level in ("province", "district", "subdistrict"):
        area = state.registry.get(codes[level])
        name = "–" if area is None else (area["name_th"] if lang == "th" else area["name_en"])
        rows.append(
            html.Div(
                [
                    html.Span(t(f"facility_form.field.{level}", lang) + ": ", className="text-muted"),
                    html.Span(f"{name} ({codes[level]})", className=f"area-{level}"),
                ]
            )
        )
    inside = state.registry.contains(user["area"], codes["subdistrict"])
    verdict = (
        html.Div("✓ " + t("facility_form.areas.inside", lang), className="text-success")
        if inside
        else html.Div(
            "⚠ " + t("facility_form.areas.outside_area", lang, area=user["area"]), className="text-danger fw-bold"
        )
    )
    return [html.Div(t("facility_form.areas", lang), className="fw-bold"), *rows, verdict]
