"""The upload routes through Flask's test client: the JSON 413 over the size limit, who sees which uploads, the
original file, undo (and why it can be refused); and the history rules of data/upload_history.py behind them."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from data.schema import uploads
from data.upload_history import issues_csv, report_counts, report_issues, upload_audit, visible_refusals

PEOPLE = {  # username: (role, area)
    "nat": ("national_admin", "TH"),
    "padmin": ("province_admin", "50"),
    "coord": ("coordinator", "5001"),
    "coord_bkk": ("coordinator", "1001"),
    "vol": ("volunteer", "500101"),
}


@pytest.fixture(scope="module")
def api(tmp_path_factory, base_state, deployed_template):
    """An app on an empty database with a 1 MB upload limit, one user of each kind and their tokens."""
    from fixtures_app import create_people, state_on

    from app import create_app

    data_dir = tmp_path_factory.mktemp("api-uploads")
    state = state_on(base_state, data_dir, deployed_template, max_upload_mb=1)  # as build_state makes it
    tokens = create_people(state, PEOPLE)
    app = create_app(state.settings, state)
    return app.server.test_client(), tokens, state


def auth(tokens, name):
    return {"Authorization": f"Bearer {tokens[name]}"}


def coverage_csv(area: str, vaccinated: int, day: str = "2022-01-31") -> bytes:
    return f"as_of,area,target_group,dose,vaccinated,population\n{day},{area},all,1,{vaccinated},500000\n".encode()


def send(client, tokens, name, content, filename="report.csv", kind="coverage", query=""):
    return client.post(
        f"/api/v1/uploads/{kind}{query}",
        headers=auth(tokens, name),
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def count_uploads(state) -> int:
    with state.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(uploads)).scalar()


# -- the size limit ---------------------------------------------------------------------------------------------------
def test_a_file_over_the_limit_gets_json_413_naming_the_limit(api):
    client, tokens, state = api
    before = count_uploads(state)
    big = b"as_of,area,target_group,dose,vaccinated\n" + b"2022-01-31,5001,all,1,100\n" * 60_000  # 1.5 MB
    response = send(client, tokens, "coord", big)
    assert response.status_code == 413 and response.is_json
    body = response.get_json()
    assert "1 MB limit" in body["error"] and "split it" in body["error"]
    assert "1 MB" in body["error_th"] and "แบ่ง" in body["error_th"]
    assert body["problems"][0]["column"] == "file" and body["problems"][0]["value"].endswith("MB")
    assert count_uploads(state) == before


def test_a_json_body_over_the_limit_is_a_413_about_the_request_not_a_file(api):
    """A 1.5 MB body to /api/v1/campaigns was told "the file is larger than the 1 MB limit; split it into files"."""
    client, tokens, _ = api
    body = '{"name_th": "' + "ก" * 600_000 + '"}'  # 1.8 MB of UTF-8
    response = client.post("/api/v1/campaigns", data=body, content_type="application/json", headers=auth(tokens, "nat"))
    assert response.status_code == 413 and response.is_json
    answer = response.get_json()
    assert (
        answer["error"].startswith("the request body is larger than the 1 MB limit") and "file" not in answer["error"]
    )
    assert answer["error_th"].startswith("ข้อมูลที่ส่งมามีขนาดเกิน 1 MB") and "ไฟล์" not in answer["error_th"]
    assert answer["problems"][0]["column"] == "body"


def test_a_file_under_the_limit_is_read_and_checked(api):
    client, tokens, _ = api
    content = b"as_of,area,target_group,dose,vaccinated\n" + b"2022-01-31,5001,nobody,1,100\n" * 30_000  # 0.9 MB
    response = send(client, tokens, "coord", content, query="?dry_run=1")
    assert response.status_code == 200 and response.get_json()["problems"][0]["column"] == "target_group"


# -- who sees what ----------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def two_uploads(api):
    """One coverage upload by the Chiang Mai coordinator, one by the Bangkok coordinator."""
    client, tokens, _ = api
    mine = send(client, tokens, "coord", coverage_csv("5001", 100), "รายงาน อำเภอเมือง.csv").get_json()
    theirs = send(client, tokens, "coord_bkk", coverage_csv("1001", 100)).get_json()
    assert mine["upload_id"] and theirs["upload_id"], (mine, theirs)
    return mine["upload_id"], theirs["upload_id"]


def history_ids(client, tokens, name) -> list[int]:
    response = client.get("/api/v1/uploads", headers=auth(tokens, name))
    assert response.status_code == 200, response.get_json()
    return [r["id"] for r in response.get_json()["items"] if r["outcome"] != "refused"]


def test_each_person_sees_their_own_uploads_province_admins_their_province_and_national_admins_all(api, two_uploads):
    client, tokens, _ = api
    cm, bkk = two_uploads
    assert cm in history_ids(client, tokens, "coord") and bkk not in history_ids(client, tokens, "coord")
    assert bkk in history_ids(client, tokens, "coord_bkk") and cm not in history_ids(client, tokens, "coord_bkk")
    assert cm in history_ids(client, tokens, "padmin") and bkk not in history_ids(client, tokens, "padmin")
    assert {cm, bkk} <= set(history_ids(client, tokens, "nat"))
    assert history_ids(client, tokens, "vol") == []  # a volunteer may look, and sees only their own
    item = client.get("/api/v1/uploads", headers=auth(tokens, "coord")).get_json()["items"][0]
    assert item["username"] == "coord" and "content" not in item and len(item["checksum"]) == 64
    assert client.get("/api/v1/uploads").status_code == 401


def test_the_original_file_comes_back_to_those_who_may_undo_it(api, two_uploads):
    client, tokens, _ = api
    cm, _ = two_uploads
    response = client.get(f"/api/v1/uploads/{cm}/file", headers=auth(tokens, "coord"))
    assert response.status_code == 200 and response.data == coverage_csv("5001", 100)
    assert quote("รายงาน อำเภอเมือง.csv") in response.headers["Content-Disposition"]  # RFC 5987 filename*
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get(f"/api/v1/uploads/{cm}/file", headers=auth(tokens, "padmin")).status_code == 200
    refused = client.get(f"/api/v1/uploads/{cm}/file", headers=auth(tokens, "coord_bkk"))
    assert refused.status_code == 403 and refused.get_json()["error_th"]
    assert client.get("/api/v1/uploads/99999/file", headers=auth(tokens, "nat")).status_code == 404
    assert client.get(f"/api/v1/uploads/{cm}/file").status_code == 401


@pytest.mark.parametrize(
    "name, content, served",
    [
        ("x.html", coverage_csv("5001", 120, "2022-02-07"), "text/csv; charset=utf-8"),  # was served as text/html
        ("รายงาน.csv", "as_of,area,target_group,dose,vaccinated\n2022-02-08,เมืองเชียงใหม่,all,1,130\n".encode("cp874"),
         "text/csv; charset=windows-874"),
        ("report.txt", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)  # fmt: skip
def test_the_original_is_served_as_what_it_holds_not_as_its_name_says(api, name, content, served):
    from data.cells import xlsx_bytes

    client, tokens, _ = api
    if content is None:
        rows = [["2022-02-09", "5001", "all", 1, 140]]
        content = xlsx_bytes(["as_of", "area", "target_group", "dose", "vaccinated"], rows, "coverage")
    sent = send(client, tokens, "coord", content, name)
    assert sent.status_code == 200 and sent.get_json()["upload_id"], sent.get_json()
    original = client.get(f"/api/v1/uploads/{sent.get_json()['upload_id']}/file", headers=auth(tokens, "coord"))
    assert original.status_code == 200 and original.headers["Content-Type"] == served
    assert original.data == content
    suffix = ".xlsx" if served.startswith("application/") else ".csv"
    assert quote(name if name.endswith(suffix) else name + suffix) in original.headers["Content-Disposition"]


# -- undo -------------------------------------------------------------------------------------------------------------
def test_undo_waits_for_a_later_upload_of_the_same_rows_and_the_audit_log_keeps_both(api):
    client, tokens, state = api
    first = send(client, tokens, "coord", coverage_csv("5001", 300, "2022-02-28")).get_json()["upload_id"]
    later = send(client, tokens, "coord", coverage_csv("5001", 400, "2022-02-28")).get_json()["upload_id"]
    assert client.post(f"/api/v1/uploads/{first}/undo", headers=auth(tokens, "coord_bkk")).status_code == 403
    refused = client.post(f"/api/v1/uploads/{first}/undo", headers=auth(tokens, "coord"))
    assert refused.status_code == 409
    assert (
        f"a later upload ({later})" in refused.get_json()["error"]
        and "undo that one first" in refused.get_json()["error"]
    )
    assert f"({later})" in refused.get_json()["error_th"]
    assert client.post(f"/api/v1/uploads/{later}/undo", headers=auth(tokens, "padmin")).status_code == 200
    undone = client.post(f"/api/v1/uploads/{first}/undo", headers=auth(tokens, "coord")).get_json()
    assert undone == {"upload_id": first, "deleted": 1, "restored": 0}
    items = {r["id"]: r for r in client.get("/api/v1/uploads", headers=auth(tokens, "coord")).get_json()["items"]}
    assert items[first]["outcome"] == "undone" and items[first]["undone_by"] == "coord" and items[first]["undone_at"]
    assert items[later]["undone_by"] == "padmin"
    with state.engine.connect() as conn:
        actions = [(e["action"], e["username"]) for e in upload_audit(conn, first)]
    assert actions == [("upload.coverage", "coord"), ("upload.undo", "coord")]


def test_a_volunteer_cannot_upload_coverage(api):
    client, tokens, _ = api
    response = send(client, tokens, "vol", coverage_csv("500101", 1))
    assert response.status_code == 403 and response.get_json()["error_th"]
    facilities = send(client, tokens, "vol", b"type,name_th,lat,lon\n", kind="facilities")
    assert facilities.status_code == 403
    # it said "บทบาทของคุณนำเข้า facilities ไม่ได้": the kind's English code inside the Thai
    assert facilities.get_json()["error_th"].startswith("บทบาทของคุณ (อาสาข้อมูล) นำเข้าข้อมูลสถานบริการไม่ได้")
    assert "facilities" not in facilities.get_json()["error_th"]
    assert facilities.get_json()["error"].startswith("a data volunteer cannot upload facilities")


def test_a_refused_file_is_in_its_uploaders_history_from_the_audit_log(api):
    client, tokens, state = api
    response = send(client, tokens, "coord", coverage_csv("1001", 5), "นอกพื้นที่.csv")  # Bangkok: not theirs
    assert response.status_code == 422
    with state.engine.connect() as conn:
        mine = visible_refusals(conn, _user(conn, "coord"))
        others = visible_refusals(conn, _user(conn, "coord_bkk"))
    assert mine[0]["filename"] == "นอกพื้นที่.csv" and mine[0]["outcome"] == "refused"
    assert mine[0]["summary"] == {"rows": 1, "problems": 1} and mine[0]["username"] == "coord"
    assert all(r["filename"] != "นอกพื้นที่.csv" for r in others)
    # the API's history lists it as the page does, and only to whom the page shows it
    items = client.get("/api/v1/uploads?kind=coverage", headers=auth(tokens, "coord")).get_json()["items"]
    [item] = [r for r in items if r["filename"] == "นอกพื้นที่.csv"]
    assert item["outcome"] == "refused" and item["id"] is None and item["summary"] == {"rows": 1, "problems": 1}
    assert [r["created_at"] for r in items] == sorted((r["created_at"] for r in items), reverse=True)
    assert not [
        r
        for r in client.get("/api/v1/uploads?kind=surveys", headers=auth(tokens, "coord")).get_json()["items"]
        if r["filename"] == "นอกพื้นที่.csv"
    ]
    bkk = client.get("/api/v1/uploads", headers=auth(tokens, "coord_bkk")).get_json()["items"]
    assert all(r["filename"] != "นอกพื้นที่.csv" for r in bkk)


def _user(conn, name: str) -> dict:
    from data.schema import users

    return dict(conn.execute(sa.select(users).where(users.c.username == name)).mappings().one())


# -- the report as the upload page shows it ---------------------------------------------------------------------------
REPORT = {
    "rows": 5,
    "new": 2,
    "updated": 1,
    "unchanged": 0,
    "upload_id": None,
    "problems": [
        {"row": 5, "column": "lat", "value": "98.9, 18.7", "message_th": "สลับ", "message_en": "swapped"},
        {"row": 3, "column": "dose", "value": None, "message_th": "ต้องกรอก", "message_en": "required"},
    ],
    "warnings": [{"row": 2, "column": "name_th", "value": "x", "message_th": "ซ้ำ", "message_en": "duplicate"}],
}


def test_problems_come_first_in_row_order_then_warnings():
    issues = report_issues(REPORT)
    assert [(i["kind"], i["row"]) for i in issues] == [("problem", 3), ("problem", 5), ("warning", 2)]
    assert issues[0]["value"] == "" and issues[1]["value"] == "98.9, 18.7"
    by_row = report_issues(REPORT, "row", descending=True)
    assert [i["row"] for i in by_row] == [5, 3, 2]
    counts = report_counts(REPORT)
    assert (counts["valid_rows"], counts["problems"], counts["warnings"]) == (3, 2, 1)


def test_the_problems_csv_opens_in_excel_with_thai_text():
    text = issues_csv(report_issues(REPORT))
    assert text.startswith("\ufeff") and text.splitlines()[0] == "\ufefftype,row,column,value,message_th,message_en"
    assert "problem,3,dose,,ต้องกรอก,required" in text


def test_the_upload_pages_callbacks_take_a_file_at_the_limit_as_base64(api):
    """The page sends the file as base64 (4/3 of its size) to a Dash callback: a file just under the 1 MB limit must
    get through to the callback (which checks the file's own size), a much larger request must not."""
    client, _, _ = api
    at_limit = b'{"output": "x", "inputs": [{"value": "' + b"A" * (1024 * 1024 * 4 // 3) + b'"}]}'
    assert client.post("/_dash-update-component", data=at_limit, content_type="application/json").status_code != 413
    too_big = b"A" * (3 * 1024 * 1024)
    assert client.post("/_dash-update-component", data=too_big, content_type="application/json").status_code == 413


# -- the demo's base data ---------------------------------------------------------------------------------------------
def test_the_demo_loads_show_their_real_counts_and_cannot_be_undone(own_demo):
    """The three source loads of the demo: real counts, the disagreeing hospitals as warnings, no undo offered and
    an undo asked through the API refused (409) with nothing changed."""
    from fixtures_app import create_people

    from dashboard.pages.upload_history.view import history_table
    from data.upload_history import may_undo, visible_uploads

    tokens = create_people(own_demo.state, {"nat_demo": ("national_admin", "TH")})
    items = own_demo.client.get("/api/v1/uploads", headers=auth(tokens, "nat_demo")).get_json()["items"]
    loads = {u["filename"]: u for u in items}
    hospitals, coverage = loads["geojson_health.js"], loads["vaccination_tables"]
    assert hospitals["summary"]["new"] + loads["labcovid.js"]["summary"]["new"] == 1512
    assert coverage["summary"]["new"] == 25_001 and hospitals["summary"]["warnings"] == 5
    assert not any(may_undo(u) for u in loads.values())
    ids = {u["id"] for u in loads.values()}

    refused = own_demo.client.post(f"/api/v1/uploads/{hospitals['id']}/undo", headers=auth(tokens, "nat_demo"))
    assert refused.status_code == 409 and "base data" in refused.get_json()["problems"][0]["message_en"]
    assert own_demo.client.get("/api/v1/facilities?type=hospital&format=json").get_json()["total"] == 1382

    with own_demo.state.engine.connect() as conn:
        rows = [u for u in visible_uploads(conn, {"id": 0, "role": "national_admin", "area": "TH"}) if u["id"] in ids]
    table = str(history_table(rows, "en"))
    assert "1,382 / 0 / 0" in table and "25,001 / 0 / 0" in table and "uploads-undo" not in table
    assert "5 warnings" in table and "base data" in table and "the source says province" in table
    assert "ข้อควรตรวจ 5 รายการ" in str(history_table(rows, "th"))


@pytest.mark.parametrize("value", ["on", "abc", "", "ใช่"])
def test_a_yes_no_parameter_it_cannot_read_stores_nothing(api, value):
    """``?dry_run=on`` (a form's checkbox) once stored the file: only 1/true/yes and 0/false/no are read, anything
    else is a 422 naming the parameter, and nothing is stored."""
    client, tokens, state = api
    before = count_uploads(state)
    for name in ("dry_run", "keep_valid"):
        response = send(client, tokens, "coord", coverage_csv("5001", 77), query=f"?{name}={quote(value)}")
        assert response.status_code == 422, response.get_json()
        body = response.get_json()
        assert f"{name}=1 or {name}=0" in body["error"] and f"{name}=1 หรือ {name}=0" in body["error_th"]
    assert count_uploads(state) == before
    assert send(client, tokens, "coord", coverage_csv("5001", 77), query="?dry_run=0").status_code == 200
    assert count_uploads(state) == before + 1
