"""An audit entry's detail as a person reads it: each known key by its label in the page's language and its value
as the page writes it ("ใหม่ 4 · ปรับปรุง 0"); a key the catalogue does not know shows as it is."""

from __future__ import annotations

import json
from typing import Any

from dashboard.i18n import CATALOGUE, t
from data.registries import HELP_STATUSES, ROLES


def detail_text(detail: Any, lang: str, max_chars: int | None = None) -> str:
    """``new 4 · updated 0`` / ``ใหม่ 4 · ปรับปรุง 0``; cut to ``max_chars`` with an ellipsis when given."""
    if detail is None or detail == {}:
        return ""
    if isinstance(detail, dict):
        text = " · ".join(f"{_label(key, lang)} {_value(key, value, lang)}" for key, value in detail.items())
    else:
        text = str(detail)
    if max_chars is not None and len(text) > max_chars:
        return text[: max_chars - 1] + "…"
    return text


def _label(key: str, lang: str) -> str:
    name = f"audit.detail.{key}"
    return t(name, lang) if name in CATALOGUE else key


def _value(key: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return t("audit.detail.yes" if value else "audit.detail.no", lang)
    if isinstance(value, int):
        return f"{value:,}"
    if value is None:
        return "–"
    if key == "role" and value in ROLES:
        return ROLES[value].label(lang)
    if key in ("status", "from", "to") and value in HELP_STATUSES:
        return HELP_STATUSES[value].label(lang)
    if key == "kind" and f"upload.kind.{value}" in CATALOGUE:
        return t(f"upload.kind.{value}", lang)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
