"""A day's round of visits: the straight-line nearest-neighbour order from a start point.

From the start, go to the nearest stop not visited yet (geodesic metres on the WGS84 ellipsoid, ``geo.nearest``),
then from there to the nearest remaining one, and so on; two stops at the same distance go in the order given. It is
not the shortest tour (that is a travelling-salesman problem), but a volunteer can follow it and check it on a map,
and a few dozen stops take no time. Stops without a position cannot be placed: they come last, in the order given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from geo.nearest import geodesic_m


@dataclass(frozen=True)
class Leg:
    """One stop of the round: its position in the input, and the distance from the previous stop (or the start);
    ``distance_m`` is None for a stop without a position."""

    position: int
    distance_m: float | None


def nearest_neighbour_round(
    start_lon: float, start_lat: float, lons: Sequence[float | None], lats: Sequence[float | None]
) -> list[Leg]:
    """Every stop once, in nearest-neighbour order from (``start_lon``, ``start_lat``); stops without a position
    (None or NaN) last, in their input order."""
    placed = [i for i, (x, y) in enumerate(zip(lons, lats)) if _known(x) and _known(y)]
    unplaced = [i for i in range(len(lons)) if i not in set(placed)]
    remaining = np.array(placed, dtype=int)
    lon = np.array([lons[i] for i in placed], dtype=float)
    lat = np.array([lats[i] for i in placed], dtype=float)
    here_lon, here_lat = float(start_lon), float(start_lat)
    legs: list[Leg] = []
    while len(remaining):
        distances = geodesic_m(here_lon, here_lat, lon, lat)
        nearest = int(np.lexsort((remaining, distances))[0])  # ties: the earlier stop of the input first
        legs.append(Leg(int(remaining[nearest]), float(distances[nearest])))
        here_lon, here_lat = float(lon[nearest]), float(lat[nearest])
        keep = np.arange(len(remaining)) != nearest
        remaining, lon, lat = remaining[keep], lon[keep], lat[keep]
    return legs + [Leg(i, None) for i in unplaced]


def _known(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))
