"""The district coordinator registry (data/coordinators.py), on SQLite and PostgreSQL.

Chiang Mai (50) has 25 districts; Mueang Chiang Mai is 5001, Mae Taeng 5006; Bangkok is 10, Phra Nakhon 1001.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data.coordinators import (
    EXPORT_COLUMNS,
    add_coordinator,
    coordinator_frame,
    coordinators_by_province,
    export_coordinators,
    list_coordinators,
    readable_area,
    remove_coordinator,
    update_coordinator,
)
from data.errors import UserInputError
from data.schema import audit_log
from data.scope import AccessDenied

PADMIN = {"id": None, "role": "province_admin", "area": "50"}
PADMIN_BKK = {"id": None, "role": "province_admin", "area": "10"}
NATIONAL = {"id": None, "role": "national_admin", "area": "TH"}
COORD = {"id": None, "role": "coordinator", "area": "5001"}
VOLUNTEER = {"id": None, "role": "volunteer", "area": "500101"}


def _name(conn, registry, district="5001", user=PADMIN, **fields) -> int:
    values = {"full_name": "นายสมชาย ใจดี", "position": "ปลัดอำเภอ", "phone": "053-112-345", "email": "a@dopa.go.th"}
    return add_coordinator(conn, registry, user, district, **(values | fields))


@pytest.mark.parametrize(
    "user,asked,expected",
    [
        (PADMIN, None, "50"),
        (PADMIN, "5006", "5006"),
        (NATIONAL, None, "TH"),
        (NATIONAL, "10", "10"),
        (COORD, None, "5001"),
        (COORD, "50", "5001"),  # asking for the province gives the coordinator their own district
    ],
)
def test_who_reads_which_area(user, asked, expected):
    assert readable_area(user, asked) == expected


@pytest.mark.parametrize("user,asked", [(PADMIN, "10"), (COORD, "5006"), (VOLUNTEER, None), (None, None)])
def test_reading_outside_ones_area_is_refused(user, asked):
    with pytest.raises(AccessDenied):
        readable_area(user, asked)


def test_province_admins_keep_several_names_per_district(engine, real_registry):
    with engine.begin() as conn:
        first = _name(conn, real_registry)
        deputy = _name(conn, real_registry, full_name="นางสาวสมหญิง รักดี", position="ปลัดอำเภอ (รอง)", email=None)
        _name(conn, real_registry, "1001", NATIONAL, full_name="นายเอ บี")
        assert [c["full_name"] for c in list_coordinators(conn, "5001")] == ["นายสมชาย ใจดี", "นางสาวสมหญิง รักดี"]
        changed = update_coordinator(conn, first, PADMIN, phone="081 234 5678")
        assert changed["phone"] == "081 234 5678" and changed["position"] == "ปลัดอำเภอ"
        remove_coordinator(conn, deputy, PADMIN)
        assert [c["id"] for c in list_coordinators(conn, "50")] == [first]
        assert len(list_coordinators(conn, "TH")) == 2
        actions = conn.execute(sa.select(audit_log.c.action, audit_log.c.detail).order_by(audit_log.c.id)).all()
    assert [a for a, _ in actions] == [
        "coordinator.create",
        "coordinator.create",
        "coordinator.create",
        "coordinator.update",
        "coordinator.delete",
    ]
    assert actions[3][1] == {"district": "5001", "changed": ["phone"]}  # which field, never the value
    with engine.begin() as conn:
        assert update_coordinator(conn, first, PADMIN, phone="๐๕๓-๑๑๒-๓๔๕")["phone"] == "053-112-345"  # as dialled


def test_only_admins_of_the_province_change_names(engine, real_registry):
    with engine.begin() as conn:
        entry = _name(conn, real_registry)
        for user in (PADMIN_BKK, COORD, VOLUNTEER):
            with pytest.raises(AccessDenied):
                _name(conn, real_registry, user=user)
            with pytest.raises(AccessDenied):
                update_coordinator(conn, entry, user, full_name="x")
            with pytest.raises(AccessDenied):
                remove_coordinator(conn, entry, user)


def test_every_problem_of_an_entry_is_reported(engine, real_registry):
    with engine.begin() as conn:
        with pytest.raises(UserInputError) as caught:
            _name(conn, real_registry, full_name=" ", phone="12", email="not-an-address")
        assert {p.column for p in caught.value.problems} == {"full_name", "phone", "email"}
        with pytest.raises(UserInputError, match="no district with code “50”"):
            _name(conn, real_registry, "50")


def test_districts_with_a_named_coordinator_per_province(engine, real_registry):
    with engine.begin() as conn:
        _name(conn, real_registry, "5001")
        _name(conn, real_registry, "5001", full_name="รอง")
        _name(conn, real_registry, "5006")
        _name(conn, real_registry, "1001", NATIONAL)
        assert coordinators_by_province(conn) == {"50": 2, "10": 1}


def test_the_export_lists_every_district_of_the_province_with_the_gaps(engine, real_registry):
    with engine.begin() as conn:
        _name(conn, real_registry, "5001")
        _name(conn, real_registry, "5001", full_name="นางสาวสมหญิง รักดี", phone="=1+1 0812345678")
        frame = export_coordinators(conn, real_registry, PADMIN, None, "csv")
        detail = conn.execute(sa.select(audit_log.c.detail).where(audit_log.c.action == "export.personal")).scalar_one()
    assert list(frame.columns) == EXPORT_COLUMNS
    assert frame["district"].nunique() == 25 and len(frame) == 26  # 25 districts, two names in Mueang Chiang Mai
    mueang = frame[frame.district == "5001"]
    assert list(mueang.full_name) == ["นายสมชาย ใจดี", "นางสาวสมหญิง รักดี"]
    assert mueang.iloc[0]["province_name_th"] == "เชียงใหม่" and mueang.iloc[0]["district_name_en"] == "Mueang Chiang Mai"
    mae_taeng = frame[frame.district == "5006"]
    assert len(mae_taeng) == 1 and mae_taeng.iloc[0]["full_name"] == ""  # a gap the ministry sees
    assert detail == {"area": "50", "format": "csv", "districts": 25, "names": 2}


def test_a_coordinator_exports_their_own_district_only(engine, real_registry):
    with engine.begin() as conn:
        _name(conn, real_registry, "5006")
        frame = export_coordinators(conn, real_registry, COORD, "50", "json")
        with pytest.raises(AccessDenied):
            export_coordinators(conn, real_registry, PADMIN, "10", "csv")
    assert list(frame["district"]) == ["5001"] and frame.iloc[0]["full_name"] == ""


def test_the_whole_country_frame_has_every_district(engine, real_registry):
    with engine.connect() as conn:
        frame = coordinator_frame(conn, real_registry, "TH")
    assert frame["district"].nunique() == 928 and (frame["full_name"] == "").all()
