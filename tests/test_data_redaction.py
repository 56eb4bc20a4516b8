"""data/redaction.py: national ids replaced by their keyed hash in kept files (CSV in UTF-8 or Windows-874, .xlsx),
the rest of the file as it was; hidden in a job's report."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from data.redaction import hide_national_ids, national_id_hash, redact_file, redact_text, report_without_ids

KEY = b"a test key"
RAW = "1101700230708"  # valid checksums
DASHED = "3-5001-00123-45-7"  # 3500100123457
THAI = "๑๒๓๔๕๖๗๘๙๐๑๒๑"  # 1234567890121
SPACED = "1 1017 00230 70 8"
NOT_AN_ID = "1101700230709"  # 13 digits, wrong checksum: left alone outside the id column


def h(text: str) -> str:
    return national_id_hash(KEY, text)


def test_the_hash_is_the_stored_one_whatever_the_writing():
    assert h("๑๑๐๑๗๐๐๒๓๐๗๐๘") == h(RAW) == h("1-1017-00230-70-8") == h(SPACED) == h(" 1 1017 00230 70 8 ")
    assert len(h(RAW)) == 64 and h(RAW) != national_id_hash(b"another key", RAW)


def test_any_valid_national_id_in_a_text_is_replaced_and_nothing_else():
    text = f"บัตร {RAW}, โทร 0891234567, {DASHED}; {THAI} / {NOT_AN_ID} / 11017002307081"
    assert redact_text(text, KEY) == (
        f"บัตร {h(RAW)}, โทร 0891234567, {h(DASHED)}; {h(THAI)} / {NOT_AN_ID} / 11017002307081"
    )
    assert hide_national_ids(f"id {RAW}") == "id (hidden)"


def test_a_text_already_redacted_is_left_alone():
    once = redact_text(f"{RAW} {DASHED}", KEY)
    assert redact_text(once, KEY) == once


def survey_csv(newline: str = "\n") -> str:
    rows = [
        "วันที่สำรวจ,ชื่อ-นามสกุล,เลขประจำตัวประชาชน,เหตุผล",
        f'20/01/2565,"ใจดี, สมชาย",{RAW},ok',
        f'21/01/2565,นายทดสอบ,{DASHED},"บัตร {THAI}{newline}บรรทัดที่สอง"',
        '22/01/2565,"นาง ""ศรี""",12345,"x"',  # a mistyped id in the id column: hashed too
        "23/01/2565,ไม่มีเลข,ไม่มี,-",  # no digit: left
        "24/01/2565,ว่าง,,",
    ]
    return newline.join(rows) + newline


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_csv_keeps_its_encoding_line_breaks_and_quoting(encoding, newline):
    text = survey_csv(newline)
    kept = redact_file(text.encode(encoding), KEY)
    expected = (
        text.replace(RAW, h(RAW))
        .replace(DASHED, h(DASHED))
        .replace(THAI, h(THAI))
        .replace(",12345,", f",{h('12345')},")
    )
    assert kept == expected.encode(encoding)
    assert redact_file(kept, KEY) == kept  # twice changes nothing


def test_the_id_column_is_found_by_its_english_name_too():
    text = f"survey_date,national_id,phone\n2022-01-20,99-1,{RAW}\n"
    assert (
        redact_file(text.encode(), KEY).decode() == f"survey_date,national_id,phone\n2022-01-20,{h('99-1')},{h(RAW)}\n"
    )


@pytest.mark.parametrize("name", ["เลขบัตรประชาชน", "CID", "citizen_id"])
def test_the_id_column_is_found_by_the_other_names_the_upload_reads(name):
    """A column the upload reads as the national id (parsing.ALIASES) is the one whose mistyped ids are hashed."""
    text = f"survey_date,{name},phone\n2022-01-20,12345,0812345678\n"
    assert redact_file(text.encode(), KEY).decode() == f"survey_date,{name},phone\n2022-01-20,{h('12345')},0812345678\n"


def test_a_file_that_cannot_be_read_is_not_kept():
    assert redact_file(b"PK\x03\x04 not a zip", KEY) is None


def workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["วันที่สำรวจ", "ชื่อ-นามสกุล", "เลขประจำตัวประชาชน", "เหตุผล"])
    sheet.append(["20/01/2565", "ก", int(RAW), "x"])  # a number
    sheet.append(["21/01/2565", "ข", DASHED, f"บัตร {THAI}"])  # shared strings
    sheet.append(["22/01/2565", "12345", "12345", "y"])  # a mistyped id; the same text elsewhere stays
    sheet.append(["23/01/2565", "ค", "99999", "z"])
    sheet["B6"] = "=1+1"
    other = book.create_sheet("อื่น")
    other.append([SPACED])
    other.append([int("3500100123457")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_has_hashes_where_ids_were_and_is_still_a_workbook():
    kept = redact_file(workbook_bytes(), KEY)
    with zipfile.ZipFile(io.BytesIO(kept)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    for needle in (RAW, DASHED, THAI, SPACED, "3500100123457", "99999"):
        assert needle.encode() not in everything, needle
    book = openpyxl.load_workbook(io.BytesIO(kept))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == ["วันที่สำรวจ", "ชื่อ-นามสกุล", "เลขประจำตัวประชาชน", "เหตุผล"]
    assert rows[1] == ["20/01/2565", "ก", h(RAW), "x"]
    assert rows[2] == ["21/01/2565", "ข", h(DASHED), f"บัตร {h(THAI)}"]
    assert rows[3] == ["22/01/2565", "12345", h("12345"), "y"]
    assert rows[4] == ["23/01/2565", "ค", h("99999"), "z"]
    assert rows[5][1] == "=1+1"  # a formula stays a formula
    assert [r[0] for r in book.worksheets[1].iter_rows(values_only=True)] == [h(SPACED), h("3500100123457")]
    assert redact_file(kept, KEY) == kept


def test_a_report_beside_a_job_shows_no_national_id():
    report = {
        "problems": [{"row": 2, "column": "phone", "value": RAW, "message_en": f"{RAW} is not a phone number"}],
        "warnings": [{"row": 3, "column": "reason", "value": "ok", "message_en": "fine"}],
        "new": 1,
    }
    hidden = report_without_ids(report)
    assert hidden["problems"][0]["value"] == "(hidden)" and RAW not in str(hidden)
    assert hidden["warnings"] == report["warnings"] and hidden["new"] == 1


@pytest.mark.parametrize(
    "text",
    [
        'a,b\n1,"two\nlines"\n3,"say ""hi"""\r\n4,x\r5,"a\r\nb",c',  # quoted line breaks, escaped quotes, \r\n, \r
        'a,b\n1,"never closed\n2,x\n',  # an odd number of quotes: read as the csv module reads it
        'a,b\n"x"\n"y\n"\n',  # quotes that open and close on the next line
        "",
        "only a header",
    ],
)
def test_the_fast_record_split_finds_the_records_the_record_pattern_finds(text):
    from data.redaction import _RECORD, _records

    assert [r for r in _records(text) if r] == [m.group() for m in _RECORD.finditer(text) if m.group()]
    assert "".join(_records(text)) == text


def test_a_file_of_many_ids_is_redacted_as_one_id_at_a_time_would_be():
    ids = [RAW, DASHED, THAI, SPACED, NOT_AN_ID, h(RAW)]
    text = "\n".join(f"row {i}: {ids[i % len(ids)]} and {ids[(i * 7) % len(ids)]}" for i in range(60))
    assert redact_text(text, KEY) == "\n".join(redact_text(line, KEY) for line in text.split("\n"))
    assert RAW not in redact_text(text, KEY) and THAI not in redact_text(text, KEY)


def test_a_text_read_in_pieces_is_redacted_as_the_whole(monkeypatch):
    from data import redaction

    text = "\n".join(f"{RAW},{THAI}\n{DASHED} {NOT_AN_ID}\n\n{h(RAW)}{i}" for i in range(20))
    whole = redact_text(text, KEY)
    monkeypatch.setattr(redaction, "_PIECE", 7)  # a cut after nearly every line
    assert redact_text(text, KEY) == whole and RAW not in whole and DASHED not in whole


@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_a_csv_rewritten_in_pieces_of_records_is_the_csv_rewritten_whole(monkeypatch, encoding):
    """The kept copy of a CSV is made a piece of whole records at a time: a cut after every record gives the file a
    single piece gives, with quoted line breaks, quoted ids, a quote never closed, and each kind of line break."""
    from data import redaction

    rows = [
        "ชื่อ,เลขประจำตัวประชาชน,หมายเหตุ",
        f'สมชาย,{RAW},"บัตร {DASHED}\nอีกบรรทัด"',
        f'"ใจดี, สมศรี","{THAI}",{SPACED}',
        f"ไม่มี,123-45,{NOT_AN_ID}",
        f'"a ""quoted"" name",{h(RAW)},x',
        f'ค้าง,{RAW},"never closed {DASHED}',
        f"after,{DASHED},{RAW}",
    ]
    for newline in ("\n", "\r\n", "\r"):
        content = newline.join(rows).encode(encoding)
        whole = redact_file(content, KEY)
        monkeypatch.setattr(redaction, "_PIECE", 1)  # one record a piece
        assert redact_file(content, KEY) == whole
        monkeypatch.setattr(redaction, "_PIECE", 1 << 20)
        assert RAW.encode() not in whole and THAI.encode(encoding) not in whole and h(SPACED).encode() in whole
