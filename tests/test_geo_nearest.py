"""geo.nearest: exact geodesic k-nearest over an ECEF k-d tree, checked on paper and against the brute-force scan."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from geo.nearest import NearestIndex, brute_force_nearest, ecef, geodesic_m

WGS84 = Geod(ellps="WGS84")
ONE_DEGREE_EQUATOR_M = 111_319.49  # 2πa / 360, a = 6,378,137 m: one degree of longitude along the equator
ONE_DEGREE_MERIDIAN_M = 110_574.39  # the meridian arc from the equator to 1° of latitude
THAILAND_BBOX = (97.5, 5.7, 105.5, 20.4)  # min lon, min lat, max lon, max lat

# Five points around (0, 0), positions 0..4 (lon, lat). From (0, 0):
#   0: 1° east on the equator       111,319.49 m
#   1: 1° north on the meridian     110,574.39 m  (a degree of latitude is shorter than one of longitude here)
#   2: 1° west on the equator       111,319.49 m  (the same as 0, by symmetry)
#   3: 1° south on the meridian     110,574.39 m  (the same as 1)
#   4: 2° east on the equator       222,638.98 m
# Nearest first, ties by position: 1, 3, 0, 2, 4.
FIVE_LON = [1.0, 0.0, -1.0, 0.0, 2.0]
FIVE_LAT = [0.0, 1.0, 0.0, -1.0, 0.0]
FIVE_M = [
    ONE_DEGREE_EQUATOR_M,
    ONE_DEGREE_MERIDIAN_M,
    ONE_DEGREE_EQUATOR_M,
    ONE_DEGREE_MERIDIAN_M,
    2 * ONE_DEGREE_EQUATOR_M,
]


@pytest.fixture(scope="module")
def five() -> NearestIndex:
    return NearestIndex.build(FIVE_LON, FIVE_LAT)


# -- distances ----------------------------------------------------------------------------------------------------
def test_one_degree_of_longitude_on_the_equator():
    assert geodesic_m(0.0, 0.0, [1.0], [0.0])[0] == pytest.approx(ONE_DEGREE_EQUATOR_M, abs=0.01)
    assert geodesic_m(100.0, 0.0, [101.0], [0.0])[0] == pytest.approx(ONE_DEGREE_EQUATOR_M, abs=0.01)
    assert geodesic_m(0.0, 0.0, [0.0], [1.0])[0] == pytest.approx(ONE_DEGREE_MERIDIAN_M, abs=0.01)


def test_the_five_points_distances_on_paper():
    distances = geodesic_m(0.0, 0.0, FIVE_LON, FIVE_LAT)
    np.testing.assert_allclose(distances, FIVE_M, atol=0.01)
    assert distances[0] == distances[2] and distances[1] == distances[3]  # exact ties, so position decides


def test_geodesic_m_agrees_with_pyproj_geod_within_a_thousandth():
    rng = np.random.default_rng(1)
    lon0, lat0 = rng.uniform(97.5, 105.5, 50), rng.uniform(5.7, 20.4, 50)
    lon, lat = rng.uniform(97.5, 105.5, 200), rng.uniform(5.7, 20.4, 200)
    for x, y in zip(lon0, lat0):
        ours = geodesic_m(x, y, lon, lat)
        _, _, reference = WGS84.inv(np.full(len(lon), x), np.full(len(lat), y), lon, lat)
        np.testing.assert_allclose(ours, reference, rtol=1e-3)
    assert geodesic_m(100.5, 13.75, [100.5], [13.75])[0] == 0.0


def test_the_chord_is_never_longer_than_the_geodesic():
    """The property the index relies on: a ball of radius r in ECEF holds every point within r along the ellipsoid."""
    rng = np.random.default_rng(2)
    lon0, lat0 = rng.uniform(97.5, 105.5, 2000), rng.uniform(5.7, 20.4, 2000)
    lon1, lat1 = lon0 + rng.normal(0, 0.5, 2000), lat0 + rng.normal(0, 0.5, 2000)
    chord = np.linalg.norm(ecef(lon0, lat0) - ecef(lon1, lat1), axis=1)
    _, _, geodesic = WGS84.inv(lon0, lat0, lon1, lat1)
    assert (chord <= geodesic * (1 + 1e-12) + 1e-9).all()
    np.testing.assert_allclose(np.linalg.norm(ecef([0.0], [0.0])[0]), 6_378_137.0, atol=1e-6)


# -- the five points ------------------------------------------------------------------------------------------------
def _as_lists(result):
    positions, distances = result
    return positions.tolist(), distances


def test_nearest_first_ties_broken_by_position(five):
    positions, distances = _as_lists(five.nearest(0.0, 0.0, k=5))
    assert positions == [1, 3, 0, 2, 4]
    np.testing.assert_allclose(distances, [FIVE_M[i] for i in positions], atol=0.01)
    assert five.nearest(0.0, 0.0, k=1)[0].tolist() == [1]
    assert five.nearest(0.0, 0.0, k=3)[0].tolist() == [1, 3, 0]


def test_duplicate_points_come_in_position_order():
    index = NearestIndex.build([100.0, 100.5, 100.0, 100.0], [13.0, 13.0, 13.0, 13.0])
    positions, distances = index.nearest(100.0, 13.0, k=2)
    assert positions.tolist() == [0, 2]
    assert distances.tolist() == [0.0, 0.0]
    assert index.nearest(100.0, 13.0, k=4)[0].tolist() == [0, 2, 3, 1]
    assert index.nearest(100.0, 13.0, k=1, mask=np.array([False, True, False, True]))[0].tolist() == [3]


def test_k_larger_than_the_number_of_points(five):
    positions, distances = five.nearest(0.0, 0.0, k=50)
    assert positions.tolist() == [1, 3, 0, 2, 4]
    assert len(distances) == 5


def test_k_zero_gives_nothing(five):
    positions, distances = five.nearest(0.0, 0.0, k=0)
    assert len(positions) == 0 and len(distances) == 0


def test_empty_index():
    index = NearestIndex.build([], [])
    assert len(index) == 0
    positions, distances = index.nearest(100.5, 13.75, k=5)
    assert positions.tolist() == [] and distances.tolist() == []
    assert index.count_within(100.5, 13.75, 1e6) == 0


def test_mask(five):
    mask = np.array([True, False, True, True, False])
    positions, distances = five.nearest(0.0, 0.0, k=5, mask=mask)
    assert positions.tolist() == [3, 0, 2]
    np.testing.assert_allclose(
        distances, [ONE_DEGREE_MERIDIAN_M, ONE_DEGREE_EQUATOR_M, ONE_DEGREE_EQUATOR_M], atol=0.01
    )
    assert five.nearest(0.0, 0.0, k=1, mask=mask)[0].tolist() == [3]
    assert five.nearest(0.0, 0.0, k=5, mask=np.zeros(5, dtype=bool))[0].tolist() == []
    only_far = np.array([False, False, False, False, True])
    assert five.nearest(0.0, 0.0, k=1, mask=only_far)[0].tolist() == [4]


def test_max_distance(five):
    positions, distances = five.nearest(0.0, 0.0, k=5, max_distance_m=111_000)
    assert positions.tolist() == [1, 3]
    assert (distances <= 111_000).all()
    assert five.nearest(0.0, 0.0, k=5, max_distance_m=111_320)[0].tolist() == [1, 3, 0, 2]
    assert five.nearest(0.0, 0.0, k=1, max_distance_m=111_320)[0].tolist() == [1]
    assert five.nearest(0.0, 0.0, k=5, max_distance_m=100_000)[0].tolist() == []
    mask = np.array([True, False, True, True, False])
    assert five.nearest(0.0, 0.0, k=5, mask=mask, max_distance_m=111_000)[0].tolist() == [3]
    # the bound is inclusive: a point exactly at max_distance_m counts
    exact = geodesic_m(0.0, 0.0, [2.0], [0.0])[0]
    assert five.nearest(0.0, 0.0, k=5, max_distance_m=exact)[0].tolist() == [1, 3, 0, 2, 4]


def test_count_within(five):
    assert five.count_within(0.0, 0.0, 100_000) == 0
    assert five.count_within(0.0, 0.0, 111_000) == 2
    assert five.count_within(0.0, 0.0, 111_320) == 4
    assert five.count_within(0.0, 0.0, 300_000) == 5
    assert five.count_within(0.0, 0.0, 111_320, mask=np.array([True, False, True, True, False])) == 3


# -- exactness against the brute-force scan --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def thailand_points() -> tuple[np.ndarray, np.ndarray]:
    """20,000 random facilities in Thailand's bounding box; 200 of them repeat an earlier one (ties)."""
    rng = np.random.default_rng(20_000)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    lon, lat = rng.uniform(min_lon, max_lon, 20_000), rng.uniform(min_lat, max_lat, 20_000)
    copies = rng.choice(10_000, size=200, replace=False)
    lon[10_000 + copies], lat[10_000 + copies] = lon[copies], lat[copies]
    return lon, lat


@pytest.fixture(scope="module")
def thailand_index(thailand_points) -> NearestIndex:
    return NearestIndex.build(*thailand_points)


def _queries(seed: int, points, n: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Random query points in the bounding box; every tenth sits exactly on a facility (distance 0, ties)."""
    rng = np.random.default_rng(seed)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    lon, lat = rng.uniform(min_lon, max_lon, n), rng.uniform(min_lat, max_lat, n)
    on_facility = rng.choice(len(points[0]), size=n // 10)
    lon[: n // 10], lat[: n // 10] = points[0][on_facility], points[1][on_facility]
    return lon, lat


def _brute_force_all(lon, lat, points, mask=None):
    """The reference over the points that pass the mask, every one of them sorted: positions into the whole array."""
    kept = np.arange(len(points[0])) if mask is None else np.flatnonzero(mask)
    order, distances = brute_force_nearest(lon, lat, points[0][kept], points[1][kept], len(kept))
    return kept[order], distances


@pytest.mark.fuzz
@pytest.mark.parametrize("masked", [False, True], ids=["no mask", "random mask"])
def test_same_as_brute_force_over_500_points(thailand_points, thailand_index, masked):
    """For each query: the k nearest, the k nearest within a radius, and the count within it, all as brute force.
    One geodesic scan per query serves the three checks (the scan is the slow part)."""
    rng = np.random.default_rng(7 if masked else 8)
    mask = rng.random(len(thailand_points[0])) < 0.3 if masked else None
    ks = rng.choice([1, 2, 5, 10, 50], size=500)
    radii = rng.choice([500.0, 5_000.0, 20_000.0, 60_000.0], size=500)
    for lon, lat, k, radius in zip(*_queries(9 if masked else 10, thailand_points), ks, radii):
        expected_positions, expected_distances = _brute_force_all(lon, lat, thailand_points, mask)
        positions, distances = thailand_index.nearest(lon, lat, int(k), mask)
        assert positions.tolist() == expected_positions[:k].tolist(), (lon, lat, k)
        np.testing.assert_array_equal(distances, expected_distances[:k])

        within = expected_distances <= radius
        positions, distances = thailand_index.nearest(lon, lat, 10, mask, max_distance_m=radius)
        assert positions.tolist() == expected_positions[within][:10].tolist(), (lon, lat, radius)
        np.testing.assert_array_equal(distances, expected_distances[within][:10])
        assert thailand_index.count_within(lon, lat, radius, mask) == int(within.sum()), (lon, lat, radius)
