"""Official boundaries of Thailand: load, repair, name, and dissolve upper levels from the lowest.

Source: the OCHA COD-AB release of the Royal Thai Survey Department (tha_adm_rtsd_itos_20220121), subdistrict
level (ADM3) as simplified by prasertcbs/thailand_gis. Districts and provinces are dissolved from the subdistricts,
so that borders nest exactly. Thai names are restored from the DOPA names in the PyPI package ``geothai`` (the
shapefile truncates long names at 16 characters).
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

log = logging.getLogger(__name__)

LEVELS = ("province", "district", "subdistrict")
CODE_LENGTH = {"province": 2, "district": 4, "subdistrict": 6}
ADM3_ZIP = Path("tambon_simplify") / "tha_admbnda_adm3_rtsd_20220121.zip"
_CACHE_FORMAT = 2  # bump when the prepared frames change shape
ATTRIBUTION_EN = (
    "Boundaries: Royal Thai Survey Department, Thailand COD-AB (tha_adm_rtsd_itos_20220121), via OCHA/HDX, "
    "CC BY-IGO 3.0; simplified by prasertcbs/thailand_gis"
)


class BoundaryFilesError(FileNotFoundError):
    """The boundary files are missing or unreadable; the message says which file and where."""


@dataclass(frozen=True)
class Boundaries:
    """Full-resolution polygons per level, WGS84, with columns code, name_th, name_en, alt_th, alt_en, parent."""

    provinces: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    subdistricts: gpd.GeoDataFrame
    checksum: str

    def level(self, level: str) -> gpd.GeoDataFrame:
        return {"province": self.provinces, "district": self.districts, "subdistrict": self.subdistricts}[level]


def boundary_source_files(boundaries_dir: Path) -> list[Path]:
    """The files the boundaries are built from; raise BoundaryFilesError if one is missing."""
    path = Path(boundaries_dir) / ADM3_ZIP
    if not Path(boundaries_dir).is_dir():
        raise BoundaryFilesError(
            f"boundaries folder not found: {boundaries_dir}; run python app.py fetch-data to fetch the public "
            "source data, or set JITASA_SOURCE_DATA_DIR (or JITASA_BOUNDARIES_DIR) to where they are / "
            "ไม่พบโฟลเดอร์ขอบเขตการปกครอง: เรียก python app.py fetch-data เพื่อดาวน์โหลดข้อมูลต้นทาง"
        )
    if not path.is_file():
        raise BoundaryFilesError(
            f"boundary file missing: {path} (the ADM3 shapefile zip of the OCHA COD-AB release); run "
            "python app.py fetch-data, or set JITASA_BOUNDARIES_DIR to the folder that holds tambon_simplify/ / "
            "ไม่พบไฟล์ขอบเขตตำบล: เรียก python app.py fetch-data"
        )
    return [path]


def source_checksum(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_boundaries(boundaries_dir: Path, cache_dir: Path | None = None) -> Boundaries:
    """Load the three levels, from the on-disk cache when the source files have not changed."""
    files = boundary_source_files(boundaries_dir)
    checksum = source_checksum(files)
    cache_file = Path(cache_dir) / f"boundaries-{checksum[:16]}-v{_CACHE_FORMAT}.pickle" if cache_dir else None
    if cache_file and cache_file.is_file():
        with cache_file.open("rb") as fh:
            return pickle.load(fh)
    boundaries = _build_boundaries(files[0], checksum)
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(boundaries, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache_file)
    return boundaries


def _build_boundaries(adm3_zip: Path, checksum: str) -> Boundaries:
    raw = _read_adm3(adm3_zip)
    subdistricts = _subdistrict_frame(raw)
    districts = _dissolve(subdistricts, "district", _district_names(raw))
    provinces = _dissolve(districts, "province", _province_names(raw))
    return Boundaries(provinces=provinces, districts=districts, subdistricts=subdistricts, checksum=checksum)


def _read_adm3(adm3_zip: Path) -> gpd.GeoDataFrame:
    try:
        # The zip has no .cpg: without encoding="utf-8" the Thai names come out as mojibake.
        frame = gpd.read_file(f"zip://{adm3_zip}", encoding="utf-8")
    except Exception as exc:  # pyogrio raises several types for a damaged file
        raise BoundaryFilesError(f"cannot read boundary file {adm3_zip}: {exc}") from exc
    expected = {"ADM3_PCODE", "ADM3_TH", "ADM3_EN", "ADM2_PCODE", "ADM2_TH", "ADM2_EN", "ADM1_PCODE"}
    missing = expected - set(frame.columns)
    if missing:
        raise BoundaryFilesError(f"boundary file {adm3_zip} lacks the columns {sorted(missing)}")
    if frame.crs is None:
        frame = frame.set_crs(4326)
    return frame.to_crs(4326)


def _dopa_names(kind: str) -> dict[str, tuple[str, str]]:
    """Full DOPA names by code from geothai's data: {code: (name_th, name_en)}."""
    text = resources.files("geothai").joinpath("_data", f"{kind}.json").read_text(encoding="utf-8")
    return {row[0]: (row[1], row[2]) for row in json.loads(text)}


def _restore_names(codes: pd.Series, source_th: pd.Series, source_en: pd.Series, kind: str) -> pd.DataFrame:
    """DOPA names where geothai knows the code, the source's own names otherwise; source names kept as alt."""
    dopa = _dopa_names(kind)
    name_th = [dopa.get(c, (th, en))[0] for c, th, en in zip(codes, source_th, source_en)]
    name_en = [dopa.get(c, (th, en))[1] for c, th, en in zip(codes, source_th, source_en)]
    return pd.DataFrame(
        {"name_th": name_th, "name_en": name_en, "alt_th": source_th.values, "alt_en": source_en.values},
        index=codes.index,
    )


def _subdistrict_frame(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    codes = raw["ADM3_PCODE"].str.removeprefix("TH")
    names = _restore_names(codes, raw["ADM3_TH"].str.strip(), raw["ADM3_EN"].str.strip(), "subdistricts")
    geometry = shapely.make_valid(raw.geometry.values)
    frame = gpd.GeoDataFrame(
        {"code": codes, **names, "parent": raw["ADM2_PCODE"].str.removeprefix("TH")},
        geometry=_polygonal(geometry),
        crs=4326,
    )
    return frame.sort_values("code").reset_index(drop=True)


def _district_names(raw: gpd.GeoDataFrame) -> pd.DataFrame:
    first = raw.drop_duplicates("ADM2_PCODE")
    codes = first["ADM2_PCODE"].str.removeprefix("TH")
    names = _restore_names(codes, first["ADM2_TH"].str.strip(), first["ADM2_EN"].str.strip(), "districts")
    names["code"] = codes.values
    names["parent"] = first["ADM1_PCODE"].str.removeprefix("TH").values
    return names.set_index("code")


def _province_names(raw: gpd.GeoDataFrame) -> pd.DataFrame:
    first = raw.drop_duplicates("ADM1_PCODE")
    codes = first["ADM1_PCODE"].str.removeprefix("TH")
    names = _restore_names(codes, first["ADM1_TH"].str.strip(), first["ADM1_EN"].str.strip(), "provinces")
    names["code"] = codes.values
    names["parent"] = "TH"
    return names.set_index("code")


def _dissolve(lower: gpd.GeoDataFrame, level: str, names: pd.DataFrame) -> gpd.GeoDataFrame:
    """Union the lower level's polygons by parent code: upper borders are exactly lower borders."""
    grouped = lower.groupby("parent").geometry.apply(lambda g: shapely.union_all(g.values))
    geometry = _polygonal(shapely.make_valid(grouped.values))
    frame = gpd.GeoDataFrame({"code": grouped.index.astype(str)}, geometry=geometry, crs=4326)
    frame = frame.join(names, on="code")
    return (
        frame[["code", "name_th", "name_en", "alt_th", "alt_en", "parent", "geometry"]]
        .sort_values("code")
        .reset_index(drop=True)
    )


def _polygonal(geometry):
    """Keep only the polygonal part of each geometry (make_valid may return collections with stray lines)."""
    out = []
    for geom in geometry:
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            out.append(geom)
            continue
        parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        out.append(shapely.union_all(parts))
    return out


def representative_points(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """A point inside each area (for labels and search results): lon, lat."""
    points = shapely.point_on_surface(frame.geometry.values)
    return pd.DataFrame({"code": frame["code"].values, "lon": shapely.get_x(points), "lat": shapely.get_y(points)})
