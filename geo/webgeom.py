"""Geometry for the web: simplified with shared borders kept, coordinates rounded, prepared once and cached on disk.

Subdistricts and districts are simplified as coverages (``shapely.coverage_simplify``): every shared edge is
simplified once, so neighbours stay glued, with no gaps or slivers. Provinces are the union of the simplified
districts, so province and district borders coincide on the map as well. Coordinates are rounded to
``DECIMALS`` places (about 11 m), which also keeps shared vertices identical.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.boundaries import Boundaries

DECIMALS = 4
# Tolerance of GEOS coverage simplification (Visvalingam-Whyatt: an area threshold), in degrees. The subdistrict
# source is already simplified: this removes few of its vertices, and the 4-decimal rounding is what keeps the file
# small (see bench/). Districts at 0.005 lose about a quarter of their vertices with no visible change at web zoom.
TOLERANCE_DEG = {"subdistrict": 0.002, "district": 0.005}
_FORMAT = 3  # bump when the output changes


@dataclass(frozen=True)
class WebGeometry:
    """GeoJSON bytes (plain and gzipped) per level, and an ETag that changes with the source and the algorithm."""

    geojson: dict[str, bytes]
    geojson_gz: dict[str, bytes]
    etag: str

    def frame(self, level: str) -> gpd.GeoDataFrame:
        return gpd.read_file(self.geojson[level].decode("utf-8"))


def web_geometry(boundaries: Boundaries, cache_dir: Path | None = None) -> WebGeometry:
    """The web GeoJSON of every level; read from ``cache_dir`` if it was computed for these source files."""
    etag = f"{boundaries.checksum[:16]}-{_FORMAT}"
    folder = Path(cache_dir) / f"web-{etag}" if cache_dir else None
    if folder and all((folder / f"{level}.geojson.gz").is_file() for level in ("province", "district", "subdistrict")):
        gz = {lvl: (folder / f"{lvl}.geojson.gz").read_bytes() for lvl in ("province", "district", "subdistrict")}
        return WebGeometry({k: gzip.decompress(v) for k, v in gz.items()}, gz, etag)
    frames = simplified_frames(boundaries)
    plain = {level: feature_collection_bytes(frame) for level, frame in frames.items()}
    gz = {level: gzip.compress(data, compresslevel=9, mtime=0) for level, data in plain.items()}
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
        for level, data in gz.items():
            tmp = folder / f"{level}.geojson.gz.tmp"
            tmp.write_bytes(data)
            tmp.replace(folder / f"{level}.geojson.gz")
    return WebGeometry(plain, gz, etag)


def simplified_frames(boundaries: Boundaries) -> dict[str, gpd.GeoDataFrame]:
    subdistricts = _simplified(boundaries.subdistricts, TOLERANCE_DEG["subdistrict"])
    districts = _simplified(boundaries.districts, TOLERANCE_DEG["district"])
    provinces = _union_by_parent(districts, boundaries.provinces)
    return {"province": provinces, "district": districts, "subdistrict": subdistricts}


def _simplified(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    geometry = shapely.coverage_simplify(frame.geometry.values, tolerance)
    geometry = shapely.set_precision(geometry, 10**-DECIMALS)
    geometry = shapely.make_valid(geometry)
    return frame.drop(columns="geometry").set_geometry(gpd.GeoSeries(geometry, crs=4326, index=frame.index))


def _union_by_parent(districts: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    grouped = districts.groupby("parent").geometry.apply(lambda g: shapely.union_all(g.values, grid_size=10**-DECIMALS))
    out = provinces.drop(columns="geometry").set_index("code")
    out = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(grouped.reindex(out.index).values, index=out.index), crs=4326)
    return out.reset_index()


def feature_collection_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """Compact GeoJSON: id and properties code, name_th, name_en, parent; coordinates rounded."""
    features = []
    for row, geom in zip(frame.itertuples(index=False), frame.geometry.values):
        features.append(
            {
                "type": "Feature",
                "id": row.code,
                "properties": {"code": row.code, "name_th": row.name_th, "name_en": row.name_en, "parent": row.parent},
                "geometry": _rounded_mapping(geom),
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
    ).encode()


def _rounded_mapping(geom) -> dict:
    def ring(r):
        return np.round(np.asarray(r.coords), DECIMALS).tolist()

    def poly(p):
        return [ring(p.exterior)] + [ring(i) for i in p.interiors]

    if geom.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": poly(geom)}
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"]
    return {"type": "MultiPolygon", "coordinates": [poly(p) for p in parts]}
