"""What the running app holds: settings, the database engine, boundaries, the area registry, web geometry.

Built once at start by ``build_state``; lives on the app (``server.extensions["jitasa"]``), never in a module global.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from data.db import make_engine, migrate
from data.finder import FacilityIndexCache
from data.metrics import MetricCache
from data.population import ensure_population
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
    secret_key: str
    facility_index: FacilityIndexCache = field(default_factory=FacilityIndexCache)
    metrics: MetricCache = field(default_factory=MetricCache)
    regions: dict[str, str] = field(default_factory=dict)  # province code → region (data/stats.py)


def build_state(settings: Settings) -> AppState:
    """Load everything the app needs; raises BoundaryFilesError, DatabaseError with one clear line."""
    started = time.perf_counter()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    boundaries = load_boundaries(settings.boundaries_dir, settings.cache_dir)
    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    ensure_population(engine, settings.source_data_dir)
    alt_names = _province_alt_names(settings.source_data_dir / PROVINCE_MAPPING_FILE)
    state = AppState(
        settings=settings,
        engine=engine,
        boundaries=boundaries,
        registry=AreaRegistry.from_boundaries(boundaries, alt_names),
        locator=AreaLocator.from_subdistricts(boundaries.subdistricts, settings.boundary_tolerance_m),
        web=web_geometry(boundaries, settings.cache_dir),
        secret_key=_secret_key(settings),
    )
    state.regions = read_regions(settings.source_data_dir, state.registry)
    log.info("state ready in %.1f s", time.perf_counter() - started)
    return state


def _province_alt_names(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        log.warning("province alternative names not found at %s; matching uses official names only", path)
        return {}
    return read_province_alt_names(path)


def _secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def current() -> AppState:
    """The running app's state, for a callback or a route: the one way the wiring layer reaches it.

    A test calls a callback as a plain function inside ``app.server.test_request_context()``.
    """
    return current_app.extensions["jitasa"]
