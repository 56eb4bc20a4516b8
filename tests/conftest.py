"""Shared fixtures. Each part of the code base keeps its fixtures in its own marked section."""

from __future__ import annotations

# --- geo fixtures ---
# The real boundaries are built once per session (about 5 s) into a session cache folder and shared by the
# boundary, web-geometry, registry and locator tests. The small frames below can be checked on paper.
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.boundaries import Boundaries, load_boundaries
from geo.registry import AreaRegistry, read_province_alt_names
from geo.webgeom import WebGeometry, web_geometry

GEO_SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def boundaries_dir() -> Path:
    return GEO_SHARED_DATA / "boundaries"


@pytest.fixture(scope="session")
def province_mapping_csv() -> Path:
    return GEO_SHARED_DATA / "vaccination" / "province_mapping.csv"


@pytest.fixture(scope="session")
def geo_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("geo-cache")


@pytest.fixture(scope="session")
def real_boundaries(boundaries_dir: Path, geo_cache_dir: Path) -> Boundaries:
    return load_boundaries(boundaries_dir, geo_cache_dir)


@pytest.fixture(scope="session")
def real_web(real_boundaries: Boundaries, geo_cache_dir: Path) -> WebGeometry:
    return web_geometry(real_boundaries, geo_cache_dir)


@pytest.fixture(scope="session")
def real_registry(real_boundaries: Boundaries, province_mapping_csv: Path) -> AreaRegistry:
    return AreaRegistry.from_boundaries(real_boundaries, read_province_alt_names(province_mapping_csv))


def _frame(rows: list[tuple[str, str, str, str, object]]) -> gpd.GeoDataFrame:
    """rows of (code, name_th, name_en, parent, geometry); the source names repeat the names."""
    return gpd.GeoDataFrame(
        {
            "code": [r[0] for r in rows],
            "name_th": [r[1] for r in rows],
            "name_en": [r[2] for r in rows],
            "alt_th": [r[1] for r in rows],
            "alt_en": [r[2] for r in rows],
            "parent": [r[3] for r in rows],
        },
        geometry=[r[4] for r in rows],
        crs=4326,
    )


@pytest.fixture
def three_squares() -> gpd.GeoDataFrame:
    """Three unit squares in a row, x from 0 to 3, y from 0 to 1:

    100101 [0,1]  |  100102 [1,2]  |  100201 [2,3]
    (district 1001 = the first two, district 1002 = the third, province 10 = all three)
    """
    return _frame(
        [
            ("100101", "หนึ่ง", "Nueng", "1001", box(0, 0, 1, 1)),
            ("100102", "สอง", "Song", "1001", box(1, 0, 2, 1)),
            ("100201", "สาม", "Sam", "1002", box(2, 0, 3, 1)),
        ]
    )


@pytest.fixture
def tiny_boundaries(three_squares: gpd.GeoDataFrame) -> Boundaries:
    """The three squares as a whole country: districts 1001 (x 0..2) and 1002 (x 2..3) in province 10 (x 0..3)."""
    districts = _frame(
        [
            ("1001", "อำเภอหนึ่ง", "Amphoe Nueng", "10", box(0, 0, 2, 1)),
            ("1002", "อำเภอสาม", "Amphoe Sam", "10", box(2, 0, 3, 1)),
        ]
    )
    provinces = _frame([("10", "จังหวัดทดสอบ", "Test Province", "TH", box(0, 0, 3, 1))])
    return Boundaries(provinces=provinces, districts=districts, subdistricts=three_squares, checksum="0" * 64)


# --- app fixtures ---
from fixtures_app import *  # noqa: E402,F401,F403  (database, demo state, test client, live server)
from fixtures_app import SYSTEM_FIXTURES, SYSTEM_TESTS  # noqa: E402


# --- markers ---
# `python -m pytest -m "not system and not fuzz"` is the developer loop; CI runs everything. A test is `system` when
# it is marked so (a file's pytestmark), drives a browser (`browser`), or uses a fixture that starts the real server
# or the browser: new test files get the marker without anyone remembering it.
@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") or SYSTEM_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.system)
        if item.get_closest_marker("system"):
            SYSTEM_TESTS.add(item.nodeid)
