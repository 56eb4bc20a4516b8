"""The coverage map as the page builds it: facility markers drawn above the fill; the date in words by the slider."""

from __future__ import annotations

from dashboard.pages.coverage.callbacks import draw
from dashboard.pages.coverage.callbacks_date import date_text
from dashboard.pages.coverage.ids import DATE, DATE_TEXT


def test_facility_markers_come_after_the_fill_so_they_are_drawn_above_it(demo_app):
    with demo_app.server.test_request_context():
        for view in ("", "province=50"):
            figure = draw(view, ["districts", "counts", "facilities"], "th", None)[0]
            names = [trace.name for trace in figure.data]
            fills = [i for i, trace in enumerate(figure.data) if trace.type == "choroplethmap"]
            markers = [i for i, name in enumerate(names) if name.startswith("facilities")]
            assert markers and names.index("coverage") in fills
            assert max(fills) < min(markers), names  # Plotly adds map layers in trace order: later is on top
            assert all(getattr(figure.data[i], "below", None) in (None, "") for i in markers)
            # whenever Plotly re-creates a fill, it goes under the counts trace's first layer, which every marker follows
            counts = figure.data[names.index("counts")]
            assert {figure.data[i].below for i in fills} == {f"plotly-trace-layer-{counts.uid}-fill"}
            assert names.index("counts") < min(markers)


def test_the_date_in_words_follows_the_slider(demo_app):
    from dashboard.pages.coverage.layout import layout

    with demo_app.server.test_request_context():
        tree = layout("th", "?province=50")
        found = {getattr(c, "id", None): c for c in tree._traverse()}
        newest = found[DATE_TEXT].children
        assert newest and newest == date_text(found[DATE].max, found[DATE].max, "all", 1, "th")
        assert date_text(0, found[DATE].max, "all", 1, "th") != newest
        assert date_text(10**6, found[DATE].max, "all", 1, "en")  # past the end: the newest


def test_every_class_colour_stands_out_from_the_page_at_3_to_1():
    from layers.choropleth import COVERAGE_SCALE
    from layers.classify import PAGE_BACKGROUND, PALETTES, contrast_ratio

    assert contrast_ratio("#ffffcc", "#ffffff") < 1.1 and round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    colours = {c for palette in PALETTES.values() for c in palette} | {c for _, c in COVERAGE_SCALE}
    for colour in colours:
        assert contrast_ratio(colour, PAGE_BACKGROUND) >= 3.0, colour


def test_the_ranking_of_77_provinces_shows_the_lowest_and_highest_with_readable_labels(demo_app):
    from layers.charts import ranking_figure
    from layers.classify import classify

    with demo_app.server.test_request_context():
        for lang in ("th", "en"):
            drawn = draw("", [], lang, None)
            fill = next(trace for trace in drawn[0].data if trace.name == "coverage")
            values = {row[0]: row[3] for row in fill.customdata if row[3] is not None}
            assert len(values) == 77
            bars = drawn[4].data[0]
            assert 2 <= len(bars.y) <= 20
            ranked = sorted(values, key=lambda name: (values[name], name))
            assert ranked[0] in bars.y and ranked[-1] in bars.y
            assert list(bars.y[:10]) == ranked[:10] and list(bars.y[-10:]) == ranked[-10:]
            assert drawn[4].layout.yaxis.tickfont.size >= 11 and bars.textfont.size >= 11
            assert bars.constraintext == "none"  # Plotly does not shrink the values to fit
            assert ("77" in drawn[4].layout.title.text) and len(drawn[4].layout.shapes) == 1  # says what is left out
    import pandas as pd

    few = pd.DataFrame({"code": list("abc"), "name": list("ABC"), "value": [3.0, 1.0, 2.0], "value_label": list("321")})
    figure = ranking_figure(few, classify(few["value"]), "t")
    assert list(figure.data[0].y) == ["B", "C", "A"] and not figure.layout.shapes  # a few areas: every one


def test_with_the_dopa_denominator_the_legend_and_the_hover_name_the_registration_year(demo_app):
    from dash import html

    from data.metrics import MetricQuery, metric_frame, population_year

    with demo_app.server.test_request_context():
        from dashboard.state import current

        with current().engine.connect() as conn:
            frame = metric_frame(conn, current().registry, MetricQuery(denominator="dopa"))
        year = population_year(frame)
        assert year and 2019 <= year <= 2025
        for lang, words in (("th", f"ประชากรตามทะเบียนราษฎร (DOPA {year + 543})"), ("en", f"(DOPA {year})")):
            drawn = draw("denominator=dopa", [], lang, None)
            legend = " ".join(str(c.children) for c in drawn[2]._traverse() if isinstance(c, html.Div))
            assert words in legend and ("Registered population" in legend or lang == "th"), legend
            hover = [row[4] for row in next(t for t in drawn[0].data if t.name == "coverage").customdata if row[4]]
            assert hover and all(words in text for text in hover if "/" in text), hover[:3]
            assert not any("arget population" in text or "ประชากรเป้าหมาย" in text for text in hover)
            moph = draw("", [], lang, None)
            assert "DOPA 2" not in " ".join(str(c.children) for c in moph[2]._traverse() if isinstance(c, html.Div))


def test_the_ranking_leaves_room_for_negative_labels_and_says_when_no_area_has_a_value():
    import pandas as pd

    from layers.charts import ranking_figure
    from layers.classify import classify

    change = pd.DataFrame(
        {"code": list("abc"), "name": list("ABC"), "value": [-23.5, -4.0, 6.0], "value_label": ["-23.5", "-4", "+6"]}
    )
    low, high = ranking_figure(change, classify(change["value"]), "t").layout.xaxis.range
    span = 6.0 + 23.5
    assert low <= -23.5 - 0.3 * span and high >= 6.0 + 0.2 * span  # room for "-23.5 จุด" left of its bar
    assert (
        ranking_figure(change.assign(value=[1.0, 2.0, 3.0]), classify([1.0, 2.0, 3.0]), "t").layout.xaxis.range[0] == 0
    )

    nothing = change.assign(value=float("nan"))
    figure = ranking_figure(nothing, classify(nothing["value"]), "t", empty="ไม่มีพื้นที่ใดมีค่าในมุมมองนี้")
    assert not figure.data[0].y and figure.layout.xaxis.visible is False and figure.layout.yaxis.visible is False
    assert figure.layout.annotations[0].text == "ไม่มีพื้นที่ใดมีค่าในมุมมองนี้"  # words, not bare axis numbers


def test_a_comparison_date_on_or_after_the_date_shown_is_a_problem_in_the_link():
    from data.coverage_query import parse_coverage_query

    args = {"metric": "change", "as_of": "2021-12-21"}
    for compare, bad in (("2021-10-23", False), ("2021-12-21", True), ("2022-03-27", True)):
        _, _, problems = parse_coverage_query({**args, "compare": compare}, None)
        assert any(p.column == "compare" for p in problems) == bad, compare
    _, _, problems = parse_coverage_query({**args, "compare": "2022-03-27"}, None)
    assert "before the date shown" in problems[0].message_en and "ก่อนวันที่ที่แสดง" in problems[0].message_th
