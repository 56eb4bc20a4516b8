"""The statistics page's measures, classes and legend, on frames that can be checked on paper."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from layers.classify import NO_DATA_COLOR
from layers.progress_map import (
    legend_entries,
    measure_classes,
    measure_frame,
    measure_values,
    progress_figure,
    progress_ranking,
    totals,
)

TODAY = dt.date(2026, 11, 26)
LABELS = {"days": " days", "no_value": "no data", "detail": "{surveys_7d} · {updated} · {coordinators}"}


@pytest.fixture
def stats() -> pd.DataFrame:
    """Three provinces: busy, quiet (nothing ever), half-way."""
    return pd.DataFrame(
        {
            "code": ["10", "50", "90"],
            "name_th": ["กรุงเทพมหานคร", "เชียงใหม่", "สงขลา"],
            "name_en": ["Bangkok", "Chiang Mai", "Songkhla"],
            "region": ["Bangkok Metropolitan Region", "Northern", "Southern"],
            "volunteers": [4, 0, 2],
            "volunteers_active_7d": [3, 0, 1],
            "surveys": [1200, 0, 10],
            "surveys_7d": [30, 0, 10],
            "synthetic_surveys": [0, 0, 10],
            "unvaccinated_found": [7, 0, 2],
            "facilities": [10, 0, 4],
            "facilities_updated_7d_pct": [50.0, np.nan, 25.0],
            "districts": [50, 25, 16],
            "districts_with_coordinator": [50, 0, 4],
            "last_activity": pd.to_datetime(["2026-11-26T01:00:00Z", None, "2026-11-16T01:00:00Z"], utc=True),
        }
    )


def test_measures(stats):
    assert measure_values(stats, "surveys_7d", TODAY).tolist() == [30, 0, 10]
    assert measure_values(stats, "coordinator_pct", TODAY).tolist() == [100.0, 0.0, 25.0]
    days = measure_values(stats, "days_since_activity", TODAY)
    assert days[0] == 0 and np.isnan(days[1]) and days[2] == 10
    assert np.isnan(measure_values(stats, "facilities_updated_7d_pct", TODAY)[1])  # no facilities: no share
    with pytest.raises(ValueError, match="unknown measure 'volume'"):
        measure_values(stats, "volume", TODAY)


def test_value_labels_and_hover(stats):
    frame = measure_frame(stats, "days_since_activity", TODAY, "en", LABELS)
    assert frame["name"].tolist() == ["Bangkok", "Chiang Mai", "Songkhla"]
    assert frame["value_label"].tolist() == ["0 days", "no data", "10 days"]
    assert frame["detail_text"][0] == "30 · 50.0% · 50 / 50"
    assert frame["detail_text"][1] == "0 · – · 0 / 25"
    shares = measure_frame(stats, "facilities_updated_7d_pct", TODAY, "th", LABELS)
    assert shares["value_label"].tolist() == ["50.0%", "no data", "25.0%"]
    assert shares["name"][1] == "เชียงใหม่"


def test_darker_is_better_for_every_measure(stats):
    more = measure_classes(pd.Series([1.0, 2.0, 3.0]), "surveys_7d")
    fewer_days = measure_classes(pd.Series([1.0, 2.0, 3.0]), "days_since_activity")
    assert more.colors == list(reversed(fewer_days.colors))
    assert more.colors[more.index[2]] == fewer_days.colors[fewer_days.index[0]]  # 3 surveys ~ 1 day: both darkest


def test_equal_values_leave_no_empty_class_and_the_legend_reads_whole_numbers():
    values = pd.Series([0, 0, 0, 0, 0, 0, 0, 2, 3, 5, 8, 13, np.nan])
    classes = measure_classes(values, "surveys_7d")
    assert all(classes.counts) and sum(classes.counts) == 12 and classes.no_data == 1
    rows = legend_entries(classes, "surveys_7d", "no data")
    assert rows[0]["label"] == "0" and rows[0]["count"] == 7
    assert rows[-1] == {"color": NO_DATA_COLOR, "label": "no data", "count": 1}
    for before, after in zip(rows[:-2], rows[1:-1]):  # whole numbers: the next class starts one above
        assert int(after["label"].split(" – ")[0]) == int(before["label"].split(" – ")[-1]) + 1


def test_the_map_draws_the_region_and_fades_the_rest(stats):
    frame = measure_frame(stats.iloc[1:], "surveys_7d", TODAY, "en", LABELS)
    classes = measure_classes(frame["value"], "surveys_7d")
    figure = progress_figure(frame, classes, "/g.geojson", {"center": {"lat": 13, "lon": 101}, "zoom": 5}, ["10"])
    context, main = figure.data
    assert (context.name, list(context.locations)) == ("context", ["10"])
    assert (main.name, list(main.locations)) == ("progress", ["50", "90"])
    assert figure.layout.map.style == "white-bg" and main.geojson == "/g.geojson"
    assert main.customdata[1][0] == "Songkhla"


def test_the_ranking_puts_the_provinces_to_follow_up_at_the_top(stats):
    frame = measure_frame(stats, "days_since_activity", TODAY, "en", LABELS)
    figure = progress_ranking(
        frame, measure_classes(frame["value"], "days_since_activity"), "days_since_activity", "Days", "hint"
    )
    assert figure.layout.yaxis.autorange is True  # most days without activity first
    frame = measure_frame(stats, "surveys_7d", TODAY, "en", LABELS)
    figure = progress_ranking(frame, measure_classes(frame["value"], "surveys_7d"), "surveys_7d", "Surveys", "hint")
    assert figure.layout.yaxis.autorange == "reversed" and list(figure.data[0].y)[0] == "Chiang Mai"


def test_totals(stats):
    figures = totals(stats)
    assert figures["provinces"] == 3 and figures["provinces_active_7d"] == 2
    assert figures["surveys"] == 1210 and figures["synthetic_surveys"] == 10
    assert figures["facilities_updated_7d_pct"] == round(100 * 6 / 14, 1)  # 5 of 10 and 1 of 4
    assert (figures["districts_with_coordinator"], figures["districts"]) == (54, 91)
