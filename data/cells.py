"""Cells of the CSV and .xlsx files the app writes for people to download: text a spreadsheet never runs.

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and, after a tab or a
carriage return, often too: OWASP "CSV injection"). Text that comes from people (a facility's name, a survey's reason,
a value in an uploaded file echoed by the problem report) could then open a link or run a command on the computer of
whoever opens the export. ``spreadsheet_safe`` is the one place that prevents it: every writer of a CSV or .xlsx
download passes each cell through it. Numbers stay numbers: -3 is a number, not a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # the first characters a spreadsheet may take for a formula


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a cell a spreadsheet shows as it is: text that starts like a formula gets a leading ``'``
    (``=1+1`` → ``'=1+1``; the rest of the text is kept), anything else is returned unchanged (numbers, dates,
    booleans, None)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A table as CSV, UTF-8 with a BOM (Excel shows the Thai), every cell through ``spreadsheet_safe``; None and
    lists as a spreadsheet reads them (empty, joined by "; ")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(header: list[str], rows: Iterable[Iterable[Any]], sheet: str) -> bytes:
    """A table as one .xlsx sheet (bold header row, frozen), every cell through ``spreadsheet_safe``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    out = book.create_sheet(sheet[:31])
    out.freeze_panes = "A2"
    bold = []
    for name in header:
        cell = WriteOnlyCell(out, value=spreadsheet_safe(name))
        cell.font = Font(bold=True)
        bold.append(cell)
    out.append(bold)
    for row in rows:
        out.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return "" if value is None else spreadsheet_safe(value)
