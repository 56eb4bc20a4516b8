"""A volunteer of Si Phum (500101) uploads survey rows naming their subdistrict by its Thai name, "ศรีภูมิ", in
headless Chromium against the real server: three subdistricts have that name, two outside the only area the
volunteer may write to; read in the volunteer's own area first, the file has no problem and is stored (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from fixtures_app import add_user, make_settings, outside, sign_in
from test_browser_upload import check, choose_file, counts, save

from data.db import make_engine
from data.schema import campaigns, survey_records

pytestmark = pytest.mark.browser
VOLUNTEER = "vol_si_phum"
# as a volunteer's Thai Excel saves it: Windows-874, Thai headers, Buddhist-era dates, Thai digits
SURVEY = (
    "วันที่สำรวจ,ตำบล,หมู่ที่,กลุ่มเป้าหมาย,อายุ,จำนวนเข็มที่ได้รับ,ความประสงค์\n"
    "๑๗/๑/๒๕๖๕,ศรีภูมิ,๓,ผู้สูงอายุ,๗๒,๐,ยังไม่ตัดสินใจ\n"
    "18/01/2565,ต.ศรีภูมิ,4,general,40,1,wants\n"
    "19/01/2565,ศรีภูมิ,5,general,41,0,refuses\n"
)


@pytest.fixture(scope="module")
def server(empty_live_server):
    """The real server on an empty database, with the volunteer and an open campaign."""
    add_user(empty_live_server["data_dir"], VOLUNTEER, "volunteer", "500101")
    engine = make_engine(make_settings(empty_live_server["data_dir"]).effective_database_url)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(campaigns).values(name_th="รอบทดสอบ", name_en="Test round", opened_on=dt.date(2022, 1, 1))
        )
    yield empty_live_server | {"engine": engine}
    engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_a_volunteers_own_subdistrict_by_its_thai_name_is_checked_and_stored(server, page):
    url = server["url"]
    sign_in(page, url, VOLUNTEER)
    page.goto(url + "/upload")
    page.wait_for_selector("#upload-kind")
    assert page.inner_text("#upload-kind").strip() == "แบบสำรวจของอาสาข้อมูล"
    choose_file(page, "แบบสำรวจ-ศรีภูมิ.csv", SURVEY.encode("cp874"))
    result = check(page)
    assert "ไม่พบปัญหา" in result
    assert counts(page) == {"new": 3, "updated": 0, "unchanged": 0, "problems": 0}
    save(page)
    with server["engine"].connect() as conn:
        stored = conn.execute(sa.select(survey_records.c.subdistrict)).scalars().all()
    assert stored == ["500101"] * 3
    assert outside(page.requests) == []
    assert page.errors == []
