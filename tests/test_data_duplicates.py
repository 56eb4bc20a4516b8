"""Likely duplicate facilities: warnings that never block a file, the review queue, merge and dismiss.
On SQLite and PostgreSQL.

The points can be checked on paper: one degree of latitude is 111.2 km, so 0.000108° north is 12 m and 0.00072°
is 80 m. Every point is in Mueang Chiang Mai (district 5001).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data.duplicates import (
    MAX_DISTANCE_M,
    OutsideArea,
    PairDecided,
    dismiss_pair,
    haversine_m,
    list_pairs,
    merge_pair,
    name_similarity,
    normalize_name,
)
from data.facilities import facility_history
from data.imports import run_import
from data.schema import app_meta, audit_log, duplicate_pairs, facilities

pytestmark = pytest.mark.usefixtures("quick_hashes")  # users here sign in with tokens or test roles

LAT, LON = 18.7883, 98.9853
NORTH_12_M = 0.000108
NORTH_80_M = 0.00072
HEADER = "facility_id,type,name_th,lat,lon,phone,address\n"


@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


@pytest.fixture
def coordinator(engine):
    from data.users import create_user

    with engine.begin() as conn:
        user_id = create_user(conn, "coord_dup", "a-long-password-1", "coordinator", "5001")
    return {"id": user_id, "role": "coordinator", "area": "5001"}


def upload(state, *rows: str, dry_run: bool = False) -> dict:
    return run_import(
        state, "facilities", (HEADER + "".join(r + "\n" for r in rows)).encode(), "f.csv", dry_run=dry_run
    )


def stored_hospital(state) -> dict:
    report = upload(state, f"10713,hospital,โรงพยาบาลนครพิงค์,{LAT},{LON},,ถ.โชตนา")
    assert report["new"] == 1 and report["warnings"] == []
    return report


def pairs(engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(duplicate_pairs).order_by(duplicate_pairs.c.id)).mappings()]


def facility(engine, external_id: str) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(facilities).where(facilities.c.external_id == external_id)).mappings().one())


# -- names and distances ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "a,b",
    [
        ("โรงพยาบาลนครพิงค์", "รพ. นครพิงค์"),  # abbreviation and a space
        ("รพ.สต.บ้านหนองหอย", "โรงพยาบาลส่งเสริมสุขภาพตำบล บ้านหนองหอย"),
        ("สสอ.เมืองเชียงใหม่", "สำนักงานสาธารณสุขอำเภอเมืองเชียงใหม่"),
        ("จุดฉีดวัคซีน ๑ หอประชุม", "จุดฉีดวัคซีน 1 หอประชุม"),  # Thai digits
        ("โรงพยาบาลกรุงเทพ-อุดร", "โรงพยาบาลกรุงเทพอุดร"),  # punctuation (both in the real MOPH list, 0.9 m apart)
        ("สำนักงาน", "สํานักงาน"),  # sara am typed as nikhahit + sara aa
    ],
)
def test_names_equal_after_normalising(a, b):
    assert normalize_name(a) == normalize_name(b)
    assert name_similarity(a, b) == 1.0


def test_different_branch_numbers_are_different_places():
    assert name_similarity("โรงพยาบาลพญาไท 2", "โรงพยาบาลพญาไท 3") == 0.0
    assert name_similarity("คณะแพทยศาสตร์ ศิริราชพยาบาล", "คณะแพทยศาสตร์ ศิริราชพยาบาล มหาวิทยาลัยมหิดล") >= 0.9
    assert name_similarity("โรงพยาบาลนครพิงค์", "โรงพยาบาลลำพูน") < 0.85


def test_haversine_on_paper():
    assert haversine_m(LON, LAT, LON, LAT + NORTH_12_M) == pytest.approx(12.0, abs=0.1)
    assert haversine_m(LON, LAT, LON, LAT + NORTH_80_M) == pytest.approx(80.1, abs=0.1)


# -- warnings in the upload answer --------------------------------------------------------------------------------
def test_a_near_namesake_is_a_warning_the_row_is_stored_and_the_pair_queued(state):
    stored_hospital(state)
    report = upload(state, f"N1,hospital,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},053 999 000,")
    assert report["problems"] == [] and report["new"] == 1
    (warning,) = report["warnings"]
    assert (warning["row"], warning["column"], warning["value"]) == (2, "name_th", "รพ. นครพิงค์")
    assert warning["message_th"] == "อาจซ้ำกับ “โรงพยาบาลนครพิงค์” (รหัส 10713) ห่าง 12 ม. — ตรวจในรายการที่อาจซ้ำ"
    assert warning["message_en"] == "may duplicate “โรงพยาบาลนครพิงค์” (id 10713), 12 m away — see Possible duplicates"
    (pair,) = pairs(state.engine)
    ids = {facility(state.engine, "10713")["id"], facility(state.engine, "N1")["id"]}
    assert {pair["facility_a"], pair["facility_b"]} == ids and pair["facility_a"] < pair["facility_b"]
    assert pair["status"] == "pending" and pair["distance_m"] == pytest.approx(12.0, abs=0.1)
    assert pair["similarity"] == 1.0 and pair["upload_id"] == report["upload_id"]


@pytest.mark.parametrize(
    "row",
    [
        f"N1,hospital,รพ. นครพิงค์,{LAT + NORTH_80_M},{LON},,",  # 80 m away
        f"N1,vaccination_point,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},,",  # another type
        f"N1,hospital,โรงพยาบาลลำพูน,{LAT + NORTH_12_M},{LON},,",  # another name
    ],
)
def test_far_or_another_type_or_another_name_is_no_duplicate(state, row):
    stored_hospital(state)
    report = upload(state, row)
    assert report["new"] == 1 and report["warnings"] == [] and pairs(state.engine) == []


def test_the_same_facility_id_is_an_update_not_a_duplicate(state):
    stored_hospital(state)
    report = upload(state, f"10713,hospital,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},,")
    assert report["updated"] == 1 and report["warnings"] == [] and pairs(state.engine) == []


def test_a_pair_within_the_file_names_the_other_row_and_is_queued_once(state):
    rows = (
        f"V1,vaccination_point,จุดฉีดวัคซีน ๑ หอประชุม,{LAT},{LON},,",
        f"V2,vaccination_point,จุดฉีดวัคซีน 1  หอประชุม,{LAT + NORTH_12_M},{LON},,",
    )
    report = upload(state, *rows)
    assert report["new"] == 2 and report["problems"] == []
    (warning,) = report["warnings"]
    assert warning["row"] == 3 and "แถวที่ 2 ในไฟล์นี้, รหัส V1" in warning["message_th"]
    assert "row 2 of this file, id V1" in warning["message_en"] and "12 m" in warning["message_en"]
    assert len(pairs(state.engine)) == 1
    again = upload(state, *rows)  # the same file again: nothing changes, nothing new is queued
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 2) and again["warnings"] == []
    assert len(pairs(state.engine)) == 1


def test_a_dry_run_warns_and_queues_nothing(state):
    stored_hospital(state)
    report = upload(state, f"N1,hospital,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},,", dry_run=True)
    assert len(report["warnings"]) == 1 and pairs(state.engine) == []


def test_rows_100_m_apart_and_namesakes_on_one_spot_with_other_numbers_give_no_warning(state):
    line = [f"G{i},vaccination_point,จุดฉีดวัคซีน,{LAT + i * 0.0009:.6f},{LON},," for i in range(30)]
    spot = [f"S{i},test_site,จุดตรวจ หน่วยที่ {i},{LAT},{LON + 0.01},," for i in range(1, 31)]  # "1" is not "2"
    report = upload(state, *line, *spot)
    assert report["new"] == 60 and report["warnings"] == [] and MAX_DISTANCE_M == 50


# -- the review queue ---------------------------------------------------------------------------------------------
def queued_pair(state) -> tuple[dict, int, int]:
    stored_hospital(state)
    upload(state, f"N1,hospital,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},053 999 000,")
    (pair,) = pairs(state.engine)
    return pair, facility(state.engine, "10713")["id"], facility(state.engine, "N1")["id"]


def test_the_queue_lists_pairs_of_the_area(state):
    pair, kept, other = queued_pair(state)
    with state.engine.connect() as conn:
        (listed,) = list_pairs(conn, "5001")
        assert listed["id"] == pair["id"] and {listed["a"]["id"], listed["b"]["id"]} == {kept, other}
        assert listed["a"]["name_th"] and listed["a"]["district"] == "5001"
        assert list_pairs(conn, "50") and list_pairs(conn, "TH")
        assert list_pairs(conn, "5002") == [] and list_pairs(conn, "10") == []
        assert list_pairs(conn, "5001", status="dismissed") == []


def test_merge_keeps_history_fills_empty_fields_and_audits_before_and_after(state, coordinator):
    pair, kept, other = queued_pair(state)
    with state.engine.connect() as conn:
        version_before = conn.execute(
            sa.select(app_meta.c.value).where(app_meta.c.key == "facilities_version")
        ).scalar()
    with state.engine.begin() as conn:
        decided = merge_pair(conn, pair["id"], kept, coordinator)
    assert decided["status"] == "merged" and decided["kept"] == kept and decided["decided_by"] == coordinator["id"]
    hospital, duplicate = facility(state.engine, "10713"), facility(state.engine, "N1")
    assert hospital["phone"] == "053 999 000" and hospital["address"] == "ถ.โชตนา"  # its own address stays
    assert hospital["status"] == "open" and hospital["version"] == 2
    assert duplicate["status"] == "closed" and duplicate["version"] == 2  # closed, not deleted
    with state.engine.connect() as conn:
        kept_history, other_history = facility_history(conn, kept), facility_history(conn, other)
        audit = conn.execute(sa.select(audit_log).where(audit_log.c.action == "duplicate.merge")).mappings().one()
        version_after = conn.execute(sa.select(app_meta.c.value).where(app_meta.c.key == "facilities_version")).scalar()
        assert list_pairs(conn, "5001") == []
    assert [h["change"] for h in kept_history] == ["create", "merge"]
    assert kept_history[-1]["data"]["merged_from"] == other and kept_history[-1]["data"]["phone"] == "053 999 000"
    assert [h["change"] for h in other_history] == ["create", "merge"]  # the other's history is all there
    assert other_history[-1]["data"]["merged_into"] == kept and other_history[-1]["data"]["status"] == "closed"
    assert audit["user_id"] == coordinator["id"] and audit["entity_id"] == str(pair["id"])
    assert audit["detail"]["before"]["kept"]["phone"] is None
    assert audit["detail"]["after"]["kept"]["phone"] == "053 999 000"
    assert audit["detail"]["before"]["closed"]["status"] == "open"
    assert audit["detail"]["after"]["closed"]["status"] == "closed"
    assert version_after != version_before  # the finder's index is rebuilt
    with state.engine.begin() as conn, pytest.raises(PairDecided, match="already decided"):
        merge_pair(conn, pair["id"], kept, coordinator)


def test_a_merged_facility_uploaded_again_stays_closed_with_a_warning(state, coordinator):
    pair, kept, _ = queued_pair(state)
    with state.engine.begin() as conn:
        merge_pair(conn, pair["id"], kept, coordinator)
    report = upload(state, f"N1,hospital,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},053 999 000,")
    assert report["unchanged"] == 1 and facility(state.engine, "N1")["status"] == "closed"
    (warning,) = report["warnings"]
    assert warning["column"] == "facility_id" and "merged into “โรงพยาบาลนครพิงค์” (id 10713)" in warning["message_en"]
    assert len(pairs(state.engine)) == 1


def test_dismiss_stops_the_warning(state, coordinator):
    pair, _, _ = queued_pair(state)
    with state.engine.begin() as conn:
        dismiss_pair(conn, pair["id"], coordinator)
    assert pairs(state.engine)[0]["status"] == "dismissed"
    report = upload(state, f"N1,hospital,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},053 999 111,")  # a new phone
    assert report["updated"] == 1 and report["warnings"] == [] and len(pairs(state.engine)) == 1
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(audit_log).where(audit_log.c.action == "duplicate.dismiss")).first()


def test_a_coordinator_of_another_district_may_not_decide(state):
    pair, kept, _ = queued_pair(state)
    elsewhere = {"id": None, "role": "coordinator", "area": "5002"}
    with state.engine.begin() as conn:
        with pytest.raises(OutsideArea, match="outside your own area"):
            merge_pair(conn, pair["id"], kept, elsewhere)
        with pytest.raises(OutsideArea):
            dismiss_pair(conn, pair["id"], elsewhere)
    assert pairs(state.engine)[0]["status"] == "pending"


def test_keep_must_be_one_of_the_pair(state, coordinator):
    from data.errors import UserInputError

    pair, _, _ = queued_pair(state)
    with state.engine.begin() as conn, pytest.raises(UserInputError, match="keep must be"):
        merge_pair(conn, pair["id"], 999_999, coordinator)


def test_undoing_the_upload_removes_its_pairs(state):
    from data.uploads import undo_upload

    stored_hospital(state)
    report = upload(state, f"N1,hospital,รพ. นครพิงค์,{LAT + NORTH_12_M},{LON},,")
    with state.engine.begin() as conn:
        undo_upload(conn, report["upload_id"], None)
    assert pairs(state.engine) == []


def test_a_form_editing_a_facility_without_id_is_not_its_own_duplicate(state):
    """A form names the facility it edits (``known``); a file row without facility_id that renames one cannot."""
    from data.facility_import import validate_facility_rows
    from data.parsing import read_table

    upload(state, f",vaccination_point,จุดฉีดวัคซีนวัดพระสิงห์,{LAT},{LON},,")
    stored = facility_without_id(state.engine)
    content = f"{HEADER},vaccination_point,จุดฉีดวัคซีน วัดพระสิงห์ฯ,{LAT},{LON},,\n".encode()
    renamed = read_table(content, "f.csv", "facilities")
    with state.engine.connect() as conn:
        _, _, as_a_file = validate_facility_rows(renamed, state, conn)
        records, _, as_a_form = validate_facility_rows(renamed, state, conn, known={2: stored["id"]})
    assert len(as_a_file) == 1 and f"#{stored['id']}" in as_a_file[0].message_en
    assert as_a_form == [] and records[0]["existing"]["id"] == stored["id"]


def facility_without_id(engine) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(facilities).where(facilities.c.external_id.is_(None))).mappings().one())


# -- the form and the API queue pairs as uploads do; a merge in each facility's history --------------------------
def test_a_facility_added_or_moved_by_the_form_queues_its_likely_duplicate(state, coordinator):
    from data.facility_edit import create_facility, update_facility

    stored_hospital(state)
    near = {"type": "hospital", "name_th": "รพ. นครพิงค์", "lat": str(LAT + 0.000072), "lon": str(LON)}  # 8 m
    with state.engine.begin() as conn:
        added = create_facility(conn, state, near, coordinator, source="api")
    assert "see Possible duplicates" in added.warnings[0].message_en
    (pair,) = pairs(state.engine)
    hospital = facility(state.engine, "10713")["id"]
    assert {pair["facility_a"], pair["facility_b"]} == {hospital, added.facility["id"]}
    assert pair["status"] == "pending" and pair["upload_id"] is None and 7 < pair["distance_m"] < 9

    with state.engine.begin() as conn:  # one queued pair is never queued twice; an edit moving next to another is
        far = create_facility(conn, state, near | {"name_th": "โรงพยาบาลนครพิงค์ 2", "lat": str(LAT + 0.01)}, coordinator)
        assert pairs(state.engine) == [pair]
        moved = update_facility(
            conn, state, far.facility["id"], {"name_th": "โรงพยาบาลนครพิงค์", "lat": str(LAT)}, 1, coordinator
        )
    assert moved.warnings and len(pairs(state.engine)) == 3  # next to the hospital and to the one added above


def test_a_merge_shows_in_both_histories_and_the_closed_one_stays_closed_when_reverted(state, coordinator):
    from data.facility_edit import facility_changes, revert_facility

    pair, kept, other = queued_pair(state)
    with state.engine.begin() as conn:
        merge_pair(conn, pair["id"], kept, coordinator)
    with state.engine.connect() as conn:
        kept_changes, other_changes = facility_changes(conn, kept), facility_changes(conn, other)
    assert kept_changes[0]["change"] == "merge" and kept_changes[0]["merged_from"]["id"] == other
    assert [f["field"] for f in kept_changes[0]["fields"]] == ["phone"]
    assert other_changes[0]["change"] == "merge" and other_changes[0]["merged_into"]["external_id"] == "10713"
    assert other_changes[0]["fields"] == [{"field": "status", "old": "open", "new": "closed"}]

    with state.engine.begin() as conn:  # the kept one goes back to before the merge: it loses the phone it took
        back = revert_facility(conn, kept, 1, coordinator, expected_version=2)
    assert back.changes == {"phone": ("053 999 000", None)} and back.warnings == []
    with state.engine.begin() as conn:  # the closed one: nothing to bring back but its status, which stays
        again = revert_facility(conn, other, 1, coordinator, expected_version=2)
    assert again.changes == {} and again.facility["status"] == "closed"
    assert "merged into “โรงพยาบาลนครพิงค์” (id 10713), so it stays closed" in again.warnings[0].message_en
