"""App, database and server fixtures (imported by conftest.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import queue
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from dashboard.renderer import CHROMIUM, CHROMIUM_ARGS  # one launch for the app, the tests and the benches
from data import versions

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
POSTGRES_URL = os.environ.get("JITASA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def make_settings(data_dir: Path, database_url: str = "", **extra):
    from settings import load_settings

    return load_settings(environ={}, data_dir=data_dir, database_url=database_url, **extra)


@pytest.fixture(scope="session")
def postgres_available() -> str:
    """The PostgreSQL server URL; skips when unreachable, fails instead when JITASA_REQUIRE_POSTGRES=1 (CI)."""
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any connection failure
        if os.environ.get("JITASA_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but unreachable at {POSTGRES_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_URL}")
    return POSTGRES_URL


def _fresh_postgres_schema(base_url: str):
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    url = f"{base_url}?options=-csearch_path%3D{name}"
    return name, url, admin


def database_for(request, data_dir: Path) -> tuple[str, tuple | None]:
    """(URL, what ``_drop_schema`` takes afterwards or None) of a fresh database of the kind ``request.param`` names:
    SQLite as ``jitasa.db`` in ``data_dir`` (where `python app.py` with JITASA_DATA_DIR finds it), or a new
    PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{data_dir / 'jitasa.db'}", None
    name, url, admin = _fresh_postgres_schema(request.getfixturevalue("postgres_available"))
    return url, (admin, name)


def create_people(state, people: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Accounts for ``people`` (username: (role, area)), all with one password; returns each one's API token."""
    from data.users import create_token, create_user

    tokens = {}
    with state.engine.begin() as conn:
        for name, (role, area) in people.items():
            create_user(conn, name, "a-long-password", role, area)
            tokens[name] = create_token(conn, name)
    return tokens


def _drop_schema(admin, name: str) -> None:
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    base = admin.url.render_as_string(hide_password=False)
    admin.dispose()
    # the versions' signal the app processes on this schema shared (data/versions.py), in /dev/shm
    signal = versions.signal_path_for(sa.engine.make_url(f"{base}?options=-csearch_path%3D{name}"))
    if signal is not None:
        signal.unlink(missing_ok=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A fresh, empty database of each kind: SQLite in a temp file, PostgreSQL in a new schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    base = request.getfixturevalue("postgres_available")
    name, url, admin = _fresh_postgres_schema(base)
    yield url
    _drop_schema(admin, name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def deployed_state(request, tmp_path, base_state):
    """The app's state built as a deployment builds it, on each database: SQLite in ``tmp_path`` (where `python
    app.py` with JITASA_DATA_DIR=tmp_path finds it) or a fresh PostgreSQL schema, each migrated and given the
    population here; the geometry is the session's (``deployed_on``). Yields (database kind, state)."""
    url, cleanup = database_for(request, tmp_path)
    state = deployed_on(base_state, tmp_path, url)
    yield request.param, state
    state.engine.dispose()
    if cleanup:
        _drop_schema(*cleanup)


# -- migrated once, copied per test ------------------------------------------------------------------------------------
# Each session migrates one SQLite file and one PostgreSQL schema; a test gets a copy of its own. SQLite: a copy of the
# file (a millisecond, against a tenth of a second or more for the migrations). PostgreSQL: a new schema, as before,
# into which the statements that the session's migration sent are sent again (what alembic computed, without
# alembic: a ninth of its CPU time). A copy has its own versions' signal (data/versions.py): beside the copied file,
# or in /dev/shm named after the schema's URL.
# Cloning a database (CREATE DATABASE ... TEMPLATE) was measured and is slower here: each DROP DATABASE forces a
# checkpoint of the shared server (10 drops took 55 s on the busy machine), and each clone writes its 7 MB to the WAL.


def _single_file(path: Path) -> Path:
    """``path`` with its write-ahead log folded in, so that copying the one file copies the whole database."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


def copy_sqlite(template: Path, path: Path) -> str:
    """The URL of a copy of the SQLite database ``template`` at ``path``."""
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file at the latest migration, made once per session; copy it, never open it."""
    from data.db import make_engine, migrate

    path = tmp_path_factory.mktemp("migrated") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return _single_file(path)


@pytest.fixture(scope="session")
def migrated_postgres(postgres_available) -> list[tuple[str, object]]:
    """The statements (and their parameters) that migrating an empty PostgreSQL schema sent, recorded once per
    session; sent again to a new schema, they give the same tables, indexes, triggers and rows."""
    from data.db import make_engine, migrate

    name, url, admin = _fresh_postgres_schema(postgres_available)
    engine = make_engine(url)
    sent: list[tuple[str, object]] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):
        assert not executemany, "a migration sent executemany: copy it here"
        sent.append((statement, parameters or None))

    migrate(engine)
    engine.dispose()
    _drop_schema(admin, name)
    return sent


def _replay(url: str, statements: list[tuple[str, object]]) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            cursor = conn.connection.cursor()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
    finally:
        engine.dispose()


class MigratedSchemas:
    """PostgreSQL schemas at the latest migration, made a few ahead by a thread while the tests run, and dropped by it
    after use: the server does that work in its own processes, so on two cores it overlaps the tests' Python instead
    of adding a tenth of a second to each test. Should the thread fail, a schema is made on the spot."""

    AHEAD = 3

    def __init__(self, base_url: str, statements: list[tuple[str, object]]):
        self.base_url, self.statements = base_url, statements
        self.ready: queue.Queue = queue.Queue(self.AHEAD)
        self.used: queue.Queue = queue.Queue()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._work, name="migrated-schemas", daemon=True)
        self.thread.start()

    def take(self) -> tuple[str, str]:
        """(schema name, URL) of a migrated schema of the caller's own."""
        try:
            return self.ready.get(timeout=0 if not self.thread.is_alive() else 30)
        except queue.Empty:
            return self._make()

    def give_back(self, name: str) -> None:
        self.used.put(name)

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=60)
        while not self.ready.empty():
            self.used.put(self.ready.get_nowait()[0])
        self._drop_used()

    def _make(self) -> tuple[str, str]:
        name, url, admin = _fresh_postgres_schema(self.base_url)
        admin.dispose()
        _replay(url, self.statements)
        return name, url

    def _drop_used(self) -> None:
        while not self.used.empty():
            name = self.used.get_nowait()
            _drop_schema(sa.create_engine(self.base_url, poolclass=sa.pool.NullPool), name)

    def _work(self) -> None:
        while not self.stopping.is_set():
            self._drop_used()
            if self.ready.full():
                time.sleep(0.02)
                continue
            made = self._make()
            while not self.stopping.is_set():
                try:
                    self.ready.put(made, timeout=0.1)
                    break
                except queue.Full:
                    self._drop_used()
            else:
                self.used.put(made[0])


@pytest.fixture(scope="session")
def migrated_schemas(postgres_available, migrated_postgres):
    pool = MigratedSchemas(postgres_available, migrated_postgres)
    yield pool
    pool.close()


@contextlib.contextmanager
def migrated_database(request, folder: Path):
    """The URL of a fresh database at the latest migration, of the kind ``request.param`` names: a copy of the
    session's migrated SQLite file as ``folder``/test.db, or a new PostgreSQL schema migrated as the session's was
    (``MigratedSchemas``)."""
    if request.param == "sqlite":
        yield copy_sqlite(request.getfixturevalue("migrated_sqlite"), folder / "test.db")
        return
    schemas = request.getfixturevalue("migrated_schemas")
    name, url = schemas.take()
    try:
        yield url
    finally:
        schemas.give_back(name)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def module_engine(request, tmp_path_factory):
    """Like ``engine``, shared by the tests of one module (for expensive set-ups such as the demo data)."""
    from data.db import make_engine

    with migrated_database(request, tmp_path_factory.mktemp("db")) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """A fresh database of each kind at the latest migration, for one test."""
    from data.db import make_engine

    with migrated_database(request, tmp_path) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(scope="session")
def import_state_factory(real_registry, real_boundaries):
    """A state-like object (engine, registry, locator, id_hash_key) for the data layer on any engine."""
    from types import SimpleNamespace

    from geo.locate import AreaLocator

    locator, key = AreaLocator.from_subdistricts(real_boundaries.subdistricts), "test-key"
    return lambda engine: SimpleNamespace(engine=engine, registry=real_registry, locator=locator, id_hash_key=key)


# -- app states: the geometry prepared once, each database a copy ------------------------------------------------------
# ``build_state`` reads the boundaries, builds the registry, the locator and the web geometry (several seconds) and
# prepares the database (migrations, the population). The session does that once (``base_state``); an app state for a
# test shares those parts and gets a copy of a prepared SQLite database and caches of its own (``state_on``).
SHARED_PARTS = {"settings", "engine", "boundaries", "registry", "locator", "web", "secret_key", "regions"}
SHARED_PARTS |= {"id_hash_key", "practice"}
PER_APP_CACHES = {"facility_index", "metrics"}  # keyed by data versions, which two copies may share: never shared


@pytest.fixture(scope="session")
def base_state(tmp_path_factory, geo_cache_dir):
    """The app state as ``build_state`` makes it on an empty database; its database is ``deployed_template``."""
    from dashboard.state import build_state

    data_dir = tmp_path_factory.mktemp("base-data")
    (data_dir / "cache").symlink_to(geo_cache_dir)
    state = build_state(make_settings(data_dir))
    state.engine.dispose()
    known = {f.name for f in dataclasses.fields(state)}
    assert known == SHARED_PARTS | PER_APP_CACHES, (
        f"AppState's fields changed ({sorted(known ^ (SHARED_PARTS | PER_APP_CACHES))}): "
        "say in tests/fixtures_app.py whether an app state on a copy shares each one"
    )
    return state


@pytest.fixture(scope="session")
def deployed_template(base_state) -> Path:
    """A SQLite file as ``build_state`` leaves a new database (migrated, the population loaded); copy it."""
    path = base_state.settings.data_dir / "deployed-template.db"
    backup_sqlite(Path(base_state.engine.url.database), path)
    return path


def backup_sqlite(source: Path, path: Path) -> Path:
    """A consistent one-file copy of the SQLite database ``source`` at ``path`` (its write-ahead log folded in)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(path)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        src.close()
        dst.close()
    return path


def state_on(base, data_dir: Path, template: Path, **settings):
    """An app state like ``base`` (its geometry, registry, locator and secret key) with its own copy of the SQLite
    database ``template`` in ``data_dir`` (as ``jitasa.db``, where `python app.py` finds it), its own settings
    (``make_settings(data_dir, **settings)``) and its own caches."""
    from data.db import make_engine

    own = _own_settings(base, data_dir, **settings)
    shutil.copyfile(template, data_dir / "jitasa.db")
    return _state_like(base, own, make_engine(own.effective_database_url))


def deployed_on(base, data_dir: Path, database_url: str):
    """An app state like ``base`` on the empty database ``database_url``, which is prepared here as ``build_state``
    prepares a new one (the migrations, then the population)."""
    from data.db import make_engine, migrate
    from data.population import ensure_population

    own = _own_settings(base, data_dir, database_url=database_url)
    engine = make_engine(own.effective_database_url)
    migrate(engine)
    ensure_population(engine, own.source_data_dir)
    return _state_like(base, own, engine)


def _own_settings(base, data_dir: Path, **settings):
    data_dir.mkdir(parents=True, exist_ok=True)
    if not (data_dir / "cache").exists():  # for a server started on data_dir: the prepared geometry
        (data_dir / "cache").symlink_to(base.settings.cache_dir.resolve())
    for key in ("secret_key", "id_hash_key"):  # the keys the state signs and hashes with, as build_state leaves them
        if not (data_dir / key).exists():
            (data_dir / key).write_text(getattr(base, key))
            (data_dir / key).chmod(0o600)
    return make_settings(data_dir, **settings)


def _state_like(base, settings, engine):
    fresh = {f.name: f.default_factory() for f in dataclasses.fields(base) if f.name in PER_APP_CACHES}
    return dataclasses.replace(base, settings=settings, engine=engine, **fresh)


@contextlib.contextmanager
def app_on(base, data_dir: Path, template: Path, **settings):
    """(state, app, test client) on a copy of ``template``, as ``state_on``; the engine is closed afterwards."""
    from app import create_app

    state = state_on(base, data_dir, template, **settings)
    app = create_app(state.settings, state)
    try:
        yield SimpleNamespace(state=state, app=app, client=app.server.test_client())
    finally:
        state.engine.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, base_state, deployed_template) -> Path:
    """A SQLite file with the demo data loaded, once per session; copy it (``demo_state``, ``own_demo``)."""
    from data.demo import load_demo

    data_dir = tmp_path_factory.mktemp("demo-load")
    state = state_on(base_state, data_dir, deployed_template)
    load_demo(
        state.engine,
        state.settings.source_data_dir,
        state.locator.locate,
        state.registry.frame("subdistrict").reset_index(),
    )
    state.engine.dispose()
    return backup_sqlite(data_dir / "jitasa.db", data_dir / "demo-template.db")


@pytest.fixture(scope="session")
def demo_state(tmp_path_factory, base_state, demo_template):
    """The app state with the demo data loaded (SQLite), shared by the session's tests that only read; a test that
    writes takes ``own_demo``."""
    return state_on(base_state, tmp_path_factory.mktemp("demo-data"), demo_template)


@pytest.fixture
def own_demo(base_state, demo_template, tmp_path):
    """(state, app, client): the demo app on a copy of the demo database of this test's own, for a test that writes."""
    with app_on(base_state, tmp_path / "own-demo", demo_template) as own:
        yield own


@pytest.fixture
def bearer_for(own_demo):
    """bearer_for(role, area) -> an ``Authorization`` header with the API token of a new account of that role and
    area (a new name each call) in ``own_demo``'s database."""

    def make(role: str, area: str) -> dict:
        name = f"{role}_{uuid.uuid4().hex[:8]}"
        return {"Authorization": f"Bearer {create_people(own_demo.state, {name: (role, area)})[name]}"}

    return make


@pytest.fixture(scope="session")
def demo_app(demo_state):
    from app import create_app

    return create_app(demo_state.settings, demo_state)


@pytest.fixture
def client(demo_app):
    return demo_app.server.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, *args: str):
    """Start `python app.py ARGS` on a free port; wait until it answers. Returns (url, process, log_path)."""
    port = free_port()
    env = {**os.environ, "JITASA_DATA_DIR": str(data_dir), "JITASA_PORT": str(port)}
    env.pop("JITASA_DATABASE_URL", None)
    return _launch([sys.executable, "app.py", *args], env, data_dir / "server.log", port)


def start_gunicorn(data_dir: Path, database_url: str, workers: int = 2):
    """Start the README's production command (`gunicorn -c gunicorn.conf.py app:server`) on a free port; wait until
    it answers. Returns (url, process, log_path); the access log (with each worker's pid) goes to the log."""
    port = free_port()
    env = {**os.environ, "JITASA_DATA_DIR": str(data_dir), "JITASA_DATABASE_URL": database_url}
    env["JITASA_PORT"] = str(port)
    env.pop("JITASA_REDIS_URL", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-c", "gunicorn.conf.py", "--workers", str(workers), "app:server"]
    return _launch(command, env, data_dir / "gunicorn.log", port)


# A test that starts the real server is a system test (see the markers in conftest.py): the ones that use these
# fixtures are marked automatically; SYSTEM_TESTS holds the node ids of every test marked `system` in this session.
SYSTEM_FIXTURES = frozenset({"live_server", "empty_live_server", "staff_server", "browser"})
SYSTEM_TESTS: set[str] = set()


def _require_system_marker(what: str) -> None:
    """Fail a test that starts ``what`` without the `system` marker, which would slow the developer loop unseen."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    if current and current not in SYSTEM_TESTS:
        pytest.fail(
            f"{current} starts {what}: mark it @pytest.mark.system (or its file: pytestmark = pytest.mark.system)",
            pytrace=False,
        )


def _launch(command: list[str], env: dict, log_path: Path, port: int, timeout_s: float = 180):
    _require_system_marker(" ".join(Path(c).name for c in command[:3]))
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{command[1]} exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/api/v1/areas?level=province", timeout=2) as response:
                if response.status == 200:
                    return url, process, log_path
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{command[1]} did not answer within {timeout_s:.0f} s:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.5)


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real server started with the README's command (`python app.py --demo`) on a free port."""
    data_dir = tmp_path_factory.mktemp("live-data")
    url, process, log_path = start_server(data_dir, "--demo")
    yield {"url": url, "log": log_path, "process": process, "data_dir": data_dir}
    stop_server(process)


@pytest.fixture(scope="module")
def empty_live_server(tmp_path_factory, geo_cache_dir):
    """The real server with an empty database (no demo data), sharing the prepared geometry cache."""
    data_dir = tmp_path_factory.mktemp("live-empty")
    (data_dir / "cache").symlink_to(geo_cache_dir)
    url, process, log_path = start_server(data_dir)
    yield {"url": url, "log": log_path, "process": process, "data_dir": data_dir}
    stop_server(process)


# -- the browser -----------------------------------------------------------------------------------------------------
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (which cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


DESKTOP = {"width": 1366, "height": 900}


def watched_page(context):
    """A new page of ``context`` that keeps the URL of every request it makes (``page.requests``, for ``outside``) and
    every uncaught script error (``page.errors``)."""
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


@pytest.fixture
def new_page(browser):
    """new_page(viewport=DESKTOP, **options) -> a ``watched_page`` in a browser context of its own (its own cookies:
    one signed-in person each), in Thai unless ``locale`` says otherwise (``locale=None``: the browser's own);
    ``options`` are Playwright's context options (is_mobile, geolocation, ...). Every context is closed afterwards."""
    contexts = []

    def make(viewport=DESKTOP, locale: str | None = "th-TH", **options):
        if locale:
            options["locale"] = locale
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        return watched_page(context)

    yield make
    for context in contexts:
        context.close()


def outside(requests: list[str]) -> list[str]:
    """The requests that left the machine."""
    from urllib.parse import urlparse

    return [
        u
        for u in requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname not in LOCAL_HOSTS
    ]


# -- people ----------------------------------------------------------------------------------------------------------
PASSWORD = "test-password-1"
# one person of each role, in Chiang Mai (Mueang Chiang Mai district, Si Phum subdistrict) and for the whole country
STAFF = {
    "volunteer": ("vol_cm", "500101"),
    "coordinator": ("coord_cm", "5001"),
    "province_admin": ("padmin_cm", "50"),
    "national_admin": ("admin_th", "TH"),
}


def _server_engine(data_dir: Path) -> sa.Engine:
    """The database of a server started on ``data_dir`` (SQLite beside it, as `python app.py` finds it)."""
    from data.db import make_engine

    return make_engine(make_settings(data_dir).effective_database_url)


def add_user(data_dir: Path, username: str, role: str, area: str, password: str = PASSWORD) -> None:
    """Create a user in a server's database, in this process (what `python app.py create-user` stores;
    tests/test_cli.py tests the command itself)."""
    from data.users import create_user

    engine = _server_engine(data_dir)
    try:
        with engine.begin() as conn:
            create_user(conn, username, password, role, area)
    finally:
        engine.dispose()


def api_token(data_dir: Path, username: str) -> str:
    """A new API token for ``username`` in a server's database, in this process (as `python app.py create-token`)."""
    from data.users import create_token

    engine = _server_engine(data_dir)
    try:
        with engine.begin() as conn:
            return create_token(conn, username)
    finally:
        engine.dispose()


@pytest.fixture
def quick_hashes(monkeypatch):
    """Cheap argon2 parameters for tests about who may do what, which sign in with tokens or where the hash's cost
    does not matter: a user costs microseconds instead of a tenth of a second or more (tests/test_auth.py and
    tests/test_data_accounts.py keep the real ones where it matters)."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("data.users._hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture(scope="session")
def staff_server(live_server):
    """The demo server with one user of each role (STAFF), password PASSWORD."""
    for role, (username, area) in STAFF.items():
        add_user(live_server["data_dir"], username, role, area)
    return live_server


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page as a person would; leaves the page on the start page."""
    page.goto(base_url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")
