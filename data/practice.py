"""Practice spaces: a database of their own per trainer's area, where trainees try every page and nothing is real.

A space is named by an area code (a province or a district; a subdistrict's space is its district's). Its database
is a SQLite file under the data directory (``practice/<code>/practice.sqlite``) or, when the real database is
PostgreSQL, a schema of its own (``practice_<code>``, beside the real one). It is migrated with the same migrations as
the real database, so every table (a new one too) exists there and nothing ever needs listing. The app chooses the
database per request (dashboard/practice.py): a practice account's session reaches only its space's.

A space starts from a copy of its area's public data (its facilities, the coverage reports of the area and above it,
the population) and a few survey records labelled synthetic, in a practice campaign; ``reset_space`` puts it back so.

Practice accounts live only in their space's database (their password hash, their sessions). The real database keeps
the registry ``practice_accounts`` (name → space, role, expiry, ended, creator; no password), so that the sign-in
page knows where a name belongs; their creation and ending are in the real audit log, without passwords.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from data.audit import record
from data.errors import NotPermitted, Problem, UserInputError
from data.fields import preview, read_text
from data.jsonvalues import jsonable
from data.registries import ROLES
from data.schema import (
    app_meta,
    campaigns,
    coverage_facts,
    facilities,
    facility_versions,
    population,
    practice_accounts,
    survey_records,
    users,
)
from data.scope import where_within, within
from data.users import insert_user
from geo import clock

FOLDER = "practice"
MAX_ACCOUNTS = 60  # one session's worth
MAX_DAYS = 60
DEFAULT_DAYS = 7
KEPT = frozenset({"alembic_version", "app_meta", "users", "user_sessions"})  # a reset keeps the accounts signed in
_SEEDED = "practice.space"  # app_meta: the space's code, once the copy is in
_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing that reads as another (0/o, 1/l/i)
CAMPAIGN = {"name_th": "รอบฝึกใช้งาน (ไม่ใช่ข้อมูลจริง)", "name_en": "Practice round (not real data)"}


# -- where a space lives -------------------------------------------------------------------------------------------
def requested_area(value: Any) -> str:
    """The area a trainer's request names (``area`` of its JSON: a code as text or a number, or a name); a 422 when
    it is not text."""
    problems: list[Problem] = []
    area = read_text(value, "area", problems, max_chars=200, numbers=True)
    if problems:
        raise UserInputError(problems)
    return area or ""


def space_for(area: str | None, level: str | None) -> str:
    """The space of an area (``level``: its level in the registry): a province or district code; a subdistrict's is
    its district's. The whole country and unknown codes are refused."""
    if level == "subdistrict":
        return str(area)[:4]
    if level in ("province", "district"):
        return str(area)
    raise UserInputError.from_fields(
        [
            (
                "area",
                f"พื้นที่ฝึก {area!r} ต้องเป็นรหัสจังหวัด อำเภอ หรือตำบล (ไม่ใช่ทั้งประเทศ)",
                f"the practice area {area!r} must be a province, district or subdistrict code (not the whole country)",
            )
        ]
    )


def space_folder(data_dir: Path, space: str) -> Path:
    return data_dir / FOLDER / space


def space_url(real_url: str, data_dir: Path, space: str, real_schema: str | None) -> str:
    """The database URL of a space: a SQLite file in its folder, or the real PostgreSQL server with the space's
    schema first (and only) on the search path."""
    parsed = make_url(real_url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///{space_folder(data_dir, space) / 'practice.sqlite'}"
    schema = schema_name(real_schema or "public", space)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def schema_name(real_schema: str, space: str) -> str:
    """``practice_5001`` beside ``public``; beside another schema (a test's), named after it."""
    prefix = "" if real_schema == "public" else f"{real_schema}_"
    return f"{prefix}practice_{space}"


def real_schema(real_engine: sa.Engine) -> str | None:
    """The schema the real PostgreSQL database's tables are in (None on SQLite)."""
    if real_engine.dialect.name != "postgresql":
        return None
    with real_engine.connect() as conn:
        return conn.execute(sa.text("SELECT current_schema()")).scalar()


def create_schema(real_engine: sa.Engine, space: str) -> None:
    """PostgreSQL: the space's schema, made when missing (SQLite needs nothing: the file is made on first use)."""
    schema = real_schema(real_engine)
    if schema is None:
        return
    with real_engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema_name(schema, space)}"'))


# -- what a space starts from ----------------------------------------------------------------------------------------
def seed_if_new(engine: sa.Engine, real_engine: sa.Engine, space: str, subdistricts: list[str]) -> bool:
    """Copy the area into a freshly migrated space (once: a space already seeded is left as it is). The mark is
    written first, so that of two processes opening a new space at once one seeds and the other waits for it and
    finds it done (the mark's key is unique)."""
    with engine.connect() as conn:
        if conn.execute(sa.select(app_meta.c.value).where(app_meta.c.key == _SEEDED)).scalar() is not None:
            return False
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(app_meta).values(key=_SEEDED, value=space))
            with real_engine.connect() as real:
                _seed(conn, real, space, subdistricts)
    except sa.exc.IntegrityError:
        return False  # another process seeded it meanwhile
    return True


def reset_space(engine: sa.Engine, real_engine: sa.Engine, space: str, subdistricts: list[str]) -> None:
    """Everything done in the space is gone and the copy is back; the accounts stay and stay signed in. Every table
    but the kept ones is emptied, whatever migration made it (the tables are read from the database itself)."""
    with engine.begin() as conn:
        tables = sa.MetaData()
        tables.reflect(conn)
        for table in reversed(tables.sorted_tables):
            if table.name not in KEPT:
                conn.execute(table.delete())
        with real_engine.connect() as real:
            _seed(conn, real, space, subdistricts)


def _seed(conn: sa.Connection, real: sa.Connection, space: str, subdistricts: list[str]) -> None:
    now = dt.datetime.now(dt.UTC)
    _copy(conn, real, population, sa.true())
    above = [space[:2], "TH"] if len(space) > 2 else ["TH"]
    _copy(conn, real, coverage_facts, coverage_facts.c.area.startswith(space) | coverage_facts.c.area.in_(above))
    columns = {"province": facilities.c.province, "district": facilities.c.district}
    columns["subdistrict"] = facilities.c.subdistrict
    rows = [dict(r) for r in real.execute(sa.select(facilities).where(where_within(space, columns))).mappings()]
    for row in rows:
        row.update(updated_by=None, upload_id=None)
        row.pop("id")
        new_id = conn.execute(sa.insert(facilities).values(**row).returning(facilities.c.id)).scalar_one()
        data = {k: v for k, v in jsonable(row).items() if k not in ("updated_by", "upload_id")}
        conn.execute(
            sa.insert(facility_versions).values(
                facility_id=new_id, version=row["version"], data=data, change="create", changed_at=now
            )
        )
    today = clock.today()
    campaign = conn.execute(
        sa.insert(campaigns)
        .values(**CAMPAIGN, opened_on=today - dt.timedelta(days=30), synthetic=True)
        .returning(campaigns.c.id)
    ).scalar_one()
    for n, code in enumerate(subdistricts[:3] * 2):
        conn.execute(sa.insert(survey_records).values(**_synthetic_survey(n, code, campaign, today, now)))


def _copy(conn: sa.Connection, real: sa.Connection, table: sa.Table, where) -> None:
    columns = [c for c in table.columns if c.name not in ("id", "upload_id")]
    rows = [dict(r) for r in real.execute(sa.select(*columns).where(where)).mappings()]
    if rows:
        conn.execute(sa.insert(table), rows)


def _synthetic_survey(n: int, code: str, campaign: int, today: dt.date, now: dt.datetime) -> dict[str, Any]:
    group, age, doses, intention = (
        ("elderly", 71, 0, "undecided"),
        ("general", 34, 2, "wants"),
        ("bedridden", 80, 0, "wants"),
        ("general", 45, 1, "refuses"),
        ("elderly", 66, 3, "wants"),
        ("general", 29, 0, "undecided"),
    )[n % 6]
    return {
        "campaign_id": campaign,
        "survey_date": today - dt.timedelta(days=n + 1),
        "subdistrict": code,
        "district": code[:4],
        "province": code[:2],
        "village_no": n + 1,
        "target_group": group,
        "age": age,
        "doses_received": doses,
        "intention": intention,
        "needs_home_visit": group == "bedridden",
        "reason": "ตัวอย่างสำหรับฝึก · practice example",
        "synthetic": True,
        "created_at": now,
    }


# -- practice accounts -----------------------------------------------------------------------------------------------
def check_trainer(trainer: Mapping[str, Any] | None, role: str, area: str) -> None:
    """A coordinator or above, for an area inside their own, for a role no higher than their own (403 otherwise)."""
    if not ROLES.at_least(trainer, "coordinator"):
        raise NotPermitted(
            [], "practice accounts are made by a coordinator or above", "ผู้ประสานงานอำเภอขึ้นไปจึงสร้างบัญชีฝึกได้"
        )
    if not within(area, trainer.get("area")):
        raise NotPermitted([], f"the area {area} is outside your own area", f"พื้นที่ {area} อยู่นอกพื้นที่ที่คุณรับผิดชอบ")
    if role in ROLES and not ROLES.at_least(trainer, role):
        asked, own = ROLES[role], ROLES[trainer["role"]]
        raise NotPermitted(
            [],
            f"a practice account's role ({asked.label_en}) may not be higher than your own ({own.label_en})",
            f"บทบาทของบัญชีฝึก ({asked.label_th}) ต้องไม่สูงกว่าบทบาทของคุณ ({own.label_th})",
        )


def request_problems(role: Any, count: Any, days: Any) -> list[tuple[str, str, str]]:
    problems = []
    if role not in ROLES:  # a list or an object sent as JSON is no role either
        codes, shown = ", ".join(ROLES.codes), preview(role)
        problems.append(("role", f"ไม่รู้จักบทบาท “{shown}” (ใช้ {codes})", f"unknown role {shown!r} (use {codes})"))
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_ACCOUNTS:
        problems.append(
            ("count", f"จำนวนบัญชีต้องเป็น 1–{MAX_ACCOUNTS}", f"count must be a whole number from 1 to {MAX_ACCOUNTS}")
        )
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        problems.append(
            (
                "expires_in_days",
                f"อายุบัญชีต้องเป็น 1–{MAX_DAYS} วัน",
                f"expires_in_days must be a whole number from 1 to {MAX_DAYS}",
            )
        )
    return problems


def create_accounts(
    real: sa.Connection,
    practice: sa.Connection,
    trainer: Mapping[str, Any],
    space: str,
    request: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """``request``: role, area, count, expires_in_days (checked). Each account: username, password (shown once,
    never stored but as its hash in the practice database), role, area, expires_at. Audited in the real log."""
    role, area, count, days = (request[k] for k in ("role", "area", "count", "expires_in_days"))
    now = clock.now().astimezone(dt.UTC)
    expires = now + dt.timedelta(days=days)
    made = []
    for _ in range(count):
        username, password = _free_name(real, space), _password()
        insert_user(practice, username, password, role, area)  # the header shows the username; the banner says practice
        real.execute(
            sa.insert(practice_accounts).values(
                username=username, space=space, role=role, expires_at=expires, created_by=trainer["id"], created_at=now
            )
        )
        made.append({"username": username, "password": password, "role": role, "area": area, "expires_at": expires})
    detail = {"space": space, "role": role, "area": area, "count": count, "expires_at": expires.isoformat()}
    detail["usernames"] = [m["username"] for m in made]
    record(real, "practice.accounts_create", "practice_space", space, trainer["id"], detail)
    return made


def _free_name(real: sa.Connection, space: str) -> str:
    while True:
        name = f"p{space}-" + "".join(secrets.choice(_LETTERS) for _ in range(4))
        taken = real.execute(sa.select(users.c.id).where(users.c.username == name)).first()
        taken = (
            taken or real.execute(sa.select(practice_accounts.c.id).where(practice_accounts.c.username == name)).first()
        )
        if not taken:
            return name


def _password() -> str:
    return "-".join("".join(secrets.choice(_LETTERS) for _ in range(4)) for _ in range(3))


def live_account(real: sa.Connection, username: str) -> dict[str, Any] | None:
    """The registry row of a practice account that may sign in now (not ended, not expired), or None."""
    p = practice_accounts.c
    row = real.execute(sa.select(practice_accounts).where(p.username == (username or "").strip())).mappings().first()
    if row is None or row["ended_at"] is not None:
        return None
    expires = row["expires_at"] if row["expires_at"].tzinfo else row["expires_at"].replace(tzinfo=dt.UTC)
    return dict(row) if clock.now() < expires else None


def accounts_of(real: sa.Connection, area: str | None) -> list[dict[str, Any]]:
    """The practice accounts of the spaces inside ``area`` (a trainer's own), newest first, with their state."""
    p = practice_accounts.c
    rows = real.execute(sa.select(practice_accounts).order_by(p.created_at.desc(), p.username)).mappings()
    now = clock.now()
    out = []
    for row in rows:
        if not within(row["space"], area):
            continue
        expires = row["expires_at"] if row["expires_at"].tzinfo else row["expires_at"].replace(tzinfo=dt.UTC)
        status = "ended" if row["ended_at"] else ("expired" if now >= expires else "active")
        out.append({k: row[k] for k in ("username", "space", "role", "expires_at", "created_at")} | {"status": status})
    return out


def end_accounts(real: sa.Connection, trainer: Mapping[str, Any], space: str) -> list[str]:
    """Every account of the space that may still sign in stops working now; audited in the real log."""
    check_trainer(trainer, "volunteer", space)
    p, now = practice_accounts.c, clock.now().astimezone(dt.UTC)
    names = list(real.execute(sa.select(p.username).where(p.space == space, p.ended_at.is_(None))).scalars())
    if names:
        real.execute(sa.update(practice_accounts).where(p.username.in_(names)).values(ended_at=now))
    record(real, "practice.accounts_end", "practice_space", space, trainer["id"], {"usernames": names})
    return names
