"""Map frames: coverage per area from the latest report on or before a date, and an honest summary."""

import datetime as dt

import pytest

from data.views import coverage_map_frame, summarize_coverage


@pytest.fixture(scope="module")
def conn(demo_state):
    with demo_state.engine.connect() as connection:
        yield connection


def test_a_partial_report_falls_back_to_each_provinces_earlier_report(conn, demo_state):
    day = dt.date(2022, 2, 6)  # this report covers only 26 provinces
    frame = coverage_map_frame(conn, demo_state.registry, "province", "all", 1, day, "th")
    counts = summarize_coverage(frame, day)
    assert counts == {"with_data": 77, "earlier": 51, "missing": 0, "shown": day}


def test_a_group_without_reports_has_no_data_anywhere(conn, demo_state):
    frame = coverage_map_frame(conn, demo_state.registry, "province", "bedridden", 1, None, "en")
    assert summarize_coverage(frame, None)["with_data"] == 0


def test_district_level_shows_the_province_figure_and_says_so(conn, demo_state):
    frame = coverage_map_frame(conn, demo_state.registry, "district", "all", 1, dt.date(2021, 10, 23), "en")
    assert len(frame) == 928
    mueang = frame.set_index("code").loc["5001"]
    assert mueang["vaccinated"] == 983_111 and "province figure (Chiang Mai)" in mueang["note"]


def test_complementary_suppression_leaves_nothing_to_work_back():
    import pandas as pd

    from data.metrics import suppressed_cells

    groups = pd.Series(["50", "50", "50", "50", "10", "10", "10"])
    counts = pd.Series([1, 0, 7, 9, 12, 30, 3])
    hidden = suppressed_cells(groups, counts, 5).tolist()
    # Chiang Mai: the 1 is hidden, then the smallest others until two are hidden summing to at least 5: 0 and 7
    assert hidden == [True, True, True, False, True, False, True]
    for group in ("50", "10"):
        part = [(c, h) for g, c, h in zip(groups, counts, hidden) if g == group]
        hidden_counts = [c for c, h in part if h]
        assert len(hidden_counts) >= 2 and sum(hidden_counts) >= 5
    nothing_small = pd.Series([0, 6, 8])
    assert suppressed_cells(pd.Series(["1", "1", "1"]), nothing_small, 5).tolist() == [False, False, False]


def test_no_public_district_count_between_1_and_4(conn, demo_state):
    from data.metrics import MetricQuery, metric_frame

    frame = metric_frame(conn, demo_state.registry, MetricQuery(level="district", metric="unvaccinated_per_1000"))
    visible = frame["count"].dropna()
    assert not ((visible >= 1) & (visible <= 4)).any()
    hidden = frame[frame["note"] == "suppressed"]
    per_province = hidden.groupby(hidden["code"].str[:2]).size()
    assert (per_province >= 2).all()  # never a single hidden district in a province
