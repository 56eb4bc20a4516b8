"""The area rule: what a person may see and change, by place. One definition for the data layer, pages and the API.

A person's area is ``TH`` (the whole country) or a DOPA code: a province (2 digits), a district (4) or a
subdistrict (6). A code lies within an area when it starts with the area's code (``geo.registry.area_contains``);
``TH`` holds everything. An empty or malformed area holds nothing: a broken account sees nothing, never everything.

- ``within(code, area)`` / ``row_within(row, area)``: the rule in Python, for one code or one record;
- ``where_within(area, columns)`` / ``where_prefix(area, column)``: the same rule as a SQL condition;
- ``scope_of(user)``, ``permitted(user, code, role)``, ``readable_area(user, asked)``, ``require_within(user, code)``:
  the rule applied to a person (``permitted`` adds a least role, in data.registries.ROLES order).

What each role may do inside its area (a volunteer reads only what they entered, ...) stays with each kind of data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from data.errors import NotPermitted, Problem
from data.registries import ROLES
from geo.registry import COUNTRY, area_contains, is_area_code, level_for_code

__all__ = [
    "COUNTRY",
    "AccessDenied",
    "code_of",
    "outside_scope",
    "permitted",
    "readable_area",
    "require_within",
    "row_within",
    "scope_of",
    "where_prefix",
    "where_within",
    "within",
]


class AccessDenied(NotPermitted):
    """Not this person's to read or change (their role or area), said in a sentence of each language (403)."""

    def __init__(self, message_en: str, message_th: str):
        super().__init__([], message_en, message_th)


def within(code: str | None, area: str | None) -> bool:
    """Whether area ``code`` lies in ``area`` (a person's area): ``TH`` holds everything, a DOPA code the codes that
    start with it; a malformed ``area`` holds nothing, and a DOPA area no empty or malformed ``code``."""
    return area_contains(area, code)


def code_of(row: Mapping[str, Any]) -> str | None:
    """The finest area code of a record with province, district and subdistrict fields (or an ``area`` field)."""
    for name in ("area", "subdistrict", "district", "province"):
        value = row.get(name)
        if value:
            return str(value)
    return None


def outside_scope(records: list[dict], scope: str) -> list[Problem]:
    """A problem for each row about an area outside the person's own (``scope``), in the column the row named its
    area in (subdistrict, district, province, or a coverage file's area); those rows are removed from ``records``."""
    where = _area_columns(records)
    outside = [i for i, (_, code) in enumerate(where) if code and not within(code, scope)]
    if not outside:
        return []
    problems = [
        Problem(
            column=where[i][0],
            value=where[i][1],
            row=int(records[i]["row"]),
            message_th=f"พื้นที่ {where[i][1]} อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({scope})",
            message_en=f"area {where[i][1]} is outside your own area ({scope})",
        )
        for i in outside
    ]
    bad_rows = {p.row for p in problems}
    records[:] = [r for r in records if r["row"] not in bad_rows]
    return problems


_AREA_FIELDS = ("area", "subdistrict", "district", "province")  # finest first, as ``code_of`` reads them


def _area_columns(records: Sequence[Mapping[str, Any]]) -> list[tuple[str | None, str | None]]:
    """(the field, the code) ``code_of`` reads of each record; of records kept column by column
    (data.validation.Records), read from their columns without a dict per row."""
    columns = getattr(records, "columns", None)
    if not isinstance(columns, Mapping):
        return [_area_column(record) for record in records]
    names = [name for name in _AREA_FIELDS if name in columns]
    return (
        [
            next(((name, str(v)) for name, v in zip(names, values) if v), (None, None))
            for values in zip(*(columns[n] for n in names))
        ]
        if names
        else [(None, None)] * len(records)
    )


def _area_column(record: Mapping[str, Any]) -> tuple[str | None, str | None]:
    for name in _AREA_FIELDS:
        if record.get(name):
            return name, str(record[name])
    return None, None


def row_within(row: Mapping[str, Any], area: str | None) -> bool:
    """Whether a record (a facility, a survey row: province/district/subdistrict fields) lies in ``area``."""
    return within(code_of(row), area)


# -- SQL ------------------------------------------------------------------------------------------------------------
def where_within(area: str | None, columns: Mapping[str, Any]) -> sa.ColumnElement[bool]:
    """The rows of a table with province, district and subdistrict columns (``columns``: level → column) that lie in
    ``area``: everything for TH, the rows whose column of the area's level equals it, nothing for a malformed area."""
    if area == COUNTRY:
        return sa.true()
    level = level_for_code(area) if is_area_code(area) else None
    if level is None:
        return sa.false()
    return columns[level] == area


def where_prefix(area: str | None, column: Any) -> sa.ColumnElement[bool]:
    """The rows whose area ``column`` (one code of any level per row, e.g. users.area) lies in ``area``."""
    if area == COUNTRY:
        return sa.true()
    if not is_area_code(area):
        return sa.false()
    return column.startswith(area, autoescape=True)


# -- a person -------------------------------------------------------------------------------------------------------
def scope_of(user: Mapping[str, Any] | None) -> str | None:
    """The area a signed-in person's reads and writes are limited to (None for nobody signed in)."""
    return None if user is None else user.get("area")


def readable_area(user: Mapping[str, Any], asked: str | None) -> str:
    """The area to read: ``asked``, or the person's own area when nothing was asked; refused outside their area."""
    area = asked or scope_of(user)
    require_within(user, area)
    return area  # type: ignore[return-value]  # require_within refused None


def permitted(user: Mapping[str, Any] | None, code: str | None, role: str = "volunteer") -> bool:
    """Whether a person of at least ``role`` (data.registries.ROLES order) acts on area ``code`` inside their area."""
    return ROLES.at_least(user, role) and within(code, scope_of(user))


def require_within(user: Mapping[str, Any] | None, code: str | None) -> None:
    """Raise ``AccessDenied`` (Thai and English) unless area ``code`` lies in the person's own area."""
    own = scope_of(user)
    if not within(code, own):
        raise AccessDenied(
            f"area {code} is outside your own area ({own})",
            f"พื้นที่ {code} อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({own})",
        )
