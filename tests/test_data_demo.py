"""The demo loader on SQLite and PostgreSQL: real coverage, real facilities, labelled synthetic records."""

import datetime as dt

import pandas as pd
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
        reported = sa.select(sa.func.count(sa.distinct(coverage_facts.c.area))).where(~coverage_facts.c.synthetic)
        assert conn.execute(reported).scalar() == 77  # the reports are per province; the districts are the demo's
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


def test_each_source_load_records_its_real_counts_as_base_data(loaded):
    engine, counts = loaded
    with engine.connect() as conn:
        rows = {r.filename: r for r in conn.execute(sa.select(uploads.c.filename, uploads.c.summary, uploads.c.kind))}
    expected = {"geojson_health.js": counts["hospitals"], "labcovid.js": counts["test_sites"]}
    expected["vaccination_tables"] = counts["coverage_facts"]
    for filename, new in expected.items():
        summary = rows[filename].summary
        assert (summary["new"], summary["updated"], summary["unchanged"]) == (new, 0, 0)
        assert summary["base"] == "demo" and summary["problems"] == 0
    assert counts["hospitals"] + counts["test_sites"] == 1512 and counts["coverage_facts"] == 25_001


def test_hospitals_whose_point_disagrees_with_their_province_code_are_warnings_of_the_load(loaded):
    """Stored where their coordinates are (as the finder and the map need), each one named in Thai and English."""
    engine, _ = loaded
    with engine.connect() as conn:
        summary = conn.execute(sa.select(uploads.c.summary).where(uploads.c.filename == "geojson_health.js")).scalar()
        stored = {
            r.external_id: r.province for r in conn.execute(sa.select(facilities.c.external_id, facilities.c.province))
        }
    warnings = summary["warning_list"]
    assert len(warnings) == summary["warnings"] == 5
    for w in warnings:
        external_id = w["message_en"].split(" ", 1)[0]
        assert w["column"] == "province" and w["row"] > 0 and w["value"] != stored[external_id]
        assert "but its point lies in" in w["message_en"] and f"({stored[external_id]})" in w["message_en"]
        assert "แต่พิกัดอยู่ในจังหวัด" in w["message_th"] and "บันทึกตามพิกัด" in w["message_th"]
    with engine.connect() as conn:
        labs = conn.execute(sa.select(uploads.c.summary).where(uploads.c.filename == "labcovid.js")).scalar()
    assert labs["warning_list"] == []  # the laboratories' source gives no province code to disagree with


def test_a_database_loaded_before_keeps_its_demo_loads_with_real_counts_after_the_migration(tmp_path):
    """0008: a source load recorded with only ``rows`` gets its counts and the base-data mark; uploads don't."""
    from alembic import command

    from data.db import alembic_config, make_engine, migrate
    from data.upload_history import may_undo

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        config = alembic_config(engine)
        config.attributes["connection"] = conn
        command.upgrade(config, "0007")
        common = {"checksum": "0" * 64, "size_bytes": 0, "created_at": dt.datetime.now(dt.UTC), "outcome": "accepted"}
        conn.execute(
            sa.insert(uploads),
            [
                common
                | {"kind": "facilities", "filename": "geojson_health.js", "summary": {"source": "x", "rows": 1382}},
                common
                | {"kind": "facilities", "filename": "mine.csv", "content": b"x", "summary": {"new": 2, "rows": 2}},
            ],
        )
    migrate(engine)
    with engine.connect() as conn:
        demo, mine = [dict(r) for r in conn.execute(sa.select(uploads).order_by(uploads.c.id)).mappings()]
    engine.dispose()
    assert demo["summary"]["new"] == 1382 and demo["summary"]["base"] == "demo" and not may_undo(demo)
    assert mine["summary"] == {"new": 2, "rows": 2} and may_undo(mine)


def test_the_district_breakdown_adds_up_exactly_to_every_real_province_figure(loaded):
    """Every province fact, split over its districts: vaccinated and the target population add up to the report's
    figures exactly, every district row is synthetic, every report row is not."""
    engine, counts = loaded
    c = coverage_facts.c
    with engine.connect() as conn:
        facts = pd.DataFrame(
            conn.execute(sa.select(c.as_of, c.area, c.target_group, c.dose, c.vaccinated, c.population, c.synthetic))
            .mappings()
            .all()
        )
    provinces, districts = facts[facts["area"].str.len() == 2], facts[facts["area"].str.len() == 4]
    assert not provinces["synthetic"].any() and districts["synthetic"].all()
    assert len(districts) == counts["synthetic_district_coverage"] > 300_000
    assert districts["area"].nunique() == 928
    key = ["as_of", "province", "target_group", "dose"]
    summed = districts.assign(province=districts["area"].str[:2]).groupby(key)
    totals = summed[["vaccinated"]].sum().join(summed["population"].sum(min_count=1))
    report = provinces.rename(columns={"area": "province"}).set_index(key)[["vaccinated", "population"]]
    assert len(totals) == len(report) == counts["coverage_facts"]
    joined = report.join(totals.add_suffix("_districts"))
    assert (joined["vaccinated"] == joined["vaccinated_districts"]).all()
    with_population = joined["population"].notna()
    assert (joined.loc[with_population, "population"] == joined.loc[with_population, "population_districts"]).all()
    assert joined.loc[~with_population, "population_districts"].isna().all()  # no denominator is made up
    chiang_mai = districts[(districts["as_of"] == dt.date(2021, 12, 21)) & (districts["area"].str[:2] == "50")]
    students = chiang_mai[(chiang_mai["target_group"] == "student_12_18") & (chiang_mai["dose"] == 1)]
    assert len(students) == 25 and students["vaccinated"].sum() == 93_248  # the report's Chiang Mai students
