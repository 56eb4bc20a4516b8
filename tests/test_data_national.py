"""data/national.py, the synthetic national dataset, small, on SQLite and PostgreSQL; its command bench/national.py."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pandas as pd
import pytest
import sqlalchemy as sa
from fixtures_app import ROOT, _drop_schema, _fresh_postgres_schema, make_settings

from data import national
from data.registries import FACILITY_TYPES, TARGET_GROUPS
from data.schema import campaigns, coverage_facts, facilities, facility_versions, survey_personal, survey_records

pytestmark = pytest.mark.system

N_FACILITIES = 2_000
N_SURVEYS = 10_000  # more than the 7,425 subdistricts: each gets at least one record
N_DATES = 3
SIX_GROUPS = {"general", "elderly", "bedridden", "migrant", "child_5_11", "student_12_18"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def state(request, tmp_path_factory, geo_cache_dir):
    """The app's state (as ``python app.py`` builds it) with the national dataset of seed 1, small."""
    from dashboard.state import build_state

    data_dir = tmp_path_factory.mktemp("national")
    (data_dir / "cache").symlink_to(geo_cache_dir)
    url, cleanup = "", None
    if request.param == "postgresql":
        name, url, admin = _fresh_postgres_schema(request.getfixturevalue("postgres_available"))
        cleanup = (admin, name)
    state = build_state(make_settings(data_dir, url))
    national.generate(state.engine, state.registry, **_sizes(), boundaries=state.boundaries)
    yield state
    state.engine.dispose()
    if cleanup:
        _drop_schema(*cleanup)


def _sizes(**changes) -> dict:
    return {"seed": 1, "facilities": N_FACILITIES, "surveys": N_SURVEYS, "dates": N_DATES} | changes


def read(state, query) -> pd.DataFrame:
    with state.engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def count(state, table, *where) -> int:
    with state.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar()


def checksum(state) -> str:
    """Of every generated row, ids left out (a replaced dataset gets new ones)."""
    digest = hashlib.sha256()
    for table, order in (
        (facilities, facilities.c.external_id),
        (survey_records, survey_records.c.id),
        (coverage_facts, coverage_facts.c.id),
    ):
        columns = [c for c in table.c if c.name not in ("id", "campaign_id")]
        for row in read(state, sa.select(*columns).order_by(order)).itertuples(index=False):
            digest.update(repr(tuple(str(v) for v in row)).encode())
    return digest.hexdigest()


# -- what the dataset holds ----------------------------------------------------------------------------------------
def test_counts_are_exact_and_every_row_is_synthetic(state):
    areas = len(state.registry.frame("district")) + len(state.registry.frame("province"))
    assert (areas, len(TARGET_GROUPS.codes)) == (928 + 77, 12)
    assert count(state, facilities) == count(state, facilities, facilities.c.synthetic) == N_FACILITIES
    assert count(state, facility_versions) == N_FACILITIES
    assert count(state, survey_records) == count(state, survey_records, survey_records.c.synthetic) == N_SURVEYS
    assert count(state, coverage_facts) == N_DATES * areas * 12 * 3
    source = "synthetic national dataset (seed 1)"
    assert count(state, coverage_facts, coverage_facts.c.source == source) == count(state, coverage_facts)
    assert count(state, facilities, facilities.c.source == source) == N_FACILITIES
    campaign = read(state, sa.select(campaigns)).iloc[0]
    assert campaign["synthetic"] and campaign["name_en"] == "Synthetic national dataset (seed 1)"
    assert str(campaign["opened_on"]) == "2021-10-01" and str(campaign["closed_on"]) == "2022-03-31"


def test_survey_records_cover_every_subdistrict_with_ages_that_fit_the_group(state):
    records = read(state, sa.select(survey_records))
    assert set(records["subdistrict"]) == set(state.registry.frame("subdistrict").index)  # all 7,425
    assert (records["district"] == records["subdistrict"].str[:4]).all()
    assert (records["province"] == records["subdistrict"].str[:2]).all()
    assert set(records["target_group"]) == SIX_GROUPS == {e.code for e in TARGET_GROUPS if e.ministry_order}
    for group, ages in records.groupby("target_group")["age"]:
        entry = TARGET_GROUPS[group]  # the survey import's rule: the registry's bounds
        assert ages.min() >= (entry.min_age or 0) and ages.max() <= (entry.max_age or 120), group
    assert set(records["doses_received"]) == {0, 1, 2, 3}
    assert (records["doses_received"] == 0).mean() > 0.5
    assert set(records["intention"]) == {"wants", "undecided", "refuses"}
    assert records.loc[records["target_group"] == "bedridden", "needs_home_visit"].mean() > 0.8
    dates = pd.to_datetime(records["survey_date"])
    assert dates.min() >= pd.Timestamp("2021-10-01") and dates.max() <= pd.Timestamp("2022-03-31")
    # no personal data, no point, no record key
    assert records[["record_key", "lat", "lon", "volunteer_id"]].isna().all().all()
    assert count(state, survey_personal) == 0


def test_facilities_lie_in_their_subdistrict_and_say_they_are_synthetic(state):
    frame = read(state, sa.select(facilities))
    assert (frame["district"] == frame["subdistrict"].str[:4]).all()
    assert (frame["province"] == frame["subdistrict"].str[:2]).all()
    located = state.locator.locate(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    assert (located["subdistrict"].to_numpy() == frame["subdistrict"].to_numpy()).mean() > 0.995
    assert set(frame["type"]) == set(FACILITY_TYPES.codes)
    shares = frame["type"].value_counts(normalize=True)
    assert shares["vaccination_point"] > shares["test_site"] > shares["field_hospital"]
    closed = frame["status"].isin(["closed", "temporarily_closed"]).mean()
    assert 0.02 < closed < 0.09 and (frame["status"] == "open").mean() > 0.85
    assert frame["name_th"].str.contains("สังเคราะห์").all() and frame["name_en"].str.endswith("(synthetic)").all()
    assert frame["external_id"].str.startswith("SYN-NAT-").all() and (frame["version"] == 1).all()
    assert frame["opening_hours"].notna().all()
    temporary = frame["type"].isin(["field_hospital", "community_isolation"])
    assert (pd.to_datetime(frame.loc[temporary, "valid_from"]) < pd.to_datetime(frame.loc[temporary, "valid_to"])).all()
    assert frame.loc[~temporary, ["valid_from", "valid_to"]].isna().all().all()
    vaccination = frame["type"] == "vaccination_point"
    assert frame.loc[vaccination, "services"].map(lambda s: isinstance(s, list)).all()
    assert frame.loc[~vaccination, "services"].isna().all()


def _coverage(state) -> pd.DataFrame:
    c = coverage_facts.c
    frame = read(state, sa.select(c.as_of, c.area, c.target_group, c.dose, c.vaccinated, c.population))
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return frame


def test_coverage_never_falls_and_dose_3_le_dose_2_le_dose_1(state):
    frame = _coverage(state)
    assert frame["as_of"].nunique() == N_DATES and frame["population"].notna().all()
    assert str(frame["as_of"].max().date()) == "2022-03-31"
    by_date = frame.pivot_table(index=["area", "target_group", "dose"], columns="as_of", values="vaccinated")
    assert (by_date.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    assert by_date.iloc[:, -1].sum() > by_date.iloc[:, 0].sum()  # it rises
    by_dose = frame.pivot_table(index=["as_of", "area", "target_group"], columns="dose", values="vaccinated")
    assert ((by_dose[3] <= by_dose[2]) & (by_dose[2] <= by_dose[1])).all()
    assert (by_dose[3] > 0).any()


def test_provinces_are_the_sums_of_their_districts_and_all_of_the_six_groups(state):
    frame = _coverage(state)
    districts = frame[frame["area"].str.len() == 4].assign(area=lambda f: f["area"].str[:2])
    sums = districts.groupby(["as_of", "area", "target_group", "dose"])[["vaccinated", "population"]].sum()
    provinces = frame[frame["area"].str.len() == 2].set_index(["as_of", "area", "target_group", "dose"])
    assert len(provinces) == len(sums) == N_DATES * 77 * 12 * 3
    pd.testing.assert_frame_equal(provinces[["vaccinated", "population"]].sort_index(), sums.sort_index())
    six = frame[frame["target_group"].isin(SIX_GROUPS)].groupby(["as_of", "area", "dose"])[["vaccinated", "population"]]
    everyone = frame[frame["target_group"] == "all"].set_index(["as_of", "area", "dose"])
    pd.testing.assert_frame_equal(everyone[["vaccinated", "population"]].sort_index(), six.sum().sort_index())


def test_the_coverage_api_answers_district_queries(state):
    from app import create_app

    client = create_app(state.settings, state).server.test_client()
    response = client.get("/api/v1/coverage?level=district&province=50")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["total"] == 25 and all(r["code"].startswith("50") for r in body["items"])
    assert all(r["coverage_pct"] is not None and r["as_of"] == "2022-03-31" for r in body["items"])
    earlier = client.get("/api/v1/coverage?level=district&group=elderly&dose=3&as_of=2022-03-20").get_json()
    assert earlier["total"] == 928 and {r["as_of"] for r in earlier["items"]} == {"2022-03-17"}


# -- the same seed, a second run, --replace ------------------------------------------------------------------------
def test_a_second_run_is_refused_and_replace_gives_the_same_data_again(state):
    before = checksum(state)
    with pytest.raises(national.DatasetExists, match=r"already in this database .*10,000 survey records.*--replace"):
        national.generate(state.engine, state.registry, **_sizes(), boundaries=state.boundaries)
    again = national.generate(state.engine, state.registry, **_sizes(), replace=True, boundaries=state.boundaries)
    assert again["removed"] == {
        "surveys": N_SURVEYS,
        "campaigns": 1,
        "facilities": N_FACILITIES,
        "coverage_facts": count(state, coverage_facts),
    }
    assert count(state, survey_records) == N_SURVEYS and count(state, campaigns) == 1
    assert count(state, facility_versions) == N_FACILITIES
    assert checksum(state) == before


def test_another_seed_gives_other_data(state):
    before = checksum(state)
    national.generate(state.engine, state.registry, **_sizes(seed=2), replace=True, boundaries=state.boundaries)
    assert checksum(state) != before and count(state, survey_records) == N_SURVEYS
    assert read(state, sa.select(campaigns.c.name_en)).iloc[0, 0] == "Synthetic national dataset (seed 2)"
    national.generate(state.engine, state.registry, **_sizes(), replace=True, boundaries=state.boundaries)
    assert checksum(state) == before


def test_coverage_from_another_source_stops_it_and_nothing_changes(state):
    before = checksum(state)
    other = {"as_of": pd.Timestamp("2021-01-31").date(), "area": "10", "target_group": "all", "dose": 1}
    with state.engine.begin() as conn:
        conn.execute(sa.insert(coverage_facts).values(**other, vaccinated=1, source="MOPH report"))
    try:
        with pytest.raises(national.OtherCoverage, match="1 coverage facts from other sources .*would look real"):
            national.generate(state.engine, state.registry, **_sizes(), replace=True, boundaries=state.boundaries)
    finally:
        with state.engine.begin() as conn:
            conn.execute(sa.delete(coverage_facts).where(coverage_facts.c.source == "MOPH report"))
    assert checksum(state) == before  # the removal of the old dataset was rolled back with the rest


# -- the command ---------------------------------------------------------------------------------------------------
def test_the_documented_command_fills_the_apps_database_and_refuses_a_second_run(tmp_path, geo_cache_dir):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "cache").symlink_to(geo_cache_dir)
    env = {**os.environ, "JITASA_DATA_DIR": str(data_dir)}
    env.pop("JITASA_DATABASE_URL", None)
    command = [sys.executable, str(ROOT / "bench" / "national.py"), "--facilities", "30", "--surveys", "200"]
    run = lambda *args: subprocess.run(  # noqa: E731  (from another folder, as the README allows)
        [*command, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180
    )
    done = run("--dates", "2", "--seed", "7")
    assert done.returncode == 0, done.stderr
    assert "30 facilities" in done.stdout and "200 surveys" in done.stdout and "rows/s" in done.stdout
    engine = sa.create_engine(f"sqlite:///{data_dir / 'jitasa.db'}")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(survey_records)).scalar() == 200
        assert conn.execute(sa.select(campaigns.c.name_en)).scalar() == "Synthetic national dataset (seed 7)"
    engine.dispose()
    refused = run("--dates", "2", "--database-url", f"sqlite:///{data_dir / 'jitasa.db'}")
    assert refused.returncode == 1
    assert "already in this database" in refused.stderr and "--replace" in refused.stderr
