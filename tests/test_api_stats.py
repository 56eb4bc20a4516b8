"""GET /api/v1/stats/provinces on the demo data: every province, the same rows as CSV, the region filter."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard.api.stats import FIELDS
from data.registries import FACILITY_TYPES
from data.stats import SURVEY_COUNTS
from geo.clock import today

URL = "/api/v1/stats/provinces"


def csv_rows(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # Excel opens the Thai names correctly
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_every_province_has_a_row_with_every_figure(client):
    body = client.get(URL).get_json()
    items = body["items"]
    assert body["total"] == len(items) == 77
    assert [r["code"] for r in items] == sorted(r["code"] for r in items)
    assert all(list(r) == sorted(FIELDS) for r in items)  # every figure, in every row
    chiang_mai = next(r for r in items if r["code"] == "50")
    assert (chiang_mai["name_th"], chiang_mai["name_en"]) == ("เชียงใหม่", "Chiang Mai")
    assert (chiang_mai["region"], chiang_mai["region_th"], chiang_mai["region_en"]) == (
        "Northern",
        "ภาคเหนือ",
        "Northern",
    )
    assert chiang_mai["districts"] == 25
    assert chiang_mai["facilities"] == sum(chiang_mai[f"facilities_{t.code}"] for t in FACILITY_TYPES) > 0
    assert sum(r["districts"] for r in items) == 928
    assert body["as_of"] == today().isoformat() and body["window_days"] == 7
    # the last activity is a day, not a moment: polled, a moment would count new records one by one
    days = [pd.Timestamp(r["last_activity"]).tz_convert("Asia/Bangkok") for r in items if r["last_activity"]]
    assert days and all(d == d.floor("D") for d in days)
    assert body["regions"]["Northern"] == {"name_th": "ภาคเหนือ", "name_en": "Northern"}


def test_demo_survey_records_are_counted_as_synthetic(client):
    body = client.get(URL).get_json()
    surveys = sum(r["surveys"] or 0 for r in body["items"])  # a count below 5 is null (data/disclosure.py)
    assert surveys > 0
    assert all(r["synthetic_surveys"] == r["surveys"] for r in body["items"])
    assert body["synthetic_share"] == 1.0


def test_csv_has_the_same_rows_as_json_with_thai_and_english_names(client):
    items = client.get(URL).get_json()["items"]
    response = client.get(URL, query_string={"format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert list(rows[0]) == FIELDS
    # a survey count too small to show: null in JSON, "<5" in the CSV (data/disclosure.py)
    as_text = lambda k, v: ("<5" if k in SURVEY_COUNTS else "") if v is None else str(v)  # noqa: E731
    assert rows == [{k: as_text(k, r[k]) for k in FIELDS} for r in items]
    assert rows[0]["name_th"] == "กรุงเทพมหานคร" and rows[0]["name_en"] == "Bangkok"


@pytest.mark.parametrize("region", ["Northern", "northern", "ภาคเหนือ", " ภาคเหนือ "])
def test_region_filter_by_key_thai_or_english_name(client, region):
    body = client.get(URL, query_string={"region": region}).get_json()
    assert body["total"] == len(body["items"]) == 17
    assert body["region"] == "Northern" and {r["region"] for r in body["items"]} == {"Northern"}
    assert "50" in {r["code"] for r in body["items"]}
    rows = csv_rows(client.get(URL, query_string={"region": region, "format": "csv"}))
    assert [r["code"] for r in rows] == [r["code"] for r in body["items"]]


def test_every_province_belongs_to_one_region(client):
    regions = client.get(URL).get_json()["regions"]
    totals = [client.get(URL, query_string={"region": key}).get_json()["total"] for key in regions]
    assert sum(totals) == 77 and min(totals) > 0


def test_an_unknown_region_is_refused_with_the_choices(client):
    response = client.get(URL, query_string={"region": "Atlantis"})
    assert response.status_code == 422
    problem = response.get_json()["problems"][0]
    assert (problem["column"], problem["value"]) == ("region", "Atlantis")
    assert "Northern" in problem["message_en"] and "ภาคเหนือ" in problem["message_th"]


def test_an_unknown_format_is_refused(client):
    response = client.get(URL, query_string={"format": "xlsx"})
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["column"] == "format"


def test_documented_as_public_aggregates(client):
    document = client.get("/api/v1/openapi.json").get_json()
    route = document["paths"]["/api/v1/stats/provinces"]["get"]
    assert "no personal data" in route["summary"] and "security" not in route
    assert {p["name"] for p in route["parameters"]} == {"region", "format"}


def test_districts_with_a_named_coordinator_come_from_the_registry(own_demo):
    client, demo_state = own_demo.client, own_demo.state  # it writes: the demo on a database of its own
    import datetime as dt

    import sqlalchemy as sa

    from data.schema import district_coordinators

    def named_districts() -> set[str]:
        with demo_state.engine.connect() as conn:
            column = district_coordinators.c.district
            return set(conn.execute(sa.select(column).where(column.startswith("50"))).scalars())

    def shown() -> tuple[int, int]:
        items = client.get(URL, query_string={"region": "Northern"}).get_json()["items"]
        row = next(r for r in items if r["code"] == "50")
        return row["districts_with_coordinator"], row["districts"]

    assert shown() == (len(named_districts()), 25)  # other tests of the session may have named some
    expected = len(named_districts() | {"5001", "5002"})
    now = dt.datetime.now(dt.UTC)
    names = [("5001", "ผู้ประสานงาน หนึ่ง"), ("5001", "ผู้ช่วย สอง"), ("5002", "ผู้ประสานงาน สาม")]
    with demo_state.engine.begin() as conn:
        ids = [
            conn.execute(
                sa.insert(district_coordinators)
                .values(district=district, full_name=name, updated_at=now)
                .returning(district_coordinators.c.id)
            ).scalar_one()
            for district, name in names
        ]
    try:
        assert shown() == (expected, 25)  # districts, not names: two deputies of one district count once
    finally:
        with demo_state.engine.begin() as conn:
            conn.execute(sa.delete(district_coordinators).where(district_coordinators.c.id.in_(ids)))
