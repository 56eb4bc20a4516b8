"""A practice volunteer on a 390 px phone: the guided first steps open by themselves, point at the survey form's real
controls, and the record saved afterwards is in the practice space only (headless Chromium, the real demo server)."""

from __future__ import annotations

import json
import urllib.request

import pytest
import sqlalchemy as sa
from fixtures_app import api_token, outside, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def practice_volunteer(server) -> dict:
    """A practice volunteer of Si Phum (Mueang Chiang Mai), made by the demo's coordinator through the API."""
    body = json.dumps({"role": "volunteer", "area": "500101", "count": 1}).encode()
    token = api_token(server["data_dir"], "coord_cm")
    asked = urllib.request.Request(
        server["url"] + "/api/v1/practice/accounts",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(asked, timeout=120) as answer:
        return json.load(answer)["items"][0]


def survey_count(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("select count(*) from survey_records where synthetic = false")).scalar()
    finally:
        engine.dispose()


def test_the_volunteers_first_steps_lead_to_a_saved_practice_record(browser, staff_server):
    account = practice_volunteer(staff_server)
    real_db = f"sqlite:///{staff_server['data_dir'] / 'jitasa.db'}"
    real_before = survey_count(real_db)
    context = browser.new_context(viewport=PHONE, locale="th-TH")
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, staff_server["url"], account["username"], account["password"])
    # the banner says where they are; the tour opens by itself and offers the survey form
    page.wait_for_selector("#practice-banner", timeout=60_000)
    assert "Practice space: nothing here is real" in page.inner_text("#practice-banner")
    page.wait_for_selector("#tour-card #tour-go", timeout=30_000)
    page.click("#tour-go")
    page.wait_for_url(staff_server["url"] + "/survey")
    for target in ("practice-banner", "survey-subdistrict", "survey-group", "survey-save"):
        page.wait_for_selector(f"#{target}.tour-target", timeout=60_000)
        assert page.locator("#tour-text").inner_text()  # a sentence for each step
        page.click("#tour-next")
    page.wait_for_selector("#tour-card", state="detached", timeout=10_000)
    # what the steps pointed at: fill in and save
    page.locator("#survey-group label", has_text="ผู้สูงอายุ").first.click()
    page.fill("#survey-age", "72")
    page.locator("#survey-doses label", has_text="0").first.click()
    page.locator("#survey-intention label", has_text="ยังไม่ตัดสินใจ").first.click()
    page.click("#survey-save")
    page.wait_for_selector("#survey-saved", timeout=60_000)
    assert page.evaluate("document.getElementById('page-content').scrollWidth") <= PHONE["width"]
    practice_db = f"sqlite:///{staff_server['data_dir'] / 'practice' / '5001' / 'practice.sqlite'}"
    assert survey_count(practice_db) >= 1
    assert survey_count(real_db) == real_before
    # the menu reopens the steps at any time
    page.click("#nav-toggle")
    page.click("#tour-open")
    page.wait_for_selector("#tour-card #tour-text", timeout=10_000)
    assert outside(requests) == []
    assert errors == []
    context.close()


def test_a_trainer_makes_accounts_prints_their_cards_and_resets_the_space(browser, staff_server, tmp_path):
    import subprocess

    from fixtures_app import STAFF

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH", accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, staff_server["url"], STAFF["coordinator"][0])
    page.goto(staff_server["url"] + "/practice")
    page.wait_for_selector("#practice-create", timeout=60_000)
    page.fill("#practice-count", "3")
    with page.expect_download(timeout=120_000) as download:
        page.click("#practice-create")
    (tmp_path / "cards.pdf").write_bytes(open(download.value.path(), "rb").read())
    shown = page.locator("#practice-made td.font-monospace").all_inner_texts()
    names, passwords = shown[0::2], shown[1::2]
    assert len(names) == 3 and all(n.startswith("p5001-") for n in names) and all(passwords)
    text = subprocess.run(["pdftotext", str(tmp_path / "cards.pdf"), "-"], capture_output=True, text=True).stdout
    assert all(name in text and password in text for name, password in zip(names, passwords, strict=True))
    for name in names:  # the list below shows them, active
        page.wait_for_selector(f"#practice-account-{name}", timeout=30_000)
    page.click("#practice-reset")
    page.locator("#practice-message").filter(has_text="ล้างพื้นที่ฝึก 5001 แล้ว").wait_for(timeout=60_000)
    page.click("#practice-end")
    page.locator("#practice-message").filter(has_text="ปิดบัญชีแล้ว").wait_for(timeout=30_000)
    # the list is redrawn after the message: wait for the row to say so (it fails if it never does)
    page.locator(f"#practice-account-{names[0]}").filter(has_text="ปิดแล้ว").wait_for(timeout=30_000)
    assert errors == []
    context.close()
