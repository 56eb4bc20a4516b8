"""kept upload originals without national ids; when an original was deleted

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Until now the original file of every accepted upload was kept as it was sent, national ids included. Each kept
original is rewritten as uploads now keep theirs (data/redaction.py: the national id column's cells and any valid
national id anywhere in the file replaced by its keyed hash), with the id hash key ``data.db.migrate`` hands over;
then the database is compacted (SQLite: VACUUM, with secure_delete on; PostgreSQL: VACUUM FULL uploads), so that no
copy of the old bytes stays behind. ``original_deleted_at``: when the retention (JITASA_UPLOAD_RETENTION_DAYS)
deleted the original; the upload's record stays.
"""

import sqlalchemy as sa
from alembic import context, op

from data.redaction import redact_file

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_UPLOADS = sa.table("uploads", sa.column("id", sa.Integer), sa.column("content", sa.LargeBinary))


def upgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("original_deleted_at", sa.DateTime(timezone=True), nullable=True))
    conn = op.get_bind()
    kept = [row.id for row in conn.execute(sa.select(_UPLOADS.c.id).where(_UPLOADS.c.content.is_not(None)))]
    if not kept:
        return
    key = context.config.attributes.get("id_hash_key")
    if not key:
        raise RuntimeError("migration 0011 rewrites kept upload originals: data.db.migrate needs the id hash key")
    for upload_id in kept:
        content = bytes(conn.execute(sa.select(_UPLOADS.c.content).where(_UPLOADS.c.id == upload_id)).scalar_one())
        redacted = redact_file(content, key.encode())
        if redacted != content:
            conn.execute(sa.update(_UPLOADS).where(_UPLOADS.c.id == upload_id).values(content=redacted))
    context.config.attributes["vacuum"] = "uploads"


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("original_deleted_at")
