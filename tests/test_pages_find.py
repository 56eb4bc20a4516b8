"""The public finder's package (dashboard/pages/find/): the search's arguments, the words and the cards, and the
drawing callback called as a plain function."""

from __future__ import annotations

import datetime as dt

from dash import html

from dashboard.i18n import t
from dashboard.pages.find import PAGE
from dashboard.pages.find.callbacks import draw, share
from dashboard.pages.find.search import filtered, moved_to, shared_search
from dashboard.pages.find.view import here_text, problems_note, prompt
from dashboard.pages.find.view_card import card, distance, name, phone_link, stale_text
from data.finder_query import parse_args
from geo.clock import now

CHIANG_MAI = {"lat": "18.7883", "lon": "98.9853"}


def test_a_new_point_keeps_the_filters_and_drops_more():
    args = {**CHIANG_MAI, "place": "50", "type": "hospital", "k": "10", "open_now": "1"}
    assert moved_to(args, 7.00861, 100.47472) == {
        "type": "hospital",
        "open_now": "1",
        "lat": "7.00861",
        "lon": "100.47472",
    }
    assert moved_to(None, 18.8, 98.9, "500101")["place"] == "500101"


def test_more_adds_five_and_a_changed_filter_drops_what_could_not_be_used():
    args = {**CHIANG_MAI, "k": "abc"}
    assert filtered(args, "hospital", ["1"], [], "10", None, more=True) == {
        **CHIANG_MAI,
        "type": "hospital",
        "k": "10",
        "max_km": "10",
        "open_now": "1",
    }
    assert "k" not in filtered(args, "vaccination_point", [], [], "", None, more=False)


def test_only_a_search_that_can_be_run_is_shared():
    assert shared_search({**CHIANG_MAI, "type": "hospital"}) == "?lat=18.7883&lon=98.9853&type=hospital"
    assert shared_search({"lat": "1", "lon": "1"}) is None and shared_search({}) is None
    assert share({**CHIANG_MAI}, "?lat=18.7883&lon=98.9853") is not None  # no_update: the same address
    assert share({**CHIANG_MAI}, "") == "?lat=18.7883&lon=98.9853"


def test_the_words_of_a_result():
    assert distance(0.0004, "th") == "10 ม." and distance(0.856, "en") == "860 m" and distance(12.34, "en") == "12.3 km"
    assert name({"name_th": "โรงพยาบาล", "name_en": ""}, "en") == "โรงพยาบาล"
    assert name({"name_th": None, "name_en": None}, "th") == "–"
    assert phone_link("๐๕๓-๙๓๖๑๕๐ ต่อ 12") == ("๐๕๓-๙๓๖๑๕๐", "tel:053936150")
    assert phone_link("-") is None
    assert stale_text(None, "en") == t("find.stale_unknown", "en")
    assert "3" in stale_text((now() - dt.timedelta(days=3, hours=1)).astimezone(dt.UTC).replace(tzinfo=None), "en")


def test_a_card_has_its_number_actions_and_the_synthetic_label():
    item = {
        "type": "hospital",
        "name_th": "โรงพยาบาลทดสอบ",
        "name_en": "Test Hospital",
        "distance_km": 1.26,
        "lat": 18.8,
        "lon": 98.9,
        "phone": "053 936 150",
        "synthetic": True,
        "open_now": True,
    }
    shown = str(card(3, item, "en", now_applies=True).to_plotly_json())
    assert "find-item-3" in shown and "Test Hospital" in shown and "1.3 km" in shown
    assert "tel:053936150" in shown and "destination=18.800000,98.900000" in shown
    assert t("facility.synthetic", "en") in shown and t("find.open_now.yes", "en") in shown


def test_an_unusable_location_is_explained_and_the_prompt_follows():
    parsed = parse_args({"lat": "98.9853", "lon": "18.7883"})
    note = problems_note(parsed.problems, "th")
    assert "สลับกันหรือไม่" in str(note.children) and "alert-warning" in note.className
    shown = prompt(note, "th")
    assert shown[0] is note and t("find.prompt", "th") in str(shown[1].children)
    assert problems_note([], "th") is None and isinstance(prompt(None, "th"), html.Div)


def test_here_names_the_place_or_the_subdistrict(real_registry):
    place = parse_args({**CHIANG_MAI, "place": "50"})
    assert here_text(real_registry, place, "th", None) == t("find.here.area", "th", where="จ.เชียงใหม่")
    point = parse_args(CHIANG_MAI)
    assert "(18.7883, 98.9853)" in here_text(real_registry, point, "en", "500101")
    assert here_text(real_registry, point, "en", None) == t("find.here.point", "en", where="18.7883, 98.9853")


def test_draw_lists_the_nearest_and_fits_the_map(demo_app):
    assert PAGE.path == "/find" and PAGE.role is None
    with demo_app.server.test_request_context("/_dash-update-component", method="POST"):
        problems, here, summary, cards, figure, more_hidden = draw({**CHIANG_MAI, "type": "hospital"}, "en")
        nowhere = draw({}, "en")
    assert problems is None and "Chiang Mai" in here and len(cards) == 5 and more_hidden is False
    assert "Showing the 5 nearest" in summary and figure.layout.meta["fit"]
    assert t("find.prompt", "en") in str(nowhere[0].children) and nowhere[3] == [] and nowhere[5] is True
