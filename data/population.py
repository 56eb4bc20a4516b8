"""Registered population (DOPA ทะเบียนราษฎร, 31 December of each year) by province and district.

Source: the derived tables in the shared population folder (see its SOURCE.md): provinces for Dec 2020, 2022, 2023,
2024; districts for Dec 2020 only. Used as the "people who really live here" denominator beside MOPH's target
population, which also counts non-registered residents.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from data import versions
from data.schema import population

POPULATION_DIR = Path("population") / "derived"
PROVINCE_FILE = "province_population_dopa_2563_2565_2566_2567.csv"
DISTRICT_FILE = "district_population_dopa_2563.csv"
SOURCE = "DOPA registered population (stat.bora.dopa.go.th)"
_YEAR_COLUMNS = {"pop_2563_dec2020": 2020, "pop_2565_dec2022": 2022, "pop_2566_dec2023": 2023, "pop_2567_dec2024": 2024}


def read_dopa_population(source_dir: Path) -> pd.DataFrame:
    """Columns area, as_of (date), population, source: one row per area and registration date."""
    folder = Path(source_dir) / POPULATION_DIR
    frames = []
    for name in (PROVINCE_FILE, DISTRICT_FILE):
        table = pd.read_csv(folder / name, dtype={"dopa_code": str})
        for column, year in _YEAR_COLUMNS.items():
            if column in table:
                frames.append(
                    pd.DataFrame(
                        {
                            "area": table["dopa_code"].str.zfill(2 if name == PROVINCE_FILE else 4),
                            "as_of": dt.date(year, 12, 31),
                            "population": table[column].astype("int64"),
                            "source": SOURCE,
                        }
                    )
                )
    return pd.concat(frames, ignore_index=True)


def ensure_population(engine: sa.Engine, source_dir: Path) -> int:
    """Load the DOPA figures once (reference data, not demo data); 0 when present or when the files are absent."""
    if not (Path(source_dir) / POPULATION_DIR / PROVINCE_FILE).is_file():
        return 0
    with engine.begin() as conn:
        if conn.execute(sa.select(population.c.id).limit(1)).first():
            return 0
        return load_population(conn, read_dopa_population(source_dir))


def load_population(conn: sa.Connection, frame: pd.DataFrame) -> int:
    rows = frame.to_dict("records")
    conn.execute(sa.insert(population), rows)
    versions.bump(conn, "population")
    return len(rows)


def registered_population(conn: sa.Connection, codes: list[str], as_of: dt.date | None) -> pd.DataFrame:
    """Per code: the latest registration on or before ``as_of`` (else the earliest there is): code, population, as_of."""
    c = population.c
    rows = conn.execute(sa.select(c.area, c.as_of, c.population).where(c.area.in_(codes))).all()
    frame = pd.DataFrame(rows, columns=["code", "as_of", "population"])
    if frame.empty:
        return pd.DataFrame(columns=["code", "population", "as_of"])
    frame = frame.sort_values(["code", "as_of"])
    if as_of is not None:
        before = frame[frame["as_of"] <= as_of]
        earliest = frame.drop_duplicates("code", keep="first")
        chosen = pd.concat([before.drop_duplicates("code", keep="last"), earliest]).drop_duplicates(
            "code", keep="first"
        )
    else:
        chosen = frame.drop_duplicates("code", keep="last")
    return chosen[["code", "population", "as_of"]].reset_index(drop=True)
