"""What the running app holds: settings, the database engine, boundaries, the area registry, web geometry.

Built once at start by ``build_state``; lives on the app (``server.extensions["jitasa"]``), never in a module global.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from data.db import check_connection, make_engine, migrate
from data.finder import FacilityIndexCache
from data.finder_store import FinderStore
from data.jobs import JOBS_DIR, JobStore
from data.metrics import MetricCache
from data.originals import purge_originals
from data.population import ensure_population
from data.private_files import id_hash_key, private_dir, secret_key
from data.sources import PROVINCE_MAPPING_FILE
from data.stats import read_regions
from geo.boundaries import Boundaries, load_boundaries
from geo.locate import AreaLocator
from geo.registry import AreaRegistry, read_province_alt_names
from geo.webgeom import WebGeometry, web_geometry
from settings import Settings

log = logging.getLogger(__name__)


@dataclass
class AppState:
    settings: Settings
    engine: sa.Engine
    boundaries: Boundaries
    registry: AreaRegistry
    locator: AreaLocator
    web: WebGeometry
    secret_key: str  # the session secret (data/private_files.py)
    id_hash_key: str  # the key of the national ids' keyed hash, apart from the session secret
    facility_index: FacilityIndexCache = field(default_factory=FacilityIndexCache)
    metrics: MetricCache = field(default_factory=MetricCache)
    regions: dict[str, str] = field(default_factory=dict)  # province code → region (data/stats.py)
    practice: str = ""  # the code of the practice space this state is (dashboard/practice.py); "" for the real one


def build_state(settings: Settings) -> AppState:
    """Load everything the app needs; raises BoundaryFilesError, DatabaseError with one clear line."""
    started = time.perf_counter()
    boundaries = load_boundaries(settings.boundaries_dir, settings.cache_dir)
    engine, secret, hash_key = open_database(settings)
    purge_originals(engine, settings.upload_retention_days)
    JobStore(settings.data_dir / JOBS_DIR).clear_at_start()  # what jobs that died with their process left
    ensure_population(engine, settings.source_data_dir)
    alt_names = _province_alt_names(settings.source_data_dir / PROVINCE_MAPPING_FILE)
    state = AppState(
        settings=settings,
        engine=engine,
        boundaries=boundaries,
        registry=AreaRegistry.from_boundaries(boundaries, alt_names),
        locator=AreaLocator.from_subdistricts(boundaries.subdistricts, settings.boundary_tolerance_m),
        web=web_geometry(boundaries, settings.cache_dir),
        secret_key=secret,
        id_hash_key=hash_key,
        # the finder's index: copies shared by every process on this machine (data/finder_store.py), made by the
        # builder process the servers start (data/finder_builder.py)
        facility_index=FacilityIndexCache(store=FinderStore.for_database(settings.data_dir, engine.url)),
    )
    state.regions = read_regions(settings.source_data_dir, state.registry)
    log.info("state ready in %.1f s", time.perf_counter() - started)
    return state


def open_database(settings: Settings) -> tuple[sa.Engine, str, str]:
    """(engine, session secret, id hash key): the data directory made private (0700), the database reached and
    migrated (the id hash key first: migration 0011 hashes the national ids of kept upload originals)."""
    private_dir(settings.data_dir)
    engine = make_engine(settings.effective_database_url)
    check_connection(engine)
    secret = secret_key(settings.secret_key, settings.data_dir)
    hash_key = id_hash_key(settings.id_hash_key, settings.data_dir, engine, secret)
    migrate(engine, id_hash_key=hash_key)
    return engine, secret, hash_key


def _province_alt_names(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        log.warning("province alternative names not found at %s; matching uses official names only", path)
        return {}
    return read_province_alt_names(path)


def current() -> AppState:
    """The state of this request, for a callback or a route: the one way the wiring layer reaches it. A practice
    account's session is in its practice space's state (its own database, caches and versions: dashboard/practice.py),
    everyone else in the running app's.

    A test calls a callback as a plain function inside ``app.server.test_request_context()``.
    """
    base = current_app.extensions["jitasa"]
    if not has_request_context():
        return base
    if "jitasa_state" not in g:
        from dashboard.practice import state_for_request

        g.jitasa_state = state_for_request(base)
    return g.jitasa_state


def real() -> AppState:
    """The real space's state, whichever space this request is in: only for the practice registry (who may sign in
    where) and the trainer's own actions, never to answer a practice account."""
    return current_app.extensions["jitasa"]
