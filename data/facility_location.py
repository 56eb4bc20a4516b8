"""Where the point of each facility row belongs, under the boundary tolerance, and what is said about it.

A point inside the area the row names (its district, else its province, else the writer's own area), or within
``JITASA_BOUNDARY_TOLERANCE_M`` of it, is stored there, with a warning giving the metres when it lies outside; farther,
a problem with a hint. A point within the tolerance of Thailand's land boundary or coast is stored in the nearest
subdistrict with a warning; farther, "outside Thailand" (with the swap hint when lat and lon look swapped). The rule
itself is geo.locate.AreaLocator.locate_within_tolerance; this module turns its answer into the rows' areas, problems
and warnings, in Thai and English.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.context import Context
from data.validation import RowChecker, outside_thailand
from geo.locate import in_thailand_bbox
from geo.registry import COUNTRY
from geo.thai import localized


def locate_rows(parsed: pd.DataFrame, rows: RowChecker, state: Context, scope: str) -> None:
    """Set each parsed row's province, district and subdistrict from its point and its named area; add the problems
    and warnings the rule gives (see the module's docstring)."""
    for level in ("province", "district", "subdistrict"):
        parsed[level] = None
    if parsed.empty:
        return
    named_by = _named_by(parsed, scope)
    named = [None if by is None else (scope if by == "scope" else rec) for by, rec in zip(named_by, _named(parsed))]
    lon, lat = parsed["lon"].to_numpy(dtype=float), parsed["lat"].to_numpy(dtype=float)
    placed = state.locator.locate_within_tolerance(lon, lat, named)
    for level in ("province", "district", "subdistrict"):
        parsed[level] = placed[level].to_numpy(dtype=object)
    inside, swapped = in_thailand_bbox(lon, lat), in_thailand_bbox(lat, lon)
    district_elsewhere = _district_outside_province(parsed)
    tolerance = state.locator.tolerance_m
    for k in np.flatnonzero(
        district_elsewhere | ~placed["in_named"] | placed["snapped"] | placed["subdistrict"].isna()
    ):
        rec, at = parsed.iloc[k], placed.iloc[k]
        if district_elsewhere[k]:
            _district_not_in_province(rows, rec, state.registry)
        elif at["subdistrict"] is None:
            _outside_thailand(rows, rec, bool(swapped[k] and not inside[k]))
        elif not at["in_named"] and named_by[k] in ("district", "province"):
            _not_in_named_area(rows, rec, named_by[k], at, state.registry, tolerance)
        elif at["snapped"]:
            _stored_within_tolerance(rows, rec, named_by[k], at, state.registry, tolerance)


def _named_by(parsed: pd.DataFrame, scope: str) -> list[str | None]:
    """Which area each row names for its point: "district", "province", "scope" (the writer's area) or None."""
    out: list[str | None] = []
    for district, province in zip(parsed["named_district"], parsed["named_province"]):
        out.append("district" if district else "province" if province else "scope" if scope != COUNTRY else None)
    return out


def _named(parsed: pd.DataFrame) -> list[str | None]:
    return [d or p for d, p in zip(parsed["named_district"], parsed["named_province"])]


def _district_outside_province(parsed: pd.DataFrame) -> np.ndarray:
    """Rows naming a district (by code, or a name found only elsewhere) that is not in the province they name."""
    return np.array(
        [bool(d and p and not d.startswith(p)) for d, p in zip(parsed["named_district"], parsed["named_province"])],
        dtype=bool,
    )


def _label(registry, code: str | None, lang: str) -> str:
    """ "Chom Thong (5002)": an area's name and code, in Thai or English."""
    area = registry.get(code) if code else None
    if area is None:
        return str(code)
    return f"{localized(area, lang)} ({code})"


def _typed(rec: pd.Series, level: str) -> str:
    """The area's cell as the row has it (the value a problem shows), else the code it was read as."""
    return rec.get(f"typed_{level}") or rec[f"named_{level}"]


def _metres(value: float) -> str:
    return f"{value:,.0f}"


def _outside_thailand(rows: RowChecker, rec: pd.Series, swapped: bool) -> None:
    rows.bad(rec["row"], "lat", f"{rec['lat']}, {rec['lon']}", *outside_thailand(swapped))


def _district_not_in_province(rows: RowChecker, rec: pd.Series, registry) -> None:
    district, province = rec["named_district"], rec["named_province"]
    rows.bad(
        rec["row"],
        "district",
        _typed(rec, "district"),
        f"อำเภอ {_label(registry, district, 'th')} ไม่อยู่ในจังหวัด {_label(registry, province, 'th')} "
        "โปรดตรวจชื่ออำเภอหรือจังหวัด",
        f"the district {_label(registry, district, 'en')} is not in the province named "
        f"({_label(registry, province, 'en')}); check the district or the province",
    )


def _not_in_named_area(rows: RowChecker, rec: pd.Series, level: str, at: pd.Series, registry, tolerance) -> None:
    named = rec[f"named_{level}"]
    th_level = "จังหวัด" if level == "province" else "อำเภอ"
    metres = _metres(at["named_m"])
    if at["lies_in"] is not None:
        where_th = f"แต่อยู่ใน{th_level} {_label(registry, at['lies_in'][: len(named)], 'th')}"
        where_en = f"but in {_label(registry, at['lies_in'][: len(named)], 'en')}"
    else:
        where_th, where_en = "แต่อยู่ในทะเลหรือนอกประเทศ", "but at sea or abroad"
    rows.bad(
        rec["row"],
        level,
        _typed(rec, level),
        f"พิกัดไม่อยู่ใน{th_level}ที่ระบุ ({_label(registry, named, 'th')}) {where_th} ห่างจาก{th_level}ที่ระบุ "
        f"{metres} เมตร เกินค่าคลาดเคลื่อนของแผนที่เขต {tolerance:,.0f} เมตร โปรดตรวจพิกัดหรือชื่อ{th_level}",
        f"the point is not in the {level} named ({_label(registry, named, 'en')}) {where_en}, {metres} m from it: "
        f"more than the {tolerance:,.0f} m the boundary files may be off by; check the coordinates or the {level}",
    )


def _stored_within_tolerance(
    rows: RowChecker, rec: pd.Series, named_by: str | None, at: pd.Series, registry, tolerance
) -> None:
    """The warning of a point stored in an area it lies just outside of."""
    metres, stored = _metres(at["outside_m"]), at["subdistrict"]
    why_th = f"ซึ่งไม่เกินค่าคลาดเคลื่อนของแผนที่เขต ({tolerance:,.0f} เมตร) หากไม่ถูกต้องโปรดตรวจพิกัด"
    why_en = f"within the {tolerance:,.0f} m the boundary files may be off by; check the coordinates if that is wrong"
    if at["lies_in"] is not None:  # the area of the named level it lies in (a subdistrict when none was named)
        lies_in = (
            at["lies_in"][: len(rec[f"named_{named_by}"])] if named_by in ("district", "province") else at["lies_in"]
        )
        in_th = f"อยู่ใน {_label(registry, lies_in, 'th')}"
        in_en = f"it lies in {_label(registry, lies_in, 'en')}"
    else:
        in_th, in_en = "อยู่ในทะเลหรือนอกชายแดน", "it lies at sea or across the border"
    if named_by in ("district", "province"):
        named = rec[f"named_{named_by}"]
        th_level = "จังหวัด" if named_by == "province" else "อำเภอ"
        column = named_by
        th = f"พิกัดอยู่นอก{th_level}ที่ระบุ ({_label(registry, named, 'th')}) {metres} เมตร ({in_th}) จึงบันทึกไว้ใน"
        th += f"{th_level}ที่ระบุ {why_th}"
        en = f"the point is {metres} m outside the {named_by} named ({_label(registry, named, 'en')}; {in_en}): "
        en += f"stored there, {why_en}"
    else:
        column = "lat"
        place_th = f"ตำบล{_label(registry, stored, 'th')}"
        th = f"พิกัดอยู่นอก{'ประเทศไทย' if at['lies_in'] is None else 'พื้นที่ที่คุณรับผิดชอบ'} {metres} เมตร ({in_th}) "
        th += f"จึงบันทึกไว้ใน{place_th} ที่ใกล้ที่สุด {why_th}"
        outside = "Thailand's coast or land border" if at["lies_in"] is None else "your own area"
        en = f"the point is {metres} m outside {outside} ({in_en}): stored in the nearest subdistrict, "
        en += f"{_label(registry, stored, 'en')}, {why_en}"
    rows.warn(rec["row"], column, f"{rec['lat']}, {rec['lon']}", th, en)
