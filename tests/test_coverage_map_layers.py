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
