"""The database layer on SQLite and PostgreSQL: migrations, pragmas, clear errors."""

import pytest
import sqlalchemy as sa

from data.db import DatabaseError, make_engine, migrate, safe_url, schema_revision
from data.schema import metadata


def head_revision(engine) -> str:
    from alembic.script import ScriptDirectory

    from data.db import alembic_config

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_migrations_create_every_table_and_are_idempotent(engine):
    migrate(engine)  # a second start finds nothing to do
    assert schema_revision(engine) == head_revision(engine)
    tables = set(sa.inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_the_migrated_schema_is_the_declared_schema(engine):
    """No drift between data/schema.py and the migrations (what autogenerate would add is nothing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


def test_foreign_keys_are_enforced(engine):
    from data.schema import facility_versions

    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as conn:
            conn.execute(
                sa.insert(facility_versions).values(
                    facility_id=999_999, version=1, data={}, change="create", changed_at=sa.func.now()
                )
            )


def test_unknown_scheme_is_refused_with_the_variable_named():
    with pytest.raises(DatabaseError, match="JITASA_DATABASE_URL"):
        make_engine("mysql://root@localhost/x")


def test_unreachable_database_names_it_without_the_password():
    engine = make_engine("postgresql+psycopg://user:s3cret@127.0.0.1:1/nowhere")
    with pytest.raises(DatabaseError, match="cannot reach the database") as info:
        migrate(engine)
    assert "s3cret" not in str(info.value)
    assert "127.0.0.1:1/nowhere" in str(info.value)


def test_safe_url_hides_passwords():
    assert "pw" not in safe_url("postgresql+psycopg://u:pw@h/db")
