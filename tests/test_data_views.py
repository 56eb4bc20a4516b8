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
