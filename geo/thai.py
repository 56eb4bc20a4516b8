"""Thai and English text: Thai digits, and the Thai or English form of a named thing."""

from __future__ import annotations

from typing import Any

import pandas as pd

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def ascii_digits(text: object) -> str:
    """``text`` with Thai digits (๐–๙) written as 0–9; everything else as it was."""
    return str(text).translate(THAI_DIGITS)


def phone_digits(text: str | None) -> str | None:
    """A phone number as it is dialled: its Thai digits as 0–9, its spaces, dashes and words as written ("๐๘๑-๒๓๔
    ๕๖๗๘ ต่อ ๑๒" → "081-234 5678 ต่อ 12"); None stays None."""
    return None if text is None else ascii_digits(text)


def localized(row: Any, lang: str, field: str = "name") -> Any:
    """``row[f"{field}_th"]`` in Thai, ``row[f"{field}_en"]`` otherwise, falling back to the Thai when the English is
    missing or empty. ``row`` is a dict, a pandas Series (one row) or a DataFrame (a column comes back)."""
    thai = row[f"{field}_th"]
    if lang == "th":
        return thai
    english = row[f"{field}_en"] if f"{field}_en" in row else None
    if isinstance(english, pd.Series):
        return english.where(english.notna() & (english.astype(str).str.strip() != ""), thai)
    if english is None or (isinstance(english, float) and pd.isna(english)) or not str(english).strip():
        return thai
    return english
