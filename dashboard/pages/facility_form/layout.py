"""The facility form's tree: the map and the point's boxes, the details, the save button, the history."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.facility_form.form_values import form_values, parse_point, record_of
from dashboard.pages.facility_form.ids import (
    AREAS,
    FIELDS,
    HEAD,
    HISTORY,
    MAP,
    MESSAGE,
    NOTE,
    RECORD,
    SAVE,
    TAP,
    problem_id,
)
from dashboard.pages.facility_form.view import added_note
from dashboard.pages.facility_form.view_history import history_list, version_head
from dashboard.pages.facility_form.view_map import point_areas, point_figure
from dashboard.state import current
from dashboard.ui.map_events import map_event_parts
from data.facility_edit import facility_and_changes, facility_warnings
from data.fields import whole_number
from data.params import DATABASE_INT_MAX
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, SERVICES
from data.scope import row_within

PATH = "/facility"


def layout(lang: str, search: str = "", user: dict | None = None, path: str = PATH) -> html.Div:
    """/facility/new (or /facility) for a new facility, /facility/<id> for a stored one in the writer's area."""
    state, key = current(), path.removeprefix(PATH).strip("/")
    facility, changes = None, []
    if key not in ("", "new"):
        facility_id = whole_number(key)
        if facility_id is None or facility_id > DATABASE_INT_MAX:
            return _page_note(t("facility_form.not_found", lang, id=key))
        with state.engine.connect() as conn:
            facility, changes = facility_and_changes(conn, facility_id)
        if facility is None:
            return _page_note(t("facility_form.not_found", lang, id=key))
        if not row_within(facility, user["area"]):
            return _page_note(t("facility_form.outside", lang, area=user["area"]))
    values, record = form_values(facility, lang), record_of(facility)
    point = parse_point(values["lat"], values["lon"])
    saved = _added(state, facility, user, lang) if "saved=1" in (search or "") else None
    return html.Div(
        className="facility-form px-3 py-3",
        children=[
            dcc.Store(id=RECORD, data=record),
            dcc.Store(id=TAP),
            *map_event_parts(MAP, tap_id=TAP),
            dcc.Link(t("facility_form.back", lang), href="/facilities", className="small"),
            html.Div(version_head(facility, changes, lang), id=HEAD, className="mb-2"),
            html.H2(t("facility_form.location", lang), className="h6 mt-2"),
            html.Div(t("facility_form.tap_hint", lang), className="small text-muted mb-1"),
            html.Div(
                className="facility-map-box",
                children=[
                    dcc.Graph(
                        id=MAP,
                        figure=point_figure(state, user, point, record, lang),
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
            html.Div(
                point_areas(state, user, point, lang, typed=bool(values["lat"] or values["lon"])),
                id=AREAS,
                className="facility-areas",
                **{"aria-live": "polite"},
            ),
            *_details(values, lang),
            html.Div(saved, id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Button(
                t("facility_form.save", lang), id=SAVE, n_clicks=0, className="btn btn-primary w-100 my-2 facility-save"
            ),
            html.Div(history_list(changes, facility, lang, state.registry), id=HISTORY),
        ],
    )


def _added(state, facility: dict | None, user: dict, lang: str) -> html.Div:
    """A new facility's page after its save: added, and its warnings (a likely duplicate is already queued)."""
    if facility is None:
        return added_note([], lang)
    with state.engine.connect() as conn:
        return added_note(facility_warnings(conn, state, facility["id"], user), lang)


def _details(values: dict, lang: str) -> list:
    """Everything but the point, in the upload's order."""
    date_example = t("facility_form.date_example", lang)
    return [
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
                _text_field("valid_from", values, lang, col="col-6", placeholder=date_example),
                _text_field("valid_to", values, lang, col="col-6", placeholder=date_example),
            ],
            className="row g-2",
        ),
        _services_field(values, lang),
    ]


def _page_note(text: str) -> html.Div:
    return html.Div(
        [html.P(text, className="h6"), dcc.Link("← /facilities", href="/facilities")],
        className="p-4",
        id=NOTE,
    )


def _label(field: str, lang: str, required: bool = False) -> html.Label:
    extra = [html.Span(" " + t("facility_form.required", lang), className="text-muted small")] if required else []
    return html.Label(
        [t(f"facility_form.field.{field}", lang), *extra], htmlFor=FIELDS[field], className="form-label small mb-0 mt-2"
    )


def _problem_box(field: str) -> html.Div:
    return html.Div(id=problem_id(field), className="field-problem small text-danger", role="alert")


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
