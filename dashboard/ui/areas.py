"""Areas as people read them: by name, never by a bare code."""

from __future__ import annotations

from dashboard.i18n import t
from geo.thai import localized

COUNTRY = "TH"


def area_label(registry, code: str | None, lang: str, *, with_code: bool = True) -> str:
    """เชียงใหม่ (50) / Chiang Mai (50); the whole country for ``TH``; "–" for none; an unknown code as itself."""
    if not code:
        return "–"
    if code == COUNTRY:
        name = t("area.country", lang)
    else:
        row = registry.get(code)
        if row is None:
            return code
        name = localized(row, lang)
    return f"{name} ({code})" if with_code else name


def area_path(registry, code: str, lang: str) -> str:
    """ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่ / Suthep, Mueang Chiang Mai, Chiang Mai: the area and those above it.

    Bangkok's districts and subdistricts are เขต and แขวง, written without the abbreviations of the provinces.
    """
    parts = []
    for part in dict.fromkeys(code[:n] for n in (len(code), 4, 2) if n <= len(code)):
        row = registry.get(part)
        if row is None:
            continue
        if lang == "th":
            bangkok = part.startswith("10")
            prefix = {2: "" if bangkok else "จ.", 4: "" if bangkok else "อ.", 6: "แขวง" if bangkok else "ต."}[len(part)]
            parts.append(prefix + row["name_th"])
        else:
            parts.append(localized(row, lang) + (f" ({row['level']})" if part == code else ""))
    return (" " if lang == "th" else ", ").join(parts) or code


def area_options(registry, level: str, parent: str | None, lang: str) -> list[dict]:
    """Dropdown options of the areas of ``level`` inside ``parent``: the name in the chosen language, then the other."""
    if level != "province" and not parent:
        return []
    table = registry.frame(level, parent)
    first, second = ("name_th", "name_en") if lang == "th" else ("name_en", "name_th")
    options = [{"label": f"{row[first]} ({row[second]})", "value": code} for code, row in table.iterrows()]
    return sorted(options, key=lambda o: o["label"]) if level == "province" else options
