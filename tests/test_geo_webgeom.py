"""Tests of geo.webgeom: the simplified GeoJSON the map draws must keep neighbours glued, with no gaps or slivers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box, shape

import geo.webgeom
from geo.boundaries import LEVELS, Boundaries
from geo.webgeom import WebGeometry, feature_collection_bytes, web_geometry

METRIC_CRS = 32647  # UTM zone 47N: areas in m², lengths in m
MUEANG_CHIANG_MAI = "5001"


def features(web: WebGeometry, level: str) -> list[dict]:
    collection = json.loads(web.geojson[level])
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def metric(frame: gpd.GeoDataFrame) -> np.ndarray:
    return frame.to_crs(METRIC_CRS).geometry.values


def touching_pairs(geometry: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of geometries that intersect."""
    left, right = shapely.STRtree(geometry).query(geometry, predicate="intersects")
    keep = left < right
    return left[keep], right[keep]


def shared_border_m(geometry: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return shapely.length(shapely.intersection(shapely.boundary(geometry[left]), shapely.boundary(geometry[right])))


@pytest.fixture(scope="module")
def web_districts(real_web: WebGeometry) -> np.ndarray:
    return metric(real_web.frame("district"))


@pytest.fixture(scope="module")
def full_districts(real_boundaries: Boundaries) -> np.ndarray:
    return metric(real_boundaries.districts)


# -- the GeoJSON ----------------------------------------------------------------------------------------------------
def test_district_geojson_has_928_valid_features_with_codes_as_ids(real_web: WebGeometry) -> None:
    district_features = features(real_web, "district")
    assert len(district_features) == 928
    for feature in district_features:
        assert feature["id"] == feature["properties"]["code"]
        geometry = shape(feature["geometry"])
        assert geometry.is_valid and not geometry.is_empty, feature["id"]
        assert geometry.geom_type in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize("level", LEVELS)
def test_every_area_is_drawn_once_with_its_names(
    real_web: WebGeometry, real_boundaries: Boundaries, level: str
) -> None:
    full = real_boundaries.level(level)
    level_features = features(real_web, level)
    assert [f["id"] for f in level_features] == list(full["code"])
    first = level_features[0]["properties"]
    assert set(first) == {"code", "name_th", "name_en", "parent"}
    assert [f["properties"]["name_th"] for f in level_features] == list(full["name_th"])
    assert [f["properties"]["parent"] for f in level_features] == list(full["parent"])


def test_chiang_mai_feature_reads_as_users_see_it(real_web: WebGeometry) -> None:
    chiang_mai = next(f for f in features(real_web, "province") if f["id"] == "50")
    assert chiang_mai["properties"] == {"code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai", "parent": "TH"}
    assert "เชียงใหม่".encode() in real_web.geojson["province"]  # Thai written as UTF-8, not \u escapes


def test_coordinates_are_rounded_to_four_decimals(real_web: WebGeometry) -> None:
    coordinates = np.concatenate(
        [np.asarray(ring) for f in features(real_web, "province")[:5] for ring in _rings(f["geometry"])]
    )
    assert np.allclose(coordinates, np.round(coordinates, 4), rtol=0, atol=1e-9)


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def test_gzip_is_the_same_geojson(real_web: WebGeometry) -> None:
    for level in LEVELS:
        assert gzip.decompress(real_web.geojson_gz[level]) == real_web.geojson[level]
        assert len(real_web.geojson_gz[level]) < len(real_web.geojson[level]) / 3


def test_web_areas_stay_close_to_the_official_ones(real_web: WebGeometry, real_boundaries: Boundaries) -> None:
    web = shapely.area(metric(real_web.frame("province")))
    full = shapely.area(metric(real_boundaries.provinces))
    assert np.abs(web / full - 1).max() < 0.01


# -- shared borders: no slivers, no gaps, neighbours stay neighbours ------------------------------------------------
def test_web_districts_do_not_overlap(web_districts: np.ndarray) -> None:
    left, right = touching_pairs(web_districts)
    overlap_m2 = shapely.area(shapely.intersection(web_districts[left], web_districts[right]))
    assert len(left) > 2_000
    assert overlap_m2.max() < 10_000  # 0.01 km² for any pair
    assert overlap_m2.sum() < 100_000  # 0.1 km² in all


def test_web_districts_leave_no_gaps(web_districts: np.ndarray, full_districts: np.ndarray) -> None:
    web_union = shapely.union_all(web_districts)
    full_union = shapely.union_all(full_districts)
    # no overlap and no gap: the union covers exactly the sum of the parts
    assert abs(web_union.area - shapely.area(web_districts).sum()) < 100_000
    # no holes opened between districts that the official boundaries do not have
    holes = sum(len(part.interiors) for part in shapely.get_parts(web_union))
    assert holes <= sum(len(part.interiors) for part in shapely.get_parts(full_union))
    assert shapely.get_num_geometries(web_union) == shapely.get_num_geometries(full_union)  # islands kept


def test_neighbours_stay_neighbours(web_districts: np.ndarray, full_districts: np.ndarray) -> None:
    left, right = touching_pairs(full_districts)
    neighbours = shared_border_m(full_districts, left, right) > 0
    left, right = left[neighbours], right[neighbours]
    assert len(left) > 2_000
    web_border_m = shared_border_m(web_districts, left, right)
    lost = web_border_m <= 0
    assert not lost.any(), list(zip(left[lost], right[lost], strict=True))


def test_no_new_neighbours_appear(web_districts: np.ndarray, full_districts: np.ndarray) -> None:
    def neighbour_set(geometry: np.ndarray) -> set[tuple[int, int]]:
        left, right = touching_pairs(geometry)
        border = shared_border_m(geometry, left, right) > 0
        return set(zip(left[border].tolist(), right[border].tolist(), strict=True))

    assert neighbour_set(web_districts) == neighbour_set(full_districts)


def test_mueang_chiang_mai_keeps_every_neighbour(real_web: WebGeometry, real_boundaries: Boundaries) -> None:
    def neighbours(frame: gpd.GeoDataFrame) -> set[str]:
        geometry = frame.set_index("code").to_crs(METRIC_CRS).geometry
        mueang = geometry.loc[MUEANG_CHIANG_MAI]
        border_m = shapely.length(shapely.intersection(shapely.boundary(geometry.values), mueang.boundary))
        return set(geometry.index[border_m > 0]) - {MUEANG_CHIANG_MAI}

    # Mae Rim, San Kamphaeng, San Sai, Hang Dong, Saraphi
    assert neighbours(real_boundaries.districts) == {"5007", "5013", "5014", "5015", "5019"}
    assert neighbours(real_web.frame("district")) == {"5007", "5013", "5014", "5015", "5019"}


def test_each_web_province_is_the_union_of_its_web_districts(real_web: WebGeometry) -> None:
    districts = real_web.frame("district").to_crs(METRIC_CRS)
    provinces = real_web.frame("province").to_crs(METRIC_CRS).set_index("code").geometry
    unions = districts.groupby("parent").geometry.apply(lambda g: shapely.union_all(g.values))
    assert set(unions.index) == set(provinces.index)
    leftover_m2 = shapely.area(shapely.symmetric_difference(provinces.loc[unions.index].values, unions.values))
    assert leftover_m2.max() < 1_000, unions.index[leftover_m2.argmax()]  # rounding to 1e-4° only


def test_web_provinces_do_not_overlap_and_keep_their_neighbours(
    real_web: WebGeometry, real_boundaries: Boundaries
) -> None:
    web, full = metric(real_web.frame("province")), metric(real_boundaries.provinces)
    left, right = touching_pairs(full)
    neighbours = shared_border_m(full, left, right) > 0
    assert (shared_border_m(web, left[neighbours], right[neighbours]) > 0).all()
    web_left, web_right = touching_pairs(web)
    assert shapely.area(shapely.intersection(web[web_left], web[web_right])).sum() < 100_000


# -- on three squares: checkable on paper ---------------------------------------------------------------------------
def test_three_squares_survive_simplification(tiny_boundaries: Boundaries) -> None:
    web = web_geometry(tiny_boundaries)
    assert [f["id"] for f in features(web, "subdistrict")] == ["100101", "100102", "100201"]
    for level, expected in [
        ("subdistrict", [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)]),
        ("district", [box(0, 0, 2, 1), box(2, 0, 3, 1)]),
        ("province", [box(0, 0, 3, 1)]),
    ]:
        drawn = [shape(f["geometry"]) for f in features(web, level)]
        assert all(shapely.equals(a, b) for a, b in zip(drawn, expected, strict=True)), level


def test_feature_collection_bytes_rounds_and_keeps_holes() -> None:
    ring_with_hole = shapely.Polygon(
        [(0, 0), (1.000049, 0), (1, 1), (0, 1)], holes=[[(0.25, 0.25), (0.75, 0.25), (0.75, 0.75), (0.25, 0.75)]]
    )
    frame = gpd.GeoDataFrame(
        {"code": ["10"], "name_th": ["ก"], "name_en": ["A"], "parent": ["TH"]}, geometry=[ring_with_hole], crs=4326
    )
    (feature,) = json.loads(feature_collection_bytes(frame))["features"]
    assert feature["geometry"]["type"] == "Polygon"
    exterior, hole = feature["geometry"]["coordinates"]
    assert exterior[1] == [1.0, 0.0]
    assert len(hole) == 5


# -- the cache ------------------------------------------------------------------------------------------------------
def test_second_call_reads_the_cached_files(
    real_web: WebGeometry, real_boundaries: Boundaries, geo_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_recompute(*args: object) -> None:
        raise AssertionError("simplified again although the cache is fresh")

    monkeypatch.setattr(geo.webgeom, "simplified_frames", no_recompute)
    again = web_geometry(real_boundaries, geo_cache_dir)
    assert again.etag == real_web.etag
    assert again.geojson == real_web.geojson
    assert again.geojson_gz == real_web.geojson_gz


def test_etag_and_cache_follow_the_source(tiny_boundaries: Boundaries, tmp_path: Path) -> None:
    first = web_geometry(tiny_boundaries, tmp_path)
    assert first.etag.startswith("0" * 16)
    assert (tmp_path / f"web-{first.etag}" / "district.geojson.gz").is_file()
    other_source = Boundaries(
        provinces=tiny_boundaries.provinces,
        districts=tiny_boundaries.districts,
        subdistricts=tiny_boundaries.subdistricts,
        checksum="1" * 64,
    )
    second = web_geometry(other_source, tmp_path)
    assert second.etag != first.etag
    assert (tmp_path / f"web-{second.etag}").is_dir()
    assert web_geometry(tiny_boundaries, tmp_path).geojson_gz == first.geojson_gz  # gzip is reproducible
