"""The fields of a request body (the JSON of an API write, or a page's form) read as what they are meant to be, once
for the whole app:

- ``whole_number(value)``: an int from a JSON number or from ASCII or Thai digits, never from other characters
  Python calls digits (``"²".isdigit()`` is True, ``int("²")`` raises);
- ``read_text``: a string without control characters, within its column's length;
- ``read_cell``: a value as the text of an upload's cell (a JSON number for a number), for the checks uploads make;
- ``read_whole``: a whole number within bounds;
- ``read_choice``: a code of a registry (or its Thai or English label).

A value that is not what the field holds adds a Problem naming the field, what was received and what is expected, in
Thai and English; the caller collects every problem and raises them at once (a 422 through the API's one handler).
"""

from __future__ import annotations

import re
from typing import Any

from data.errors import Problem
from geo.thai import THAI_DIGITS

MAX_DIGITS = 19  # a whole number of more digits is past any 64-bit integer the databases hold
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of a cell: the longest text an upload or a form stores
PREVIEW_CHARS = 40  # of a value refused (a cell too long, say), a problem quotes the start
# C0 controls and DEL: text never holds them (PostgreSQL stores no NUL); lines=True lets tab and line breaks through
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KINDS = (  # (type, English, Thai): what a JSON value is, as a problem names it
    (bool, "true/false", "ค่าจริง/เท็จ"),
    (int, "a number", "ตัวเลข"),
    (float, "a number", "ตัวเลข"),
    (str, "text", "ข้อความ"),
    (list, "a list", "รายการ (list)"),
    (dict, "an object", "ออบเจกต์ (object)"),
)


def whole_number(value: Any) -> int | None:
    """``value`` as a whole number: a JSON integer (never true/false), or text of ASCII or Thai digits (spaces around
    it ignored) of at most MAX_DIGITS digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    digits = value.strip().translate(THAI_DIGITS)
    if not digits or len(digits) > MAX_DIGITS or not (digits.isascii() and digits.isdigit()):
        return None
    return int(digits)


def kind_of(value: Any) -> tuple[str, str]:
    """(English, Thai) of what a JSON value is: "a list", "รายการ (list)"."""
    for kind, en, th in _KINDS:
        if isinstance(value, kind):
            return en, th
    return type(value).__name__, type(value).__name__


def preview(value: Any) -> str | None:
    """The start of a value as a problem quotes it (a 10 MB field is not echoed back); None for none."""
    if value is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"


def read_text(
    value: Any,
    name: str,
    problems: list[Problem],
    max_chars: int | None = MAX_CELL_CHARS,
    required: bool = False,
    lines: bool = False,
    numbers: bool = False,
) -> str | None:
    """``value`` as text, stripped (None when absent or empty); a problem when it is not a string (a whole number too
    with ``numbers``, for codes), holds a control character (tab and line breaks allowed with ``lines``), is longer
    than ``max_chars`` (None: the caller counts, in words of its own), or is missing while ``required``."""
    if numbers and not isinstance(value, str) and whole_number(value) is not None:
        value = str(value)
    if value is not None and value != "":
        found = _not_text(value, name, max_chars, lines)
        if found is not None:
            problems.append(found)
            return None
    text = (value or "").strip()
    if not text and required:
        problems.append(Problem(name, None, f"ต้องกรอก {name}", f"{name} is required"))
    return text or None


def read_cell(
    value: Any,
    name: str,
    problems: list[Problem],
    kind: str = "text",
    max_chars: int = MAX_CELL_CHARS,
    lines: bool = False,
) -> str | None:
    """``value`` as the text of a cell of an upload, for the checks an upload's row goes through: "" when absent;
    with ``kind`` "number" a JSON number is written as its text, with "code" a whole number, with "flag" true/false
    as 1/0. None with a problem when the value is none of what ``kind`` allows, or text ``read_text`` refuses."""
    if value is None:
        return ""
    if kind == "flag" and isinstance(value, bool):
        return "1" if value else "0"
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    if kind == "code" and not isinstance(value, str) and whole_number(value) is not None:
        return str(value)
    if not isinstance(value, str) and kind != "text":
        en, th = kind_of(value)
        expected_en, expected_th = _EXPECTED[kind]
        problems.append(
            Problem(
                name,
                preview(value),
                f"{name} ต้องเป็น{expected_th} ไม่ใช่{th}",
                f"{name} must be {expected_en}, not {en}",
            )
        )
        return None
    found = _not_text(value, name, max_chars, lines)
    if found is not None:
        problems.append(found)
        return None
    return value.strip()


_EXPECTED = {  # kind -> (English, Thai) of what read_cell takes
    "number": ("a number (or its text)", "ตัวเลข"),
    "code": ("a code (text, or a whole number)", "รหัส (ข้อความหรือจำนวนเต็ม)"),
    "flag": ("true/false (or yes/no as text)", "ค่าจริง/เท็จ (หรือข้อความ ใช่/ไม่ใช่)"),
}


def _not_text(value: Any, name: str, max_chars: int | None, lines: bool) -> Problem | None:
    """The problem of a value that is not text a column can hold (not a string, a control character, too long)."""
    if not isinstance(value, str):
        en, th = kind_of(value)
        return Problem(
            name,
            preview(value),
            f"{name} ต้องเป็นข้อความ ไม่ใช่{th} โปรดส่งเป็นข้อความในเครื่องหมายคำพูด",
            f"{name} must be text (a JSON string), not {en}",
        )
    control = (_CONTROL_IN_LINES if lines else _CONTROL).search(value)
    if control:
        code = f"U+{ord(control.group()):04X}"
        return Problem(
            name,
            preview(value),
            f"{name} มีอักขระควบคุม ({code}) ซึ่งเป็นข้อความไม่ได้ โปรดลบออก",
            f"{name} holds a control character ({code}) that text cannot hold; remove it",
        )
    if max_chars is not None and len(value) > max_chars:
        return Problem(
            name,
            preview(value),
            f"ยาว {len(value):,} ตัวอักษร ช่อง {name} ยาวได้ไม่เกิน {max_chars:,} ตัวอักษร",
            f"{len(value):,} characters: {name} holds at most {max_chars:,}",
        )
    return None


def read_whole(
    value: Any, name: str, problems: list[Problem], minimum: int = 0, maximum: int = 2**63 - 1
) -> int | None:
    """``value`` as a whole number from ``minimum`` to ``maximum`` (None when absent); a problem otherwise."""
    if value is None or value == "":
        return None
    number = whole_number(value)
    if number is not None and minimum <= number <= maximum:
        return number
    problems.append(
        Problem(
            name,
            preview(value),
            f"{name} ต้องเป็นจำนวนเต็ม {minimum:,}–{maximum:,}",
            f"{name} must be a whole number from {minimum:,} to {maximum:,}",
        )
    )
    return None


def read_choice(value: Any, name: str, registry, problems: list[Problem], label_th: str | None = None) -> str | None:
    """The code of ``registry`` that ``value`` names (a code, or its Thai or English label; None when absent); a
    problem listing the codes otherwise. ``label_th``: what the field is, in the Thai message."""
    if value is None or value == "":
        return None
    code = registry.resolve(value) if isinstance(value, str) and len(value) <= PREVIEW_CHARS * 4 else None
    if code is not None:
        return code
    listed = ", ".join(registry.codes)
    problems.append(
        Problem(
            name,
            preview(value),
            f"ไม่รู้จัก{label_th or name} “{preview(value)}” (ใช้ {listed})",
            f"unknown {name} {preview(value)!r} (use {listed})",
        )
    )
    return None
