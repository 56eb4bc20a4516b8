"""Cells of the CSV and .xlsx files the app writes for people to download: text a spreadsheet never runs.

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and, after a tab or a
carriage return, often too: OWASP "CSV injection"). Text that comes from people (a facility's name, a survey's reason,
a value in an uploaded file echoed by the problem report) could then open a link or run a command on the computer of
whoever opens the export. ``spreadsheet_safe`` is the one place that prevents it: every writer of a CSV or .xlsx
download passes each cell through it. Numbers stay numbers: -3 is a number, not a formula.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # the first characters a spreadsheet may take for a formula


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a cell a spreadsheet shows as it is: text that starts like a formula gets a leading ``'``
    (``=1+1`` → ``'=1+1``; the rest of the text is kept), anything else is returned unchanged (numbers, dates,
    booleans, None)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
