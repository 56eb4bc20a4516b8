"""A synthetic national dataset, seeded, for trying the app at the size of the whole country.

The command is ``python bench/national.py [--seed 1] [--facilities 100000] [--surveys 2000000] [--dates 50]
[--replace] [--database-url URL]``; ``generate()`` does the work for a caller in the same process (a bench, a
test). Everything it writes is synthetic and marked so:

- one closed campaign, "Synthetic national dataset (seed N)" (``synthetic``), from 1 Oct 2021 to 31 Mar 2022;
- facilities (100,000): the five types in fixed proportions, each in a real subdistrict (its representative point
  plus a small jitter, kept inside the subdistrict's polygon), with that subdistrict's codes and a name saying it is
  synthetic in Thai and English; statuses (about 5 % closed or temporarily closed), opening hours, services on
  vaccination points, beds on hospitals, valid from/to on field hospitals and community isolation centres;
  ``synthetic``, external id ``SYN-NAT-nnnnnn``, source "synthetic national dataset (seed N)";
- survey records (2,000,000) in every subdistrict (at least one each when there are as many records as
  subdistricts, the rest in proportion to the district's registered population), dated over the campaign, in the six
  target groups of the ministry's order with ages that fit the group, doses 0 to 3 (most 0), an intention, home
  visits; ``synthetic``, attached to the campaign, no personal data, no point, no record key;
- coverage facts for N weekly dates up to 31 Mar 2022, for the 928 districts, every target group of the registry
  (``all`` included) and doses 1 to 3: cumulative, never falling from one date to the next, dose 3 <= dose 2 <=
  dose 1, with a target population per district and group (the district's registered population shared among the
  groups); ``all`` is the sum of the six groups of the order, and each of the 77 provinces is the sum of its
  districts. Source "synthetic national dataset (seed N)".

The same seed gives the same data. An earlier national dataset is found by those markers: without ``replace`` the
second one is refused; with it, the earlier one is removed in the same transaction. Everything is written in one
transaction, with the data versions bumped in it. A database holding coverage facts from another source (the demo's
real reports) is refused: coverage facts have no synthetic flag, and synthetic ones beside real ones would pass for
real on the maps. Facilities and survey records of the demo may stay: they are flagged.

This module stores; the rows themselves are built in ``data.national_rows``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from data import bulk, national_rows, versions
from data.db import sqlite_page_cache
from data.imports import IMPORT_CACHE_KIB
from data.national_rows import (
    CAMPAIGN_EN,
    CAMPAIGN_END,
    CAMPAIGN_START,
    CAMPAIGN_TH,
    EXTERNAL_PREFIX,
    SOURCE,
)
from data.schema import campaigns, coverage_facts, facilities, facility_versions, survey_records
from data.schema import population as registered_population
from geo.clock import BANGKOK

SEED = 1
N_FACILITIES = 100_000
N_SURVEYS = 2_000_000
N_DATES = 50
BATCH = 50_000  # rows per insert

Progress = Callable[[str, int, int], None]  # (phase, done, total)


class DatasetExists(RuntimeError):
    """A national dataset is already in the database, and replacing it was not asked for."""


class OtherCoverage(RuntimeError):
    """The database holds coverage facts from another source (real reports), which synthetic ones must not join."""


def generate(
    engine,
    registry,
    *,
    seed: int = SEED,
    facilities: int = N_FACILITIES,
    surveys: int = N_SURVEYS,
    dates: int = N_DATES,
    replace: bool = False,
    boundaries=None,
    progress: Progress | None = None,
) -> dict:
    """Write the national dataset into ``engine``'s database in one transaction; return the counts and seconds.

    ``registry``: the app's AreaRegistry (``state.registry``); ``boundaries`` (optional, ``state.boundaries``) keeps
    every facility inside its subdistrict's polygon. Raises DatasetExists when one is there and ``replace`` is
    false, OtherCoverage when the database holds coverage facts from another source.
    """
    report = lambda phase, done, total: progress and progress(phase, done, total)  # noqa: E731
    areas = national_rows.Areas(registry, boundaries)
    timings: dict[str, float] = {}
    counts: dict = {"seed": seed}
    with engine.begin() as conn, sqlite_page_cache(conn, IMPORT_CACHE_KIB):
        started = time.perf_counter()
        found = find_dataset(conn)
        if found and not replace:
            raise DatasetExists(_describe(found) + "; use --replace (replace=True) to replace it")
        counts["removed"] = remove_dataset(conn, found) if found else {}
        _check_no_other_coverage(conn)
        timings["remove"] = time.perf_counter() - started
        population = _district_population(conn, areas, np.random.default_rng([seed, 0]))
        campaign_id = _insert_campaign(conn, seed)
        for phase, work in (
            ("facilities", lambda: _facilities(conn, areas, population, facilities, seed, report)),
            ("surveys", lambda: _surveys(conn, areas, population, surveys, seed, campaign_id, report)),
            ("coverage", lambda: _coverage(conn, areas, population, coverage_dates(dates), seed, report)),
        ):
            started = time.perf_counter()
            counts.update(work())
            timings[phase] = time.perf_counter() - started
        versions.bump(conn, *versions.KINDS)
        started = time.perf_counter()
    timings["commit"] = time.perf_counter() - started
    started = time.perf_counter()
    analyze(engine)
    timings["analyze"] = time.perf_counter() - started
    return counts | {"campaign_id": campaign_id, "seconds": timings}


def analyze(engine) -> None:
    """Give the query planner statistics of the new tables, as autovacuum would after a while on PostgreSQL (it may
    be off, as on the test machines) and as nothing does on SQLite: without them a plan can be wrong by seconds."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA analysis_limit=2000")  # a sample of each index, in a second
        conn.exec_driver_sql("ANALYZE")


# -- the areas' population ---------------------------------------------------------------------------------------------
def _district_population(conn, areas: national_rows.Areas, rng):
    """Registered population per district (DOPA, latest in the database); a seeded guess where there is none."""
    c = registered_population.c
    found = conn.execute(
        sa.select(c.area, c.population).where(sa.func.length(c.area) == 4).order_by(c.area, c.as_of)
    ).all()
    known = {area: value for area, value in found}  # the latest registration wins
    guess = np.round(rng.lognormal(np.log(60_000), 0.6, len(areas.district_codes)))
    return np.array([known.get(code, guess[i]) for i, code in enumerate(areas.district_codes)], dtype=float)


# -- finding and removing an earlier dataset ---------------------------------------------------------------------------
def _markers():
    return {
        "campaign": sa.and_(campaigns.c.synthetic, campaigns.c.name_en.like(f"{CAMPAIGN_EN}%")),
        "facility": sa.and_(
            facilities.c.synthetic,
            facilities.c.external_id.like(f"{EXTERNAL_PREFIX}%"),
            facilities.c.source.like(f"{SOURCE} (seed %"),
        ),
        "coverage": coverage_facts.c.source.like(f"{SOURCE} (seed %"),
    }


def find_dataset(conn) -> dict:
    """What an earlier national dataset left: its campaigns and the counts of its rows; {} when there is none."""
    marks = _markers()
    found = conn.execute(sa.select(campaigns.c.id, campaigns.c.name_en).where(marks["campaign"])).all()
    ids = [row.id for row in found]
    count = lambda table, where: conn.execute(sa.select(sa.func.count()).select_from(table).where(where)).scalar()  # noqa: E731
    result = {
        "campaigns": {row.id: row.name_en for row in found},
        "surveys": count(survey_records, survey_records.c.campaign_id.in_(ids)) if ids else 0,
        "facilities": count(facilities, marks["facility"]),
        "coverage_facts": count(coverage_facts, marks["coverage"]),
    }
    return result if any(result.values()) else {}


def _describe(found: dict) -> str:
    names = ", ".join(f"“{name}”" for name in found["campaigns"].values()) or "its campaign removed"
    return (
        f"a synthetic national dataset is already in this database ({names}: {found['surveys']:,} survey records, "
        f"{found['facilities']:,} facilities, {found['coverage_facts']:,} coverage facts)"
    )


def remove_dataset(conn, found: dict) -> dict:
    """Delete the rows of an earlier national dataset (as found by ``find_dataset``); return how many of each."""
    marks = _markers()
    ids = list(found.get("campaigns", {}))
    removed = {}
    if ids:
        removed["surveys"] = conn.execute(
            sa.delete(survey_records).where(survey_records.c.campaign_id.in_(ids))
        ).rowcount
        removed["campaigns"] = conn.execute(sa.delete(campaigns).where(campaigns.c.id.in_(ids))).rowcount
    ours = sa.select(facilities.c.id).where(marks["facility"])
    conn.execute(sa.delete(facility_versions).where(facility_versions.c.facility_id.in_(ours)))
    removed["facilities"] = conn.execute(sa.delete(facilities).where(marks["facility"])).rowcount
    removed["coverage_facts"] = conn.execute(sa.delete(coverage_facts).where(marks["coverage"])).rowcount
    return removed


def coverage_dates(n: int) -> list[dt.date]:
    """``n`` weekly dates ending on the campaign's last day, oldest first."""
    return [CAMPAIGN_END - dt.timedelta(weeks=n - 1 - k) for k in range(n)]


def _check_no_other_coverage(conn) -> None:
    """Coverage facts have no synthetic flag, and the maps do not show their source: synthetic facts beside real
    reports would pass for real ones, so the dataset goes only where no other coverage is (its own is removed)."""
    c = coverage_facts.c
    others, first, last = conn.execute(sa.select(sa.func.count(), sa.func.min(c.as_of), sa.func.max(c.as_of))).one()
    if others:
        raise OtherCoverage(
            f"this database already holds {others:,} coverage facts from other sources ({first} to {last}, "
            "e.g. the demo's real reports); synthetic coverage beside them would look real on the maps, so generate "
            "the national dataset into a database without coverage (another JITASA_DATA_DIR or --database-url)"
        )


# -- writing -----------------------------------------------------------------------------------------------------------
def store(conn, table, columns: dict[str, list]) -> None:
    """Insert rows given column by column, as the imports do (``data.bulk.insert_columns``: COPY on PostgreSQL)."""
    bulk.insert_columns(conn, table, columns)


def _insert_campaign(conn, seed: int) -> int:
    values = {
        "name_th": f"{CAMPAIGN_TH} (seed {seed})",
        "name_en": f"{CAMPAIGN_EN} (seed {seed})",
        "opened_on": CAMPAIGN_START,
        "closed_on": CAMPAIGN_END,  # closed: it takes no real records, and its data stay readable
        "closed_order_ref": "synthetic data, no order",
        "synthetic": True,
    }
    return conn.execute(sa.insert(campaigns).values(**values).returning(campaigns.c.id)).scalar_one()


def _facilities(conn, areas: national_rows.Areas, population, n: int, seed: int, report) -> dict:
    report("facilities", 0, n)
    rng = np.random.default_rng([seed, 1])
    sub = rng.choice(len(areas.sub_codes), n, p=areas.subdistrict_weights(population))
    lon, lat = national_rows.points_near(areas, sub, rng)
    columns = national_rows.facility_columns(areas, sub, lon, lat, seed, rng)
    for start in range(0, n, BATCH):
        store(conn, facilities, {name: values[start : start + BATCH] for name, values in columns.items()})
        report("facilities", min(start + BATCH, n), n)
    ids = _facility_ids(conn, columns["external_id"])
    for start in range(0, n, BATCH):
        store(conn, facility_versions, national_rows.version_columns(columns, ids, start, min(start + BATCH, n)))
    return {"facilities": n, "facility_versions": n}


def _facility_ids(conn, external_ids: list[str]) -> list[int]:
    c = facilities.c
    found = dict(conn.execute(sa.select(c.external_id, c.id).where(c.external_id.like(f"{EXTERNAL_PREFIX}%"))).all())
    return [found[key] for key in external_ids]


def _surveys(conn, areas: national_rows.Areas, population, n: int, seed: int, campaign_id: int, report) -> dict:
    """Records area by area (every subdistrict first gets one when there are enough), BATCH rows at a time."""
    report("surveys", 0, n)
    rng = np.random.default_rng([seed, 2])
    weights = areas.subdistrict_weights(population)
    floor = 1 if n >= len(weights) else 0
    per_subdistrict = floor + rng.multinomial(n - floor * len(weights), weights)
    subs = np.repeat(np.arange(len(weights)), per_subdistrict)
    days = (CAMPAIGN_END - CAMPAIGN_START).days + 1
    survey_days = np.array([CAMPAIGN_START + dt.timedelta(days=d) for d in range(days)], dtype=object)
    evening = dt.datetime.combine(CAMPAIGN_START, dt.time(18), BANGKOK).astimezone(dt.UTC)
    entered = np.array([evening + dt.timedelta(days=d) for d in range(days)], dtype=object)
    groups = national_rows.survey_groups()
    for start in range(0, n, BATCH):
        columns = national_rows.survey_columns(rng, areas, subs[start : start + BATCH], groups, survey_days, entered)
        store(conn, survey_records, columns | {"campaign_id": [campaign_id] * len(columns["age"])})
        report("surveys", min(start + BATCH, n), n)
    return {"surveys": n, "subdistricts_surveyed": int((per_subdistrict > 0).sum())}


def _coverage(conn, areas: national_rows.Areas, population, as_of: list[dt.date], seed: int, report) -> dict:
    """District facts from seeded curves, province facts as the sums of their districts, BATCH rows at a time."""
    rng = np.random.default_rng([seed, 3])
    report("coverage", 0, 1)
    groups, vaccinated, people = national_rows.district_coverage(rng, areas, population, as_of)
    # the provinces: sums of their districts (the district axis summed by province)
    in_province = [areas.district_province == p for p in range(len(areas.province_codes))]
    province_vaccinated = np.stack([vaccinated[:, mine].sum(axis=1) for mine in in_province], axis=1)
    province_people = np.stack([people[mine].sum(axis=0) for mine in in_province])
    codes = np.concatenate([areas.district_codes, areas.province_codes])
    order = np.argsort(codes, kind="stable")  # the order of the unique key: as_of, area, group, dose
    codes = codes[order]
    vaccinated = np.concatenate([vaccinated, province_vaccinated], axis=1)[:, order]
    people = np.concatenate([people, province_people])[order]
    shape = vaccinated.shape  # dates, areas, groups, doses
    total = vaccinated.size
    dates = np.array(as_of, dtype=object)
    group_codes = np.array(groups, dtype=object)
    source = f"{SOURCE} (seed {seed})"
    flat_vaccinated = vaccinated.reshape(-1)
    for start in range(0, total, BATCH):
        index = np.arange(start, min(start + BATCH, total))
        t, a, g, k = np.unravel_index(index, shape)
        store(
            conn,
            coverage_facts,
            {
                "as_of": dates[t].tolist(),
                "area": codes[a].tolist(),
                "target_group": group_codes[g].tolist(),
                "dose": (k + 1).tolist(),
                "vaccinated": flat_vaccinated[index].tolist(),
                "population": people[a, g].tolist(),
                "source": [source] * len(index),
                "synthetic": [True] * len(index),
            },
        )
        report("coverage", int(index[-1]) + 1, total)
    return {"coverage_facts": total}


# -- the database's size -----------------------------------------------------------------------------------------------
def database_size(engine) -> int:
    """Bytes: the SQLite file (after a checkpoint), or the PostgreSQL tables of the current schema with indexes."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            path = Path(engine.url.database)
            return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        return int(
            conn.execute(
                sa.text(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            ).scalar()
        )
