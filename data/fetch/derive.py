"""The derived population tables, rebuilt byte for byte from the raw tables and the DOPA codes of ``geothai``.

How they were first made (population/SOURCE.md, section 3): Thai province names of the raw tables joined to
geothai's provinces (the names match DOPA's exactly); the district names of the 2020 table (wevis) joined to
geothai's districts of the same province, where Bangkok's districts carry the prefix "เขต" in geothai and not in
the table, and one district is shortened in the table (สนามชัย = สนามชัยเขต, 2408). Sums of the people (and
households) of every row; numbers written without separators, rows in code order, ``\\n`` line ends, UTF-8.

The bytes depend on the geothai release (requirements.txt pins 3.2.1); with another release a changed name shows
as a checksum mismatch naming the file, never as silently different data.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WEVIS = "population/wevis_dopa_2563/populations.csv"
CEDT = "population/cedt_dopa_2565_2567/population_subdistrict_{year}.csv"
CEDT_YEARS = ((2565, 2022), (2566, 2023), (2567, 2024))


class DeriveError(ValueError):
    """A raw table does not join as the recipe expects (a name geothai does not know)."""


@dataclass(frozen=True)
class Recipe:
    output: str
    inputs: tuple[str, ...]
    build: Callable[[Path], bytes]


def _number(text: str) -> int:
    return int(text.replace(",", "").strip())


def _rows(folder: Path, path: str) -> list[dict[str, str]]:
    with open(folder / path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _province_code(name: str) -> str:
    import geothai

    for province in geothai.provinces():
        if province.name_th == name:
            return province.code
    raise DeriveError(f"province {name!r} is not a DOPA province name in geothai")


def _district_code(province_code: str, name: str) -> str:
    import geothai

    districts = geothai.districts(province_code)
    for district in districts:
        if name in (district.name_th, district.name_th.removeprefix("เขต")):
            return district.code
    prefixed = [d for d in districts if d.name_th.startswith(name)]
    if len(prefixed) == 1:  # สนามชัย: สนามชัยเขต
        return prefixed[0].code
    raise DeriveError(f"district {name!r} of province {province_code} is not in geothai")


def province_table(folder: Path) -> bytes:
    import geothai

    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in _rows(folder, WEVIS):
        totals[_province_code(row["province"])]["pop_2563_dec2020"] += _number(row["population"])
    columns = ["pop_2563_dec2020"]
    for year, ad in CEDT_YEARS:
        columns += [f"pop_{year}_dec{ad}", f"households_{year}_dec{ad}"]
        for row in _rows(folder, CEDT.format(year=year)):
            code = _province_code(row["province-name"])
            totals[code][f"pop_{year}_dec{ad}"] += _number(row["total"])
            totals[code][f"households_{year}_dec{ad}"] += _number(row["household"])
    rows = [
        [p.code, f"TH{p.code}", f"TH-{p.code}", p.name_th, p.name_en, *(totals[p.code][c] for c in columns)]
        for p in geothai.provinces()
    ]
    return _csv(["dopa_code", "adm1_pcode", "iso3166_2", "name_th", "name_en", *columns], rows)


def district_table(folder: Path) -> bytes:
    import geothai

    totals: dict[str, int] = defaultdict(int)
    for row in _rows(folder, WEVIS):
        totals[_district_code(_province_code(row["province"]), row["district"])] += _number(row["population"])
    rows = []
    for code in sorted(totals):
        district = geothai.district(code)
        rows.append([code, f"TH{code}", code[:2], district.name_th, district.name_en, totals[code]])
    return _csv(["dopa_code", "adm2_pcode", "province_code", "name_th", "name_en", "pop_2563_dec2020"], rows)


RECIPES = {
    "population-province": Recipe(
        "population/derived/province_population_dopa_2563_2565_2566_2567.csv",
        (WEVIS, *(CEDT.format(year=y) for y, _ in CEDT_YEARS)),
        province_table,
    ),
    "population-district-2563": Recipe(
        "population/derived/district_population_dopa_2563.csv", (WEVIS,), district_table
    ),
}
