"""The import pipeline on SQLite and PostgreSQL, with the files people actually have."""

import io

import openpyxl
import pytest
import sqlalchemy as sa

from data.errors import UserInputError
from data.imports import run_import
from data.parsing import parse_date, valid_national_id
from data.schema import coverage_facts, facilities, facility_versions, survey_personal, survey_records, uploads

COVERAGE_TH = (
    " ข้อมูล ณ วันที่ , พื้นที่ ,กลุ่มเป้าหมาย,เข็มที่,จำนวนผู้ได้รับวัคซีน,ประชากรเป้าหมาย\n"
    '๓๑/๑/๒๕๖๕,เชียงใหม่,ผู้สูงอายุ,1,"250,000",300000\n'
    "31/01/2565,TH-10,elderly,2,1000,\n"
)


@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


def count(engine, table):
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_windows_874_thai_headers_buddhist_dates_thai_digits(state):
    report = run_import(state, "coverage", COVERAGE_TH.encode("cp874"), "cov.csv")
    assert report["problems"] == [] and report["new"] == 2
    with state.engine.connect() as conn:
        row = conn.execute(sa.select(coverage_facts).where(coverage_facts.c.area == "50")).mappings().one()
    assert str(row["as_of"]) == "2022-01-31" and row["vaccinated"] == 250_000 and row["target_group"] == "elderly"


def test_same_file_twice_changes_nothing(state):
    run_import(state, "coverage", COVERAGE_TH.encode("utf-8-sig"), "cov.csv")
    again = run_import(state, "coverage", COVERAGE_TH.encode("utf-8-sig"), "cov.csv")
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert count(state.engine, coverage_facts) == 2


def test_a_file_with_problems_stores_nothing_and_names_row_and_column(state):
    bad = COVERAGE_TH + "2022-01-31,Chiang Mia,all,1,10,\n32/13/2565,50,xyz,0,-5,\n"
    report = run_import(state, "coverage", bad.encode(), "cov.csv")
    where = {(p["row"], p["column"]) for p in report["problems"]}
    assert (4, "area") in where and {(5, "as_of"), (5, "target_group"), (5, "dose"), (5, "vaccinated")} <= where
    chiang_mia = next(p for p in report["problems"] if p["row"] == 4)
    assert "Chiang Mai" in chiang_mia["message_en"] and "เชียงใหม่" in chiang_mia["message_th"]
    assert count(state.engine, coverage_facts) == 0 and count(state.engine, uploads) == 0


def test_dry_run_reports_and_stores_nothing(state):
    report = run_import(state, "coverage", COVERAGE_TH.encode(), "cov.csv", dry_run=True)
    assert report["new"] == 2 and count(state.engine, coverage_facts) == 0


def facility_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["รหัสสถานที่", "ประเภท", "ชื่อ", "ละติจูด", "ลองจิจูด", "จังหวัด"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_facilities_from_excel_update_in_place_with_versions(state):
    first = facility_xlsx([["V1", "จุดฉีดวัคซีน", "หอประชุมอำเภอเมือง", "18.7883", "98.9853", "เชียงใหม่"]])
    report = run_import(state, "facilities", first, "f.xlsx")
    assert report["problems"] == [] and report["new"] == 1
    second = facility_xlsx([["V1", "vaccination_point", "หอประชุมอำเภอเมืองเชียงใหม่", "18.7883", "98.9853", "50"]])
    report = run_import(state, "facilities", second, "f.xlsx")
    assert report["updated"] == 1
    with state.engine.connect() as conn:
        row = conn.execute(sa.select(facilities)).mappings().one()
        assert row["version"] == 2 and row["district"] == "5001"
        assert conn.execute(sa.select(sa.func.count()).select_from(facility_versions)).scalar() == 2


def test_swapped_and_misplaced_points_are_problems_with_hints(state):
    rows = [
        ["A", "hospital", "ก", "98.9853", "18.7883", ""],  # lat and lon swapped
        ["B", "hospital", "ข", "18.7883", "98.9853", "กรุงเทพมหานคร"],  # in Chiang Mai, not Bangkok
        ["C", "hospital", "ค", "1.0", "1.0", ""],
    ]
    report = run_import(state, "facilities", facility_xlsx(rows), "f.xlsx")
    messages = {p["row"]: p["message_en"] for p in report["problems"]}
    assert "swap" in messages[2]
    assert "not in the province" in messages[3]
    assert "outside Thailand" in messages[4]
    assert count(state.engine, facilities) == 0


SURVEY = (
    "วันที่สำรวจ,ตำบล,หมู่ที่,กลุ่มเป้าหมาย,อายุ,จำนวนเข็มที่ได้รับ,ความประสงค์,ชื่อ-นามสกุล,เลขประจำตัวประชาชน\n"
    "17/01/2565,500102,3,elderly,72,0,undecided,สมชาย ใจดี,{nid}\n"
)


def test_survey_personal_data_is_kept_apart_and_the_id_only_hashed(state, engine):
    from data.demo import _open_campaign

    with engine.begin() as conn:
        _open_campaign(conn)
    nid = "1101700230708"
    assert valid_national_id(nid)
    report = run_import(state, "surveys", SURVEY.format(nid=nid).encode(), "s.csv")
    assert report["problems"] == [] and report["new"] == 1
    with engine.connect() as conn:
        personal = conn.execute(sa.select(survey_personal)).mappings().one()
        record = conn.execute(sa.select(survey_records)).mappings().one()
    assert personal["national_id_hash"] != nid and nid not in str(dict(record))
    assert record["district"] == "5001"


def test_a_bad_national_id_is_a_problem(state, engine):
    from data.demo import _open_campaign

    with engine.begin() as conn:
        _open_campaign(conn)
    report = run_import(state, "surveys", SURVEY.format(nid="1101700230709").encode(), "s.csv")
    assert [p["column"] for p in report["problems"]] == ["national_id"]
    assert "1101700230709" not in str(report)


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2565-01-31", "2022-01-31"),
        ("31/1/2565", "2022-01-31"),
        ("๓๑/๐๑/๒๐๒๒", "2022-01-31"),
        ("2022-01-31", "2022-01-31"),
        ("31.01.65", "2022-01-31"),
    ],
)
def test_dates(text, iso):
    assert parse_date(text).isoformat() == iso


def test_an_accepted_upload_can_be_undone_exactly(state, engine):
    from data.schema import uploads as uploads_table
    from data.uploads import list_uploads, undo_upload

    first = run_import(state, "coverage", COVERAGE_TH.encode(), "cov.csv")
    changed = COVERAGE_TH.replace('"250,000"', '"260,000"') + "31/01/2565,เชียงราย,all,1,5,\n"
    second = run_import(state, "coverage", changed.encode(), "cov2.csv")
    assert (second["new"], second["updated"], second["unchanged"]) == (1, 1, 1)
    with engine.begin() as conn:
        with pytest.raises(UserInputError, match="later upload"):
            undo_upload(conn, first["upload_id"], None)  # the second changed its rows: undo that one first
    with engine.begin() as conn:
        assert undo_upload(conn, second["upload_id"], None) == {"deleted": 1, "restored": 1}
    with engine.connect() as conn:
        rows = {(r.area, r.vaccinated) for r in conn.execute(sa.select(coverage_facts))}
        assert rows == {("50", 250_000), ("10", 1000)}
        assert [u["outcome"] for u in list_uploads(conn)] == ["undone", "accepted"]
    with engine.begin() as conn:
        undo_upload(conn, first["upload_id"], None)
    assert count(engine, coverage_facts) == 0
    with engine.begin() as conn:
        with pytest.raises(UserInputError, match="already undone"):
            undo_upload(conn, first["upload_id"], None)
    assert count(engine, uploads_table) == 2  # the history stays


def test_undoing_a_facility_update_reverts_with_a_new_version(state, engine):
    from data.uploads import undo_upload

    run_import(state, "facilities", facility_xlsx([["V1", "hospital", "ก", "18.7883", "98.9853", ""]]), "a.xlsx")
    report = run_import(
        state, "facilities", facility_xlsx([["V1", "hospital", "ข", "18.7883", "98.9853", ""]]), "b.xlsx"
    )
    with engine.begin() as conn:
        undo_upload(conn, report["upload_id"], None)
    with engine.connect() as conn:
        row = conn.execute(sa.select(facilities)).mappings().one()
        changes = [v.change for v in conn.execute(sa.select(facility_versions).order_by(facility_versions.c.version))]
    assert row["name_th"] == "ก" and row["version"] == 3 and changes == ["create", "update", "revert"]
