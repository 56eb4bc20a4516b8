"""Tests of geo.boundaries on the real RTSD/OCHA boundaries, and of its errors and cache on small stand-ins."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

import geo.boundaries
from geo.boundaries import ADM3_ZIP, LEVELS, Boundaries, BoundaryFilesError, load_boundaries, representative_points

METRIC_CRS = 32647  # UTM zone 47N: areas in m²
COLUMNS = ["code", "name_th", "name_en", "alt_th", "alt_en", "parent", "geometry"]


def by_code(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.set_index("code")


# -- the real boundaries: what users see ----------------------------------------------------------------------------
def test_counts_of_the_three_levels(real_boundaries: Boundaries) -> None:
    assert len(real_boundaries.provinces) == 77
    assert len(real_boundaries.districts) == 928
    assert 7_400 <= len(real_boundaries.subdistricts) <= 7_450
    for level in LEVELS:
        frame = real_boundaries.level(level)
        assert list(frame.columns) == COLUMNS
        assert frame["code"].is_unique
        assert frame["code"].is_monotonic_increasing
        assert frame.crs.to_epsg() == 4326


def test_codes_have_the_length_of_their_level(real_boundaries: Boundaries) -> None:
    assert real_boundaries.provinces["code"].str.fullmatch(r"\d{2}").all()
    assert real_boundaries.districts["code"].str.fullmatch(r"\d{4}").all()
    assert real_boundaries.subdistricts["code"].str.fullmatch(r"\d{6}").all()
    assert (real_boundaries.provinces["parent"] == "TH").all()


@pytest.mark.parametrize(("lower", "upper"), [("districts", "provinces"), ("subdistricts", "districts")])
def test_every_code_starts_with_its_parents_code(real_boundaries: Boundaries, lower: str, upper: str) -> None:
    children = getattr(real_boundaries, lower)
    parents = set(getattr(real_boundaries, upper)["code"])
    assert set(children["parent"]) == parents  # every parent exists and has children
    bad = children[
        [not code.startswith(parent) for code, parent in zip(children["code"], children["parent"], strict=True)]
    ]
    assert bad.empty, bad[["code", "parent"]].head()


def test_chiang_mai_is_named_in_thai_and_english(real_boundaries: Boundaries) -> None:
    chiang_mai = by_code(real_boundaries.provinces).loc["50"]
    assert chiang_mai["name_th"] == "เชียงใหม่"
    assert chiang_mai["name_en"] == "Chiang Mai"
    mueang = by_code(real_boundaries.districts).loc["5001"]
    assert (mueang["name_th"], mueang["name_en"], mueang["parent"]) == ("เมืองเชียงใหม่", "Mueang Chiang Mai", "50")


def test_names_truncated_by_the_source_are_restored(real_boundaries: Boundaries) -> None:
    # the shapefile cuts Thai names at 16 characters; the full DOPA names replace them, the cut ones stay as alt_th
    subdistrict = by_code(real_boundaries.subdistricts).loc["342504"]
    assert subdistrict["name_th"] == "นิคมสร้างตนเองลำโดมน้อย"
    assert subdistrict["alt_th"] == "นิคมสร้างตนเองลำ"
    district = by_code(real_boundaries.districts).loc["1008"]
    assert district["name_th"] == "เขตป้อมปราบศัตรูพ่าย"
    assert len(district["alt_th"]) == 16
    for level in LEVELS:
        frame = real_boundaries.level(level)
        assert frame[["name_th", "name_en"]].notna().all().all()
        assert (frame["name_th"].str.strip() != "").all() and (frame["name_en"].str.strip() != "").all()
    assert (real_boundaries.subdistricts["name_th"].str.len() > 16).sum() >= 5


@pytest.mark.parametrize("level", LEVELS)
def test_geometries_are_valid_polygons(real_boundaries: Boundaries, level: str) -> None:
    geometry = real_boundaries.level(level).geometry
    assert geometry.is_valid.all()
    assert not geometry.is_empty.any()
    assert set(geometry.geom_type) <= {"Polygon", "MultiPolygon"}


def test_thailand_is_where_it_should_be(real_boundaries: Boundaries) -> None:
    min_lon, min_lat, max_lon, max_lat = real_boundaries.provinces.total_bounds
    assert 97.2 < min_lon < 97.6 and 5.5 < min_lat < 5.8 and 105.5 < max_lon < 105.8 and 20.3 < max_lat < 20.6
    area_km2 = real_boundaries.provinces.to_crs(METRIC_CRS).area.sum() / 1e6
    assert 500_000 < area_km2 < 530_000  # 513,120 km² officially


@pytest.mark.parametrize(("lower", "upper"), [("districts", "provinces"), ("subdistricts", "districts")])
def test_upper_levels_are_the_union_of_their_parts(real_boundaries: Boundaries, lower: str, upper: str) -> None:
    children = getattr(real_boundaries, lower).to_crs(METRIC_CRS)
    parents = by_code(getattr(real_boundaries, upper).to_crs(METRIC_CRS)).geometry
    unions = children.groupby("parent").geometry.apply(lambda g: shapely.union_all(g.values))
    leftover_m2 = shapely.area(shapely.symmetric_difference(parents.loc[unions.index].values, unions.values))
    assert leftover_m2.max() < 1.0, unions.index[leftover_m2.argmax()]


def test_same_level_areas_do_not_overlap(real_boundaries: Boundaries) -> None:
    districts = real_boundaries.districts.to_crs(METRIC_CRS).geometry.values
    left, right = shapely.STRtree(districts).query(districts, predicate="intersects")
    pairs = left < right
    overlap_m2 = shapely.area(shapely.intersection(districts[left[pairs]], districts[right[pairs]]))
    assert pairs.sum() > 2_000  # districts have neighbours
    assert overlap_m2.sum() < 1.0


def test_representative_points_lie_inside_their_area(real_boundaries: Boundaries) -> None:
    points = representative_points(real_boundaries.districts)
    assert list(points["code"]) == list(real_boundaries.districts["code"])
    inside = shapely.contains_xy(real_boundaries.districts.geometry.values, points["lon"], points["lat"])
    assert inside.all()


# -- errors: the message names the path -----------------------------------------------------------------------------
def test_missing_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(BoundaryFilesError, match="boundaries folder not found") as error:
        load_boundaries(missing)
    assert str(missing) in str(error.value)
    assert isinstance(error.value, FileNotFoundError)


def test_missing_zip_is_named(tmp_path: Path) -> None:
    (tmp_path / "tambon_simplify").mkdir()
    with pytest.raises(BoundaryFilesError, match="boundary file missing") as error:
        load_boundaries(tmp_path)
    assert str(tmp_path / ADM3_ZIP) in str(error.value)
    assert "JITASA_BOUNDARIES_DIR" in str(error.value)


def test_damaged_zip_is_named(tmp_path: Path) -> None:
    zip_path = tmp_path / ADM3_ZIP
    zip_path.parent.mkdir()
    zip_path.write_bytes(b"this is not a zip file")
    with pytest.raises(BoundaryFilesError, match="cannot read boundary file") as error:
        load_boundaries(tmp_path)
    assert str(zip_path) in str(error.value)


# -- the cache ------------------------------------------------------------------------------------------------------
def test_second_load_reads_the_cache(
    real_boundaries: Boundaries, boundaries_dir: Path, geo_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rebuild(*args: object) -> Boundaries:
        raise AssertionError("rebuilt the boundaries although the cache is fresh")

    monkeypatch.setattr(geo.boundaries, "_build_boundaries", no_rebuild)
    again = load_boundaries(boundaries_dir, geo_cache_dir)
    assert again.checksum == real_boundaries.checksum
    for level in LEVELS:
        assert_geodataframe_equal(again.level(level), real_boundaries.level(level))


def test_cache_follows_the_source_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, cache = tmp_path / "boundaries", tmp_path / "cache"
    zip_path = source / ADM3_ZIP
    zip_path.parent.mkdir(parents=True)
    zip_path.write_bytes(b"version 1")
    builds: list[str] = []

    def fake_build(adm3_zip: Path, checksum: str) -> dict[str, str]:
        builds.append(adm3_zip.read_text())
        return {"built from": adm3_zip.read_text()}

    monkeypatch.setattr(geo.boundaries, "_build_boundaries", fake_build)
    assert load_boundaries(source, cache) == {"built from": "version 1"}
    assert load_boundaries(source, cache) == {"built from": "version 1"}
    assert builds == ["version 1"]  # the second load came from the cache
    zip_path.write_bytes(b"version 2")
    assert load_boundaries(source, cache) == {"built from": "version 2"}
    assert builds == ["version 1", "version 2"]
    assert load_boundaries(source, None) == {"built from": "version 2"}  # no cache folder: always built
    assert len(builds) == 3


def test_a_copy_of_the_source_elsewhere_hits_the_same_cache(
    real_boundaries: Boundaries,
    boundaries_dir: Path,
    geo_cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the cache is keyed by the file's content, not its path
    copy = tmp_path / "copy"
    (copy / ADM3_ZIP).parent.mkdir(parents=True)
    shutil.copy(boundaries_dir / ADM3_ZIP, copy / ADM3_ZIP)
    monkeypatch.setattr(geo.boundaries, "_build_boundaries", lambda *a: pytest.fail("rebuilt"))
    assert load_boundaries(copy, geo_cache_dir).checksum == real_boundaries.checksum
