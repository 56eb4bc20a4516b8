"""Fuzzed and hostile uploads: never a 500, never a hang, never a stack trace, and a refused file stores nothing.

Every file goes to POST /api/v1/uploads/{facilities|coverage|surveys} through Flask's test client, as a national
admin or a coordinator would send it (multipart field ``file``, a Bearer token), mostly as a dry run, sometimes to
be saved. Each answer must be 200 (the report) or a 4xx JSON object with ``error`` and ``error_th``, every problem
with a Thai and an English message; no request may take more than ``BOUND_S`` (each runs in a thread with a
timeout); a dry run or a refused file leaves the facilities, coverage facts, survey records and uploads as they were.

- hypothesis draws malformed CSV (random quoting, unbalanced quotes, ragged rows, NUL bytes, line endings, BOMs,
  encodings, Thai digits, repeated headers), binary junk with or without a known file signature, and workbooks
  with random cells (formulas among them) that may then be truncated or have bytes flipped;
- hand-written cases pin what people read for each kind of bad file: a CSV (empty, BOM only, header only, headers
  repeated, thousands of columns, a cell of megabytes, a line of millions of cells, over the size limit), an encoding
  (UTF-16 with and without BOM, Latin-1, Shift-JIS, Windows-874 behind a UTF-8 BOM, bytes that are no text), binary
  junk (random bytes, a PNG, a zip that is no workbook, a truncated workbook, an old .xls, names that lie), and hostile
  workbooks built here with zipfile: deeply nested XML, a zip bomb, a part packed a thousand to one, entity
  expansion ("billion laughs") and an external entity, a sheet claiming A1:XFD1048576, a cell in column XFD, a row
  1,048,576, thousands of sheets, more parts than are read;
- formulas and formula-looking text in a workbook are read as values and text, never evaluated;
- on PostgreSQL (when reachable) texts longer than their column, and NUL bytes, are problems, not crashes.

The hypothesis properties run ``EXAMPLES`` (30) examples each, the same ones every run (derandomized, no example
database): the whole file takes about half a minute.

Soak: ``JITASA_SOAK=1`` turns the file into a soak test. Each property then draws ``SOAK_EXAMPLES`` (10,000) new
random examples, and every case runs on PostgreSQL too (when reachable); ``JITASA_SOAK=N`` (N > 1) draws N examples
per property instead. On two CPUs, 10,000 examples take about 20 minutes per database::

    JITASA_SOAK=1 .venv/bin/python -m pytest tests/test_fuzz_uploads.py
    JITASA_SOAK=500 .venv/bin/python -m pytest tests/test_fuzz_uploads.py -k "fuzz_ and postgresql"
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import datetime as dt
import io
import os
import random
import re
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from data.parsing import HEADERS, REQUIRED, column_codes
from data.schema import coverage_facts, facilities, survey_records, uploads

pytestmark = pytest.mark.fuzz

SOAK_FLAG = os.environ.get("JITASA_SOAK", "").strip()
SOAK = SOAK_FLAG not in ("", "0")
EXAMPLES = 30  # per property, in CI
SOAK_EXAMPLES = int(SOAK_FLAG) if SOAK_FLAG.isdigit() and int(SOAK_FLAG) > 1 else 10_000
BOUND_S = 20.0  # no answer may take longer (the slowest hostile case here takes about a second)
LIMIT_MB = 8  # the app's upload limit in this file
KINDS = tuple(HEADERS)
THAI = re.compile(r"[\u0e00-\u0e7f]")
FUZZ = settings(
    max_examples=SOAK_EXAMPLES if SOAK else EXAMPLES,
    deadline=None,
    derandomize=not SOAK,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- the app ------------------------------------------------------------------------------------------------------
class App(tuple):
    """(client, tokens, state), with a short repr: hypothesis prints the arguments of a failing example."""

    def __repr__(self) -> str:
        return "App(client, tokens, state)"


def build_app(data_dir, geo_cache_dir, database_url: str = ""):
    """An app with the upload limit LIMIT_MB, a national admin and a coordinator of Mueang Chiang Mai (tokens), and
    an open campaign (so that survey rows are checked): (client, tokens, state)."""
    from fixtures_app import make_settings

    from app import create_app
    from dashboard.state import build_state
    from data.users import create_token, create_user

    (data_dir / "cache").symlink_to(geo_cache_dir)
    state = build_state(make_settings(data_dir, database_url=database_url, max_upload_mb=LIMIT_MB))
    tokens = {}
    with state.engine.begin() as conn:
        for name, role, area in (("nat", "national_admin", "TH"), ("coord", "coordinator", "5001")):
            create_user(conn, name, "a-long-password", role, area)
            tokens[name] = create_token(conn, name)
    client = create_app(state.settings, state).server.test_client()
    opened = client.post(
        "/api/v1/campaigns",
        headers={"Authorization": f"Bearer {tokens['nat']}"},
        json={"name_th": "รอบทดสอบ", "name_en": "test round", "opened_on": "2022-01-01"},
    )
    assert opened.status_code == 201, opened.get_json()
    return App((client, tokens, state))


@contextlib.contextmanager
def postgres_app_at(base_url: str, data_dir, geo_cache_dir):
    """build_app on PostgreSQL, in a schema of its own (dropped afterwards)."""
    from fixtures_app import _drop_schema, _fresh_postgres_schema

    name, url, admin = _fresh_postgres_schema(base_url)
    app = build_app(data_dir, geo_cache_dir, url)
    try:
        yield app
    finally:
        app[2].engine.dispose()
        _drop_schema(admin, name)


# every case on SQLite; the soak also runs them all on PostgreSQL
DATABASES = ["sqlite", *([pytest.param("postgresql", marks=pytest.mark.postgres)] if SOAK else [])]


@pytest.fixture(scope="module", params=DATABASES)
def app(request, tmp_path_factory, geo_cache_dir):
    data_dir = tmp_path_factory.mktemp("fuzz-uploads")
    if request.param == "sqlite":
        yield build_app(data_dir, geo_cache_dir)
        return
    with postgres_app_at(request.getfixturevalue("postgres_available"), data_dir, geo_cache_dir) as app:
        yield app


def stored(state) -> tuple[int, ...]:
    with state.engine.connect() as conn:
        return tuple(
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in (facilities, coverage_facts, survey_records, uploads)
        )


def post(client, token: str, kind: str, content: bytes, filename: str, dry_run: bool = True):
    """The upload, in a thread: fails when it takes more than BOUND_S."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(
        client.post,
        f"/api/v1/uploads/{kind}" + ("?dry_run=1" if dry_run else ""),
        headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )
    try:
        return future.result(timeout=BOUND_S)
    except concurrent.futures.TimeoutError:
        pytest.fail(f"the upload of {filename} ({len(content):,} bytes) took more than {BOUND_S} s")
    finally:
        pool.shutdown(wait=False)


def send(app, kind: str, content: bytes, filename: str = "file.csv", dry_run: bool = True, who: str = "nat") -> dict:
    """Upload; check the answer is a report or a clear JSON 4xx, and that nothing was stored unless the file was
    saved. Returns the answer's body with its ``status``."""
    client, tokens, state = app
    before = stored(state)
    response = post(client, tokens[who], kind, content, filename, dry_run)
    body = check_answer(response)
    if dry_run or body["status"] != 200 or body.get("upload_id") is None:
        assert stored(state) == before, f"a refused or dry-run upload stored something: {body}"
    return body


def check_answer(response) -> dict:
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text[:1000]
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.status_code
    assert "Traceback" not in text and 'File "' not in text, text[:1000]
    assert response.is_json, text[:300]
    body = response.get_json()
    assert isinstance(body, dict)
    if response.status_code != 200:
        assert body.get("error") and THAI.search(body.get("error_th") or ""), body
    for problem in body.get("problems", []) + body.get("warnings", []):
        assert problem["message_en"] and THAI.search(problem["message_th"]), problem
    return body | {"status": response.status_code}


def refused(body: dict, words: str) -> str:
    """The message of a file refused as a whole (dry run: 200 with the problem), which must contain ``words``."""
    problems = body.get("problems") or []
    assert problems, body
    message = " / ".join(p["message_en"] for p in problems)
    assert words in message, message
    return message


# -- files ----------------------------------------------------------------------------------------------------------
def csv_bytes(rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


GOOD = {
    "facilities": ["hospital", "โรงพยาบาลทดสอบ", "18.7883", "98.9853"],
    "coverage": ["2022-01-31", "5001", "all", "1", "1000"],
    "surveys": ["20/01/2565", "500101", "elderly", "70", "0", "undecided"],
}


def good_csv(kind: str, extra_header=(), extra_cells=()) -> list[list[str]]:
    return [[*REQUIRED[kind], *extra_header], [*GOOD[kind], *extra_cells]]


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def sheet_rows(rows) -> str:
    """Rows as sheetData XML: str cells inline, numbers as numbers."""
    out = []
    for number, row in enumerate(rows, 1):
        cells = []
        for column, value in enumerate(row):
            ref = f"{openpyxl.utils.get_column_letter(column + 1)}{number}"
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        out.append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(out)


def workbook_parts(rows=(), *, sheet_xml=None, sheets=1, dimension="", shared_strings=None) -> dict[str, bytes]:
    """The parts of a minimal workbook, built by hand: ``sheets`` sheets that all show the same sheet part."""
    sheet_xml = sheet_xml or f"<worksheet {NS}>{dimension}<sheetData>{sheet_rows(rows)}</sheetData></worksheet>"
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
    overrides += f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>'
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        for i in range(1, sheets + 1)
    )
    parts = {
        "xl/worksheets/sheet1.xml": sheet_xml.encode(),
        "xl/workbook.xml": (
            f"<workbook {NS} {REL_NS}><sheets>"
            + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1))
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            + (
                f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                if shared_strings
                else ""
            )
            + "</Relationships>"
        ).encode(),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
    }
    if shared_strings:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/>'
        parts["xl/sharedStrings.xml"] = shared_strings.encode()
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    ).encode()
    return parts


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def workbook(rows=(), **kwargs) -> bytes:
    return zipped(workbook_parts(rows, **kwargs))


def openpyxl_workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb(unpacked_mb: int) -> bytes:
    """A workbook whose sheet inflates to ``unpacked_mb`` MB of the same row (about a thousand to one), written
    piece by piece: the test never holds the inflated sheet either."""
    parts = workbook_parts()
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 20_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f"<worksheet {NS}><sheetData>".encode())
            for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']><sst {NS} count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<sst {NS} count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)
FACILITY_HEADER = ["type", "name_th", "lat", "lon"]
SHARED_ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>hospital</t></is></c><c r="B2" t="s"><v>0</v></c></row>'


def with_shared_strings(sst: str) -> bytes:
    sheet = f"<worksheet {NS}><sheetData>{sheet_rows([FACILITY_HEADER])}{SHARED_ROW}</sheetData></worksheet>"
    return workbook(sheet_xml=sheet, shared_strings=sst)


def far_cells_workbook() -> bytes:
    """A header of four columns, then a thousand rows each with a cell in column XFD (the last)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>hospital</t></is></c>'
        f'<c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(2, 1002)
    )
    return workbook(
        sheet_xml=f"<worksheet {NS}><sheetData>{sheet_rows([FACILITY_HEADER])}{rows}</sheetData></worksheet>"
    )


def far_header_workbook() -> bytes:
    """The four headers, and one more in column XFD (the 16,384th)."""
    header = (
        sheet_rows([FACILITY_HEADER]).removesuffix("</row>") + '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return workbook(sheet_xml=f"<worksheet {NS}><sheetData>{header}</sheetData></worksheet>")


def nested_workbook(depth: int, where: str) -> bytes:
    nest = "<x>" * depth + "</x>" * depth
    parts = workbook_parts([FACILITY_HEADER, GOOD["facilities"]])
    if where == "sheet":
        parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
            b"<sheetData>", f"<sheetData>{nest}".encode()
        )
    else:
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<sheets>", f"{nest}<sheets>".encode())
    return zipped(parts)


def many_parts(count: int) -> bytes:
    parts = workbook_parts([FACILITY_HEADER, GOOD["facilities"]])
    parts |= {f"xl/media/extra{i}.bin": b"" for i in range(count)}
    return zipped(parts)


def truncated(content: bytes) -> bytes:
    return content[: len(content) // 2]


def unknown_zip_version() -> bytes:
    """A workbook whose zip directory says its parts need zip version 12.2 to unpack (no such version)."""
    data = bytearray(openpyxl_workbook(good_csv("facilities")))
    at = data.index(b"PK\x01\x02")  # the first entry of the central directory
    data[at + 6 : at + 8] = (122).to_bytes(2, "little")  # "version needed to extract"
    return bytes(data)


def not_a_workbook_zip() -> bytes:
    return zipped({"readme.txt": b"hello", "data.csv": csv_bytes(good_csv("facilities"))})


# -- hand-written cases ---------------------------------------------------------------------------------------------
RNG = random.Random(20220131)
RANDOM_BYTES = bytes(RNG.randrange(256) for _ in range(20_000))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
THAI_ROWS = [["type", "name_th", "lat", "lon"], ["hospital", "โรงพยาบาลนครพิงค์", "18.7883", "98.9853"]]
HUGE_CELL = 3 * 1024 * 1024  # 3 MB in one cell: under the limit of this app

# name: (kind, file name, content or a function making it, words the problem must hold; None: any answer, no crash)
CASES = {
    # malformed CSV
    "empty file": ("facilities", "f.csv", b"", "the file is empty"),
    "BOM only": ("coverage", "c.csv", b"\xef\xbb\xbf", "the file is empty"),
    # a header alone is most likely the wrong file (the template, an empty sheet): refused, with nothing kept
    "header only": ("surveys", "s.csv", lambda: csv_bytes([REQUIRED["surveys"]]), "a header but no rows"),
    "header repeated in the header row": (
        "facilities",
        "f.csv",
        lambda: csv_bytes([REQUIRED["facilities"] * 2, GOOD["facilities"] * 2]),
        "appears 2 times",
    ),
    "a column in Thai and in English": (
        "coverage",
        "c.csv",
        lambda: csv_bytes([[*REQUIRED["coverage"], "จำนวนผู้ได้รับวัคซีน"], [*GOOD["coverage"], "5"]]),
        "appears 2 times",
    ),
    "the header row again as a row": (
        "facilities",
        "f.csv",
        lambda: csv_bytes([*good_csv("facilities"), REQUIRED["facilities"]]),
        "not a number",
    ),
    "thousands of columns": (
        "facilities",
        "f.csv",
        lambda: csv_bytes(good_csv("facilities", [f"c{i}" for i in range(5000)], ["v"] * 5000)),
        "the header row has 5,004 columns",
    ),
    "ragged rows": (
        "coverage",
        "c.csv",
        lambda: csv_bytes([REQUIRED["coverage"], ["2022-01-31"], GOOD["coverage"] + ["x"] * 50, []]),
        "",
    ),
    "a quote never closed": (
        "facilities",
        "f.csv",
        lambda: b'type,name_th,lat,lon\nhospital,"never closed,18.7,98.9\n' + b"hospital,x,18.7,98.9\n" * 200,
        "",
    ),
    "a quote never closed, megabytes on": (
        "facilities",
        "f.csv",
        lambda: b'type,name_th,lat,lon\nhospital,"never closed,18.7,98.9\n' + b"hospital,x,18.7,98.9\n" * 100_000,
        "row 2: a cell is longer than 131,072 characters",
    ),
    "NUL bytes": ("facilities", "f.csv", b"type,name_th,lat,lon\nhospital,a\x00b,18.7,98.9\n", "NUL byte on line 2"),
    "a line of millions of cells": (
        "coverage",
        "c.csv",
        lambda: csv_bytes(good_csv("coverage")) + b"2022-01-31,5001,all,1,5" + b",y" * 2_000_000 + b"\n",
        "",
    ),
    "a cell of megabytes": (
        "surveys",
        "s.csv",
        lambda: csv_bytes(good_csv("surveys", ["reason"], ["x" * HUGE_CELL])),
        "longer than 131,072 characters",
    ),
    "a cell longer than a spreadsheet's": (
        "surveys",
        "s.csv",
        lambda: csv_bytes(good_csv("surveys", ["reason"], ["ก" * 40_000])),
        "40,000 characters: a cell of reason holds at most 32,767",
    ),
    "a name longer than its column": (
        "facilities",
        "f.csv",
        lambda: csv_bytes(good_csv("facilities", ["name_en"], ["n" * 301])),
        "301 characters: a cell of name_en holds at most 300",
    ),
    "a count of infinity": (
        "coverage",
        "c.csv",
        lambda: csv_bytes(good_csv("coverage", ["population"], ["inf"])),
        "'inf' is not a whole number",
    ),
    "coordinates that are not numbers (nan)": (
        "surveys",
        "s.csv",
        lambda: csv_bytes(good_csv("surveys", ["lat", "lon"], ["nan", "-inf"])),
        "'nan' is not a number / '-inf' is not a number",
    ),
    "old Mac line endings (CR alone)": (
        "facilities",
        "f.csv",
        lambda: csv_bytes(good_csv("facilities")).replace(b"\r\n", b"\r"),
        "",
    ),
    # encodings
    "UTF-16 with BOM": ("facilities", "f.csv", lambda: csv_bytes(THAI_ROWS, "utf-16"), "UTF-16"),
    "UTF-16 without BOM": ("facilities", "f.csv", lambda: csv_bytes(THAI_ROWS, "utf-16-le"), "UTF-16"),
    "UTF-16 big-endian without BOM": ("facilities", "f.csv", lambda: csv_bytes(THAI_ROWS, "utf-16-be"), "UTF-16"),
    "Latin-1": (
        "facilities",
        "f.csv",
        lambda: csv_bytes([FACILITY_HEADER, ["hospital", "Café", "18.7", "98.9"]], "latin-1"),
        None,
    ),
    "Shift-JIS": (
        "facilities",
        "f.csv",
        lambda: csv_bytes([FACILITY_HEADER, ["hospital", "東京病院", "18.7", "98.9"]], "shift_jis"),
        "neither UTF-8 nor Windows-874",
    ),
    "Windows-874 behind a UTF-8 BOM": (
        "facilities",
        "f.csv",
        lambda: b"\xef\xbb\xbf" + csv_bytes(THAI_ROWS, "cp874"),
        "starts with the UTF-8 mark (BOM) but line 2 is not UTF-8",
    ),
    "invalid UTF-8 that is no Windows-874 either": (
        "coverage",
        "c.csv",
        lambda: csv_bytes(good_csv("coverage")) + b"2022-01-31,\xff\xfe\xfd,all,1,5\n",
        "neither UTF-8 nor Windows-874 (TIS-620) (see line 3)",
    ),
    # binary junk
    "random bytes": ("coverage", "c.csv", RANDOM_BYTES, None),
    "random bytes named .xlsx": ("coverage", "c.xlsx", RANDOM_BYTES, "is not a valid .xlsx workbook"),
    "a PNG named .csv": ("facilities", "f.csv", PNG, "binary data"),
    "a zip that is no workbook": ("facilities", "f.xlsx", not_a_workbook_zip, "not a valid .xlsx workbook"),
    "a truncated workbook": (
        "facilities",
        "f.xlsx",
        lambda: truncated(openpyxl_workbook(good_csv("facilities"))),
        "not a valid .xlsx workbook",
    ),
    "a zip version no one knows": ("coverage", "c.xlsx", unknown_zip_version, "not a valid .xlsx workbook"),
    "a workbook named .csv": ("facilities", "f.csv", lambda: openpyxl_workbook(good_csv("facilities")), ""),
    "a CSV named .xlsx": (
        "facilities",
        "f.xlsx",
        lambda: csv_bytes(good_csv("facilities")),
        "“f.xlsx” is not a valid .xlsx workbook",
    ),
    "an old .xls": ("facilities", "f.xls", OLE2, "old Excel 97–2003 workbook (.xls) or a password-protected"),
    # hostile workbooks
    "deeply nested XML in the sheet": ("facilities", "f.xlsx", lambda: nested_workbook(50_000, "sheet"), None),
    "deeply nested XML in the workbook part": (
        "facilities",
        "f.xlsx",
        lambda: nested_workbook(50_000, "workbook"),
        None,
    ),
    "a zip bomb (300 MB unpacked)": (
        "facilities",
        "f.xlsx",
        lambda: zip_bomb(300),
        "MB when unpacked, more than the 256 MB that is read",
    ),
    "a part packed a thousand to one (120 MB)": (
        "coverage",
        "c.xlsx",
        lambda: zip_bomb(120),
        "unpacks to 343 times its packed size",
    ),
    "entity expansion (billion laughs)": (
        "facilities",
        "f.xlsx",
        lambda: with_shared_strings(LAUGHS),
        "declares an XML document type (<!DOCTYPE> in its part xl/sharedStrings.xml)",
    ),
    "an external entity": ("facilities", "f.xlsx", lambda: with_shared_strings(XXE), "declares an XML document type"),
    "a sheet that claims A1:XFD1048576": (
        "facilities",
        "f.xlsx",
        lambda: workbook(good_csv("facilities"), dimension='<dimension ref="A1:XFD1048576"/>'),
        "",
    ),
    "a cell in column XFD of the header": (
        "facilities",
        "f.xlsx",
        lambda: far_header_workbook(),
        "header row has 16,384",
    ),
    "a cell in column XFD of each row": ("facilities", "f.xlsx", far_cells_workbook, "name_th is required"),
    "a row numbered 1,048,576": (
        "coverage",
        "c.xlsx",
        lambda: workbook(
            sheet_xml=f"<worksheet {NS}><sheetData>{sheet_rows(good_csv('coverage'))}"
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>2022-01-31</t></is></c></row>'
            "</sheetData></worksheet>"
        ),
        "",
    ),
    "thousands of sheets": ("facilities", "f.xlsx", lambda: workbook(good_csv("facilities"), sheets=5000), ""),
    "more parts than are read": ("facilities", "f.xlsx", lambda: many_parts(10_001), "parts (at most 10,000"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_gets_a_report_or_a_clear_refusal(case, app):
    kind, filename, content, words = CASES[case]
    body = send(app, kind, content() if callable(content) else content, filename)
    assert body["status"] == 200  # a dry run answers with its report
    if words:
        refused(body, words)
    elif words == "":
        assert not [p for p in body["problems"] if p["row"] in (None, 1)], body["problems"]


@pytest.mark.parametrize(
    "case",
    [
        "NUL bytes",
        "a CSV named .xlsx",
        "entity expansion (billion laughs)",
        "a cell of megabytes",
        "coordinates that are not numbers (nan)",
        "header only",
    ],
)
def test_a_hostile_file_sent_to_be_saved_is_refused_with_nothing_stored(case, app):
    kind, filename, content, words = CASES[case]
    body = send(app, kind, content() if callable(content) else content, filename, dry_run=False, who="coord")
    assert body["status"] == 422 and body["upload_id"] is None
    refused(body, words)


def test_an_external_entity_is_never_read(app):
    body = send(app, "facilities", with_shared_strings(XXE), "f.xlsx")
    assert "root:" not in str(body)


def test_a_file_over_the_limit_is_a_json_413(app):
    body = send(app, "coverage", b"as_of,area,target_group,dose,vaccinated\n" + b"x" * (LIMIT_MB * 1024 * 1024 + 10))
    assert body["status"] == 413
    assert f"{LIMIT_MB} MB limit" in body["error"] and "แบ่ง" in body["error_th"]


def test_formulas_in_a_workbook_are_read_as_their_saved_values_and_formula_text_as_text(app):
    """A formula cell reads as the value Excel saved with it (nothing when none was saved): never evaluated; text
    that looks like a formula stays that text, and is stored as written."""
    from data.parsing import read_table

    sheet = (
        f"<worksheet {NS}><sheetData>{sheet_rows([[*FACILITY_HEADER, 'name_en', 'address']])}"
        '<row r="2"><c r="A2" t="inlineStr"><is><t>hospital</t></is></c>'
        '<c r="B2" t="str"><f>HYPERLINK("http://evil.example","x")</f><v>saved value</v></c>'
        '<c r="C2"><f>1+1</f><v>18.7883</v></c><c r="D2"><v>98.9853</v></c>'
        '<c r="E2" t="inlineStr"><is><t>=1+1</t></is></c><c r="F2"><f>NOW()</f></c></row>'
        "</sheetData></worksheet>"
    )
    content = workbook(sheet_xml=sheet)
    row = read_table(content, "f.xlsx", "facilities").loc[2]
    assert row[["name_th", "lat", "lon", "name_en", "address"]].tolist() == [
        "saved value",
        "18.7883",
        "98.9853",
        "=1+1",
        "",
    ]
    body = send(app, "facilities", content, "formulas.xlsx", dry_run=False)
    assert body["status"] == 200 and body["new"] == 1, body
    _, _, state = app
    with state.engine.connect() as conn:
        names = conn.execute(
            sa.select(facilities.c.name_th, facilities.c.name_en).where(facilities.c.name_th == "saved value")
        ).all()
    assert names == [("saved value", "=1+1")]


def test_a_formula_without_a_saved_value_reads_as_empty_and_is_never_evaluated(app):
    """openpyxl (and so a script) writes a text starting with "=" as a formula without a saved value: the cell reads
    as empty (nothing computes 1+1), and the row is told so."""
    content = openpyxl_workbook([FACILITY_HEADER, ["hospital", "=1+1", 18.7883, 98.9853]])
    body = send(app, "facilities", content, "f.xlsx")
    assert [p["message_en"] for p in body["problems"]] == ["name_th is required"]


# -- fuzzing ----------------------------------------------------------------------------------------------------------
TRICKY = [
    '"',
    '""',
    '"a',
    'a"b',
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@A1",
    "\r",
    "\n",
    "\t",
    "\ufeff",
    "๑๒๓",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-0",
    "99999999999999999999999",
    "0x10",
    "1,234",
    "31/02/2565",
    "00/00/0000",
    "2022-13-45",
    "9999-12-31",
    "0001-01-01",
    "TH-50",
    "TH5001",
    "เชียงใหม่",
    "ก" * 400,
    " ",
    "",
]
PLAUSIBLE = {
    "facilities": {
        "type": ["hospital", "จุดฉีดวัคซีน", "test_site"],
        "name_th": ["โรงพยาบาล", "จุดตรวจ"],
        "lat": ["18.7883", "๑๘.๗๘", "98.9853", "0"],
        "lon": ["98.9853", "18.7883", "200"],
        "status": ["open", "เต็ม"],
        "beds_total": ["10", "-1", "1.5"],
        "province": ["50", "เชียงใหม่", "Bangkok"],
        "district": ["5001", "เมืองเชียงใหม่"],
        "updated_at": ["17/01/2565", "2022-01-17"],
    },
    "coverage": {
        "as_of": ["2022-01-31", "31/1/65", "2099-01-01"],
        "area": ["50", "5001", "TH-50", "เชียงใหม่"],
        "target_group": ["all", "elderly", "ผู้สูงอายุ"],
        "dose": ["1", "2", "0"],
        "vaccinated": ["1000", "1,000", "-5"],
        "population": ["5000", ""],
    },
    "surveys": {
        "survey_date": ["20/01/2565", "2022-01-20", "2021-12-01"],
        "subdistrict": ["500101", "500102", "100101"],
        "target_group": ["elderly", "general", "child_5_11"],
        "age": ["70", "8", "200"],
        "doses_received": ["0", "2", "9"],
        "intention": ["wants", "undecided", "ไม่ต้องการ"],
        "national_id": ["1101700230708", "1234567890123"],
        "needs_home_visit": ["ใช่", "maybe"],
    },
}
# mostly the encodings people have, sometimes the ones they should not
ENCODINGS = ["utf-8"] * 4 + ["utf-8-sig"] * 2 + ["cp874"] * 2 + ["utf-16", "utf-16-le", "latin-1", "shift_jis"]
DAMAGES = ["nul", "cut", "quote", "bom", "header"]


@st.composite
def headers(draw, kind: str) -> tuple[list[str], list[str]]:
    """(header cells, the column code of each): the required columns in any order, some others, each in Thai or
    English; now and then a column twice or a header that is no column."""
    thai = {v: k for k, v in HEADERS[kind].items()}
    optional = [c for c in thai if c not in REQUIRED[kind]]
    codes = draw(st.permutations(list(REQUIRED[kind]))) + draw(st.lists(st.sampled_from(optional), unique=True))
    codes = draw(st.permutations(codes))
    if draw(st.integers(0, 9)) == 0:
        codes = [*codes, draw(st.sampled_from(codes))]
    cells = [thai[c] if draw(st.booleans()) else c for c in codes]
    if draw(st.integers(0, 4)) == 0:
        cells.append(draw(st.text(max_size=8).filter(lambda t: column_codes([t], kind)[0] not in thai)))
        codes.append("")
    return cells, codes


def cells_of(kind: str, code: str):
    plausible = PLAUSIBLE[kind].get(code) or GOOD[kind][:1]
    return st.one_of(
        st.sampled_from(plausible), st.sampled_from(plausible), st.sampled_from(TRICKY), st.text(max_size=12)
    )


@st.composite
def csv_files(draw):
    """(kind, file name, content): a CSV of plausible and tricky cells under a plausible header, written by
    csv.writer or joined by hand (unbalanced quotes), with any line ending, maybe damaged (a NUL, a cut, a stray
    quote, a BOM, the header again), in some encoding."""
    kind = draw(st.sampled_from(KINDS))
    header, codes = draw(headers(kind))
    rows = draw(
        st.lists(
            st.tuples(*[cells_of(kind, c) for c in codes]).map(list)
            | st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), max_size=len(codes) + 3),
            max_size=25,
        )
    )
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    if draw(st.integers(0, 3)):
        out = io.StringIO()
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        csv.writer(out, lineterminator=ending, quoting=quoting).writerows([header, *rows])
        text = out.getvalue()
    else:
        text = ending.join(",".join(row) for row in [header, *rows])
    for damage in draw(st.lists(st.sampled_from(DAMAGES), max_size=2)) if not draw(st.integers(0, 2)) else []:
        at = draw(st.integers(0, 1 << 20)) % (len(text) + 1)
        text = {
            "nul": text[:at] + "\x00" + text[at:],
            "cut": text[:at],
            "quote": text[:at] + '"' + text[at:],
            "bom": "\ufeff" + text,
            "header": text + ending + ",".join(header),
        }[damage]
    content = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return kind, draw(st.sampled_from(["f.csv"] * 6 + ["f.CSV", "f.txt", "f.xlsx"])), content


@FUZZ
@given(file=csv_files(), dry_run=st.booleans())
def test_fuzz_malformed_csv(app, file, dry_run):
    kind, filename, content = file
    send(app, kind, content, filename, dry_run=dry_run)


SIGNATURES = [b"", b"PK\x03\x04", b"PK\x05\x06", OLE2[:8], PNG[:8], b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-1.7\n"]


@FUZZ
@given(
    kind=st.sampled_from(KINDS),
    signature=st.sampled_from(SIGNATURES),
    junk=st.binary(max_size=4096),
    filename=st.sampled_from(["f.csv", "f.xlsx", "f.xlsm", "f"]),
)
def test_fuzz_binary_junk(app, kind, signature, junk, filename):
    send(app, kind, signature + junk, filename)


def writable(value):
    """The value without the control characters a workbook cannot hold (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


CELL_VALUES = st.one_of(
    st.none(),
    st.sampled_from(TRICKY),
    st.text(max_size=20),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["=1+1", '=HYPERLINK("http://x","y")', "=NOW()", "=A1", "=1/0", "=SUM(A1:XFD1048576)"]),
)


@st.composite
def workbooks(draw):
    """(kind, content): a workbook openpyxl writes with a plausible header and random cells (a text starting with "="
    becomes a formula without a saved value), then now and then cut short or with some bytes changed."""
    kind = draw(st.sampled_from(KINDS))
    header, codes = draw(headers(kind))
    rows = draw(
        st.lists(
            st.tuples(*[st.one_of(cells_of(kind, c), CELL_VALUES) for c in codes]).map(list)
            | st.lists(CELL_VALUES, max_size=len(codes) + 2),
            max_size=15,
        )
    )
    content = openpyxl_workbook([[writable(v) for v in row] for row in [header, *rows]])
    damage = draw(st.sampled_from(["none"] * 4 + ["cut", "flip"]))
    # positions drawn independently of the length: a saved workbook holds the time it was saved, so its length
    # may differ by a byte when hypothesis replays the example
    if damage == "cut":
        content = content[: draw(st.integers(0, 1 << 20)) % (len(content) + 1)]
    elif damage == "flip":
        data = bytearray(content)
        for at, byte in draw(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=8)):
            data[at % len(data)] = byte
        content = bytes(data)
    return kind, content


@FUZZ
@given(file=workbooks(), dry_run=st.booleans())
def test_fuzz_workbooks(app, file, dry_run):
    kind, content = file
    send(app, kind, content, "f.xlsx", dry_run=dry_run)


# -- PostgreSQL: what it refuses that SQLite takes ------------------------------------------------------------------
@pytest.fixture(scope="module")
def postgres_app(tmp_path_factory, geo_cache_dir, postgres_available):
    with postgres_app_at(postgres_available, tmp_path_factory.mktemp("fuzz-uploads-pg"), geo_cache_dir) as app:
        yield app


POSTGRES_CASES = {
    "a facility name longer than its column": (
        "facilities",
        lambda: csv_bytes(good_csv("facilities", ["name_en", "phone"], ["n" * 301, "0" * 101])),
        ["301 characters: a cell of name_en holds at most 300", "101 characters: a cell of phone holds at most 100"],
    ),
    "a facility id longer than its column": (
        "facilities",
        lambda: csv_bytes(good_csv("facilities", ["facility_id"], ["9" * 65])),
        ["65 characters: a cell of facility_id holds at most 64"],
    ),
    "a survey phone longer than its column": (
        "surveys",
        lambda: csv_bytes(good_csv("surveys", ["full_name", "phone"], ["ช" * 301, "0" * 51])),
        ["301 characters: a cell of full_name holds at most 300", "51 characters: a cell of phone holds at most 50"],
    ),
    "a NUL byte": ("surveys", lambda: csv_bytes(good_csv("surveys", ["reason"], ["a\x00b"])), ["NUL byte on line 2"]),
}


@pytest.mark.postgres
@pytest.mark.parametrize("case", list(POSTGRES_CASES))
def test_texts_postgresql_cannot_store_are_problems_not_crashes(case, postgres_app):
    kind, content, messages = POSTGRES_CASES[case]
    for dry_run in (False, True):
        body = send(postgres_app, kind, content(), "f.csv", dry_run=dry_run, who="coord")
        assert body["status"] == (200 if dry_run else 422), body
        found = [p["message_en"] for p in body["problems"]]
        assert len(found) == len(messages) and all(m in f for m, f in zip(messages, found)), found
