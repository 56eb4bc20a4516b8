"""Checking the rows of an upload: every problem collected with its row (as the spreadsheet numbers it), column,
value and a message in Thai and English; nothing is raised until the whole file has been read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Iterable, MutableSequence, Sequence
from typing import Any

import numpy as np
import pandas as pd

from data import parsing
from data.errors import Problem
from data.fields import MAX_CELL_CHARS, PREVIEW_CHARS
from data.schema import facilities, survey_personal
from geo.registry import AreaNotFound

EARLIEST_DATE = dt.date(2000, 1, 1)  # a date before it is a year typed wrong (2465 for 2565)
MAX_NUMBER = 2**53  # exact in a float; far above any count of people or beds
# the text columns of an upload stored in a column of limited length (the others: MAX_CELL_CHARS)
_STORED_IN = {
    "facilities": {
        "facility_id": facilities.c.external_id,
        "name_th": facilities.c.name_th,
        "name_en": facilities.c.name_en,
        "phone": facilities.c.phone,
        "opening_hours": facilities.c.opening_hours,
    },
    "surveys": {"full_name": survey_personal.c.full_name, "phone": survey_personal.c.phone},
}


def max_chars(kind: str, column: str) -> int:
    """The longest text a cell of ``column`` may hold: its database column's length, at most MAX_CELL_CHARS."""
    stored = _STORED_IN.get(kind, {}).get(column)
    length = getattr(stored.type, "length", None) if stored is not None else None
    return min(length or MAX_CELL_CHARS, MAX_CELL_CHARS)


def overlong_cells(table: pd.DataFrame, kind: str) -> tuple[list[Problem], pd.DataFrame]:
    """(a problem for each cell of a known column longer than ``max_chars``, the table without those rows): a
    3 MB name is refused with its row, not stored (PostgreSQL would refuse it with an error no one can act on)."""
    problems: list[Problem] = []
    for column in dict.fromkeys(parsing.HEADERS[kind].values()):
        if column not in table.columns or table.empty:
            continue
        limit = max_chars(kind, column)
        lengths = table[column].str.len().to_numpy()
        for i in np.flatnonzero(lengths > limit):
            text = table[column].iat[i]
            problems.append(
                Problem(
                    column=column,
                    value=text[:PREVIEW_CHARS] + "…",
                    message_th=f"ยาว {len(text):,} ตัวอักษร ช่อง {column} ยาวได้ไม่เกิน {limit:,} ตัวอักษร",
                    message_en=f"{len(text):,} characters: a cell of {column} holds at most {limit:,}",
                    row=int(table.index[i]),
                )
            )
    if not problems:
        return [], table
    problems.sort(key=lambda p: p.row)  # stable: within a row, in the order of the columns
    return problems, table.loc[~table.index.isin({p.row for p in problems})]


class RowChecker:
    """Collects problems for one file: ``bad(row, column, value, th, en)``."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def bad(self, row, column, value, th, en) -> None:
        self.problems.append(Problem(column=column, value=value or None, message_th=th, message_en=en, row=int(row)))

    def warn(self, row, column, value, th, en) -> None:
        self.warnings.append(Problem(column=column, value=value or None, message_th=th, message_en=en, row=int(row)))

    def number(self, row, column, text, kind=int, required=True, minimum=None):
        if text == "":
            if required:
                self.bad(row, column, text, f"ต้องกรอก {column}", f"{column} is required")
            return None
        try:
            value = parsing.parse_int(text) if kind is int else parsing.parse_float(text)
        except ValueError:
            what = "จำนวนเต็ม" if kind is int else "ตัวเลข"
            self.bad(
                row,
                column,
                text,
                f"“{text}” ไม่ใช่{what}",
                f"{text!r} is not a {'whole number' if kind is int else 'number'}",
            )
            return None
        if minimum is not None and value < minimum:
            self.bad(row, column, text, f"ต้องไม่น้อยกว่า {minimum}", f"must be at least {minimum}")
            return None
        if abs(value) > MAX_NUMBER:  # more than any count of people, and more than the database column holds
            self.bad(
                row, column, text, f"“{text}” มากเกินไป (ตรวจจำนวนหลัก)", f"{text!r} is too large (check the digits)"
            )
            return None
        return value

    def date(self, row, column, text, required=True):
        if text == "":
            if required:
                self.bad(row, column, text, f"ต้องกรอก {column}", f"{column} is required")
            return None
        try:
            day = parsing.parse_date(text)
        except ValueError:
            serial = (
                text.strip().isascii() and text.strip().isdigit()
            )  # 44545: a date Excel shows as the number it keeps
            self.bad(
                row,
                column,
                text,
                f"“{text}” ไม่ใช่วันที่ (ใช้ 31/12/2564 หรือ 2021-12-31)"
                + (" ถ้าใน Excel เห็นเป็นตัวเลข ให้จัดรูปแบบคอลัมน์เป็นวันที่" if serial else ""),
                f"{text!r} is not a date (use 31/12/2564 or 2021-12-31)"
                + ("; a number in Excel: format the column as a date" if serial else ""),
            )
            return None
        if day < EARLIEST_DATE:  # 15/12/2465 for 2565: a year typed wrong, not a report of 1922
            self.bad(
                row,
                column,
                text,
                f"วันที่ “{text}” อยู่ก่อนปี พ.ศ. {EARLIEST_DATE.year + 543} โปรดตรวจปี พ.ศ. (เช่น 2465 แทน 2565)",
                f"the date {text!r} is before {EARLIEST_DATE.year}: check the year (2465 typed for 2565?)",
            )
            return None
        return day

    def choice(self, row, column, text, registry, required=True):
        if text == "" and not required:
            return None
        if text == "":
            self.bad(row, column, text, f"ต้องกรอก {column}", f"{column} is required")
            return None
        code = registry.resolve(text)
        if code is None:
            options = ", ".join(registry.codes)
            self.bad(
                row,
                column,
                text,
                f"ไม่รู้จัก “{text}” (ใช้ {options} หรือชื่อภาษาไทย)",
                f"unknown value {text!r} (use {options} or the Thai label)",
            )
        return code

    def area(self, row, column, text, registry, level=None, within=None, required=True, context=()):
        """The code ``text`` names, read in ``context`` (see AreaRegistry.resolve), or a problem with suggestions."""
        if text == "":
            if required:
                self.bad(row, column, text, f"ต้องกรอก {column}", f"{column} is required")
            return None
        try:
            return registry.resolve(text, level=level, within=within, context=context)
        except AreaNotFound as exc:
            self.bad(row, column, text, exc.message_th, str(exc))
            return None


def outside_thailand(swapped: bool) -> tuple[str, str]:
    """(Thai, English) of a point outside Thailand, asking whether lat and lon were swapped when they look it."""
    if swapped:
        return "พิกัดอยู่นอกประเทศไทย: ละติจูดและลองจิจูดสลับกันหรือไม่", "the point is outside Thailand: did you swap lat and lon?"
    return "พิกัดอยู่นอกเขตประเทศไทย โปรดตรวจสอบ", "the point is outside Thailand's boundaries; check the coordinates"


def duplicate_keys(rows: RowChecker, table: pd.DataFrame, keys: list[tuple], column: str) -> None:
    seen: dict[tuple, int] = {}
    for row, key in zip(table.index, keys):
        if key is None or any(k is None for k in key):
            continue
        if key in seen:
            rows.bad(row, column, None, f"ซ้ำกับแถวที่ {seen[key]} ในไฟล์เดียวกัน", f"repeats row {seen[key]} of this file")
        else:
            seen[key] = row


# -- whole columns at a time -------------------------------------------------------------------------------------
def column_texts(table: pd.DataFrame, column: str) -> np.ndarray:
    """A column's cells as an array of str ('' everywhere when the file has no such column)."""
    if column not in table.columns:
        return np.full(len(table), "", dtype=object)
    return table[column].to_numpy(dtype=object)


class Records(MutableSequence):
    """The valid rows of a chunk kept column by column: ``columns`` maps each field to a list, all of one length.

    It is the list of row dicts that outside_scope and the store functions take (``records[i]`` is row i as a
    dict, built when asked), and a store function that reads whole columns builds no dict at all.
    """

    def __init__(self, columns: dict[str, list]) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return Records({name: values[i] for name, values in self.columns.items()})
        return {name: values[i] for name, values in self.columns.items()}

    def __setitem__(self, i, value) -> None:
        rows = list(self)
        rows[i] = value
        self._set_rows(rows)

    def __delitem__(self, i) -> None:
        rows = list(self)
        del rows[i]
        self._set_rows(rows)

    def insert(self, i: int, value: dict) -> None:
        rows = list(self)
        rows.insert(i, value)
        self._set_rows(rows)

    def _set_rows(self, rows: Iterable[dict]) -> None:
        rows = list(rows)
        self.columns = {name: [row[name] for row in rows] for name in self.columns}


Check = Callable[[str], tuple[Any, Problem | None]]


class ColumnChecker:
    """RowChecker's checks for a chunk of rows, a whole column at a time.

    A check runs once per distinct text of the column (a file holds few distinct dates, areas, groups or ages) and
    its value and problem go to every row holding that text; ``memo`` keeps those results from chunk to chunk of a
    file. The messages are RowChecker's own. ``problems`` come in RowChecker's order: by row, then by check.
    """

    def __init__(self, rows: Sequence[int], memo: dict | None = None) -> None:
        self.rows = np.asarray(rows, dtype=np.int64)
        self.bad = np.zeros(len(self.rows), dtype=bool)  # rows with at least one problem
        self._found: list[tuple[int, int, Problem]] = []  # (position, check number, problem)
        self._checks = 0
        self._memo = {} if memo is None else memo

    @property
    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self._found, key=lambda found: found[:2])]

    def number(self, column, texts, kind=int, required=True, minimum=None) -> np.ndarray:
        values = self._plain_numbers(texts, kind, required, minimum)
        if values is not None:
            return values
        return self.each_value(texts, _scalar(RowChecker.number, column, kind=kind, required=required, minimum=minimum))

    def date(self, column, texts, required=True) -> np.ndarray:
        return self.each_value(texts, _scalar(RowChecker.date, column, required=required), ("date", column, required))

    def choice(self, column, texts, registry, required=True) -> np.ndarray:
        check = _scalar(RowChecker.choice, column, registry, required=required)
        return self.each_value(texts, check, ("choice", column, id(registry), required))

    def area(self, column, texts, registry, level=None, within=None, required=True, context=()) -> np.ndarray:
        """``context``: the areas every text is read in (the writer's area), as AreaRegistry.resolve takes them."""
        context = tuple(context)
        check = _scalar(
            RowChecker.area, column, registry, level=level, within=within, required=required, context=context
        )
        if within is None:
            check = _codes_first(self._area_codes(registry, level), check)
        return self.each_value(texts, check, ("area", column, level, within, required, context))

    def _area_codes(self, registry, level) -> frozenset[str]:
        """The codes of a level (any level when None): registry.resolve gives each back as it is."""
        if ("codes", level) not in self._memo:
            codes = registry.frame(level).index if level else registry.areas.index
            self._memo["codes", level] = frozenset(codes)
        return self._memo["codes", level]

    def each_value(self, texts: Sequence[str], check: Check, memo_key: Hashable | None = None) -> np.ndarray:
        """``check(text) -> (value, problem or None)`` once per distinct text; the value of every row.

        Results are kept for the next chunks under ``memo_key`` (None: not kept, for checks as cheap as a lookup).
        """
        codes, uniques = pd.factorize(np.asarray(texts, dtype=object))
        memo = self._memo.setdefault(memo_key, {}) if memo_key is not None else {}
        results = [memo[u] if u in memo else memo.setdefault(u, check(u)) for u in uniques]
        values = np.empty(len(results), dtype=object)
        values[:] = [value for value, _ in results]
        failed = np.array([problem is not None for _, problem in results], dtype=bool)
        for i in np.flatnonzero(failed[codes]) if len(codes) else ():
            self._add(i, dataclasses.replace(results[codes[i]][1], row=int(self.rows[i])))
        self._checks += 1
        return values[codes]

    def bad_where(self, mask: np.ndarray, column: str, describe: Callable[[int], tuple[Any, str, str]]) -> None:
        """A problem in ``column`` for each row where ``mask`` holds; ``describe(position) -> (value, th, en)``."""
        for i in np.flatnonzero(mask):
            value, th, en = describe(i)
            self._add(
                i, Problem(column=column, value=value or None, message_th=th, message_en=en, row=int(self.rows[i]))
            )
        self._checks += 1

    def _add(self, position: int, problem: Problem) -> None:
        self._found.append((int(position), self._checks, problem))
        self.bad[position] = True

    def _plain_numbers(self, texts, kind, required, minimum) -> np.ndarray | None:
        """When every text is a number int() or float() reads, without a problem (most files): all converted at
        once. Else None: the texts are then checked one distinct text at a time."""
        texts = np.asarray(texts, dtype=object)
        filled = texts != ""
        if required and not filled.all():
            return None
        try:
            numbers = texts[filled].astype(np.int64 if kind is int else float)
        except (TypeError, ValueError, OverflowError):
            return None
        if kind is not int and not np.isfinite(numbers).all():  # 'nan', 'inf': the checks one by one say why
            return None
        if kind is int and len(numbers) and np.abs(numbers).max() > 2**53:  # parse_int goes through a float
            return None
        if minimum is not None and (numbers < minimum).any():
            return None
        values = np.full(len(texts), None, dtype=object)
        values[filled] = numbers.tolist()
        self._checks += 1
        return values


def _scalar(method, column: str, *args, **kwargs) -> Check:
    """A RowChecker method as a check of one text: (value, the problem it found or None)."""
    scratch = RowChecker()

    def check(text: str):
        value = method(scratch, 0, column, text, *args, **kwargs)
        return value, (scratch.problems.pop() if scratch.problems else None)

    return check


def _codes_first(codes: frozenset[str], check: Check) -> Check:
    """A code is itself; anything else (a name, an ISO code, a typo) goes to ``check``."""

    def code_or_check(text: str):
        return (text, None) if text in codes else check(text)

    return code_or_check


class RepeatedKeys:
    """Rows whose key repeats an earlier row of the same file, chunk after chunk: "repeats row N of this file"."""

    def __init__(self, column: str) -> None:
        self.column = column
        self.problems: list[Problem] = []
        self._first: dict[tuple, int] = {}

    def check(self, rows: Sequence[int], keys: Sequence[tuple]) -> None:
        for row, key in zip(rows, keys):
            first = self._first.setdefault(key, int(row))
            if first != row:
                self.problems.append(
                    Problem(
                        column=self.column,
                        value=None,
                        message_th=f"ซ้ำกับแถวที่ {first} ในไฟล์เดียวกัน",
                        message_en=f"repeats row {first} of this file",
                        row=int(row),
                    )
                )
