"""Coverage queries: the latest fact on or before a date, per area, for a target group and dose."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from data.schema import coverage_facts

COVERAGE_COLUMNS = ["code", "as_of", "vaccinated", "population", "coverage_pct", "source", "synthetic"]


def coverage_dates(conn: sa.Connection, group: str = "all", dose: int = 1) -> list[dt.date]:
    """Every as-of date that has data for the group and dose, oldest first."""
    rows = conn.execute(
        sa.select(coverage_facts.c.as_of)
        .where(coverage_facts.c.target_group == group, coverage_facts.c.dose == dose)
        .distinct()
        .order_by(coverage_facts.c.as_of)
    ).scalars()
    return list(rows)


def date_reach(
    conn: sa.Connection,
    code_length: int,
    prefix: str | None,
    group: str,
    dose: int,
    dates: list[dt.date],
    own_population: bool = True,
) -> list[int]:
    """For each of ``dates``: how many areas whose code has ``code_length`` characters (inside ``prefix``) a coverage
    map of that date colours: their latest report of the group and dose on or before it has people vaccinated and
    (``own_population``: the report is the denominator) a target population."""
    c = coverage_facts.c
    where = [c.target_group == group, c.dose == dose, sa.func.length(c.area) == code_length]
    if prefix:
        where.append(c.area.like(f"{prefix}%"))
    usable = c.vaccinated.is_not(None)
    if own_population:
        usable = sa.and_(usable, c.population > 0)
    rows = conn.execute(sa.select(c.area, c.as_of, sa.case((usable, 1), else_=0)).where(*where)).all()
    if not rows or not dates:
        return [0] * len(dates)
    facts = pd.DataFrame(rows, columns=["area", "as_of", "usable"])
    # one row per report date, one column per area: each area's latest report carried forward, read at each date
    by_day = facts.pivot_table(index="as_of", columns="area", values="usable", aggfunc="last")
    days = sorted(set(by_day.index) | set(dates))
    return [int(n) for n in by_day.reindex(days).ffill().loc[list(dates)].fillna(0).sum(axis=1)]


def latest_coverage(
    conn: sa.Connection, area_codes: list[str], group: str = "all", dose: int = 1, as_of: dt.date | None = None
) -> pd.DataFrame:
    """For each area code: the latest fact on or before ``as_of`` (columns of COVERAGE_COLUMNS).

    Areas without any fact are absent. ``coverage_pct`` is NA without a denominator and is never capped at 100.
    ``synthetic``: a demo breakdown (data/demo_districts.py), not a report.
    """
    c = coverage_facts.c
    # the latest date per area first (an index range per area: ix_coverage_facts_latest), then those rows whole:
    # never every report of every area, and never columns of different dates mixed where a value is missing
    latest = sa.select(c.area, sa.func.max(c.as_of).label("as_of")).where(
        c.target_group == group, c.dose == dose, c.area.in_(area_codes)
    )
    if as_of is not None:
        latest = latest.where(c.as_of <= as_of)
    latest = latest.group_by(c.area).subquery()
    query = (
        sa.select(c.area.label("code"), c.as_of, c.vaccinated, c.population, c.source, c.synthetic)
        .join(latest, sa.and_(c.area == latest.c.area, c.as_of == latest.c.as_of))
        .where(c.target_group == group, c.dose == dose)
        .order_by(c.area)
    )
    columns = ["code", "as_of", "vaccinated", "population", "source", "synthetic"]
    frame = pd.DataFrame(conn.execute(query).all(), columns=columns)
    if frame.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    population = pd.to_numeric(frame["population"], errors="coerce").astype("Float64")
    frame["population"] = population.astype("Int64")
    pct = (frame["vaccinated"].astype("Float64") / population.where(population > 0)) * 100
    frame["coverage_pct"] = pct.round(2)
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame[COVERAGE_COLUMNS].reset_index(drop=True)


def synthetic_facts(
    conn: sa.Connection, group: str, dose: int, code_length: int, prefix: str | None, as_of: dt.date | None
) -> tuple[int, int]:
    """(synthetic, all) of the latest facts on or before ``as_of`` of the areas whose code has ``code_length``
    characters (inside ``prefix``): how much of a coverage view is a demo breakdown rather than a report."""
    c = coverage_facts.c
    where = [c.target_group == group, c.dose == dose, sa.func.length(c.area) == code_length]
    if prefix:
        where.append(c.area.like(f"{prefix}%"))
    if as_of is not None:
        where.append(c.as_of <= as_of)
    latest = sa.select(c.area, sa.func.max(c.as_of).label("as_of")).where(*where).group_by(c.area).subquery()
    joined = coverage_facts.join(latest, sa.and_(c.area == latest.c.area, c.as_of == latest.c.as_of))
    total, synthetic = conn.execute(
        sa.select(sa.func.count(), sa.func.sum(sa.case((c.synthetic, 1), else_=0)))
        .select_from(joined)
        .where(c.target_group == group, c.dose == dose)
    ).one()
    return int(synthetic or 0), int(total or 0)
