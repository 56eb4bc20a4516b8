"""Reading an uploaded .xlsx workbook without trusting it.

A workbook is a zip package of XML parts, and a hostile one can be small on the wire and huge in memory. Before
openpyxl opens a workbook, ``check_package`` refuses one that

- is not a zip package at all, or a damaged one (a truncated download, a file renamed to .xlsx);
- unpacks to more than ``MAX_UNPACKED_MB`` in all, holds more than ``MAX_PARTS`` parts, or has a part packed more
  than ``MAX_PACKING_RATIO`` times tighter than its size (a "zip bomb": a few hundred KB that inflate to gigabytes;
  spreadsheets Excel writes pack 5–20 times). The sizes come from the zip's directory, and Python's zipfile never
  inflates a part past the size the directory gives it, so nothing is inflated to find out;
- has an XML part that declares a document type (``<!DOCTYPE``): entity expansion ("billion laughs") and external
  entities need one, and Excel never writes one. openpyxl guards against these only when defusedxml is installed,
  which is not one of our dependencies, so the parts are checked here (only their prolog is read: a document type
  must come before the first element).

``read_first_sheet`` then reads the first sheet row by row (openpyxl read-only, values only): a formula is never
evaluated, its cell reads as the value Excel saved with it (empty if none was saved), and text that looks like a
formula stays text. Only as many columns as the header row has are read, so a stray cell in column XFD costs nothing,
and the sheet's own claim about its size (its ``dimension``) is ignored.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from pyexpat import ExpatError, ParserCreate

from data.errors import UserInputError, refusal

log = logging.getLogger(__name__)

MAX_UNPACKED_MB = 256  # a 20 MB workbook of real data unpacks to 100–250 MB
MAX_PACKING_RATIO = 100  # unpacked size / packed size of one part; real sheets: 5–20
RATIO_CHECKED_FROM_BYTES = 1 << 20  # small parts may pack tighter (a blank sheet): only larger ones are checked
MAX_PARTS = 10_000
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or the end of an empty zip
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 .xls, and every password-protected workbook


def is_zip(content: bytes) -> bool:
    return content[:4] in ZIP_MAGIC


def not_a_workbook(filename: str, content: bytes) -> UserInputError:
    """The error for a file named .xlsx that is no zip package (or an old .xls, or a password-protected one)."""
    if content.startswith(OLE2_MAGIC):
        return refusal(
            "ไฟล์นี้เป็นสมุดงาน Excel รุ่นเก่า (.xls) หรือสมุดงานที่ตั้งรหัสผ่านไว้ "
            "โปรดเปิดใน Excel แล้วบันทึกเป็น Excel Workbook (.xlsx) โดยไม่ตั้งรหัสผ่าน หรือบันทึกเป็น CSV UTF-8",
            "the file is an old Excel 97–2003 workbook (.xls) or a password-protected workbook: open it in Excel and "
            "save it as Excel Workbook (.xlsx) without a password, or as CSV UTF-8",
        )
    return refusal(
        f"“{filename}” ไม่ใช่สมุดงาน Excel (.xlsx) ที่ถูกต้อง (ไฟล์ .xlsx เป็นไฟล์ zip) หากเป็นไฟล์ CSV โปรดตั้งชื่อให้ลงท้ายด้วย .csv "
        "มิฉะนั้นโปรดเปิดใน Excel แล้วบันทึกเป็น Excel Workbook (.xlsx)",
        f"“{filename}” is not a valid .xlsx workbook (an .xlsx file is a zip package): if it is a CSV file, name it "
        ".csv; otherwise open it in Excel and save it as Excel Workbook (.xlsx)",
    )


def _damaged() -> UserInputError:
    return refusal(
        "ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx) ที่ถูกต้อง (ไฟล์เสียหายหรือไม่ครบ) "
        "โปรดเปิดใน Excel แล้วบันทึกเป็น Excel Workbook (.xlsx) อีกครั้ง หรือบันทึกเป็น CSV UTF-8",
        "the file is not a valid .xlsx workbook (it is damaged or incomplete): open it in Excel and save it again as "
        "Excel Workbook (.xlsx), or save it as CSV UTF-8",
    )


# -- the package --------------------------------------------------------------------------------------------------
def check_package(content: bytes) -> None:
    """Raise UserInputError unless ``content`` is a zip package that is safe to hand to openpyxl (see the module)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise _damaged() from exc  # NotImplementedError: a zip "version" zipfile does not know (a damaged header)
    with archive:
        _check_sizes(parts)
        for part in parts:
            if _declares_doctype(archive, part):
                raise refusal(
                    f"สมุดงานนี้มีการประกาศชนิดเอกสาร XML (<!DOCTYPE> ในส่วน {part.filename}) ซึ่ง Excel ไม่เคยเขียน "
                    "และอาจซ่อนการโจมตีไว้ โปรดเปิดใน Excel แล้วบันทึกเป็น .xlsx อีกครั้ง หรือบันทึกเป็น CSV UTF-8",
                    f"the workbook declares an XML document type (<!DOCTYPE> in its part {part.filename}), which Excel "
                    "never writes and which can hide an attack: open it in Excel and save it again as .xlsx, or save "
                    "it as CSV UTF-8",
                )


def _check_sizes(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise refusal(
            f"สมุดงานนี้มี {len(parts):,} ส่วน (รับได้ไม่เกิน {MAX_PARTS:,}) โปรดคัดลอกข้อมูลไปยังสมุดงานใหม่หรือบันทึกเป็น CSV UTF-8",
            f"the workbook holds {len(parts):,} parts (at most {MAX_PARTS:,} are read): copy the data to a new "
            "workbook, or save it as CSV UTF-8",
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        size = f"{unpacked / 1024 / 1024:,.0f}"
        raise refusal(
            f"สมุดงานนี้เมื่อคลายการบีบอัดมีขนาด {size} MB เกิน {MAX_UNPACKED_MB} MB ที่อ่านได้ "
            "โปรดแบ่งเป็นหลายไฟล์ที่เล็กกว่า หรือบันทึกเป็น CSV UTF-8",
            f"the workbook expands to {size} MB when unpacked, more than the {MAX_UNPACKED_MB} MB that is read: "
            "split it into smaller files, or save it as CSV UTF-8",
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM_BYTES and part.file_size > MAX_PACKING_RATIO * max(
            part.compress_size, 1
        ):
            ratio = f"{part.file_size / max(part.compress_size, 1):,.0f}"
            raise refusal(
                f"ส่วน {part.filename} ของสมุดงานคลายออกได้ {ratio} เท่าของขนาดที่บีบอัดไว้ (สมุดงานที่ Excel บันทึก "
                f"ไม่เกิน {MAX_PACKING_RATIO} เท่า) จึงไม่อ่าน โปรดเปิดใน Excel แล้วบันทึกเป็น .xlsx อีกครั้ง หรือบันทึกเป็น CSV UTF-8",
                f"the part {part.filename} of the workbook unpacks to {ratio} times its packed size (in workbooks "
                f"Excel writes: at most {MAX_PACKING_RATIO} times), so it is not read: open the file in Excel and "
                "save it again as .xlsx, or save it as CSV UTF-8",
            )


class _PrologEnd(Exception):
    """The first element of a part, or its document type: the prolog has been read."""


def _declares_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether the XML part declares a document type. A part that is no XML, or that cannot be unpacked, is not
    read by openpyxl either (or fails it), so it declares nothing that matters here."""
    found = []

    def doctype(*_args) -> None:
        found.append(True)
        raise _PrologEnd

    def element(*_args) -> None:
        raise _PrologEnd

    parser = ParserCreate(None, "}")  # as ElementTree creates it
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        with archive.open(part) as stream:
            while piece := stream.read(1 << 16):
                parser.Parse(piece, False)
            parser.Parse(b"", True)
    except _PrologEnd:
        pass
    except (
        ExpatError,
        zipfile.BadZipFile,
        zlib.error,
        RuntimeError,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
    ):
        pass  # not XML, encrypted, damaged, a compression zipfile does not know, a name that is no UTF-8
    return bool(found)


# -- the first sheet ------------------------------------------------------------------------------------------------
def read_first_sheet(content: bytes, max_columns: int) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """(header, rows, last row) of the first sheet, every cell as stripped text ('' when empty): ``SheetRows`` read
    to the end at once (the import reads it a chunk at a time)."""
    sheet = first_sheet_rows(content, max_columns)
    rows = list(sheet)
    return sheet.header, rows, sheet.last


class SheetRows:
    """The first sheet's rows after its header, read one at a time as they are asked for: iterating gives (row
    number as the spreadsheet numbers it, cells), blank rows left out, each with as many cells as the header.

    ``header``: the first row with any cell filled (empty: a blank sheet); ``declared``: the sheet's own claim of its
    last row (an estimate for progress, 0 when it makes none); ``last``: the number of the last row read so far. The
    workbook is closed when the rows run out. A workbook damaged part way raises UserInputError while iterating.
    """

    def __init__(self, book, sheet, header_row: int | None, header: list[str]) -> None:
        self.header, self.last, self._book, self._sheet, self._header_row = (
            header,
            header_row or 0,
            book,
            sheet,
            header_row,
        )
        self.declared = 0

    def peek(self, n: int, max_columns: int) -> list[tuple[int, list[str]]]:
        """The ``n`` rows after the header as far right as ``max_columns`` (the header's width does not bound them):
        to tell a title row above the real header. The workbook stays open."""
        if self._header_row is None:
            return []
        try:
            rows = self._sheet.iter_rows(
                min_row=self._header_row + 1, max_row=self._header_row + n, max_col=max_columns, values_only=True
            )
            return [
                (number, [cell_text(v) for v in values]) for number, values in enumerate(rows, self._header_row + 1)
            ]
        except Exception as exc:  # as __iter__: a damaged workbook
            log.info("unreadable workbook: %s", type(exc).__name__)
            raise _damaged() from exc

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        try:
            if self._header_row is None:
                return
            rows = self._sheet.iter_rows(min_row=self._header_row + 1, max_col=len(self.header), values_only=True)
            for number, values in enumerate(rows, self._header_row + 1):
                cells = [cell_text(v) for v in values]
                self.last = number
                if any(cells):
                    yield number, cells
        except UserInputError:
            raise
        except Exception as exc:  # openpyxl raises many types for a damaged workbook (KeyError, ParseError, ...)
            log.info("unreadable workbook: %s", type(exc).__name__)  # never the message: it may quote the file
            raise _damaged() from exc
        finally:
            self._book.close()


def first_sheet_rows(content: bytes, max_columns: int) -> SheetRows:
    """The first sheet, its header read and checked; its rows read as they are asked for (``SheetRows``). Raises
    UserInputError for a workbook that is unsafe or cannot be read, or a header of more than ``max_columns``
    columns."""
    check_package(content)
    try:
        return _open_first_sheet(content, max_columns)
    except UserInputError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged workbook (KeyError, ParseError, ...)
        log.info("unreadable workbook: %s", type(exc).__name__)  # never the message: it may quote the file
        raise _damaged() from exc


def _open_first_sheet(content: bytes, max_columns: int) -> SheetRows:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    try:
        if not book.worksheets:
            raise refusal(
                "สมุดงานนี้ไม่มีแผ่นงาน โปรดใส่ข้อมูลในแผ่นงานแรก",
                "the workbook has no worksheet: put the data on its first sheet",
            )
        sheet = book.worksheets[0]
        declared = sheet.max_row if isinstance(sheet.max_row, int) else 0  # the sheet's claim: only for progress
        sheet.reset_dimensions()  # the sheet's stated size may be a lie (A1:XFD1048576): read what is there
        header_row, header = _header(sheet)
        if len(header) > max_columns:
            raise too_many_columns(len(header), max_columns)
    except BaseException:
        book.close()
        raise
    rows = SheetRows(book, sheet, header_row, header)
    rows.declared = min(declared, 1_048_576)
    if header_row is None:
        book.close()
    return rows


def _header(sheet) -> tuple[int | None, list[str]]:
    """(row number, cells up to the last filled one) of the first row with a filled cell; (None, []) if none."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            return number, cells
    return None, []


def too_many_columns(found: int, limit: int) -> UserInputError:
    return refusal(
        f"แถวหัวตารางมี {found:,} คอลัมน์ อ่านได้ไม่เกิน {limit:,} คอลัมน์ (แบบฟอร์มมีไม่ถึง 20) โปรดลบคอลัมน์ที่ไม่ใช้ออก",
        f"the header row has {found:,} columns; at most {limit:,} are read (a template has fewer than 20): delete the "
        "columns that are not needed",
        row=1,
    )


def cell_text(value) -> str:
    """A cell's value as the text a CSV of it would hold: 2 not 2.0, 15 significant digits (Excel keeps no more),
    dates as 2022-01-31 (with the time when it has one), TRUE as True."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, str):
        return value.strip()
    return str(value)
