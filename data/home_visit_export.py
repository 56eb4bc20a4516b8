"""A home-visit list or a day's round as a table to download (CSV, .xlsx) or print: one row per visit, with the name
and phone the visit needs, in the reader's language. The files are written by data/cells.py (no cell a spreadsheet
would run); who downloaded what is in the audit log (data/home_visits.py reads audit every list)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from data.home_visits import STATUSES
from data.registries import INTENTIONS, TARGET_GROUPS

COLUMNS = (
    ("stop", "ลำดับ", "Stop"),
    ("distance_km", "ระยะจากจุดก่อน (กม.)", "From the last stop (km)"),
    ("id", "เลขที่แบบสำรวจ", "Record"),
    ("full_name", "ชื่อ-นามสกุล", "Full name"),
    ("phone", "โทรศัพท์", "Phone"),
    ("place", "ที่อยู่ (ตำบล อำเภอ)", "Place (subdistrict, district)"),
    ("village_no", "หมู่ที่", "Village no."),
    ("lat", "ละติจูด", "Latitude"),
    ("lon", "ลองจิจูด", "Longitude"),
    ("target_group", "กลุ่มเป้าหมาย", "Target group"),
    ("age", "อายุ", "Age"),
    ("doses_received", "จำนวนเข็มที่ได้รับ", "Doses received"),
    ("intention", "ความประสงค์", "Intention"),
    ("reason", "เหตุผล", "Reason"),
    ("status", "สถานะ", "Status"),
    ("planned_on", "วันที่นัด", "Planned on"),
    ("tries", "ไปแล้วไม่พบ (ครั้ง)", "Not at home (times)"),
    ("assigned_username", "ผู้รับผิดชอบ", "Assigned to"),
)


def place_name(registry: Any, subdistrict: str, lang: str) -> str:
    """ "ต.ศรีภูมิ อ.เมืองเชียงใหม่" / "Si Phum, Mueang Chiang Mai" (the code when the registry does not know it)."""
    sub, district = registry.get(subdistrict), registry.get(subdistrict[:4])
    if sub is None or district is None:
        return subdistrict
    if lang == "th":
        return f"ต.{sub['name_th']} อ.{district['name_th']}"
    return f"{sub['name_en']}, {district['name_en']}"


def export_table(items: Iterable[Mapping[str, Any]], registry: Any, lang: str) -> tuple[list[str], list[list]]:
    """(header, rows) of ``items`` (as data/home_visits.py reads them) in ``lang`` (th or en); a list that is not a
    round has no stop and no distance."""
    items = list(items)
    columns = [c for c in COLUMNS if c[0] not in ("stop", "distance_km") or any("stop" in i for i in items)]
    header = [th if lang == "th" else en for _, th, en in columns]
    rows = [[_value(item, name, registry, lang) for name, _, _ in columns] for item in items]
    return header, rows


def _value(item: Mapping[str, Any], name: str, registry: Any, lang: str) -> Any:
    value = item.get(name)
    if name == "place":
        return place_name(registry, item["subdistrict"], lang)
    if name == "target_group" and value in TARGET_GROUPS:
        return TARGET_GROUPS[value].label(lang)
    if name == "intention" and value in INTENTIONS:
        return INTENTIONS[value].label(lang)
    if name == "status" and value in STATUSES:
        return STATUSES[value].label(lang)
    if name == "planned_on" and value is not None:
        return value.isoformat()
    return value
