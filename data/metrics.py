"""The map's metrics, one row per area: coverage, people vaccinated (a count, where the reports give no rate),
change between two dates, unvaccinated found per 1,000 residents, facilities per 100,000 residents. No Dash, no
figures; names in both languages, text is for the caller.

Each frame has the columns of ``COLUMNS``: ``value`` is what the choropleth colours (a rate; people vaccinated is the
one count, for the groups and areas with no rate), ``count`` what proportional symbols show, ``note`` a code saying
why a value is missing or unusual, ``synthetic`` whether the fact behind it is a demo breakdown, not a report (None
for the survey and facility measures, whose share of synthetic records ``synthetic_share`` gives).

``metric_frame`` is exact; what a reader sees goes through ``MetricCache.frame(..., audience)``: counts derived from
survey records (``SURVEY_RATES``) protected by the one small-numbers rule (data/disclosure.py).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import versions
from data.coverage import coverage_dates, date_reach, latest_coverage, synthetic_facts
from data.disclosure import Audience, protect_rate, public_share
from data.population import registered_population
from data.registries import TARGET_GROUPS
from data.schema import facilities, survey_records, survey_tallies
from geo.registry import AreaRegistry

METRICS = ("coverage", "vaccinated", "change", "unvaccinated_per_1000", "facilities_per_100k")
WHOLE_METRICS = ("vaccinated",)  # counts of people: whole numbers in the table and the legend
COVERAGE_METRICS = ("coverage", "vaccinated", "change")  # from the coverage facts (reports and demo breakdowns)
DENOMINATORS = ("moph", "dopa")
LEVELS = ("province", "district")
SURVEY_RATES = {"unvaccinated_per_1000": 1000}  # metric → per how many residents; its count is of people surveyed
COLUMNS = [
    "code",
    "name_th",
    "name_en",
    "value",
    "count",
    "vaccinated",
    "population",
    "coverage_pct",
    "as_of",
    "compare_pct",
    "compare_as_of",
    "note",
    "province_pct",
    "synthetic",
    "population_as_of",  # the DOPA registration (31 December) the denominator comes from; None for the reports' own
]


@dataclass(frozen=True)
class MetricQuery:
    level: str = "province"
    area: str | None = None  # a province code: its districts (level district)
    metric: str = "coverage"
    group: str = "all"
    dose: int = 1
    as_of: dt.date | None = None
    compare: dt.date | None = None  # the earlier date of "change"
    denominator: str = "moph"
    facility_type: str = "vaccination_point"

    def with_(self, **changes) -> MetricQuery:
        return replace(self, **changes)


class MetricCache:
    """``metric_frame`` answers (and the group breakdown and synthetic share beside them) kept under the data versions
    they were computed from (data/versions.py): a map drawn for the thousandth visitor costs one indexed read, and
    any write, by any process, changes the key."""

    KINDS = ("coverage", "surveys", "facilities", "population")

    def __init__(self, size: int = 256):
        self.size = size
        self._frames: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def frame(self, conn: sa.Connection, registry: AreaRegistry, q: MetricQuery, audience: Audience) -> pd.DataFrame:
        """The metric as ``audience`` sees it (data/disclosure.py); the exact frame is what is kept."""
        exact = self.memo(conn, ("frame", q), lambda: metric_frame(conn, registry, q))
        return public_frame(exact, q, audience)

    def coverage_dates(self, conn: sa.Connection, group: str, dose: int) -> list[dt.date]:
        """The report dates of a group and dose (a scan of every fact, asked by every visit of the coverage map), once
        per version of the data."""
        return list(self.memo(conn, ("dates", group, dose), lambda: coverage_dates(conn, group, dose)))

    def date_reach(self, conn: sa.Connection, registry: AreaRegistry, q: MetricQuery) -> tuple[list[int], int]:
        """For each report date of the query's group and dose: how many of the view's areas a map of that date colours;
        and how many areas the view has."""
        areas = registry.frame(q.level, q.area)
        length = len(areas.index[0]) if len(areas) else 0
        prefix = q.area if q.area and q.area != "TH" else None
        dates = self.coverage_dates(conn, q.group, q.dose)
        own = not (q.denominator == "dopa" and q.group == "all")  # DOPA counts only everyone
        key = ("reach", q.group, q.dose, length, prefix, own)
        reach = self.memo(conn, key, lambda: date_reach(conn, length, prefix, q.group, q.dose, dates, own))
        return list(reach), len(areas)

    def group_breakdown(self, conn: sa.Connection, codes: list[str], dose: int, as_of: dt.date | None) -> pd.DataFrame:
        key = ("groups", tuple(codes), dose, as_of)
        return self.memo(conn, key, lambda: group_breakdown(conn, codes, dose, as_of)).copy()

    def synthetic_share(self, conn: sa.Connection, q: MetricQuery, audience: Audience) -> float:
        key = ("synthetic", q) if q.metric in COVERAGE_METRICS else ("synthetic", q.metric, q.facility_type)
        counts = self.memo(conn, key, lambda: synthetic_counts(conn, q))
        return _share(counts, q, audience)

    def memo(self, conn: sa.Connection, key: tuple, compute):
        """``compute()`` once per ``key`` and data version (what it returns must not depend on who asks)."""
        key = (*key, versions.latest(conn.engine, *self.KINDS, conn=conn))
        with self._lock:
            if key in self._frames:
                self._frames.move_to_end(key)
                return self._frames[key]
        value = compute()
        with self._lock:
            self._frames[key] = value
            while len(self._frames) > self.size:
                self._frames.popitem(last=False)
        return value


def public_frame(frame: pd.DataFrame, q: MetricQuery, audience: Audience) -> pd.DataFrame:
    """``metric_frame``'s answer as ``audience`` sees it: a survey count protected and its rate computed from it."""
    if q.metric not in SURVEY_RATES:
        return frame.copy()
    return protect_rate(frame, audience, SURVEY_RATES[q.metric])


def metric_frame(conn: sa.Connection, registry: AreaRegistry, q: MetricQuery) -> pd.DataFrame:
    """One row per area of ``q.level`` (inside ``q.area``), in code order; see the module docstring."""
    areas = registry.frame(q.level, q.area)
    frame = pd.DataFrame({"code": areas.index, "name_th": areas["name_th"].values, "name_en": areas["name_en"].values})
    builder = {
        "coverage": _coverage,
        "vaccinated": _vaccinated,
        "change": _change,
        "unvaccinated_per_1000": _unvaccinated,
        "facilities_per_100k": _facilities,
    }[q.metric]
    frame = builder(conn, frame, q)
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float).round(4)
    frame["note"] = frame["note"].where(frame["note"].notna(), None)
    frame["synthetic"] = [None if v is None or pd.isna(v) else bool(v) for v in frame["synthetic"]]
    return frame[COLUMNS].reset_index(drop=True)


def population_year(frame: pd.DataFrame) -> int | None:
    """The year of the DOPA registration the frame's denominator comes from (the latest, should areas differ)."""
    days = frame["population_as_of"].dropna() if "population_as_of" in frame else []
    return max(pd.Timestamp(d).year for d in days) if len(days) else None


# -- coverage ----------------------------------------------------------------------------------------------------
def _coverage(conn, frame: pd.DataFrame, q: MetricQuery) -> pd.DataFrame:
    frame = _with_coverage(conn, frame, q, q.as_of)
    frame["value"] = frame["coverage_pct"]
    frame["count"] = frame["vaccinated"]
    return frame


def _vaccinated(conn, frame: pd.DataFrame, q: MetricQuery) -> pd.DataFrame:
    """People vaccinated with at least the dose: the count the reports give, also where they give no target
    population (students 12–18, the general public, ...); the denominator plays no part."""
    frame = _with_coverage(conn, frame, q.with_(denominator="moph"), q.as_of)
    frame["value"] = pd.to_numeric(frame["vaccinated"], errors="coerce").astype(float)
    frame["count"] = frame["vaccinated"]
    missing = "no_district_report" if q.level == "district" else "no_report"
    frame["note"] = np.where(frame["vaccinated"].isna(), missing, None)
    return frame


def _with_coverage(conn, frame: pd.DataFrame, q: MetricQuery, as_of: dt.date | None) -> pd.DataFrame:
    facts = latest_coverage(conn, frame["code"].tolist(), q.group, q.dose, as_of)
    frame = frame.merge(facts.drop(columns=["source"]), on="code", how="left")
    if q.denominator == "dopa":
        frame = _dopa_denominator(conn, frame, q, as_of)
    frame["coverage_pct"] = pd.to_numeric(frame["coverage_pct"], errors="coerce").astype(float)
    frame["note"] = np.where(
        frame["vaccinated"].isna(),
        "no_district_report" if q.level == "district" else "no_report",
        np.where(
            frame["coverage_pct"].isna(), "no_population", np.where(frame["coverage_pct"] > 100, "over_100", None)
        ),
    )
    if q.level == "district":
        frame = _province_context(conn, frame, q, as_of)
    return frame


def _dopa_denominator(conn, frame: pd.DataFrame, q: MetricQuery, as_of: dt.date | None) -> pd.DataFrame:
    """Coverage of the registered residents: only for the whole population (DOPA has no target groups)."""
    if q.group != "all":
        frame["population"] = pd.NA
        frame["coverage_pct"] = np.nan
        return frame
    # the registration nearest the report actually shown (not "today"): the same report gives the same figure
    report_date = as_of or (max(frame["as_of"].dropna()) if frame["as_of"].notna().any() else None)
    registered = registered_population(conn, frame["code"].tolist(), report_date).rename(
        columns={"population": "dopa_population", "as_of": "dopa_as_of"}
    )
    frame = frame.merge(registered, on="code", how="left")
    frame["population"] = frame["dopa_population"]
    population = pd.to_numeric(frame["population"], errors="coerce")
    frame["coverage_pct"] = (
        pd.to_numeric(frame["vaccinated"], errors="coerce") / population.where(population > 0) * 100
    ).round(2)
    return frame.rename(columns={"dopa_as_of": "population_as_of"}).drop(columns=["dopa_population"])


def _province_context(conn, frame: pd.DataFrame, q: MetricQuery, as_of: dt.date | None) -> pd.DataFrame:
    """The province's own figure beside each district (reports are mostly per province)."""
    province = latest_coverage(conn, sorted({c[:2] for c in frame["code"]}), q.group, q.dose, as_of)
    lookup = dict(zip(province["code"], province["coverage_pct"]))
    frame["province_pct"] = [lookup.get(code[:2]) for code in frame["code"]]
    return frame


def _change(conn, frame: pd.DataFrame, q: MetricQuery) -> pd.DataFrame:
    now = _with_coverage(conn, frame.copy(), q, q.as_of)
    before = _with_coverage(conn, frame.copy(), q, q.compare)
    now["compare_pct"] = before["coverage_pct"].values
    now["compare_as_of"] = before["as_of"].values
    now["synthetic"] = [_either(a, b) for a, b in zip(now["synthetic"], before["synthetic"])]
    now["value"] = pd.to_numeric(now["coverage_pct"], errors="coerce") - pd.to_numeric(
        now["compare_pct"], errors="coerce"
    )
    now["count"] = None
    same = now["as_of"].notna() & (now["as_of"] == now["compare_as_of"])
    now.loc[same, "note"] = "same_report"
    now.loc[now["value"].isna() & now["note"].isna(), "note"] = "no_report"
    return now


def _either(a, b) -> bool | None:
    """Whether either fact of a change is synthetic (None: neither exists)."""
    known = [bool(x) for x in (a, b) if x is not None and not pd.isna(x)]
    return any(known) if known else None


# -- survey and facility rates -----------------------------------------------------------------------------------
def _per_residents(conn, frame: pd.DataFrame, counts: pd.Series, per: int, q: MetricQuery) -> pd.DataFrame:
    registered = registered_population(conn, frame["code"].tolist(), q.as_of)
    frame = frame.merge(registered.rename(columns={"as_of": "population_as_of"}), on="code", how="left")
    frame["count"] = frame["code"].map(counts).fillna(0).astype(int)
    population = pd.to_numeric(frame["population"], errors="coerce")
    frame["value"] = frame["count"] / population.where(population > 0) * per
    frame["note"] = np.where(population.isna(), "no_population", None)
    return frame


def _unvaccinated(conn, frame: pd.DataFrame, q: MetricQuery) -> pd.DataFrame:
    """People found unvaccinated (no dose) by volunteers, per 1,000 registered residents: exact here; readers see
    it through ``public_frame`` (data/disclosure.py)."""
    counts = pd.Series(dict(conn.execute(_unvaccinated_counts(conn, q)).all()), dtype="int64")
    return _per_residents(conn, frame, counts, 1000, q)


def _unvaccinated_counts(conn, q: MetricQuery) -> sa.Select:
    """(area, people found with no dose) per area: from the tallies the database keeps (survey_tallies, a few
    thousand rows) unless the date asked for is before the last survey, when only the records themselves can say."""
    before_the_last = False
    if q.as_of:
        last = conn.execute(  # the index of the unvaccinated records answers this alone
            sa.select(sa.func.max(survey_records.c.survey_date)).where(survey_records.c.doses_received == 0)
        ).scalar()
        before_the_last = last is not None and q.as_of < last
    table = survey_records if before_the_last else survey_tallies
    column = table.c.province if q.level == "province" else table.c.district
    if before_the_last:  # unvaccinated on that day: not rejected in review, not vaccinated by a visit by then
        query = sa.select(column, sa.func.count()).where(
            table.c.doses_received == 0,
            table.c.survey_date <= q.as_of,
            table.c.review_status != "rejected",
            sa.or_(table.c.vaccinated_on.is_(None), table.c.vaccinated_on > q.as_of),
        )
    else:
        query = sa.select(column, sa.func.sum(table.c.unvaccinated)).where(table.c.unvaccinated > 0)
    if q.group != "all":
        query = query.where(table.c.target_group == q.group)
    if q.area:
        query = query.where(table.c.province == q.area)
    return query.group_by(column)


def _facilities(conn, frame: pd.DataFrame, q: MetricQuery) -> pd.DataFrame:
    column = facilities.c.province if q.level == "province" else facilities.c.district
    query = sa.select(column, sa.func.count()).where(
        facilities.c.type == q.facility_type, facilities.c.status.not_in(("closed", "temporarily_closed"))
    )
    if q.as_of:  # temporary sites count on the dates they were open
        query = query.where(sa.or_(facilities.c.valid_from.is_(None), facilities.c.valid_from <= q.as_of))
        query = query.where(sa.or_(facilities.c.valid_to.is_(None), facilities.c.valid_to >= q.as_of))
    counts = pd.Series(dict(conn.execute(query.group_by(column)).all()), dtype="int64")
    return _per_residents(conn, frame, counts, 100_000, q)


def trend(conn: sa.Connection, codes: list[str], group: str, dose: int) -> pd.DataFrame:
    """Coverage over time for each code (MOPH denominator): code, as_of, coverage_pct, vaccinated, population."""
    from data.schema import coverage_facts

    c = coverage_facts.c
    rows = conn.execute(
        sa.select(c.area, c.as_of, c.vaccinated, c.population)
        .where(c.area.in_(codes), c.target_group == group, c.dose == dose)
        .order_by(c.as_of)
    ).all()
    frame = pd.DataFrame(rows, columns=["code", "as_of", "vaccinated", "population"])
    population = pd.to_numeric(frame["population"], errors="coerce")
    frame["coverage_pct"] = (frame["vaccinated"] / population.where(population > 0) * 100).round(2)
    return frame


def national_trend(conn: sa.Connection, group: str, dose: int) -> pd.DataFrame:
    """Thailand's coverage per report date: sums over the provinces the report covers (and says how many)."""
    from data.schema import coverage_facts

    c = coverage_facts.c
    rows = conn.execute(
        sa.select(c.as_of, sa.func.sum(c.vaccinated), sa.func.sum(c.population), sa.func.count())
        .where(c.target_group == group, c.dose == dose, sa.func.length(c.area) == 2, c.population.is_not(None))
        .group_by(c.as_of)
        .order_by(c.as_of)
    ).all()
    frame = pd.DataFrame(rows, columns=["as_of", "vaccinated", "population", "provinces"])
    frame = frame[frame["provinces"] == 77].reset_index(drop=True)  # a partial report is not Thailand's figure
    frame["coverage_pct"] = (frame["vaccinated"] / frame["population"] * 100).round(2)
    return frame


def group_breakdown(conn: sa.Connection, codes: list[str], dose: int, as_of: dt.date | None) -> pd.DataFrame:
    """Coverage of each target group (with a denominator) over ``codes`` at ``as_of``: group, vaccinated, population,
    coverage_pct, as_of (the latest report per area). One query for every group."""
    from data.schema import coverage_facts

    c = coverage_facts.c
    # the latest report per (group, area) in SQL, one index range each (ix_coverage_facts_latest): every group of
    # the registry is named, so the index's first column is an equality, not a scan of every report of every date
    groups = [entry.code for entry in TARGET_GROUPS]
    latest = sa.select(c.target_group, c.area, sa.func.max(c.as_of).label("as_of")).where(
        c.target_group.in_(groups), c.dose == dose, c.area.in_(codes)
    )
    if as_of is not None:
        latest = latest.where(c.as_of <= as_of)
    latest = latest.group_by(c.target_group, c.area).subquery()
    query = sa.select(c.target_group, c.area, c.as_of, c.vaccinated, c.population).join(
        latest,
        sa.and_(c.target_group == latest.c.target_group, c.area == latest.c.area, c.as_of == latest.c.as_of),
    )
    facts = pd.DataFrame(
        conn.execute(query.where(c.dose == dose)).all(), columns=["group", "area", "as_of", "vaccinated", "population"]
    )
    columns = ["group", "vaccinated", "population", "coverage_pct", "as_of"]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    latest = facts.sort_values(["group", "area", "as_of"]).drop_duplicates(["group", "area"], keep="last")
    rows = []
    for group, part in latest.groupby("group", sort=True):
        with_population = part.dropna(subset=["population"])
        population = int(with_population["population"].sum()) if len(with_population) else None
        covered = int(with_population["vaccinated"].sum()) if len(with_population) else None
        rows.append(
            {
                "group": group,
                "vaccinated": int(part["vaccinated"].sum()),
                "population": population,
                "coverage_pct": round(covered / population * 100, 2) if population else None,
                "as_of": max(part["as_of"]),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def synthetic_counts(conn: sa.Connection, q: MetricQuery) -> tuple[int, int]:
    """(synthetic, all) of the records behind a measure: survey records, facilities, or the coverage facts shown
    (the latest of each area of the view: a demo breakdown is synthetic, a report is not)."""
    if q.metric in COVERAGE_METRICS:
        return synthetic_facts(conn, q.group, q.dose, 2 if q.level == "province" else 4, q.area, q.as_of)
    if q.metric == "unvaccinated_per_1000":  # from the tallies: 5,000 rows, not every record
        t = survey_tallies.c
        total, synthetic = conn.execute(
            sa.select(sa.func.sum(t.unvaccinated), sa.func.sum(t.synthetic_unvaccinated))
        ).one()
        return int(synthetic or 0), int(total or 0)
    if q.metric != "facilities_per_100k":
        return 0, 0
    table, where = facilities, [facilities.c.type == q.facility_type]
    total, synthetic = conn.execute(
        sa.select(sa.func.count(), sa.func.sum(sa.case((table.c.synthetic, 1), else_=0))).where(*where)
    ).one()
    return int(synthetic or 0), int(total or 0)


def _share(counts: tuple[int, int], q: MetricQuery, audience: Audience) -> float:
    synthetic, total = counts
    if q.metric in SURVEY_RATES:  # counts of people: a share of the rounded counts, as every public figure
        return public_share(synthetic, total, audience, ["TH"])
    return synthetic / total if total else 0.0


def synthetic_share(conn: sa.Connection, q: MetricQuery, audience: Audience) -> float:
    """The share of the records behind a survey or facility measure that are synthetic demo records (0 to 1)."""
    return _share(synthetic_counts(conn, q), q, audience)
