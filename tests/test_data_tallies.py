"""The survey tallies the database keeps (migration 0006) equal a count of the records after every kind of write,
on SQLite and PostgreSQL; and the public "unvaccinated per 1,000" read from them equals the count from the records.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from test_import_kill import survey_file

from data.demo import _open_campaign
from data.imports import run_import
from data.metrics import MetricQuery, _unvaccinated_counts
from data.schema import survey_records, survey_tallies
from data.uploads import undo_upload


def counted(conn) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(district, group) → (unvaccinated, synthetic unvaccinated, surveyed), counted from the records themselves."""
    r = survey_records.c
    none = r.doses_received == 0
    rows = conn.execute(
        sa.select(
            r.district,
            r.target_group,
            sa.func.sum(sa.case((none, 1), else_=0)),
            sa.func.sum(sa.case((none & r.synthetic, 1), else_=0)),
            sa.func.count(),
        ).group_by(r.district, r.target_group)
    ).all()
    return {(d, g): (int(u), int(s), int(n)) for d, g, u, s, n in rows}


def tallied(conn) -> dict[tuple[str, str], tuple[int, int, int]]:
    t = survey_tallies.c
    columns = (t.district, t.target_group, t.unvaccinated, t.synthetic_unvaccinated, t.surveyed)
    rows = conn.execute(sa.select(*columns).where(t.surveyed != 0))
    return {(d, g): (u, s, n) for d, g, u, s, n in rows}


@pytest.fixture
def state(engine, import_state_factory, real_registry):
    with engine.begin() as conn:
        _open_campaign(conn)
    return import_state_factory(engine)


def test_tallies_follow_imports_undo_deletes_and_updates(state, real_registry):
    subdistricts = [c for c in real_registry.frame("subdistrict").index if c[:2] in ("50", "10", "90")]
    first = run_import(state, "surveys", survey_file(3000, subdistricts, seed=11), "a.csv")
    second = run_import(state, "surveys", survey_file(2000, subdistricts, seed=12), "b.csv")
    assert first["new"] == 3000 and second["new"] == 2000
    with state.engine.connect() as conn:
        assert tallied(conn) == counted(conn) and sum(n for *_, n in tallied(conn).values()) == 5000

    with state.engine.begin() as conn:
        undo_upload(conn, first["upload_id"], None)
    with state.engine.begin() as conn:  # a change of group and doses moves the record between tallies
        ids = conn.execute(sa.select(survey_records.c.id).limit(50)).scalars().all()
        conn.execute(
            sa.update(survey_records)
            .where(survey_records.c.id.in_(ids))
            .values(target_group="elderly", doses_received=0)
        )
        conn.execute(sa.update(survey_records).where(survey_records.c.id.in_(ids[:20])).values(synthetic=True))
        conn.execute(sa.delete(survey_records).where(survey_records.c.id == ids[0]))
    with state.engine.connect() as conn:
        assert tallied(conn) == counted(conn) and sum(n for *_, n in tallied(conn).values()) == 1999


def test_a_rolled_back_write_leaves_the_tallies_as_they_were(state, real_registry):
    subdistricts = [c for c in real_registry.frame("subdistrict").index if c.startswith("50")]
    run_import(state, "surveys", survey_file(500, subdistricts, seed=3), "a.csv")
    with state.engine.connect() as conn:
        before = tallied(conn)
    with pytest.raises(RuntimeError), state.engine.begin() as conn:
        conn.execute(sa.delete(survey_records))
        raise RuntimeError("the writer fails")
    with state.engine.connect() as conn:
        assert tallied(conn) == before == counted(conn)


@pytest.mark.parametrize("level", ["province", "district"])
def test_the_public_count_from_tallies_equals_the_count_from_records(state, real_registry, level):
    subdistricts = [c for c in real_registry.frame("subdistrict").index if c[:2] in ("50", "57")]
    run_import(state, "surveys", survey_file(2000, subdistricts, seed=5), "a.csv")
    with state.engine.connect() as conn:
        for group in ("all", "general", "elderly"):
            for area in (None, "50"):
                q = MetricQuery(level=level, area=area, metric="unvaccinated_per_1000", group=group)
                from_tallies = dict(conn.execute(_unvaccinated_counts(conn, q)).all())
                r = survey_records.c
                column = r.province if level == "province" else r.district
                query = sa.select(column, sa.func.count()).where(r.doses_received == 0).group_by(column)
                query = query.where(r.target_group == group) if group != "all" else query
                from_records = dict(conn.execute(query.where(r.province == area) if area else query).all())
                early = dict(conn.execute(_unvaccinated_counts(conn, q.with_(as_of=dt.date(2022, 1, 20)))).all())
                assert {k: int(v) for k, v in from_tallies.items()} == from_records
                if group != "elderly":  # the file has general records only
                    assert 0 < sum(early.values()) < sum(from_tallies.values())  # the date is respected
