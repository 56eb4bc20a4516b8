"""geo.route: the day's round in straight-line nearest-neighbour order, checked on paper and against a brute force
that measures every remaining stop with pyproj at every step."""

from __future__ import annotations

import random

from pyproj import Geod

from geo.route import nearest_neighbour_round

WGS84 = Geod(ellps="WGS84")


def brute_force_round(start: tuple[float, float], stops: list[tuple[float, float] | None]) -> list[int]:
    """The reference: from where you are, measure every stop left, one pair at a time; go to the nearest (the
    earlier one on a tie); stops without a place last."""
    here, left, order = start, [i for i, s in enumerate(stops) if s is not None], []
    while left:
        measured = [(WGS84.inv(here[0], here[1], stops[i][0], stops[i][1])[2], i) for i in left]
        _, nearest = min(measured)
        order.append(nearest)
        left.remove(nearest)
        here = stops[nearest]
    return order + [i for i, s in enumerate(stops) if s is None]


def test_a_line_of_stops_is_walked_from_the_nearest_end():
    # on the equator, 1°, 3° and 2° east of a start at 0°; a stop with no place last
    legs = nearest_neighbour_round(0.0, 0.0, [1.0, 3.0, None, 2.0], [0.0, 0.0, None, 0.0])
    assert [leg.position for leg in legs] == [0, 3, 1, 2]
    assert [round(leg.distance_m) for leg in legs[:3]] == [111_319, 111_319, 111_319]
    assert legs[3].distance_m is None


def test_nearest_neighbour_is_not_nearest_to_the_start():
    # from 0: A at 1° east, B at 1.5° west, C at 2.2° east. Nearest to the start: A, B, C; the round: A, C, B
    legs = nearest_neighbour_round(0.0, 0.0, [1.0, -1.5, 2.2], [0.0, 0.0, 0.0])
    assert [leg.position for leg in legs] == [0, 2, 1]


def test_the_round_is_the_brute_force_order_for_village_sized_rounds():
    rng = random.Random(18)
    for _ in range(40):
        start = (98.98 + rng.uniform(-0.05, 0.05), 18.79 + rng.uniform(-0.05, 0.05))
        stops = [
            None if rng.random() < 0.1 else (98.98 + rng.uniform(-0.05, 0.05), 18.79 + rng.uniform(-0.05, 0.05))
            for _ in range(rng.randint(0, 25))
        ]
        legs = nearest_neighbour_round(*start, [s and s[0] for s in stops], [s and s[1] for s in stops])
        assert [leg.position for leg in legs] == brute_force_round(start, stops)


def test_stops_at_the_same_place_keep_the_order_given():
    legs = nearest_neighbour_round(98.98, 18.79, [99.0, 99.0, 99.0], [18.8, 18.8, 18.8])
    assert [leg.position for leg in legs] == [0, 1, 2]
    assert [round(leg.distance_m) for leg in legs[1:]] == [0, 0]
