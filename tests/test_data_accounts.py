"""Accounts (data/accounts.py, data/users.py): registration and approval, deactivation, tokens, on SQLite and PostgreSQL.

The areas are real: Mueang Chiang Mai district 5001 and its subdistrict Si Phum 500101; Mae Taeng 5006 is another
district of Chiang Mai (50); Phra Nakhon 1001 is in Bangkok (10).
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from data.accounts import (
    approve,
    deactivate,
    list_pending,
    list_tokens,
    list_users,
    login_wait_minutes,
    reactivate,
    register_volunteer,
    registration_wait_minutes,
    reject,
    revoke_token,
)
from data.errors import UserInputError
from data.schema import api_tokens, audit_log, campaigns, survey_records, users
from data.scope import AccessDenied
from data.users import create_token, create_user, issue_token, user_for_token, verify_password

PW = "long-enough-pw"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Cheap argon2 parameters: these tests are about who may do what, not about the hash's cost."""
    monkeypatch.setattr("data.users._hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


def _staff(conn, username: str, role: str, area: str) -> dict:
    user_id = create_user(conn, username, PW, role, area)
    return dict(conn.execute(sa.select(users).where(users.c.id == user_id)).mappings().one())


@pytest.fixture
def people(engine):
    """One person of each staff role around Mueang Chiang Mai, and the same roles elsewhere."""
    with engine.begin() as conn:
        return {
            "coord": _staff(conn, "coord_cm", "coordinator", "5001"),
            "coord_other": _staff(conn, "coord_mt", "coordinator", "5006"),
            "padmin": _staff(conn, "padmin_cm", "province_admin", "50"),
            "padmin_bkk": _staff(conn, "padmin_bkk", "province_admin", "10"),
            "national": _staff(conn, "admin_th", "national_admin", "TH"),
        }


def _register(conn, registry, username="somsri", area="500101", **extra) -> int:
    args = {"password": PW, "display_name": "สมศรี มีสุข", "phone": "081-234-5678", "area": area} | extra
    return register_volunteer(conn, registry, username, **args)


def _actions(conn) -> list[str]:
    return conn.execute(sa.select(audit_log.c.action).order_by(audit_log.c.id)).scalars().all()


def test_a_registered_volunteer_waits_for_the_district_coordinator(engine, real_registry, people):
    with engine.begin() as conn:
        new_id = _register(conn, real_registry)
        assert verify_password(conn, "somsri", PW) is None  # pending: cannot sign in
        with pytest.raises(UserInputError, match="not approved"):
            create_token(conn, "somsri")
        assert [p["username"] for p in list_pending(conn, "5001")] == ["somsri"]
        assert [p["username"] for p in list_pending(conn, "50")] == ["somsri"]
        assert list_pending(conn, "5006") == [] and list_pending(conn, "10") == []
        decided = approve(conn, new_id, people["coord"])
        assert decided["approval"] == "approved" and decided["active"]
        signed_in = verify_password(conn, "somsri", PW)
        assert signed_in["role"] == "volunteer" and signed_in["area"] == "500101"
        assert signed_in["approved_by"] == people["coord"]["id"] and signed_in["phone"] == "081-234-5678"
        assert list_pending(conn, "5001") == []
        assert _actions(conn)[-2:] == ["user.register", "user.approve"]
        register_detail = conn.execute(
            sa.select(audit_log.c.detail).where(audit_log.c.action == "user.register")
        ).scalar_one()
    assert PW not in str(register_detail) and "081" not in str(register_detail)  # no password, no phone


def test_registration_reports_every_problem_at_once(engine, real_registry, people):
    with engine.begin() as conn, pytest.raises(UserInputError) as caught:
        register_volunteer(
            conn, real_registry, "a", "short", " ", "12", "50", password_again="different"
        )  # 50 is a whole province
    assert {p.column for p in caught.value.problems} == {
        "username",
        "password",
        "password_again",
        "display_name",
        "phone",
        "area",
    }
    assert "a volunteer registers for a district or a subdistrict" in caught.value.message_en
    assert "อาสาข้อมูลลงทะเบียนได้ในระดับอำเภอหรือตำบล" in caught.value.message_th


def test_a_district_and_thai_digits_are_accepted(engine, real_registry, people):
    with engine.begin() as conn:
        new_id = _register(conn, real_registry, "somchai", area="อำเภอแม่ริม", phone="๐๘๑ ๒๓๔ ๕๖๗๘")
        row = conn.execute(sa.select(users.c.area, users.c.approval).where(users.c.id == new_id)).one()
    assert tuple(row) == ("5007", "pending")


def test_a_name_taken_is_given_a_free_one_without_saying_so(engine, real_registry, people):
    """The public form never confirms that a name exists (issue 15): the second somsri is somsri.2, and the
    coordinator sees the name asked for when approving."""
    with engine.begin() as conn:
        first, second = _register(conn, real_registry), _register(conn, real_registry, display_name="สมศรี สอง")
        rows = conn.execute(
            sa.select(users.c.id, users.c.username, users.c.requested_username).where(users.c.id.in_([first, second]))
        ).all()
        assert sorted(tuple(r) for r in rows) == [(first, "somsri", None), (second, "somsri.2", "somsri")]
        assert [p["requested_username"] for p in list_pending(conn, "5001")] == [None, "somsri"]


def test_only_the_chain_of_command_decides(engine, real_registry, people):
    with engine.begin() as conn:
        new_id = _register(conn, real_registry)
        for outsider in ("coord_other", "padmin_bkk"):
            with pytest.raises(AccessDenied, match="may not manage this account"):
                approve(conn, new_id, people[outsider])
        volunteer = {"id": -1, "role": "volunteer", "area": "500101"}
        with pytest.raises(AccessDenied):
            approve(conn, new_id, volunteer)
        approve(conn, new_id, people["padmin"])  # the province admin may too
        with pytest.raises(UserInputError, match="no longer waiting"):
            reject(conn, new_id, people["national"])


def test_a_rejected_volunteer_cannot_sign_in_and_leaves_the_queue(engine, real_registry, people):
    with engine.begin() as conn:
        new_id = _register(conn, real_registry)
        reject(conn, new_id, people["coord"])
        assert verify_password(conn, "somsri", PW) is None
        assert list_pending(conn, "5001") == []
        listed = {u["username"]: u for u in list_users(conn, "5001")}
    assert listed["somsri"]["approval"] == "rejected" and not listed["somsri"]["active"]


def test_the_users_of_an_area_with_their_last_survey(engine, real_registry, people):
    with engine.begin() as conn:
        volunteer = _staff(conn, "vol_cm", "volunteer", "500101")
        _register(conn, real_registry, "pending_one")  # pending: in the queue, not in the list
        campaign = conn.execute(
            sa.insert(campaigns)
            .values(name_th="รอบ", name_en="Round", opened_on=dt.date(2022, 1, 17))
            .returning(campaigns.c.id)
        ).scalar_one()
        for day in (dt.date(2022, 2, 1), dt.date(2022, 3, 5)):
            conn.execute(
                sa.insert(survey_records).values(
                    campaign_id=campaign,
                    survey_date=day,
                    volunteer_id=volunteer["id"],
                    subdistrict="500101",
                    district="5001",
                    province="50",
                    target_group="elderly",
                    age=70,
                    doses_received=0,
                    intention="wants",
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
        district = list_users(conn, "5001")
        province_volunteers = list_users(conn, "50", roles=("volunteer",))
        everyone = list_users(conn, "TH")
    by_name = {u["username"]: u for u in district}
    assert set(by_name) == {"coord_cm", "vol_cm"}
    assert by_name["vol_cm"]["surveys"] == 2 and by_name["vol_cm"]["last_survey"] == dt.date(2022, 3, 5)
    assert by_name["coord_cm"]["surveys"] == 0 and by_name["coord_cm"]["last_survey"] is None
    assert [u["username"] for u in province_volunteers] == ["vol_cm"]
    assert len(everyone) == 6 and all("password_hash" not in u for u in everyone)


def test_deactivation_by_an_admin_of_the_area_over_a_lower_role(engine, real_registry, people):
    with engine.begin() as conn:
        volunteer = _staff(conn, "vol_cm", "volunteer", "500101")
        token = create_token(conn, "vol_cm")
        for actor in ("coord", "padmin_bkk"):
            with pytest.raises(AccessDenied):
                deactivate(conn, volunteer["id"], people[actor])
        with pytest.raises(AccessDenied):  # not another admin of the same rank, nor oneself
            deactivate(conn, people["padmin"]["id"], people["padmin"])
        deactivate(conn, volunteer["id"], people["padmin"])
        assert verify_password(conn, "vol_cm", PW) is None and user_for_token(conn, token) is None
        reactivate(conn, volunteer["id"], people["padmin"])
        assert verify_password(conn, "vol_cm", PW) is not None
        deactivate(conn, people["padmin"]["id"], people["national"])  # a national admin: anyone but themselves
        assert _actions(conn)[-3:] == ["user.deactivate", "user.reactivate", "user.deactivate"]


def test_tokens_are_listed_without_their_secret_and_note_their_last_use(engine, people):
    with engine.begin() as conn:
        issued = issue_token(conn, people["coord"]["id"], "QGIS")
    with engine.connect() as conn:  # a read-only connection, as the API's: the note is written all the same
        assert user_for_token(conn, issued["token"])["username"] == "coord_cm"
    with engine.connect() as conn:
        listed = list_tokens(conn, people["coord"]["id"])
    assert len(listed) == 1 and set(listed[0]) == {"id", "name", "created_at", "last_used_at", "revoked_at"}
    assert listed[0]["name"] == "QGIS" and listed[0]["last_used_at"] is not None
    assert issued["token"] not in str(listed)


def test_a_token_is_revoked_by_its_owner_or_an_admin_of_the_owners_area(engine, people):
    with engine.begin() as conn:
        first = issue_token(conn, people["coord"]["id"], "first")
        second = issue_token(conn, people["coord"]["id"], "second")
        for outsider in ("coord_other", "padmin_bkk"):
            with pytest.raises(AccessDenied, match="owner or an admin"):
                revoke_token(conn, first["id"], people[outsider])
        assert revoke_token(conn, first["id"], people["coord"])["revoked_at"] is not None
        assert revoke_token(conn, second["id"], people["padmin"])["revoked_at"] is not None
        assert revoke_token(conn, 99999, people["national"]) is None
        assert user_for_token(conn, first["token"]) is None and user_for_token(conn, second["token"]) is None
        revoked = conn.execute(sa.select(api_tokens.c.revoked_at).where(api_tokens.c.id == first["id"])).scalar_one()
        assert revoke_token(conn, first["id"], people["coord"])["revoked_at"] == revoked  # already: unchanged
        assert _actions(conn).count("token.revoke") == 2


# -- throttling -------------------------------------------------------------------------------------------------------
def _failed_sign_in(conn, account: int | None, client: str, minutes_ago: float, action="user.login_failed") -> None:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago)
    conn.execute(sa.insert(audit_log).values(action=action, entity="login", entity_id=client, user_id=account, at=at))


def test_failures_of_one_account_from_one_address_wait_longer_each_time(engine, people):
    somsri, other = people["coord"]["id"], people["coord_other"]["id"]
    with engine.begin() as conn:
        for minutes_ago in (10.5, 8, 6, 4):
            _failed_sign_in(conn, somsri, "addr-1", minutes_ago)
        assert login_wait_minutes(conn, somsri, "addr-1") == 0  # four
        _failed_sign_in(conn, somsri, "addr-1", 0.5)
        assert login_wait_minutes(conn, somsri, "addr-1") == 1  # the fifth: a minute from the last
        _failed_sign_in(conn, somsri, "addr-1", 0.1)
        assert login_wait_minutes(conn, somsri, "addr-1") == 2  # the sixth: two minutes
        # no lockout of the account: from another address, or another account from this one, no wait
        assert login_wait_minutes(conn, somsri, "addr-2") == 0
        assert login_wait_minutes(conn, other, "addr-1") == 0
        assert login_wait_minutes(conn, None, "addr-1") == 0
        _failed_sign_in(conn, somsri, "addr-1", 0, action="user.login")  # a success from the pair starts afresh
        assert login_wait_minutes(conn, somsri, "addr-1") == 0


def test_many_failures_from_one_address_wait_whatever_the_account(engine):
    with engine.begin() as conn:
        for n in range(19):
            _failed_sign_in(conn, None, "addr-1", 30 - n)
        assert login_wait_minutes(conn, None, "addr-1") == 0
        _failed_sign_in(conn, None, "addr-1", 0.2)
        assert login_wait_minutes(conn, None, "addr-1") == 1
        _failed_sign_in(conn, None, "addr-9", 61)  # older than an hour: forgotten
        assert login_wait_minutes(conn, None, "addr-9") == 0


def test_registration_attempts_are_recorded_until_five_an_hour(engine):
    with engine.begin() as conn:
        assert [registration_wait_minutes(conn, "addr-1") for _ in range(6)] == [0, 0, 0, 0, 0, 60]
        assert registration_wait_minutes(conn, "addr-2") == 0
        attempts = sa.select(sa.func.count()).where(audit_log.c.action == "user.register_attempt")
        assert conn.execute(attempts).scalar_one() == 6  # the refused attempt is not recorded
