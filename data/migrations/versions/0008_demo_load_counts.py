"""the demo's source loads record their counts and are marked as base data

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

The demo loader recorded each source file it read (the MOPH hospitals, the laboratories, the vaccination tables) as
an upload with only ``rows`` in its summary, so the upload history showed "0 / 0 / 0" for loads that created 1,512
facilities and 25,001 coverage facts, and offered to undo them although nothing recorded what to undo. Every row of
such a load was new: ``new`` is its ``rows``; ``base`` marks it as base data, which the history does not undo.
A load is known by what only the demo loader writes: a ``source`` in the summary, no uploader and no file kept.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_UPLOADS = sa.table(
    "uploads",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("content", sa.LargeBinary),
    sa.column("summary", sa.JSON),
)


def upgrade() -> None:
    conn = op.get_bind()
    query = sa.select(_UPLOADS.c.id, _UPLOADS.c.summary).where(
        _UPLOADS.c.user_id.is_(None), _UPLOADS.c.content.is_(None)
    )
    for upload_id, summary in conn.execute(query).all():
        summary = json.loads(summary) if isinstance(summary, str) else dict(summary or {})
        if "source" not in summary or "base" in summary:
            continue
        rows = int(summary.get("rows") or 0)
        summary.update(base="demo", new=rows, updated=0, unchanged=0, problems=0, warnings=0, warning_list=[])
        conn.execute(sa.update(_UPLOADS).where(_UPLOADS.c.id == upload_id).values(summary=summary))


def downgrade() -> None:
    pass  # the counts are true either way; the old code ignores the keys it does not know
