"""The demo loader on SQLite and PostgreSQL: real coverage, real facilities, labelled synthetic records."""

import datetime as dt

import pytest
import sqlalchemy as sa

from data.coverage import latest_coverage
from data.demo import load_demo
from data.schema import campaigns, coverage_facts, facilities, survey_records, uploads
from settings import SHARED_DATA


@pytest.fixture(scope="module")
def loaded(module_engine, import_state_factory, real_registry):
    engine = module_engine
    state = import_state_factory(engine)
    counts = load_demo(engine, SHARED_DATA, state.locator.locate, real_registry.frame("subdistrict").reset_index())
    return engine, counts


def test_demo_loads_real_coverage_and_facilities(loaded):
    engine, counts = loaded
    assert counts["coverage_facts"] > 20_000
    assert counts["hospitals"] == 1382  # 1,384 features less the two test rows
    assert counts["test_sites"] == 130
    with engine.connect() as conn:
        provinces = conn.execute(sa.select(sa.func.count(sa.distinct(coverage_facts.c.area)))).scalar()
        assert provinces == 77
        test_rows = conn.execute(
            sa.select(sa.func.count()).where(facilities.c.external_id.in_(["00000", "99999"]))
        ).scalar()
        assert test_rows == 0
        hospital = conn.execute(sa.select(facilities).where(facilities.c.external_id == "10697")).mappings().one()
        assert hospital["type"] == "hospital" and "พุทธโสธร" in hospital["name_th"]
        assert hospital["province"] == "24" and hospital["district"].startswith("24")  # derived by point-in-polygon
        assert not hospital["synthetic"]


def test_chiang_mai_coverage_matches_the_report(loaded):
    engine, _ = loaded
    with engine.connect() as conn:
        row = latest_coverage(conn, ["50"], "all", 1, dt.date(2021, 10, 23)).iloc[0]
    assert row["as_of"] == dt.date(2021, 10, 23)
    assert row["vaccinated"] == 983_111 and row["population"] == 1_729_353
    assert row["coverage_pct"] == pytest.approx(56.85, abs=0.01)


def test_synthetic_records_are_labelled(loaded):
    engine, counts = loaded
    assert counts["synthetic_facilities"] > 0 and counts["synthetic_surveys"] > 0
    with engine.connect() as conn:
        for row in conn.execute(sa.select(facilities).where(facilities.c.synthetic)).mappings():
            assert "สังเคราะห์" in row["name_th"] and "synthetic" in row["name_en"]
            assert row["type"] in ("vaccination_point", "field_hospital", "community_isolation")
        real_vaccination_points = conn.execute(
            sa.select(sa.func.count()).where(facilities.c.type == "vaccination_point", ~facilities.c.synthetic)
        ).scalar()
        assert real_vaccination_points == 0  # no public list exists: every demo vaccination point is synthetic
        assert conn.execute(sa.select(sa.func.count()).where(~survey_records.c.synthetic)).scalar() == 0


def test_one_open_campaign_and_traceable_sources(loaded):
    engine, _ = loaded
    with engine.connect() as conn:
        open_campaigns = conn.execute(sa.select(campaigns).where(campaigns.c.closed_on.is_(None))).all()
        assert len(open_campaigns) == 1
        sources = conn.execute(sa.select(uploads.c.filename, uploads.c.checksum)).all()
        assert {"geojson_health.js", "labcovid.js", "vaccination_tables"} <= {s.filename for s in sources}
        untraced = conn.execute(
            sa.select(sa.func.count()).where(facilities.c.upload_id.is_(None), ~facilities.c.synthetic)
        ).scalar()
        assert untraced == 0


def test_loading_twice_changes_nothing(loaded, import_state_factory, real_registry):
    engine, _ = loaded
    with engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(facilities)).scalar()
    again = load_demo(
        engine,
        SHARED_DATA,
        import_state_factory(engine).locator.locate,
        real_registry.frame("subdistrict").reset_index(),
    )
    assert again == {}
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(facilities)).scalar() == before
