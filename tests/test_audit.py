"""The audit log read back (data/audit.py, GET /api/v1/audit, the /audit page): filters, the reader's area, the reads
themselves audited, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from data.audit import AuditQuery, audit_actions, audit_days, iter_audit, read_audit, record, record_read
from data.errors import UserInputError
from data.schema import audit_log

PEOPLE = {  # username: (role, area)
    "a_padmin": ("province_admin", "50"),
    "a_admin": ("national_admin", "TH"),
    "a_coord": ("coordinator", "5001"),
    "a_coord_bkk": ("coordinator", "1001"),
}


def people(conn) -> dict[str, dict]:
    from data.users import create_user

    return {
        name: {"id": create_user(conn, name, "a-long-password", *PEOPLE[name]), "area": PEOPLE[name][1]}
        for name in PEOPLE
    }


def entries(conn, who: dict[str, dict]) -> None:
    """A Chiang Mai edit, a Bangkok edit, a national admin creating a Chiang Mai account, a failed sign-in."""
    record(conn, "facility.update", "facility", 1, who["a_coord"]["id"], {"version": 2})
    record(conn, "facility.update", "facility", 2, who["a_coord_bkk"]["id"], {"version": 2})
    record(
        conn, "user.create", "user", 9, who["a_admin"]["id"], {"username": "x", "role": "volunteer", "area": "500101"}
    )
    record(conn, "user.login_failed", "login", "abc", None, {"username": "someone"})


@pytest.fixture
def logged(engine, quick_hashes):
    with engine.begin() as conn:
        who = people(conn)
        conn.execute(sa.delete(audit_log))  # only the entries below
        entries(conn, who)
    return engine, who


def actions_of(rows) -> list[tuple[str, str | None]]:
    return sorted((r["action"], r["entity_id"]) for r in rows)


def test_a_province_admin_reads_only_the_entries_of_their_province(logged):
    engine, _ = logged
    with engine.connect() as conn:
        rows, total = read_audit(conn, AuditQuery("50"), 100)
        everything, all_total = read_audit(conn, AuditQuery("TH"), 100)
    assert actions_of(rows) == [("facility.update", "1"), ("user.create", "9")] and total == 2
    assert all_total == 4 and ("user.login_failed", "abc") in actions_of(everything)  # no area: national only
    assert {r["area"] for r in rows} == {"5001", "500101"}  # what the entry is about, else who acted
    assert {r["username"] for r in rows} == {"a_coord", "a_admin"}


def test_filters_by_person_action_group_area_and_days(logged):
    from geo.clock import today as bangkok_today

    engine, _ = logged
    today = bangkok_today()  # the filter's days are Bangkok days (from 17:00 UTC it is already tomorrow there)
    with engine.connect() as conn:
        by_person = read_audit(conn, AuditQuery("TH", person="A_COORD"), 100)[0]
        by_group = read_audit(conn, AuditQuery("TH", action="facility"), 100)[0]
        by_action = read_audit(conn, AuditQuery("TH", action="user.login_failed"), 100)[0]
        by_area = read_audit(conn, AuditQuery("TH", area="1001"), 100)[0]
        by_days = read_audit(conn, AuditQuery("TH", date_from=today - dt.timedelta(days=1), date_to=today), 100)[1]
        before = read_audit(conn, AuditQuery("TH", date_to=today - dt.timedelta(days=2)), 100)[1]
        actions = audit_actions(conn, "50")
    assert actions_of(by_person) == [("facility.update", "1")]
    assert actions_of(by_group) == [("facility.update", "1"), ("facility.update", "2")]
    assert actions_of(by_action) == [("user.login_failed", "abc")]
    assert actions_of(by_area) == [("facility.update", "2")]
    assert (by_days, before) == (4, 0)
    assert actions == ["facility.update", "user.create"]


def test_reading_is_recorded_and_every_entry_can_be_streamed(logged):
    engine, who = logged
    with engine.begin() as conn:
        record_read(conn, {"id": who["a_padmin"]["id"]}, AuditQuery("50", action="facility"), "page", 1)
        streamed = list(iter_audit(conn, AuditQuery("TH"), batch=2))
        read = read_audit(conn, AuditQuery("50", action="audit.read"), 10)[0]
    assert len(streamed) == 5 and [r["id"] for r in streamed] == sorted((r["id"] for r in streamed), reverse=True)
    assert read[0]["username"] == "a_padmin" and read[0]["detail"]["action"] == "facility"
    assert read[0]["detail"]["how"] == "page" and read[0]["area"] == "50"


def test_days_are_read_as_people_type_them():
    assert audit_days("1/2/2565", "๒๐๒๒-๐๒-๐๓") == (dt.date(2022, 2, 1), dt.date(2022, 2, 3))
    assert audit_days("", None) == (None, None)
    with pytest.raises(UserInputError) as refused:
        audit_days("yesterday", "31/13/2565")
    assert [p.column for p in refused.value.problems] == ["from", "to"]
    assert refused.value.message_en.startswith("From: “yesterday” is not a date")
    assert "To: “31/13/2565” is not a date" in refused.value.message_en and "to: to" not in refused.value.message_en
    assert refused.value.message_th.startswith("ตั้งแต่วันที่: “yesterday” ไม่ใช่วันที่")
    with pytest.raises(UserInputError) as backwards:
        audit_days("1/2/2565", "1/1/2565")
    assert (
        backwards.value.message_en == "“To” (2022-01-01) is before “From” (2022-02-01), so nothing can match; swap them"
    )
    assert "“ถึงวันที่” (1/1/2565) อยู่ก่อน “ตั้งแต่วันที่” (1/2/2565)" in backwards.value.message_th


# -- the API and the page -------------------------------------------------------------------------------------------
@pytest.fixture
def admin_app(base_state, deployed_template, tmp_path, quick_hashes):
    from fixtures_app import app_on, create_people

    with app_on(base_state, tmp_path / "audit", deployed_template) as own:
        tokens = create_people(own.state, PEOPLE)
        with own.state.engine.begin() as conn:
            ids = dict(conn.execute(sa.text("select username, id from users")).all())
            entries(conn, {name: {"id": ids[name]} for name in PEOPLE})
        own.tokens = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
        yield own


def test_the_api_answers_a_province_admin_with_their_province(admin_app):
    client, tokens = admin_app.client, admin_app.tokens
    answer = client.get("/api/v1/audit?action=facility", headers=tokens["a_padmin"])
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert [(i["action"], i["entity_id"]) for i in answer.get_json()["items"]] == [("facility.update", "1")]
    assert client.get("/api/v1/audit?area=10", headers=tokens["a_padmin"]).status_code == 403
    assert client.get("/api/v1/audit", headers=tokens["a_coord"]).status_code == 403
    bad = client.get("/api/v1/audit?from=yesterday&format=xml", headers=tokens["a_admin"])
    assert bad.status_code == 422 and {p["column"] for p in bad.get_json()["problems"]} == {"from", "format"}
    reads = client.get("/api/v1/audit?action=audit.read", headers=tokens["a_admin"]).get_json()["items"]
    assert any(r["username"] == "a_padmin" and r["detail"]["how"] == "json" for r in reads)


def test_the_api_gives_every_entry_as_csv(admin_app):
    answer = admin_app.client.get("/api/v1/audit?format=csv&from=1/1/2565", headers=admin_app.tokens["a_admin"])
    assert answer.status_code == 200 and answer.headers["Content-Disposition"] == "attachment; filename=audit.csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert {"at", "username", "action", "area", "detail"} <= set(rows[0])
    assert any(r["action"] == "user.login_failed" and '"someone"' in r["detail"] for r in rows)
    at = dt.datetime.fromisoformat(rows[0]["at"])  # Bangkok time with its offset, as the page shows it
    assert rows[0]["at"].endswith("+07:00") and at.utcoffset() == dt.timedelta(hours=7)
    assert abs(at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)


def test_the_openapi_document_lists_the_audit_route(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/audit"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"person", "action", "area", "from", "to", "format"}


def test_the_page_shows_the_readers_entries_and_links_the_same_csv(admin_app):
    from dashboard.pages.audit.callbacks import show

    headers = admin_app.tokens["a_padmin"]
    with admin_app.app.server.test_request_context("/_dash-update-component", method="POST", headers=headers):
        table, summary, message, href = show(None, "facility", None, "1/1/2565", None, "en")
        _, _, refused, _ = show(None, None, None, "31/13/2565", None, "th")
    text = str(table)
    assert "audit-row-" in text and "facility.update" in text and "Showing 1 of 1" in summary
    assert message is None and href.startswith("/api/v1/audit?") and "action=facility" in href and "format=csv" in href
    assert "ตั้งแต่วันที่: “31/13/2565” ไม่ใช่วันที่" in str(refused)  # the box as the Thai page names it
    with admin_app.app.server.test_request_context("/", headers=admin_app.tokens["a_coord"]):
        assert show(None, None, None, None, None, "th")[0] is None  # a coordinator reads nothing
