"""volunteer self-registration (approval, contact details) and the district coordinator registry

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

The users table is changed with plain ALTER TABLE ADD COLUMN on both databases, never by SQLite's batch mode: batch
mode copies and drops ``users``, and with foreign keys on, dropping it would cascade to every API token.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("approval", sa.String(length=16), server_default="approved", nullable=False))
    op.add_column("users", sa.Column("phone", sa.String(length=50), nullable=True))
    op.add_column("users", sa.Column("email", sa.String(length=200), nullable=True))
    op.add_column("users", sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
    # a column with its foreign key in one statement: valid on SQLite and PostgreSQL alike (SQLite would keep an
    # ON DELETE action here but cannot report it back, so the schema declares none)
    op.execute(
        "ALTER TABLE users ADD COLUMN approved_by INTEGER CONSTRAINT fk_users_approved_by_users REFERENCES users (id)"
    )
    op.create_table(
        "district_coordinators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district", sa.String(length=4), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=True),
        sa.Column("phone", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_district_coordinators_updated_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_coordinators")),
    )
    op.create_index(op.f("ix_district_coordinators_district"), "district_coordinators", ["district"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_district_coordinators_district"), table_name="district_coordinators")
    op.drop_table("district_coordinators")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_users_approved_by_users", "users", type_="foreignkey")
    for column in ("approved_by", "approved_at", "email", "phone", "approval"):
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")  # SQLite 3.35+ drops columns in place
