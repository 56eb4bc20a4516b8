"""The one "use my location" control (dashboard/ui/geolocation.py): its ids, the browser's answer, its words."""

from __future__ import annotations

import pytest
from dash import html

from dashboard.i18n import t
from dashboard.ui.geolocation import Geolocation, problem_kind, reading

TEXTS = {
    "denied": "survey.geo_denied",
    "insecure": "survey.geo_denied",
    "timeout": "survey.geo_unavailable",
    "unavailable": "survey.geo_unavailable",
}
LOUD = Geolocation("find", {**TEXTS, "button": "survey.locate", "locating": "survey.locating"})


def test_a_control_makes_its_ids_from_its_prefix():
    assert (LOUD.button_id, LOUD.box_id, LOUD.locator_type) == ("find-locate", "find-geo-box", "find-geo")
    locator = LOUD.locator(3)
    assert locator.id == {"type": "find-geo", "n": 3} and locator.high_accuracy
    assert LOUD.answered({"type": "find-geo", "n": 3}) and not LOUD.answered("find-locate")


def test_a_control_must_name_every_text():
    with pytest.raises(ValueError, match="lack"):
        Geolocation("x", {"button": "survey.locate"})


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        ({"code": 1, "message": "User denied Geolocation"}, "denied"),
        ({"code": 1, "message": "Only secure origins are allowed"}, "insecure"),
        ({"code": 3, "message": "Timeout expired"}, "timeout"),
        ({"code": 2, "message": "Position unavailable"}, "unavailable"),
    ],
)
def test_why_the_browser_gave_no_position(error, kind):
    assert problem_kind(error) == kind


def test_the_latest_press_answers():
    assert reading([None, {"lat": 7.0, "lon": 100.5}], [{"code": 1}, None]) == ({"lat": 7.0, "lon": 100.5}, None)
    assert reading([], []) == (None, None)


def test_a_quiet_control_says_it_in_muted_text_a_loud_one_in_alerts():
    quiet = Geolocation("survey", LOUD.texts, quiet=True)
    assert quiet.locating("en") == t("survey.locating", "en")
    assert "alert-info" in LOUD.locating("en").className
    problem = quiet.problem({"code": 2, "message": ""}, "en")
    assert isinstance(problem, html.Div) and problem.className == "text-muted"
    assert problem.children == t("survey.geo_unavailable", "en", detail=2)  # no message: the code
    assert "alert-warning" in LOUD.problem({"code": 3}, "th").className
