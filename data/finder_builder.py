"""The finder's builder: one process per machine that keeps the finder's index up to date, off the request path.

    python -m data.finder_builder            (the settings from the environment: JITASA_DATA_DIR, JITASA_DATABASE_URL)

It watches the facilities' version (the machine-wide signal of data/versions.py, and the database at least every
``versions.RECHECK_S``), and at each change writes a new copy of the index into the store (data/finder_store.py):
the facilities that changed patched in, or, after many changes at once or ``FULL_BUILD_EVERY_S`` after the last whole
read, every row read again. The app's processes map each copy when it is complete; until then they answer from the
one before, reading again the facilities they show (data/finder.py ``_checked``). Several edits while a copy is made
become one copy. A second builder on the same store exits at once (``builder.lock``).

gunicorn starts it in the arbiter (gunicorn.conf.py ``when_ready``) and stops it on exit; ``python app.py`` starts it
as a child. When it is not running (stopped, crashed), the app's processes bring the index up to date themselves,
as before the builder: nothing is lost but the speed of the answers during a write.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from data import versions
from data.finder import FacilityIndex, open_stored, refresh_store
from data.finder_store import FinderStore

log = logging.getLogger(__name__)
POLL_S = 0.02  # how often the shared signal is looked at (a read of 8 bytes of shared memory)
PARENT = "JITASA_FINDER_BUILDER_PARENT"  # the process that started the builder: it stops when that one is gone


def run(engine: sa.Engine, store: FinderStore, stop: threading.Event, parent: int | None = None) -> int:
    """Keep ``store`` up to date with ``engine``'s facilities until ``stop`` is set (or the process ``parent`` is
    gone: a server killed outright leaves no builder behind). Returns 0, or 1 when another builder holds the
    store."""
    with store.builder_lock() as held:
        if not held:
            log.info("another finder builder runs for %s", store.root)
            return 1
        signal_file = versions.SharedSignal.open(versions.signal_path_for(engine.url))
        current = _opened(store)
        seen, checked = None, 0.0
        while not stop.is_set() and (parent is None or os.getppid() == parent):
            now = signal_file.read()
            if now is None or now != seen or time.monotonic() - checked > versions.RECHECK_S:
                seen, checked = now, time.monotonic()
                current = _step(engine, store, current)
            stop.wait(POLL_S)
    return 0


def _opened(store: FinderStore) -> FacilityIndex | None:
    name = store.current_name()
    if name is None:
        return None
    try:
        return open_stored(store, name)
    except (FileNotFoundError, ValueError, KeyError):
        log.warning("the finder's stored copy %s could not be read: building anew", name)
        return None


def _step(engine: sa.Engine, store: FinderStore, current: FacilityIndex | None) -> FacilityIndex | None:
    """A new copy when the facilities changed; a failure (the database away) is logged and tried again later."""
    try:
        with engine.connect() as conn:
            if current is not None and current.fingerprint == versions.current(conn, "facilities"):
                return current
            started = time.perf_counter()
            made = refresh_store(store, conn, current)
        log.debug("finder index %s written in %.2f s", made.name, time.perf_counter() - started)
        return made
    except Exception as exc:  # the database away, a disk full: the previous copy goes on answering
        log.warning("finder index not brought up to date (%s): trying again", type(exc).__name__)
        time.sleep(1)
        return current


# -- the process, as the servers start and stop it ------------------------------------------------------------------
def start(data_dir: Path, database_url: str) -> subprocess.Popen | None:
    """The builder started as a child process for this data folder and database (None for a database in memory:
    one process, nothing to share). Its settings go through the environment, never the command line."""
    if FinderStore.for_database(data_dir, sa.make_url(database_url)) is None:
        return None
    env = {**os.environ, "JITASA_DATA_DIR": str(data_dir), "JITASA_DATABASE_URL": database_url}
    env[PARENT] = str(os.getpid())
    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "data.finder_builder"]
    return subprocess.Popen(command, cwd=root, env=env, close_fds=True, preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    """In the child, before it runs the builder: the kernel sends it SIGTERM when the server that started it ends,
    however it ends (killed outright too), even while the builder is still starting."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the builder's own check of its parent remains
        pass


def stop(process: subprocess.Popen | None, timeout_s: float = 10) -> None:
    """Stop the builder started by ``start`` (SIGTERM, then SIGKILL), by its own process id."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_first_copy(store: FinderStore, process: subprocess.Popen | None, timeout_s: float) -> bool:
    """Wait until the store has a copy (of any facilities' version: an older one answers, checked, while the next is
    made; of this app's format)."""
    deadline = time.monotonic() + timeout_s
    while not store.has_current():
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            return False
        time.sleep(0.1)
    return True


def main() -> int:
    from data.db import make_engine
    from settings import load_settings

    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    store = FinderStore.for_database(settings.data_dir, sa.make_url(settings.effective_database_url))
    if store is None:
        return 0
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    os.nice(5)  # behind the app's workers when the cores are busy: they answer from the copy they hold meanwhile
    engine = make_engine(settings.effective_database_url)
    try:
        parent = os.environ.get(PARENT)
        return run(engine, store, stopping, int(parent) if parent and parent.isascii() and parent.isdigit() else None)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
