"""home visits from the survey records, and the coordinator's review of them

Revision ID: 0014
Revises: 0015 (0015 landed first, on 0013; the chain stays one line)
Create Date: 2026-12-05

Issue 18. A survey record that needs a home visit is in the queue of its district; ``home_visits`` holds where it
stands (to plan, planned for a date, vaccinated, refused, not at home, moved), who is assigned and how many tries;
each change is also a row of ``followup_events`` (kind ``home_visit``, migration 0013). A visit that vaccinates
sets ``survey_records.vaccinated_on``; the coordinator's review sets ``review_status`` (pending, confirmed,
corrected, rejected) and a correction keeps the values it replaced in ``survey_corrections`` (``version`` counts
them).

The survey tallies (migration 0006) then count a record only while it is not rejected, and as unvaccinated only
while nobody vaccinated the person since: the triggers are written again with those conditions and the tallies
recounted, so the staff's exact figures change in the same transaction as the visit or the review. The index of the
unvaccinated records carries the two new columns, so "found unvaccinated up to a date" is still read from it alone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0015"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)

# what a record adds to its district's tallies, as SQL over a row alias (``r``: NEW, OLD, or a transition table)
COUNTED = "{r}.review_status <> 'rejected'"
UNVACCINATED = "{r}.doses_received = 0 AND {r}.vaccinated_on IS NULL AND {r}.review_status <> 'rejected'"

_TALLY = """
    INSERT INTO survey_tallies (district, province, target_group, unvaccinated, synthetic_unvaccinated, surveyed)
    SELECT district, province, target_group, {sign} sum(CASE WHEN {unvaccinated} THEN 1 ELSE 0 END),
        {sign} sum(CASE WHEN {unvaccinated} AND synthetic THEN 1 ELSE 0 END),
        {sign} sum(CASE WHEN {counted} THEN 1 ELSE 0 END)
    FROM {rows} GROUP BY district, province, target_group
    ON CONFLICT (district, target_group) DO UPDATE SET
        unvaccinated = survey_tallies.unvaccinated + excluded.unvaccinated,
        synthetic_unvaccinated = survey_tallies.synthetic_unvaccinated + excluded.synthetic_unvaccinated,
        surveyed = survey_tallies.surveyed + excluded.surveyed;
"""


def _tally(sign: str, rows: str) -> str:
    columns = {"r": rows}
    return _TALLY.format(
        sign=sign, rows=rows, unvaccinated=UNVACCINATED.format(**columns), counted=COUNTED.format(**columns)
    )


def _postgres() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION survey_tallies_add() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_tally("", "new_rows")} RETURN NULL; END $$""",
        f"""CREATE OR REPLACE FUNCTION survey_tallies_remove() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_tally("-", "old_rows")} RETURN NULL; END $$""",
        f"""CREATE OR REPLACE FUNCTION survey_tallies_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_tally("-", "old_rows")} {_tally("", "new_rows")} RETURN NULL; END $$""",
    ]


_ROW = """
    INSERT INTO survey_tallies (district, province, target_group, unvaccinated, synthetic_unvaccinated, surveyed)
    VALUES ({r}.district, {r}.province, {r}.target_group, {sign}({unvaccinated}),
        {sign}({unvaccinated} AND {r}.synthetic), {sign}({counted}))
    ON CONFLICT (district, target_group) DO UPDATE SET
        unvaccinated = unvaccinated + excluded.unvaccinated,
        synthetic_unvaccinated = synthetic_unvaccinated + excluded.synthetic_unvaccinated,
        surveyed = surveyed + excluded.surveyed;
"""


def _row(r: str, sign: str) -> str:
    return _ROW.format(r=r, sign=sign, unvaccinated=UNVACCINATED.format(r=r), counted=COUNTED.format(r=r))


SQLITE = [
    f"CREATE TRIGGER survey_tallies_insert AFTER INSERT ON survey_records BEGIN {_row('NEW', '')} END",
    f"CREATE TRIGGER survey_tallies_delete AFTER DELETE ON survey_records BEGIN {_row('OLD', '-')} END",
    f"""CREATE TRIGGER survey_tallies_update AFTER UPDATE OF district, province, target_group, doses_received,
    synthetic, review_status, vaccinated_on ON survey_records BEGIN {_row("OLD", "-")} {_row("NEW", "")} END""",
]

RECOUNT = [
    "DELETE FROM survey_tallies",
    "INSERT INTO survey_tallies (district, province, target_group, unvaccinated, synthetic_unvaccinated, surveyed) "
    f"SELECT district, province, target_group, sum(CASE WHEN {UNVACCINATED.format(r='s')} THEN 1 ELSE 0 END), "
    f"sum(CASE WHEN {UNVACCINATED.format(r='s')} AND synthetic THEN 1 ELSE 0 END), "
    f"sum(CASE WHEN {COUNTED.format(r='s')} THEN 1 ELSE 0 END) "
    "FROM survey_records AS s GROUP BY district, province, target_group",
]

UNVACCINATED_INDEX = ["doses_received", "survey_date", "district", "target_group"]


def upgrade() -> None:
    op.add_column("survey_records", sa.Column("vaccinated_on", sa.Date()))
    op.add_column("survey_records", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_index("ix_survey_records_home_visit", "survey_records", ["district", "needs_home_visit", "target_group"])
    op.drop_index("ix_survey_records_unvaccinated", table_name="survey_records")
    op.create_index(
        "ix_survey_records_unvaccinated",
        "survey_records",
        [*UNVACCINATED_INDEX, "vaccinated_on", "review_status"],
    )
    op.create_table(
        "home_visits",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="to_plan"),
        sa.Column("assigned_to", sa.Integer()),
        sa.Column("planned_on", sa.Date()),
        sa.Column("tries", sa.SmallInteger(), nullable=False, server_default="0"),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("updated_by", sa.Integer()),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey_records.id"], name="fk_home_visits_survey_id_survey_records", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["assigned_to"], ["users.id"], name="fk_home_visits_assigned_to_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name="fk_home_visits_updated_by_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("survey_id", name="pk_home_visits"),
    )
    op.create_index("ix_home_visits_round", "home_visits", ["assigned_to", "planned_on"])
    op.create_table(
        "survey_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("by_user", sa.Integer()),
        sa.Column("note", sa.Text()),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey_records.id"],
            name="fk_survey_corrections_survey_id_survey_records",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["by_user"], ["users.id"], name="fk_survey_corrections_by_user_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_survey_corrections"),
        sa.UniqueConstraint("survey_id", "version", name="uq_survey_corrections_survey_version"),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if not postgres:  # SQLite's triggers name their columns: written again (PostgreSQL's are statement-level)
        for trigger in ("survey_tallies_insert", "survey_tallies_delete", "survey_tallies_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in _postgres() if postgres else SQLITE:
        op.execute(statement)
    for statement in RECOUNT:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if not postgres:
        for trigger in ("survey_tallies_insert", "survey_tallies_delete", "survey_tallies_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    before = _migration_0006()
    for statement in before.POSTGRES[:3] if postgres else before.SQLITE:
        op.execute(statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.drop_table("survey_corrections")
    op.drop_index("ix_home_visits_round", table_name="home_visits")
    op.drop_table("home_visits")
    op.drop_index("ix_survey_records_unvaccinated", table_name="survey_records")
    op.create_index("ix_survey_records_unvaccinated", "survey_records", UNVACCINATED_INDEX)
    op.drop_index("ix_survey_records_home_visit", table_name="survey_records")
    with op.batch_alter_table("survey_records") as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("vaccinated_on")


def _migration_0006():
    """The trigger statements of migration 0006, which the downgrade puts back."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("migration_0006", Path(__file__).with_name("0006_national_scale.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
