"""practice accounts: the registry of who signs in to a practice space

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-05

A practice account lives in its practice space's own database (data/practice.py); the real database keeps only this
registry, so that the sign-in page knows which space a name belongs to, until when, and who made it. No password is
here (the practice database holds its argon2 hash, as for any account).
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("space", sa.String(length=6), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_practice_accounts_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_practice_accounts_username")),
    )
    op.create_index(op.f("ix_practice_accounts_space"), "practice_accounts", ["space"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_practice_accounts_space"), table_name="practice_accounts")
    op.drop_table("practice_accounts")
