"""The facility form's map and the areas its point falls in, from the app's boundaries and area registry."""

from __future__ import annotations

from dash import html

from dashboard.i18n import t
from dashboard.ui.areas import area_label
from data.scope import COUNTRY, within
from layers.picker_map import area_outline, picker_figure

_LEVELS = ("province", "district", "subdistrict")


def point_figure(state, user: dict, point, record: dict, lang: str):
    """The map: the writer's area outlined (and fitted when there is no point yet), the point's subdistrict dashed."""
    area, fit = user["area"], None
    if area != COUNTRY and state.registry.get(area) is not None:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in state.registry.bounds(area))
        fit = [[min_lon, min_lat], [max_lon, max_lat]]
    point_area = None
    if point is not None:
        point_area = _outline(state, _placed(state, user, point)["subdistrict"])
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
    if not code or code == COUNTRY:
        return None
    frame = {2: state.boundaries.provinces, 4: state.boundaries.districts}.get(len(code), state.boundaries.subdistricts)
    shapes = frame.geometry[frame["code"] == code]
    return area_outline(shapes.iloc[0]) if len(shapes) else None


def point_areas(state, user: dict, point, lang: str, typed: bool = False) -> list:
    """The province, district and subdistrict of the point, and whether it lies in the writer's own area."""
    if point is None:
        key = "facility_form.areas.bad" if typed else "facility_form.areas.none"
        return [html.Div(t(key, lang), className="text-muted")]
    codes = _placed(state, user, point)
    if codes["subdistrict"] is None:
        return [html.Div(t("facility_form.areas.outside_th", lang), className="text-danger fw-bold")]
    rows = [
        html.Div(
            [
                html.Span(t(f"facility_form.field.{level}", lang) + ": ", className="text-muted"),
                html.Span(area_label(state.registry, codes[level], lang), className=f"area-{level}"),
            ]
        )
        for level in _LEVELS
    ]
    verdict = (
        html.Div("✓ " + t("facility_form.areas.inside", lang), className="text-success")
        if within(codes["subdistrict"], user["area"])
        else html.Div(
            "⚠ " + t("facility_form.areas.outside_area", lang, area=user["area"]), className="text-danger fw-bold"
        )
    )
    return [html.Div(t("facility_form.areas", lang), className="fw-bold"), *rows, verdict]


def _placed(state, user: dict, point) -> dict:
    """The point's areas under the boundary tolerance, as the save places it (data.facility_edit)."""
    return state.locator.locate_one_within_tolerance(point[1], point[0], named=user["area"])
