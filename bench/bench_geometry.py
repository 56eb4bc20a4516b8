"""Size of the web GeoJSON per level against the full-resolution source written as GeoJSON, and the cache's speed-up.

    python bench/bench_geometry.py [--builds N] [--reads N] [--levels L ...] [--short]

For each level (province, district, subdistrict): bytes, gzipped bytes and vertex count of the GeoJSON the app
serves (``geo.webgeom.web_geometry``). Baseline, written in this run: the full-resolution polygons of the same level
(``Boundaries.level``) as GeoJSON with the same properties and the same compact JSON, coordinates rounded to
4 decimals and, as a second baseline, at full precision; gzip level 9 for both. Targets (information): district at
most 600 KB gzipped, subdistrict at most 1.5 MB. Timing: building the web geometry from scratch (baseline) against
reading it from the cache on disk.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import KB, MB, Figure, add_repo_root_to_path, best_of, parse_arguments, print_figures

LEVELS = ("province", "district", "subdistrict")
TARGET_GZ_BYTES = {"district": 600 * KB, "subdistrict": 1.5 * MB}
BASELINE_DECIMALS = 4


SHORT = {"builds": 1, "reads": 1, "levels": ["province", "district"]}  # --short: sees that it runs


def measure(builds: int = 2, reads: int = 5, levels: list[str] | tuple[str, ...] = LEVELS) -> list[Figure]:
    """``levels``: the levels whose GeoJSON is compared with the full-resolution source (the build makes all)."""
    add_repo_root_to_path()
    from geo.boundaries import load_boundaries
    from geo.webgeom import web_geometry
    from settings import load_settings

    boundaries_dir = load_settings().boundaries_dir
    with tempfile.TemporaryDirectory(prefix="jitasa-bench-geo-") as tmp:
        tmp_path = Path(tmp)
        source_s, boundaries = best_of(1, lambda: load_boundaries(boundaries_dir, tmp_path / "cache"))
        cached_boundaries_s, _ = best_of(reads, lambda: load_boundaries(boundaries_dir, tmp_path / "cache"))
        counter = iter(range(builds))
        build_s, _ = best_of(builds, lambda: web_geometry(boundaries, tmp_path / f"build-{next(counter)}"))
        read_s, web = best_of(reads, lambda: web_geometry(boundaries, tmp_path / "build-0"))

    figures: list[Figure] = []
    for level in levels:
        figures.extend(_level_figures(level, web.geojson[level], web.geojson_gz[level], boundaries.level(level)))
    figures.append(Figure("web geometry: read the cache", read_s, "s", build_s, "web geometry built from scratch"))
    figures.append(
        Figure("boundaries: read the cache", cached_boundaries_s, "s", source_s, "boundaries built from the source zip")
    )
    return figures


def _level_figures(level: str, plain: bytes, gz: bytes, full_resolution) -> list[Figure]:
    rounded = full_resolution_geojson(full_resolution, BASELINE_DECIMALS)
    full = full_resolution_geojson(full_resolution, None)
    rounded_label = f"the same level at full resolution as GeoJSON, {BASELINE_DECIMALS}-decimal coordinates"
    return [
        Figure(f"{level} GeoJSON", len(plain), "bytes", len(rounded), rounded_label),
        Figure(
            f"{level} GeoJSON gzipped",
            len(gz),
            "bytes",
            len(gzipped(rounded)),
            rounded_label + ", gzipped",
            TARGET_GZ_BYTES.get(level),
        ),
        Figure(
            f"{level} GeoJSON gzipped vs full precision",
            len(gz),
            "bytes",
            len(gzipped(full)),
            "the same level at full resolution as GeoJSON, full-precision coordinates, gzipped",
        ),
        Figure(
            f"{level} vertices",
            geojson_vertex_count(plain),
            "count",
            geojson_vertex_count(full),
            "vertices of the same level at full resolution",
        ),
    ]


def full_resolution_geojson(frame, decimals: int | None) -> bytes:
    """The frame as the app writes it (id, code, name_th, name_en, parent; compact JSON) but with unsimplified
    geometry, coordinates rounded to ``decimals`` (None: as stored)."""
    import numpy as np
    import shapely
    from shapely.geometry import mapping

    geometry = frame.geometry.values
    if decimals is not None:
        geometry = shapely.transform(geometry, lambda xy: np.round(xy, decimals))
    features = [
        {
            "type": "Feature",
            "id": row.code,
            "properties": {"code": row.code, "name_th": row.name_th, "name_en": row.name_en, "parent": row.parent},
            "geometry": mapping(geom),
        }
        for row, geom in zip(frame.itertuples(index=False), geometry, strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def geojson_vertex_count(data: bytes) -> int:
    """Positions in the polygons of a FeatureCollection, closing positions of rings included (as GEOS counts them)."""
    total = 0
    for feature in json.loads(data)["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        total += sum(len(ring) for polygon in polygons for ring in polygon)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=2, help="builds from scratch to time (the best counts)")
    parser.add_argument("--reads", type=int, default=5, help="cache reads to time (the best counts)")
    parser.add_argument("--levels", nargs="+", choices=LEVELS, default=list(LEVELS), help="levels to compare")
    print_figures("geometry", measure(**parse_arguments(parser, argv, SHORT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
