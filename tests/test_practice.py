"""Practice spaces (data/practice.py, dashboard/practice.py, /api/v1/practice/...): what trainees do there reaches no
real table, public answer, statistic or the real audit log; accounts expire and end; a reset touches one space only.

Each test runs on SQLite and on PostgreSQL (a practice space is then a schema beside the test's own)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
import sqlalchemy as sa

TRAINERS = {
    "coord_cm": ("coordinator", "5001"),
    "coord_bkk": ("coordinator", "1001"),
    "vol_cm": ("volunteer", "500101"),
}
TRAINERS |= {"padmin_cm": ("province_admin", "50")}
ORIGIN = {"Origin": "http://localhost"}  # a signed-in browser's writes come from a page of this site
POINTS = {"5001": (18.7883, 98.9853), "1001": (13.7525, 100.4930)}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def world(request, tmp_path, base_state, quick_hashes):
    """A real space on each database: two trainers' districts with two facilities each, an open campaign, people."""
    from fixtures_app import _drop_schema, create_people, database_for, deployed_on

    from app import create_app
    from data.campaigns import open_campaign
    from data.facility_edit import create_facility

    url, cleanup = database_for(request, tmp_path)
    state = deployed_on(base_state, tmp_path, url)
    tokens = create_people(state, TRAINERS)
    with state.engine.begin() as conn:
        open_campaign(conn, "รอบจริง", "Real round", dt.date(2022, 1, 1), None)
        for district, (lat, lon) in POINTS.items():
            user = {"id": None, "role": "national_admin", "area": "TH"}
            for n in (1, 2):
                fields = {"type": "hospital", "name_th": f"จริง {district} {n}", "lat": lat + n * 1e-3, "lon": lon}
                create_facility(conn, state, fields, user)
    app = create_app(state.settings, state)
    yield {"state": state, "app": app, "tokens": tokens}
    _drop_practice_schemas(state.engine)
    state.engine.dispose()
    for opened in app.server.extensions.get("jitasa.practice", {}).values():
        opened.engine.dispose()
    if cleanup:
        _drop_schema(*cleanup)


def _drop_practice_schemas(engine) -> None:
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        own = conn.execute(sa.text("SELECT current_schema()")).scalar()
        names = conn.execute(
            sa.text("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :p"),
            {"p": f"{own}_practice_%"},
        ).scalars()
        for name in list(names):
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))


def bearer(world, name: str) -> dict:
    return {"Authorization": f"Bearer {world['tokens'][name]}"}


def make_accounts(world, trainer: str, **body) -> dict:
    client = world["app"].server.test_client()
    answer = client.post("/api/v1/practice/accounts", json=body, headers=bearer(world, trainer))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def signed_in_client(world, username: str, password: str):
    client = world["app"].server.test_client()
    client.get("/login")
    with client.session_transaction() as session:
        token = session["csrf"]
    answer = client.post("/login", data={"username": username, "password": password, "csrf": token, "next": "/"})
    return client, answer


def snapshot(engine) -> dict[str, tuple[int, str]]:
    """Every table of a database (read from the database itself): row count and a checksum of its rows."""
    out = {}
    with engine.connect() as conn:
        tables = sa.MetaData()
        tables.reflect(conn)
        for table in tables.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(sa.select(table).order_by(*order)).all()
            out[table.name] = (len(rows), hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest())
    return out


PUBLIC = (
    "/api/v1/coverage?level=district&province=50&metric=facilities_per_100k",
    "/api/v1/facilities?district=5001",
    "/api/v1/stats/provinces",
    "/api/v1/nearest?lat=18.79&lon=98.98&type=hospital",
)


def public_answers(world) -> dict[str, tuple[str, bytes]]:
    client = world["app"].server.test_client()
    return {url: (r.headers.get("ETag"), r.get_data()) for url in PUBLIC if (r := client.get(url)).status_code == 200}


def survey_csv(subdistrict: str, rows: int = 3) -> bytes:
    day = dt.date.today().strftime("%d/%m/%Y")
    lines = [f"{day},{subdistrict},elderly,{70 + n},0,wants" for n in range(rows)]
    return ("survey_date,subdistrict,target_group,age,doses_received,intention\n" + "\n".join(lines) + "\n").encode()


def test_practice_work_reaches_nothing_real(world):
    volunteer = make_accounts(world, "coord_cm", role="volunteer", area="500101", count=2)
    coordinator = make_accounts(world, "coord_cm", role="coordinator", area="5001", count=1)
    assert volunteer["space"] == coordinator["space"] == "5001" and volunteer["total"] == 2
    real_before, public_before = snapshot(world["state"].engine), public_answers(world)

    vol, answer = signed_in_client(world, volunteer["items"][0]["username"], volunteer["items"][0]["password"])
    assert answer.status_code == 303
    upload = vol.post(
        "/api/v1/uploads/surveys",
        data={"file": (io.BytesIO(survey_csv("500101")), "s.csv")},
        content_type="multipart/form-data",
        headers=ORIGIN,
    )
    assert upload.status_code == 200 and upload.get_json()["new"] == 3, upload.get_json()
    coord, _ = signed_in_client(world, coordinator["items"][0]["username"], coordinator["items"][0]["password"])
    listed = coord.get("/api/v1/facilities?district=5001").get_json()["items"]
    assert {f["name_th"] for f in listed} == {"จริง 5001 1", "จริง 5001 2"}  # the copy of the trainer's area
    edit = coord.patch(
        f"/api/v1/facilities/{listed[0]['id']}",
        json={"version": listed[0]["version"], "phone": "053-999999"},
        headers=ORIGIN,
    )
    assert edit.status_code == 200, edit.get_json()
    # the practice space has it all; the real space, its public answers and its audit log have nothing of it
    assert coord.get(f"/api/v1/facilities/{listed[0]['id']}").get_json()["phone"] == "053-999999"
    assert len(coord.get("/api/v1/surveys?area=5001").get_json()["items"]) == 3 + 6  # the upload + the synthetic
    nearest = coord.get("/api/v1/nearest?lat=18.79&lon=98.98&type=hospital&k=20").get_json()["items"]
    assert {f["name_th"] for f in nearest} == {"จริง 5001 1", "จริง 5001 2"}  # the space's own finder index
    assert snapshot(world["state"].engine) == real_before
    assert public_answers(world) == public_before
    assert all(
        f.get("phone") != "053-999999" for f in world["app"].server.test_client().get(PUBLIC[1]).get_json()["items"]
    )
    # every page in the space says so, server-rendered ones too; nothing it answers is kept by a proxy
    page = vol.get("/account/password")
    assert "practice-banner" in page.get_data(as_text=True) and "nothing here is real" in page.get_data(as_text=True)
    assert "private" in vol.get(PUBLIC[1]).headers["Cache-Control"]
    assert "practice-banner" not in world["app"].server.test_client().get("/find").get_data(as_text=True)


def test_creation_is_audited_in_the_real_log_without_passwords(world):
    made = make_accounts(world, "coord_cm", role="volunteer", area="5001", count=3, expires_in_days=2)
    with world["state"].engine.connect() as conn:
        rows = conn.execute(sa.text("select action, detail from audit_log where action like 'practice.%'")).all()
    assert [r.action for r in rows] == ["practice.accounts_create"]
    text = str(rows[0].detail)
    assert all(a["username"] in text and a["password"] not in text for a in made["items"])
    with world["state"].engine.connect() as conn:
        hashes = conn.execute(sa.text("select count(*) from users where username like 'p5001-%'")).scalar()
    assert hashes == 0  # the accounts live in the practice database only


@pytest.mark.parametrize(
    "trainer,body,status",
    [
        ("vol_cm", {"role": "volunteer", "area": "500101", "count": 1}, 403),  # a volunteer trains nobody
        ("coord_cm", {"role": "volunteer", "area": "1001", "count": 1}, 403),  # outside their area
        ("coord_cm", {"role": "province_admin", "area": "5001", "count": 1}, 403),  # above their own role
        ("coord_cm", {"role": "volunteer", "area": "5001", "count": 0}, 422),
        ("coord_cm", {"role": "volunteer", "area": "5001", "count": 1, "expires_in_days": 400}, 422),
        ("padmin_cm", {"role": "volunteer", "area": "TH", "count": 1}, 422),  # a space is a province or smaller
        ("padmin_cm", {"role": "coordinator", "area": "5001", "count": 1}, 201),
    ],
)
def test_who_may_make_practice_accounts(world, trainer, body, status):
    answer = (
        world["app"].server.test_client().post("/api/v1/practice/accounts", json=body, headers=bearer(world, trainer))
    )
    assert answer.status_code == status, answer.get_json()
    if status >= 400:
        assert answer.get_json()["error"] and answer.get_json()["error_th"]


def test_practice_accounts_expire_and_end(world, monkeypatch):
    from data import practice
    from geo import clock

    made = make_accounts(world, "coord_cm", role="coordinator", area="5001", count=2, expires_in_days=1)
    first, second = made["items"]
    client, answer = signed_in_client(world, first["username"], first["password"])
    assert answer.status_code == 303 and client.get("/api/v1/uploads").status_code == 200
    later = clock.now() + dt.timedelta(days=1, minutes=1)
    monkeypatch.setattr(
        practice, "clock", type("Fixed", (), {"now": staticmethod(lambda: later), "today": clock.today})
    )
    assert client.get("/api/v1/uploads").status_code == 401  # the session stops working
    assert signed_in_client(world, second["username"], second["password"])[1].status_code == 401
    monkeypatch.undo()
    # ended by the trainer: signed-in sessions and new sign-ins both stop
    client, _ = signed_in_client(world, second["username"], second["password"])
    assert client.get("/api/v1/uploads").status_code == 200
    ended = (
        world["app"]
        .server.test_client()
        .post("/api/v1/practice/accounts/end", json={"area": "5001"}, headers=bearer(world, "coord_cm"))
    )
    assert ended.status_code == 200 and set(ended.get_json()["ended"]) == {first["username"], second["username"]}
    assert client.get("/api/v1/uploads").status_code == 401
    assert signed_in_client(world, second["username"], second["password"])[1].status_code == 401
    listed = world["app"].server.test_client().get("/api/v1/practice/accounts", headers=bearer(world, "coord_cm"))
    assert {a["status"] for a in listed.get_json()["items"]} == {"ended"}


def test_a_practice_account_cannot_manage_practice_accounts(world):
    made = make_accounts(world, "coord_cm", role="coordinator", area="5001", count=1)
    client, _ = signed_in_client(world, made["items"][0]["username"], made["items"][0]["password"])
    body = {"role": "volunteer", "area": "5001", "count": 1}
    assert client.post("/api/v1/practice/accounts", json=body, headers=ORIGIN).status_code == 403
    assert client.post("/api/v1/practice/reset", json={"area": "5001"}, headers=ORIGIN).status_code == 403


def test_a_reset_puts_one_space_back_and_leaves_another_trainers(world):
    mine = make_accounts(world, "coord_cm", role="volunteer", area="500101", count=1)["items"][0]
    theirs = make_accounts(world, "coord_bkk", role="volunteer", area="100101", count=1)["items"][0]
    clients = {}
    for name, account, code in (("mine", mine, "500101"), ("theirs", theirs, "100101")):
        clients[name], _ = signed_in_client(world, account["username"], account["password"])
        upload = clients[name].post(
            "/api/v1/uploads/surveys",
            data={"file": (io.BytesIO(survey_csv(code, 2)), "s.csv")},
            content_type="multipart/form-data",
            headers=ORIGIN,
        )
        assert upload.status_code == 200 and upload.get_json()["new"] == 2, upload.get_json()
    spaces = world["app"].server.extensions["jitasa.practice"]
    theirs_before = snapshot(spaces["1001"].engine)
    answer = (
        world["app"]
        .server.test_client()
        .post("/api/v1/practice/reset", json={"area": "5001"}, headers=bearer(world, "coord_cm"))
    )
    assert answer.status_code == 200 and answer.get_json() == {"space": "5001", "reset": True}
    with spaces["5001"].engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from survey_records")).scalar() == 6  # the synthetic ones
        assert conn.execute(sa.text("select count(*) from uploads")).scalar() == 0
    assert snapshot(spaces["1001"].engine) == theirs_before
    assert clients["mine"].get("/api/v1/uploads").status_code == 200  # still signed in after the reset
    refused = (
        world["app"]
        .server.test_client()
        .post("/api/v1/practice/reset", json={"area": "1001"}, headers=bearer(world, "coord_cm"))
    )
    assert refused.status_code == 403


@pytest.mark.system  # draws with the app's headless Chromium
def test_the_a4_cards_have_each_name_password_and_the_sites_address(world, tmp_path):
    import subprocess

    body = {"role": "volunteer", "area": "500101", "count": 9}
    answer = (
        world["app"]
        .server.test_client()
        .post("/api/v1/practice/accounts?format=pdf", json=body, headers=bearer(world, "coord_cm"))
    )
    assert answer.status_code == 201 and answer.mimetype == "application/pdf"
    assert answer.headers["Cache-Control"] == "no-store"
    (tmp_path / "cards.pdf").write_bytes(answer.get_data())
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "cards.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    with world["state"].engine.connect() as conn:
        names = list(conn.execute(sa.text("select username from practice_accounts")).scalars())
    assert len(names) == 9 and all(name in text for name in names)
    assert "http://localhost" in text and "Survey form" in text and "Practice space: nothing here is real" in text
    assert text.count("\f") >= 2  # nine cards: two A4 pages


def test_the_wiring_reaches_the_database_only_through_the_requests_state():
    """Isolation is structural: every page, callback and route asks ``dashboard.state.current()`` (or the API's
    ``state()``, which is it) for its engine; reading the app's own state directly is left to the few modules that
    need the real space's settings or keys, whichever space a request is in."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    allowed = {
        "dashboard/state.py",  # current() and real() themselves
        "dashboard/auth.py",  # the site's address and the session secret (settings, keys)
        "dashboard/account.py",  # a one-time reset code is for a real account
        "dashboard/http_cache.py",  # the answer cache's own settings; its keys carry the space
        "dashboard/audience.py",  # the suppression threshold (a setting)
    }
    readers = {
        str(path.relative_to(root))
        for folder in ("dashboard", "data", "layers")
        for path in (root / folder).rglob("*.py")
        if 'extensions["jitasa"]' in path.read_text()
    }
    assert readers <= allowed, sorted(readers - allowed)


@pytest.mark.parametrize("field, value", [("role", []), ("role", {"a": 1}), ("area", ["5001"]), ("area", True)])
def test_a_role_or_area_that_is_not_text_is_a_422_naming_it(world, field, value):
    """{"role": []} answered 500 (an unhashable list looked up in the roles' registry)."""
    body = {"role": "volunteer", "area": "5001", "count": 1, field: value}
    answer = (
        world["app"]
        .server.test_client()
        .post("/api/v1/practice/accounts", json=body, headers=bearer(world, "coord_cm"))
    )
    assert answer.status_code == 422, answer.get_json()
    assert [p["column"] for p in answer.get_json()["problems"]] == [field]


def test_a_role_above_ones_own_is_refused_naming_ones_own_role(world):
    """It said "may not be higher than your own (national_admin)": the role asked for, not the trainer's."""
    body = {"role": "national_admin", "area": "5001", "count": 1}
    answer = (
        world["app"]
        .server.test_client()
        .post("/api/v1/practice/accounts", json=body, headers=bearer(world, "coord_cm"))
    )
    assert answer.status_code == 403
    assert answer.get_json()["error"] == (
        "a practice account's role (National admin) may not be higher than your own (District coordinator)"
    )
    assert answer.get_json()["error_th"] == "บทบาทของบัญชีฝึก (ผู้ดูแลระดับประเทศ) ต้องไม่สูงกว่าบทบาทของคุณ (ผู้ประสานงานอำเภอ)"


@pytest.mark.system  # laid out by Chromium, as the PDF is
def test_every_line_of_a_card_stays_inside_its_border_and_eight_fit_a_page(browser):
    from dashboard.practice_cards import cards_html
    from data.registries import ROLES

    expires = dt.datetime(2026, 12, 13, 10, tzinfo=dt.UTC)
    accounts = [
        {"username": f"p5001-{i}wq4", "password": "ut8y-ajmn-p6an", "role": role, "expires_at": expires}
        for i, role in enumerate(r.code for r in ROLES)
    ]
    page = browser.new_page(viewport={"width": 718, "height": 1047})  # A4 inside the sheet's 10 mm margins, 96 dpi
    page.set_content(cards_html(accounts * 2, "https://jitasa-map.example.go.th"))
    page.emulate_media(media="print")
    cards = page.evaluate(
        "[...document.querySelectorAll('.card')].map(c => [c.scrollHeight - c.clientHeight, "
        "c.getBoundingClientRect().bottom])"
    )
    page.close()
    assert [over for over, _ in cards] == [0] * len(cards)  # the last line ("nothing … is real") is not cut off
    assert cards[7][1] <= 1047  # the eighth card ends on the first page


def test_a_practice_accounts_header_speaks_the_pages_language_only(world):
    """The header of a practice account read "ฝึก · Practice volunteer" on a Thai page (its stored display name)."""
    import re

    made = make_accounts(world, "coord_cm", role="volunteer", area="500101", count=1)["items"][0]
    client, _ = signed_in_client(world, made["username"], made["password"])
    for lang, role in (("th", "อาสาข้อมูล"), ("en", "Data volunteer")):
        html = client.get(f"/home-visits?lang={lang}").get_data(as_text=True)
        header = re.search(r'id="signed-in-as">([^<]*)<', html).group(1)
        assert header.startswith(f"{made['username']} · {role} · ") and "Practice" not in header and "ฝึก" not in header
