"""Coverage choropleth: over 100 % and missing denominators are shown as such, never capped or hidden."""

import datetime as dt

import pandas as pd

from layers.choropleth import choropleth_traces, coverage_hover

LABELS = {
    "coverage": "Coverage",
    "coverage_axis": "Coverage",
    "vaccinated": "Vaccinated",
    "population": "Target",
    "no_population": "no target population in this report",
    "no_data": "no data",
    "over_100": "over 100%: explained",
    "as_of": "As of",
}
DAY = dt.date(2021, 10, 23)


def frame():
    return pd.DataFrame(
        {
            "code": ["10", "50", "96", "58"],
            "name": ["Bangkok", "Chiang Mai", "Narathiwat", "Mae Hong Son"],
            "vaccinated": [9_000_000, 983_111, 1000, None],
            "population": pd.array([7_700_000, 1_729_353, None, None], dtype="Int64"),
            "coverage_pct": pd.array([116.88, 56.85, None, None], dtype="Float64"),
            "as_of": [DAY, DAY, DAY, None],
        }
    )


def test_hover_states_over_100_missing_denominator_and_no_data():
    texts = coverage_hover(frame(), LABELS, lambda d: d.isoformat())
    assert "116.9%" in texts[0] and "over 100%" in texts[0]
    assert "56.8%" in texts[1] or "56.9%" in texts[1]
    assert "983,111" in texts[1] and "1,729,353" in texts[1] and "2021-10-23" in texts[1]
    assert "no target population" in texts[2] and "1,000" in texts[2]
    assert texts[3].endswith("no data")


def test_areas_without_a_value_form_an_explicit_grey_no_data_class():
    valued, missing = choropleth_traces(frame(), "/g.geojson", LABELS)
    assert list(valued.locations) == ["10", "50"]
    assert list(valued.z) == [116.88, 56.85]  # the value is not capped; only the colour saturates
    assert list(missing.locations) == ["96", "58"] and missing.showlegend
    assert valued.geojson == "/g.geojson" and valued.featureidkey == "properties.code"
