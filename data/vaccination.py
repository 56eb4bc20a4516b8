"""COVID-19 vaccination by province, target group and dose, from djay/covidthailand's per-province tables.

Source: ``vaccination_tables/*.json`` in the shared vaccination data directory, byte-for-byte copies of
djay/covidthailand ``tests/vaccination_tables/`` (CC BY 4.0, "djay/covidthailand (Dylan Jay and contributors)"),
parsed from the Thai MOPH / DDC vaccination reports. See ``SOURCE.md`` next to the data.

Each file is one report, written by pandas ``to_json(orient="table")`` and named ``<anything>.YYYY-MM-DD.json``.
:func:`read_vaccination_tables` turns all of them into one long table with the columns of :data:`COLUMNS`:

* ``as_of`` (``datetime.date``): the date in the file name, i.e. the report date. The files also carry a ``Date``
  index level; it is ignored because it is not always uniform within a report (the 2021-07-20 report has 24
  provinces dated 2021-07-19).
* ``area``: the 2-digit DOPA province code (``ISO[7]`` ``TH-xx`` of ``province_mapping.csv``).
* ``target_group``: ``"all"`` from ``Vac Given N Cum``, otherwise :data:`GROUP_MAP` of ``Vac Group {G} N Cum``.
* ``dose`` (1..3) and ``vaccinated``: cumulative people with at least that many doses. Doses 4 and over (2022
  reports) are outside this table.
* ``population`` (nullable ``Int64``): the MOPH target population that the report itself gives for that group
  (:data:`POPULATION_COLUMNS`), NA where the report gives none or gives 0. No denominator is ever made up.
* ``source_file``: the file name.

Honesty rules: a value that is NaN in the source gives no row; a province name that cannot be mapped raises
:class:`ValueError`; two source values for one (as_of, area, target_group, dose) raise :class:`ValueError`.
Reports that have group counts but no ``Vac Given N Cum`` totals (2021-08-30, 2021-09-23) get no ``"all"`` rows:
the total is not synthesised from the groups (those reports lack the ``Student`` group, and a sum would be a
figure the source never published).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pandas as pd

ATTRIBUTION_EN = (
    "Vaccination: Thai MOPH/DDC reports, parsed by djay/covidthailand (Dylan Jay and contributors), CC BY 4.0"
)

GROUP_MAP: dict[str, str] = {
    "Over 60": "elderly",
    "Risk: Location": "general",
    "Student": "student_12_18",
    "Medical Staff": "medical_staff",
    "Health Volunteer": "health_volunteer",
    "Other Frontline Staff": "frontline_staff",
    "Risk: Disease": "chronic_disease",
    "Risk: Pregnant": "pregnant",
}
ALL_GROUP = "all"
DOSES: tuple[int, ...] = (1, 2, 3)

# target_group -> the source column holding its MOPH target population
POPULATION_COLUMNS: dict[str, str] = {
    ALL_GROUP: "Vac Population",
    "elderly": "Vac Population Over 60s",
    "chronic_disease": "Vac Population Risk: Disease",
    "medical_staff": "Vac Population Medical Staff",
}

COLUMNS: tuple[str, ...] = ("as_of", "area", "target_group", "dose", "vaccinated", "population", "source_file")
KEY: list[str] = ["as_of", "area", "target_group", "dose"]

TABLES_SUBDIR = "vaccination_tables"
MAPPING_FILE = "province_mapping.csv"

_FILE_DATE = re.compile(r"\.(\d{4}-\d{2}-\d{2})\.json$")
_TOTAL_COLUMN = re.compile(r"^Vac Given (\d+) Cum$")
_GROUP_COLUMN = re.compile(r"^Vac Group (.+) (\d+) Cum$")
_ISO_CODE = re.compile(r"^TH-(\d{2})$")
_IGNORED_IN_NAMES = re.compile(r"[\s\-_.'’]+")


def normalise_name(name: str) -> str:
    """Compare-key of a province name: Unicode NFKC, case-folded, without spaces, hyphens, dots or apostrophes."""
    return _IGNORED_IN_NAMES.sub("", unicodedata.normalize("NFKC", str(name))).casefold()


def province_code_lookup(mapping_csv: Path) -> dict[str, str]:
    """Map every normalised ``Name`` and ``Alt_names`` entry of ``province_mapping.csv`` to its 2-digit code.

    Rows without a ``TH-xx`` code (``Prison``, ``Unknown``) are not provinces and are left out. Raises
    :class:`ValueError` if one normalised name would point at two different codes.
    """
    mapping = pd.read_csv(mapping_csv, dtype=str, keep_default_na=False)
    lookup: dict[str, str] = {}
    for name, iso, alt_names in zip(mapping["Name"], mapping["ISO[7]"], mapping["Alt_names"]):
        match = _ISO_CODE.match(iso.strip())
        if match is None:
            continue
        code = match.group(1)
        names = [name, *(ast.literal_eval(alt_names) if alt_names.strip() else [])]
        for alias in names:
            key = normalise_name(alias)
            if lookup.setdefault(key, code) != code:
                raise ValueError(f"{mapping_csv}: name {alias!r} maps to both {lookup[key]} and {code}")
    return lookup


def file_date(path: Path) -> dt.date:
    """The data date at the end of a table file name (``<anything>.YYYY-MM-DD.json``)."""
    match = _FILE_DATE.search(Path(path).name)
    if match is None:
        raise ValueError(f"{Path(path).name}: file name does not end with .YYYY-MM-DD.json")
    return dt.date.fromisoformat(match.group(1))


def value_columns(columns: list[str]) -> dict[tuple[str, int], str]:
    """(target_group, dose) -> source column, for doses in :data:`DOSES`; unknown group names raise."""
    found: dict[tuple[str, int], str] = {}
    for column in columns:
        if total := _TOTAL_COLUMN.match(column):
            group, dose = ALL_GROUP, int(total.group(1))
        elif by_group := _GROUP_COLUMN.match(column):
            if by_group.group(1) not in GROUP_MAP:
                raise ValueError(f"unknown vaccination target group in column {column!r}")
            group, dose = GROUP_MAP[by_group.group(1)], int(by_group.group(2))
        else:
            continue
        if dose in DOSES:
            found[(group, dose)] = column
    return found


def map_provinces(provinces: pd.Series, lookup: dict[str, str], source: str) -> pd.Series:
    """Province names -> 2-digit codes; the first name that cannot be mapped raises, naming ``source``."""
    codes = provinces.map(lambda name: lookup.get(normalise_name(name)))
    unmapped = provinces[codes.isna()]
    if len(unmapped):
        raise ValueError(f"{source}: cannot map province {unmapped.iloc[0]!r} to a province code")
    return codes.astype(str)


def _whole_numbers(values: pd.Series, what: str) -> pd.Series:
    """Float counts -> Int64, refusing fractions and negatives (they would be parse errors, not counts)."""
    bad = values.notna() & ((values % 1 != 0) | (values < 0))
    if bad.any():
        raise ValueError(f"{what}: not a count: {values[bad].iloc[0]!r}")
    return values.astype("Int64")


def tidy_table(table: pd.DataFrame, as_of: dt.date, lookup: dict[str, str], source_file: str) -> pd.DataFrame:
    """One wide report table (index or column ``Province``) -> long rows of :data:`COLUMNS`."""
    wide = table.reset_index()
    if "Province" not in wide:
        raise ValueError(f"{source_file}: no Province column or index level")
    areas = map_provinces(wide["Province"], lookup, source_file)
    parts = []
    for (group, dose), column in value_columns(list(wide.columns)).items():
        population_column = POPULATION_COLUMNS.get(group)
        if population_column in wide:
            population = _whole_numbers(wide[population_column], f"{source_file} {population_column}")
            population = population.mask(population == 0)
        else:
            population = pd.Series(pd.NA, index=wide.index, dtype="Int64")
        parts.append(
            pd.DataFrame(
                {
                    "area": areas,
                    "target_group": group,
                    "dose": dose,
                    "vaccinated": _whole_numbers(wide[column], f"{source_file} {column}"),
                    "population": population,
                }
            )
        )
    if not parts:
        return _empty()
    long = pd.concat(parts, ignore_index=True).dropna(subset=["vaccinated"])
    long.insert(0, "as_of", as_of)
    long["source_file"] = source_file
    return long


def _empty() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS})


def check_unique(frame: pd.DataFrame) -> None:
    """Raise :class:`ValueError` if two rows share (as_of, area, target_group, dose), naming their files."""
    duplicated = frame.duplicated(KEY, keep=False)
    if duplicated.any():
        clash = frame[duplicated].sort_values(KEY).head(2)
        raise ValueError(
            f"duplicate vaccination rows for {clash.iloc[0][KEY].to_dict()} from {sorted(set(clash['source_file']))}"
        )


def read_vaccination_tables(vaccination_dir: Path, mapping_csv: Path | None = None) -> pd.DataFrame:
    """Read every ``vaccination_dir/vaccination_tables/*.json`` into one long table (see the module docstring).

    ``mapping_csv`` defaults to ``vaccination_dir/province_mapping.csv``. Raises :class:`FileNotFoundError` if
    there is no table file, :class:`ValueError` on an unmappable province (naming file and province), a file
    name without a date, a non-count value, or a duplicate key. Reports without ``Vac Given N Cum`` totals
    (2021-08-30, 2021-09-23) have no ``"all"`` rows: totals are never synthesised from the groups.
    """
    vaccination_dir = Path(vaccination_dir)
    lookup = province_code_lookup(mapping_csv or vaccination_dir / MAPPING_FILE)
    paths = sorted((vaccination_dir / TABLES_SUBDIR).glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"no vaccination table files in {vaccination_dir / TABLES_SUBDIR}")
    frames = [tidy_table(pd.read_json(path, orient="table"), file_date(path), lookup, path.name) for path in paths]
    long = pd.concat(frames, ignore_index=True)
    check_unique(long)
    long = long.astype({"dose": "int64", "vaccinated": "int64", "population": "Int64"})
    return long.sort_values(KEY, ignore_index=True)[list(COLUMNS)]
