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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.boundaries import CODE_LENGTH, LEVELS, Boundaries, representative_points
from geo.thai import THAI_DIGITS

COUNTRY = "TH"  # the area that holds every other
BANGKOK = "10"  # its districts are เขต and its subdistricts แขวง
MAX_PHRASE_WORDS = 8  # words of a typed place read as a name and the areas it is in (AreaRegistry.resolve_phrase)
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
# the level a prefix or suffix says: "ตำบลบ้านหลวง" is a subdistrict even where a district has that name
_LEVEL_WORDS = {
    "province": ("จังหวัด", "จ.", "changwat ", "province "),
    "district": ("อำเภอ", "อ.", "เขต", "กิ่งอำเภอ", "amphoe ", "khet ", "district "),
    "subdistrict": ("ตำบล", "ต.", "แขวง", "tambon ", "khwaeng ", "subdistrict "),
}
_LEVEL_BY_LENGTH = {v: k for k, v in CODE_LENGTH.items()}


class AreaNotFound(LookupError):
    """No area matches, or several do; ``suggestions`` lists (code, name_th, name_en) of the closest names, or of the
    candidates (those inside ``context`` first). ``context``: the (code, name_th, name_en) of the area the name was
    read in that still held several candidates, when there was one."""

    def __init__(
        self,
        text: str,
        level: str | None,
        suggestions: list[tuple[str, str, str]],
        ambiguous: bool = False,
        context: tuple[str, str, str] | None = None,
        in_context: int = 0,
    ):
        self.text, self.level, self.suggestions, self.ambiguous = text, level, suggestions, ambiguous
        self.context, self.in_context = context, in_context
        what = level or "area"
        if ambiguous and context:
            code, _, name_en = context
            msg = f"{text!r} names {in_context} {what}s in {name_en} ({code}); {self._hint_en()}"
        elif ambiguous:
            msg = f"{text!r} names several {what}s; add the province or use the code"
        else:
            msg = f"no {what} named {text!r}"
        if suggestions:
            msg += "; did you mean " + ", ".join(f"{en} ({th}, {code})" for code, th, en in suggestions) + "?"
        super().__init__(msg)

    def _hint_en(self) -> str:
        return "add the district or use the code" if self.context and len(self.context[0]) == 2 else "use the code"

    @property
    def message_th(self) -> str:
        what = _THAI_LEVEL.get(self.level or "", "พื้นที่")
        if self.ambiguous and self.context:
            code, name_th, _ = self.context
            hint = "โปรดระบุอำเภอหรือใช้รหัส" if len(code) == 2 else "โปรดใช้รหัส"
            msg = f"มี{what}ชื่อ “{self.text}” {self.in_context} แห่งใน{_THAI_LEVEL[_LEVEL_BY_LENGTH[len(code)]]}"
            msg += f"{name_th} ({code}) {hint}"
        elif self.ambiguous:
            msg = f"มี{what}ชื่อ “{self.text}” มากกว่าหนึ่งแห่ง โปรดระบุจังหวัดหรือใช้รหัส"
        else:
            msg = f"ไม่พบ{what}ชื่อ “{self.text}”"
        if self.suggestions:
            msg += " หมายถึง " + ", ".join(f"{th} ({code})" for code, th, _ in self.suggestions) + " หรือไม่"
        return msg


_THAI_LEVEL = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล"}


def implied_level(text: str) -> str | None:
    """The level the text's first word says (จังหวัด, อำเภอ, ตำบล and their short and English forms, or a trailing
    "province", "district", "subdistrict"), None when it says none."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    for level, words in _LEVEL_WORDS.items():
        if any(text.startswith(word) and len(text) > len(word) for word in words):
            return level
    for level in ("subdistrict", "province", "district"):  # " subdistrict" ends with " district": asked first
        if text.endswith(" " + level) and len(text) > len(level) + 1:
            return level
    return None


def _splits(text: str) -> list[tuple[str, str]]:
    """The ways to read a typed text as a name and the areas after it: at its first comma when it has one, else at
    each space (an English name has spaces of its own)."""
    if "," in text:
        name, _, rest = text.partition(",")
        return [(name.strip(), rest.strip())] if name.strip() and rest.strip() else []
    words = text.split()
    return [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]


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
    text = re.sub(r"\bkoh\b", "ko", text)  # "Koh Samui", as signs and maps write it, is the registry's Ko Samui
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
    def resolve(
        self, text: str, level: str | None = None, within: str | None = None, context: Iterable[str | None] = ()
    ) -> str:
        """The DOPA code for ``text``; raise AreaNotFound (with suggestions) when none or several match.

        ``within``: only areas inside it count. ``context``: the areas the name is read in, in order: the row's own
        district and province, then the writer's area (``None``, ``TH`` and unknown codes are skipped). A name found
        several times is looked up inside each in turn, the candidates narrowing to those inside it, and nationally
        last; it is ambiguous only when that does not decide, and the message lists the candidates inside the
        context first. Without a level a name shared by several levels means the highest (Chiang Mai the province).
        """
        raw = str(text).strip()
        code = self._code_form(raw)
        if code is not None and (level is None or self.level_of(code) == level):
            if within is None or self.contains(within, code):
                return code
        said = implied_level(raw)
        if said is not None and level is not None and said != level:  # "อำเภอ…" where a subdistrict is asked for
            raise AreaNotFound(raw, level, self.suggest(raw, level, within, context=context))
        level = level or said
        found = self._named(normalize_name(raw), level)
        if within:
            found = {c for c in found if self.contains(within, c)}
        if not found:
            raise AreaNotFound(raw, level, self.suggest(raw, level, within, context=context))
        narrowed, holder = self._read_in_context(found, context)
        if len(narrowed) > 1 and said is not None:
            narrowed = self._as_written(narrowed, raw)
        if len(narrowed) == 1:
            return next(iter(narrowed))
        if level is None:  # prefer the highest level: "Chiang Mai" is the province
            for lvl in LEVELS:
                at_level = [c for c in narrowed if self.level_of(c) == lvl]
                if len(at_level) == 1:
                    return at_level[0]
        candidates = sorted(narrowed) + sorted(found - narrowed)
        limit = max(5, len(narrowed))
        described = self._describe([holder])[0] if holder else None
        raise AreaNotFound(
            raw, level, self._describe(candidates[:limit]), ambiguous=True, context=described, in_context=len(narrowed)
        )

    def resolve_area(self, text: str, context: Iterable[str | None] = ()) -> str:
        """``resolve`` of an area of any level, the whole country included: ``TH`` (any case) is ``COUNTRY``, the
        code a national admin's own area has (an ``area`` parameter's documented "any area code")."""
        if str(text).strip().upper() == COUNTRY:
            return COUNTRY
        return self.resolve(text, context=context)

    def resolve_phrase(self, text: str, context: Iterable[str | None] = ()) -> str:
        """``resolve`` for what a person types in one box: a name, or a name followed by the areas it is in ("สุเทพ
        เชียงใหม่", "Suthep, Chiang Mai", "ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น"), the name then looked up inside them.
        The whole text is read as one name first. When no reading fits, the error says the candidates of a name found
        several times inside the areas typed after it, else what the whole text is closest to.

        Bounded, since anyone may type anything: at most ``MAX_PHRASE_WORDS`` words are read this way, with two
        areas after the name at most (its district and province), and a reading is tried only when each of its
        parts is a name the registry holds (a lookup, not a search for the closest names)."""
        try:
            return self.resolve(text, context=context)
        except AreaNotFound as whole:
            found = self._phrase(text, 0)
            if isinstance(found, str):
                return found
            raise (found or whole) from None

    def _phrase(self, text: str, depth: int) -> str | AreaNotFound | None:
        """The area a name followed by the areas it is in names; else the ambiguity of the first name found several
        times inside them, or None."""
        if depth >= 2 or len(text.split()) > MAX_PHRASE_WORDS:
            return None
        several = None
        for name, rest in _splits(text):
            if not self._holds(name) or (holder := self._area_of(rest, depth + 1)) is None:
                continue
            try:
                return self.resolve(name, within=holder)
            except AreaNotFound as exc:
                several = several or (exc if exc.ambiguous else None)
        return several

    def _area_of(self, text: str, depth: int) -> str | None:
        if self._holds(text):
            try:
                return self.resolve(text)
            except AreaNotFound:
                pass
        found = self._phrase(text, depth)
        return found if isinstance(found, str) else None

    def _holds(self, text: str) -> bool:
        """Whether ``text`` is a code or a name of the registry (of the level its word says, if any)."""
        return self._code_form(text) is not None or bool(self._named(normalize_name(text), implied_level(text)))

    def resolve_all(
        self, texts: Iterable[str], level: str | None = None, contexts: Iterable[tuple] | None = None
    ) -> list[str | AreaNotFound]:
        """``resolve`` for many texts (each with its own context tuple), each distinct pair once: the code, or the
        AreaNotFound it raised, for each text in order."""
        texts = list(texts)
        contexts = [()] * len(texts) if contexts is None else [tuple(c) for c in contexts]
        done: dict[tuple, str | AreaNotFound] = {}
        out: list[str | AreaNotFound] = []
        for text, context in zip(texts, contexts):
            key = (text, context)
            if key not in done:
                try:
                    done[key] = self.resolve(text, level=level, context=context)
                except AreaNotFound as exc:
                    done[key] = exc
            out.append(done[key])
        return out

    def _named(self, key: str, level: str | None) -> set[str]:
        found: set[str] = set()
        for lvl in [level] if level else LEVELS:
            found |= self._index.get((lvl, key), set())
        return found

    def _as_written(self, found: set[str], raw: str) -> set[str]:
        """Of several areas of one name written with a level's word, the one named exactly as written ("เขตจอมทอง",
        Bangkok's), else those the word fits: Bangkok's districts are เขต and its subdistricts แขวง, elsewhere อำเภอ
        and ตำบล ("อำเภอจอมทอง", Chiang Mai's); all of them when that does not narrow them."""
        text = " ".join(unicodedata.normalize("NFC", raw).split())
        exact = {c for c in found if text in (self.areas.at[c, "name_th"], self.areas.at[c, "name_en"])}
        if len(exact) == 1:
            return exact
        word = text.lower()
        if word.startswith(("อำเภอ", "อ.", "ตำบล", "ต.", "amphoe ", "tambon ")):
            fitting = {c for c in found if not c.startswith(BANGKOK)}
        elif word.startswith(("เขต", "แขวง", "khet ", "khwaeng ")):
            fitting = {c for c in found if c.startswith(BANGKOK)}
        else:
            return found
        return fitting or found

    def _read_in_context(self, found: set[str], context: Iterable[str | None]) -> tuple[set[str], str | None]:
        """The candidates left after each context area in turn (one that holds none of them is skipped), and the
        innermost area that held several of them (None when no context area held any)."""
        holder = None
        for area in context:
            if len(found) == 1:
                break
            if not area or area == COUNTRY or area not in self.areas.index:
                continue
            inside = {c for c in found if self.contains(area, c)}
            if inside:
                found, holder = inside, area
        return found, holder

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
        self,
        text: str,
        level: str | None = None,
        within: str | None = None,
        n: int = 3,
        context: Iterable[str | None] = (),
    ) -> list[tuple[str, str, str]]:
        """Up to ``n`` areas with a name close to ``text``, those inside the first ``context`` area first."""
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
        areas = [a for a in context if a and a != COUNTRY and a in self.areas.index]
        if areas:  # stable: the closest names first within each group
            codes.sort(key=lambda c: next((i for i, a in enumerate(areas) if self.contains(a, c)), len(areas)))
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
    return _LEVEL_BY_LENGTH.get(len(code)) if code.isascii() and code.isdigit() else None
