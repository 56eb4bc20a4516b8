"""The upload page and the upload history in headless Chromium against the real server (`python app.py --demo`):
check a file, see its one problem, fix it, save it, undo it; a file over the size limit; the progress bar."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from fixtures_app import STAFF, api_token, outside, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
FILE_INPUT = "#upload-file input[type=file]"

# Mueang Chiang Mai (district 5001), as a district office saves it from Thai Excel: Windows-874, Thai headers,
# Buddhist-era dates, Thai digits. Row 3 has its latitude and longitude swapped.
HEADER = "รหัสสถานที่,ประเภท,ชื่อ,ละติจูด,ลองจิจูด,จังหวัด,อำเภอ,จำนวนเตียง,สถานะ,วันที่ปรับปรุง\n"
HALL = "UPT-1,จุดฉีดวัคซีน,หอประชุมทดสอบการนำเข้า,๑๘.๗๘๘๓,๙๘.๙๘๕๓,เชียงใหม่,เมืองเชียงใหม่,,เปิด,๑๕/๑๒/๒๕๖๔\n"
SWAPPED = "UPT-2,จุดตรวจโควิด,จุดตรวจทดสอบการนำเข้า,98.98,18.79,เชียงใหม่,เมืองเชียงใหม่,๑๒,open,20/12/2564\n"
FIXED = "UPT-2,จุดตรวจโควิด,จุดตรวจทดสอบการนำเข้า,18.79,98.98,เชียงใหม่,เมืองเชียงใหม่,๑๒,open,20/12/2564\n"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH", accept_downloads=True)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def choose_file(page, name: str, content: bytes) -> None:
    page.set_input_files(FILE_INPUT, files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.wait_for_selector(f"#upload-file-info:has-text('{name}')", timeout=60_000)


def check(page) -> str:
    page.wait_for_selector("#upload-check:not([disabled])", timeout=60_000)
    page.click("#upload-check")
    page.wait_for_selector("#upload-counts", timeout=120_000)
    return page.inner_text("#upload-result")


def counts(page) -> dict[str, int]:
    return {
        key: int(page.inner_text(f".upload-count-{key} .h5").replace(",", ""))
        for key in ("new", "updated", "unchanged", "problems")
    }


def save(page) -> str:
    page.wait_for_selector("#upload-save:not([disabled])", timeout=30_000)
    page.click("#upload-save")
    page.wait_for_selector("#upload-saved", timeout=120_000)
    return page.inner_text("#upload-saved")


def test_check_fix_save_save_again_and_undo_from_the_history(staff_server, page):
    url = staff_server["url"]
    sign_in(page, url, STAFF["coordinator"][0])
    page.goto(url + "/upload")
    page.click("#upload-kind >> text=สถานบริการ")
    page.wait_for_selector("#upload-templates a[href$='facilities.csv']")  # the links follow the kind (a callback)
    templates = page.inner_text("#upload-templates")
    assert "Excel (.xlsx)" in templates and "CSV" in templates and "คู่มือ" in templates
    assert (
        page.get_attribute("#upload-templates a[href$='facilities.csv']", "href") == "/api/v1/templates/facilities.csv"
    )

    # 1. the file with one defective row: exactly that problem, in Thai and English; nothing can be saved
    choose_file(page, "สถานบริการ.csv", (HEADER + HALL + SWAPPED).encode("cp874"))
    assert "พบปัญหา 1 รายการ" in check(page)
    assert counts(page) == {"new": 1, "updated": 0, "unchanged": 0, "problems": 1}
    problems = page.locator("#upload-problems tr:has(td)").filter(has_text="ปัญหา")
    assert problems.count() == 1
    row = problems.first.inner_text()
    assert "3\tละติจูด\t98.98, 18.79" in row  # the column as the file's own header names it
    assert "ละติจูดและลองจิจูดสลับกัน" in row and "did you swap lat and lon?" in row
    assert page.is_disabled("#upload-save")
    assert "ข้าม 1 แถว" in page.inner_text("#upload-keep-note")

    # 2. the fixed file: checked, saved, counted; the same file saved again changes nothing
    choose_file(page, "สถานบริการ-แก้ไข.csv", (HEADER + HALL + FIXED).encode("cp874"))
    assert page.is_disabled("#upload-save")  # a new file is checked first
    assert "ไม่พบปัญหา" in check(page)
    assert counts(page) == {"new": 2, "updated": 0, "unchanged": 0, "problems": 0}
    saved = save(page)
    upload_id = int(re.search(r"หมายเลข (\d+)", saved).group(1))
    assert counts(page)["new"] == 2
    page.click("#upload-save")
    page.wait_for_selector(f"#upload-saved:not(:has-text('หมายเลข {upload_id} '))", timeout=60_000)
    assert "ไม่มีอะไรเปลี่ยนแปลง" in page.inner_text("#upload-saved")
    assert counts(page) == {"new": 0, "updated": 0, "unchanged": 2, "problems": 0}

    # 3. the history: undo with a confirm step; the row says who undid it; the audit log and the API agree
    page.click("#upload-history-link")
    row = page.locator(f"#uploads-row-{upload_id}")
    row.wait_for(timeout=30_000)
    assert "สถานบริการ-แก้ไข.csv" in row.inner_text() and "บันทึกแล้ว" in row.inner_text()
    assert re.search(r"25\d\d", row.inner_text())  # a Buddhist-era year
    row.locator("text=ยกเลิกการนำเข้า").click()
    page.wait_for_selector("#uploads-confirm:not([hidden])")
    assert f"หมายเลข {upload_id}" in page.inner_text("#uploads-confirm-text")
    page.click("#uploads-confirm-yes")
    page.wait_for_selector(f"#uploads-row-{upload_id}.uploads-undone", timeout=30_000)
    assert "ลบ 2 แถว" in page.inner_text("#uploads-message")
    undone = page.inner_text(f"#uploads-row-{upload_id}")
    assert "ยกเลิกแล้ว" in undone and "โดย coord_cm" in undone
    page.wait_for_selector("#uploads-audit-panel:has-text('ยกเลิกการนำเข้า')")
    audit = page.inner_text("#uploads-audit-panel")
    # the import and its undo, in the page's words (no action codes on a Thai page), the undo with its counts
    assert "นำเข้าสถานบริการ" in audit and "ลบ 2" in audit and "upload." not in audit
    token = api_token(staff_server["data_dir"], STAFF["coordinator"][0])
    request = urllib.request.Request(url + "/api/v1/uploads", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        items = {r["id"]: r for r in json.load(response)["items"]}
    assert items[upload_id]["outcome"] == "undone" and items[upload_id]["undone_by"] == "coord_cm"
    assert outside(page.requests) == []
    assert page.errors == []


def test_a_file_over_the_size_limit_is_named_in_thai_and_english(staff_server, page, tmp_path):
    url = staff_server["url"]
    sign_in(page, url, STAFF["coordinator"][0])
    page.goto(url + "/upload")
    page.wait_for_selector("#upload-file")
    big = tmp_path / "ทั้งประเทศ.csv"
    with big.open("wb") as out:  # one byte over the default JITASA_MAX_UPLOAD_MB (20) of the demo server
        out.truncate(20 * 1024 * 1024 + 1)
    page.set_input_files(FILE_INPUT, str(big))
    message = page.wait_for_selector("#upload-too-big-message", timeout=30_000).inner_text()
    assert "ทั้งประเทศ.csv" in message and "เกินขนาดสูงสุด 20 MB" in message and "แบ่งเป็นหลายไฟล์" in message
    assert "over the 20 MB limit" in message and "split it" in message
    assert page.is_disabled("#upload-check") and "ยังไม่ได้เลือกไฟล์" in page.inner_text("#upload-file-info")
    assert outside(page.requests) == []


def test_a_large_survey_file_shows_a_progress_bar_and_its_counts(staff_server, page):
    url = staff_server["url"]
    volunteer, subdistrict = STAFF["volunteer"]
    sign_in(page, url, volunteer)
    page.goto(url + "/upload")
    page.wait_for_selector("#upload-kind")
    assert page.inner_text("#upload-kind").strip() == "แบบสำรวจของอาสาข้อมูล"  # a volunteer uploads surveys only
    rows = 60_000
    lines = ["survey_date,subdistrict,village_no,target_group,age,doses_received,intention,full_name"]
    lines += [
        f"{1 + i % 28}/1/2565,{subdistrict},{1 + i % 12},general,{20 + i % 60},0,undecided,ทดสอบ {i}"
        for i in range(rows)
    ]
    choose_file(page, "แบบสำรวจ.csv", ("\n".join(lines) + "\n").encode())
    page.click("#upload-check")
    page.wait_for_selector("#upload-progress-bar", state="visible", timeout=30_000)
    phase = page.inner_text("#upload-progress-phase")
    assert re.search(r"\d+%", phase) and "แถว" in phase
    page.wait_for_selector("#upload-counts", timeout=300_000)
    assert page.is_hidden("#upload-progress")
    assert counts(page) == {"new": rows, "updated": 0, "unchanged": 0, "problems": 0}
    assert "ไม่พบปัญหา" in page.inner_text("#upload-result")
    assert outside(page.requests) == []
    # nothing is saved here: 60,000 real-looking records would change what the other tests see on this server
