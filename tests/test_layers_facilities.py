"""Facility markers: a distinct circle composition per type, hover cards that name synthetic records, clusters."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from layers.facilities import (
    CLUSTER_NAME,
    DESIGNS,
    SHAPE_DESIGNS,
    cluster_svg,
    design_for,
    facility_traces,
    symbol_svg,
    trace_count,
    view_bbox,
    viewport_from_relayout,
)

TYPES = [
    ("vaccination_point", "Vaccination point", "#0072B2", "circle"),
    ("test_site", "COVID test site", "#E69F00", "diamond"),
    ("hospital", "Hospital", "#D55E00", "square"),
    ("field_hospital", "Field hospital", "#CC79A7", "triangle"),
    ("community_isolation", "Community isolation centre", "#009E73", "star"),
]
LABELS = {
    "beds": "beds",
    "beds_available": "Beds free",
    "hours": "Hours",
    "phone": "Phone",
    "valid": "Open {start} – {end}",
    "synthetic": "synthetic (demo)",
    "cluster": "{n} facilities",
    "cluster_synthetic": "{n} synthetic (demo)",
    "zoom_in": "zoom in to see each one",
}


def five_points() -> pd.DataFrame:
    """Two vaccination points, two hospitals (one with beds), one synthetic field hospital open for six months."""
    return pd.DataFrame(
        {
            "type": ["vaccination_point", "vaccination_point", "hospital", "hospital", "field_hospital"],
            "name": ["VP 1", "VP 2", "Hospital A", "Hospital <B>", "Field hospital C"],
            "type_label": ["Vaccination point"] * 2 + ["Hospital"] * 2 + ["Field hospital"],
            "status_label": ["Open", "Full", "Open", "Open", "Open"],
            "lat": [13.0, 13.1, 14.0, 14.1, 15.0],
            "lon": [100.0, 100.1, 101.0, 101.1, 102.0],
            "beds_total": [None, None, 300, None, 120],
            "beds_available": [None, None, 25, None, None],
            "opening_hours": ["08:30-16:30", None, None, None, "24 h"],
            "phone": [None, None, "053 123 456", None, None],
            "valid_from": [None, None, None, None, dt.date(2021, 7, 1)],
            "valid_to": [None, None, None, None, dt.date(2021, 12, 31)],
            "synthetic": [False, False, False, False, True],
        }
    )


def no_clusters() -> pd.DataFrame:
    return pd.DataFrame(columns=["lon", "lat", "count", "synthetic_count"])


def by_name(traces) -> dict:
    return {t.name: t for t in traces}


def test_every_type_has_its_own_design_and_colour():
    designs = [SHAPE_DESIGNS[shape] for *_, shape in TYPES]
    assert len(set(designs)) == len(TYPES)  # shape alone tells the five types apart
    assert len({color for _, _, color, _ in TYPES}) == len(TYPES)
    for circles in DESIGNS.values():  # stacked from the largest down, with a visible edge
        sizes = [c.size_px for c in circles]
        assert sizes == sorted(sizes, reverse=True)


def test_five_points_of_three_types_go_to_their_types_traces():
    traces = by_name(facility_traces(five_points(), no_clusters(), TYPES, LABELS))
    assert list(traces["facilities:vaccination_point"].lat) == [13.0, 13.1]
    assert list(traces["facilities:hospital"].lon) == [101.0, 101.1]
    assert list(traces["facilities:field_hospital"].lat) == [15.0]
    assert len(traces["facilities:test_site"].lat) == 0  # present but empty: trace indices never move
    # the decoration circles repeat the points and carry no hover
    assert list(traces["facilities:hospital:3"].lat) == [14.0, 14.1]
    assert traces["facilities:hospital:3"].hoverinfo == "skip"


def test_the_marker_designs_differ_between_types():
    traces = facility_traces(five_points(), no_clusters(), TYPES, LABELS)

    def design(code):
        return [
            (t.marker.size, t.marker.color, t.marker.opacity)
            for t in traces
            if t.name == f"facilities:{code}" or t.name.startswith(f"facilities:{code}:")
        ]

    disc, bullseye, halo = design("vaccination_point"), design("hospital"), design("field_hospital")
    assert disc == [(14, "#ffffff", 1.0), (11, "#0072B2", 1.0)]
    assert bullseye == [(19, "#ffffff", 1.0), (16, "#D55E00", 1.0), (10, "#ffffff", 1.0), (5, "#D55E00", 1.0)]
    assert halo[0] == (26, "#CC79A7", 0.3)
    assert len({len(disc), len(bullseye), len(halo)}) == 3


def test_hover_card_names_type_status_beds_hours_dates_and_synthetic():
    traces = by_name(facility_traces(five_points(), no_clusters(), TYPES, LABELS, format_date=lambda d: d.isoformat()))
    vp1, vp2 = traces["facilities:vaccination_point"].text
    hospital_a, hospital_b = traces["facilities:hospital"].text
    (field,) = traces["facilities:field_hospital"].text
    assert vp1.startswith("<b>VP 1</b><br>Vaccination point · Open") and "Hours: 08:30-16:30" in vp1
    assert "Full" in vp2 and "synthetic" not in vp2
    assert "Beds free: 25 / 300" in hospital_a and "Phone: 053 123 456" in hospital_a
    assert "Hospital &lt;B&gt;" in hospital_b  # names are escaped
    assert "120 beds" in field and "Open 2021-07-01 – 2021-12-31" in field
    assert "⚠ synthetic (demo)" in field
    assert not any("synthetic" in text for text in (vp1, hospital_a, hospital_b))


def test_clusters_are_one_trace_with_one_marker_per_cluster_sized_by_count():
    clusters = pd.DataFrame(
        {
            "lon": [100.0, 101.0, 102.0],
            "lat": [13.0, 14.0, 15.0],
            "count": [400, 100, 1],
            "synthetic_count": [0, 7, 0],
            "count_vaccination_point": [300, 100, 0],
            "count_hospital": [100, 0, 1],
        }
    )
    traces = facility_traces(five_points().iloc[0:0], clusters, TYPES, LABELS)
    assert len(traces) == trace_count(TYPES)
    cluster = by_name(traces)[CLUSTER_NAME]
    assert len(cluster.lat) == 3
    sizes = list(cluster.marker.size)
    assert sizes[0] == 42 and sizes[0] > sizes[1] > sizes[2]
    assert sizes[0] / sizes[1] < 4  # area, not diameter, follows the count (sqrt)
    assert cluster.text[0].startswith("<b>400 facilities</b><br>Vaccination point: 300<br>Hospital: 100")
    assert "7 synthetic (demo)" in cluster.text[1] and "Hospital" not in cluster.text[1]
    assert all(len(t.lat) == 0 for t in traces if t.name.startswith("facilities:"))


def test_the_trace_count_is_the_same_for_points_and_clusters():
    with_points = facility_traces(five_points(), no_clusters(), TYPES, LABELS)
    assert len(with_points) == trace_count(TYPES) == sum(len(design_for(s)) for *_, s in TYPES) + 2
    assert [t.name for t in with_points][-1] == CLUSTER_NAME


def test_legend_symbols_are_drawn_from_the_same_circles():
    svg = symbol_svg("square", "#D55E00")
    assert svg.startswith("<svg") and svg.count("<circle") == len(DESIGNS["bullseye"]) + 1  # + the grey edge
    assert 'fill="#D55E00"' in svg
    assert symbol_svg("circle", "#0072B2") != symbol_svg("diamond", "#0072B2")
    assert "<circle" in cluster_svg()


def test_the_viewport_comes_from_the_corners_plotly_reports_or_from_centre_and_zoom():
    corners = [[99.0, 15.0], [101.0, 15.0], [101.0, 13.0], [99.0, 13.0]]
    assert viewport_from_relayout(
        {"map.center": {"lon": 100, "lat": 14}, "map.zoom": 7.5, "map._derived": {"coordinates": corners}}
    ) == {"bbox": [99.0, 13.0, 101.0, 15.0], "zoom": 7.5}
    assert viewport_from_relayout({"autosize": True}) is None
    derived = viewport_from_relayout({"map.center": {"lon": 100.5, "lat": 13.75}, "map.zoom": 10})
    west, south, east, north = derived["bbox"]
    # 1000 px at zoom 10 is 1000 / (512 * 1024) of 360 degrees = 0.687 degrees of longitude
    assert east - west == pytest.approx(0.6866, abs=1e-3) and south < 13.75 < north
    assert view_bbox(0, 0, 0, 512, 512) == pytest.approx((-180, -85.05, 180, 85.05), abs=0.01)


# -- the whole path: the coverage page's callbacks with 100,000 facilities -----------------------------------------
@pytest.fixture(scope="module")
def crowded_app(tmp_path_factory, base_state, deployed_template):
    """The app on a fresh SQLite database holding 100,000 facilities spread over Thailand (no other data)."""
    from fixtures_app import state_on
    from test_data_facility_layer import MANY, insert_random_facilities

    from app import create_app

    data_dir = tmp_path_factory.mktemp("crowded")
    state = state_on(base_state, data_dir, deployed_template)  # as build_state makes it; geometry shared
    insert_random_facilities(state.engine, MANY)
    app = create_app(state.settings, state)
    yield app
    state.engine.dispose()


def run_callback(app, output_part: str, values: dict, changed: str) -> dict:
    """POST one callback as the browser does; ``values`` by "id.property" for its inputs and states."""
    client = app.server.test_client()
    client.get("/")  # the first request sets the callbacks up
    key = next(k for k in app.callback_map if output_part in k)
    spec = app.callback_map[key]
    as_values = lambda items: [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]  # noqa: E731
    body = {
        "output": key,
        "outputs": [{"id": o.component_id, "property": o.component_property} for o in spec["output"]],
        "inputs": as_values(spec["inputs"]),
        "state": as_values(spec["state"]),
        "changedPropIds": [changed],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def scattermap_circles(traces) -> int:
    return sum(len(t.get("lat") or []) for t in traces if t.get("type") == "scattermap")


def sent_figure(app, layers, viewport=None, types=None) -> tuple[list, list, dict]:
    """(the page's full figure traces, the facility traces the facility layer patches in, the legend)."""
    view = {"coverage-view.data": "", "coverage-layers.value": layers, "lang-store.data": "en"}
    drawn = run_callback(app, "coverage-crumbs.children", view, "coverage-view.data")
    traces = drawn["coverage-map"]["figure"]["data"]
    map_key = drawn["coverage-map-key"]["data"]
    patched = run_callback(
        app,
        "facility-legend.children",
        {
            **view,
            "coverage-map-key.data": map_key,
            "coverage-map-viewport.data": viewport and {**viewport, "revision": "|".join(map_key.split("|")[:2])},
            "facility-types.value": types,
            "facility-status.value": None,
        },
        "coverage-map-key.data",
    )
    operations = patched["coverage-map"]["figure"]["operations"]
    assert all(op["operation"] == "Assign" and op["location"][0] == "data" for op in operations)
    assert [op["location"][1] for op in operations] == list(range(4, len(traces)))  # exactly the facility traces
    return traces, [op["params"]["value"] for op in operations], patched["facility-legend"]["children"]


@pytest.mark.system
@pytest.mark.parametrize(
    "viewport",
    [
        None,  # the whole country, as the page opens
        {"bbox": [99.5, 12.5, 101.5, 14.5], "zoom": 8},  # central Thailand
        {"bbox": [100.3, 13.6, 100.8, 13.95], "zoom": 10.5},  # Bangkok: each facility on its own
        {"bbox": [97.5, 5.7, 105.5, 20.4], "zoom": 18},  # a zoom that does not fit the box: still grouped
    ],
)
def test_the_coverage_map_never_sends_more_than_2000_circles_with_100000_facilities(crowded_app, viewport):
    traces, facility, legend = sent_figure(crowded_app, ["districts", "facilities"], viewport)
    others = traces[:4]
    total = scattermap_circles(others) + scattermap_circles(facility)
    assert 0 < total <= 2000
    assert scattermap_circles(traces[4:]) == 0  # the full figure carries empty facility traces only
    clusters = next(t for t in facility if t["name"] == CLUSTER_NAME)
    markers = [t for t in facility if t["name"] == CLUSTER_NAME or t["name"].count(":") == 1]
    assert 0 < scattermap_circles(markers) <= 2000
    if viewport and viewport["zoom"] == 10.5:
        assert len(clusters["lat"]) == 0  # zoomed in: single facilities, with their hover cards
        hovers = [text for t in facility if t["name"].count(":") == 1 for text in t.get("text", [])]
        assert any("synthetic (demo)" in text for text in hovers)
    else:
        assert len(clusters["lat"]) > 0 and "facilities" in clusters["text"][0]
    assert "Facilities open on" in str(legend)


def test_unticking_every_type_empties_the_layer(crowded_app):
    _, facility, legend = sent_figure(crowded_app, ["facilities"], types=[])
    assert scattermap_circles(facility) == 0
    assert "no facility matches" in str(legend)


def test_without_the_facility_layer_the_figure_has_no_facility_traces(crowded_app):
    view = {"coverage-view.data": "", "coverage-layers.value": ["districts"], "lang-store.data": "en"}
    drawn = run_callback(crowded_app, "coverage-crumbs.children", view, "coverage-view.data")
    assert len(drawn["coverage-map"]["figure"]["data"]) == 4
