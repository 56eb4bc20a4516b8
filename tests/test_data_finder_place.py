"""The finder's place search reads a typed name where the person is now (data.finder_query.place_context): "จอมทอง"
typed in Chiang Mai is Chom Thong of Chiang Mai, typed in Bangkok the Bangkok district; with no location, nationally."""

from __future__ import annotations

import pytest

from data.finder_query import place_context
from geo.locate import AreaLocator
from geo.registry import AreaNotFound

THA_PHAE_GATE = {"lat": "18.7883", "lon": "98.9853"}  # Mueang Chiang Mai
GRAND_PALACE = {"lat": "13.7500", "lon": "100.4913"}  # Phra Nakhon, Bangkok


@pytest.fixture(scope="module")
def locator(real_boundaries) -> AreaLocator:
    return AreaLocator.from_subdistricts(real_boundaries.subdistricts)


def test_the_context_is_the_district_and_province_of_where_one_is(locator):
    assert place_context(locator, THA_PHAE_GATE) == ("5001", "50")
    assert place_context(locator, {"place": "500101", **GRAND_PALACE}) == ("5001", "50")  # a chosen place wins
    assert place_context(locator, {"place": "50"}) == ("50",)
    assert place_context(locator, {"lat": "๑๘.๗๘๘๓", "lon": "๙๘.๙๘๕๓"}) == ("5001", "50")  # Thai digits


@pytest.mark.parametrize("args", [None, {}, {"lat": "x", "lon": "1"}, {"lat": "51.5", "lon": "-0.12"}])
def test_no_usable_location_gives_no_context(locator, args):
    assert place_context(locator, args) == ()


def test_a_typed_district_name_is_read_where_one_is(real_registry, locator):
    assert real_registry.resolve("จอมทอง", context=place_context(locator, THA_PHAE_GATE)) == "5002"
    assert real_registry.resolve("จอมทอง", context=place_context(locator, GRAND_PALACE)) == "1035"
    with pytest.raises(AreaNotFound) as error:
        real_registry.resolve("จอมทอง", context=place_context(locator, {}))
    assert error.value.ambiguous
