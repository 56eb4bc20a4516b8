"""The area registry: DOPA codes, Thai and English names, parents, representative points, and name matching.

``resolve`` turns what people type into a DOPA code: the code itself, an ISO 3166-2 code (``TH-50``), an OCHA
P-code (``TH5001``), or a Thai or English name with common alternative spellings and prefixes (จังหวัด, อ.,
Amphoe ...). When it cannot, it raises ``AreaNotFound`` with "did you mean" suggestions.
"""

from __future__ import annotations

import ast
import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.boundaries import CODE_LENGTH, LEVELS, Boundaries, representative_points
from geo.thai import THAI_DIGITS

COUNTRY = "TH"  # the area that holds every other
_PREFIXES = (
    "จังหวัด",
    "จ.",
    "อำเภอ",
    "อ.",
    "เขต",
    "กิ่งอำเภอ",
    "ตำบล",
    "ต.",
    "แขวง",
    "changwat ",
    "province ",
    "amphoe ",
    "khet ",
    "district ",
    "tambon ",
    "khwaeng ",
    "subdistrict ",
)
_SUFFIXES = (" province", " district", " subdistrict")
_LEVEL_BY_LENGTH = {v: k for k, v in CODE_LENGTH.items()}


class AreaNotFound(LookupError):
    """No area matches; ``suggestions`` lists (code, name_th, name_en) of the closest names."""

    def __init__(self, text: str, level: str | None, suggestions: list[tuple[str, str, str]], ambiguous: bool = False):
        self.text, self.level, self.suggestions, self.ambiguous = text, level, suggestions, ambiguous
        what = level or "area"
        if ambiguous:
            msg = f"{text!r} names several {what}s; add the province or use the code"
        else:
            msg = f"no {what} named {text!r}"
        if suggestions:
            msg += "; did you mean " + ", ".join(f"{en} ({th}, {code})" for code, th, en in suggestions) + "?"
        super().__init__(msg)

    @property
    def message_th(self) -> str:
        what = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล"}.get(self.level or "", "พื้นที่")
        if self.ambiguous:
            msg = f"มี{what}ชื่อ “{self.text}” มากกว่าหนึ่งแห่ง โปรดระบุจังหวัดหรือใช้รหัส"
        else:
            msg = f"ไม่พบ{what}ชื่อ “{self.text}”"
        if self.suggestions:
            msg += " หมายถึง " + ", ".join(f"{th} ({code})" for code, th, _ in self.suggestions) + " หรือไม่"
        return msg


def normalize_name(text: str) -> str:
    """A key for matching: NFC, Thai digits to Arabic, lower case, prefixes and spaces, dots, hyphens removed."""
    text = unicodedata.normalize("NFC", str(text)).translate(THAI_DIGITS).strip().lower()
    # Thai PDF extraction often splits SARA AM into NIKHAHIT + SARA AA
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text, changed = text[len(prefix) :].strip(), True
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)].strip(), True
    return re.sub(r"[\s\.\-'’_,()]+", "", text)


@dataclass
class AreaRegistry:
    """Every area of the three levels, one row per code (columns: level, code, name_th, name_en, parent, province, lon, lat)."""

    areas: pd.DataFrame
    _index: dict[tuple[str, str], set[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_boundaries(cls, boundaries: Boundaries, alt_names: dict[str, list[str]] | None = None) -> AreaRegistry:
        frames = []
        for level in LEVELS:
            frame = boundaries.level(level)
            points = representative_points(frame).set_index("code")
            table = pd.DataFrame(frame.drop(columns="geometry")).set_index("code")
            table = table.join(points)
            bounds = frame.geometry.bounds
            table[["min_lon", "min_lat", "max_lon", "max_lat"]] = bounds.values
            table["level"] = level
            frames.append(table)
        areas = pd.concat(frames)
        areas["province"] = areas.index.str[:2]
        registry = cls(areas=areas)
        registry._build_index(alt_names or {})
        return registry

    def _build_index(self, alt_names: dict[str, list[str]]) -> None:
        def add(level: str, name: object, code: str) -> None:
            if isinstance(name, str) and name.strip():
                self._index.setdefault((level, normalize_name(name)), set()).add(code)

        table = self.areas
        for column in ("name_th", "name_en", "alt_th", "alt_en"):
            for code, level, name in zip(table.index, table["level"], table[column]):
                add(level, name, code)
        district_names = {key for (lvl, key) in self._index if lvl == "district"}
        for code, names in alt_names.items():
            for name in names:
                # the mapping file lists some Bangkok districts as "alternative names" of Bangkok: skip those
                if normalize_name(name) not in district_names:
                    add("province", name, code)

    # -- lookups -------------------------------------------------------------------------------------------------
    def get(self, code: str) -> pd.Series | None:
        return self.areas.loc[code] if code in self.areas.index else None

    def bounds(self, code: str) -> tuple[float, float, float, float]:
        """min lon, min lat, max lon, max lat of an area (TH: the whole country)."""
        if code == "TH":
            table = self.areas[self.areas.level == "province"]
            return (table.min_lon.min(), table.min_lat.min(), table.max_lon.max(), table.max_lat.max())
        row = self.areas.loc[code]
        return (row.min_lon, row.min_lat, row.max_lon, row.max_lat)

    def level_of(self, code: str) -> str | None:
        return self.areas.at[code, "level"] if code in self.areas.index else None

    def frame(self, level: str, parent: str | None = None) -> pd.DataFrame:
        """Areas of one level (optionally those inside ``parent``, a code of any higher level), sorted by code."""
        table = self.areas[self.areas.level == level]
        if parent and parent != "TH":
            table = table[table.index.str.startswith(parent)]
        return table.sort_index()

    def contains(self, outer: str, inner: str) -> bool:
        """True when area ``inner`` lies in ``outer`` (``TH`` contains everything); see ``area_contains``."""
        return area_contains(outer, inner)

    # -- matching ------------------------------------------------------------------------------------------------
    def resolve(self, text: str, level: str | None = None, within: str | None = None) -> str:
        """The DOPA code for ``text``; raise AreaNotFound (with suggestions) when none or several match."""
        raw = str(text).strip()
        code = self._code_form(raw)
        if code is not None and (level is None or self.level_of(code) == level):
            if within is None or self.contains(within, code):
                return code
        levels = [level] if level else list(LEVELS)
        key = normalize_name(raw)
        found: set[str] = set()
        for lvl in levels:
            found |= self._index.get((lvl, key), set())
        if within:
            found = {c for c in found if self.contains(within, c)}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            if level is None:  # prefer the highest level: "Chiang Mai" is the province
                for lvl in LEVELS:
                    at_level = [c for c in found if self.level_of(c) == lvl]
                    if len(at_level) == 1:
                        return at_level[0]
            raise AreaNotFound(raw, level, self._describe(sorted(found)[:5]), ambiguous=True)
        raise AreaNotFound(raw, level, self.suggest(raw, level, within))

    def _code_form(self, raw: str) -> str | None:
        text = raw.translate(THAI_DIGITS).strip().upper().replace(" ", "")
        if re.fullmatch(r"TH-?\d{2}", text):  # ISO 3166-2 TH-50, or P-code TH50
            text = text[-2:]
        elif re.fullmatch(r"TH\d{4}(\d{2})?", text):  # OCHA P-code
            text = text[2:]
        if re.fullmatch(r"\d{2}(\d{2}(\d{2})?)?", text) and text in self.areas.index:
            return text
        return None

    def suggest(
        self, text: str, level: str | None = None, within: str | None = None, n: int = 3
    ) -> list[tuple[str, str, str]]:
        key = normalize_name(text)
        candidates: dict[str, set[str]] = {}
        for (lvl, name), codes in self._index.items():
            if level is None or lvl == level:
                candidates.setdefault(name, set()).update(codes)
        close = difflib.get_close_matches(key, list(candidates), n=n * 3, cutoff=0.6)
        codes: list[str] = []
        for name in close:
            for code in sorted(candidates[name], key=lambda c: (len(c), c)):  # provinces first
                if code not in codes and (within is None or self.contains(within, code)):
                    codes.append(code)
        return self._describe(codes[:n])

    def _describe(self, codes: list[str]) -> list[tuple[str, str, str]]:
        return [(c, self.areas.at[c, "name_th"], self.areas.at[c, "name_en"]) for c in codes]


def read_province_alt_names(mapping_csv: Path) -> dict[str, list[str]]:
    """Alternative province spellings from djay/covidthailand's province_mapping.csv: {code: [names]}."""
    out: dict[str, list[str]] = {}
    with Path(mapping_csv).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["ISO[7]"].removeprefix("TH-")
            names = [row["Name"], row["Name(in Thai)"], row["HS[6]"]]
            try:
                names += list(ast.literal_eval(row["Alt_names"] or "[]"))
            except (ValueError, SyntaxError):
                pass
            out[code] = [n for n in names if isinstance(n, str) and n.strip()]
    return {code: names for code, names in out.items() if code}  # the Prison and Unknown rows have no ISO code


def is_area_code(code: object) -> bool:
    """``TH`` or a DOPA code: a province (2 digits), a district (4) or a subdistrict (6)."""
    return (
        code == COUNTRY or isinstance(code, str) and code.isascii() and code.isdigit() and len(code) in _LEVEL_BY_LENGTH
    )


def area_contains(outer: object, inner: object) -> bool:
    """True when area ``inner`` lies in area ``outer``: ``TH`` holds everything (even a record with no area); a DOPA
    code holds the codes that start with it. Anything else (an empty or malformed ``outer``) holds nothing, and a
    DOPA code holds no malformed ``inner``. The one statement of the rule; data/scope.py builds privacy on it."""
    if outer == COUNTRY:
        return True
    return is_area_code(outer) and is_area_code(inner) and inner != COUNTRY and str(inner).startswith(str(outer))


def level_for_code(code: str) -> str | None:
    return _LEVEL_BY_LENGTH.get(len(code)) if code.isdigit() else None
