"""geo.nearest's shortcuts keep the answer exact: ECEF in closed form, the first query sized by how many points pass
the mask (or a scan of them when few do), and the ball query left out when the first query already reached past the
k-th distance. Every answer is compared with the brute-force scan (ties by position)."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer
from test_geo_nearest import THAILAND_BBOX, thailand_index, thailand_points  # noqa: F401 (fixtures)

from geo.nearest import SPARSE_QUERY, NearestIndex, brute_force_nearest, ecef, ecef_point


def test_ecef_in_closed_form_is_what_proj_computes():
    to_ecef = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
    rng = np.random.default_rng(3)
    lon = np.concatenate([rng.uniform(-180, 180, 5000), [0.0, 180.0, -180.0, 100.5, 0.0]])
    lat = np.concatenate([rng.uniform(-90, 90, 5000), [90.0, -90.0, 0.0, 13.75, 0.0]])
    proj = np.column_stack(to_ecef.transform(lon, lat, np.zeros_like(lon)))
    np.testing.assert_allclose(ecef(lon, lat), proj, rtol=0, atol=1e-6)
    points = np.array([ecef_point(x, y) for x, y in zip(lon, lat)])
    np.testing.assert_allclose(points, proj, rtol=0, atol=1e-6)
    assert ecef_point(0.0, 0.0) == (6_378_137.0, 0.0, 0.0)


@pytest.fixture(scope="module")
def points(thailand_points) -> tuple[np.ndarray, np.ndarray]:  # noqa: F811
    """20,000 random points in Thailand's bounding box, 200 of them on an earlier one (ties): test_geo_nearest's."""
    return thailand_points


@pytest.fixture(scope="module")
def index(thailand_index) -> NearestIndex:  # noqa: F811
    return thailand_index


def _brute_force(lon, lat, points, mask):
    kept = np.flatnonzero(mask)
    order, distances = brute_force_nearest(lon, lat, points[0][kept], points[1][kept], len(kept))
    return kept[order], distances


def _queries(points, n: int, seed: int):
    """Random points, every fifth exactly on a facility (distance 0 and, for the copies, ties)."""
    rng = np.random.default_rng(seed)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    lon, lat = rng.uniform(min_lon, max_lon, n), rng.uniform(min_lat, max_lat, n)
    on = rng.choice(len(points[0]), size=n // 5)
    lon[: n // 5], lat[: n // 5] = points[0][on], points[1][on]
    return zip(lon, lat)


@pytest.mark.parametrize("share", [0.5, 0.1, 0.01, 0.0005], ids=["half", "tenth", "hundredth", "ten points"])
def test_the_first_query_sized_by_the_passing_count_is_exact(points, index, share):
    """The smallest shares are below what the tree is asked for (SPARSE_QUERY): those points are scanned instead."""
    rng = np.random.default_rng(int(share * 10_000))
    mask = rng.random(len(points[0])) < share
    passing = int(mask.sum())
    assert passing > 0
    sparse = 2 * 5 * len(points[0]) // passing + 8 > SPARSE_QUERY
    assert sparse == (share <= 0.01)
    for lon, lat in _queries(points, 100, seed=int(share * 1000) + 1):
        expected, metres = _brute_force(lon, lat, points, mask)
        for k, max_m in ((5, None), (1, None), (50, None), (10, 30_000.0), (10, 300.0)):
            positions, distances = index.nearest(lon, lat, k, mask, max_m, passing_count=passing)
            within = metres <= (max_m if max_m is not None else np.inf)
            assert positions.tolist() == expected[within][:k].tolist(), (lon, lat, k, max_m)
            np.testing.assert_array_equal(distances, metres[within][:k])


def test_a_mask_nothing_passes_finds_nothing_without_asking_the_tree(index, monkeypatch):
    monkeypatch.setattr(index, "_first_candidates", lambda *a: pytest.fail("the tree was asked"))
    positions, distances = index.nearest(100.5, 13.75, 5, np.zeros(len(index), bool), passing_count=0)
    assert positions.tolist() == [] and distances.tolist() == []


def test_the_ball_query_is_left_out_only_when_the_first_query_reached_past_the_radius(points, index, monkeypatch):
    """Counted on 200 queries: almost no answer needs a ball query; one that does reuses the distances measured."""
    calls = []
    ball = NearestIndex._ball

    def counted(self, *args):
        calls.append(args)
        return ball(self, *args)

    monkeypatch.setattr(NearestIndex, "_ball", counted)
    mask = np.random.default_rng(5).random(len(points[0])) < 0.3
    for lon, lat in _queries(points, 200, seed=6):
        expected, metres = _brute_force(lon, lat, points, mask)
        positions, distances = index.nearest(lon, lat, 5, mask, passing_count=int(mask.sum()))
        assert positions.tolist() == expected[:5].tolist()
        np.testing.assert_array_equal(distances, metres[:5])
    assert len(calls) < 20  # the shortcut applies to almost every query (the exactness above holds for all)


def test_the_first_candidates_bound_every_point_left_out(points, index):
    """The chord returned is never longer than that of a passing point the first query did not return."""
    here_lon, here_lat = 100.5, 13.75
    here = np.array(ecef_point(here_lon, here_lat))
    chords = np.linalg.norm(index.tree.data - here, axis=1)
    for share in (0.3, 0.003):  # through the tree; through the scan
        mask = np.random.default_rng(9).random(len(points[0])) < share
        found, bound = index._first_candidates(tuple(here), 5, mask, int(mask.sum()))
        left_out = np.setdiff1d(np.flatnonzero(mask), found)
        assert len(found) >= 5 and mask[found].all() and len(left_out) > 0
        assert chords[left_out].min() >= bound
