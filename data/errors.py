"""Errors a person can act on: where, what, how to fix, in Thai and English."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem with an input. ``row`` is as the spreadsheet numbers it (the header is row 1)."""

    column: str | None
    value: Any
    message_th: str
    message_en: str
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if out["value"] is not None and not isinstance(out["value"], (int, float, bool)):
            out["value"] = str(out["value"])
        return out

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"Row {self.row}" if self.row else "", self.column or "") if p)
        return f"{where}: {self.message_en}" if where else self.message_en


class UserInputError(ValueError):
    """Input that cannot be used; carries every problem found, not just the first.

    ``status`` is the HTTP status the API answers with (its one error handler reads it from the class): 422 here,
    404/403/409 for the refusals below. They are UserInputErrors too, so code that shows any refusal to a person
    catches them all with ``except UserInputError``.
    """

    status = 422

    def __init__(self, problems: list[Problem], message_en: str | None = None, message_th: str | None = None):
        self.problems = problems
        self.message_en = message_en or "; ".join(str(p) for p in problems)
        self.message_th = message_th or "; ".join(p.message_th for p in problems)
        super().__init__(self.message_en)

    @classmethod
    def from_fields(cls, fields: list[tuple[str, str, str]], value: Any = None) -> UserInputError:
        return cls([Problem(column=f, value=value, message_th=th, message_en=en) for f, th, en in fields])


class NotFound(UserInputError):
    """What was asked for does not exist (404)."""

    status = 404


class NotPermitted(UserInputError):
    """The person's role or area does not allow this: outside their area, someone else's, not their role (403)."""

    status = 403


class Conflict(UserInputError):
    """The request is fine but the data has moved on: already decided, changed since it was read (409)."""

    status = 409


def refusal(message_th: str, message_en: str, column: str | None = None, row: int | None = None) -> UserInputError:
    """The error of an input refused as a whole, for one reason."""
    return UserInputError([Problem(column, None, message_th, message_en, row=row)])
