"""Every API route × every role × the person's own area or another: the status the contract promises.

One table, read like the roles section of DESIGN.md. The app runs on a fresh database holding, for each side, a
facility, an upload (already undone, so an allowed undo answers 409 and nothing changes), a likely-duplicate pair and a
token: "own" is in Mueang Chiang Mai (district 5001, province 50), "other" in Phra Nakhon, Bangkok (1001, province
10). Writes are made so that an allowed request changes nothing lasting (a dry run, an already-undone upload, a bad
version, an unknown campaign) — the test is about who may, not about what the write does.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa

ROLES = ("anonymous", "volunteer", "coordinator", "province_admin", "national_admin")
AREAS = {"volunteer": "500101", "coordinator": "5001", "province_admin": "50", "national_admin": "TH"}
OWN_POINT, OTHER_POINT = (18.7883, 98.9853), (13.7525, 100.4930)  # Mueang Chiang Mai; Phra Nakhon, Bangkok


@pytest.fixture(scope="module")
def world(tmp_path_factory, base_state, deployed_template):

    from fixtures_app import state_on

    from app import create_app
    from data.campaigns import open_campaign
    from data.facility_edit import create_facility
    from data.help_requests import Ask, create_request
    from data.imports import run_import
    from data.schema import duplicate_pairs
    from data.uploads import undo_upload
    from data.users import create_token, create_user

    data_dir = tmp_path_factory.mktemp("matrix")
    state = state_on(base_state, data_dir, deployed_template)  # as build_state makes it; geometry shared
    app = create_app(state.settings, state)
    app.server.extensions["jitasa.renderer"] = DrawNothing()  # who may ask for a picture, not the picture itself
    ids: dict = {"tokens": {}, "users": {}}
    with state.engine.begin() as conn:
        ids["campaign"] = open_campaign(conn, "รอบทดสอบ", "Test round", dt.date(2022, 1, 17), None)["id"]
        for role, area in {**AREAS, "other_coordinator": "1001"}.items():
            name = f"m_{role}"
            ids["users"][role] = create_user(conn, name, "matrix-password", role.replace("other_", ""), area)
            ids["tokens"][role] = create_token(conn, name)
        users = {
            role: dict(conn.execute(sa.text("select * from users where id = :i"), {"i": uid}).mappings().one())
            for role, uid in ids["users"].items()
        }
        for side, (lat, lon), who in (("own", OWN_POINT, "coordinator"), ("other", OTHER_POINT, "other_coordinator")):
            made = [
                create_facility(
                    conn,
                    state,
                    {"type": "hospital", "name_th": f"{side} {n}", "lat": lat + n * 1e-4, "lon": lon},
                    users[who],
                )
                for n in (1, 2)
            ]
            ids[f"facility_{side}"] = made[0].facility["id"]
            ids[f"pair_{side}"] = conn.execute(
                sa.insert(duplicate_pairs)
                .values(
                    facility_a=made[0].facility["id"],
                    facility_b=made[1].facility["id"],
                    distance_m=11.0,
                    similarity=0.9,
                    found_at=dt.datetime.now(dt.UTC),
                    status="pending",
                )
                .returning(duplicate_pairs.c.id)
            ).scalar_one()
        for side, subdistrict in SUBDISTRICTS.items():
            made = create_request(conn, Ask("transport", "ผู้ขอ", "0812345678", subdistrict))
            ids[f"help_{side}"], ids[f"reference_{side}"] = made["id"], made["reference"]
    for side, (lat, lon), who in (("own", OWN_POINT, "coordinator"), ("other", OTHER_POINT, "other_coordinator")):
        report = run_import(
            state,
            "facilities",
            facility_csv(lat, lon, f"{side}-u"),
            "f.csv",
            user_id=ids["users"][who],
            scope=AREAS.get(who, "1001"),
        )
        assert report["upload_id"], report
        ids[f"upload_{side}"] = report["upload_id"]
        with state.engine.begin() as conn:
            undo_upload(conn, report["upload_id"], ids["users"][who])
    with state.engine.begin() as conn:  # a record that needs a home visit on each side (own: m_volunteer's)
        for side, subdistrict, who in (("own", "500101", "volunteer"), ("other", "100101", None)):
            ids[f"survey_{side}"] = add_survey(conn, ids["campaign"], subdistrict, ids["users"].get(who))
    from data.schema import api_tokens

    with state.engine.connect() as conn:
        token_ids = dict(conn.execute(sa.select(api_tokens.c.user_id, api_tokens.c.id)).all())
    ids["token_own"] = {role: token_ids[uid] for role, uid in ids["users"].items()}
    return {"app": app, "state": state, "ids": ids}


def add_survey(conn, campaign_id: int, subdistrict: str, volunteer_id: int | None) -> int:
    from data.schema import survey_records

    values = {
        "campaign_id": campaign_id, "survey_date": dt.date(2022, 1, 20), "volunteer_id": volunteer_id,
        "subdistrict": subdistrict, "district": subdistrict[:4], "province": subdistrict[:2], "target_group": "elderly",
        "age": 80, "doses_received": 0, "intention": "wants", "needs_home_visit": True,
        "created_at": dt.datetime.now(dt.UTC),
    }  # fmt: skip
    return conn.execute(sa.insert(survey_records).values(**values).returning(survey_records.c.id)).scalar_one()


class DrawNothing:
    """The renderer's interface (dashboard/renderer.py) without a browser: tests/test_exports_share.py draws."""

    def png(self, document: str, width: int, height: int) -> bytes:
        return b"\x89PNG\r\n\x1a\n"

    def pdf(self, document: str) -> bytes:
        return b"%PDF-1.4"


def facility_csv(lat: float, lon: float, external_id: str) -> bytes:
    return f"facility_id,type,name_th,lat,lon\n{external_id},vaccination_point,จุดทดสอบ {external_id},{lat},{lon}\n".encode()


def survey_csv(subdistrict: str) -> bytes:
    return (
        "survey_date,subdistrict,target_group,age,doses_received,intention\n"
        f"20/01/2565,{subdistrict},elderly,70,0,wants\n"
    ).encode()


PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": 401, "volunteer": 200, "coordinator": 200, "province_admin": 200, "national_admin": 200}
STAFF_ONLY = {"anonymous": 401, "volunteer": 403, "coordinator": 200, "province_admin": 200, "national_admin": 200}


def expect(anonymous, volunteer, coordinator, province_admin, national_admin) -> dict:
    return dict(zip(ROLES, (anonymous, volunteer, coordinator, province_admin, national_admin)))


# (name, method, path (with {own}/{other}-aware placeholders), body builder, {area: {role: status}})
CASES = [
    ("areas", "GET", "/api/v1/areas?level=province", None, {"-": PUBLIC}),
    ("areas geojson", "GET", "/api/v1/areas/province.geojson", None, {"-": PUBLIC}),
    ("openapi", "GET", "/api/v1/openapi.json", None, {"-": PUBLIC}),
    ("coverage", "GET", "/api/v1/coverage?metric=facilities_per_100k", None, {"-": PUBLIC}),
    ("coverage geojson", "GET", "/api/v1/coverage.geojson?metric=facilities_per_100k", None, {"-": PUBLIC}),
    ("coverage html", "GET", "/api/v1/exports/coverage-map.html?metric=facilities_per_100k", None, {"-": PUBLIC}),
    ("coverage png", "GET", "/api/v1/exports/coverage.png?metric=facilities_per_100k", None, {"-": PUBLIC}),
    ("coverage pdf", "GET", "/api/v1/exports/coverage-report.pdf?metric=facilities_per_100k", None, {"-": PUBLIC}),
    ("facilities", "GET", "/api/v1/facilities", None, {"-": PUBLIC}),
    ("facility", "GET", "/api/v1/facilities/{facility}", None, {"own": PUBLIC, "other": PUBLIC}),
    ("nearest", "GET", "/api/v1/nearest?lat=18.79&lon=98.98&type=hospital", None, {"-": PUBLIC}),
    ("stats", "GET", "/api/v1/stats/provinces", None, {"-": PUBLIC}),
    ("templates xlsx", "GET", "/api/v1/templates/surveys.xlsx", None, {"-": PUBLIC}),
    ("templates csv", "GET", "/api/v1/templates/facilities.csv", None, {"-": PUBLIC}),
    ("campaigns", "GET", "/api/v1/campaigns", None, {"-": PUBLIC}),
    (
        "surveys",
        "GET",
        "/api/v1/surveys?area={area}",
        None,
        {"own": SIGNED_IN, "other": expect(401, 403, 403, 403, 200)},
    ),
    (
        "coordinators",
        "GET",
        "/api/v1/coordinators?province={province}",
        None,
        {"own": expect(401, 403, 200, 200, 200), "other": expect(401, 403, 403, 403, 200)},
    ),
    (
        "audit",
        "GET",
        "/api/v1/audit?area={province}",
        None,
        {"own": expect(401, 403, 403, 200, 200), "other": expect(401, 403, 403, 403, 200)},
    ),
    ("duplicates", "GET", "/api/v1/duplicates", None, {"-": STAFF_ONLY}),
    (
        "duplicates dismiss",
        "POST",
        "/api/v1/duplicates/{pair}/dismiss?probe=1",
        None,
        {"own": expect(401, 403, 200, 200, 200), "other": expect(401, 403, 403, 403, 200)},
    ),
    (
        "facility create",
        "POST",
        "/api/v1/facilities",
        lambda side: {"json": {"type": "hospital", "name_th": "ใหม่", "lat": "x", "lon": "y"}},
        {"-": expect(401, 403, 422, 422, 422)},
    ),
    (
        "facility patch",
        "PATCH",
        "/api/v1/facilities/{facility}",
        lambda side: {"json": {"version": 999, "phone": "053-000000"}},
        {"own": expect(401, 403, 409, 409, 409), "other": expect(401, 403, 403, 403, 409)},
    ),
    (
        "facility revert",
        "POST",
        "/api/v1/facilities/{facility}/revert",
        lambda side: {"json": {"to_version": 1, "version": 999}},
        {"own": expect(401, 403, 409, 409, 409), "other": expect(401, 403, 403, 403, 409)},
    ),
    ("uploads", "GET", "/api/v1/uploads", None, {"-": SIGNED_IN}),
    (
        "upload file",
        "GET",
        "/api/v1/uploads/{upload}/file",
        None,
        {"own": expect(401, 403, 200, 200, 200), "other": expect(401, 403, 403, 403, 200)},
    ),
    (
        "upload undo",
        "POST",
        "/api/v1/uploads/{upload}/undo",
        None,
        {"own": expect(401, 403, 409, 409, 409), "other": expect(401, 403, 403, 403, 409)},
    ),
    (
        "upload facilities (dry run)",
        "POST",
        "/api/v1/uploads/facilities?dry_run=1",
        lambda side: {"data": {"file": (io.BytesIO(facility_csv(*POINTS[side], "p")), "f.csv")}},
        {"own": expect(401, 403, 200, 200, 200), "other": expect(401, 403, 200, 200, 200)},
    ),
    (
        "upload surveys (dry run)",
        "POST",
        "/api/v1/uploads/surveys?dry_run=1",
        lambda side: {"data": {"file": (io.BytesIO(survey_csv(SUBDISTRICTS[side])), "s.csv")}},
        {"own": expect(401, 200, 200, 200, 200), "other": expect(401, 200, 200, 200, 200)},
    ),
    (
        "campaign open",
        "POST",
        "/api/v1/campaigns",
        lambda side: {"json": {"name_th": "รอบซ้อน", "name_en": "Overlap", "opened_on": "2022-02-01"}},
        {"-": expect(401, 403, 403, 403, 422)},
    ),
    (
        "campaign close",
        "POST",
        "/api/v1/campaigns/999999/close",
        lambda side: {"json": {"closed_order_ref": "ทดสอบ", "closed_on": "2022-09-30"}},
        {"-": expect(401, 403, 403, 403, 422)},
    ),
    (
        "help request create",
        "POST",
        "/api/v1/help-requests",
        lambda side: {"json": {"need": "transport", "name": "ผู้ขอ", "phone": "x", "subdistrict": SUBDISTRICTS[side]}},
        {"own": dict.fromkeys(ROLES, 422)},
    ),
    (
        "help request status",
        "GET",
        "/api/v1/help-requests/{reference}?phone=0812345678",
        None,
        {"own": PUBLIC, "other": PUBLIC},  # whoever holds the reference and the phone: the person who asked
    ),
    (
        "help request status, wrong phone",
        "GET",
        "/api/v1/help-requests/{reference}?phone=0800000000",
        None,
        {"own": dict.fromkeys(ROLES, 404)},
    ),
    ("help requests", "GET", "/api/v1/help-requests", None, {"-": SIGNED_IN}),
    (
        "help requests of a district",
        "GET",
        "/api/v1/help-requests?district={district}",
        None,
        {"own": expect(401, 403, 200, 200, 200), "other": expect(401, 403, 403, 403, 200)},
    ),
    (
        "help request patch",
        "PATCH",
        "/api/v1/help-requests/{help}",
        lambda side: {"json": {"status": "waiting"}},  # already waiting: an allowed person gets 409, nothing changes
        {"own": expect(401, 403, 409, 409, 409), "other": expect(401, 403, 403, 403, 409)},
    ),
    (
        "home visits",
        "GET",
        "/api/v1/home-visits?area={area}",
        None,
        {"own": SIGNED_IN, "other": expect(401, 403, 403, 403, 200)},
    ),
    ("home visits round csv", "GET", "/api/v1/home-visits?date=2022-02-01&format=csv", None, {"-": SIGNED_IN}),
    (
        # allowed: refused as incomplete (a planned visit needs a day and a volunteer), so nothing changes
        "home visit patch",
        "PATCH",
        "/api/v1/home-visits/{survey}",
        lambda side: {"json": {"status": "planned"}},
        {"own": expect(401, 403, 422, 422, 422), "other": expect(401, 403, 403, 403, 422)},
    ),
    (
        "survey record",
        "GET",
        "/api/v1/surveys/{survey}",
        None,
        {"own": SIGNED_IN, "other": expect(401, 403, 403, 403, 200)},
    ),
    (
        # allowed: a correction that changes nothing is refused, so the record stays as it is
        "survey review",
        "POST",
        "/api/v1/surveys/{survey}/review",
        lambda side: {"json": {"action": "correct", "changes": {}}},
        {"own": expect(401, 403, 422, 422, 422), "other": expect(401, 403, 403, 403, 422)},
    ),
    (
        "practice accounts",
        "POST",
        "/api/v1/practice/accounts",
        lambda side: {"json": {"role": "volunteer", "area": SUBDISTRICTS[side], "count": 0}},
        {"own": expect(401, 403, 422, 422, 422), "other": expect(401, 403, 403, 403, 422)},
    ),
    ("practice accounts list", "GET", "/api/v1/practice/accounts", None, {"-": STAFF_ONLY}),
    (
        "practice accounts end",
        "POST",
        "/api/v1/practice/accounts/end",
        lambda side: {"json": {"area": SUBDISTRICTS[side][:4]}},
        {"own": expect(401, 403, 200, 200, 200), "other": expect(401, 403, 403, 403, 200)},
    ),
    (
        "practice reset",
        "POST",
        "/api/v1/practice/reset",
        lambda side: {"json": {"area": SUBDISTRICTS[side][:4]}},
        {"own": expect(401, 403, 200, 200, 200), "other": expect(401, 403, 403, 403, 200)},
    ),
    ("tokens", "GET", "/api/v1/tokens", None, {"-": SIGNED_IN}),
    (
        "token revoke",
        "POST",
        "/api/v1/tokens/{token}/revoke?probe=1",
        None,
        {"other": expect(401, 403, 403, 403, 200)},
    ),
]
POINTS = {"own": OWN_POINT, "other": OTHER_POINT}
SUBDISTRICTS = {"own": "500101", "other": "100101"}


def matrix():
    for name, method, path, body, expected in CASES:
        for side, statuses in expected.items():
            for role in ROLES:
                yield pytest.param(name, method, path, body, side, role, statuses[role], id=f"{name}-{side}-{role}")


@pytest.mark.parametrize("name,method,path,body,side,role,status", list(matrix()))
def test_route_role_area(world, name, method, path, body, side, role, status):
    ids = world["ids"]
    values = {
        "facility": ids.get(f"facility_{side}"),
        "pair": ids.get(f"pair_{side}"),
        "upload": ids.get(f"upload_{side}"),
        "survey": ids.get(f"survey_{side}"),
        "area": {"own": "500101", "other": "1001"}.get(side),
        "province": {"own": "50", "other": "10"}.get(side),
        "district": {"own": "5001", "other": "1001"}.get(side),
        "help": ids.get(f"help_{side}"),
        "reference": ids.get(f"reference_{side}"),
        # "other" token: the Bangkok coordinator's (a national admin may revoke it; nobody else here)
        "token": ids["token_own"].get("other_coordinator"),
    }
    if name == "token revoke" and role == "national_admin":
        values["token"] = ids["token_own"]["other_coordinator"]
    url = path.format(**{k: v for k, v in values.items() if v is not None})
    _reset(world["state"].engine, name, values)  # each case starts from the same state, whatever ran before
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {ids['tokens'][role]}"}
    client = world["app"].server.test_client()
    kwargs = body(side) if body else {}
    if "data" in kwargs:
        kwargs["content_type"] = "multipart/form-data"
    answer = client.open(url, method=method, headers=headers, **kwargs)
    assert answer.status_code == status, (answer.status_code, answer.get_data(as_text=True)[:300])
    if status >= 400:
        body_json = answer.get_json()
        assert body_json["error"] and body_json["error_th"], body_json  # a message a person can act on, both languages


def _reset(engine, name: str, values: dict) -> None:
    from data.schema import api_tokens, duplicate_pairs

    with engine.begin() as conn:
        if name == "duplicates dismiss":
            conn.execute(
                sa.update(duplicate_pairs)
                .where(duplicate_pairs.c.id == values["pair"])
                .values(status="pending", decided_at=None, decided_by=None)
            )
        if name == "token revoke":
            conn.execute(sa.update(api_tokens).where(api_tokens.c.id == values["token"]).values(revoked_at=None))


def test_a_practice_session_at_every_route_never_reaches_the_real_space(world):
    """A practice coordinator of the own district, signed in by the browser's session, asks every route of the table:
    no answer is a failure, and no real table (the audit log included) changes; the practice routes refuse it."""
    import hashlib

    from data.schema import metadata

    def real_tables() -> dict:
        with world["state"].engine.connect() as conn:
            return {
                t.name: hashlib.sha256(repr(conn.execute(sa.select(t).order_by(*t.primary_key.columns)).all()).encode())
                for t in metadata.sorted_tables
                if t.name in sa.inspect(conn).get_table_names()
            }

    trainer = {"Authorization": f"Bearer {world['ids']['tokens']['coordinator']}"}
    body = {"role": "coordinator", "area": "5001", "count": 1}
    made = world["app"].server.test_client().post("/api/v1/practice/accounts", json=body, headers=trainer).get_json()
    client = world["app"].server.test_client()
    client.get("/login")
    with client.session_transaction() as session:
        token = session["csrf"]
    account = made["items"][0]
    client.post("/login", data={"username": account["username"], "password": account["password"], "csrf": token})
    before = {k: v.hexdigest() for k, v in real_tables().items()}
    ids = world["ids"]
    values = {name: ids.get(f"{name}_own") for name in ("facility", "pair", "upload", "survey", "help", "reference")}
    values |= {"area": "500101", "province": "50", "district": "5001", "token": ids["token_own"]["coordinator"]}
    for name, method, path, make_body, _expected in CASES:
        kwargs = make_body("own") if make_body else {}
        if "data" in kwargs:
            kwargs["content_type"] = "multipart/form-data"
        answer = client.open(path.format(**values), method=method, headers={"Origin": "http://localhost"}, **kwargs)
        assert answer.status_code < 500, (name, answer.status_code)
        if name.startswith("practice"):
            assert answer.status_code == 403, (name, answer.status_code)
    assert {k: v.hexdigest() for k, v in real_tables().items()} == before
