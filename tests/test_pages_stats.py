"""The statistics page's parts called as plain functions: the view in the URL, the callbacks, the table's sort."""

from __future__ import annotations

import pandas as pd
from dash import no_update

from dashboard.pages.stats.callbacks import choose, draw
from dashboard.pages.stats.ids import MAP
from dashboard.pages.stats.layout import layout
from dashboard.pages.stats.url import parse_view, sort_by, sort_text, view_search
from dashboard.pages.stats.view_table import COUNT_COLUMNS, table_rows


def test_the_view_round_trips_through_the_url_and_says_what_was_unusable():
    view, problems = parse_view({"region": "ภาคเหนือ", "measure": "nonsense", "sort": "-surveys"})
    assert view == {"region": "Northern", "measure": "surveys_7d", "sort": "-surveys"}
    assert problems == [("stats.bad_measure", "nonsense")]
    assert view_search(view) == "?region=Northern&sort=-surveys"  # the default measure is left out
    assert parse_view({"region": "Atlantis", "sort": "nonsense"}) == (
        {"region": "", "measure": "surveys_7d", "sort": ""},
        [("stats.bad_region", "Atlantis")],
    )
    assert view_search(parse_view({})[0]) == ""  # the default view is the bare address
    assert sort_text(sort_by("-surveys")) == "-surveys" and sort_by("") == [] and sort_text(None) == ""


def test_a_pill_writes_the_view_and_the_url_and_the_mount_keeps_the_url():
    view, _ = parse_view({})
    mounted = choose(view["region"], view["measure"], [], view)
    assert mounted[0] == view and mounted[1] is no_update and mounted[2] is no_update  # the URL is kept as it is
    changed = choose("Northern", view["measure"], [{"column_id": "name", "direction": "desc"}], view)
    assert changed == ({**view, "region": "Northern", "sort": "-name"}, "?region=Northern&sort=-name", None)


def test_draw_answers_every_province_and_the_table_sorts_on_the_numbers(demo_app):
    with demo_app.server.test_request_context():
        parts = draw({"region": "", "measure": "", "sort": "-surveys"}, "en")
    rows = parts[6]
    assert len(rows) == 77
    surveys = [r["surveys"] for r in rows if r["surveys"] != "<5"]  # too few to show: "<5", sorted last
    assert surveys == sorted(surveys, reverse=True) and all(n % 5 == 0 for n in surveys)
    assert all(r["surveys"] == "<5" for r in rows[len(surveys) :])
    assert parts[3].layout.meta["fit"]  # the browser fits the map to it (jitasa.mapEvents)
    assert parts[8][0].href == "/api/v1/stats/provinces?format=csv"


def test_the_layout_carries_the_map_events_and_the_links_view():
    tree = layout("th", "?region=north&sort=name")
    ids = {getattr(c, "id", None) for c in tree._traverse()}
    assert {MAP, f"{MAP}-events", f"{MAP}-events-sink"} <= ids
    table = next(c for c in tree._traverse() if getattr(c, "id", None) == "stats-table")
    assert table.sort_by == [{"column_id": "name", "direction": "asc"}]


def test_names_sort_in_thai_order_and_a_missing_date_is_a_gap():
    stats = pd.DataFrame(
        {
            "code": ["10", "50"],
            "name_th": ["กรุงเทพมหานคร", "เชียงใหม่"],
            "name_en": ["Bangkok", "Chiang Mai"],
            "region": ["central", "north"],
            "synthetic_surveys": [0, 3],
            "facilities_updated_7d_pct": [float("nan"), 12.5],
            "districts_with_coordinator": [1, 2],
            "districts": [50, 25],
            "last_activity": [None, pd.Timestamp("2021-12-31T18:00Z")],
        }
    )
    for column in ("volunteers", "volunteers_active_7d", "surveys", "surveys_7d", "unvaccinated_found", "facilities"):
        stats[column] = [1, 2]
    for column in [c for c in COUNT_COLUMNS if c not in stats]:
        stats[column] = [0, 0]
    rows = table_rows(stats, "-name", "th")
    assert [r["code"] for r in rows] == ["50", "10"]  # descending: เชียงใหม่ before กรุงเทพมหานคร
    assert rows[0]["last_activity"].endswith("2565")  # 01:00 on 1 January in Thailand, Buddhist era
    assert rows[1]["facilities_updated_7d_pct"] is None and rows[1]["last_activity"]
