"""The upload pages (upload, upload history) as plain functions: callbacks called directly inside a request, views
from hand-made rows."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from dash import no_update
from fixtures_app import create_people
from plotly.utils import PlotlyJSONEncoder


@pytest.fixture(scope="module")
def upload_tokens(demo_state):
    return create_people(demo_state, {"pu_volunteer": ("volunteer", "500101"), "pu_coord": ("coordinator", "5001")})


def shown(component) -> str:
    """Everything a component tree holds, as text (a tree's repr is cut short)."""
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def as_person(app, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.server.test_request_context(headers=headers)


def history_row(**changes) -> dict:
    row = {
        "id": 12,
        "audit_id": 3,
        "created_at": dt.datetime(2026, 11, 26, 7, 5),  # naive: UTC, as SQLite gives it back
        "username": "somchai",
        "kind": "surveys",
        "filename": "round1.xlsx",
        "size_bytes": 2048,
        "checksum": "abcdef0123456789",
        "outcome": "accepted",
        "summary": {"new": 1200, "updated": 3, "unchanged": 0},
        "undone_at": None,
        "undone_by": None,
    }
    return row | changes


def test_the_history_shows_thai_time_and_links_the_file():
    from dashboard.pages.upload_history.view import history_table

    text = shown(history_table([history_row()], "th"))
    assert "26 พ.ย. 2569 14:05" in text  # 07:05 UTC is 14:05 in Bangkok, Buddhist era in Thai
    assert "/api/v1/uploads/12/file" in text and "1,200 / 3 / 0" in text and "uploads-row-12" in text


def test_a_refused_file_has_no_link_and_says_why():
    from dashboard.pages.upload_history.view import history_table

    refused = history_row(id=None, outcome="refused", summary={"rows": 10, "problems": 4})
    text = shown(history_table([refused], "en"))
    assert "uploads-refused-3" in text and "/api/v1/uploads" not in text


def test_the_undo_question_needs_a_press(demo_app, upload_tokens):
    from dashboard.pages.upload_history.callbacks import confirm, undo

    with as_person(demo_app, upload_tokens["pu_volunteer"]):
        assert confirm(None, "en") == (True, None)
        assert undo(0, 5, 0, "en") == (no_update, no_update, None, no_update)
    with as_person(demo_app, None):
        assert confirm(5, "en") == (True, None)  # nobody signed in sees nothing


def test_a_check_refuses_nobody_and_a_kind_beyond_the_role(demo_app, upload_tokens):
    from dashboard.pages.upload.callbacks import check

    with as_person(demo_app, None):
        refused = check(1, "data:text/csv;base64,YQ==", "a.csv", "surveys", "en")
    assert "alert-danger" in shown(refused[2]) and refused[0] is no_update
    with as_person(demo_app, upload_tokens["pu_volunteer"]):
        refused = check(1, "data:text/csv;base64,YQ==", "a.csv", "facilities", "en")  # volunteers: surveys only
    assert "facilities" in shown(refused[2]) and refused[0] is no_update


def test_a_volunteer_is_offered_surveys_only():
    from dashboard.pages.upload.layout import allowed_kinds

    assert allowed_kinds({"role": "volunteer", "area": "500101"}) == ["surveys"]
    assert set(allowed_kinds({"role": "coordinator", "area": "5001"})) == {"facilities", "coverage", "surveys"}
    assert allowed_kinds(None) == ["surveys"]


def test_a_file_over_the_limit_is_named_in_both_languages(demo_app, upload_tokens):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    from dashboard.pages.upload.callbacks import choose_file
    from dashboard.pages.upload.ids import TOO_BIG

    big = {"name": "huge.xlsx", "size": 80 * 1024 * 1024, "at": 1}
    pressed = context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{TOO_BIG}.data", "value": big}]))
    try:
        with as_person(demo_app, upload_tokens["pu_coord"]):
            info, message, checked, done, ready, contents = choose_file(None, None, "surveys", big, "en")
    finally:
        context_value.reset(pressed)
    text = shown(message)
    assert "upload-too-big-message" in text and "huge.xlsx" in text and "80.0 MB" in text
    assert (checked, done, ready, contents) == (None, None, None, None)


def test_a_finished_save_links_the_history():
    from dashboard.pages.upload.view import result

    done = {"action": "save", "upload_id": 9, "rows": 3, "new": 0, "updated": 0, "unchanged": 3}
    text = shown(result(done | {"problems": 0, "warnings": 0, "error": None}, "en"))
    assert "upload-saved" in text and "upload-history-link" in text and "upload-count-unchanged" in text


def test_the_progress_bar_says_what_comes_next():
    from dashboard.pages.upload.view import progress_bar

    bar = progress_bar({"phase": "validate", "total": 1000, "done": 500, "base": 0, "action": "check"}, "en")
    text = shown(bar)
    assert '"width": "15%"' in text and "500" in text and "1,000" in text


def test_a_dash_callback_request_has_room_for_a_file_sent_as_base64():
    from flask import Flask

    from dashboard.request_size import allow_base64_uploads

    server = Flask(__name__)
    server.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    allow_base64_uploads(server, 1)
    for path in ("/_dash-update-component", "/api/v1/uploads"):
        server.add_url_rule(path, path, lambda: str(len(__import__("flask").request.get_data())), methods=["POST"])
    client, body = server.test_client(), b"x" * (1024 * 1024 + 100 * 1024)  # over the limit, under 4/3 of it
    assert client.post("/_dash-update-component", data=body).status_code == 200
    assert client.post("/api/v1/uploads", data=body).status_code == 413


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_browser_names_a_file_over_the_limit():
    """jitasa.watchFileSize (assets/upload.js) with a stand-in page: a dropped file over the limit reaches the store."""
    script = """
    const listeners = {}, written = [];
    global.document = {getElementById: id => id === 'the-file' ? {addEventListener: (kind, f) => listeners[kind] = f} : null};
    global.window = {dash_clientside: {no_update: null, set_props: (id, props) => written.push([id, props.data.name])}};
    require(process.argv[1]);
    window.dash_clientside.jitasa.watchFileSize(1000, 'the-file', 'the-store');
    listeners.drop({dataTransfer: {files: [{name: 'small.csv', size: 10}, {name: 'big.xlsx', size: 5000}]}});
    listeners.change({target: {files: [{name: 'fine.csv', size: 999}]}});
    console.log(JSON.stringify(written));
    """
    asset = Path(__file__).resolve().parents[1] / "dashboard" / "assets" / "upload.js"
    done = subprocess.run(["node", "-e", script, str(asset)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [["the-store", "big.xlsx"]]


def test_check_first_is_said_before_the_check_not_while_it_runs():
    from dashboard.pages.upload.callbacks import buttons

    check_disabled, save_disabled, _, hint = buttons(True, None, [], True, "en")  # a file chosen, nothing running
    assert (check_disabled, save_disabled) == (False, True) and "Check" in hint
    check_disabled, save_disabled, _, hint = buttons(True, None, [], False, "en")  # the check polling its job
    assert (check_disabled, save_disabled, hint) == (True, True, None)


THAI_SURVEY_HEADER = "วันที่สำรวจ,ตำบล,หมู่ที่,ละติจูด,ลองจิจูด,กลุ่มเป้าหมาย,อายุ,จำนวนเข็มที่ได้รับ,ความประสงค์"


def _checked(demo_state, header: str, rows: list[str], scope: str = "500101") -> dict:
    from data.imports import run_import

    content = "\n".join([header, *rows]).encode("utf-8-sig")
    return run_import(demo_state, "surveys", content, "round1.csv", dry_run=True, user_id=None, scope=scope)


def test_a_problem_is_shown_under_the_files_own_column_header(demo_state):
    """A subdistrict outside one's area was reported under column "area" (no such column in the file), and a Thai
    page showed the codes survey_date and lat instead of the file's วันที่สำรวจ and ละติจูด."""
    from dashboard.pages.upload.job import issues

    today = dt.date.today().strftime("%d/%m/%Y")
    rows = [f"{today},สุเทพ,1,,,elderly,70,0,wants", "32/13/2568,ศรีภูมิ,1,,,elderly,70,0,wants"]
    rows.append(f"{today},ศรีภูมิ,1,18.79,,elderly,70,0,wants")
    report = _checked(demo_state, THAI_SURVEY_HEADER, rows)
    assert {p["column"] for p in report["problems"]} == {"subdistrict", "survey_date", "lat"}  # the API: codes
    thai = {i["row"]: i["column"] for i in issues(report, "th", None) if i["kind"] == "problem"}
    assert thai == {2: "ตำบล", 3: "วันที่สำรวจ", 4: "ละติจูด"}
    english = issues(report, "en", None)
    assert {i["column"] for i in english} == {"ตำบล", "วันที่สำรวจ", "ละติจูด"}  # the file's own headers

    coded = _checked(
        demo_state,
        "survey_date,subdistrict,target_group,age,doses_received,intention",
        ["32/13/2568,ศรีภูมิ,elderly,70,0,wants", f"{today},สุเทพ,elderly,70,0,wants"],
    )
    assert {i["column"] for i in issues(coded, "th", None)} == {"วันที่สำรวจ (survey_date)", "ตำบล (subdistrict)"}
    assert {i["column"] for i in issues(coded, "en", None)} == {"survey_date", "subdistrict"}


def test_a_column_the_file_lacks_is_named_in_the_pages_language():
    from dashboard.pages.upload.job import column_heading

    assert column_heading("lat", {}, "surveys", "th") == "ละติจูด"
    assert column_heading("lat", {}, "surveys", "en") == "lat"
    assert column_heading("beds_total", {"beds_total": "beds"}, "facilities", "th") == "จำนวนเตียง (beds)"


def test_the_audit_panel_speaks_the_pages_language():
    """The Thai panel said "new 4 · updated 0 · unchanged 0 · rows 4" and "deleted 4 · restored 0"."""
    from dashboard.pages.upload_history.view import audit_panel

    at = dt.datetime(2026, 11, 26, 7, 5)
    entries = [
        {"action": "upload.surveys", "username": "somchai", "at": at, "detail": {"new": 1200, "updated": 0}},
        {"action": "upload.undo", "username": "somchai", "at": at, "detail": {"deleted": 4, "restored": 0}},
    ]
    thai = shown(audit_panel(12, entries, "th"))
    assert "ใหม่ 1,200 · ปรับปรุง 0" in thai and "ลบ 4 · คืนค่า 0" in thai
    assert not {"new", "updated", "deleted", "restored", "upload.undo"} & set(re.findall(r"[a-z_.]+", _texts(thai)))
    english = shown(audit_panel(12, entries, "en"))
    assert "new 1,200 · updated 0" in english and "deleted 4 · restored 0" in english


def _texts(dumped: str) -> str:
    """The words a tree shows (its "children" strings), without its ids and class names."""
    return " ".join(re.findall(r'"children": "([^"]*)"', dumped))
