"""Writes that arrive at the same moment, through Flask's test client in threads against one app, on SQLite and
PostgreSQL: eight uploads of the same facility file (exactly one stores, the others answer 200 "unchanged" or 409,
never 500), a double-tapped POST /api/v1/facilities and survey save with one idempotency key (one record, the same
answer every time)."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from data.schema import campaigns, facilities, survey_records

TAPS = 8
FACILITY_FILE = (
    "facility_id,type,name_th,lat,lon,updated_at\n"
    "10713,hospital,โรงพยาบาลนครพิงค์,18.8390,98.9710,1/12/2564\n"
    ",vaccination_point,จุดฉีดวัคซีนเซ็นทรัลเฟสติวัล,18.8070,99.0180,1/12/2564\n"
    "10714,hospital,โรงพยาบาลมหาราชนครเชียงใหม่,18.7890,98.9730,1/12/2564\n"
).encode()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app_on(request, tmp_path, geo_cache_dir):
    """(test client, headers by name, state) of an app on a fresh database of each kind, with an open campaign."""
    import datetime as dt

    from fixtures_app import _drop_schema, create_people, database_for, make_settings

    from app import create_app
    from dashboard.state import build_state

    (tmp_path / "cache").symlink_to(geo_cache_dir)
    url, cleanup = database_for(request, tmp_path)
    state = build_state(make_settings(tmp_path, database_url=url))
    tokens = create_people(state, {"coord": ("coordinator", "5001"), "vol": ("volunteer", "500101")})
    with state.engine.begin() as conn:
        conn.execute(sa.insert(campaigns).values(name_th="รอบ", name_en="Round", opened_on=dt.date(2022, 1, 1)))
    app = create_app(state.settings, state)
    headers = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    yield app.server, headers, state
    state.engine.dispose()
    if cleanup:
        _drop_schema(*cleanup)


def at_once(work, n: int = TAPS) -> list:
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: work(), range(n)))


def count(state, table) -> int:
    with state.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_eight_uploads_of_one_file_at_once_store_it_once_and_none_crashes(app_on):
    server, headers, state = app_on

    def upload():
        response = server.test_client().post(
            "/api/v1/uploads/facilities",
            headers=headers["coord"],
            data={"file": (io.BytesIO(FACILITY_FILE), "hospitals.csv")},
            content_type="multipart/form-data",
        )
        return response.status_code, response.get_json()

    answers = at_once(upload)
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {200, 409}, [body["problems"] for _, body in answers]
    stored = [body for status, body in answers if status == 200 and body["new"]]
    assert len(stored) == 1 and stored[0]["new"] == 3
    assert all(body["unchanged"] == 3 for status, body in answers if status == 200 and body is not stored[0])
    for status, body in answers:
        if status == 409:
            assert "same moment" in body["error"] and "ในขณะเดียวกัน" in body["error_th"]
    assert count(state, facilities) == 3


def test_a_double_tapped_facility_post_with_one_key_stores_one_and_answers_the_same(app_on):
    server, headers, state = app_on
    body = {"type": "hospital", "name_th": "โรงพยาบาลนครพิงค์", "lat": 18.839, "lon": 98.971}
    key = {"Idempotency-Key": "0c6b1f8e-6f0e-4d55-9d1c-7a1e2b3c4d5e"}

    def tap():
        response = server.test_client().post("/api/v1/facilities", headers=headers["coord"] | key, json=body)
        return response.status_code, response.get_json()

    answers = at_once(tap)
    assert {status for status, _ in answers} == {201}, answers
    assert len({answer["id"] for _, answer in answers}) == 1 and all(a == answers[0][1] for _, a in answers)
    assert count(state, facilities) == 1
    other = server.test_client().post(
        "/api/v1/facilities", headers=headers["coord"] | {"Idempotency-Key": "another-key-1"}, json=body
    )
    assert other.status_code == 201 and other.get_json()["id"] != answers[0][1]["id"]  # a new key: a new write


def test_an_idempotency_key_that_is_no_key_is_a_422(app_on):
    server, headers, _ = app_on
    body = {"type": "hospital", "name_th": "x", "lat": 18.8, "lon": 98.9}
    response = server.test_client().post(
        "/api/v1/facilities", headers=headers["coord"] | {"Idempotency-Key": "a b"}, json=body
    )
    assert response.status_code == 422 and response.get_json()["problems"][0]["column"] == "Idempotency-Key"


def test_a_double_tapped_survey_save_stores_one_record_and_both_taps_see_the_same_answer(app_on):
    from data.survey_entry import save_survey_once

    _, _, state = app_on
    with state.engine.connect() as conn:
        user = dict(conn.execute(sa.text("SELECT id, role, area FROM users WHERE username = 'vol'")).mappings().one())
    fields = {
        "survey_date": "17/01/2565",
        "subdistrict": "500101",
        "target_group": "elderly",
        "age": "72",
        "doses_received": "0",
        "intention": "undecided",
        "full_name": "สมชาย ใจดี",
    }
    answers = at_once(lambda: save_survey_once(state, fields, user, "form-key-0001"))
    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0]["survey_id"] is not None and answers[0]["problems"] == []
    assert count(state, survey_records) == 1
    again = save_survey_once(state, fields, user, "form-key-0002")  # the next form's key: the same record again
    assert again["survey_id"] is None and "already saved" in again["problems"][0]["message_en"]


def test_a_refused_save_keeps_no_key_so_the_corrected_form_saves(app_on):
    from data.survey_entry import save_survey_once

    _, _, state = app_on
    with state.engine.connect() as conn:
        user = dict(conn.execute(sa.text("SELECT id, role, area FROM users WHERE username = 'vol'")).mappings().one())
    fields = {
        "survey_date": "17/01/2565",
        "subdistrict": "500101",
        "target_group": "elderly",
        "age": "",
        "doses_received": "0",
        "intention": "undecided",
    }
    refused = save_survey_once(state, fields, user, "form-key-0003")
    assert refused["survey_id"] is None and refused["problems"]
    saved = save_survey_once(state, fields | {"age": "72"}, user, "form-key-0003")
    assert saved["survey_id"] is not None and count(state, survey_records) == 1


# -- one item moved by several people at the same moment: one move wins, the others are told it changed (409) ---------
SURVEY_FILE = (
    b"survey_date,subdistrict,target_group,age,doses_received,intention,needs_home_visit\n"
    b"17/01/2565,500101,elderly,72,0,wants,yes\n"
    b"17/01/2565,500101,elderly,75,0,wants,yes\n"
)


def upload_surveys(server, headers) -> int:
    answer = server.test_client().post(
        "/api/v1/uploads/surveys", data={"file": (io.BytesIO(SURVEY_FILE), "s.csv")}, headers=headers["coord"]
    )
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["upload_id"]


def statuses(answers) -> list[int]:
    assert all(a.status_code in (200, 409) for a in answers), [(a.status_code, a.get_json()) for a in answers]
    return sorted(a.status_code for a in answers)


def changed_meanwhile(answers) -> bool:
    return all(
        "reload" in a.get_json()["error"] or "cannot move" in a.get_json()["error"]
        for a in answers
        if a.status_code == 409
    )


def events(state, kind: str, item_id: int) -> int:
    with state.engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT count(*) FROM followup_events WHERE kind = :k AND item_id = :i"), {"k": kind, "i": item_id}
        ).scalar()


def test_a_help_request_closed_by_several_people_at_once_closes_once(app_on):
    server, headers, state = app_on
    asked = server.test_client().post(
        "/api/v1/help-requests",
        json={"need": "medical", "name": "ยายสมศรี ใจดี", "phone": "0812345678", "subdistrict": "500101", "people": 1},
    )
    assert asked.status_code == 201, asked.get_json()
    request_id = asked.get_json()["id"] if "id" in asked.get_json() else None
    with state.engine.connect() as conn:
        request_id = request_id or conn.execute(sa.text("SELECT max(id) FROM help_requests")).scalar()
    moves = iter(["cancelled", "done"] * TAPS)
    answers = at_once(
        lambda: server.test_client().patch(
            f"/api/v1/help-requests/{request_id}", json={"status": next(moves)}, headers=headers["coord"]
        )
    )
    assert statuses(answers) == [200] + [409] * (TAPS - 1) and changed_meanwhile(answers)
    assert events(state, "help_request", request_id) == 2  # asked, and the one move that won
    [won] = [a.get_json()["status"] for a in answers if a.status_code == 200]
    with state.engine.connect() as conn:
        assert conn.execute(sa.text(f"SELECT status FROM help_requests WHERE id = {request_id}")).scalar() == won


def test_an_upload_undone_by_several_people_at_once_is_undone_once(app_on):
    server, headers, state = app_on
    upload_id = upload_surveys(server, headers)
    answers = at_once(lambda: server.test_client().post(f"/api/v1/uploads/{upload_id}/undo", headers=headers["coord"]))
    assert statuses(answers) == [200] + [409] * (TAPS - 1)
    assert count(state, survey_records) == 0
    with state.engine.connect() as conn:
        undos = conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'upload.undo'")).scalar()
    assert undos == 1


def test_a_record_reviewed_by_several_people_at_once_is_decided_once(app_on):
    server, headers, state = app_on
    upload_surveys(server, headers)
    with state.engine.connect() as conn:
        survey_id = conn.execute(sa.text("SELECT min(id) FROM survey_records")).scalar()
    # rejecting ends the review (a confirmed record may still be rejected later, one after the other: both right)
    answers = at_once(
        lambda: server.test_client().post(
            f"/api/v1/surveys/{survey_id}/review", json={"action": "reject"}, headers=headers["coord"]
        )
    )
    assert statuses(answers) == [200] + [409] * (TAPS - 1) and changed_meanwhile(answers)
    assert events(state, "survey_review", survey_id) == 1


def test_a_home_visit_closed_by_several_people_at_once_is_closed_once(app_on):
    server, headers, state = app_on
    upload_surveys(server, headers)
    with state.engine.connect() as conn:
        survey_id = conn.execute(sa.text("SELECT min(id) FROM survey_records")).scalar()
    client = server.test_client()
    planned = client.patch(
        f"/api/v1/home-visits/{survey_id}",
        json={"assigned_to": "vol", "planned_on": "1/2/2565"},
        headers=headers["coord"],
    )
    assert planned.status_code == 200, planned.get_json()
    # the outcomes that close a visit (not_home keeps it open: a later outcome after it is right)
    outcomes = iter(["vaccinated", "refused", "moved"] * TAPS)
    answers = at_once(
        lambda: server.test_client().patch(
            f"/api/v1/home-visits/{survey_id}", json={"status": next(outcomes)}, headers=headers["coord"]
        )
    )
    assert statuses(answers) == [200] + [409] * (TAPS - 1) and changed_meanwhile(answers)
    [won] = [a.get_json()["status"] for a in answers if a.status_code == 200]
    with state.engine.connect() as conn:
        stored = conn.execute(sa.text(f"SELECT status FROM home_visits WHERE survey_id = {survey_id}")).scalar()
        vaccinated_on = conn.execute(
            sa.text(f"SELECT vaccinated_on FROM survey_records WHERE id = {survey_id}")
        ).scalar()
    assert stored == won and (vaccinated_on is not None) == (won == "vaccinated")
