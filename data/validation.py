"""Checking the rows of an upload: every problem collected with its row (as the spreadsheet numbers it), column,
value and a message in Thai and English; nothing is raised until the whole file has been read."""

from __future__ import annotations

import pandas as pd

from data import parsing
from data.errors import Problem
from geo.registry import AreaNotFound


def outside_scope(records: list[dict], scope: str, registry) -> list[Problem]:
    """Rows about areas outside the person's own area are refused, with the row named."""
    problems = []
    for rec in records:
        code = rec.get("area") or rec.get("subdistrict") or rec.get("district") or rec.get("province")
        if code and not registry.contains(scope, code):
            problems.append(
                Problem(
                    column="area",
                    value=code,
                    row=int(rec["row"]),
                    message_th=f"พื้นที่ {code} อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({scope})",
                    message_en=f"area {code} is outside your own area ({scope})",
                )
            )
    bad_rows = {p.row for p in problems}
    records[:] = [r for r in records if r["row"] not in bad_rows]
    return problems


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
        return value

    def date(self, row, column, text, required=True):
        if text == "":
            if required:
                self.bad(row, column, text, f"ต้องกรอก {column}", f"{column} is required")
            return None
        try:
            return parsing.parse_date(text)
        except ValueError:
            self.bad(
                row,
                column,
                text,
                f"“{text}” ไม่ใช่วันที่ (ใช้ 31/12/2564 หรือ 2021-12-31)",
                f"{text!r} is not a date (use 31/12/2564 or 2021-12-31)",
            )
            return None

    def choice(self, row, column, text, registry, required=True):
        if text == "" and not required:
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

    def area(self, row, column, text, registry, level=None, within=None, required=True):
        if text == "":
            if required:
                self.bad(row, column, text, f"ต้องกรอก {column}", f"{column} is required")
            return None
        try:
            return registry.resolve(text, level=level, within=within)
        except AreaNotFound as exc:
            self.bad(row, column, text, exc.message_th, str(exc))
            return None


def duplicate_keys(rows: RowChecker, table: pd.DataFrame, keys: list[tuple], column: str) -> None:
    seen: dict[tuple, int] = {}
    for row, key in zip(table.index, keys):
        if key is None or any(k is None for k in key):
            continue
        if key in seen:
            rows.bad(row, column, None, f"ซ้ำกับแถวที่ {seen[key]} ในไฟล์เดียวกัน", f"repeats row {seen[key]} of this file")
        else:
            seen[key] = row
