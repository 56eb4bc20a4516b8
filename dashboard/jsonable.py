"""Values as JSON, once for the whole app (the rule itself: data/jsonvalues.py): dates as ISO text, numpy and Decimal
numbers as numbers, NaN and NaT as null; and the requests' JSON that nothing should read.

``JSONProvider`` is the Flask server's provider (app.py sets it), so ``jsonify`` writes rows straight from pandas or
the database. ``jsonable(value)`` gives the same values as plain Python, for what another encoder writes (a
``dcc.Store``, a figure's data).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask.json.provider import DefaultJSONProvider

from data.jsonvalues import jsonable, scalar

__all__ = ["JSONProvider", "MalformedJSON", "checked", "jsonable"]


MAX_JSON_DEPTH = 64  # arrays and objects inside each other; what the app reads (Dash's callbacks too) needs < 20
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: no character, and no UTF-8 can carry it


class MalformedJSON(Exception):
    """A request body that is JSON but that nothing should read: nested deeper than ``MAX_JSON_DEPTH``, or a string
    with a lone surrogate (``"\\ud800"``). Not a ValueError, so that ``get_json(silent=True)`` does not hide it:
    the app answers 400 (dashboard/api/errors.py)."""

    def __init__(self, message_en: str, message_th: str) -> None:
        super().__init__(message_en)
        self.message_en, self.message_th = message_en, message_th


def checked(value: Any) -> Any:
    """``value`` (parsed JSON) unless it is nested too deep or holds a lone surrogate; walked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise MalformedJSON(
                    "the JSON holds a lone surrogate (\\ud800–\\udfff without its pair), which is no character: "
                    "send the text as UTF-8",
                    "ข้อมูล JSON มีอักขระตัวแทน (surrogate) ที่ไม่ครบคู่ ซึ่งไม่ใช่ตัวอักษร โปรดส่งข้อความเป็น UTF-8",
                )
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise _too_deep()
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (str, dict, list)))
    return value


def _too_deep() -> MalformedJSON:
    return MalformedJSON(
        f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep; nothing here needs more than a few",
        f"ข้อมูล JSON ซ้อนกันลึกเกิน {MAX_JSON_DEPTH} ชั้น ซึ่งไม่มีส่วนใดของระบบต้องการ",
    )


class JSONProvider(DefaultJSONProvider):
    """Flask's provider (keys sorted, compact out of debug mode), Thai as it is, and the values of ``jsonable``."""

    ensure_ascii = False  # Thai names readable in JSON answers

    @staticmethod
    def default(o: Any) -> Any:
        converted = scalar(o)
        if converted is o:
            return DefaultJSONProvider.default(o)
        return converted

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """As Flask reads a request's JSON, refusing what nothing should read (``checked``): MalformedJSON."""
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:  # nested so deep that the parser itself gave up
            raise _too_deep() from None
        return checked(value)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """As Flask writes it; a NaN anywhere (which json would write as NaN, not JSON) is written as null."""
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        try:
            return json.dumps(obj, allow_nan=False, **kwargs)
        except ValueError:
            return json.dumps(jsonable(obj), **kwargs)
