"""The demo's district breakdown (data/demo_districts.py): exact sums, shares by registered population, the same
seed the same breakdown."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from data.demo_districts import district_breakdown, district_weights, split_exactly

DAY = dt.date(2021, 12, 21)
REGISTERED = pd.Series({"5001": 600.0, "5002": 300.0, "5003": 100.0, "1001": 50.0, "1002": None})


def facts(*rows) -> pd.DataFrame:
    columns = ["as_of", "area", "target_group", "dose", "vaccinated", "population", "source_file"]
    frame = pd.DataFrame([(DAY, *r, "report.json") for r in rows], columns=columns)
    frame["population"] = frame["population"].astype("Int64")
    return frame


def test_largest_remainders_add_up_to_each_total_by_hand():
    # 10 by 1:1:1 is 3.33 each: the remainder goes to the first; 7 by 6:3:1 is 4.2, 2.1, 0.7: the third gets one
    out = split_exactly(np.array([10, 7, 0]), np.array([1.0, 1.0, 1.0]))
    assert out.tolist()[0] == [4, 3, 3] and out[2].tolist() == [0, 0, 0]
    assert split_exactly(np.array([7]), np.array([6.0, 3.0, 1.0])).tolist() == [[4, 2, 1]]


@pytest.mark.parametrize("total", [0, 1, 13, 93_248, 10_036_428])
def test_any_total_is_split_exactly(total):
    weights = np.random.default_rng(1).random(50) + 0.01
    assert split_exactly(np.array([total]), weights).sum() == total


def test_every_province_fact_is_split_over_its_districts_and_adds_up():
    frame = facts(
        ("50", "all", 1, 1_000_003, 1_200_000), ("50", "student_12_18", 1, 93_248, None), ("10", "all", 1, 77, 90)
    )
    rows = district_breakdown(frame, REGISTERED, seed=7)
    assert set(rows["area"]) == {"5001", "5002", "5003", "1001", "1002"}
    by = rows.groupby([rows["area"].str[:2], "target_group"])
    assert by["vaccinated"].sum().to_dict() == {
        ("10", "all"): 77,
        ("50", "all"): 1_000_003,
        ("50", "student_12_18"): 93_248,
    }
    population = rows[(rows["area"].str[:2] == "50") & (rows["target_group"] == "all")].set_index("area")["population"]
    assert population.to_dict() == {"5001": 720_000, "5002": 360_000, "5003": 120_000}  # by registration alone
    assert rows.loc[rows["target_group"] == "student_12_18", "population"].isna().all()  # none made up
    bangkok = rows[rows["area"].str[:2] == "10"].set_index("area")["population"]
    assert bangkok.sum() == 90 and bangkok["1002"] > 0  # a district without registration weighs as the average


def test_the_same_seed_gives_the_same_breakdown_and_another_seed_another():
    frame = facts(("50", "all", 1, 1_000_003, 1_200_000))
    first = district_breakdown(frame, REGISTERED, seed=2564)
    assert first.equals(district_breakdown(frame, REGISTERED, seed=2564))
    assert not first["vaccinated"].equals(district_breakdown(frame, REGISTERED, seed=1)["vaccinated"])
    weights = district_weights(REGISTERED, seed=2564)
    assert list(weights.index) == sorted(REGISTERED.index)  # the factors follow the codes, not the input's order
