"""Adding, editing and reverting one facility: checks, the writer's area, the version check, history and audit
(SQLite and PostgreSQL, the real boundaries; points checked on the map of Chiang Mai)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from data.errors import UserInputError
from data.facilities import FACILITIES_VERSION_KEY, get_facility
from data.facility_edit import (
    NotPermitted,
    StaleEdit,
    create_facility,
    facility_changes,
    revert_facility,
    update_facility,
    version_state,
)
from data.facility_list import ListFilter, facility_list, stale_facilities
from data.schema import app_meta, audit_log, facilities, facility_versions, users

SI_PHUM = ("18.7883", "98.9853")  # Si Phum (500102), Mueang Chiang Mai (5001)
SUTHEP = ("18.8", "98.95")  # Suthep (500108), Mueang Chiang Mai
HANG_DONG = ("18.69", "98.92")  # 501501, Hang Dong (5015): another district of Chiang Mai
BANGKOK = ("13.75", "100.5")  # 100103, Phra Nakhon


@pytest.fixture
def env(engine, import_state_factory):
    state = import_state_factory(engine)
    people = {}
    with engine.begin() as conn:
        for name, role, area in (
            ("coord", "coordinator", "5001"),
            ("coord_hd", "coordinator", "5015"),
            ("padmin", "province_admin", "50"),
            ("admin", "national_admin", "TH"),
            ("vol", "volunteer", "500102"),
        ):
            row = {
                "username": name,
                "password_hash": "-",
                "role": role,
                "area": area,
                "created_at": dt.datetime.now(dt.UTC),
            }
            uid = conn.execute(sa.insert(users).values(**row).returning(users.c.id)).scalar_one()
            people[name] = {"id": uid, "username": name, "role": role, "area": area}
    return state, people


def fields(**changes) -> dict:
    lat, lon = changes.pop("point", SI_PHUM)
    return {"type": "vaccination_point", "name_th": "จุดฉีดวัคซีนทดสอบ", "lat": lat, "lon": lon, **changes}


def add(env, who="coord", **changes):
    state, people = env
    with state.engine.begin() as conn:
        return create_facility(conn, state, fields(**changes), people[who])


def test_a_coordinator_adds_a_facility_in_their_district_with_its_areas_version_and_audit(env):
    state, people = env
    with state.engine.connect() as conn:
        token_before = conn.execute(
            sa.select(app_meta.c.value).where(app_meta.c.key == FACILITIES_VERSION_KEY)
        ).scalar()
    result = add(env, phone="053 123 456", beds_total="20", valid_to="31/12/2565", services="walk_in")
    made = result.facility
    assert (made["province"], made["district"], made["subdistrict"]) == ("50", "5001", "500102")
    assert made["version"] == 1 and made["source"] == "form" and made["synthetic"] is False
    assert made["valid_to"] == dt.date(2022, 12, 31) and made["beds_total"] == 20 and made["services"] == ["walk_in"]
    with state.engine.connect() as conn:
        row = conn.execute(sa.select(facilities).where(facilities.c.id == made["id"])).mappings().one()
        assert row["updated_by"] == people["coord"]["id"] and row["updated_at"] is not None
        versions = conn.execute(sa.select(facility_versions).where(facility_versions.c.facility_id == made["id"]))
        assert [(v.version, v.change, v.changed_by) for v in versions] == [(1, "create", people["coord"]["id"])]
        audit = conn.execute(sa.select(audit_log).where(audit_log.c.action == "facility.create")).mappings().one()
        token_after = conn.execute(sa.select(app_meta.c.value).where(app_meta.c.key == FACILITIES_VERSION_KEY)).scalar()
    assert audit["entity_id"] == str(made["id"]) and audit["user_id"] == people["coord"]["id"]
    assert audit["detail"]["before"] is None and audit["detail"]["after"]["phone"] == "053 123 456"
    assert token_after != token_before


def test_every_problem_is_reported_at_once_with_the_upload_messages_and_nothing_is_stored(env):
    state, _ = env
    with pytest.raises(UserInputError) as caught:
        add(env, type="spaceport", name_th="", point=("north", "98.9"), beds_total="-3", valid_to="32/13/2565")
    columns = {p.column for p in caught.value.problems}
    assert {"type", "name_th", "lat", "beds_total", "valid_to"} <= columns
    messages = " | ".join(p.message_en for p in caught.value.problems)
    assert "name_th is required" in messages and "'north' is not a number" in messages
    assert "ต้องกรอกชื่อ" in caught.value.message_th
    assert all(p.row is None for p in caught.value.problems)  # a form has no rows
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(facilities)).scalar() == 0


def test_swapped_coordinates_get_the_hint(env):
    with pytest.raises(UserInputError, match="did you swap lat and lon"):
        add(env, point=(SI_PHUM[1], SI_PHUM[0]))


def test_the_point_must_lie_in_the_writers_own_area(env):
    with pytest.raises(UserInputError, match=r"the point is in 501501, outside your own area \(5001\)") as caught:
        add(env, point=HANG_DONG)
    assert caught.value.problems[0].column == "lat"
    with pytest.raises(UserInputError) as both:  # said together with the other problems, not after them
        add(env, point=HANG_DONG, name_th="")
    assert {p.column for p in both.value.problems} == {"lat", "name_th"}
    assert add(env, who="padmin", point=HANG_DONG).facility["district"] == "5015"
    assert add(env, who="admin", point=BANGKOK).facility["province"] == "10"


def test_a_volunteer_cannot_write_facilities(env):
    with pytest.raises(NotPermitted, match="coordinators and above"):
        add(env, who="vol")


def test_an_external_id_belongs_to_one_facility(env):
    add(env, facility_id="10713")
    with pytest.raises(UserInputError, match="facility_id 10713 already belongs to another facility"):
        add(env, facility_id="10713", name_th="อีกแห่ง")


def test_an_edit_changes_only_what_is_sent_and_records_old_and_new(env):
    state, people = env
    made = add(env, phone="053 111 111").facility
    with state.engine.begin() as conn:
        result = update_facility(conn, state, made["id"], {"phone": "053 222 222"}, 1, people["coord"])
    assert result.changes == {"phone": ("053 111 111", "053 222 222")}
    after = result.facility
    assert after["version"] == 2 and after["phone"] == "053 222 222" and after["name_th"] == made["name_th"]
    with state.engine.connect() as conn:
        audit = conn.execute(sa.select(audit_log).where(audit_log.c.action == "facility.update")).mappings().one()
        changes = facility_changes(conn, made["id"])
    assert audit["detail"] == {"version": 2, "before": {"phone": "053 111 111"}, "after": {"phone": "053 222 222"}}
    assert [c["version"] for c in changes] == [2, 1]  # newest first
    assert changes[0]["username"] == "coord" and changes[0]["change"] == "update"
    assert changes[0]["fields"] == [{"field": "phone", "old": "053 111 111", "new": "053 222 222"}]
    assert changes[0]["changed_at"].tzinfo is not None
    created = {f["field"]: f["new"] for f in changes[1]["fields"]}
    assert created["name_th"] == "จุดฉีดวัคซีนทดสอบ" and created["district"] == "5001"


def test_an_edit_that_changes_nothing_confirms_the_record_without_a_new_version(env):
    state, people = env
    made = add(env, who="padmin").facility
    with state.engine.begin() as conn:
        old = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
        conn.execute(sa.update(facilities).where(facilities.c.id == made["id"]).values(updated_at=old))
        result = update_facility(conn, state, made["id"], fields(), 1, people["coord"])
        assert result.changes == {} and result.facility["version"] == 1
        assert len(facility_changes(conn, made["id"])) == 1
        row = conn.execute(sa.select(facilities).where(facilities.c.id == made["id"])).mappings().one()
        audit = conn.execute(sa.select(audit_log).where(audit_log.c.action == "facility.confirm")).mappings().one()
        assert stale_facilities(conn, "5001", 14, dt.date.today()) == []
    assert row["updated_by"] == people["coord"]["id"] and row["updated_at"].year > 2022
    assert audit["entity_id"] == str(made["id"]) and audit["detail"] == {"version": 1}


def test_moving_the_point_rederives_the_areas_and_stays_in_the_area(env):
    state, people = env
    made = add(env).facility
    with state.engine.begin() as conn:
        moved = update_facility(conn, state, made["id"], {"lat": SUTHEP[0], "lon": SUTHEP[1]}, 1, people["coord"])
    assert moved.facility["subdistrict"] == "500108"
    assert set(moved.changes) == {"lat", "lon", "subdistrict"}
    with state.engine.begin() as conn, pytest.raises(UserInputError, match="outside your own area"):
        update_facility(conn, state, made["id"], {"lat": HANG_DONG[0], "lon": HANG_DONG[1]}, 2, people["coord"])


def test_a_stale_edit_is_refused_saying_who_changed_it_and_when(env):
    state, people = env
    made = add(env).facility
    with state.engine.begin() as conn:  # the province admin saves first, from another tab
        update_facility(conn, state, made["id"], {"phone": "1111"}, 1, people["padmin"])
    with state.engine.begin() as conn, pytest.raises(StaleEdit) as caught:
        update_facility(conn, state, made["id"], {"phone": "2222"}, 1, people["coord"])
    error = caught.value
    assert error.current == 2 and error.changed_by == "padmin" and error.changed_at is not None
    assert "you edited version 1" in error.message_en and "padmin saved version 2" in error.message_en
    assert "padmin บันทึกฉบับที่ 2" in error.message_th
    with state.engine.connect() as conn:
        assert get_facility(conn, made["id"])["phone"] == "1111"


def test_a_facility_outside_the_area_cannot_be_edited_or_reverted(env):
    state, people = env
    made = add(env, who="padmin", point=HANG_DONG).facility
    with state.engine.begin() as conn, pytest.raises(NotPermitted, match=r"outside your own area \(5001\)"):
        update_facility(conn, state, made["id"], {"phone": "1"}, 1, people["coord"])
    with state.engine.begin() as conn, pytest.raises(NotPermitted):
        revert_facility(conn, made["id"], 1, people["coord"])


def test_revert_brings_a_version_back_as_a_new_version(env):
    state, people = env
    made = add(env, phone="053 111 111", opening_hours="08:00-16:00").facility
    with state.engine.begin() as conn:
        update_facility(
            conn,
            state,
            made["id"],
            {"phone": "053 999 999", "status": "full", "beds_available": "0"},
            1,
            people["coord"],
        )
        result = revert_facility(conn, made["id"], 1, people["coord"], expected_version=2)
    back = result.facility
    assert back["version"] == 3 and back["phone"] == "053 111 111" and back["status"] == "open"
    assert back["beds_available"] is None
    with state.engine.connect() as conn:
        changes = facility_changes(conn, made["id"])
        audit = conn.execute(sa.select(audit_log).where(audit_log.c.action == "facility.revert")).mappings().one()
        assert version_state(conn, made["id"], 3) == version_state(conn, made["id"], 1)
    assert changes[0]["change"] == "revert"
    assert {f["field"]: (f["old"], f["new"]) for f in changes[0]["fields"]}["phone"] == ("053 999 999", "053 111 111")
    assert audit["detail"]["to_version"] == 1 and audit["detail"]["after"]["status"] == "open"
    with state.engine.begin() as conn, pytest.raises(UserInputError, match="no version 9"):
        revert_facility(conn, made["id"], 9, people["coord"])


def test_the_api_names_of_a_record_read_can_be_sent_back(env):
    state, people = env
    made = add(env, facility_id="A1").facility
    sent = {k: v for k, v in made.items()} | {"external_id": "A2", "name_en": "Test point"}
    with state.engine.begin() as conn:
        result = update_facility(conn, state, made["id"], sent, 1, people["coord"])
    assert result.facility["external_id"] == "A2" and set(result.changes) == {"external_id", "name_en"}
    with state.engine.begin() as conn, pytest.raises(UserInputError, match="unknown field 'colour'"):
        update_facility(conn, state, made["id"], {"colour": "red"}, 2, people["coord"])


def test_stale_facilities_are_those_not_updated_for_more_than_the_days(env):
    state, _ = env
    old = add(env, name_th="เก่า").facility
    fresh = add(env, name_th="ใหม่").facility
    elsewhere = add(env, who="padmin", name_th="อื่น", point=HANG_DONG).facility
    today = dt.date(2022, 3, 1)
    with state.engine.begin() as conn:
        for fid, day in ((old["id"], 20), (fresh["id"], 14), (elsewhere["id"], 30)):
            moment = dt.datetime(2022, 3, 1, 3, 0, tzinfo=dt.UTC) - dt.timedelta(days=day)  # 10:00 in Bangkok
            conn.execute(sa.update(facilities).where(facilities.c.id == fid).values(updated_at=moment))
        stale = stale_facilities(conn, "5001", 14, today)
        province = stale_facilities(conn, "50", 14, today)
    assert [(s["name_th"], s["days_since_update"], s["updated_by_name"]) for s in stale] == [("เก่า", 20, "coord")]
    assert [s["name_th"] for s in province] == ["อื่น", "เก่า"]  # the longest-forgotten first


def test_the_facility_list_counts_the_stale_among_what_matches(env):
    state, _ = env
    old, fresh = add(env, name_th="เก่า").facility, add(env, name_th="ใหม่").facility
    today = dt.date(2022, 3, 1)
    with state.engine.begin() as conn:
        for fid, day in ((old["id"], 20), (fresh["id"], 2)):
            moment = dt.datetime(2022, 3, 1, 3, 0, tzinfo=dt.UTC) - dt.timedelta(days=day)
            conn.execute(sa.update(facilities).where(facilities.c.id == fid).values(updated_at=moment))
        every = facility_list(conn, "5001", stale_days=14, today=today, limit=1)
        stale = facility_list(conn, "5001", ListFilter(stale_only=True), stale_days=14, today=today)
    assert (len(every.items), every.total, every.stale_total) == (1, 2, 1)
    assert [f["name_th"] for f in stale.items] == ["เก่า"] and (stale.total, stale.stale_total) == (1, 1)


def test_the_list_filters_by_province_district_type_and_status_and_pages_through_the_rest(env):
    state, people = env
    for n in range(5):
        add(env, "padmin", name_th=f"จุด {n}")
    add(env, "padmin", name_th="หางดง", point=HANG_DONG, status="closed", type="test_site")
    today = dt.date(2022, 3, 1)

    def listed(area="50", limit=2, offset=0, **asked):
        with state.engine.connect() as conn:
            return facility_list(
                conn, area, ListFilter(**asked), stale_days=14, today=today, limit=limit, offset=offset
            )

    first, second, last = listed(), listed(offset=2), listed(offset=4)
    assert first.total == 6 and [len(p.items) for p in (first, second, last)] == [2, 2, 2]
    names = [f["name_th"] for p in (first, second, last) for f in p.items]
    assert names == ["จุด 0", "จุด 1", "จุด 2", "จุด 3", "จุด 4", "หางดง"]  # by name, each once
    assert listed(offset=40).offset == 4  # past the end: the last page
    assert listed(limit=None).items and len(listed(limit=None).items) == 6  # the export: all of them
    assert [f["name_th"] for f in listed(district="5015").items] == ["หางดง"]
    assert listed(province="50", statuses=("closed",)).total == 1 and listed(types=("test_site",)).total == 1
    assert listed(province="10").total == 0 and listed(area="5001", district="5015").total == 0  # never outside
    assert listed(stale_only=True).total == 0 and listed(text="จุด", district="5001").total == 5
