"""Values as JSON keeps them, once for the whole app: dates as ISO text, numpy and Decimal numbers as numbers, NaN,
NaT and pandas' NA as null. The data layer stores such values (an audit line's before/after, an upload's undo
record); the web layer's JSON provider (dashboard/jsonable.py) writes its answers with the same rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` with every date, number and missing value inside it made what JSON writes (dicts and lists too)."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return scalar(value)


def scalar(value: Any) -> Any:
    """One value as JSON keeps it (anything else, such as an object JSON cannot write, comes back as it is)."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):  # pandas' Timestamp too; NaT is a missing date
        return None if value != value else value.isoformat()
    if isinstance(value, Decimal):  # a SUM on PostgreSQL: a number, as on SQLite
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "item") and getattr(value, "ndim", 0) == 0:  # a numpy scalar
        value = value.item()
    if isinstance(value, float):
        return None if value != value else value
    if type(value).__name__ == "NAType":  # pandas' NA, missing in a nullable column
        return None
    return value
