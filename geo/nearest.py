"""Nearest facilities by geodesic distance on the WGS84 ellipsoid, with a spatial index built once.

The index holds each point's Earth-centred (ECEF) coordinates in a k-d tree. The straight-line (chord) distance
between two points is never longer than the geodesic along the ellipsoid, so:

1. take at least k chord-nearest points that pass the filter (from the tree, or from the chords of every point that
   passes when few do), compute their geodesic distances (pyproj ``Geod``); the k-th smallest, ``r``, bounds the
   true k-th nearest geodesic distance;
2. every point whose geodesic distance is at most ``r`` has a chord of at most ``r``. When the farthest chord of the
   first step is already longer than ``r``, the first step holds all of them; otherwise a ball query of radius ``r``
   finds them. Their geodesic distances, sorted (ties by position), give exactly what a brute-force scan gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pyproj import Geod
from scipy.spatial import cKDTree

GEOD = Geod(ellps="WGS84")
SPARSE_QUERY = 512  # when the first tree query would ask for more neighbours, scan the points passing the mask instead
WGS84_A_M = 6_378_137.0  # semi-major axis
WGS84_E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)  # first eccentricity squared, f (2 - f)


def ecef(lon, lat) -> np.ndarray:
    """Earth-centred coordinates in metres (on the ellipsoid surface, height 0): the closed form PROJ computes for
    EPSG:4979 → EPSG:4978, without its per-call cost."""
    lon = np.radians(np.asarray(lon, dtype=float))
    lat = np.radians(np.asarray(lat, dtype=float))
    sin_lat = np.sin(lat)
    normal = WGS84_A_M / np.sqrt(1 - WGS84_E2 * sin_lat * sin_lat)  # prime vertical radius of curvature
    across = normal * np.cos(lat)
    return np.column_stack([across * np.cos(lon), across * np.sin(lon), normal * (1 - WGS84_E2) * sin_lat])


def ecef_point(lon: float, lat: float) -> tuple[float, float, float]:
    """``ecef`` of one point, with scalar arithmetic (a query's point: no arrays to build)."""
    lon, lat = math.radians(lon), math.radians(lat)
    sin_lat = math.sin(lat)
    normal = WGS84_A_M / math.sqrt(1 - WGS84_E2 * sin_lat * sin_lat)
    across = normal * math.cos(lat)
    return across * math.cos(lon), across * math.sin(lon), normal * (1 - WGS84_E2) * sin_lat


def geodesic_m(lon0: float, lat0: float, lon, lat) -> np.ndarray:
    """Geodesic distances in metres from one point to many."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    _, _, distance = GEOD.inv(np.full_like(lon, lon0), np.full_like(lat, lat0), lon, lat)
    return np.asarray(distance, dtype=float)


@dataclass
class NearestIndex:
    """A k-d tree over points (lon, lat); query results are positions into the arrays it was built from."""

    lon: np.ndarray
    lat: np.ndarray
    tree: cKDTree | None

    @classmethod
    def build(cls, lon, lat) -> NearestIndex:
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        return cls(lon=lon, lat=lat, tree=cKDTree(ecef(lon, lat)) if len(lon) else None)

    def __len__(self) -> int:
        return len(self.lon)

    def nearest(
        self,
        lon: float,
        lat: float,
        k: int,
        mask: np.ndarray | None = None,
        max_distance_m: float | None = None,
        passing_count: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions, distances in metres) of the k nearest points that pass ``mask``, nearest first.

        ``passing_count``, how many points pass the mask when the caller knows, sizes the first tree query."""
        if self.tree is None or k <= 0 or passing_count == 0:
            return np.array([], dtype=int), np.array([], dtype=float)
        here = ecef_point(lon, lat)
        candidates, farthest_chord_m = self._first_candidates(here, k, mask, passing_count)
        if len(candidates) == 0:
            return np.array([], dtype=int), np.array([], dtype=float)
        distances = geodesic_m(lon, lat, self.lon[candidates], self.lat[candidates])
        radius = np.partition(distances, k - 1)[k - 1] if len(candidates) >= k else np.inf
        if max_distance_m is not None:
            radius = min(radius, max_distance_m)
        ball_m = radius * (1 + 1e-9) + 1e-6  # a chord computed in floating point may exceed the geodesic by rounding
        if np.isfinite(farthest_chord_m) and ball_m >= farthest_chord_m:  # a point left out may be within radius
            candidates, distances = self._ball(lon, lat, here, ball_m, mask, candidates, distances)
        order = np.lexsort((candidates, distances))[:k]
        positions, distances = candidates[order], distances[order]
        if max_distance_m is not None:
            keep = distances <= max_distance_m
            positions, distances = positions[keep], distances[keep]
        return positions, distances

    def _first_candidates(
        self, here: tuple[float, float, float], k: int, mask: np.ndarray | None, passing_count: int | None
    ) -> tuple[np.ndarray, float]:
        """At least k chord-nearest positions passing ``mask`` (fewer only when fewer exist), and a chord that every
        position left out reaches or exceeds (infinite when none is left out)."""
        n = len(self)
        if mask is None:
            passing_count = n
        if passing_count:  # twice as many as the share that passes would give, plus a margin for uneven density
            wanted = 2 * k * n // passing_count + 8
            if mask is not None and wanted > SPARSE_QUERY:
                return self._nearest_passing(here, 2 * k + 8, mask)
        else:
            wanted = k * 4
        while True:
            count = min(wanted, n)
            chords, found = self.tree.query(here, k=count)
            chords, found = np.atleast_1d(chords), np.atleast_1d(found)
            if mask is not None:
                found = found[mask[found]]
            if len(found) >= k or count == n:
                return found, (np.inf if count == n else float(chords[-1]))
            wanted *= 4

    def _nearest_passing(
        self, here: tuple[float, float, float], wanted: int, mask: np.ndarray
    ) -> tuple[np.ndarray, float]:
        """``_first_candidates`` for a mask few points pass: their chords measured directly, not through the tree."""
        passing = np.flatnonzero(mask)
        if len(passing) <= wanted:
            return passing, np.inf
        chords = np.linalg.norm(self.tree.data[passing] - here, axis=1)
        order = np.argpartition(chords, wanted)
        return passing[order[:wanted]], float(chords[order[wanted]])

    def _ball(
        self,
        lon: float,
        lat: float,
        here: tuple[float, float, float],
        ball_m: float,
        mask: np.ndarray | None,
        known: np.ndarray,
        known_m: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The points passing ``mask`` within a chord of ``ball_m`` and their geodesic distances, reusing those
        already measured (``known``, ``known_m``)."""
        ball = np.asarray(self.tree.query_ball_point(here, r=ball_m), dtype=int)
        if mask is not None:
            ball = ball[mask[ball]]
        measured = np.isin(ball, known)
        new = ball[~measured]
        if len(new) == 0:
            return known, known_m
        new_m = geodesic_m(lon, lat, self.lon[new], self.lat[new])
        return np.concatenate([known, new]), np.concatenate([known_m, new_m])

    def count_within(self, lon: float, lat: float, max_distance_m: float, mask: np.ndarray | None = None) -> int:
        """How many points (passing ``mask``) lie within a geodesic distance."""
        if self.tree is None:
            return 0
        here = ecef_point(lon, lat)
        ball = np.asarray(self.tree.query_ball_point(here, r=max_distance_m * (1 + 1e-9) + 1e-6), dtype=int)
        if mask is not None:
            ball = ball[mask[ball]]
        if len(ball) == 0:
            return 0
        return int((geodesic_m(lon, lat, self.lon[ball], self.lat[ball]) <= max_distance_m).sum())


def brute_force_nearest(lon: float, lat: float, points_lon, points_lat, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The reference: geodesic distance to every point, sorted (ties by position). For tests and benchmarks."""
    distances = geodesic_m(lon, lat, points_lon, points_lat)
    order = np.lexsort((np.arange(len(distances)), distances))[:k]
    return order, distances[order]
