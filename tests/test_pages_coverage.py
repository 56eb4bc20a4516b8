"""The coverage page's parts called as plain functions: how a view changes, the draw (whole, then patched, once per
data version), the facility layer's view of the map."""

from __future__ import annotations

import contextlib
import datetime as dt

from dash import Patch, no_update

from dashboard.pages.coverage.callbacks import draw, relevant_controls
from dashboard.pages.coverage.ids import CRUMB, LEVEL, MAP
from dashboard.pages.coverage.url import control_args, date_index, place_args, previous_report
from dashboard.pages.coverage.view_facilities import facility_view, revision

DATES = [dt.date(2021, 6, 1), dt.date(2021, 6, 8), dt.date(2021, 6, 15)]


def test_the_controls_and_the_slider_write_the_view_arguments():
    controls = {"metric": "coverage", "group": "all", "dose": "2", "denominator": "moph", "classify": "quantiles"}
    args = control_args("province=50&compare=2021-06-01", controls, DATES, 1, "2021-06-01")
    assert args["province"] == "50" and args["dose"] == "2" and args["as_of"] == "2021-06-08"
    assert args["compare"] == ""  # only the change measure compares
    assert control_args("", {**controls, "metric": "change"}, DATES, 9, "2021-06-01")["as_of"] == "2021-06-15"
    assert date_index(DATES, dt.date(2021, 6, 10)) == 1 and date_index(DATES, None) == 2 and date_index([], None) == 0
    assert previous_report(DATES, None) == DATES[1] and previous_report(DATES, DATES[1]) == DATES[0]
    assert previous_report(DATES, DATES[0]) == DATES[0] and previous_report([], None) is None


def test_a_click_drills_in_once_and_the_breadcrumb_and_the_level_go_back():
    click = {"points": [{"location": "50"}]}
    assert place_args({}, MAP, click, None) == {"province": "50"}
    assert place_args({"province": "50"}, MAP, {"points": [{"location": "10"}]}, None) == {"province": "50"}
    assert place_args({}, MAP, {"points": [{"location": "5001"}]}, None) == {}  # a district is not a province
    assert place_args({"province": "50"}, {"type": CRUMB, "code": "TH"}, None, None) == {}
    assert place_args({"province": "50", "level": "x"}, LEVEL, None, "district") == {"level": "district"}
    # change: the single date slider hidden, the two-handle range and the comparison date shown
    assert relevant_controls("province=50&metric=change") == (True, False, False, True, True, True, False, False)
    assert relevant_controls("metric=coverage")[:3] == (False, True, True)


def test_draw_sends_the_whole_map_then_patches_it_and_keeps_its_answer_per_data_version(demo_app):
    with demo_app.server.test_request_context():
        first = draw("", ["districts"], "en", None)
        again = draw("", ["districts"], "en", None)
        key = first[1]
        patched = draw("dose=2", ["districts"], "en", key)
    assert key == "province|None|districts|en" and revision(key) == "province|None"
    assert first is again  # drawn once for everyone who asks the same view
    assert not isinstance(first[0], Patch) and len(first[6]) == 77 and first[11] is None
    assert isinstance(patched[0], Patch) and patched[1] == key and patched[11] is no_update
    assert first[9] is None and first[10] is None  # the country: no province headline, coverage answers


def test_the_facility_layer_looks_where_the_map_is_or_around_the_area(demo_state):
    viewport = {"bbox": [98, 18, 99, 19], "zoom": 9.5, "revision": "district|50"}
    assert facility_view(demo_state.registry, "50", viewport, "district|50|facilities|th") == ((98, 18, 99, 19), 9.5)
    bbox, zoom = facility_view(demo_state.registry, "50", viewport, "province|None|facilities|th")  # another map
    min_lon, min_lat, max_lon, max_lat = demo_state.registry.bounds("50")
    assert bbox[0] < min_lon and bbox[2] > max_lon and zoom > 5


def test_the_layout_starts_at_the_links_view_and_says_what_was_wrong(demo_app):
    from dashboard.pages.coverage.ids import CLASSIFY, DATE, MESSAGE, METRIC, wrap
    from dashboard.pages.coverage.layout import layout

    with demo_app.server.app_context():
        tree = layout("en", "?province=50&metric=nonsense&classify=natural_breaks")
    found = {getattr(c, "id", None): c for c in tree._traverse()}
    assert found[METRIC].value == "coverage" and found[CLASSIFY].value == "natural_breaks"
    assert [o["value"] for o in found[METRIC].options] == [
        "coverage",
        "vaccinated",
        "change",
        "unvaccinated_per_1000",
        "facilities_per_100k",
    ]
    assert wrap(METRIC) in found and found[DATE].value == found[DATE].max  # no date asked: the newest report
    assert "nonsense" in str(found[MESSAGE].children)


def test_the_table_says_its_units_counts_people_in_whole_numbers_and_names_open_their_area():
    import pandas as pd

    from dashboard.pages.coverage.view import summary, table_columns, table_rows
    from data.metrics import MetricQuery

    frame = pd.DataFrame(
        {
            "code": ["50", "10", "11"],
            "name": ["เชียงใหม่", "กรุงเทพมหานคร", "สมุทรปราการ"],
            "value": [80.94, 119.3, None],
            "value_label": ["80.9%", "119.3%", "–"],
            "vaccinated": [1_400_000.0, 9_000_000.0, None],
            "population": [1_780_000.0, 7_600_000.0, 1_300_000.0],
            "as_of": [dt.date(2022, 12, 16)] * 3,
            "note_text": ["", "", "no report"],
        }
    )
    coverage, people = MetricQuery(), MetricQuery(metric="vaccinated", level="district", area="50")
    columns = {c["id"]: c for c in table_columns(coverage, "th")}
    assert columns["value"]["name"] == "ความครอบคลุม (%)" and columns["value"]["format"]["specifier"] == ",.1f"
    assert columns["population"]["name"] == "ประชากร (คน)" and columns["population"]["format"]["specifier"] == ",.0f"
    assert {c["id"]: c for c in table_columns(people, "en")}["value"]["format"]["specifier"] == ",.0f"
    assert columns["area"]["presentation"] == "markdown"
    rows = table_rows(frame, coverage, "quantiles", "th")
    assert rows[0]["area"] == "[เชียงใหม่](/?province=50)" and rows[0]["as_of"] == "2565-12-16"  # Buddhist era
    assert rows[0]["vaccinated"] == 1_400_000 and isinstance(rows[0]["vaccinated"], int)
    assert table_rows(frame, people, "quantiles", "en")[0]["area"] == "เชียงใหม่"  # districts: nothing to open
    text = summary(frame, coverage, "en")  # the map in words, for those who cannot see it
    assert "Highest: กรุงเทพมหานคร 119.3%" in text and "lowest: เชียงใหม่ 80.9%" in text
    assert "areas without data: 1" in text


def test_the_facility_legend_is_open_on_the_date_the_map_shows(demo_app):
    from dashboard.pages.coverage.callbacks import _report_dates
    from dashboard.pages.coverage.callbacks_facilities import map_date
    from data.metrics import MetricQuery
    from geo.clock import today

    with demo_app.server.test_request_context():
        newest = _report_dates("all", 1)[-1]
        assert map_date(MetricQuery()) == newest != today()  # the map's newest report, not today
        assert map_date(MetricQuery(as_of=dt.date(2021, 9, 1))) == dt.date(2021, 9, 1)
        assert map_date(MetricQuery(metric="facilities_per_100k")) == today()


def test_the_trend_in_thai_names_months_in_thai_with_buddhist_years_and_keeps_0_percent_off_the_dates():
    import pandas as pd

    from dashboard.i18n import format_date
    from layers.charts import trend_figure

    frame = pd.DataFrame({"as_of": [dt.date(2021, 5, 11), dt.date(2022, 12, 16)], "coverage_pct": [10.0, 80.0]})
    figure = trend_figure([("ทุกกลุ่ม", frame)], "แนวโน้ม", {}, lambda day: format_date(day, "th"))
    ticks = list(figure.layout.xaxis.ticktext)
    assert ticks and all(text.split()[-1] in ("2564", "2565") for text in ticks)  # Buddhist era
    assert ticks[0] == "ก.ย. 2564" and len(ticks) <= 5
    assert list(figure.data[0].customdata) == ["11 พ.ค. 2564", "16 ธ.ค. 2565"]  # the hover too
    assert figure.layout.yaxis.ticklabelposition == "inside top"  # "0%" above its line, not beside the first date


def test_every_legend_on_the_page_has_one_precision_and_no_collapsed_class(demo_app):
    import re

    from dash import html

    from data.measures import ORDER

    def labels(legend):
        rows = [c for c in legend._traverse() if isinstance(c, html.Li)]
        return [row.children[1].children for row in rows if row.children[0].style["background"] != "#d9d9d9"]

    with demo_app.server.test_request_context():
        for view in ("", "province=50"):
            for metric in ORDER:
                shown = labels(draw(f"{view}&metric={metric}".lstrip("&"), [], "en", None)[2])
                assert shown, (view, metric)
                numbers = [n for label in shown for n in re.findall(r"\d[\d,]*(?:\.\d+)?", label)]
                decimals = {len(n.split(".")[1]) if "." in n else 0 for n in numbers}
                assert len(decimals) == 1, (view, metric, shown)
                assert metric != "vaccinated" or decimals == {0}, shown  # people are whole
                assert len(set(shown)) == len(shown), shown
                assert all(len(set(label.split(" – "))) == len(label.split(" – ")) for label in shown), shown


def test_change_between_two_dates_compares_with_the_previous_report_by_default(demo_app):
    from dashboard.pages.coverage.ids import COMPARE, DATE
    from dashboard.pages.coverage.layout import layout

    with demo_app.server.test_request_context():
        found = {getattr(c, "id", None): c for c in layout("en", "?metric=change")._traverse()}
        offered = [o["value"] for o in found[COMPARE].options]
        assert found[DATE].value == len(offered) - 1 and found[COMPARE].value == offered[-2]
        chosen = {getattr(c, "id", None): c for c in layout("en", f"?metric=change&compare={offered[3]}")._traverse()}
        assert chosen[COMPARE].value == offered[3]


def test_the_comparison_dates_say_how_many_areas_have_a_report_and_disable_a_date_none_has(demo_app, demo_state):
    from dashboard.pages.coverage.ids import COMPARE, COMPARE_RANGE
    from dashboard.pages.coverage.layout import layout
    from dashboard.pages.coverage.view_dates import compare_options
    from data.metrics import MetricQuery

    days = [dt.date(2021, 7, 1), dt.date(2021, 8, 1), dt.date(2021, 9, 1)]
    options = compare_options(days, [0, 1, 77], 77, "en", dt.date(2021, 9, 2))
    assert [o["disabled"] for o in options] == [True, False, False]
    assert [o["disabled"] for o in compare_options(days, [0, 1, 77], 77, "en")] == [True, False, True]  # not after
    assert [o["disabled"] for o in compare_options(days, [77] * 3, 77, "en", days[1])] == [False, True, True]
    assert options[0]["label"].endswith("no data") and "1 of 77 areas" in options[1]["label"]
    assert "·" not in options[2]["label"]  # every area: just the date
    assert "มีข้อมูล 1/77 พื้นที่" in compare_options(days, [0, 1, 77], 77, "th")[1]["label"]

    with demo_state.engine.connect() as conn:  # the demo's reports: the first dates reach few provinces
        reach, total = demo_state.metrics.date_reach(conn, demo_state.registry, MetricQuery(metric="change"))
    # the first three reports have counts but no target population: a coverage map of them is all grey
    assert total == 77 and reach[:3] == [0, 0, 0] and reach[3:] == [77] * (len(reach) - 3)
    with demo_app.server.test_request_context():
        found = {getattr(c, "id", None): c for c in layout("en", "?metric=change")._traverse()}
    offered = found[COMPARE].options
    assert [o["disabled"] for o in offered] == [n == 0 for n in reach[:-1]] + [True]  # the newest is the one shown
    assert [o["label"].endswith(" · no data") for o in offered] == [n == 0 for n in reach]
    assert sum("of 77 areas" in o["label"] for o in offered) == sum(0 < n < 77 for n in reach)
    last = len(offered) - 1
    assert found[COMPARE_RANGE].value == [last - 1, last] and found[COMPARE_RANGE].max == last


def test_the_two_handle_range_writes_the_comparison_date_and_the_date_shown(demo_app):
    from dashboard.pages.coverage.callbacks import _report_dates
    from dashboard.pages.coverage.callbacks_compare import move_together
    from dashboard.pages.coverage.ids import COMPARE, COMPARE_RANGE, DATE

    with demo_app.server.test_request_context():
        dates = _report_dates("all", 1)
        with patch_trigger(COMPARE_RANGE):
            bounds, compare, index, words = move_together([2, 5], dates[-2].isoformat(), len(dates) - 1, "all", 1, "en")
        assert (compare, index) == (dates[2].isoformat(), 5) and bounds is no_update
        assert words.startswith("from ") and " to " in words
        with patch_trigger(COMPARE):
            bounds, compare, index, _ = move_together([2, 5], dates[1].isoformat(), 5, "all", 1, "th")
        assert bounds == [1, 5] and compare is no_update and index is no_update
        with patch_trigger(DATE):
            bounds, *_ = move_together([1, 5], dates[1].isoformat(), 7, "all", 1, "th")
        assert bounds == [1, 7]


@contextlib.contextmanager
def patch_trigger(component: str, prop: str = "value"):
    """Inside: callbacks see ``component``'s ``prop`` as what triggered them, as Dash runs them."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    token = context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{component}.{prop}", "value": 1}]))
    try:
        yield
    finally:
        context_value.reset(token)
