"""Tests of geo.locate: point → subdistrict, district, province; on three squares, then on the real boundaries."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.boundaries import Boundaries
from geo.locate import THAILAND_BBOX, AreaLocator, in_thailand_bbox

NOWHERE = {"subdistrict": None, "district": None, "province": None}


@pytest.fixture
def squares_locator(three_squares: gpd.GeoDataFrame) -> AreaLocator:
    return AreaLocator.from_subdistricts(three_squares)


@pytest.fixture(scope="module")
def real_locator(real_boundaries: Boundaries) -> AreaLocator:
    return AreaLocator.from_subdistricts(real_boundaries.subdistricts)


# -- three squares: 100101 [x 0..1] | 100102 [x 1..2] | 100201 [x 2..3], y 0..1 ------------------------------------
def test_points_inside_each_square(squares_locator: AreaLocator) -> None:
    found = squares_locator.locate([0.5, 1.5, 2.5], [0.5, 0.5, 0.5])
    assert list(found.columns) == ["subdistrict", "district", "province"]
    assert found.to_dict("records") == [
        {"subdistrict": "100101", "district": "1001", "province": "10"},
        {"subdistrict": "100102", "district": "1001", "province": "10"},
        {"subdistrict": "100201", "district": "1002", "province": "10"},
    ]


def test_a_point_on_a_shared_border_goes_to_the_lowest_code(squares_locator: AreaLocator) -> None:
    # x = 1 is the border of 100101 and 100102; x = 2 of 100102 and 100201; (1, 1) is a corner
    found = squares_locator.locate([1.0, 2.0, 1.0, 1.0], [0.5, 0.5, 1.0, 0.0])
    assert list(found["subdistrict"]) == ["100101", "100102", "100101", "100101"]


def test_the_border_rule_does_not_depend_on_row_order(three_squares: gpd.GeoDataFrame) -> None:
    shuffled = AreaLocator.from_subdistricts(three_squares.iloc[[2, 1, 0]].reset_index(drop=True))
    assert list(shuffled.locate([1.0, 2.0], [0.5, 0.5])["subdistrict"]) == ["100101", "100102"]


def test_the_outer_edge_counts_as_inside(squares_locator: AreaLocator) -> None:
    assert squares_locator.locate_one(0.0, 0.5)["subdistrict"] == "100101"
    assert squares_locator.locate_one(3.0, 1.0)["subdistrict"] == "100201"


@pytest.mark.parametrize(
    ("lon", "lat"), [(5.0, 5.0), (-0.001, 0.5), (1.5, 1.001), (np.nan, 0.5), (0.5, np.nan), (np.inf, 0.5)]
)
def test_points_outside_or_missing_are_none(squares_locator: AreaLocator, lon: float, lat: float) -> None:
    assert squares_locator.locate_one(lon, lat) == NOWHERE


def test_a_mixed_batch_keeps_its_order(squares_locator: AreaLocator) -> None:
    found = squares_locator.locate(np.array([np.nan, 2.5, 9.0, 0.5]), pd.Series([0.5, 0.5, 9.0, 0.5]))
    assert list(found["subdistrict"]) == [None, "100201", None, "100101"]
    assert list(found["province"]) == [None, "10", None, "10"]
    assert list(found.index) == [0, 1, 2, 3]


def test_no_points(squares_locator: AreaLocator) -> None:
    found = squares_locator.locate([], [])
    assert found.empty
    assert list(found.columns) == ["subdistrict", "district", "province"]


def test_all_points_outside(squares_locator: AreaLocator) -> None:
    found = squares_locator.locate([7.0, 8.0], [7.0, 8.0])
    assert found.to_dict("records") == [NOWHERE, NOWHERE]


# -- real boundaries ------------------------------------------------------------------------------------------------
def test_chiang_mai_old_city(real_locator: AreaLocator) -> None:
    found = real_locator.locate_one(98.9853, 18.7883)  # Tha Phae Gate
    assert found["province"] == "50"
    assert found["district"] == "5001"
    assert found["subdistrict"].startswith("5001")


def test_bangkok_grand_palace(real_locator: AreaLocator) -> None:
    found = real_locator.locate_one(100.4913, 13.7500)
    assert (found["province"], found["district"]) == ("10", "1001")  # Phra Nakhon


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(101.5, 10.0), (97.0, 8.0), (102.6, 17.97), (0.0, 0.0), (18.7883, 98.9853)],
    ids=["gulf of thailand", "andaman sea", "vientiane", "null island", "lat and lon swapped"],
)
def test_points_outside_thailand_are_none(real_locator: AreaLocator, lon: float, lat: float) -> None:
    assert real_locator.locate_one(lon, lat) == NOWHERE


def test_a_thousand_random_points_agree_with_the_province_polygons(
    real_locator: AreaLocator, real_boundaries: Boundaries
) -> None:
    rng = np.random.default_rng(7)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    lon = rng.uniform(min_lon, max_lon, 1_000)
    lat = rng.uniform(min_lat, max_lat, 1_000)
    found = real_locator.locate(lon, lat)
    assert len(found) == 1_000
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    joined = points.sjoin(real_boundaries.provinces[["code", "geometry"]], predicate="within", how="left")
    expected = joined.groupby(level=0)["code"].first().reindex(range(1_000))
    assert list(found["province"].fillna("-")) == list(expected.fillna("-"))
    inside = found["subdistrict"].notna()
    assert 300 < inside.sum() < 700  # Thailand fills about half its bounding box
    assert (found.loc[inside, "subdistrict"].str[:4] == found.loc[inside, "district"]).all()


def test_in_thailand_bbox() -> None:
    assert list(in_thailand_bbox([98.9853, 18.7883, 100.5], [18.7883, 98.9853, 13.75])) == [True, False, True]
