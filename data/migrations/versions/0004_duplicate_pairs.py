"""the review queue of likely duplicate facilities

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duplicate_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_a", sa.Integer(), nullable=False),
        sa.Column("facility_b", sa.Integer(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("kept", sa.Integer(), nullable=True),
        sa.CheckConstraint("facility_a < facility_b", name=op.f("ck_duplicate_pairs_ordered")),
        sa.ForeignKeyConstraint(
            ["facility_a"], ["facilities.id"], name=op.f("fk_duplicate_pairs_facility_a_facilities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["facility_b"], ["facilities.id"], name=op.f("fk_duplicate_pairs_facility_b_facilities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["kept"], ["facilities.id"], name=op.f("fk_duplicate_pairs_kept_facilities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"], ["uploads.id"], name=op.f("fk_duplicate_pairs_upload_id_uploads"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_duplicate_pairs_decided_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_pairs")),
        sa.UniqueConstraint("facility_a", "facility_b", name="uq_duplicate_pairs_facilities"),
    )
    with op.batch_alter_table("duplicate_pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duplicate_pairs_facility_b"), ["facility_b"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("duplicate_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duplicate_pairs_facility_b"))
    op.drop_table("duplicate_pairs")
