"""Which space a request is in: the real one, or a practice space (data/practice.py) for a practice account's session.

``dashboard.state.current()`` asks ``state_for_request`` once per request. A session signed in to a practice space
carries its space and name (in the signed cookie); while the registry in the real database says the account is live
(not ended, not expired), the request gets the space's own app state: its own database and engine, data versions,
caches, finder index and data folder (jobs), with the real state's geometry and registry. Every page, callback and
API route then works unchanged and reaches nothing real; when the account has ended or expired, the session is worth
nothing (``dashboard.auth.request_user`` never accepts a practice session in another space).

A practice space's answers are never kept by a shared cache (``Cache-Control: private, no-store``), so a proxy
cannot hand one to the public.
"""

from __future__ import annotations

import dataclasses
import threading

from flask import current_app, session

from data import practice
from data.db import make_engine, migrate
from data.finder import FacilityIndexCache
from data.metrics import MetricCache
from data.private_files import private_dir

SESSION_SPACE, SESSION_NAME = "practice", "practice_user"
_LOCK = threading.Lock()


def spaces() -> dict:
    """The practice states this process has opened, by space (on the app, never a module global)."""
    return current_app.extensions.setdefault("jitasa.practice", {})


def space_state(base, space: str):
    """The app state of a practice space, opened (migrated, seeded when new) on first use in this process."""
    opened = spaces()
    with _LOCK:
        if space not in opened:
            opened[space] = _open(base, space)
        return opened[space]


def _open(base, space: str):
    folder = private_dir(practice.space_folder(base.settings.data_dir, space))
    practice.create_schema(base.engine, space)
    schema = practice.real_schema(base.engine)
    url = practice.space_url(base.settings.effective_database_url, base.settings.data_dir, space, schema)
    engine = make_engine(url, pool_size=1, max_overflow=4)  # a training session's few people, many spaces
    migrate(engine, id_hash_key=base.id_hash_key)
    practice.seed_if_new(engine, base.engine, space, subdistricts_of(base, space))
    settings = base.settings.replace(data_dir=folder, database_url=url)
    fresh = {"facility_index": FacilityIndexCache(), "metrics": MetricCache()}
    return dataclasses.replace(base, settings=settings, engine=engine, practice=space, **fresh)


def subdistricts_of(base, space: str) -> list[str]:
    return list(base.registry.frame("subdistrict", space).index)


def state_for_request(base):
    """The state of this request: the practice space of a live practice session, else the real one."""
    space = session.get(SESSION_SPACE)
    if not space:
        return base
    with base.engine.connect() as real:
        row = practice.live_account(real, session.get(SESSION_NAME, ""))
    if row is None or row["space"] != space:
        return base  # ended or expired: the session is refused in the real space (request_user)
    return space_state(base, space)


def sign_in(base, username: str, password: str, client: str) -> bool:
    """Sign a practice account in to its space (a name the real users table does not have); False when the name is
    no live practice account or the password is wrong."""
    from dashboard.auth import start_signed_in
    from data.accounts import LOGIN_DONE
    from data.audit import record
    from data.users import verify_password

    with base.engine.connect() as real:
        row = practice.live_account(real, username)
    if row is None:
        return False
    own = space_state(base, row["space"])
    with own.engine.begin() as conn:
        user = verify_password(conn, row["username"], password)
        if user is None:
            return False
        record(conn, LOGIN_DONE, "login", client, user["id"], None)  # in the space's own log
        start_signed_in(conn, user, row["space"])
    return True


def reset(base, trainer: dict, area: str) -> str:
    """Put a space back as it started (the trainer's, inside their area); audited in the real log."""
    from data.audit import record

    practice.check_trainer(trainer, "volunteer", trainer.get("area"))
    space = practice.space_for(area, base.registry.level_of(area))
    practice.check_trainer(trainer, "volunteer", space)
    own = space_state(base, space)
    practice.reset_space(own.engine, base.engine, space, subdistricts_of(base, space))
    with base.engine.begin() as conn:
        record(conn, "practice.reset", "practice_space", space, trainer["id"], None)
    return space


def create(base, trainer: dict, body: dict) -> tuple[str, list[dict]]:
    """Checked practice accounts for ``body`` {role, area, count, expires_in_days}: (space, accounts)."""
    from data.errors import UserInputError

    body = {**body, "expires_in_days": body.get("expires_in_days", practice.DEFAULT_DAYS)}
    area = practice.requested_area(body.get("area"))
    practice.check_trainer(trainer, "volunteer", trainer.get("area"))
    space = practice.space_for(area, base.registry.level_of(area))
    practice.check_trainer(trainer, str(body.get("role")), area)
    problems = practice.request_problems(body.get("role"), body.get("count"), body.get("expires_in_days"))
    if problems:
        raise UserInputError.from_fields(problems)
    own = space_state(base, space)
    with base.engine.begin() as real, own.engine.begin() as conn:
        made = practice.create_accounts(real, conn, trainer, space, {**body, "area": area})
    return space, made


def refuse_inside_practice() -> None:
    """Trainers act from the real space: a practice account cannot make, end or reset practice accounts."""
    from dashboard.state import current
    from data.errors import NotPermitted

    if current().practice:
        raise NotPermitted(
            [],
            "practice accounts cannot manage practice accounts; sign in with your own account",
            "บัญชีฝึกจัดการบัญชีฝึกไม่ได้ โปรดเข้าสู่ระบบด้วยบัญชีของคุณเอง",
        )


def private_in_practice(response):
    """after_request: nothing a practice space answers is kept by a shared cache."""
    from flask import request

    if session.get(SESSION_SPACE) and not request.path.startswith("/assets/"):
        response.headers["Cache-Control"] = "private, no-store"
    return response
