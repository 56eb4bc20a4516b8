"""Blank upload templates: .xlsx with the Thai headers, drop-down lists and a help sheet, and .csv (UTF-8 with BOM).

The header row is exactly the Thai headers the upload reads (``parsing.HEADERS``), in that order. Examples live only
on the help sheet, never on the data sheet: a template downloaded and uploaded untouched imports no rows, and an
example can never be stored as a real record by mistake.

Every cell is written through ``spreadsheet_safe`` (data/cells.py), like every other download of the app: the area
names and labels come from registries, and none of them may ever reach a spreadsheet as a formula.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from data.cells import spreadsheet_safe
from data.parsing import HEADERS, REQUIRED
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, INTENTIONS, SERVICES, TARGET_GROUPS

KINDS = tuple(HEADERS)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = {"facilities": "สถานบริการ", "coverage": "ความครอบคลุม", "surveys": "แบบสำรวจ"}
KIND_LABEL = {
    "facilities": ("สถานบริการ", "facilities"),
    "coverage": ("ความครอบคลุมการฉีดวัคซีน", "vaccination coverage"),
    "surveys": ("แบบสำรวจของอาสาข้อมูล", "volunteers' survey records"),
}
HELP_SHEET = "คำอธิบาย (Help)"  # Excel forbids "/" in a sheet name
LISTS_SHEET = "lists"
LAST_ROW = 1_048_576  # drop-down lists apply to the whole column below the header
YES_NO = ("ใช่", "ไม่ใช่")
PERSONAL = ("full_name", "national_id", "phone")
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_PERSONAL_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Column:
    code: str
    format_th: str
    format_en: str
    example: str
    choices: str | None = None  # the name of a list on the lists sheet
    text: bool = False  # typed as text, so Excel keeps leading zeros and all 13 digits


_DATE_TH, _DATE_EN = (
    "วัน/เดือน/ปี พ.ศ. หรือ ค.ศ. (17/01/2565) หรือ 2022-01-17",
    "day/month/year, B.E. or A.D. (17/01/2565), or 2022-01-17",
)
_LAT = ("องศาทศนิยม WGS84 (5–21)", "decimal degrees, WGS84 (5–21)")
_LON = ("องศาทศนิยม WGS84 (97–106)", "decimal degrees, WGS84 (97–106)")
COLUMNS: dict[str, tuple[Column, ...]] = {
    "facilities": (
        Column(
            "facility_id",
            "รหัสของหน่วยงาน เช่น รหัสโรงพยาบาล 5 หลัก (ใช้ปรับปรุงแถวเดิม)",
            "your own id, e.g. the MOPH 5-digit hospital code (updates that row)",
            "10713",
            text=True,
        ),
        Column("type", "เลือกจากรายการ", "choose from the list", "จุดฉีดวัคซีน", "type"),
        Column("name_th", "ชื่อภาษาไทย", "Thai name", "หอประชุมอำเภอเมืองเชียงใหม่"),
        Column("name_en", "ชื่อภาษาอังกฤษ", "English name", "Mueang Chiang Mai district hall"),
        Column("lat", *_LAT, "18.7883"),
        Column("lon", *_LON, "98.9853"),
        Column("address", "ที่อยู่", "address", "ถ.โชตนา ต.ศรีภูมิ"),
        Column(
            "province",
            "เลือกจากรายการ (ตรวจว่าพิกัดอยู่ในจังหวัดนี้)",
            "choose from the list (the point must lie in it)",
            "เชียงใหม่",
            "province",
        ),
        Column(
            "district",
            "ชื่อหรือรหัสอำเภอ 4 หลัก (ตรวจว่าพิกัดอยู่ในอำเภอนี้)",
            "district name or 4-digit code (the point must lie in it)",
            "เมืองเชียงใหม่",
            text=True,
        ),
        Column("phone", "หมายเลขโทรศัพท์", "phone number", "053 112 345", text=True),
        Column("opening_hours", "เวลาทำการ", "opening hours", "08:30-16:30"),
        Column("beds_total", "จำนวนเต็ม", "whole number", "120"),
        Column("beds_available", "จำนวนเต็ม", "whole number", "35"),
        Column(
            "status", "เลือกจากรายการ (ว่าง = เปิดให้บริการ)", "choose from the list (empty = open)", "เปิดให้บริการ", "status"
        ),
        Column("valid_from", "จุดชั่วคราว: " + _DATE_TH, "temporary sites: " + _DATE_EN, "01/08/2564"),
        Column(
            "valid_to",
            "จุดชั่วคราว: " + _DATE_TH + " ไม่ก่อนวันเปิด",
            "temporary sites: " + _DATE_EN + ", not before valid_from",
            "31/12/2564",
        ),
        Column(
            "services",
            "เลือกจากรายการ หลายบริการคั่นด้วยจุลภาค (,)",
            "choose from the list; several separated by commas",
            "รับผู้ไม่ได้นัดหมาย (walk-in), วัคซีนสำหรับเด็ก",
            "services",
        ),
        Column("updated_at", _DATE_TH, _DATE_EN, "17/01/2565"),
    ),
    "coverage": (
        Column("as_of", _DATE_TH + " ไม่เป็นวันในอนาคต", _DATE_EN + ", not in the future", "31/01/2565"),
        Column(
            "area",
            "จังหวัด อำเภอ หรือรหัส (50, 5001, TH-50)",
            "province, district or a code (50, 5001, TH-50)",
            "เชียงใหม่",
            text=True,
        ),
        Column("target_group", "เลือกจากรายการ", "choose from the list", "ผู้สูงอายุ", "target_group"),
        Column("dose", "เข็มที่ 1, 2, 3 …", "dose 1, 2, 3 …", "1"),
        Column(
            "vaccinated", "จำนวนผู้ได้รับวัคซีนอย่างน้อยเข็มนี้ (สะสม)", "people with at least this dose (cumulative)", "250000"
        ),
        Column("population", "จำนวนเต็ม", "whole number", "300000"),
    ),
    "surveys": (
        Column("survey_date", _DATE_TH, _DATE_EN, "17/01/2565"),
        Column(
            "subdistrict",
            "รหัสตำบล 6 หลัก (ดูในแผ่นงานนี้หรือหน้าแบบสำรวจ)",
            "6-digit subdistrict code (listed here or on the survey page)",
            "500101",
            "subdistrict",
            text=True,
        ),
        Column("village_no", "เลขหมู่ที่", "village number", "3"),
        Column("lat", *_LAT, "18.7906"),
        Column("lon", *_LON, "98.9847"),
        Column(
            "target_group",
            "เลือกจากรายการ (อายุต้องตรงกับกลุ่ม)",
            "choose from the list (the age must fit)",
            "ผู้สูงอายุ",
            "survey_group",
        ),
        Column("age", "ปี (จำนวนเต็ม)", "years (whole number)", "72"),
        Column("doses_received", "0–4", "0–4", "0"),
        Column("intention", "เลือกจากรายการ", "choose from the list", "ยังไม่ตัดสินใจ", "intention"),
        Column("needs_home_visit", "ใช่ / ไม่ใช่ (ว่าง = ไม่ใช่)", "yes / no (empty = no)", "ใช่", "yes_no"),
        Column("reason", "ข้อความ", "text", "กลัวผลข้างเคียง"),
        Column("full_name", "ข้อมูลส่วนบุคคล", "personal data", "สมชาย ใจดี"),
        Column(
            "national_id",
            "ข้อมูลส่วนบุคคล: 13 หลัก ผ่านการตรวจเลขท้าย",
            "personal data: 13 digits passing the checksum",
            "1101700230708",
            text=True,
        ),
        Column("phone", "ข้อมูลส่วนบุคคล", "personal data", "0812345678", text=True),
    ),
}


def choice_lists(registry: Any, area: str | None = None) -> dict[str, list[str]]:
    """The values of each drop-down list: Thai labels (the upload also takes the codes and English labels)."""
    lists = {
        "type": [e.label_th for e in FACILITY_TYPES],
        "status": [e.label_th for e in FACILITY_STATUSES],
        "services": [e.label_th for e in SERVICES],
        "target_group": [e.label_th for e in TARGET_GROUPS],
        "survey_group": [e.label_th for e in TARGET_GROUPS if e.ministry_order],
        "intention": [e.label_th for e in INTENTIONS],
        "yes_no": list(YES_NO),
        "province": sorted(registry.frame("province")["name_th"], key=thai_sort_key),
    }
    if area and area != "TH":
        lists["subdistrict"] = list(registry.frame("subdistrict", area).index)
    return lists


def thai_sort_key(text: str) -> str:
    """Thai dictionary order, roughly: a leading vowel (เ แ โ ใ ไ) sorts after the consonant it is read with."""
    return text[1] + text[0] + text[2:] if len(text) > 1 and text[0] in "เแโใไ" else text


def template_csv(kind: str) -> bytes:
    """The header row in Thai, UTF-8 with a BOM so that Excel opens the Thai correctly."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_safe(h) for h in _headers(kind)])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str, registry: Any, area: str | None = None) -> bytes:
    """The data sheet (Thai headers, frozen, drop-downs), the help sheet, and the hidden lists sheet.

    ``area`` (surveys only): list the subdistrict codes inside it as a drop-down and on the help sheet.
    """
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET[kind]
    lists = choice_lists(registry, area if kind == "surveys" else None)
    _write_lists(book.create_sheet(LISTS_SHEET), lists)
    _write_data_sheet(data, kind, lists)
    _write_help(book.create_sheet(HELP_SHEET, 1), kind, registry, lists.get("subdistrict", []))
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _headers(kind: str) -> list[str]:
    return list(HEADERS[kind])


def _write_lists(sheet, lists: dict[str, list[str]]) -> None:
    sheet.sheet_state = "hidden"
    for number, (name, values) in enumerate(lists.items(), 1):
        sheet.cell(1, number, spreadsheet_safe(name))
        for row, value in enumerate(values, 2):
            sheet.cell(row, number, spreadsheet_safe(value))


def _list_range(lists: dict[str, list[str]], name: str) -> str:
    letter = get_column_letter(list(lists).index(name) + 1)
    return f"{LISTS_SHEET}!${letter}$2:${letter}${len(lists[name]) + 1}"


def _write_data_sheet(sheet, kind: str, lists: dict[str, list[str]]) -> None:
    columns = {c.code: c for c in COLUMNS[kind]}
    for number, header in enumerate(_headers(kind), 1):
        column = columns[HEADERS[kind][header]]
        cell = sheet.cell(1, number, spreadsheet_safe(header))
        cell.font = Font(bold=True)
        cell.fill = _fill(kind, column.code)
        cell.alignment = Alignment(vertical="center")
        required = "จำเป็น / required" if column.code in REQUIRED[kind] else "ไม่บังคับ / optional"
        note = f"{column.code} · {required}\n{column.format_th}\n{column.format_en}\nเช่น / e.g. {column.example}"
        cell.comment = Comment(note, "Jitasa Map", width=260, height=120)
        letter = get_column_letter(number)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(12, min(40, 2 + max(len(header), len(column.example)) * 1.2))
        if column.text:
            dimension.number_format = "@"
        if column.choices and column.choices in lists:
            _drop_down(sheet, f"{letter}2:{letter}{LAST_ROW}", _list_range(lists, column.choices))
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 24


def _fill(kind: str, code: str) -> PatternFill:
    if kind == "surveys" and code in PERSONAL:
        return _PERSONAL_FILL
    return _REQUIRED_FILL if code in REQUIRED[kind] else _HEADER_FILL


def _drop_down(sheet, cells: str, source: str) -> None:
    # a warning, not a stop: the upload also takes the English codes and labels
    check = DataValidation(type="list", formula1=f"={source}", allow_blank=True, errorStyle="warning")
    check.error = "ค่านี้ไม่อยู่ในรายการ (รหัสภาษาอังกฤษใช้ได้) · Not in the list (the English codes work too)"
    check.errorTitle = "โปรดเลือกจากรายการ · Choose from the list"
    check.showErrorMessage = True
    sheet.add_data_validation(check)
    check.add(cells)


def _write_help(sheet, kind: str, registry: Any, subdistricts: list[str]) -> None:
    th, en = KIND_LABEL[kind]
    lines = [
        [f"แบบฟอร์มนำเข้า{th} · Upload template: {en}"],
        [
            f"กรอกข้อมูลในแผ่นงาน “{DATA_SHEET[kind]}” ตั้งแต่แถวที่ 2 หนึ่งแถวต่อหนึ่งรายการ ห้ามแก้หัวตาราง "
            "ตัวอย่างอยู่ในแผ่นงานนี้เท่านั้น (แบบฟอร์มที่ยังไม่กรอกนำเข้าได้ 0 แถว)"
        ],
        [
            f"Fill the sheet “{DATA_SHEET[kind]}” from row 2, one row per record; keep the header row as it is. "
            "The examples are only on this sheet (an untouched template imports no rows)."
        ],
        ["สีเหลือง = จำเป็นต้องกรอก · Yellow = required"],
    ]
    if kind == "surveys":
        lines.append(
            [
                "สีส้ม = ข้อมูลส่วนบุคคล: เก็บไฟล์นี้ไว้อย่างปลอดภัย และลบเมื่ออัปโหลดสำเร็จแล้ว · "
                "Orange = personal data: keep this file safe and delete it once it has been uploaded"
            ]
        )
    lines.append([])
    header_row = len(lines) + 1
    lines.append(["หัวตาราง (Thai header)", "English", "จำเป็น? Required?", "รูปแบบ", "Format", "ตัวอย่าง · Example"])
    for header, code in HEADERS[kind].items():
        column = next(c for c in COLUMNS[kind] if c.code == code)
        required = "จำเป็น · yes" if code in REQUIRED[kind] else "ไม่บังคับ · no"
        lines.append([header, code, required, column.format_th, column.format_en, column.example])
    if subdistricts:
        lines += [[], ["รหัสตำบลในพื้นที่ของคุณ · Subdistrict codes in your area"]]
        for code in subdistricts:
            row = registry.get(code)
            lines.append([code, row["name_th"], row["name_en"]])
    for line in lines:
        sheet.append([spreadsheet_safe(value) for value in line])
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for letter, width in zip("ABCDEF", (24, 18, 18, 46, 46, 28)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"


def template_name(kind: str, extension: str) -> str:
    return f"jitasa-{kind}-template.{extension}"
