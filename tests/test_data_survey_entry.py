"""One survey record from the form, on SQLite and PostgreSQL: the upload's checks, the upload's storage, the audit."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from data.schema import audit_log, campaigns, survey_personal, survey_records, users
from data.survey_entry import (
    count_entered,
    mask_name,
    my_surveys,
    open_campaign,
    save_survey,
    subdistrict_choices,
    today,
)

GOOD_ID, BAD_ID = "1101700230708", "1101700230709"  # the same 12 digits; only the first has the right check digit
SI_PHUM, SUTHEP, HAT_YAI = "500101", "500105", "901101"  # Si Phum and Suthep (Mueang Chiang Mai), Hat Yai (Songkhla)


@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


def add_user(conn, username: str, role: str, area: str) -> dict:
    values = dict(username=username, password_hash="x", role=role, area=area, created_at=dt.datetime.now(dt.UTC))
    uid = conn.execute(sa.insert(users).values(**values).returning(users.c.id)).scalar_one()
    return {"id": uid, "username": username, "role": role, "area": area, "display_name": None}


@pytest.fixture
def volunteer(engine) -> dict:
    with engine.begin() as conn:
        return add_user(conn, "vol_cm", "volunteer", SI_PHUM)


@pytest.fixture
def campaign(engine) -> int:
    with engine.begin() as conn:
        return conn.execute(
            sa.insert(campaigns)
            .values(name_th="รอบทดสอบ", name_en="Test round", opened_on=dt.date(2022, 1, 17))
            .returning(campaigns.c.id)
        ).scalar_one()


def form(**changes) -> dict:
    fields = {
        "survey_date": "17/01/2565",
        "subdistrict": SI_PHUM,
        "village_no": "3",
        "target_group": "elderly",
        "age": "72",
        "doses_received": "0",
        "intention": "undecided",
        "needs_home_visit": True,
        "reason": "กลัวผลข้างเคียง",
        "full_name": "สมชาย ใจดี",
        "national_id": GOOD_ID,
        "phone": "0812345678",
    }
    return fields | changes


def save(state, fields, user):
    """(id, problems) of save_survey (its warnings: save_warned)."""
    return save_warned(state, fields, user)[:2]


def save_warned(state, fields, user):
    with state.engine.begin() as conn:
        return save_survey(conn, state, fields, user)


def where(problems) -> list[tuple]:
    return [(p.column, p.message_th, p.message_en) for p in problems]


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_good_record_is_stored_with_personal_data_apart_and_the_id_only_hashed(state, volunteer, campaign):
    survey_id, problems = save(state, form(), volunteer)
    assert problems == [] and isinstance(survey_id, int)
    with state.engine.connect() as conn:
        record = conn.execute(sa.select(survey_records)).mappings().one()
        personal = conn.execute(sa.select(survey_personal)).mappings().one()
        audit = conn.execute(sa.select(audit_log).where(audit_log.c.action == "survey.create")).mappings().one()
    assert record["id"] == survey_id and record["campaign_id"] == campaign
    assert record["volunteer_id"] == volunteer["id"] and record["upload_id"] is None
    assert (record["subdistrict"], record["district"], record["province"]) == (SI_PHUM, "5001", "50")
    assert record["survey_date"] == dt.date(2022, 1, 17) and record["needs_home_visit"] is True
    assert (record["target_group"], record["age"], record["doses_received"]) == ("elderly", 72, 0)
    assert GOOD_ID not in str(dict(record)) and "สมชาย" not in str(dict(record))
    assert personal["survey_id"] == survey_id and personal["full_name"] == "สมชาย ใจดี"
    assert personal["phone"] == "0812345678"
    assert len(personal["national_id_hash"]) == 64 and GOOD_ID not in personal["national_id_hash"]
    assert audit["entity_id"] == str(survey_id) and audit["user_id"] == volunteer["id"]
    for secret in (GOOD_ID, "สมชาย", "0812345678"):
        assert secret not in str(dict(audit))


def test_a_national_id_failing_the_checksum_is_refused_without_showing_it(state, volunteer, campaign):
    survey_id, problems = save(state, form(national_id=BAD_ID), volunteer)
    assert survey_id is None
    assert where(problems) == [
        ("national_id", "เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจเลข 13 หลัก)", "the national id fails the 13-digit checksum")
    ]
    assert BAD_ID not in str(problems)
    assert count(state.engine, survey_records) == 0


def test_an_age_outside_the_target_group_is_refused(state, volunteer, campaign):
    survey_id, problems = save(state, form(target_group="child_5_11", age="30"), volunteer)
    assert survey_id is None
    assert where(problems) == [("age", "อายุ 30 ไม่อยู่ในกลุ่ม เด็กอายุ 5–11 ปี", "age 30 does not fit the group Children 5–11")]


def test_a_subdistrict_outside_the_volunteers_area_is_refused(state, volunteer, campaign):
    survey_id, problems = save(state, form(subdistrict=HAT_YAI), volunteer)
    assert survey_id is None
    assert where(problems) == [  # the form's field (and an upload's column), not "area"
        (
            "subdistrict",
            f"พื้นที่ {HAT_YAI} อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({SI_PHUM})",
            f"area {HAT_YAI} is outside your own area ({SI_PHUM})",
        )
    ]
    assert count(state.engine, survey_records) == 0


def test_every_problem_shows_at_once_including_the_area(state, volunteer, campaign):
    _, problems = save(state, form(subdistrict=HAT_YAI, national_id=BAD_ID, age=""), volunteer)
    assert sorted(p.column for p in problems) == ["age", "national_id", "subdistrict"]
    assert ("age", "ต้องกรอก “อายุ”", "“age” is required") in where(problems)


def test_a_closed_campaign_takes_no_record(state, volunteer, campaign):
    with state.engine.begin() as conn:
        conn.execute(sa.update(campaigns).values(closed_on=dt.date(2022, 9, 30), closed_order_ref="มท 0230/ว 1234"))
        assert open_campaign(conn) is None
    survey_id, problems = save(state, form(), volunteer)
    assert survey_id is None
    assert where(problems) == [
        (
            None,
            "ไม่มีรอบการสำรวจที่เปิดอยู่ จึงรับแบบสำรวจใหม่ไม่ได้",
            "no reporting campaign is open, so new survey records are not accepted",
        )
    ]
    assert count(state.engine, survey_records) == 0


def test_a_district_coordinator_may_enter_any_subdistrict_of_the_district(state, campaign):
    with state.engine.begin() as conn:
        coordinator = add_user(conn, "coord_cm", "coordinator", "5001")
    survey_id, problems = save(state, form(subdistrict="สุเทพ"), coordinator)  # the upload's name matching
    assert problems == [] and survey_id is not None


def test_the_same_record_twice_is_stored_once_and_said_so(state, volunteer, campaign):
    first, _ = save(state, form(), volunteer)
    again, problems = save(state, form(), volunteer)
    assert first is not None and again is None
    assert "already saved" in problems[0].message_en
    assert count(state.engine, survey_records) == 1


def test_my_records_show_a_masked_name_and_never_the_id_or_phone(state, volunteer, campaign):
    first, _ = save(state, form(), volunteer)
    second, _ = save(state, form(full_name="", national_id="", phone="", age="61"), volunteer)
    with state.engine.begin() as conn:
        other = add_user(conn, "vol_other", "volunteer", SI_PHUM)
    save_survey_other = save(state, form(age="80"), other)
    assert save_survey_other[0] is not None
    with state.engine.connect() as conn:
        mine = my_surveys(conn, volunteer, limit=10)
        on_day = my_surveys(conn, volunteer, limit=10, entered_on=today())
        yesterday = count_entered(conn, volunteer, dt.date(2000, 1, 1))
        entered_today = count_entered(conn, volunteer)
    assert [r["id"] for r in mine] == [second, first]
    assert mine[1]["masked_name"] == "สมชาย ใ***" and mine[0]["masked_name"] is None
    assert "national_id" not in mine[0] and "phone" not in mine[0] and "full_name" not in mine[0]
    assert GOOD_ID not in str(mine) and "0812345678" not in str(mine) and "ใจดี" not in str(mine)
    assert entered_today == 2 and yesterday == 0 and [r["id"] for r in on_day] == [second, first]


@pytest.mark.parametrize(
    "name,masked",
    [("สมชาย ใจดี", "สมชาย ใ***"), ("สมหญิง  รักชาติ ", "สมหญิง ร***"), ("นิ่ม", "นิ่ม"), ("", None), (None, None)],
)
def test_a_name_is_masked_to_the_first_name_and_initials(name, masked):
    assert mask_name(name) == masked


def test_a_mask_never_shows_a_vowel_or_tone_mark_alone():
    assert mask_name("ก ที่ดี") == "ก ท***" and mask_name("ก ปั้น") == "ก ป***" and mask_name("ก เก่ง") == "ก เ***"


def test_subdistrict_choices_stay_inside_the_area(real_registry):
    one = subdistrict_choices(real_registry, SI_PHUM)
    assert one == [{"code": SI_PHUM, "label_th": "ต.ศรีภูมิ อ.เมืองเชียงใหม่", "label_en": "Si Phum, Mueang Chiang Mai"}]
    district = subdistrict_choices(real_registry, "5001")
    assert len(district) == 16 and all(c["code"].startswith("5001") for c in district)
    province = subdistrict_choices(real_registry, "10")
    assert province[0]["label_th"].startswith("แขวง") and "กรุงเทพมหานคร" in province[0]["label_th"]
