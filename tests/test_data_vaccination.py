"""Tests of data.vaccination on the real djay/covidthailand tables, plus tiny handcrafted tables."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.vaccination import COLUMNS, GROUP_MAP, file_date, province_code_lookup, read_vaccination_tables

VACCINATION_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "vaccination"
MAPPING_CSV = VACCINATION_DIR / "province_mapping.csv"
FULL_GROUPS_DATE = dt.date(2021, 10, 23)  # report with all eight groups and the Vac Given totals
CHIANG_MAI = "50"


@pytest.fixture(scope="module")
def vaccination() -> pd.DataFrame:
    return read_vaccination_tables(VACCINATION_DIR)


def write_table(directory: Path, name: str, rows: dict[str, dict[str, float]]) -> None:
    """Write a report table the way djay's files are: index (Date, Province), orient="table"."""
    date = pd.Timestamp(file_date(Path(name)))
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index = pd.MultiIndex.from_tuples([(date, province) for province in frame.index], names=["Date", "Province"])
    (directory / "vaccination_tables").mkdir(exist_ok=True)
    frame.to_json(directory / "vaccination_tables" / name, orient="table")


def tiny_dataset(tmp_path: Path) -> Path:
    shutil.copy(MAPPING_CSV, tmp_path / "province_mapping.csv")
    return tmp_path


def test_shape_and_types(vaccination: pd.DataFrame) -> None:
    assert list(vaccination.columns) == list(COLUMNS)
    assert all(isinstance(value, dt.date) for value in vaccination["as_of"])
    assert vaccination["area"].str.fullmatch(r"\d{2}").all()
    assert set(vaccination["target_group"]) == {"all", *GROUP_MAP.values()}
    assert set(vaccination["dose"]) == {1, 2, 3}
    assert vaccination["vaccinated"].dtype == np.int64
    assert vaccination["population"].dtype == pd.Int64Dtype()
    assert not vaccination.duplicated(["as_of", "area", "target_group", "dose"]).any()


def test_all_77_provinces_present(vaccination: pd.DataFrame) -> None:
    areas = set(vaccination["area"])
    assert len(areas) == 77
    assert {"10", "50"} <= areas  # Bangkok, Chiang Mai


def test_lookup_covers_alternative_spellings() -> None:
    lookup = province_code_lookup(MAPPING_CSV)
    assert lookup["bangkok"] == "10"
    assert lookup["chiangmai"] == "50"
    assert lookup["krungthepmahanakhon"] == "10"
    assert set(lookup.values()) >= {"10", "50"} and len(set(lookup.values())) == 77


def test_as_of_is_the_file_name_date(vaccination: pd.DataFrame) -> None:
    from_name = vaccination["source_file"].str.extract(r"\.(\d{4}-\d{2}-\d{2})\.json$")[0]
    assert (vaccination["as_of"].map(dt.date.isoformat) == from_name).all()
    assert vaccination["as_of"].nunique() == 26


def test_eight_groups_sum_to_the_total(vaccination: pd.DataFrame) -> None:
    rows = vaccination[
        (vaccination["as_of"] == FULL_GROUPS_DATE) & (vaccination["area"] == CHIANG_MAI) & (vaccination["dose"] == 1)
    ].set_index("target_group")["vaccinated"]
    groups = rows.drop("all")
    assert set(groups.index) == set(GROUP_MAP.values())
    assert groups.sum() == rows["all"] == 983_111  # the source is exact here


def test_dose_2_not_above_dose_1_for_all(vaccination: pd.DataFrame) -> None:
    rows = vaccination[
        (vaccination["as_of"] == FULL_GROUPS_DATE)
        & (vaccination["area"] == CHIANG_MAI)
        & (vaccination["target_group"] == "all")
    ].set_index("dose")
    assert rows.loc[1, "vaccinated"] == 983_111
    assert rows.loc[2, "vaccinated"] == 666_431
    assert rows.loc[2, "vaccinated"] <= rows.loc[1, "vaccinated"]
    assert rows.loc[1, "population"] == 1_729_353


def test_no_synthesised_total_without_vac_given(vaccination: pd.DataFrame) -> None:
    for date in (dt.date(2021, 8, 30), dt.date(2021, 9, 23)):
        on_date = vaccination[vaccination["as_of"] == date]
        assert len(on_date) > 0
        assert "all" not in set(on_date["target_group"])


def test_denominators_only_where_the_source_has_them(vaccination: pd.DataFrame) -> None:
    with_population = set(vaccination.loc[vaccination["population"].notna(), "target_group"])
    assert with_population == {"all", "elderly", "chronic_disease", "medical_staff"}
    may_2021 = vaccination[vaccination["as_of"] < dt.date(2021, 6, 1)]
    assert may_2021["population"].isna().all()  # 2021-05 reports give % of allocation, no population


def test_unmappable_province_raises_with_its_name(tmp_path: Path) -> None:
    directory = tiny_dataset(tmp_path)
    write_table(
        directory,
        "tiny.2021-10-23.json",
        {"Chiang Mai": {"Vac Given 1 Cum": 10.0}, "Atlantis": {"Vac Given 1 Cum": 5.0}},
    )
    with pytest.raises(ValueError, match="Atlantis") as error:
        read_vaccination_tables(directory)
    assert "tiny.2021-10-23.json" in str(error.value)


def test_nan_dropped_and_zero_population_kept_na(tmp_path: Path) -> None:
    directory = tiny_dataset(tmp_path)
    write_table(
        directory,
        "tiny.2021-10-23.json",
        {
            "Chiang Mai": {"Vac Given 1 Cum": 10.0, "Vac Given 2 Cum": np.nan, "Vac Population": 0.0},
            "Bangkok": {"Vac Given 1 Cum": 20.0, "Vac Given 2 Cum": 15.0, "Vac Population": 100.0},
        },
    )
    table = read_vaccination_tables(directory).set_index(["area", "dose"])
    assert len(table) == 3
    assert (CHIANG_MAI, 2) not in table.index
    assert pd.isna(table.loc[(CHIANG_MAI, 1), "population"])
    assert table.loc[("10", 1), "population"] == 100
    assert table.loc[("10", 2), "vaccinated"] == 15


def test_duplicate_key_raises(tmp_path: Path) -> None:
    directory = tiny_dataset(tmp_path)
    for name in ("a.2021-10-23.json", "b.2021-10-23.json"):
        write_table(directory, name, {"Chiang Mai": {"Vac Given 1 Cum": 10.0}})
    with pytest.raises(ValueError, match="duplicate"):
        read_vaccination_tables(directory)
