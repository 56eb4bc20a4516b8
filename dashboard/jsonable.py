"""Values as JSON, once for the whole app: dates as ISO text, numpy and Decimal numbers as numbers, NaN and NaT as
null.

``JSONProvider`` is the Flask server's provider (app.py sets it), so ``jsonify`` writes rows straight from pandas or
the database. ``jsonable(value)`` gives the same values as plain Python, for what another encoder writes (a
``dcc.Store``, a figure's data).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from flask.json.provider import DefaultJSONProvider


def jsonable(value: Any) -> Any:
    """``value`` with every date, number and missing value inside it made what JSON writes (dicts and lists too)."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return _scalar(value)


def _scalar(value: Any) -> Any:
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


class JSONProvider(DefaultJSONProvider):
    """Flask's provider (keys sorted, compact out of debug mode), Thai as it is, and the values of ``jsonable``."""

    ensure_ascii = False  # Thai names readable in JSON answers

    @staticmethod
    def default(o: Any) -> Any:
        converted = _scalar(o)
        if converted is o:
            return DefaultJSONProvider.default(o)
        return converted

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """As Flask writes it; a NaN anywhere (which json would write as NaN, not JSON) is written as null."""
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        try:
            return json.dumps(obj, allow_nan=False, **kwargs)
        except ValueError:
            return json.dumps(jsonable(obj), **kwargs)
