"""Reading the files people actually have: CSV in UTF-8 (with or without BOM) or Windows-874, .xlsx, Thai or
English headers, Buddhist-era dates, Thai digits."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from data.errors import Problem, UserInputError

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
CHUNK_ROWS = 20_000  # rows validated and stored at a time: memory stays bounded whatever the file's size

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

    The frame's index is the spreadsheet row number (the header is row 1); blank lines are not rows.
    """
    _rows, frame = next(iter(read_chunks(content, filename, kind, chunk_rows=None)))
    return frame


@dataclass
class TableChunks:
    """A file read a chunk of rows at a time, each chunk a frame like ``read_table``'s.

    Iterating gives ``(rows_read, frame)``: how many rows after the header have been read so far (blank ones
    included), out of ``total`` (the file's lines: more than its rows when quoted cells hold line breaks, and then
    ``rows_read`` jumps to ``total`` with the last chunk). There is always a chunk, empty for a header alone.
    """

    total: int
    chunks: Iterator[tuple[int, pd.DataFrame]]

    def __iter__(self) -> Iterator[tuple[int, pd.DataFrame]]:
        return self.chunks


def read_chunks(content: bytes, filename: str, kind: str, chunk_rows: int | None = CHUNK_ROWS) -> TableChunks:
    """The file in frames of at most ``chunk_rows`` rows (all of it when None); the header is checked first.

    Raises UserInputError when the file cannot be read or lacks a required column (before any chunk is read).
    """
    if Path(filename).suffix.lower() in (".xlsx", ".xlsm"):
        sheet = _read_xlsx(content)
        return TableChunks(len(sheet), _slices(_tidy(sheet, kind), len(sheet), chunk_rows))
    reader = csv.reader(_text_stream(content))
    header = next(reader, None)
    if header is None:
        raise UserInputError([Problem(None, None, "ไฟล์ว่าง", "the file is empty")])
    columns = [_column_code(c, kind) for c in header]
    _check_required(columns, kind)
    lines = content.count(b"\n") + (not content.endswith(b"\n"))  # rows, unless quoted cells hold line breaks
    return TableChunks(lines - 1, _csv_chunks(reader, lines - 1, columns, chunk_rows))


def _text_stream(content: bytes) -> TextIO:
    """The file's text as decode_csv reads it, decoded as it is read rather than all at once."""
    for encoding in ("utf-8-sig" if content.startswith(b"\xef\xbb\xbf") else "utf-8", "cp874"):
        if _decodes(content, encoding):
            return io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="\n")
    return io.StringIO(decode_csv(content))  # raises decode_csv's own error


def _decodes(content: bytes, encoding: str, piece: int = 1 << 20) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(content)
    try:
        for start in range(0, len(content), piece):
            decoder.decode(view[start : start + piece])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_chunks(reader, total: int, columns: list[str], chunk_rows: int | None):
    read = 0  # records after the header
    while True:
        block = list(itertools.islice(reader, chunk_rows))
        last = chunk_rows is None or len(block) < chunk_rows
        yield total if last else min(read + len(block), total), _frame(block, columns, read + 2)
        read += len(block)
        if last:
            return


_STRIP = np.frompyfunc(str.strip, 1, 1)  # str.strip over an array of cells, in one call


def _frame(block: list[list[str]], columns: list[str], first_row: int) -> pd.DataFrame:
    """Records of csv.reader as a frame of stripped strings: short records padded, cells past the header's
    ignored, blank records dropped (a record is blank when every cell it has is)."""
    width = len(columns)
    lengths = set(map(len, block))
    fitted = block if lengths <= {width} else [_fit(record, width) for record in block]
    cells = _STRIP(np.array(fitted, dtype=object).reshape(len(fitted), width))
    keep = (cells != "").any(axis=1)
    if max(lengths, default=0) > width:
        keep |= np.array([bool("".join(record[width:]).strip()) for record in block], dtype=bool)
    index = pd.Index(np.flatnonzero(keep) + first_row, dtype=np.int64)
    return pd.DataFrame(cells[keep], index=index, columns=columns, dtype=str)


def _fit(record: list[str], width: int) -> list[str]:
    if len(record) == width:
        return record
    return (record + [""] * (width - len(record)))[:width]


def _tidy(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """A whole sheet as read_table gives it."""
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip())
    frame.columns = [_column_code(c, kind) for c in frame.columns]
    _check_required(list(frame.columns), kind)
    frame = frame.loc[~(frame == "").all(axis=1)]  # blank lines are not rows
    frame.index = frame.index + 2
    return frame


def _slices(frame: pd.DataFrame, lines: int, chunk_rows: int | None):
    step = chunk_rows or max(len(frame), 1)
    for start in range(0, max(len(frame), 1), step):
        part = frame.iloc[start : start + step]
        yield (lines if start + step >= len(frame) else int(part.index[-1]) - 1), part


def _check_required(columns: list[str], kind: str) -> None:
    missing = [c for c in REQUIRED[kind] if c not in columns]
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


_CHECK_WEIGHTS = np.arange(13, 1, -1)


def valid_national_ids(texts: Sequence[str]) -> np.ndarray:
    """``valid_national_id`` of every text at once: 13 plain digits by array arithmetic, any other text one by one."""
    texts = np.asarray(texts, dtype=object)
    valid = np.zeros(len(texts), dtype=bool)  # an empty text is not a national id
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    plain = lengths == 13
    joined = "".join(texts[plain]).encode()
    if len(joined) == 13 * int(plain.sum()):  # one byte a character: all ASCII
        digits = (np.frombuffer(joined, dtype=np.uint8).astype(np.int64) - ord("0")).reshape(-1, 13)
        numeric = ((digits >= 0) & (digits <= 9)).all(axis=1)
        check = (11 - (digits[:, :12] @ _CHECK_WEIGHTS) % 11) % 10 == digits[:, 12]
        where = np.flatnonzero(plain)
        valid[where] = numeric & check
        others = np.concatenate([np.flatnonzero(~plain & (lengths > 0)), where[~numeric]])
    else:  # some text of 13 characters is not plain ASCII (Thai digits, say)
        others = np.flatnonzero(lengths > 0)
    for i in others:
        valid[i] = valid_national_id(texts[i])
    return valid
