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


def test_no_public_count_between_1_and_4_at_any_level(conn, demo_state):
    """The public sees every count of people found rounded to 5 (1 to 4 hidden), at province level too, and the rate
    computed from the rounded count; the exact frame stays exact (data/disclosure.py)."""
    from data.disclosure import PUBLIC
    from data.metrics import MetricQuery, metric_frame, public_frame

    for level, group in (("province", "bedridden"), ("district", "all")):  # each with counts from 1 to 4 in the demo
        query = MetricQuery(level=level, metric="unvaccinated_per_1000", group=group)
        exact = metric_frame(conn, demo_state.registry, query)
        frame = public_frame(exact, query, PUBLIC)
        visible = frame["count"].dropna().astype(int)
        assert (visible % 5 == 0).all()
        hidden = frame["note"] == "suppressed"
        assert hidden.any() and frame.loc[hidden, "value"].isna().all() and frame.loc[hidden, "count"].isna().all()
        assert exact.loc[hidden, "count"].between(1, 4).all()
        rates = frame.dropna(subset=["value"])
        assert ((rates["count"] / rates["population"] * 1000).round(4) == rates["value"]).all()
