"""Point → (province, district, subdistrict), vectorised with a spatial index over the full-resolution polygons."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

# Thailand's extent with a margin, for a quick "is this even in Thailand" check and swapped lat/lon hints.
THAILAND_BBOX = (97.3, 5.6, 105.7, 20.5)  # min lon, min lat, max lon, max lat


@dataclass
class AreaLocator:
    """Finds the subdistrict containing each point. Build once (it prepares the polygons), query many times."""

    codes: np.ndarray
    tree: shapely.STRtree

    @classmethod
    def from_subdistricts(cls, subdistricts: gpd.GeoDataFrame) -> AreaLocator:
        geometry = subdistricts.geometry.values
        shapely.prepare(geometry)
        return cls(codes=subdistricts["code"].to_numpy(dtype=object), tree=shapely.STRtree(geometry))

    def locate(self, lon, lat) -> pd.DataFrame:
        """Codes for each point: columns subdistrict, district, province (None outside every polygon)."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        points = shapely.points(lon, lat)
        found = np.full(len(points), None, dtype=object)
        valid = np.isfinite(lon) & np.isfinite(lat)
        if valid.any():
            index = np.flatnonzero(valid)
            point_i, poly_i = self.tree.query(points[index], predicate="intersects")
            # a point on a shared border touches two polygons: keep the first (lowest code), deterministically
            order = np.lexsort((self.codes[poly_i], point_i))
            point_i, poly_i = point_i[order], poly_i[order]
            first = np.unique(point_i, return_index=True)[1]
            found[index[point_i[first]]] = self.codes[poly_i[first]]
        sub = pd.Series(found, dtype=object)
        return pd.DataFrame(
            {
                "subdistrict": sub,
                "district": sub.str[:4].where(sub.notna(), None),
                "province": sub.str[:2].where(sub.notna(), None),
            }
        )

    def locate_one(self, lon: float, lat: float) -> dict[str, str | None]:
        return self.locate([lon], [lat]).iloc[0].to_dict()


def in_thailand_bbox(lon, lat) -> np.ndarray:
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    return (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)
