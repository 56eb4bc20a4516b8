"""Upload templates: the Thai headers the upload reads, drop-down lists, a help sheet; filled in, they import."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
import sqlalchemy as sa

from data.imports import run_import
from data.parsing import HEADERS, REQUIRED
from data.registries import SERVICES
from data.schema import campaigns, uploads
from data.templates import COLUMNS, HELP_SHEET, LISTS_SHEET, choice_lists, template_csv, template_xlsx

# two valid rows of each kind, by column code
ROWS = {
    "facilities": [
        dict(facility_id="T1", type="จุดฉีดวัคซีน", name_th="หอประชุมอำเภอเมืองเชียงใหม่", lat="18.7883", lon="98.9853",
             province="เชียงใหม่", district="เมืองเชียงใหม่", phone="053 112 345", status="เปิดให้บริการ"),
        dict(facility_id="T2", type="hospital", name_th="โรงพยาบาลทดสอบ", lat="7.0086", lon="100.4747",
             province="สงขลา", beds_total="120", beds_available="35"),
    ],
    "coverage": [
        dict(as_of="31/01/2565", area="เชียงใหม่", target_group="ผู้สูงอายุ", dose="1", vaccinated="250000", population="300000"),
        dict(as_of="2022-01-31", area="5001", target_group="all", dose="2", vaccinated="1000"),
    ],
    "surveys": [
        dict(survey_date="17/01/2565", subdistrict="500101", village_no="3", target_group="ผู้สูงอายุ", age="72",
             doses_received="0", intention="ยังไม่ตัดสินใจ", needs_home_visit="ใช่", full_name="สมชาย ใจดี",
             national_id="1101700230708", phone="0812345678"),
        dict(survey_date="18/01/2565", subdistrict="500105", target_group="เด็กอายุ 5–11 ปี", age="8",
             doses_received="1", intention="ต้องการฉีด", needs_home_visit="ไม่ใช่"),
    ],
}  # fmt: skip


@pytest.fixture
def state(engine, import_state_factory):
    state = import_state_factory(engine)
    with engine.begin() as conn:  # surveys are taken only while a campaign is open
        conn.execute(sa.insert(campaigns).values(name_th="รอบทดสอบ", name_en="Test", opened_on=dt.date(2022, 1, 17)))
    return state


def first_sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


def filled_xlsx(content: bytes, rows: list[dict]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    codes = [HEADERS_BY_KIND_CODE[sheet.title][h.value] for h in sheet[1]]
    for row in rows:
        sheet.append([row.get(code, "") for code in codes])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADERS_BY_KIND_CODE = {
    sheet: HEADERS[kind]
    for kind, sheet in {"facilities": "สถานบริการ", "coverage": "ความครอบคลุม", "surveys": "แบบสำรวจ"}.items()
}


def filled_csv(content: bytes, kind: str, rows: list[dict]) -> bytes:
    text = content.decode("utf-8-sig")
    codes = [HEADERS[kind][h] for h in next(csv.reader(io.StringIO(text)))]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([row.get(code, "") for code in codes])
    return content + buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("kind", list(HEADERS))
def test_the_header_row_is_exactly_the_thai_headers_the_upload_reads(kind, real_registry):
    sheet = first_sheet(template_xlsx(kind, real_registry))
    assert [c.value for c in sheet[1]] == list(HEADERS[kind])
    assert sheet.max_row == 1 and sheet.freeze_panes == "A2"
    assert [c.code for c in COLUMNS[kind]] == list(HEADERS[kind].values())
    content = template_csv(kind)
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == ",".join(HEADERS[kind]) + "\r\n"


@pytest.mark.parametrize("kind", list(HEADERS))
def test_each_header_carries_its_english_code_and_the_help_sheet_explains_every_column(kind, real_registry):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(kind, real_registry)))
    assert book.sheetnames[1:] == [HELP_SHEET, LISTS_SHEET] and book[LISTS_SHEET].sheet_state == "hidden"
    for cell, code in zip(book.worksheets[0][1], HEADERS[kind].values()):
        assert cell.comment.text.startswith(code + " · ")
    help_rows = [[c.value for c in row] for row in book[HELP_SHEET].iter_rows()]
    described = {row[1]: row for row in help_rows if row[0] in HEADERS[kind]}
    assert list(described) == list(HEADERS[kind].values())
    for code, row in described.items():
        assert row[2].startswith("จำเป็น") == (code in REQUIRED[kind]) and row[5]  # every column has an example


def drop_downs(sheet) -> dict[str, str]:
    """Header -> the list formula of its drop-down."""
    headers = {c.column_letter: c.value for c in sheet[1]}
    return {
        headers[str(v.sqref).split(":")[0].rstrip("0123456789")]: v.formula1
        for v in sheet.data_validations.dataValidation
    }


def list_values(book, formula: str) -> list[str]:
    cells = book[LISTS_SHEET][formula.split("!")[1].replace("$", "")]
    return [row[0].value for row in cells]


def test_drop_down_lists_offer_the_thai_labels(real_registry):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("facilities", real_registry)))
    lists = drop_downs(book.worksheets[0])
    assert set(lists) == {"ประเภท", "สถานะ", "จังหวัด", "บริการ"}
    assert list_values(book, lists["ประเภท"]) == [
        "จุดฉีดวัคซีน",
        "จุดตรวจโควิด",
        "โรงพยาบาล",
        "โรงพยาบาลสนาม",
        "จุดพักคอย",
        "จุดเติมออกซิเจน",
    ]
    provinces = list_values(book, lists["จังหวัด"])
    assert len(provinces) == 77 and "เชียงใหม่" in provinces and provinces.index("กระบี่") == 0
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("surveys", real_registry)))
    lists = drop_downs(book.worksheets[0])
    assert set(lists) == {"กลุ่มเป้าหมาย", "ความประสงค์", "ต้องการฉีดที่บ้าน"}  # no area asked: no subdistrict list
    assert list_values(book, lists["ความประสงค์"]) == ["ต้องการฉีด", "ยังไม่ตัดสินใจ", "ไม่ต้องการฉีด"]
    assert len(list_values(book, lists["กลุ่มเป้าหมาย"])) == 6 and list_values(book, lists["ต้องการฉีดที่บ้าน"]) == [
        "ใช่",
        "ไม่ใช่",
    ]
    coverage = openpyxl.load_workbook(io.BytesIO(template_xlsx("coverage", real_registry)))
    assert list_values(coverage, drop_downs(coverage.worksheets[0])["กลุ่มเป้าหมาย"])[0] == "ทุกกลุ่ม"


def test_a_survey_template_for_an_area_lists_its_subdistrict_codes(real_registry):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("surveys", real_registry, "5001")))
    codes = list_values(book, drop_downs(book.worksheets[0])["ตำบล"])
    assert len(codes) == 16 and codes[0] == "500101"
    help_text = str([[c.value for c in row] for row in book[HELP_SHEET].iter_rows()])
    assert "'500101', 'ศรีภูมิ', 'Si Phum'" in help_text
    assert choice_lists(real_registry, "TH").keys() == choice_lists(real_registry).keys()


def test_codes_and_ids_are_typed_as_text_so_excel_keeps_every_digit(real_registry):
    sheet = first_sheet(template_xlsx("surveys", real_registry))
    headers = {c.value: c.column_letter for c in sheet[1]}
    for header in ("ตำบล", "เลขประจำตัวประชาชน", "โทรศัพท์"):
        assert sheet.column_dimensions[headers[header]].number_format == "@"
    assert sheet.column_dimensions[headers["อายุ"]].number_format == "General"


@pytest.mark.parametrize("kind", list(HEADERS))
def test_a_filled_in_xlsx_template_imports(kind, state):
    content = filled_xlsx(template_xlsx(kind, state.registry), ROWS[kind])
    report = run_import(state, kind, content, f"{kind}.xlsx")
    assert report["problems"] == [] and (report["rows"], report["new"]) == (2, 2)


@pytest.mark.parametrize("kind", list(HEADERS))
def test_a_filled_in_csv_template_imports(kind, state):
    content = filled_csv(template_csv(kind), kind, ROWS[kind])
    report = run_import(state, kind, content, f"{kind}.csv")
    assert report["problems"] == [] and (report["rows"], report["new"]) == (2, 2)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_an_untouched_template_imports_no_rows_and_says_so(extension, state):
    content = template_xlsx("surveys", state.registry) if extension == "xlsx" else template_csv("surveys")
    report = run_import(state, "surveys", content, f"surveys.{extension}", dry_run=True)
    assert (report["rows"], report["new"]) == (0, 0)
    assert [p["message_en"] for p in report["problems"]] == [
        "the file has a header but no rows: check that it is the right file (or sheet)"
    ]
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(uploads)).scalar_one() == 0


# -- the routes (public) -------------------------------------------------------------------------------------------
def test_templates_download_without_signing_in(client):
    response = client.get("/api/v1/templates/surveys.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "jitasa-surveys-template.xlsx" in response.headers["Content-Disposition"]
    assert [c.value for c in first_sheet(response.data)[1]][:2] == ["วันที่สำรวจ", "ตำบล"]
    response = client.get("/api/v1/templates/facilities.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.decode("utf-8-sig").startswith("รหัสสถานที่,ประเภท,ชื่อ,")


def test_a_template_for_an_area_and_the_errors(client):
    book = openpyxl.load_workbook(io.BytesIO(client.get("/api/v1/templates/surveys.xlsx?area=500101").data))
    assert list_values(book, drop_downs(book.worksheets[0])["ตำบล"]) == ["500101"]
    missing = client.get("/api/v1/templates/vaccines.xlsx")
    assert missing.status_code == 404 and "facilities, coverage, surveys" in missing.get_json()["error"]
    bad = client.get("/api/v1/templates/surveys.xlsx?area=Chiang%20Mia")
    assert bad.status_code == 422 and bad.get_json()["problems"][0]["column"] == "area"


# -- the temporary sites' columns -------------------------------------------------------------------------------------
def test_the_facility_template_has_the_temporary_site_columns_with_the_services_list(real_registry):
    headers = list(HEADERS["facilities"])
    assert headers[-4:] == ["เปิดตั้งแต่", "เปิดถึง", "บริการ", "วันที่ปรับปรุง"]
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("facilities", real_registry)))
    services = list_values(book, drop_downs(book.worksheets[0])["บริการ"])
    assert services == [entry.label_th for entry in SERVICES]  # the registry's services, in its order
    assert {"ฉีดวัคซีน", "รับผู้ไม่ได้นัดหมาย (walk-in)", "ฉีดที่บ้านสำหรับผู้ป่วยติดเตียง"} <= set(services)


def temporary_site(state, header: str, *rows: str) -> tuple[dict, list[dict]]:
    report = run_import(state, "facilities", (header + "\n" + "\n".join(rows) + "\n").encode(), "sites.csv")
    from data.schema import facilities

    with state.engine.connect() as conn:
        stored = [dict(r) for r in conn.execute(sa.select(facilities).order_by(facilities.c.id)).mappings()]
    return report, stored


@pytest.mark.parametrize(
    "header",
    [
        "facility_id,type,name_th,lat,lon,beds_total,beds_available,valid_from,valid_to,services",
        "รหัสสถานที่,ประเภท,ชื่อ,ละติจูด,ลองจิจูด,จำนวนเตียง,เตียงว่าง,เปิดตั้งแต่,เปิดถึง,บริการ",
    ],
)
def test_an_upload_stores_the_temporary_site_columns_in_thai_or_english(state, header):
    report, stored = temporary_site(
        state,
        header,
        'FH1,field_hospital,โรงพยาบาลสนามทดสอบ,18.7883,98.9853,120,35,1/8/2564,2021-12-31,"walk_in, วัคซีนสำหรับเด็ก"',
    )
    assert report["problems"] == [] and report["new"] == 1
    (site,) = stored
    assert (site["valid_from"], site["valid_to"]) == (dt.date(2021, 8, 1), dt.date(2021, 12, 31))
    assert site["services"] == ["walk_in", "child_doses"] and (site["beds_total"], site["beds_available"]) == (120, 35)


def test_temporary_site_problems_and_a_file_without_those_columns_keeps_them(state):
    header = "facility_id,type,name_th,lat,lon,valid_from,valid_to,services"
    report, stored = temporary_site(
        state, header, "FH1,field_hospital,รพ.สนามหนึ่ง,18.7883,98.9853,31/12/2564,1/8/2564,ฉีดยา"
    )
    problems = {(p["column"], p["message_en"]) for p in report["problems"]}
    assert ("valid_to", "valid_to is before valid_from") in problems and stored == []
    assert any(column == "services" and "unknown value 'ฉีดยา'" in en for column, en in problems)

    temporary_site(state, header, "FH1,field_hospital,รพ.สนามหนึ่ง,18.7883,98.9853,1/8/2564,31/12/2564,walk_in")
    report, (site,) = temporary_site(
        state, "facility_id,type,name_th,lat,lon,beds_total", "FH1,field_hospital,รพ.สนามหนึ่ง,18.7883,98.9853,50"
    )
    assert report["updated"] == 1 and site["beds_total"] == 50
    assert site["valid_to"] == dt.date(2021, 12, 31) and site["services"] == ["walk_in"]  # not in the file: kept
    report, (site,) = temporary_site(state, header, "FH1,field_hospital,รพ.สนามหนึ่ง,18.7883,98.9853,,,")
    assert report["updated"] == 1 and site["valid_from"] is None and site["services"] is None  # empty cells: cleared
