"""The database: engine for SQLite (default, embedded) or PostgreSQL, and migrations applied at start."""

from __future__ import annotations

import contextlib
import logging
import traceback
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from data import versions
from data.private_files import private_file

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 30_000  # a SQLite writer waits this long for the write lock, then "database is locked"


class DatabaseError(RuntimeError):
    """The database cannot be used; the message names which one and why (never a password)."""


def safe_url(url: str) -> str:
    """The URL with any password hidden, fit for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL SQLAlchemy cannot even parse
        return url.split("@")[-1]


def make_engine(url: str, pool_size: int = 5, max_overflow: int = 10) -> sa.Engine:
    """An engine for ``sqlite:///file`` (WAL, foreign keys on) or ``postgresql+psycopg://...``; the pool's sizes
    are PostgreSQL's (a practice space's engine keeps fewer connections than the real one: dashboard/practice.py)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise DatabaseError(f"JITASA_DATABASE_URL is not a database URL: {safe_url(url)}") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed)
    elif parsed.get_backend_name() == "postgresql":
        # a database that does not answer is a 503 in seconds, not a request hanging (see is_unavailable)
        engine = sa.create_engine(
            parsed,
            hide_parameters=True,  # an error's message never carries the values sent (survey fields, names)
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=10,
            connect_args={"connect_timeout": 5},
        )
    else:
        raise DatabaseError(
            f"unsupported database {parsed.drivername!r} in JITASA_DATABASE_URL: use sqlite:/// or postgresql+psycopg://"
        )
    versions.track_writes(engine, versions.signal_path_for(parsed))
    return engine


def _sqlite_engine(parsed) -> sa.Engine:
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        private_file(Path(parsed.database))  # 0600 before SQLite opens it: its -wal and -shm files follow
    engine = sa.create_engine(
        parsed, hide_parameters=True, connect_args={"timeout": 30, "check_same_thread": False}
    )  # hide_parameters: an error's message never carries the values sent (survey fields, names)

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # a deleted row's bytes are overwritten, not left in free pages
        cursor.execute("PRAGMA synchronous=NORMAL")
        # temporary tables (data.bulk stages rows in one) and statement journals in memory: personal data never goes
        # to a temporary file
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    return engine


def check_connection(engine: sa.Engine) -> None:
    """Raise DatabaseError naming the database when it cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(f"cannot reach the database {safe_url(str(engine.url))}: {reason}") from exc


def alembic_config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: sa.Engine, id_hash_key: str | None = None) -> None:
    """Bring the schema to the latest migration (idempotent; safe when several processes start at once).

    ``id_hash_key``: the key of the national ids' hash, for a migration that rewrites what holds them (0011). A
    migration that removed personal data asks for the database to be compacted afterwards (``vacuum``), so that no
    copy of it stays in free pages or the write-ahead log.
    """
    check_connection(engine)
    config = alembic_config(engine)
    config.attributes["id_hash_key"] = id_hash_key
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # one process migrates a schema at a time; the others wait, then find nothing to do
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(current_schema()), 74201)"))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    if config.attributes.get("vacuum"):
        compact(engine, config.attributes["vacuum"])


def compact(engine: sa.Engine, table: str) -> None:
    """Rewrite the database after personal data was removed from ``table``: SQLite, VACUUM (the whole file
    rebuilt) and the write-ahead log emptied; PostgreSQL, VACUUM FULL of the table (its old files dropped)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f'VACUUM FULL "{table}"')


def schema_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.DBAPIError:
            return None


_SQLITE_BUSY = ("database is locked", "unable to open database", "disk i/o error", "database is busy")


def is_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` says the database cannot be used right now (down, unreachable, busy), not that a query is
    wrong: the answer is a 503 "try again shortly", and the pool reconnects by itself once the database is back."""
    if isinstance(exc, sa.exc.TimeoutError | sa.exc.DisconnectionError):
        return True
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        message = str(getattr(exc, "orig", exc)).lower()
        module = type(getattr(exc, "orig", exc)).__module__
        return module.startswith("psycopg") or any(text in message for text in _SQLITE_BUSY)
    return False


# PostgreSQL's SQLSTATEs of a write that lost a race: unique violation, serialization failure, deadlock, lock not
# available (a lock_timeout or NOWAIT)
_PG_CONFLICTS = ("23505", "40001", "40P01", "55P03")


def is_conflict(exc: BaseException) -> bool:
    """True when ``exc`` says another transaction wrote the same rows at the same moment: a unique violation (both
    databases), PostgreSQL's serialization failures and deadlocks. The answer is a 409 (data.errors.Conflict), never
    a crash. SQLite's "database is locked" is ``is_unavailable`` (busy: try again) unless the caller knows better
    (``is_locked``: an import that waited for another)."""
    orig = getattr(exc, "orig", None)
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    if getattr(orig, "sqlstate", None) in _PG_CONFLICTS:
        return True
    return isinstance(exc, sa.exc.IntegrityError) and "UNIQUE constraint failed" in str(orig)


def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked": another connection held the write lock past the busy timeout."""
    orig = getattr(exc, "orig", None)
    return isinstance(exc, sa.exc.OperationalError) and "database is locked" in str(orig).lower()


def is_out_of_range(exc: BaseException) -> bool:
    """True when a value sent to the database does not fit its column or parameter: SQLite's driver refusing an int
    beyond 64 bits (OverflowError), PostgreSQL's "numeric value out of range" (22003) and the like (class 22)."""
    if isinstance(exc, OverflowError):
        return True
    orig = getattr(exc, "orig", None)
    if isinstance(exc, sa.exc.DataError) or isinstance(orig, OverflowError):
        return True
    return isinstance(exc, sa.exc.DBAPIError) and str(getattr(orig, "sqlstate", "") or "").startswith("22")


@contextlib.contextmanager
def sqlite_page_cache(conn: sa.Connection, kib: int):
    """SQLite: a page cache of ``kib`` for this connection while the block runs (a large import or the national
    dataset), so that the indexes it updates stay in memory (SQLite's default is 2 MiB). PostgreSQL: nothing."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


# -- errors in the log ---------------------------------------------------------------------------------------------
class DatabaseErrorsWithoutValues(logging.Filter):
    """A logged database error keeps its traceback, its statement and the database's error class and code, never a
    value: SQLAlchemy's message leaves the parameters out (``hide_parameters``), but PostgreSQL's own message may quote
    one (``DETAIL: Key (username)=(...) already exists``, ``invalid input syntax for type integer: "..."``), so the
    driver's message is replaced by its code and the names of the constraint, table and column involved."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and any(_is_database_error(e) for e in _chain(exc)):
            record.exc_text = "".join(_describe(e) for e in reversed(_chain(exc))).rstrip("\n")
        return True


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return seen


def _is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, sa.exc.StatementError) or type(exc).__module__.split(".")[0] in ("sqlite3", "psycopg")


def _describe(exc: BaseException) -> str:
    """One exception of a chain as Python prints it, its message made free of values when it is a database's."""
    trace = "".join(traceback.format_tb(exc.__traceback__))
    head = f"Traceback (most recent call last):\n{trace}" if trace else ""
    return head + _summary(exc) + "\n"


def _summary(exc: BaseException) -> str:
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if isinstance(exc, sa.exc.StatementError):
        orig = getattr(exc, "orig", None)
        driver = f"({type(orig).__module__}.{type(orig).__qualname__}) {_driver_message(orig)}" if orig else ""
        return f"{name}: {driver} [SQL: {exc.statement}]"
    if _is_database_error(exc):
        return f"{name}: {_driver_message(exc)}"
    return "".join(traceback.format_exception_only(exc)).rstrip("\n")


def _driver_message(exc: BaseException) -> str:
    """SQLite's messages name columns and constraints, never values: its first line. PostgreSQL's may quote a value:
    its SQLSTATE and the names it reports instead."""
    if type(exc).__module__.startswith("sqlite3"):
        return str(exc).splitlines()[0] if str(exc) else ""
    diag = getattr(exc, "diag", None)
    names = {key: getattr(diag, key, None) for key in ("constraint_name", "table_name", "column_name", "datatype_name")}
    parts = [f"SQLSTATE {getattr(exc, 'sqlstate', None) or '-'}"] + [f"{k}={v}" for k, v in names.items() if v]
    return "[" + ", ".join(parts) + "] (message withheld: it may quote a value)"
