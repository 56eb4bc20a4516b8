"""Reading the files people actually have: CSV in UTF-8 (with or without BOM) or Windows-874, .xlsx, Thai or
English headers, Buddhist-era dates, Thai digits.

And refusing, with a message that says what is wrong and how to fix it, the files people have by mistake or that were
made to hurt: a workbook that is no workbook or unpacks to too much (data/workbook.py), binary data or UTF-16 text
named .csv, a cell of more than ``csv.field_size_limit()`` characters (most often a quote never closed), a header of
more than ``MAX_COLUMNS`` columns, a column given twice. The kind of file is told by its content, not its name: an
Excel workbook renamed to .csv is read as the workbook it is.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from data import workbook
from data.errors import Problem, UserInputError, refusal
from geo.thai import THAI_DIGITS

CHUNK_ROWS = 20_000  # rows validated and stored at a time: memory stays bounded whatever the file's size
MAX_COLUMNS = 1_000  # columns of a header row; a template has fewer than 20

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
        "เปิดตั้งแต่": "valid_from",
        "เปิดถึง": "valid_to",
        "บริการ": "services",
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
# Other names offices give these columns (compared in lower case, spaces folded): a hospital list exported from
# another system says "Latitude" or "ชื่อหน่วยบริการ", a survey sheet "เลขบัตรประชาชน". Only names that can mean
# nothing else; a file's own column of the code's name or the template's Thai header wins over an alias.
ALIASES: dict[str, dict[str, str]] = {
    "facilities": {
        "name": "name_th",
        "ชื่อสถานที่": "name_th",
        "ชื่อสถานพยาบาล": "name_th",
        "ชื่อหน่วยบริการ": "name_th",
        "ชื่อโรงพยาบาล": "name_th",
        "name (en)": "name_en",
        "english name": "name_en",
        "latitude": "lat",
        "longitude": "lon",
        "lng": "lon",
        "long": "lon",
        "รหัสหน่วยบริการ": "facility_id",
        "รหัสสถานพยาบาล": "facility_id",
        "hospcode": "facility_id",
        "hcode": "facility_id",
        "main_code": "facility_id",
        "type_desc": "type",
        "ประเภทสถานพยาบาล": "type",
        "ประเภทหน่วยบริการ": "type",
        "bed_total": "beds_total",
        "beds": "beds_total",
        "จำนวนเตียงทั้งหมด": "beds_total",
        "เบอร์โทร": "phone",
        "เบอร์โทรศัพท์": "phone",
        "telephone": "phone",
        "tel": "phone",
    },
    "coverage": {
        "date": "as_of",
        "วันที่": "as_of",
        "ข้อมูล ณ": "as_of",
        "group": "target_group",
        "จำนวนที่ฉีด": "vaccinated",
        "population_target": "population",
        "ประชากร": "population",
    },
    "surveys": {
        "date": "survey_date",
        "วันที่": "survey_date",
        "latitude": "lat",
        "longitude": "lon",
        "lng": "lon",
        "long": "lon",
        "หมู่": "village_no",
        "ชื่อ-สกุล": "full_name",
        "ชื่อ - นามสกุล": "full_name",
        "ชื่อนามสกุล": "full_name",
        "ชื่อ นามสกุล": "full_name",
        "name": "full_name",
        "เลขบัตรประชาชน": "national_id",
        "เลขบัตรประจำตัวประชาชน": "national_id",
        "เลขประจำตัวประชาชน 13 หลัก": "national_id",
        "citizen_id": "national_id",
        "cid": "national_id",
        "เบอร์โทร": "phone",
        "เบอร์โทรศัพท์": "phone",
        "telephone": "phone",
        "tel": "phone",
    },
}
REQUIRED = {
    "facilities": ("type", "name_th", "lat", "lon"),
    "coverage": ("as_of", "area", "target_group", "dose", "vaccinated"),
    "surveys": ("survey_date", "subdistrict", "target_group", "age", "doses_received", "intention"),
}


UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_csv(content: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-874 (TIS-620 is its subset)."""
    check_text(content)
    if content.startswith(UTF8_BOM):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp874")
    except UnicodeDecodeError as exc:
        line = _line_of(content, max(_first_undecodable(content, "utf-8"), exc.start))
        raise UserInputError(
            [
                Problem(
                    None,
                    None,
                    f"อ่านไฟล์ไม่ได้: ไม่ใช่ UTF-8 หรือ Windows-874 (TIS-620) (ดูบรรทัดที่ {line}) โปรดบันทึกเป็น CSV UTF-8",
                    f"cannot read the file: it is neither UTF-8 nor Windows-874 (TIS-620) (see line {line}); save it as "
                    "CSV UTF-8",
                )
            ]
        ) from exc


def check_text(content: bytes) -> None:
    """Raise UserInputError, saying what the file is instead, unless ``content`` can be CSV text that decode_csv
    reads: UTF-16 (Excel's "Unicode Text"), binary data (a NUL byte: no CSV has one, and PostgreSQL stores none),
    and UTF-8 marked by a BOM that goes on in another encoding are refused."""
    start = content[:128]
    if content.startswith(UTF16_BOMS) or max(start[0::2].count(0), start[1::2].count(0)) > 16:
        raise refusal(
            "ไฟล์นี้เป็นข้อความแบบ UTF-16 (ที่ Excel เรียกว่า “Unicode Text”) โปรดบันทึกเป็น “CSV UTF-8 (Comma delimited)”",
            "the file is UTF-16 text (what Excel calls “Unicode Text”): save it as “CSV UTF-8 (Comma delimited)”",
        )
    nul = content.find(b"\x00")
    if nul >= 0:
        line = _line_of(content, nul)
        raise refusal(
            f"ไฟล์นี้ไม่ใช่ไฟล์ข้อความ CSV: มีข้อมูลไบนารี (ไบต์ NUL ในบรรทัดที่ {line}) "
            "โปรดนำเข้าไฟล์ CSV (UTF-8 หรือ Windows-874) หรือสมุดงาน Excel .xlsx",
            f"the file is not CSV text: it holds binary data (a NUL byte on line {line}); upload a CSV file (UTF-8 or "
            "Windows-874) or an Excel .xlsx workbook",
        )
    if content.startswith(UTF8_BOM) and not _decodes(content, "utf-8-sig"):
        line = _line_of(content, _first_undecodable(content, "utf-8"))
        raise refusal(
            f"ไฟล์ขึ้นต้นด้วยเครื่องหมาย UTF-8 (BOM) แต่บรรทัดที่ {line} ไม่ใช่ UTF-8 (มีการเข้ารหัสปนกัน) โปรดบันทึกใหม่เป็น CSV UTF-8",
            f"the file starts with the UTF-8 mark (BOM) but line {line} is not UTF-8 (mixed encodings): save it again "
            "as CSV UTF-8",
        )


def _line_of(content: bytes, position: int) -> int:
    return content.count(b"\n", 0, position) + 1


def _first_undecodable(content: bytes, encoding: str) -> int:
    """The position of the first byte ``encoding`` cannot decode (len(content) when there is none)."""
    try:
        content.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return len(content)


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
    headers: dict[str, str] = field(default_factory=dict)  # column code -> the file's own header of that column

    def __iter__(self) -> Iterator[tuple[int, pd.DataFrame]]:
        return self.chunks


def read_chunks(content: bytes, filename: str, kind: str, chunk_rows: int | None = CHUNK_ROWS) -> TableChunks:
    """The file in frames of at most ``chunk_rows`` rows (all of it when None); the header is checked first.

    Raises UserInputError when the file cannot be read or lacks a required column (before any chunk is read), and
    while chunks are read when a record further on cannot be (a cell too large, a quote never closed).
    """
    if not content:  # whatever its name says: a 0-byte .xlsx is not a CSV to rename
        raise UserInputError([Problem(None, None, "ไฟล์ว่าง", "the file is empty")])
    if workbook.is_zip(content):
        return _workbook_chunks(content, kind, chunk_rows)
    if Path(filename).suffix.lower() in (".xlsx", ".xlsm") or content.startswith(workbook.OLE2_MAGIC):
        raise workbook.not_a_workbook(Path(filename).name, content)
    reader = csv.reader(_text_stream(content))
    header = next(_records(reader, 1), None)
    if header is None:
        raise UserInputError([Problem(None, None, "ไฟล์ว่าง", "the file is empty")])
    filled = len(header) - next((i for i, c in enumerate(reversed(header)) if c.strip()), len(header))
    if filled > MAX_COLUMNS:
        raise workbook.too_many_columns(filled, MAX_COLUMNS)
    columns = column_codes(header, kind)
    _check_header(header, columns, kind, lambda: enumerate(_records(reader, 2), 2))
    lines = content.count(b"\n") + (not content.endswith(b"\n"))  # rows, unless quoted cells hold line breaks
    chunks = _csv_chunks(_records(reader, 2), lines - 1, columns, chunk_rows)
    return TableChunks(lines - 1, chunks, file_headers(header, columns))


def _text_stream(content: bytes) -> TextIO:
    """The file's text as decode_csv reads it, decoded as it is read rather than all at once. Line breaks are left
    to the csv module (newline=""), so that files from old Macs (a carriage return alone) read as well."""
    check_text(content)
    for encoding in ("utf-8-sig" if content.startswith(UTF8_BOM) else "utf-8", "cp874"):
        if _decodes(content, encoding):
            return io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    return io.StringIO(decode_csv(content), newline="")  # raises decode_csv's own error


def _records(reader, first_row: int) -> Iterator[list[str]]:
    """The records of csv.reader; a record it cannot read is a UserInputError naming its row (as the spreadsheet
    numbers it)."""
    row = first_row
    try:
        for record in reader:
            yield record
            row += 1
    except csv.Error as exc:
        limit = csv.field_size_limit()
        if "field larger than field limit" in str(exc):
            raise refusal(
                f'แถวที่ {row}: มีช่องที่ยาวเกิน {limit:,} ตัวอักษร ส่วนใหญ่เกิดจากเครื่องหมายคำพูด (") ที่เปิดแล้วไม่ได้ปิด '
                f"โปรดตรวจเครื่องหมายคำพูดในแถวที่ {row} และแถวถัดไป",
                f'row {row}: a cell is longer than {limit:,} characters, most often because a quote (") is opened '
                f"and never closed: check the quotes in row {row} and the rows after it",
                row=row,
            ) from exc
        raise refusal(
            f"แถวที่ {row}: อ่านเป็น CSV ไม่ได้ ({exc}) โปรดบันทึกใหม่เป็น CSV UTF-8",
            f"row {row}: cannot be read as CSV ({exc}); save the file again as CSV UTF-8",
            row=row,
        ) from exc


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
        done, first_row = total if last else min(read + len(block), total), read + 2
        read += len(block)
        chunk = [(done, _frame(block, columns, first_row))]
        del block  # the records' lists go before the chunk is checked, and the chunk is held only by who reads it
        yield chunk.pop()
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


def _workbook_chunks(content: bytes, kind: str, chunk_rows: int | None) -> TableChunks:
    """The first sheet of a workbook, as read_chunks gives a CSV file (data/workbook.py reads it), read a chunk of
    rows at a time: a 20 MB workbook is never in memory as a whole table."""
    sheet = workbook.first_sheet_rows(content, MAX_COLUMNS)
    if not sheet.header:
        raise UserInputError([Problem(None, None, "ไฟล์ว่าง", "the file is empty")])
    columns = column_codes(sheet.header, kind)
    _check_header(sheet.header, columns, kind, lambda: sheet.peek(5, MAX_COLUMNS))
    chunks = TableChunks(max(sheet.declared - 1, 0), iter(()), file_headers(sheet.header, columns))
    chunks.chunks = _sheet_chunks(sheet, columns, chunk_rows, chunks)
    return chunks


def _sheet_chunks(sheet, columns: list[str], chunk_rows: int | None, chunks: TableChunks):
    rows = iter(sheet)
    while True:
        block = list(itertools.islice(rows, chunk_rows)) if chunk_rows else list(rows)
        last = chunk_rows is None or len(block) < chunk_rows
        index = pd.Index([number for number, _ in block], dtype=np.int64)
        cells = np.array([cells for _, cells in block], dtype=object).reshape(len(block), len(columns))
        del block
        frame = [pd.DataFrame(cells, index=index, columns=columns, dtype=str)]
        del cells  # as in _csv_chunks: the chunk is held only by who reads it
        if last:  # the sheet's true length is known now
            chunks.total = max(sheet.last - 1, 0)
            yield chunks.total, frame.pop()
            return
        yield int(index[-1]) - 1, frame.pop()


def _check_header(header: list[str], columns: list[str], kind: str, later: Callable[[], Iterable]) -> None:
    """``_check_columns``; when required columns are missing, first the two causes a person can fix at once: the
    columns separated by semicolons (a CSV saved with another list separator), or the header below a title row
    (``later()``: the rows after the first as (row number, cells), of which five are looked at)."""
    try:
        _check_columns(columns, kind, header)
    except UserInputError as missing:
        if any(";" in cell for cell in header):
            split = column_codes(";".join(header).split(";"), kind)
            if all(c in split for c in REQUIRED[kind]):
                raise refusal(
                    "คอลัมน์ในไฟล์นี้คั่นด้วยเครื่องหมาย ; โปรดบันทึกเป็น CSV UTF-8 (คั่นด้วยจุลภาค) แล้วนำเข้าอีกครั้ง",
                    "the columns of this file are separated by semicolons (;): save it as CSV UTF-8 (comma "
                    "delimited), then upload again",
                    row=1,
                ) from None
        try:
            below = list(itertools.islice(later(), 5))
        except UserInputError:
            raise missing from None
        for number, record in below:
            codes = column_codes(record, kind)
            if all(c in codes for c in REQUIRED[kind]):
                above = number - 1
                raise refusal(
                    f"หัวตารางอยู่ที่แถว {number} โปรดลบแถวที่อยู่เหนือหัวตาราง ({above} แถว เช่น ชื่อรายงาน) แล้วนำเข้าอีกครั้ง",
                    f"the header is on row {number}: delete the {above} row(s) above it (a title), then upload again",
                    row=1,
                ) from None
        raise


def _check_columns(columns: list[str], kind: str, header: list[str] = ()) -> None:
    """Every required column present, and none of the known columns twice (in Thai and in English, say). A missing
    column's message lists the header as the file has it, so that a column of another name is seen at once."""
    thai = {v: k for k, v in HEADERS[kind].items()}
    repeated = [c for c in dict.fromkeys(columns) if c in thai and columns.count(c) > 1]
    if repeated:
        raise UserInputError(
            [
                Problem(
                    c,
                    None,
                    f"คอลัมน์ “{thai[c]}” ({c}) มีซ้ำ {columns.count(c)} ครั้ง (คอลัมน์ {_letters(columns, c)}) "
                    "โปรดเก็บไว้เพียงคอลัมน์เดียว",
                    f"the column {c} (“{thai[c]}”) appears {columns.count(c)} times (columns {_letters(columns, c)}): "
                    "keep only one",
                    row=1,
                )
                for c in repeated
            ]
        )
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        found = ", ".join(f"“{_shown(h)}”" for h in header if str(h).strip())[:300] or "-"
        raise UserInputError(
            [
                Problem(
                    c,
                    None,
                    f"ไม่มีคอลัมน์ “{thai.get(c, c)}” ({c}) ซึ่งจำเป็นต้องมี (หัวตารางของไฟล์: {found}) "
                    "โปรดเปลี่ยนชื่อคอลัมน์ให้ตรงกับแบบฟอร์ม",
                    f"the required column {c} (“{thai.get(c, c)}”) is missing (the file's header: {found}); rename "
                    "the column as in the template",
                    row=1,
                )
                for c in missing
            ]
        )


def _shown(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").split())[:40]


def _letters(columns: list[str], code: str) -> str:
    """The spreadsheet letters of the columns named ``code``: 'B, F'."""
    from openpyxl.utils import get_column_letter

    return ", ".join(get_column_letter(i + 1) for i, c in enumerate(columns) if c == code)


def column_codes(header: Iterable[str], kind: str) -> list[str]:
    """The column each header names: the template's Thai header or the code itself (any case), else one of its
    ``ALIASES`` when neither of those is in the header; other headers as they are, in lower case."""
    codes = [_column_code(h, kind) for h in header]
    known = set(codes)
    aliased = [ALIASES[kind].get(c) for c in codes]
    return [a if a and a not in known else c for c, a in zip(codes, aliased, strict=True)]


def file_headers(header: Iterable[str], columns: Iterable[str]) -> dict[str, str]:
    """Each column code (``column_codes``) with the file's own header of it, as a person reads it in the file: a
    problem in ``subdistrict`` of a file headed ตำบล is shown under ตำบล."""
    out: dict[str, str] = {}
    for text, code in zip(header, columns):
        out.setdefault(code, " ".join(str(text).replace("\ufeff", "").split()))
    return out


def _column_code(header: str, kind: str) -> str:
    name = " ".join(str(header).replace("\ufeff", "").split())
    if name in HEADERS[kind]:
        return HEADERS[kind][name]
    return name.lower()


def parse_int(text: str) -> int:
    """'1,234', '๑๒๓๔', '12.0' -> int; raises ValueError (for 'nan' and 'inf' too)."""
    number = parse_float(text)
    if number != int(number):
        raise ValueError("not a whole number")
    return int(number)


def parse_float(text: str) -> float:
    """'18.7883', '๑๘.๗๘๘๓', '1,234.5' -> float; raises ValueError, also for what float() reads but no one means
    as a number ('nan', 'inf', '1e999'), and for a comma that does not separate thousands ('18,7883')."""
    cleaned = text.translate(THAI_DIGITS).replace(" ", "")
    if "," in cleaned:  # a thousands separator only: "18,7883" is a decimal comma, not 187,883
        groups = cleaned.lstrip("+-").split(".")[0].split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and all(map(str.isdigit, groups))):
            raise ValueError("a comma that does not separate thousands")
        cleaned = cleaned.replace(",", "")
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


# a time after the date (Excel's "15/12/2564 10:30", "10.30 น.") is read past: the date is what is kept
_DMY = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:น\.?|[AaPp][Mm]))?)?$"
)
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
    plain = (lengths == 13) & np.fromiter(map(str.isascii, texts), dtype=bool, count=len(texts))
    joined = "".join(texts[plain]).encode()  # one byte a character
    digits = (np.frombuffer(joined, dtype=np.uint8).astype(np.int64) - ord("0")).reshape(-1, 13)
    numeric = ((digits >= 0) & (digits <= 9)).all(axis=1)
    check = (11 - (digits[:, :12] @ _CHECK_WEIGHTS) % 11) % 10 == digits[:, 12]
    where = np.flatnonzero(plain)
    valid[where] = numeric & check
    # the rest (Thai digits, dashes or spaces, other lengths) one by one
    others = np.concatenate([np.flatnonzero(~plain & (lengths > 0)), where[~numeric]])
    for i in others:
        valid[i] = valid_national_id(texts[i])
    return valid
