"""The audit log: who did what to which record, when. Never holds personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from data.schema import audit_log


def record(
    conn: sa.Connection,
    action: str,
    entity: str | None,
    entity_id: Any,
    user_id: int | None,
    detail: dict | None = None,
) -> None:
    conn.execute(
        sa.insert(audit_log).values(
            at=dt.datetime.now(dt.UTC),
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=detail,
        )
    )
