"""Point → (province, district, subdistrict), vectorised with a spatial index over the full-resolution polygons.

``locate`` says which subdistrict a point lies in. ``locate_within_tolerance`` applies the boundary-precision rule:
the boundary files are simplified, so a point within ``tolerance_m`` metres of the area a row names is stored in that
area, and a point within it of Thailand's land boundary or coast in the nearest subdistrict; each says by how many
metres it was outside. The nearest area is chosen in a transverse Mercator projection centred on the boundaries'
extent (for Thailand 101.5°E: scale error under 0.3 % across the country), and the distance to it is then measured
geodesically (WGS84) to its nearest point: metres, never degrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

# Thailand's extent with a margin, for a quick "is this even in Thailand" check and swapped lat/lon hints.
THAILAND_BBOX = (97.3, 5.6, 105.7, 20.5)  # min lon, min lat, max lon, max lat
DEFAULT_TOLERANCE_M = 250.0  # settings.py's JITASA_BOUNDARY_TOLERANCE_M; README says where the figure comes from
_GEOD = pyproj.Geod(ellps="WGS84")


@dataclass
class AreaLocator:
    """Finds the subdistrict containing each point. Build once (it prepares the polygons), query many times.

    ``tolerance_m``: the default of ``locate_within_tolerance`` (the deployment's JITASA_BOUNDARY_TOLERANCE_M)."""

    codes: np.ndarray
    tree: shapely.STRtree
    geometry: np.ndarray | None = None
    tolerance_m: float = DEFAULT_TOLERANCE_M
    _metric: _Metric | None = field(default=None, init=False, repr=False)  # built on the first point outside
    _extent: tuple | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_subdistricts(cls, subdistricts: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M) -> AreaLocator:
        geometry = subdistricts.geometry.values
        shapely.prepare(geometry)
        return cls(
            codes=subdistricts["code"].to_numpy(dtype=object),
            tree=shapely.STRtree(geometry),
            geometry=np.asarray(geometry, dtype=object),
            tolerance_m=float(tolerance_m),
        )

    def locate(self, lon, lat) -> pd.DataFrame:
        """Codes for each point: columns subdistrict, district, province (None outside every polygon)."""
        return _levels(self._containing(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)))

    def locate_one(self, lon: float, lat: float) -> dict[str, str | None]:
        return self.locate([lon], [lat]).iloc[0].to_dict()

    def locate_within_tolerance(self, lon, lat, named=None, tolerance_m: float | None = None) -> pd.DataFrame:
        """Where each point belongs under the boundary-precision rule, one row per point:

        - ``subdistrict``, ``district``, ``province``: where the point is stored. Inside the area named for it (a
          code of any level in ``named``, or None), or within ``tolerance_m`` of it: that area (the subdistrict the
          point lies in, else the nearest subdistrict of the named area). Otherwise the subdistrict the point lies
          in, else the nearest within ``tolerance_m`` of Thailand; None beyond that (outside Thailand).
        - ``lies_in``: the subdistrict the point lies in (None when in none: at sea, or abroad).
        - ``outside_m``: metres from the point to its stored subdistrict (0 inside; when none, to Thailand; inf
          when the point is far beyond the boundaries' extent, as 0,0 is).
        - ``named_m``: metres from the point to the named area (0 inside; NaN with no name; inf when far).
        - ``in_named``: no area was named, or the point is within the tolerance of it.
        - ``snapped``: stored in a subdistrict it lies outside of (a point on the named area's border is inside it).
        Missing coordinates give None and NaN everywhere.
        """
        tolerance = self.tolerance_m if tolerance_m is None else float(tolerance_m)
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        n = len(lon)
        named = _named_codes(named, n)
        valid = np.isfinite(lon) & np.isfinite(lat)
        lies_in = self._containing(lon, lat)
        near = valid & self._near_extent(lon, lat, tolerance)  # farther: beyond any tolerance, nothing to measure
        stored = lies_in.copy()
        outside_m = np.where(_present(lies_in), 0.0, np.nan)
        named_m = np.full(n, np.nan)
        has_name = _present(named)
        in_named = has_name & _present(lies_in) & _starts_with(lies_in, named)
        named_m[in_named] = 0.0
        named_m[valid & has_name & ~in_named & ~near] = np.inf
        outside_m[valid & ~near] = np.inf
        rows = np.flatnonzero(near & has_name & ~in_named)  # naming an area the point does not lie in
        if rows.size:
            nearest, metres = self._nearest_in(lon[rows], lat[rows], named[rows], tolerance)
            named_m[rows] = metres
            close = metres <= tolerance
            stored[rows[close]], outside_m[rows[close]] = nearest[close], metres[close]
        rows = np.flatnonzero(near & ~_present(stored))  # in no subdistrict, and not placed in the named area
        if rows.size:
            nearest, metres = self._nearest(lon[rows], lat[rows])
            outside_m[rows] = metres
            stored[rows[metres <= tolerance]] = nearest[metres <= tolerance]
        out = _levels(stored)
        out["lies_in"] = pd.Series(lies_in, dtype=object)
        out["outside_m"] = outside_m
        out["named_m"] = named_m
        out["in_named"] = ~has_name | (named_m <= tolerance)
        out["snapped"] = _present(stored) & (stored != lies_in) & (outside_m > 0)  # on a border is inside both
        return out

    def locate_one_within_tolerance(
        self, lon: float, lat: float, named: str | None = None, tolerance_m: float | None = None
    ) -> dict:
        """``locate_within_tolerance`` for one point, as a dict."""
        return self.locate_within_tolerance([lon], [lat], [named], tolerance_m).iloc[0].to_dict()

    # -- the steps ------------------------------------------------------------------------------------------------
    def _containing(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """The code of the subdistrict each point lies in (None when none)."""
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
        return found

    def _near_extent(self, lon: np.ndarray, lat: np.ndarray, tolerance: float) -> np.ndarray:
        """Points inside the boundaries' extent widened by more than ``tolerance`` (0.1° plus twice the tolerance
        in degrees of latitude): only these can be within the tolerance of an area, and project without distortion."""
        if self._extent is None:
            self._extent = tuple(shapely.total_bounds(self.tree.geometries))
        min_lon, min_lat, max_lon, max_lat = self._extent
        margin = 0.1 + 2 * tolerance / 110_000
        return (
            (lon >= min_lon - margin)
            & (lon <= max_lon + margin)
            & (lat >= min_lat - margin)
            & (lat <= max_lat + margin)
        )

    def _metric_parts(self) -> _Metric:
        if self._metric is None:
            self._metric = _Metric.build(self)
        return self._metric

    def _nearest_in(
        self, lon: np.ndarray, lat: np.ndarray, named: np.ndarray, tolerance: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each point, the nearest subdistrict inside its named area when one is near (None otherwise), and the
        geodesic metres to the named area."""
        metric = self._metric_parts()
        points = metric.points(lon, lat)
        # subdistricts near enough to matter (the margin covers the projection's scale error); then those named
        point_i, polygon_i = metric.tree.query(points, predicate="dwithin", distance=tolerance * 1.01 + 1.0)
        keep = _starts_with(self.codes[polygon_i], named[point_i])
        point_i, polygon_i = point_i[keep], polygon_i[keep]
        distances = shapely.distance(points[point_i], metric.projected[polygon_i])
        order = np.lexsort((distances, point_i))
        point_i, polygon_i = point_i[order], polygon_i[order]
        first = np.unique(point_i, return_index=True)[1]
        polygon = np.full(len(lon), -1)
        polygon[point_i[first]] = polygon_i[first]
        near = polygon >= 0
        nearest = np.full(len(lon), None, dtype=object)
        nearest[near] = self.codes[polygon[near]]
        metres = np.full(len(lon), np.inf)
        metres[near] = metric.geodesic_metres(lon[near], lat[near], points[near], metric.projected[polygon[near]])
        far = np.flatnonzero(~near)  # beyond the tolerance: how far, to the named area as a whole
        if far.size:
            areas = np.array([metric.area(code) for code in named[far]], dtype=object)
            known = np.array([a is not None for a in areas], dtype=bool)
            metres[far[known]] = metric.geodesic_metres(
                lon[far][known], lat[far][known], points[far][known], areas[known]
            )
        nearest[metres > tolerance] = None
        return nearest, metres

    def _nearest(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each point, the nearest subdistrict of the whole country and the geodesic metres to it."""
        metric = self._metric_parts()
        points = metric.points(lon, lat)
        (point_i, polygon_i), _ = metric.tree.query_nearest(points, return_distance=True, all_matches=False)
        polygon = np.full(len(lon), -1)
        polygon[point_i] = polygon_i
        return self.codes[polygon], metric.geodesic_metres(lon, lat, points, metric.projected[polygon])


@dataclass
class _Metric:
    """The subdistricts in metres: a transverse Mercator centred on their extent (Thailand: 101.5°E; a test's
    squares: their own middle), its inverse, the projected polygons and their index, and the areas dissolved so far."""

    forward: pyproj.Transformer
    inverse: pyproj.Transformer
    projected: np.ndarray
    tree: shapely.STRtree
    sorted_codes: np.ndarray  # the subdistrict codes sorted, and their positions: an area's are one slice
    order: np.ndarray
    areas: dict = field(default_factory=dict)

    @classmethod
    def build(cls, locator: AreaLocator) -> _Metric:
        geometry = np.asarray(locator.geometry if locator.geometry is not None else locator.tree.geometries)
        min_lon, min_lat, max_lon, max_lat = shapely.total_bounds(geometry)
        crs = (
            f"+proj=tmerc +lat_0={(min_lat + max_lat) / 2:.4f} +lon_0={(min_lon + max_lon) / 2:.4f} +k=1 "
            "+x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
        )
        forward = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
        inverse = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
        # edges straight in degrees are curved in metres: densified first (every 0.01°, about 1 km) so they stay close
        dense = shapely.segmentize(geometry, 0.01)
        projected = shapely.transform(dense, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))
        shapely.prepare(projected)
        codes = locator.codes.astype(str)
        order = np.argsort(codes, kind="stable")
        return cls(forward, inverse, projected, shapely.STRtree(projected), codes[order], order)

    def points(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        return shapely.points(*self.forward.transform(lon, lat))

    def area(self, code: str):
        """The projected polygon of an area of any level (its subdistricts dissolved), None for an unknown code."""
        if code not in self.areas:
            start, stop = np.searchsorted(self.sorted_codes, [code, code + "~"])  # "~" sorts after every digit
            parts = self.projected[self.order[start:stop]]
            self.areas[code] = shapely.union_all(parts) if len(parts) else None
        return self.areas[code]

    def geodesic_metres(self, lon, lat, points: np.ndarray, polygons: np.ndarray) -> np.ndarray:
        """Geodesic metres from each point to the nearest point of its polygon (0 when on or inside it)."""
        if not len(points):
            return np.zeros(0)
        ends = shapely.get_point(shapely.shortest_line(points, polygons), 1)  # None where there is no polygon
        end_lon, end_lat = self.inverse.transform(shapely.get_x(ends), shapely.get_y(ends))
        metres = np.asarray(_GEOD.inv(lon, lat, end_lon, end_lat)[2], dtype=float)
        metres = np.where(np.isfinite(metres), metres, np.inf)
        return np.where(shapely.intersects(points, polygons), 0.0, metres)


def _present(codes: np.ndarray) -> np.ndarray:
    return np.array([c is not None for c in codes], dtype=bool)


def _starts_with(codes: np.ndarray, prefixes: np.ndarray) -> np.ndarray:
    return np.array([c is not None and p is not None and c.startswith(p) for c, p in zip(codes, prefixes)], dtype=bool)


def _named_codes(named, n: int) -> np.ndarray:
    """The named area of each point as a code, None where none is named (empty, missing, or the whole country)."""
    out = np.full(n, None, dtype=object)
    if named is None:
        return out
    for i, code in enumerate(named):
        if isinstance(code, str) and code.strip() and code.strip() != "TH":
            out[i] = code.strip()
    return out


def _levels(subdistricts: np.ndarray) -> pd.DataFrame:
    sub = pd.Series(subdistricts, dtype=object)
    return pd.DataFrame(
        {
            "subdistrict": sub,
            "district": sub.str[:4].where(sub.notna(), None),
            "province": sub.str[:2].where(sub.notna(), None),
        }
    )


def in_thailand_bbox(lon, lat) -> np.ndarray:
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    return (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)
