"""The facility layer's query: points when few, server-side grid clusters when many; open on the chosen date."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import sqlalchemy as sa

from data.facility_layer import cell_size_deg, facility_markers
from data.registries import FACILITY_TYPES
from data.schema import facilities

THAILAND = (97.5, 5.7, 105.5, 20.4)
NOW = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
MANY = 100_000


def insert_random_facilities(engine: sa.Engine, n: int, seed: int = 7, batch: int = 10_000) -> None:
    """``n`` facilities at seeded random points in Thailand's bounding box; all open and always valid."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(THAILAND[0], THAILAND[2], n).round(5)
    lat = rng.uniform(THAILAND[1], THAILAND[3], n).round(5)
    codes = FACILITY_TYPES.codes
    kinds = rng.integers(0, len(codes), n)
    with engine.begin() as conn:
        for start in range(0, n, batch):
            conn.execute(
                sa.insert(facilities),
                [
                    {
                        "type": codes[kinds[i]],
                        "name_th": f"สถานที่ {i}",
                        "lat": float(lat[i]),
                        "lon": float(lon[i]),
                        "status": "open",
                        "updated_at": NOW,
                        "version": 1,
                        "synthetic": bool(i % 10 == 0),
                    }
                    for i in range(start, min(start + batch, n))
                ],
            )


def add(conn, **values) -> None:
    row = {
        "type": "vaccination_point",
        "name_th": "จุด",
        "lat": 13.75,
        "lon": 100.5,
        "status": "open",
        "updated_at": NOW,
        "version": 1,
        "synthetic": False,
        **values,
    }
    conn.execute(sa.insert(facilities), [row])


@pytest.fixture(scope="module")
def many(module_engine):
    insert_random_facilities(module_engine, MANY)
    return module_engine


@pytest.mark.system
def test_at_national_zoom_100000_facilities_become_at_most_2000_clusters_that_count_them_all(many):
    with many.connect() as conn:
        points, clusters = facility_markers(conn, zoom=4.8, on_date=dt.date(2022, 6, 1))
    assert points.empty
    assert 0 < len(clusters) <= 2000
    assert clusters["count"].sum() == MANY
    per_type = clusters[[f"count_{code}" for code in FACILITY_TYPES.codes]].sum(axis=1)
    assert (per_type == clusters["count"]).all()
    assert clusters["synthetic_count"].sum() == MANY // 10
    # a cluster sits at its members' mean, so inside the box the points were drawn from
    assert clusters["lon"].between(THAILAND[0], THAILAND[2]).all()
    assert clusters["lat"].between(THAILAND[1], THAILAND[3]).all()


@pytest.mark.system
def test_at_any_zoom_the_cluster_count_stays_within_the_budget(many):
    with many.connect() as conn:
        for zoom in (0, 6, 9, 14, 20):
            points, clusters = facility_markers(conn, zoom=zoom, max_markers=2000)
            assert points.empty and len(clusters) <= 2000, zoom
            assert clusters["count"].sum() == MANY
        _, few = facility_markers(conn, zoom=14, max_markers=50)
    assert len(few) <= 50 and few["count"].sum() == MANY


@pytest.mark.system
def test_zoomed_in_on_a_small_box_the_facilities_come_one_by_one_and_all_inside_it(many):
    box = (100.45, 13.70, 100.60, 13.80)  # central Bangkok, about 16 km by 11 km
    with many.connect() as conn:
        points, clusters = facility_markers(conn, zoom=13, bbox=box, lang="en")
    assert clusters.empty
    assert 0 < len(points) <= 2000
    assert points["lon"].between(box[0], box[2]).all() and points["lat"].between(box[1], box[3]).all()
    assert {"name", "type_label", "status_label", "synthetic", "beds_total", "opening_hours"} <= set(points.columns)
    assert set(points["status_label"]) == {"Open"}


@pytest.mark.system
def test_type_and_status_filters(many):
    with many.connect() as conn:
        _, clusters = facility_markers(conn, types=["hospital"], zoom=5)
        _, none = facility_markers(conn, statuses=["closed"], zoom=5)
    assert clusters["count"].sum() == clusters["count_hospital"].sum() > 0
    assert clusters["count_vaccination_point"].sum() == 0
    assert none.empty


def test_temporary_facilities_show_only_while_they_are_open(engine):
    with engine.begin() as conn:
        add(conn, name_th="ถาวร")  # no dates: always
        add(conn, name_th="สนาม", type="field_hospital", valid_from=dt.date(2021, 7, 1), valid_to=dt.date(2021, 12, 31))
        add(conn, name_th="พักคอย", type="community_isolation", valid_from=dt.date(2021, 8, 15))
        add(conn, name_th="ปิดแล้ว", type="test_site", valid_to=dt.date(2021, 7, 31))

    def open_on(day):
        with engine.connect() as conn:
            points, _ = facility_markers(conn, on_date=day)
        return sorted(points["name_th"])

    assert open_on(dt.date(2021, 6, 30)) == sorted(["ถาวร", "ปิดแล้ว"])
    assert open_on(dt.date(2021, 7, 1)) == sorted(["ถาวร", "สนาม", "ปิดแล้ว"])  # the first day counts
    assert open_on(dt.date(2021, 7, 31)) == sorted(["ถาวร", "สนาม", "ปิดแล้ว"])  # so does the last
    assert open_on(dt.date(2021, 9, 1)) == sorted(["ถาวร", "สนาม", "พักคอย"])
    assert open_on(dt.date(2022, 1, 1)) == sorted(["ถาวร", "พักคอย"])


def test_points_carry_the_hover_fields_in_the_chosen_language(engine):
    with engine.begin() as conn:
        add(
            conn,
            name_th="โรงพยาบาลสนาม ก",
            name_en="Field hospital A",
            type="field_hospital",
            beds_total=120,
            beds_available=12,
            opening_hours="24 ชม.",
            synthetic=True,
        )
        add(conn, name_th="จุดตรวจ ข", type="test_site", status="full")
    with engine.connect() as conn:
        th, _ = facility_markers(conn, lang="th")
        en, _ = facility_markers(conn, lang="en")
    assert list(th["name"]) == ["โรงพยาบาลสนาม ก", "จุดตรวจ ข"]
    assert list(en["name"]) == ["Field hospital A", "จุดตรวจ ข"]  # no English name: the Thai one
    assert list(th["type_label"]) == ["โรงพยาบาลสนาม", "จุดตรวจโควิด"]
    assert list(en["status_label"]) == ["Open", "Full"]
    assert list(th["synthetic"]) == [True, False]
    assert int(th["beds_available"].iloc[0]) == 12


def test_few_facilities_in_many_cells_are_clustered_when_over_the_budget(engine):
    """Five points, a budget of three: two cells at 1° (100.2/100.4 and 101.5), counts add up."""
    with engine.begin() as conn:
        for lon, kind in (
            (100.2, "hospital"),
            (100.4, "hospital"),
            (100.3, "test_site"),
            (101.5, "hospital"),
            (101.6, "test_site"),
        ):
            add(conn, lon=lon, lat=13.5, type=kind)
    with engine.connect() as conn:
        points, clusters = facility_markers(conn, zoom=5, max_markers=3)
    assert points.empty
    clusters = clusters.sort_values("lon").reset_index(drop=True)
    assert list(clusters["count"]) == [3, 2]
    assert list(clusters["count_hospital"]) == [2, 1] and list(clusters["count_test_site"]) == [1, 1]
    assert clusters.loc[0, "lon"] == pytest.approx(100.3) and clusters.loc[1, "lon"] == pytest.approx(101.55)


def test_cell_size_follows_the_zoom_and_grows_to_fit_the_budget():
    assert cell_size_deg(5, THAILAND, 2000) == 1.0
    assert cell_size_deg(6, THAILAND, 2000) == 0.5  # one zoom level in: cells split in four
    assert cell_size_deg(18, THAILAND, 2000) == 0.25  # 32 x 60 cells over Thailand: within 2,000
