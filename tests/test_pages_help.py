"""/help and /help/status (public server pages) and /help-requests (the staff queue) through Flask's test client:
plain HTML forms that work without JavaScript, in the public pages' five languages."""

from __future__ import annotations

import re

import pytest

from dashboard.i18n_public import PUBLIC_LANGS, pt
from data.users import create_token, create_user

pytestmark = pytest.mark.usefixtures("quick_hashes")


@pytest.fixture
def demo_state(own_demo):
    return own_demo.state


@pytest.fixture
def client(own_demo):
    return own_demo.client


def csrf(client, path: str = "/help") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def ask(client, **changes):
    form = {"need": "transport", "name": "นายทดสอบ ขอรถ", "phone": "089 111 2222", "people": "1"}
    form |= {"subdistrict": "ศรีภูมิ", "district": "เมืองเชียงใหม่", "province": "เชียงใหม่", "csrf": csrf(client)}
    return client.post("/help", data=form | changes)


@pytest.mark.parametrize("lang", PUBLIC_LANGS)
def test_the_form_speaks_each_public_language_and_needs_no_script(client, lang):
    answer = client.get(f"/help?lang={lang}")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert pt("help.title", lang) in html and pt("need.oxygen", lang) in html
    assert '<form method="post" action="/help' in html and "<script>" not in html
    assert 'id="help-locate" class="btn primary wide" hidden' in html  # shown only by locate.js


def test_a_typed_place_gives_a_reference_read_character_by_character_and_a_status_link(client):
    answer = ask(client)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 201, html[:2000]
    chars = re.findall(r'<span class="ref-char">(.)</span>', html)
    assert len(chars) == 6 and not set(chars) & set("01OI")
    link = re.search(r'id="help-follow" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.startswith("/help/status?reference=" + "".join(chars)) and "phone=0891112222" in link
    status = client.get(link)
    text = status.get_data(as_text=True)
    assert status.status_code == 200 and pt("hstatus.waiting", "th") in text and 'id="help-steps"' in text


def test_the_same_page_sent_twice_stores_once_and_problems_are_said_in_the_readers_language(client):
    token = csrf(client)
    first = client.post(
        "/help", data={"need": "oxygen", "name": "ก", "phone": "0891112222", "subdistrict": "500101", "csrf": token}
    )
    again = client.post(
        "/help", data={"need": "oxygen", "name": "ก", "phone": "0891112222", "subdistrict": "500101", "csrf": token}
    )
    assert first.status_code == 201 and again.status_code == 200  # a double tap: the request stored, shown again
    reference = re.search(r"reference=([A-Z0-9]+)", first.get_data(as_text=True)).group(1)
    assert f"reference={reference}" in again.get_data(as_text=True) and "0891112222" not in again.get_data(as_text=True)
    stale = client.post("/help", data={"need": "oxygen", "name": "ก", "phone": "0891112222", "csrf": "not-the-token"})
    assert stale.status_code == 400  # a page of another visit has expired all the same
    bad = ask(client, phone="12", subdistrict="ไม่มีตำบลนี้", district="", province="")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "หมายเลขโทรศัพท์ไม่ถูกต้อง" in html
    burmese = client.post("/help?lang=my", data={"need": "oxygen", "name": "", "phone": "1", "csrf": csrf(client)})
    assert pt("help.bad.phone", "my") in burmese.get_data(as_text=True)


def test_a_wrong_phone_on_the_status_page_says_not_found(client):
    reference = re.findall(r'<span class="ref-char">(.)</span>', ask(client).get_data(as_text=True))
    answer = client.get(f"/help/status?reference={''.join(reference)}&phone=0800000000&lang=en")
    assert answer.status_code == 404 and pt("help.status.not_found", "en") in answer.get_data(as_text=True)


def test_the_coordinator_sees_the_queue_and_moves_a_request_without_javascript(client, demo_state):
    ask(client)
    with demo_state.engine.begin() as conn:
        create_user(conn, "hq_coord", "long-enough-pw", "coordinator", "5001")
        vol = create_user(conn, "hq_vol", "long-enough-pw", "volunteer", "500101")
        create_user(conn, "hq_other", "long-enough-pw", "coordinator", "1001")
        tokens = {name: create_token(conn, name) for name in ("hq_coord", "hq_vol", "hq_other")}
    staff = signed(client, tokens["hq_coord"])
    html = staff.get("/help-requests?lang=en").get_data(as_text=True)
    assert "นายทดสอบ ขอรถ" in html and "Waiting" in html and 'id="help-queue-map"' in html
    item = re.search(r'id="help-item-(\d+)"', html).group(1)
    token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    moved = staff.post(
        f"/help-requests/{item}",
        data={
            "status": "assigned",
            "assigned_to": str(vol),
            "note": "โทรแล้ว",
            "csrf": token,
            "back": "/help-requests?lang=en",
        },
    )
    assert moved.status_code == 303 and moved.headers["Location"].startswith("/help-requests?lang=en&moved=")
    after = staff.get(moved.headers["Location"]).get_data(as_text=True)
    assert f"Request {item} saved." in after and "Assigned to: hq_vol" in after
    refused = staff.post(f"/help-requests/{item}", data={"status": "waiting", "assigned_to": "hq_other", "csrf": token})
    assert refused.status_code == 422 and "not an active user of this request" in refused.get_data(as_text=True)
    volunteer = signed(client, tokens["hq_vol"]).get("/help-requests?lang=en").get_data(as_text=True)
    assert f'id="help-item-{item}"' in volunteer and 'name="assigned_to"' not in volunteer  # they do not assign
    other = signed(client, tokens["hq_other"]).get("/help-requests?lang=en").get_data(as_text=True)
    assert "นายทดสอบ ขอรถ" not in other
    assert signed(client, tokens["hq_other"]).get("/help-requests?area=5001").status_code == 403
    assert client.application.test_client().get("/help-requests").status_code == 302  # the public: sign in first


def signed(client, token: str):
    other = client.application.test_client()
    other.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return other


def test_a_note_of_many_lines_is_counted_as_the_person_sees_it(client, demo_state):
    """A browser sends each line break of the note as two characters (\\r\\n); a note of 1,000 characters as typed,
    21 of them line breaks, was refused as over 1,000."""
    import sqlalchemy as sa

    from data.schema import help_request_personal

    note = "\r\n".join(["ก" * 46] * 21) + "ข" * 14  # 21 lines; 1,000 characters with each break as one
    assert len(note.replace("\r\n", "\n")) == 1000
    answer = ask(client, note=note)
    assert answer.status_code == 201, answer.get_data(as_text=True)[:500]
    with demo_state.engine.connect() as conn:
        kept = conn.execute(
            sa.select(help_request_personal.c.note).order_by(help_request_personal.c.request_id.desc())
        ).first()
    assert kept.note == note.replace("\r\n", "\n")


def coordinator_page(client, demo_state, name: str, path: str) -> tuple:
    """(a client signed in as a new coordinator of 5001, the page at ``path``, the id of its first request)."""
    with demo_state.engine.begin() as conn:
        create_user(conn, name, "long-enough-pw", "coordinator", "5001")
        token = create_token(conn, name)
    staff = signed(client, token)
    html = staff.get(path).get_data(as_text=True)
    return staff, html, re.search(r'id="help-item-(\d+)"', html).group(1)


def test_characters_python_calls_digits_are_refused_on_the_pages_not_a_500(client, demo_state):
    """people "²" on /help, assigned_to "²" and a request id "²" on /help-requests answered 500 (int("²"))."""
    refused = ask(client, people="²")
    assert refused.status_code == 422 and "จำนวนคนต้องเป็น 1–100" in refused.get_data(as_text=True)
    ask(client)
    staff, html, item = coordinator_page(client, demo_state, "hq_digits", "/help-requests?lang=en")
    form = {"status": "assigned", "csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1)}
    moved = staff.post(f"/help-requests/{item}?lang=en", data=form | {"assigned_to": "²"})
    assert moved.status_code == 422 and "is not an active user of this request" in moved.get_data(as_text=True)
    assert staff.post("/help-requests/%C2%B2", data=form | {"assigned_to": "hq_digits"}).status_code == 404
    assert "Request ² saved" not in staff.get("/help-requests?lang=en&moved=%C2%B2").get_data(as_text=True)


def test_a_move_the_flow_refuses_is_said_on_the_page_with_the_statuses_thai_names(client, demo_state):
    ask(client)
    staff, html, item = coordinator_page(client, demo_state, "hq_flow", "/help-requests?lang=th")
    form = {"csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1)}
    assert staff.post(f"/help-requests/{item}", data=form | {"status": "done"}).status_code == 303
    refused = staff.post(f"/help-requests/{item}?lang=th", data=form | {"status": "waiting"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "เปลี่ยนสถานะจาก “ช่วยเหลือแล้ว” เป็น “รอความช่วยเหลือ” ไม่ได้" in text and "จาก done" not in text


@pytest.mark.parametrize(
    ("lang", "said"), [("th", "โปรดเลือกผู้รับเรื่อง"), ("en", "choose who takes the request (a user of its area)")]
)
def test_assigned_with_nobody_is_said_once_at_the_request_in_the_pages_language(client, demo_state, lang, said):
    """It said "assigned_to: assigned needs assigned_to: a user of the area" above the list, not saying which."""
    ask(client)
    with demo_state.engine.begin() as conn:
        create_user(conn, f"hq_nobody_{lang}", "long-enough-pw", "coordinator", "5001")
        token = create_token(conn, f"hq_nobody_{lang}")
    staff = signed(client, token)
    html = staff.get(f"/help-requests?lang={lang}").get_data(as_text=True)
    item = re.search(r'id="help-item-(\d+)"', html).group(1)
    form = {"status": "assigned", "assigned_to": "", "csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1)}
    refused = staff.post(f"/help-requests/{item}?lang={lang}", data=form)
    text = refused.get_data(as_text=True)
    assert (
        refused.status_code == 422
        and text.count(said) == 1
        and "assigned_to:" not in text
        and "needs assigned" not in text
    )
    card = text.split(f'id="help-item-{item}"')[1].split("</li>")[0]
    assert f'id="help-problem-{item}"' in card and said in card
    assert 'id="help-queue-message"' not in text
