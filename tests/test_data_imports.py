"""The import pipeline on SQLite and PostgreSQL, with the files people actually have."""

import hashlib
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
    assert {p["row"]: p["value"] for p in report["problems"]}[3] == "กรุงเทพมหานคร"  # as typed, not its code


def test_an_area_problems_value_is_the_cell_as_typed(state):
    content = (
        "facility_id,type,name_th,lat,lon,province,district\n"
        "A,hospital,ก,18.7883,98.9853,ชลบุรี,เมืองเชียงใหม่\n"  # the district is not in the province named
        "B,hospital,ข,13.7563,100.5018,กทม.,จอมทอง\n"  # Bangkok's Chom Thong: 5 km from the point
    )
    report = run_import(state, "facilities", content.encode(), "f.csv")
    assert [(p["row"], p["column"], p["value"]) for p in report["problems"]] == [
        (2, "district", "เมืองเชียงใหม่"),
        (3, "district", "จอมทอง"),
    ]
    assert "Mueang Chiang Mai (5001)" in report["problems"][0]["message_en"]  # the message names what it was read as


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
        ("31/01/2565 10:30", "2022-01-31"),  # a date and time as Excel exports them: the date is kept
        ("๓๑/๑/๒๕๖๕ ๑๐.๓๐ น.", "2022-01-31"),
    ],
)
def test_dates(text, iso):
    assert parse_date(text).isoformat() == iso


@pytest.mark.parametrize("batch", [5_000, 1])  # 1: every id read and deleted in a statement of its own
def test_an_accepted_upload_can_be_undone_exactly(state, engine, monkeypatch, batch):
    from data.schema import uploads as uploads_table
    from data.uploads import list_uploads, undo_upload

    monkeypatch.setattr("data.bulk.IN_BATCH", batch)

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


@pytest.mark.parametrize("follow_up", ["reviewed", "corrected", "home_visit"])
def test_a_survey_upload_whose_records_were_followed_up_is_not_undone(state, engine, follow_up):
    """A coordinator's review or a planned home visit is work a volunteer's undo must not throw away unseen."""
    from data.demo import _open_campaign
    from data.schema import home_visits
    from data.uploads import undo_upload

    with engine.begin() as conn:
        _open_campaign(conn)
    report = run_import(state, "surveys", SURVEY.format(nid="").encode(), "s.csv")
    untouched = run_import(state, "surveys", SURVEY.format(nid="").replace(",72,", ",73,").encode(), "t.csv")
    with engine.begin() as conn:
        survey_id = conn.execute(sa.select(sa.func.min(survey_records.c.id))).scalar()
        if follow_up == "home_visit":
            conn.execute(sa.insert(home_visits).values(survey_id=survey_id, status="to_plan", updated_at=sa.func.now()))
        else:
            status, version = ("rejected", 1) if follow_up == "reviewed" else ("corrected", 2)
            conn.execute(
                sa.update(survey_records)
                .where(survey_records.c.id == survey_id)
                .values(review_status=status, version=version)
            )
    with engine.begin() as conn, pytest.raises(UserInputError, match="reviewed or given a home visit") as refused:
        undo_upload(conn, report["upload_id"], None)
    assert f"record {survey_id})" in refused.value.problems[0].message_en
    assert "ตรวจสอบหรือมีการเยี่ยมบ้านแล้ว" in refused.value.problems[0].message_th
    assert count(engine, survey_records) == 2  # nothing deleted
    with engine.begin() as conn:  # an upload nobody followed up is undone as before
        assert undo_upload(conn, untouched["upload_id"], None) == {"deleted": 1, "restored": 0}


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


# -- chunks, progress, refusals ---------------------------------------------------------------------------------
def survey_rows(*rows: str) -> bytes:
    return (SURVEY.splitlines()[0] + "\n" + "".join(r + "\n" for r in rows)).encode()


GOOD_SURVEY_ROWS = [
    "17/01/2565,500101,1,elderly,70,0,wants,คนที่หนึ่ง,",
    "๑๘/๐๑/๒๕๖๕,ตำบลช้างม่อย,2,general,30,1,undecided,,1101700230708",
    "19/01/2565,Phra Sing,3,child_5_11,8,0,refuses,คนที่สาม,",
    "20/01/2565,500102,,bedridden,81,2,wants,คนที่สี่,",
    "21/01/2565,500101,5,elderly,66,0,ยังไม่ตัดสินใจ,คนที่ห้า,",
]


def open_campaign(engine):
    from data.demo import _open_campaign

    with engine.begin() as conn:
        _open_campaign(conn)


def test_chunks_give_the_same_report_and_rows_as_one_chunk(state, engine, monkeypatch):
    open_campaign(engine)
    content = survey_rows(
        *GOOD_SURVEY_ROWS,
        "",  # a blank line is no row, yet it counts in the numbering
        "30/02/2565,500101,1,elderly,70,0,wants,,",  # row 8: no such date
        GOOD_SURVEY_ROWS[0],  # row 9: the same record as row 2: stored once
        "17/01/2565,ตำบลที่ไม่มี,1,child_5_11,30,0,maybe,,1101700230709",  # row 10: four problems
    )
    whole = run_import(state, "surveys", content, "s.csv", dry_run=True)
    monkeypatch.setattr("data.imports.CHUNK_ROWS", 2)
    chunked = run_import(state, "surveys", content, "s.csv", dry_run=True)
    assert chunked == whole
    assert [(p["row"], p["column"]) for p in whole["problems"]] == [
        (8, "survey_date"),
        (10, "subdistrict"),
        (10, "intention"),
        (10, "national_id"),
        (10, "age"),
    ]
    assert (whole["rows"], whole["new"], whole["unchanged"]) == (8, 5, 1)
    kept = run_import(state, "surveys", content, "s.csv", keep_valid=True)
    assert (kept["new"], kept["unchanged"]) == (5, 1) and count(engine, survey_records) == 5
    again = run_import(state, "surveys", content, "s.csv", keep_valid=True)  # the same file twice changes nothing
    assert (again["new"], again["unchanged"]) == (0, 6) and count(engine, survey_records) == 5


def test_progress_is_reported_for_every_chunk_of_every_phase(state, engine, monkeypatch):
    open_campaign(engine)
    monkeypatch.setattr("data.imports.CHUNK_ROWS", 2)
    calls = []
    run_import(state, "surveys", survey_rows(*GOOD_SURVEY_ROWS), "s.csv", progress=lambda *call: calls.append(call))
    assert [phase for phase, _, _ in calls] == ["read", "validate", "store"] * 3
    assert [done for _, done, _ in calls[::3]] == [2, 4, 5] and {total for _, _, total in calls} == {5}


def test_a_refused_file_stores_nothing_but_leaves_an_audit_entry(state, engine):
    from data.schema import audit_log, upload_changes

    open_campaign(engine)
    content = survey_rows(*GOOD_SURVEY_ROWS, "17/01/2565,500101,1,elderly,17,0,wants,,")
    report = run_import(state, "surveys", content, "refused.csv", user_id=None)
    assert report["upload_id"] is None and [p["row"] for p in report["problems"]] == [7]
    assert count(engine, survey_records) == count(engine, uploads) == count(engine, upload_changes) == 0
    with engine.connect() as conn:
        entry = conn.execute(sa.select(audit_log)).mappings().one()
    assert entry["action"] == "upload.refused" and entry["entity_id"] is None
    assert entry["detail"] == {
        "kind": "surveys",
        "filename": "refused.csv",
        "checksum": hashlib.sha256(content).hexdigest(),
        "rows": 6,
        "problems": 1,
    }
    run_import(state, "surveys", content, "refused.csv", dry_run=True)  # a dry run leaves no trace
    assert count(engine, audit_log) == 1


def test_a_repeated_coverage_key_names_its_own_row_and_the_first_one(state, monkeypatch):
    content = (
        "as_of,area,target_group,dose,vaccinated\n"
        "2022-01-31,Atlantis,all,1,10\n"  # row 2: a problem of its own
        "2022-01-31,50,all,1,10\n"
        "2022-01-31,10,all,1,10\n"
        "31/1/2565,เชียงใหม่,ทุกกลุ่ม,1,12\n"  # row 5: the key of row 3, written otherwise
    )
    for chunk_rows in (20_000, 2):
        monkeypatch.setattr("data.imports.CHUNK_ROWS", chunk_rows)
        report = run_import(state, "coverage", content.encode(), "cov.csv")
        assert [(p["row"], p["column"]) for p in report["problems"]] == [(2, "area"), (5, "area")]
        assert "repeats row 3" in report["problems"][1]["message_en"]
    assert count(state.engine, coverage_facts) == 0


def test_a_coverage_file_in_chunks_updates_inserts_and_can_be_undone(state, monkeypatch):
    from data.uploads import undo_upload

    monkeypatch.setattr("data.imports.CHUNK_ROWS", 3)
    header = "as_of,area,target_group,dose,vaccinated,population\n"
    provinces = ["10", "50", "57", "30", "90", "83", "65"]
    first = header + "".join(f"2022-01-31,{p},all,1,{100 + i},\n" for i, p in enumerate(provinces))
    assert run_import(state, "coverage", first.encode(), "a.csv")["new"] == 7
    second = header + "".join(f"2022-01-31,{p},all,1,{100 + i + i % 2},\n" for i, p in enumerate(provinces))
    report = run_import(state, "coverage", (second + "2022-02-28,10,all,1,5,1000\n").encode(), "b.csv")
    assert (report["new"], report["updated"], report["unchanged"]) == (1, 3, 4)

    def stored():
        with state.engine.connect() as conn:
            c = coverage_facts.c
            return {
                (str(r.as_of), r.area, r.vaccinated) for r in conn.execute(sa.select(c.as_of, c.area, c.vaccinated))
            }

    assert stored() == {("2022-01-31", p, 100 + i + i % 2) for i, p in enumerate(provinces)} | {("2022-02-28", "10", 5)}
    with state.engine.begin() as conn:
        assert undo_upload(conn, report["upload_id"], None) == {"deleted": 1, "restored": 3}
    assert stored() == {("2022-01-31", p, 100 + i) for i, p in enumerate(provinces)}


def test_read_chunks_numbers_rows_as_the_spreadsheet_does():
    from data.parsing import read_chunks

    text = 'as_of,area,target_group,dose,vaccinated\n2022-01-31,10,all,1,1\n\n"2022-01-31",  50 ,"all\n",1,2\n,,,,\n2022-01-31,57,all,1\n'
    chunks = read_chunks(text.encode(), "c.csv", "coverage", chunk_rows=2)
    parts = list(chunks)
    assert chunks.total == 6  # lines after the header: one more than rows, as a quoted cell holds a line break
    assert [list(frame.index) for _, frame in parts] == [[2], [4], [6]]  # rows 3 and 5 are blank
    assert [done for done, _ in parts] == [2, 4, 6]
    frame = parts[1][1]
    assert frame.loc[4, "area"] == "50" and frame.loc[4, "target_group"] == "all"
    assert parts[2][1].loc[6, "vaccinated"] == ""  # a short record is padded


def test_a_coverage_report_dated_bangkoks_today_is_not_in_the_future(state, monkeypatch):
    """Between midnight and 07:00 in Bangkok the server's UTC date is still yesterday: a report an office dates today
    (Bangkok's) is accepted, the day after is refused."""
    import datetime as dt
    import types

    from data import coverage_import

    bangkok_today = dt.date.today() + dt.timedelta(days=1)  # a date the server's own (UTC) clock calls the future
    monkeypatch.setattr(coverage_import, "clock", types.SimpleNamespace(today=lambda: bangkok_today))
    header = "as_of,area,target_group,dose,vaccinated\n"
    today_row = f"{bangkok_today.isoformat()},50,all,1,10\n"
    assert run_import(state, "coverage", (header + today_row).encode(), "today.csv")["problems"] == []
    tomorrow = (bangkok_today + dt.timedelta(days=1)).isoformat()
    report = run_import(state, "coverage", f"{header}{tomorrow},57,all,1,10\n".encode(), "tomorrow.csv")
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(2, "as_of")]
    assert "after today" in report["problems"][0]["message_en"] and "พ.ศ." in report["problems"][0]["message_th"]


def test_a_year_typed_wrong_into_the_past_is_a_problem_that_says_check_the_year(state):
    """15/12/2465 (for 2565) was stored as a report of 1922; a date Excel shows as a number gets the hint to format
    the column as a date."""
    header = "as_of,area,target_group,dose,vaccinated\n"
    rows = "15/12/2465,50,all,1,10\n15/12/1021,57,all,1,10\n44545,10,all,1,10\n15/12/2564,30,all,1,10\n"
    report = run_import(state, "coverage", (header + rows).encode(), "typed.csv")
    problems = {p["row"]: p for p in report["problems"]}
    assert sorted(problems) == [2, 3, 4] and report["upload_id"] is None
    assert "check the year" in problems[2]["message_en"] and "โปรดตรวจปี พ.ศ." in problems[2]["message_th"]
    assert "check the year" in problems[3]["message_en"]
    assert (
        "format the column as a date" in problems[4]["message_en"] and "รูปแบบคอลัมน์เป็นวันที่" in problems[4]["message_th"]
    )
    assert count(state.engine, coverage_facts) == 0


def test_an_empty_required_choice_says_it_is_required_and_a_file_of_only_a_header_stores_nothing(state):
    report = run_import(
        state, "coverage", b"as_of,area,target_group,dose,vaccinated\n2022-01-31,50,,1,10\n", "total.csv"
    )
    [problem] = report["problems"]
    assert (problem["row"], problem["column"]) == (2, "target_group")
    assert problem["message_en"] == "target_group is required" and problem["message_th"] == "ต้องกรอก target_group"
    empty = run_import(state, "coverage", b"as_of,area,target_group,dose,vaccinated\n", "header-only.csv")
    assert empty["upload_id"] is None and "no rows" in empty["problems"][0]["message_en"]
    assert "ไม่มีแถวข้อมูล" in empty["problems"][0]["message_th"] and count(state.engine, uploads) == 0


def test_a_title_row_above_the_header_or_semicolons_between_columns_are_named_as_such(state):
    """Not five "required column missing": the one thing to fix, where."""
    header = "as_of,area,target_group,dose,vaccinated\n"
    titled = run_import(state, "coverage", f"รายงานเดือนมกราคม\n{header}2022-01-31,50,all,1,10\n".encode(), "t.csv")
    assert [(p["row"], p["message_en"]) for p in titled["problems"]] == [
        (1, "the header is on row 2: delete the 1 row(s) above it (a title), then upload again")
    ]
    assert "หัวตารางอยู่ที่แถว 2" in titled["problems"][0]["message_th"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["รายงานความครอบคลุม"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(header.strip().split(","))
    sheet.append(["2022-01-31", "50", "all", 1, 10])
    saved = io.BytesIO()
    book.save(saved)
    in_excel = run_import(state, "coverage", saved.getvalue(), "t.xlsx")
    assert [p["message_en"] for p in in_excel["problems"]] == [
        "the header is on row 3: delete the 2 row(s) above it (a title), then upload again"
    ]
    semicolons = header.replace(",", ";") + "2022-01-31;50;all;1;10\n"
    report = run_import(state, "coverage", semicolons.encode(), "s.csv")
    assert ["separated by semicolons" in p["message_en"] for p in report["problems"]] == [True]
    assert count(state.engine, coverage_facts) == 0


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("250,000", 250_000),
        ("๒๕๐,๐๐๐", 250_000),
        ("1,234.5", 1234.5),
        ("-1,000", -1000),
        ("18,7883", None),
        ("1,23", None),
    ],
)
def test_a_comma_is_read_only_as_a_thousands_separator(text, number):
    """ "18,7883" (a decimal comma) was read as 187,883 and reported as a point outside Thailand; it is now "not a
    number", whose message says to use a point."""
    from data.parsing import parse_float

    if number is None:
        with pytest.raises(ValueError):
            parse_float(text)
    else:
        assert parse_float(text) == number


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv"])
def test_a_file_of_no_bytes_is_said_to_be_empty_whatever_its_name(state, name):
    report = run_import(state, "coverage", b"", name)
    assert [p["message_en"] for p in report["problems"]] == ["the file is empty"]


@pytest.mark.parametrize("group", ["pregnant", "หญิงตั้งครรภ์", "all", "medical_staff"])
def test_a_survey_takes_only_the_six_groups_of_the_ministrys_order(state, engine, group):
    """Coverage's other groups (pregnant women, health workers, "all") are not groups a volunteer surveys."""
    from data.demo import _open_campaign

    with engine.begin() as conn:
        _open_campaign(conn)
    content = SURVEY.format(nid="").replace(",elderly,", f",{group},")
    report = run_import(state, "surveys", content.encode(), "s.csv")
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(2, "target_group")]
    options = report["problems"][0]["message_en"].split("(use ")[1]
    assert "elderly" in options and "pregnant" not in options and "medical_staff" not in options
    assert count(engine, survey_records) == 0


def test_phones_typed_in_thai_digits_are_stored_as_they_are_dialled(state, engine):
    from data.demo import _open_campaign

    with engine.begin() as conn:
        _open_campaign(conn)
    survey = SURVEY.format(nid="").replace("เลขประจำตัวประชาชน\n", "เลขประจำตัวประชาชน,โทรศัพท์\n")
    survey = survey.replace("สมชาย ใจดี,\n", "สมชาย ใจดี,,๐๘๑-๒๓๔-๕๖๗๘\n")
    assert run_import(state, "surveys", survey.encode(), "s.csv")["new"] == 1
    facility = "facility_id,type,name_th,lat,lon,phone\nP1,hospital,ก,18.7883,98.9853,๐๕๓ ๑๑๒ ๓๔๕ ต่อ ๑๒\n"
    assert run_import(state, "facilities", facility.encode(), "f.csv")["new"] == 1
    with engine.connect() as conn:
        assert conn.execute(sa.select(survey_personal.c.phone)).scalar() == "081-234-5678"
        assert conn.execute(sa.select(facilities.c.phone)).scalar() == "053 112 345 ต่อ 12"


def test_hours_no_clock_shows_are_a_problem_and_hours_the_finder_cannot_read_a_warning(state, engine):
    content = (
        "facility_id,type,name_th,lat,lon,opening_hours\n"
        "H1,hospital,ก,18.7883,98.9853,25:00-26:00\n"
        "H2,hospital,ข,18.7983,98.9853,เช้าถึงเย็น\n"
        "H3,hospital,ค,18.8083,98.9853,๐๘.๓๐-๑๖.๓๐ น.\n"
    )
    report = run_import(state, "facilities", content.encode(), "h.csv")
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(2, "opening_hours")]
    assert "no clock shows" in report["problems"][0]["message_en"] and "ไม่มีจริง" in report["problems"][0]["message_th"]
    unread = [w for w in report["warnings"] if w["column"] == "opening_hours"]
    assert [w["row"] for w in unread] == [3] and "hours not known" in unread[0]["message_en"]
