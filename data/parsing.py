"""Reading the files people actually have: CSV in UTF-8 (with or without BOM) or Windows-874, .xlsx, Thai or
English headers, Buddhist-era dates, Thai digits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from data.errors import Problem, UserInputError

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

HEADERS: dict[str, dict[str, str]] = {
    "facilities": {
        "รหัสสถานที่": "facility_id",
        "ประเภท": "type",
        "ชื่อ": "name_th",
        "ชื่อภาษาอังกฤษ": "name_en",
        "ละติจูด": "lat",
        "ลองจิจูด": "lon",
        "ที่อยู่": "address",
        "จังหวัด": "province",
        "อำเภอ": "district",
        "โทรศัพท์": "phone",
        "เวลาทำการ": "opening_hours",
        "จำนวนเตียง": "beds_total",
        "เตียงว่าง": "beds_available",
        "สถานะ": "status",
        "วันที่ปรับปรุง": "updated_at",
    },
    "coverage": {
        "ข้อมูล ณ วันที่": "as_of",
        "พื้นที่": "area",
        "กลุ่มเป้าหมาย": "target_group",
        "เข็มที่": "dose",
        "จำนวนผู้ได้รับวัคซีน": "vaccinated",
        "ประชากรเป้าหมาย": "population",
    },
    "surveys": {
        "วันที่สำรวจ": "survey_date",
        "ตำบล": "subdistrict",
        "หมู่ที่": "village_no",
        "ละติจูด": "lat",
        "ลองจิจูด": "lon",
        "กลุ่มเป้าหมาย": "target_group",
        "อายุ": "age",
        "จำนวนเข็มที่ได้รับ": "doses_received",
        "ความประสงค์": "intention",
        "ต้องการฉีดที่บ้าน": "needs_home_visit",
        "เหตุผล": "reason",
        "ชื่อ-นามสกุล": "full_name",
        "เลขประจำตัวประชาชน": "national_id",
        "โทรศัพท์": "phone",
    },
}
REQUIRED = {
    "facilities": ("type", "name_th", "lat", "lon"),
    "coverage": ("as_of", "area", "target_group", "dose", "vaccinated"),
    "surveys": ("survey_date", "subdistrict", "target_group", "age", "doses_received", "intention"),
}


def decode_csv(content: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-874 (TIS-620 is its subset)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp874")
    except UnicodeDecodeError as exc:
        raise UserInputError(
            [
                Problem(
                    None,
                    None,
                    "อ่านไฟล์ไม่ได้: ไม่ใช่ UTF-8 หรือ Windows-874 (TIS-620) โปรดบันทึกเป็น CSV UTF-8",
                    "cannot read the file: it is neither UTF-8 nor Windows-874 (TIS-620); save it as CSV UTF-8",
                )
            ]
        ) from exc


def read_table(content: bytes, filename: str, kind: str) -> pd.DataFrame:
    """All cells as stripped strings ('' for empty), columns renamed to the English codes.

    The frame's index is the spreadsheet row number (the header is row 1).
    """
    if Path(filename).suffix.lower() in (".xlsx", ".xlsm"):
        frame = _read_xlsx(content)
    else:
        text = decode_csv(content)
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            raise UserInputError([Problem(None, None, "ไฟล์ว่าง", "the file is empty")])
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        frame = pd.DataFrame(rows[1:], columns=rows[0], dtype=str)
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip())
    frame.columns = [_column_code(c, kind) for c in frame.columns]
    frame = frame.loc[~(frame == "").all(axis=1)]  # blank lines are not rows
    frame.index = frame.index + 2
    missing = [c for c in REQUIRED[kind] if c not in frame.columns]
    if missing:
        thai = {v: k for k, v in HEADERS[kind].items()}
        raise UserInputError(
            [
                Problem(
                    c,
                    None,
                    f"ไม่มีคอลัมน์ “{thai.get(c, c)}” ({c}) ซึ่งจำเป็นต้องมี",
                    f"the required column {c} (“{thai.get(c, c)}”) is missing",
                    row=1,
                )
                for c in missing
            ]
        )
    return frame


def _read_xlsx(content: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise UserInputError(
            [
                Problem(
                    None,
                    None,
                    "อ่านไฟล์ Excel ไม่ได้ โปรดตรวจว่าเป็น .xlsx ที่เปิดได้",
                    "cannot read the Excel file; check that it is a valid .xlsx",
                )
            ]
        ) from exc
    return frame


def _column_code(header: str, kind: str) -> str:
    name = " ".join(str(header).replace("\ufeff", "").split())
    if name in HEADERS[kind]:
        return HEADERS[kind][name]
    return name.lower()


def parse_int(text: str) -> int:
    """'1,234', '๑๒๓๔', '12.0' -> int; raises ValueError."""
    cleaned = text.translate(THAI_DIGITS).replace(",", "").replace(" ", "")
    number = float(cleaned)
    if number != int(number):
        raise ValueError("not a whole number")
    return int(number)


def parse_float(text: str) -> float:
    return float(text.translate(THAI_DIGITS).replace(",", "").replace(" ", ""))


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")


def parse_date(text: str) -> dt.date:
    """ISO (2022-01-31) or day/month/year (31/1/2565, 31/01/2022); Buddhist-era years (> 2400) converted."""
    text = text.translate(THAI_DIGITS).strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.match(text)
        if not match:
            raise ValueError("not a date")
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2500 if year > 40 else 2000  # 65 -> 2565 (B.E.), 22 -> 2022
    if year > 2400:
        year -= 543
    return dt.date(year, month, day)


def parse_bool(text: str) -> bool:
    key = text.strip().lower()
    if key in ("1", "true", "yes", "y", "ใช่", "ต้องการ", "x", "✓"):
        return True
    if key in ("0", "false", "no", "n", "ไม่", "ไม่ใช่", "ไม่ต้องการ", ""):
        return False
    raise ValueError("not yes/no")


def valid_national_id(text: str) -> bool:
    """The 13-digit Thai national id checksum."""
    digits = text.translate(THAI_DIGITS).replace("-", "").replace(" ", "")
    if not re.fullmatch(r"\d{13}", digits):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])
