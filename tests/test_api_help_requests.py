"""Help requests through the API: the public asks and follows, the chain of command of the area answers, every move is
audited without personal data, look-ups give no oracle, and both public routes are throttled per address."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from data.help_requests import REFERENCE_ALPHABET
from data.schema import audit_log, followup_events, help_requests
from data.users import create_token, create_user

pytestmark = pytest.mark.usefixtures("quick_hashes")

_names = itertools.count()
MUEANG_CHIANG_MAI = (18.7883, 98.9853)  # subdistrict 500102, district 5001


@pytest.fixture
def demo_state(own_demo):
    return own_demo.state


@pytest.fixture
def client(own_demo):
    return own_demo.client


@pytest.fixture
def person(demo_state):
    def make(role: str, area: str) -> tuple[dict, int, str]:
        name = f"help_{role}_{next(_names)}"
        with demo_state.engine.begin() as conn:
            uid = create_user(conn, name, "long-enough-pw", role, area)
            return {"Authorization": f"Bearer {create_token(conn, name)}"}, uid, name

    return make


def ask(client, **changes):
    body = {"need": "vaccination_at_home", "name": "ยายสมศรี ใจดี", "phone": "081-234-5678", "people": 2}
    body |= {"lat": MUEANG_CHIANG_MAI[0], "lon": MUEANG_CHIANG_MAI[1]} | changes
    return client.post("/api/v1/help-requests", json={k: v for k, v in body.items() if v is not None})


def test_a_request_is_placed_in_its_subdistrict_and_followed_by_its_reference(client, demo_state):
    answer = ask(client)
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert set(made) == {"reference", "status", "created_at"} and made["status"] == "waiting"
    assert len(made["reference"]) == 6 and set(made["reference"]) <= set(REFERENCE_ALPHABET)
    with demo_state.engine.connect() as conn:
        row = conn.execute(sa.select(help_requests).where(help_requests.c.reference == made["reference"])).one()
    assert (row.subdistrict, row.district, row.province, row.people) == ("500102", "5001", "50", 2)
    spaced = " ".join(made["reference"].lower())  # as read out over the phone
    status = client.get(f"/api/v1/help-requests/{spaced}?phone=0812345678")
    assert status.status_code == 200 and status.headers["Cache-Control"] == "no-store"
    body = status.get_json()
    assert body["status"] == "waiting" and body["waiting_minutes"] == 0
    assert [h["status"] for h in body["history"]] == ["waiting"] and "name" not in body and "phone" not in body


def test_a_subdistrict_by_name_or_code_and_the_refusals_in_both_languages(client):
    assert ask(client, lat=None, lon=None, subdistrict="500102").status_code == 201
    abroad = ask(client, lat=51.5, lon=-0.12)  # London
    assert abroad.status_code == 422
    assert "outside Thailand" in abroad.get_json()["error"] and "นอกประเทศไทย" in abroad.get_json()["error_th"]
    assert "swapped" not in abroad.get_json()["error"] and "choose your subdistrict" in abroad.get_json()["error"]
    at_sea = ask(client, lat=12.5, lon=100.5)  # the Gulf of Thailand: not a swap
    assert at_sea.status_code == 422 and "swapped" not in at_sea.get_json()["error"]
    swapped = ask(client, lat=98.98, lon=18.79)
    assert "lat and lon swapped?" in swapped.get_json()["error"] and "สลับกัน" in swapped.get_json()["error_th"]
    unknown = ask(client, lat=None, lon=None, subdistrict="ไม่มีตำบลนี้แน่นอน")
    assert unknown.status_code == 422 and unknown.get_json()["problems"][0]["column"] == "subdistrict"
    everything = ask(client, need="pizza", name=" ", phone="12", people=0, lat=None, lon=None)
    columns = {p["column"] for p in everything.get_json()["problems"]}
    assert columns == {"need", "name", "phone", "people", "subdistrict"}


def test_a_wrong_phone_answers_as_an_unknown_reference(client):
    reference = ask(client).get_json()["reference"]
    wrong = client.get(f"/api/v1/help-requests/{reference}?phone=0899999999")
    unknown = client.get("/api/v1/help-requests/ZZZZZZ?phone=0812345678")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_json() == unknown.get_json()


def test_the_district_coordinator_assigns_and_closes_and_each_step_is_kept(client, person, demo_state):
    reference = ask(client).get_json()["reference"]
    coordinator, coordinator_id, _ = person("coordinator", "5001")
    _, volunteer_id, volunteer_name = person("volunteer", "500102")
    queue = client.get("/api/v1/help-requests?district=5001", headers=coordinator).get_json()
    item = next(i for i in queue["items"] if i["reference"] == reference)
    assert item["status"] == "waiting" and item["phone"] == "0812345678" and item["name"] == "ยายสมศรี ใจดี"
    assert isinstance(item["waiting_minutes"], int)
    url = f"/api/v1/help-requests/{item['id']}"
    early = client.patch(url, json={"status": "assigned"}, headers=coordinator)
    assert early.status_code == 422  # assigned to whom?
    stranger = client.patch(url, json={"status": "assigned", "assigned_to": "m_nobody"}, headers=coordinator)
    assert stranger.status_code == 422 and stranger.get_json()["problems"][0]["column"] == "assigned_to"
    assigned = client.patch(
        url, json={"status": "assigned", "assigned_to": volunteer_name, "note": "โทรแล้ว"}, headers=coordinator
    )
    assert assigned.status_code == 200 and assigned.get_json()["assigned_to"] == volunteer_id
    done = client.patch(url, json={"status": "done"}, headers=coordinator)
    assert done.status_code == 200
    again = client.patch(url, json={"status": "waiting"}, headers=coordinator)
    assert again.status_code == 409 and again.get_json()["error_th"]
    history = client.get(f"/api/v1/help-requests/{reference}?phone=081 234 5678").get_json()["history"]
    assert [h["status"] for h in history] == ["waiting", "assigned", "done"]
    with demo_state.engine.connect() as conn:
        events = conn.execute(sa.select(followup_events.c.by_user).where(followup_events.c.item_id == item["id"]))
        entries = conn.execute(
            sa.select(audit_log.c.action, audit_log.c.detail).where(audit_log.c.entity == "help_request")
        )
        entries = [tuple(e) for e in entries]
    assert [e[0] for e in events][1:] == [coordinator_id, coordinator_id]
    assert [a for a, _ in entries].count("help_request.status") == 2
    assert "0812345678" not in str(entries) and "สมศรี" not in str(entries) and "โทรแล้ว" not in str(entries)


def test_a_volunteer_sees_and_moves_only_what_is_assigned_to_them(client, person):
    reference = ask(client).get_json()["reference"]
    coordinator, _, _ = person("coordinator", "5001")
    volunteer, _, volunteer_name = person("volunteer", "500102")
    other_volunteer, _, _ = person("volunteer", "500102")
    item = next(
        i
        for i in client.get("/api/v1/help-requests", headers=coordinator).get_json()["items"]
        if i["reference"] == reference
    )
    url = f"/api/v1/help-requests/{item['id']}"
    assert client.get("/api/v1/help-requests", headers=volunteer).get_json()["total"] == 0
    assert client.patch(url, json={"status": "being_helped"}, headers=volunteer).status_code == 403
    client.patch(url, json={"status": "assigned", "assigned_to": volunteer_name}, headers=coordinator)
    mine = client.get("/api/v1/help-requests", headers=volunteer).get_json()
    assert [i["reference"] for i in mine["items"]] == [reference] and mine["items"][0]["phone"] == "0812345678"
    assert client.get("/api/v1/help-requests", headers=other_volunteer).get_json()["total"] == 0
    assert client.patch(url, json={"status": "cancelled"}, headers=volunteer).status_code == 403
    assert client.patch(url, json={"status": "being_helped"}, headers=volunteer).status_code == 200


def test_another_districts_coordinator_and_the_public_cannot_read_it(client, person):
    ask(client)
    other, _, _ = person("coordinator", "1001")
    assert client.get("/api/v1/help-requests?district=5001").status_code == 401
    assert client.get("/api/v1/help-requests?district=5001", headers=other).status_code == 403
    assert all(i["district"] == "1001" for i in client.get("/api/v1/help-requests", headers=other).get_json()["items"])


def test_filters_and_bad_parameters(client, person):
    ask(client)
    ask(client, need="oxygen")
    coordinator, _, _ = person("coordinator", "5001")
    oxygen = client.get("/api/v1/help-requests?need=oxygen&status=waiting", headers=coordinator).get_json()
    assert oxygen["total"] >= 1 and {i["need"] for i in oxygen["items"]} == {"oxygen"}
    bad = client.get("/api/v1/help-requests?status=lost", headers=coordinator)
    assert bad.status_code == 422 and bad.get_json()["problems"][0]["column"] == "status"


def test_creating_and_looking_up_are_throttled_per_address(client):
    refused = [ask(client, phone="12").status_code for _ in range(12)]
    assert refused == [422] * 12  # a request with a mistake stores nothing and is not counted against the address
    answers = [ask(client).status_code for _ in range(11)]
    assert answers[:10] == [201] * 10 and answers[10] == 429
    looks = [client.get("/api/v1/help-requests/ZZZZZZ?phone=0812345678").status_code for _ in range(61)]
    assert looks[:60] == [404] * 60 and looks[60] == 429
    assert "นาที" in client.get("/api/v1/help-requests/ZZZZZZ?phone=1").get_json()["error_th"]


def test_the_statistics_carry_the_waiting_figures_under_the_small_number_rule(client, person, demo_state):
    import datetime as dt

    from data.help_requests import Ask, create_request
    from geo.clock import now

    with demo_state.engine.begin() as conn:
        for hours in (1, 2, 3, 4, 5, 30):  # Chiang Mai: six waiting, for 1 to 30 hours
            create_request(conn, Ask("oxygen", "ก", "0812345678", "500102"), at=now() - dt.timedelta(hours=hours))
        create_request(conn, Ask("oxygen", "ข", "0812345678", "100101"), at=now() - dt.timedelta(hours=2))  # Bangkok: 1
    public = {r["code"]: r for r in client.get("/api/v1/stats/provinces").get_json()["items"]}
    assert public["50"]["help_waiting"] == 5  # six, rounded to a multiple of five
    assert 209 <= public["50"]["help_wait_median_min"] <= 211 and 1799 <= public["50"]["help_wait_longest_min"] <= 1801
    assert public["10"]["help_waiting"] is None and public["10"]["help_wait_longest_min"] is None  # one: hidden
    assert public["11"]["help_waiting"] == 0 and public["11"]["help_wait_median_min"] is None
    admin, _, _ = person("province_admin", "50")
    staff = {r["code"]: r for r in client.get("/api/v1/stats/provinces", headers=admin).get_json()["items"]}
    assert staff["50"]["help_waiting"] == 6 and staff["10"]["help_waiting"] is None
    csv = client.get("/api/v1/stats/provinces?format=csv").get_data(as_text=True)
    assert "help_waiting" in csv.splitlines()[0]


SUPERSCRIPT_TWO = "²"  # "²".isdigit() is True, int("²") raises: a digit to Python, not a number to anyone


def test_characters_python_calls_digits_are_not_numbers_but_a_422_naming_the_field(client, person):
    """ "people": "²" and "assigned_to": "²" answered 500 (int() of a character str.isdigit() accepts)."""
    refused = ask(client, people=SUPERSCRIPT_TWO)
    assert refused.status_code == 422 and [p["column"] for p in refused.get_json()["problems"]] == ["people"]
    assert "people must be 1 to 100" in refused.get_json()["error"] and "จำนวนคน" in refused.get_json()["error_th"]
    assert ask(client, people="๒").status_code == 201  # Thai digits are digits
    reference, coordinator, url = asked_and_queued(client, person)
    for given in (SUPERSCRIPT_TWO, ["a"], {"id": 1}, True, 2**70):
        answer = client.patch(url, json={"status": "assigned", "assigned_to": given}, headers=coordinator)
        assert answer.status_code == 422, (given, answer.get_json())
        assert [p["column"] for p in answer.get_json()["problems"]] == ["assigned_to"]


@pytest.mark.parametrize(
    "changes, column",
    [
        ({"name": {"a": 1}}, "name"),  # was stored as "{'a': 1}"
        ({"name": True}, "name"),
        ({"name": 5}, "name"),
        ({"name": "ยาย\u0000สมศรี"}, "name"),
        ({"phone": ["0812345678"]}, "phone"),  # its digits were read out of the list's text
        ({"note": ["ช่วยด้วย"]}, "note"),
        ({"note": "x\u0000"}, "note"),
        ({"lat": None, "lon": None, "subdistrict": ["500102"]}, "subdistrict"),
    ],
)
def test_a_public_request_with_a_field_that_is_not_text_is_a_422_naming_it(client, demo_state, changes, column):
    answer = ask(client, **changes)
    assert answer.status_code == 422, answer.get_json()
    assert [p["column"] for p in answer.get_json()["problems"]] == [column]
    assert answer.get_json()["error"] and answer.get_json()["error_th"]
    with demo_state.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(help_requests)).scalar() == 0


def asked_and_queued(client, person) -> tuple[str, dict, str]:
    """(reference, a coordinator's headers, the request's address) of a new request in the coordinator's queue."""
    reference = ask(client).get_json()["reference"]
    coordinator, _, _ = person("coordinator", "5001")
    items = client.get("/api/v1/help-requests", headers=coordinator).get_json()["items"]
    item = next(i for i in items if i["reference"] == reference)
    return reference, coordinator, f"/api/v1/help-requests/{item['id']}"


def test_a_move_with_a_note_or_status_of_the_wrong_type_is_a_422_naming_it(client, person):
    """{"note": 5} answered 500 ((note or "").strip()), {"status": ["a"]} too (a list looked up in the flow)."""
    reference, coordinator, url = asked_and_queued(client, person)
    for body, column in (
        ({"status": "waiting", "note": 5}, "note"),
        ({"status": "waiting", "note": True}, "note"),
        ({"status": "waiting", "note": ["a"]}, "note"),
        ({"status": "waiting", "note": {"a": 1}}, "note"),
        ({"status": "waiting", "note": "ก" * 1001}, "note"),
        ({"status": ["a"]}, "status"),
        ({"status": {"a": 1}}, "status"),
    ):
        answer = client.patch(url, json=body, headers=coordinator)
        assert answer.status_code == 422, (body, answer.get_json())
        assert [p["column"] for p in answer.get_json()["problems"]] == [column], body
    assert client.get(f"/api/v1/help-requests/{reference}?phone=0812345678").get_json()["status"] == "waiting"


def test_a_move_the_flow_refuses_names_the_statuses_in_each_languages_words(client, person):
    """The 409 said "เปลี่ยนสถานะจาก being_helped เป็น assigned ไม่ได้": codes inside the Thai."""
    reference, coordinator, url = asked_and_queued(client, person)
    assert client.patch(url, json={"status": "being_helped"}, headers=coordinator).status_code == 200
    refused = client.patch(url, json={"status": "waiting"}, headers=coordinator)
    assert refused.status_code == 409
    assert refused.get_json()["error_th"] == (
        "เปลี่ยนสถานะจาก “กำลังช่วยเหลือ” เป็น “รอความช่วยเหลือ” ไม่ได้ "
        "(จาก “กำลังช่วยเหลือ” เปลี่ยนได้เป็น: “ช่วยเหลือแล้ว”, “ยกเลิก”, “ติดต่อไม่ได้”)"
    )
    assert refused.get_json()["error"] == (
        "cannot move from Being helped to Waiting "
        "(from Being helped: Done (done), Cancelled (cancelled), Could not reach (unreachable))"
    )
