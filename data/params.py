"""Query parameters declared once: name, type, default, bounds, choices and help. The parsers (data/finder_query.py,
data/coverage_query.py, the API's own) check a value against the declaration, and the API's OpenAPI document is
written from the same declarations, so a changed limit cannot drift between them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from data.errors import Problem
from data.fields import whole_number

DATABASE_INT_MAX = 2**63 - 1  # the largest whole number either database takes (a 64-bit integer)


@dataclass(eq=False)
class Param:
    """One query parameter. ``choices`` may be a function (the codes of a registry, read when asked)."""

    name: str
    help_en: str
    type: str = "string"  # string, integer, number, boolean, date; "list" is comma-separated choices
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] | None = None
    required: bool = False

    def options(self) -> tuple[str, ...]:
        return tuple(self.choices() if callable(self.choices) else self.choices or ())

    def raw(self, args: Mapping[str, str]) -> str | None:
        """The text given, stripped; None when absent or empty."""
        text = args.get(self.name)
        text = None if text is None else str(text).strip()
        return text or None

    def whole_number(self, args: Mapping[str, str], problems: list[Problem]) -> int | None:
        """The integer given (Thai digits too) within the bounds; the default when absent; None with a problem."""
        text = self.raw(args)
        if text is None:
            return self.default
        value = whole_number(text)
        low = 0 if self.minimum is None else int(self.minimum)
        high = DATABASE_INT_MAX if self.maximum is None else self.maximum
        if value is not None and low <= value <= high:
            return value
        if self.maximum is None and value is None:
            th, en = f"{self.name} ต้องเป็นจำนวนเต็มตั้งแต่ {low}", f"{self.name} must be a whole number ≥ {low}"
        else:
            high = f"{int(high):,}"
            th = f"{self.name} ต้องเป็นจำนวนเต็ม {low}–{high}"
            en = f"{self.name} must be a whole number from {low} to {high}"
        problems.append(Problem(self.name, args.get(self.name), th, en))
        return None

    def within(self, value: float) -> bool:
        """Whether a number is inside the bounds (a NaN never is)."""
        low = -float("inf") if self.minimum is None else self.minimum
        high = float("inf") if self.maximum is None else self.maximum
        return low <= value <= high

    def one_of(self, args: Mapping[str, str], problems: list[Problem]) -> str:
        """The choice given (the default when absent); the default with a problem when it is not one of them."""
        value = self.raw(args) or self.default
        allowed = self.options()
        if value in allowed:
            return value
        listed = ", ".join(allowed)
        problems.append(
            Problem(
                self.name,
                value,
                f"ไม่รู้จัก {self.name} “{value}” (ใช้ {listed})",
                f"unknown {self.name} {value!r} (use {listed})",
            )
        )
        return self.default
