"""No public answer shows a survey-derived count from 1 to 4, at district or province level.

Property-based: hypothesis draws how many unvaccinated residents volunteers found in each district of Chiang Mai (and
in which target group); the records are written to a fresh database, then every public view of them is read the way
a person or a program would: the API as JSON, CSV and GeoJSON, and the coverage page's own callback answer (map,
table, ranking) through Dash's HTTP endpoint. The rule (data/disclosure.py): every count rounded to a multiple of 5,
1 to 4 hidden ("<5"), the rate from the rounded count. (Before issue 15 the rule was complementary suppression of
districts against the exact province total; the attacks across dates, groups and areas are in
tests/test_privacy_small_numbers.py.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.disclosure import public_count
from data.schema import survey_records

THRESHOLD = 5
GROUPS = ("elderly", "bedridden", "migrant")
CHIANG_MAI_DISTRICTS = 25


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, base_state, deployed_template):
    """The app on an empty SQLite database with one open campaign (no demo records: the draws are the only data)."""

    from fixtures_app import state_on

    from app import create_app
    from data.demo import _open_campaign

    data_dir = tmp_path_factory.mktemp("privacy")
    state = state_on(base_state, data_dir, deployed_template)  # as build_state makes it; geometry shared
    with state.engine.begin() as conn:
        campaign = _open_campaign(conn)
    app = create_app(state.settings, state)
    districts = list(state.registry.frame("district", "50").index)
    subdistricts = state.registry.frame("subdistrict", "50")
    first_sub = {d: next(code for code in subdistricts.index if code.startswith(d)) for d in districts}
    return {"app": app, "state": state, "campaign": campaign, "districts": districts, "first_sub": first_sub}


def write_records(fresh, found: list[tuple[int, str]]) -> None:
    """``found[i]``: (count, group) of unvaccinated residents found in district i of Chiang Mai."""
    now = dt.datetime(2022, 2, 1, tzinfo=dt.UTC)
    rows = []
    for district, (count, group) in zip(fresh["districts"], found):
        rows += [
            {
                "campaign_id": fresh["campaign"],
                "survey_date": dt.date(2022, 1, 20),
                "subdistrict": fresh["first_sub"][district],
                "district": district,
                "province": "50",
                "target_group": group,
                "age": 70,
                "doses_received": 0,
                "intention": "undecided",
                "created_at": now,
            }
        ] * count
    with fresh["state"].engine.begin() as conn:
        conn.execute(sa.delete(survey_records))
        if rows:
            conn.execute(sa.insert(survey_records), rows)


def check_cells(cells: list[dict], exact: dict[str, int]) -> None:
    """cells: one dict per district with ``count`` and ``value`` (None when hidden); ``exact``: the true counts."""
    for cell in cells:
        true = exact.get(cell["code"], 0)
        if cell["count"] is not None:
            assert int(cell["count"]) % 5 == 0 and abs(int(cell["count"]) - true) <= 2, (cell, true)
        else:
            assert 1 <= true < THRESHOLD, (cell, true)
            assert cell["value"] is None and cell["note"] == "suppressed", cell  # a rate would give the count back


def api_cells(client, query: str) -> dict[str, list[dict]]:
    base = f"/api/v1/coverage?metric=unvaccinated_per_1000&{query}"
    as_json = client.get(base).get_json()["items"]
    as_csv = list(csv.DictReader(io.StringIO(client.get(base + "&format=csv").get_data(as_text=True).lstrip("\ufeff"))))
    for row in as_csv:
        assert row["count"] != "" or row["note"] != "suppressed", row
        row["count"] = None if row["count"] == "<5" else row["count"] or None
        row["value"] = row["value"] or None
    geo = json.loads(client.get(base.replace("/coverage?", "/coverage.geojson?")).get_data(as_text=True))
    as_geo = [f["properties"] for f in geo["features"]]
    return {"json": as_json, "csv": as_csv, "geojson": as_geo}


def page_cells(fresh, client, query: str) -> list[dict]:
    """The coverage page's draw callback, called as the browser calls it; its table rows and map customdata."""
    from dashboard.components import LANG_STORE
    from dashboard.pages.coverage import ids as coverage

    app = fresh["app"]
    key = next(k for k in app.callback_map if f"{coverage.MAP}.figure" in k)
    outputs = [{"id": o.split(".")[0], "property": o.split(".", 1)[1]} for o in key.strip(".").split("...")]
    payload = {
        "output": key,
        "outputs": outputs,
        "inputs": [
            {"id": coverage.VIEW, "property": "data", "value": query},
            {"id": coverage.LAYERS, "property": "value", "value": ["counts"]},
            {"id": LANG_STORE, "property": "data", "value": "en"},
        ],
        "state": [{"id": coverage.MAP_KEY, "property": "data", "value": None}],
        "changedPropIds": [f"{coverage.VIEW}.data"],
    }
    answer = client.post("/_dash-update-component", json=payload)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    response = answer.get_json()["response"]
    table = response[coverage.TABLE]["data"]
    figure = response[coverage.MAP]["figure"]
    counts_text = " ".join(str(t) for trace in figure["data"] for t in (trace.get("text") or []))
    for row in table:
        if row["value"] is None:  # a hidden district must not show its count anywhere in the figure
            assert f"{row['name']}: " not in counts_text or f"{row['name']}: 0" in counts_text
    return table


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    found=st.lists(
        st.tuples(st.integers(0, 9) | st.just(0), st.sampled_from(GROUPS)),
        min_size=CHIANG_MAI_DISTRICTS,
        max_size=CHIANG_MAI_DISTRICTS,
    ),
    group=st.sampled_from(("all", *GROUPS)),
)
def test_no_public_answer_shows_or_gives_away_a_count_below_five(fresh, found, group):
    write_records(fresh, found)
    client = fresh["app"].server.test_client()
    query = f"level=district&province=50&group={group}"
    total = sum(n for n, g in found if group in ("all", g))
    exact = {d: n for d, (n, g) in zip(fresh["districts"], found) if group in ("all", g)}
    province = client.get(f"/api/v1/coverage?metric=unvaccinated_per_1000&group={group}").get_json()["items"]
    assert next(r for r in province if r["code"] == "50")["count"] == public_count(total)  # rounded, or hidden
    for name, cells in api_cells(client, query).items():
        assert len(cells) == CHIANG_MAI_DISTRICTS, name
        check_cells(cells, exact)
    rows = page_cells(fresh, client, f"metric=unvaccinated_per_1000&province=50&group={group}")
    by_code = {c["code"]: c for c in api_cells(client, query)["json"]}
    for row in rows:  # the page hides exactly what the API hides
        assert (row["value"] is None) == (by_code[row["code"]]["count"] is None)


@given(counts=st.lists(st.integers(0, 60), min_size=2, max_size=40))
def test_no_sum_or_difference_of_public_counts_is_from_1_to_4(counts):
    shown = [public_count(n, THRESHOLD) for n in counts]
    numbers = [n for n in shown if n is not None]
    assert all(n % 5 == 0 for n in numbers)
    assert all(not 1 <= abs(a - b) < THRESHOLD for a in numbers for b in numbers)
    assert not 1 <= abs(sum(numbers)) < THRESHOLD
