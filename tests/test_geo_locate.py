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


# -- the boundary tolerance, on the three squares at the equator: 0.001° of longitude is 111.3 m there --------------
# (geodesic on WGS84: 111.315 m along the parallel at latitude 0.5°, 110.575 m along a meridian)
EAST_M, NORTH_M = 111.315, 110.575


def placed(locator: AreaLocator, lon, lat, named=None, **kwargs) -> list[dict]:
    return locator.locate_within_tolerance(lon, lat, named, **kwargs).to_dict("records")


def test_a_point_inside_its_named_area_is_stored_there_at_zero_metres(squares_locator: AreaLocator) -> None:
    [at] = placed(squares_locator, [0.5], [0.5], ["1001"])
    assert (at["subdistrict"], at["lies_in"], at["outside_m"], at["named_m"]) == ("100101", "100101", 0.0, 0.0)
    assert at["in_named"] and not at["snapped"]


def test_a_point_just_outside_its_named_district_is_stored_in_it(squares_locator: AreaLocator) -> None:
    # x = 1.999 lies in 100102 (district 1001), 111 m west of district 1002 that the row names
    [at] = placed(squares_locator, [1.999], [0.5], ["1002"])
    assert (at["subdistrict"], at["district"], at["lies_in"]) == ("100201", "1002", "100102")
    assert at["outside_m"] == pytest.approx(EAST_M, abs=0.05) and at["named_m"] == pytest.approx(EAST_M, abs=0.05)
    assert at["in_named"] and at["snapped"]


def test_beyond_the_tolerance_the_point_stays_where_it_lies(squares_locator: AreaLocator) -> None:
    [at] = placed(squares_locator, [1.997], [0.5], ["1002"])  # 334 m from 1002
    assert (at["subdistrict"], at["lies_in"]) == ("100102", "100102")
    assert at["named_m"] == pytest.approx(3 * EAST_M, abs=0.1) and not at["in_named"] and not at["snapped"]


def test_the_tolerance_is_a_parameter(squares_locator: AreaLocator) -> None:
    [at] = placed(squares_locator, [1.997], [0.5], ["1002"], tolerance_m=400)
    assert at["subdistrict"] == "100201" and at["in_named"]
    [at] = placed(squares_locator, [1.999], [0.5], ["1002"], tolerance_m=100)
    assert at["subdistrict"] == "100102" and not at["in_named"]
    assert AreaLocator.from_subdistricts(squares_locator_frame(), tolerance_m=100).tolerance_m == 100


def squares_locator_frame():
    from shapely.geometry import box

    return gpd.GeoDataFrame({"code": ["100101"]}, geometry=[box(0, 0, 1, 1)], crs=4326)


def test_off_the_edge_within_the_tolerance_goes_to_the_nearest_subdistrict(squares_locator: AreaLocator) -> None:
    east, north, far = placed(squares_locator, [3.001, 2.5, 3.003], [0.5, 1.001, 0.5])
    assert (east["subdistrict"], east["lies_in"], east["snapped"]) == ("100201", None, True)
    assert east["outside_m"] == pytest.approx(EAST_M, abs=0.05)
    assert north["subdistrict"] == "100201" and north["outside_m"] == pytest.approx(NORTH_M, abs=0.05)
    assert far["subdistrict"] is None and far["outside_m"] == pytest.approx(3 * EAST_M, abs=0.1)


def test_off_the_edge_of_the_named_area_says_how_far_from_it(squares_locator: AreaLocator) -> None:
    [at] = placed(squares_locator, [2.5], [1.001], ["100201"])
    assert at["subdistrict"] == "100201" and at["named_m"] == pytest.approx(NORTH_M, abs=0.05)
    # named 100101 but off the far end: the named area is 222 km away; the point is 111 m off the country
    [at] = placed(squares_locator, [3.001], [0.5], ["100101"])
    assert not at["in_named"] and at["named_m"] == pytest.approx(2_000 * EAST_M, rel=1e-3)
    assert at["subdistrict"] == "100201" and at["outside_m"] == pytest.approx(EAST_M, abs=0.05)


def test_the_nearest_of_two_neighbours_wins(squares_locator: AreaLocator) -> None:
    # above the corner x = 1: 100101 and 100102 are equally near; below x = 1.0005 100102 is nearer
    [at] = placed(squares_locator, [1.0005], [1.001])
    assert at["subdistrict"] == "100102" and at["outside_m"] == pytest.approx(NORTH_M, abs=0.05)


def test_no_name_an_empty_name_or_the_whole_country_name_nothing(squares_locator: AreaLocator) -> None:
    for named in (None, [None], [""], ["TH"], [float("nan")]):
        [at] = placed(squares_locator, [1.5], [0.5], named)
        assert at["subdistrict"] == "100102" and at["in_named"] and np.isnan(at["named_m"])


def test_missing_and_faraway_points(squares_locator: AreaLocator) -> None:
    missing, null_island_swap = placed(squares_locator, [np.nan, 50.0], [0.5, 50.0], [None, "10"])
    assert missing["subdistrict"] is None and np.isnan(missing["outside_m"])
    assert null_island_swap["subdistrict"] is None and null_island_swap["outside_m"] == np.inf
    assert not null_island_swap["in_named"]


def test_a_batch_gives_what_each_point_gives_alone(squares_locator: AreaLocator) -> None:
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(-0.01, 3.01, 400), rng.uniform(-0.01, 1.01, 400)
    named = rng.choice(np.array([None, "10", "1001", "1002", "100102"], dtype=object), 400)
    batch = squares_locator.locate_within_tolerance(lon, lat, named)
    for i in range(0, 400, 37):
        alone = squares_locator.locate_one_within_tolerance(lon[i], lat[i], named[i])
        assert alone["subdistrict"] == batch["subdistrict"][i]
        assert alone["outside_m"] == pytest.approx(batch["outside_m"][i], nan_ok=True)


def test_real_boundaries_a_pier_and_the_open_sea(real_locator: AreaLocator) -> None:
    # Tha Phae Gate is in Mueang Chiang Mai, 40 km from Chom Thong; the Gulf of Thailand is far from everything
    gate, gulf = placed(real_locator, [98.9853, 101.5], [18.7883, 10.0], ["5002", None])
    assert gate["district"] == "5001" and not gate["in_named"] and 30_000 < gate["named_m"] < 60_000
    assert gulf["subdistrict"] is None and gulf["outside_m"] > 100_000


def test_a_point_on_the_border_of_its_named_area_is_inside_it(squares_locator: AreaLocator) -> None:
    # x = 2 is the border of 100102 (where the lowest-code rule puts it) and 100201 (district 1002)
    [at] = placed(squares_locator, [2.0], [0.5], ["1002"])
    assert (at["subdistrict"], at["lies_in"], at["outside_m"]) == ("100201", "100102", 0.0)
    assert at["in_named"] and not at["snapped"]
