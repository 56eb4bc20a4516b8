"""Home visits and the coordinator's review in headless Chromium against the real server (an empty database with
five records of a Si Phum volunteer that need a home visit):

- the coordinator assigns the visits on /home-visits and plans them for a day; the volunteer's round of that day
  lists them in the brute-force nearest-neighbour order from the start point they set, and prints on A4 (Chromium's
  own PDF: every page 210 × 297 mm; on paper the round without the site's header, menus or forms); marking one
  vaccinated changes the district's exact unvaccinated-found figure the coordinator reads;
- the coordinator corrects a record on /review at desktop size, the history shows old → new, and the volunteer sees
  the outcome and the history on a 390 px phone, without sideways scrolling.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.request

import pytest
import sqlalchemy as sa
from fixtures_app import DESKTOP, add_user, api_token, make_settings, outside, sign_in
from test_geo_route import brute_force_round

from data.db import make_engine
from data.schema import campaigns, survey_personal, survey_records

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
COORDINATOR, VOLUNTEER = "coord_visits", "vol_visits"
POINTS = [(18.80, 98.99), (18.78, 98.97), (18.79, 98.985), (18.805, 98.96), (18.77, 98.99)]
START = (18.7883, 98.9853)
DAY = "2022-02-01"
A4_POINTS = (595, 842)  # 210 × 297 mm in PDF points, rounded


@pytest.fixture(scope="module")
def server(empty_live_server):
    data_dir = empty_live_server["data_dir"]
    add_user(data_dir, COORDINATOR, "coordinator", "5001")
    add_user(data_dir, VOLUNTEER, "volunteer", "500101")
    engine = make_engine(make_settings(data_dir).effective_database_url)
    ids = []
    with engine.begin() as conn:
        campaign = conn.execute(
            sa.insert(campaigns)
            .values(name_th="รอบทดสอบ", name_en="Test round", opened_on=dt.date(2022, 1, 1))
            .returning(campaigns.c.id)
        ).scalar_one()
        volunteer = conn.execute(sa.text("select id from users where username = :u"), {"u": VOLUNTEER}).scalar()
        for i, (lat, lon) in enumerate(POINTS):
            values = {
                "campaign_id": campaign, "survey_date": dt.date(2022, 1, 20), "volunteer_id": volunteer,
                "subdistrict": "500101", "district": "5001", "province": "50", "village_no": i + 1, "lat": lat,
                "lon": lon, "target_group": "elderly", "age": 70 + i, "doses_received": 0, "intention": "wants",
                "needs_home_visit": True, "created_at": dt.datetime.now(dt.UTC),
            }  # fmt: skip
            survey_id = conn.execute(sa.insert(survey_records).values(**values).returning(survey_records.c.id))
            ids.append(survey_id.scalar_one())
            conn.execute(
                sa.insert(survey_personal).values(survey_id=ids[-1], full_name=f"ยาย ที่{i}", phone=f"08100000{i:02d}")
            )
    yield empty_live_server | {"engine": engine, "ids": ids, "token": api_token(data_dir, COORDINATOR)}
    engine.dispose()


def district_count(server) -> int:
    request = urllib.request.Request(server["url"] + "/api/v1/coverage?metric=unvaccinated_per_1000&province=50")
    request.add_header("Authorization", f"Bearer {server['token']}")
    with urllib.request.urlopen(request, timeout=60) as answer:
        rows = json.loads(answer.read())["items"]
    return next(r for r in rows if r["code"] == "5001")["count"]


def test_the_round_is_in_route_order_prints_on_a4_and_a_vaccination_counts_at_once(server, new_page):
    url, ids = server["url"], server["ids"]
    coordinator = new_page()
    sign_in(coordinator, url, COORDINATOR)
    coordinator.goto(url + "/home-visits?lang=en")
    for survey_id in ids:
        form = coordinator.locator(f"#visit-form-{survey_id}")
        form.locator("select[name=assigned_to]").select_option(VOLUNTEER)
        form.locator("input[name=planned_on]").fill(DAY)
        form.locator("button[type=submit]").click()
        coordinator.wait_for_selector("#visit-saved")
        assert coordinator.locator(f"#queue-{survey_id} .visit-status").inner_text() == "Planned"

    volunteer = new_page()
    sign_in(volunteer, url, VOLUNTEER)
    volunteer.goto(url + "/home-visits?lang=en")
    volunteer.fill("#round-date", DAY)
    volunteer.fill("#round-lat", str(START[0]))
    volunteer.fill("#round-lon", str(START[1]))
    volunteer.click("#round-show")
    volunteer.wait_for_selector("#round-list")
    shown = [
        int(s) for s in volunteer.locator("#round-list > li").evaluate_all("els => els.map(e => e.dataset.survey)")
    ]
    expected = brute_force_round((START[1], START[0]), [(lon, lat) for lat, lon in POINTS])
    assert shown == [ids[i] for i in expected]
    assert volunteer.locator(f"#stop-{ids[expected[0]]} .stop-phone").inner_text() == f"08100000{expected[0]:02d}"
    assert volunteer.locator("#round-print").is_visible()  # followup.js ran (the page works without it too)

    volunteer.emulate_media(media="print")
    assert not volunteer.locator("header").is_visible() and not volunteer.locator("#round-form").is_visible()
    assert volunteer.locator(f"#visit-form-{ids[0]}").is_hidden() and volunteer.locator("#round-list").is_visible()
    assert volunteer.locator(".print-result").first.is_visible()
    pdf = volunteer.pdf(prefer_css_page_size=True, print_background=True)
    sizes = {tuple(round(float(v)) for v in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)}
    assert sizes == {A4_POINTS}, sizes
    (server["data_dir"] / "round.pdf").write_bytes(pdf)
    volunteer.screenshot(path=str(server["data_dir"] / "round-print.png"), full_page=True)
    volunteer.emulate_media(media="screen")
    volunteer.set_viewport_size(PHONE)
    assert volunteer.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    volunteer.screenshot(path=str(server["data_dir"] / "round-phone.png"), full_page=True)
    volunteer.set_viewport_size(DESKTOP)

    assert district_count(server) == 5
    first = shown[0]
    form = volunteer.locator(f"#visit-form-{first}")
    form.locator("select[name=status]").select_option("vaccinated")
    form.locator("button[type=submit]").click()
    volunteer.wait_for_selector("#visit-saved")
    assert district_count(server) == 4  # the staff's exact figure, at once
    assert f"#stop-{first}" not in volunteer.content() or "Vaccinated" in volunteer.inner_text("#round")
    assert outside(coordinator.requests + volunteer.requests) == []
    assert coordinator.errors == [] and volunteer.errors == []


def test_a_correction_on_the_review_page_shows_old_and_new_to_the_volunteer_on_a_phone(server, new_page):
    url, survey_id = server["url"], server["ids"][2]
    coordinator = new_page(DESKTOP)
    sign_in(coordinator, url, COORDINATOR)
    coordinator.goto(url + "/review?lang=en")
    coordinator.click(f"#correct-{survey_id}")
    coordinator.wait_for_selector("#correct-form")
    coordinator.fill("#f-age", "79")
    coordinator.fill("#f-note", "อายุตามบัตรประชาชน")
    coordinator.click("#save-correction")
    coordinator.wait_for_selector("#review-saved")
    history = coordinator.inner_text("#record-history")
    assert "Corrected" in history and "Age: 72 → 79" in history and "อายุตามบัตรประชาชน" in history
    assert coordinator.inner_text("#record-outcome") == "Corrected"

    volunteer = new_page(PHONE)
    sign_in(volunteer, url, VOLUNTEER)
    volunteer.goto(url + "/review?lang=en")
    assert volunteer.inner_text(f"#outcome-{survey_id}") == "Corrected"
    assert "Age: 72 → 79" in volunteer.inner_text(f"#record-{survey_id}")
    volunteer.click(f"#open-{survey_id}")
    volunteer.wait_for_selector("#record-history")
    assert "Age: 72 → 79" in volunteer.inner_text("#record-history")
    assert volunteer.locator("#correct-form").count() == 0  # the volunteer reads; the coordinator corrects
    assert volunteer.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    volunteer.screenshot(path=str(server["data_dir"] / "review-phone.png"), full_page=True)
    coordinator.screenshot(path=str(server["data_dir"] / "review-desktop.png"), full_page=True)
    assert outside(coordinator.requests + volunteer.requests) == []
