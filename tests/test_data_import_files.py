"""Files with known defects get exactly the right problems and store nothing; a Windows-874 file with Thai headers,
Buddhist-era dates and Thai digits is stored completely with its Thai text intact, and a second upload changes
nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data.imports import run_import
from data.schema import (
    audit_log,
    coverage_facts,
    facilities,
    facility_versions,
    survey_records,
    upload_changes,
    uploads,
)

FACILITY_HEADER = (
    "รหัสสถานที่,ประเภท,ชื่อ,ชื่อภาษาอังกฤษ,ละติจูด,ลองจิจูด,ที่อยู่,จังหวัด,อำเภอ,โทรศัพท์,เวลาทำการ,จำนวนเตียง,เตียงว่าง,สถานะ,วันที่ปรับปรุง\n"
)
# Mueang Chiang Mai (district 5001): Thai digits in coordinates and beds, Buddhist-era dates, Thai labels for the type
GOOD_FACILITIES = FACILITY_HEADER + (
    "ชม001,จุดฉีดวัคซีน,หอประชุมอำเภอเมืองเชียงใหม่,Mueang Chiang Mai hall,๑๘.๗๘๘๓,๙๘.๙๘๕๓,"
    '"ถ.พระปกเกล้า ต.ศรีภูมิ",เชียงใหม่,เมืองเชียงใหม่,๐๕๓-๒๑๑๐๔๘,๐๘:๓๐-๑๖:๓๐ น.,,,เปิด,๑๕/๑๒/๒๕๖๔\n'
    "ชม002,โรงพยาบาลสนาม,โรงพยาบาลสนาม มช. (หอพักนักศึกษา),,18.8010,98.9520,,50,5001,,,"
    '"๑,๒๐๐",๓๔๕,open,2021-12-20\n'
    "ชม003,community_isolation,ศูนย์พักคอยวัดพระสิงห์,,18.7888,98.9817,,TH-50,,,,40,12,เต็ม,20/12/2021\n"
)


def facility_rows(*rows: str) -> bytes:
    return (FACILITY_HEADER + "".join(r + "\n" for r in rows)).encode("cp874")


@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


def snapshot(engine) -> dict:
    """Every table an upload may touch, as counts (the audit log is allowed to grow by a refusal entry)."""
    tables = (facilities, facility_versions, coverage_facts, survey_records, uploads, upload_changes)
    with engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in tables}


def test_a_windows_874_facility_file_is_stored_completely_with_its_thai_text(state):
    content = GOOD_FACILITIES.encode("cp874")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # really Windows-874, not UTF-8
    report = run_import(state, "facilities", content, "สถานบริการ.csv")
    assert report["problems"] == [] and (report["new"], report["updated"], report["unchanged"]) == (3, 0, 0)
    with state.engine.connect() as conn:
        rows = {r["external_id"]: r for r in conn.execute(sa.select(facilities)).mappings()}
    hall, field, isolation = rows["ชม001"], rows["ชม002"], rows["ชม003"]
    assert hall["name_th"] == "หอประชุมอำเภอเมืองเชียงใหม่" and hall["name_en"] == "Mueang Chiang Mai hall"
    assert hall["address"] == "ถ.พระปกเกล้า ต.ศรีภูมิ" and hall["opening_hours"] == "๐๘:๓๐-๑๖:๓๐ น."
    assert hall["phone"] == "053-211048"  # kept as written, its Thai digits as the digits a phone dials
    assert (hall["lat"], hall["lon"]) == (18.7883, 98.9853) and hall["district"] == "5001"
    assert hall["type"] == "vaccination_point" and hall["status"] == "open"
    assert field["name_th"] == "โรงพยาบาลสนาม มช. (หอพักนักศึกษา)"
    assert (field["beds_total"], field["beds_available"]) == (1200, 345) and field["type"] == "field_hospital"
    assert isolation["status"] == "full" and isolation["province"] == "50"
    # the file's own "updated" date (Buddhist era 15/12/2564 = 2021-12-15) is when the record was last checked
    assert str(hall["updated_at"])[:10] == "2021-12-15" and str(field["updated_at"])[:10] == "2021-12-20"


def test_uploading_the_same_windows_874_file_again_changes_nothing(state):
    content = GOOD_FACILITIES.encode("cp874")
    run_import(state, "facilities", content, "f.csv")
    before = snapshot(state.engine)
    again = run_import(state, "facilities", content, "f.csv")
    assert again["problems"] == [] and (again["new"], again["updated"], again["unchanged"]) == (0, 0, 3)
    after = snapshot(state.engine)
    assert after["facility_versions"] == before["facility_versions"] and after["facilities"] == 3
    assert after["upload_changes"] == before["upload_changes"]


def test_a_facility_file_with_known_defects_gets_exactly_its_problems_and_stores_nothing(state):
    content = facility_rows(
        "A1,hospital,โรงพยาบาลก,,18.7883,98.9853,,,,,,,,,",  # row 2: good
        "A2,hospital,โรงพยาบาลข,,98.9853,18.7883,,,,,,,,,",  # row 3: lat and lon swapped
        "A3,hospital,โรงพยาบาลค,,1.5,1.5,,,,,,,,,",  # row 4: outside Thailand, not a swap
        "A4,hospital,โรงพยาบาลง,,18.7883,98.9853,,,สารภี,,,,,,",  # row 5: in Mueang, not in the Saraphi named
        "A5,clinic,คลินิกจ,,18.7883,98.9853,,,,,,,,,",  # row 6: unknown type
        "A6,hospital,โรงพยาบาลฉ,,18.7883,98.9853,,,,,,,,,31/02/2565",  # row 7: impossible date
        "A1,hospital,โรงพยาบาลก ซ้ำ,,18.7883,98.9853,,,,,,,,,",  # row 8: repeats the id of row 2
        "A8,hospital,,,18.7883,98.9853,,,,,,,,,",  # row 9: no name
        "A9,hospital,โรงพยาบาลช,,18.7883,98.9853,,กรุงเทพมหานคร,,,,,,,",  # row 10: not in the province named
    )
    before = snapshot(state.engine)
    report = run_import(state, "facilities", content, "defects.csv")
    found = sorted((p["row"], p["column"]) for p in report["problems"])
    assert found == [
        (3, "lat"),
        (4, "lat"),
        (5, "district"),
        (6, "type"),
        (7, "updated_at"),
        (8, "facility_id"),
        (9, "name_th"),
        (10, "province"),
    ]
    by_row = {p["row"]: p for p in report["problems"]}
    assert "swap" in by_row[3]["message_en"] and "สลับ" in by_row[3]["message_th"]
    assert "swap" not in by_row[4]["message_en"]
    assert "repeats row 2" in by_row[8]["message_en"]
    assert all(p["message_th"] and p["message_en"] for p in report["problems"])
    assert report["upload_id"] is None and snapshot(state.engine) == before


def test_keeping_the_valid_rows_stores_only_them(state):
    content = facility_rows(
        "K1,hospital,โรงพยาบาลก,,18.7883,98.9853,,,,,,,,,",
        "K2,hospital,โรงพยาบาลข,,98.9853,18.7883,,,,,,,,,",
    )
    report = run_import(state, "facilities", content, "k.csv", keep_valid=True)
    assert report["new"] == 1 and [p["row"] for p in report["problems"]] == [3]
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(facilities.c.external_id)).scalars().all() == ["K1"]


SURVEY_HEADER = (
    "วันที่สำรวจ,ตำบล,หมู่ที่,ละติจูด,ลองจิจูด,กลุ่มเป้าหมาย,อายุ,จำนวนเข็มที่ได้รับ,ความประสงค์,ต้องการฉีดที่บ้าน,"
    "เหตุผล,ชื่อ-นามสกุล,เลขประจำตัวประชาชน,โทรศัพท์\n"
)


def test_a_survey_file_with_known_defects_gets_exactly_its_problems(state, engine):
    from data.demo import _open_campaign

    with engine.begin() as conn:
        _open_campaign(conn)
    content = (
        SURVEY_HEADER
        + "๑๗/๐๑/๒๕๖๕,๕๐๐๑๐๑,๓,,,ผู้สูงอายุ,๗๒,๐,ยังไม่ตัดสินใจ,ใช่,กลัวผลข้างเคียง,สมศรี ใจดี,1101700230708,0812345678\n"
        + "30/02/2565,500101,3,,,elderly,72,0,wants,,,,,\n"  # row 3: impossible date
        + "17/01/2565,500101,3,,,child_5_11,30,0,wants,,,,,\n"  # row 4: age does not fit the group
        + "17/01/2565,500101,3,,,pilots,30,0,wants,,,,,\n"  # row 5: unknown group
        + "17/01/2565,500101,3,,,elderly,70,0,wants,,,,1101700230709,\n"  # row 6: bad checksum
        + "17/01/2565,ตำบลที่ไม่มี,3,,,elderly,70,0,wants,,,,,\n"  # row 7: unknown subdistrict
    ).encode("cp874")
    before = snapshot(engine)
    report = run_import(state, "surveys", content, "survey.csv")
    found = sorted((p["row"], p["column"]) for p in report["problems"])
    assert found == [(3, "survey_date"), (4, "age"), (5, "target_group"), (6, "national_id"), (7, "subdistrict")]
    assert "1101700230709" not in str(report)  # a national id is never echoed back
    assert snapshot(engine) == before
    good = run_import(state, "surveys", content.split(b"\n")[0] + b"\n" + content.split(b"\n")[1] + b"\n", "s.csv")
    assert good["problems"] == [] and good["new"] == 1
    with engine.connect() as conn:
        record = conn.execute(sa.select(survey_records)).mappings().one()
    assert record["reason"] == "กลัวผลข้างเคียง" and record["subdistrict"] == "500101" and record["needs_home_visit"]


def test_a_refused_file_leaves_a_trace_in_the_audit_log_only(state):
    content = facility_rows("R1,hospital,โรงพยาบาลก,,98.9853,18.7883,,,,,,,,,")
    before = snapshot(state.engine)
    run_import(state, "facilities", content, "refused.csv")
    assert snapshot(state.engine) == before
    with state.engine.connect() as conn:
        actions = conn.execute(sa.select(audit_log.c.action)).scalars().all()
    assert "upload.refused" in actions


def test_a_count_too_large_for_any_column_is_a_problem_not_a_crash(state):
    content = (
        "as_of,area,target_group,dose,vaccinated\n2022-01-31,50,all,1,12345678901234567890\n2022-01-31,10,all,1,5\n"
    )
    report = run_import(state, "coverage", content.encode(), "big.csv")
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(2, "vaccinated")]
    assert "too large" in report["problems"][0]["message_en"] and report["upload_id"] is None
