"""Nearest facilities by geodesic distance on the WGS84 ellipsoid, with a spatial index built once.

The index holds each point's Earth-centred (ECEF) coordinates in a k-d tree. The straight-line (chord) distance
between two points is never longer than the geodesic along the ellipsoid, so:

1. take the k chord-nearest points that pass the filter, compute their geodesic distances (pyproj ``Geod``);
   the largest, ``r``, bounds the true k-th nearest geodesic distance;
2. every point whose geodesic distance is at most ``r`` has a chord of at most ``r``: a ball query of radius ``r``
   finds all of them; their geodesic distances, sorted (ties by position), give exactly what a brute-force scan gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyproj import Geod, Transformer
from scipy.spatial import cKDTree

GEOD = Geod(ellps="WGS84")
_TO_ECEF = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)


def ecef(lon, lat) -> np.ndarray:
    """Earth-centred coordinates in metres (on the ellipsoid surface)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x, y, z = _TO_ECEF.transform(lon, lat, np.zeros_like(lon))
    return np.column_stack([x, y, z])


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
        self, lon: float, lat: float, k: int, mask: np.ndarray | None = None, max_distance_m: float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions, distances in metres) of the k nearest points that pass ``mask``, nearest first."""
        if self.tree is None or k <= 0:
            return np.array([], dtype=int), np.array([], dtype=float)
        here = ecef([lon], [lat])[0]
        candidates = self._first_candidates(here, k, mask)
        if len(candidates) == 0:
            return np.array([], dtype=int), np.array([], dtype=float)
        distances = geodesic_m(lon, lat, self.lon[candidates], self.lat[candidates])
        radius = np.sort(distances)[k - 1] if len(candidates) >= k else np.inf
        if max_distance_m is not None:
            radius = min(radius, max_distance_m)
        if np.isfinite(radius):
            ball = np.asarray(self.tree.query_ball_point(here, r=radius * (1 + 1e-9) + 1e-6), dtype=int)
            if mask is not None:
                ball = ball[mask[ball]]
            candidates = ball
            distances = geodesic_m(lon, lat, self.lon[candidates], self.lat[candidates])
        order = np.lexsort((candidates, distances))[:k]
        positions, distances = candidates[order], distances[order]
        if max_distance_m is not None:
            keep = distances <= max_distance_m
            positions, distances = positions[keep], distances[keep]
        return positions, distances

    def _first_candidates(self, here: np.ndarray, k: int, mask: np.ndarray | None) -> np.ndarray:
        """At least k chord-nearest positions passing ``mask`` (fewer only when fewer exist)."""
        n = len(self)
        wanted = k if mask is None else k * 4
        while True:
            count = min(wanted, n)
            _, found = self.tree.query(here, k=count)
            found = np.atleast_1d(found).astype(int)
            found = found[found < n]
            if mask is not None:
                found = found[mask[found]]
            if len(found) >= k or count == n:
                return found
            wanted *= 4

    def count_within(self, lon: float, lat: float, max_distance_m: float, mask: np.ndarray | None = None) -> int:
        """How many points (passing ``mask``) lie within a geodesic distance."""
        if self.tree is None:
            return 0
        here = ecef([lon], [lat])[0]
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
