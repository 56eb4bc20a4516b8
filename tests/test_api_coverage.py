"""GET /api/v1/coverage, its CSV and GeoJSON, the Folium export, and POST /api/v1/uploads/coverage."""

import csv
import io
import json

import pandas as pd
import pytest
from report_files import REPORT_DATE, real_report, report_csv

from data.users import create_token, create_user


def test_coverage_lists_77_provinces_with_the_as_of_actually_used(client):
    body = client.get("/api/v1/coverage?level=province&group=all&dose=1&as_of=2022-02-06").get_json()
    assert body["total"] == 77
    used = {r["as_of"] for r in body["items"]}
    assert "2022-02-06" in used and "2022-01-10" in used  # a partial report: the others use their latest before
    bangkok = next(r for r in body["items"] if r["code"] == "10")
    assert {"code", "name_th", "name_en", "vaccinated", "population", "coverage_pct", "as_of"} <= set(bangkok)
    assert bangkok["coverage_pct"] > 100  # shown as such, never capped


def test_the_csv_equals_the_json_answer(client):
    query = "group=elderly&dose=2&as_of=2021-10-23"
    items = client.get(f"/api/v1/coverage?{query}").get_json()["items"]
    text = client.get(f"/api/v1/coverage?{query}&format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == len(items) == 77
    for row, item in zip(rows, items):
        assert row["code"] == item["code"] and row["name_th"] == item["name_th"]
        assert int(row["vaccinated"]) == item["vaccinated"]
        assert (float(row["coverage_pct"]) if row["coverage_pct"] else None) == item["coverage_pct"]


def test_geojson_of_the_table_carries_the_same_rows(client):
    items = client.get("/api/v1/coverage?as_of=2021-10-23").get_json()["items"]
    collection = json.loads(client.get("/api/v1/coverage.geojson?as_of=2021-10-23").data)
    assert [f["properties"]["coverage_pct"] for f in collection["features"]] == [i["coverage_pct"] for i in items]


@pytest.mark.parametrize(
    "query,column",
    [
        ("group=aliens", "group"),
        ("dose=4", "dose"),
        ("level=county", "level"),
        ("province=Atlantis", "province"),
        ("as_of=31-12-2021", "as_of"),
        ("as_of=2020-01-01", "as_of"),
        ("metric=change", "compare"),
    ],
)
def test_bad_coverage_queries_are_422_with_the_parameter_named(client, query, column):
    response = client.get(f"/api/v1/coverage?{query}")
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["column"] == column


def test_dopa_denominator_counts_registered_residents(client):
    moph = client.get("/api/v1/coverage?as_of=2021-10-23").get_json()["items"]
    dopa = client.get("/api/v1/coverage?as_of=2021-10-23&denominator=dopa").get_json()["items"]
    bangkok_moph = next(r for r in moph if r["code"] == "10")
    bangkok_dopa = next(r for r in dopa if r["code"] == "10")
    assert bangkok_dopa["vaccinated"] == bangkok_moph["vaccinated"]
    assert bangkok_dopa["population"] == 5_588_222  # DOPA, 31 Dec 2020
    assert bangkok_dopa["coverage_pct"] == pytest.approx(bangkok_moph["vaccinated"] / 5_588_222 * 100, abs=0.01)


def test_the_demos_district_breakdown_answers_and_says_it_is_synthetic(client):
    """The reports are per province; the demo splits them over the districts (data/demo_districts.py), and every
    such row says ``synthetic`` in JSON, CSV and GeoJSON; the province rows are reports."""
    body = client.get("/api/v1/coverage?province=50&metric=vaccinated&as_of=2021-12-21").get_json()
    assert body["total"] == 25 and all(r["synthetic"] is True for r in body["items"])
    assert body["synthetic_share"] == 1.0
    province = client.get("/api/v1/coverage?metric=vaccinated&as_of=2021-12-21").get_json()
    chiang_mai = next(r for r in province["items"] if r["code"] == "50")
    assert chiang_mai["synthetic"] is False and province["synthetic_share"] == 0.0
    assert sum(r["vaccinated"] for r in body["items"]) == chiang_mai["vaccinated"]  # exactly the report's figure
    csv_text = client.get("/api/v1/coverage?province=50&format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert len(rows) == 25 and {r["synthetic"] for r in rows} == {"True"}
    features = client.get("/api/v1/coverage.geojson?province=50").get_json()["features"]
    assert len(features) == 25 and all(f["properties"]["synthetic"] is True for f in features)
    rates = client.get("/api/v1/coverage?province=50&metric=facilities_per_100k&ftype=hospital").get_json()
    assert rates["total"] == 25 and all(r["synthetic"] is None for r in rates["items"])


def test_people_vaccinated_answers_where_the_reports_give_no_rate(client):
    """Students 12–18 have counts and no target population: no coverage, but people vaccinated (the report of
    21 Dec 2021 gives Chiang Mai 93,248 with dose 1)."""
    coverage = client.get("/api/v1/coverage?group=student_12_18&as_of=2021-12-21").get_json()["items"]
    assert all(r["value"] is None and r["note"] == "no_population" for r in coverage)
    body = client.get("/api/v1/coverage?group=student_12_18&metric=vaccinated&as_of=2021-12-21").get_json()
    chiang_mai = next(r for r in body["items"] if r["code"] == "50")
    assert chiang_mai["value"] == chiang_mai["vaccinated"] == chiang_mai["count"] == 93_248
    assert chiang_mai["as_of"] == "2021-12-21" and body["total"] == 77
    assert all(r["value"] is not None for r in body["items"])
    spec = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/coverage"]["get"]["parameters"]
    assert "vaccinated" in next(p for p in spec if p["name"] == "metric")["schema"]["enum"]


def test_a_district_drill_down_without_district_reports_says_so(empty_client):
    """Without the demo's breakdown (a real deployment before its districts' uploads): coverage by district is a
    422 saying the reports are per province."""
    client, tokens = empty_client
    upload = "as_of,area,target_group,dose,vaccinated,population\n2022-01-10,50,all,1,1000,2000\n"
    headers = {"Authorization": f"Bearer {tokens['national']}"}
    client.post("/api/v1/uploads/coverage", data={"file": (io.BytesIO(upload.encode()), "c.csv")}, headers=headers)
    response = client.get("/api/v1/coverage?province=50")
    assert response.status_code == 422 and "per province" in response.get_json()["error"]


def test_the_html_export_is_self_contained(client):
    response = client.get("/api/v1/exports/coverage-map.html?as_of=2021-10-23&lang=en")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<script src" not in text and "Vaccination coverage" in text and "23 Oct 2021" in text
    assert "L.map" in text or "leaflet" in text.lower()


@pytest.fixture(scope="module")
def empty_client(tmp_path_factory, base_state, deployed_template):
    """An app on an empty database (no demo data) and a national admin's token."""

    from fixtures_app import state_on

    from app import create_app

    data_dir = tmp_path_factory.mktemp("empty")
    state = state_on(base_state, data_dir, deployed_template)  # as build_state makes it; geometry shared
    with state.engine.begin() as conn:
        create_user(conn, "analyst", "a-long-password", "national_admin", "TH")
        token = create_token(conn, "analyst")
        create_user(conn, "cm_coordinator", "a-long-password", "coordinator", "5001")
        local = create_token(conn, "cm_coordinator")
    app = create_app(state.settings, state)
    return app.server.test_client(), {"national": token, "coordinator": local}


def post_report(client, token, content, query=""):
    return client.post(
        f"/api/v1/uploads/coverage{query}",
        headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(content), "report.csv")},
        content_type="multipart/form-data",
    )


def test_a_real_report_uploaded_through_the_api_reads_back_exactly(empty_client):
    client, tokens = empty_client
    report = real_report()
    response = post_report(client, tokens["national"], report_csv(report))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["new"] == len(report) and response.get_json()["problems"] == []
    for (group, dose), part in report.groupby(["target_group", "dose"]):
        answer = client.get(f"/api/v1/coverage?group={group}&dose={dose}&as_of={REPORT_DATE}").get_json()
        assert "items" in answer, (group, dose, answer)
        items = {r["code"]: r for r in answer["items"]}
        for r in part.itertuples(index=False):
            assert items[r.area]["vaccinated"] == r.vaccinated
            expected = None if pd.isna(r.population) else round(r.vaccinated / r.population * 100, 2)
            assert items[r.area]["coverage_pct"] == expected
            assert items[r.area]["as_of"] == str(REPORT_DATE)
    again = post_report(client, tokens["national"], report_csv(report)).get_json()
    assert (again["new"], again["unchanged"]) == (0, len(report))


def test_uploads_need_a_token_and_stay_in_the_uploaders_area(empty_client):
    client, tokens = empty_client
    content = report_csv(real_report().head(3))
    assert (
        client.post(
            "/api/v1/uploads/coverage",
            data={"file": (io.BytesIO(content), "r.csv")},
            content_type="multipart/form-data",
        ).status_code
        == 401
    )
    refused = post_report(client, tokens["coordinator"], content)
    assert refused.status_code == 422
    assert all("outside your own area" in p["message_en"] for p in refused.get_json()["problems"])


def test_a_dry_run_upload_stores_nothing(empty_client):
    client, tokens = empty_client
    report = real_report(REPORT_DATE.replace(day=5))  # 2021-10-05
    response = post_report(client, tokens["national"], report_csv(report), "?dry_run=1").get_json()
    assert response["dry_run"] and response["new"] == len(report)
    assert client.get("/api/v1/coverage?as_of=2021-10-10").status_code == 422  # still nothing on or before


def test_measures_built_on_demo_records_say_they_are_synthetic(client):
    survey = client.get("/api/v1/coverage?metric=unvaccinated_per_1000").get_json()
    assert survey["synthetic_share"] == 1.0  # every demo survey record is synthetic
    hospitals = client.get("/api/v1/coverage?metric=facilities_per_100k&ftype=hospital").get_json()
    assert hospitals["synthetic_share"] == 0.0  # the hospitals are real
    assert client.get("/api/v1/coverage").get_json()["synthetic_share"] == 0.0
    page = client.get("/api/v1/exports/coverage-map.html?metric=unvaccinated_per_1000&lang=en").get_data(as_text=True)
    assert "synthetic: 100%" in page


def test_upload_history_and_undo_through_the_api(empty_client):
    client, tokens = empty_client
    auth = {"Authorization": f"Bearer {tokens['national']}"}
    report = real_report(REPORT_DATE.replace(day=5))  # 2021-10-05, not uploaded by the other tests
    upload_id = post_report(client, tokens["national"], report_csv(report)).get_json()["upload_id"]
    history = client.get("/api/v1/uploads?kind=coverage", headers=auth).get_json()["items"]
    assert history[0]["id"] == upload_id and history[0]["outcome"] == "accepted" and "content" not in history[0]
    assert client.get("/api/v1/coverage?as_of=2021-10-05").get_json()["items"][0]["as_of"] == "2021-10-05"
    assert (
        client.post(
            f"/api/v1/uploads/{upload_id}/undo", headers={"Authorization": f"Bearer {tokens['coordinator']}"}
        ).status_code
        == 403
    )
    undone = client.post(f"/api/v1/uploads/{upload_id}/undo", headers=auth).get_json()
    assert undone["deleted"] == len(report)
    assert client.get("/api/v1/coverage?as_of=2021-10-05").status_code == 422  # nothing on or before it any more
    again = client.post(f"/api/v1/uploads/{upload_id}/undo", headers=auth)
    assert again.status_code == 409 and "already undone" in again.get_json()["error"]


def test_an_uploaded_district_report_replaces_the_synthetic_one_and_undo_brings_it_back(own_demo):
    """The same date, area, group and dose: the upload is the figure (no longer synthetic), even with the same
    numbers; undoing it restores the demo's breakdown, still labelled synthetic."""
    with own_demo.state.engine.begin() as conn:
        create_user(conn, "cm_admin", "a-long-password", "province_admin", "50")
        token = create_token(conn, "cm_admin")
    client, query = own_demo.client, "/api/v1/coverage?province=50&as_of=2022-12-16"
    before = {r["code"]: r for r in client.get(query).get_json()["items"]}
    mueang = before["5001"]
    assert mueang["synthetic"] is True
    upload = f"as_of,area,target_group,dose,vaccinated,population\n2022-12-16,5001,all,1,{mueang['vaccinated']},{mueang['population']}\n"
    headers = {"Authorization": f"Bearer {token}"}
    sent = client.post(
        "/api/v1/uploads/coverage", data={"file": (io.BytesIO(upload.encode()), "c.csv")}, headers=headers
    )
    assert sent.status_code == 200 and sent.get_json()["updated"] == 1
    after = {r["code"]: r for r in client.get(query).get_json()["items"]}
    assert after["5001"]["synthetic"] is False and after["5001"]["vaccinated"] == mueang["vaccinated"]
    assert after["5002"]["synthetic"] is True
    undone = client.post(f"/api/v1/uploads/{sent.get_json()['upload_id']}/undo", headers=headers)
    assert undone.status_code == 200
    assert client.get(query).get_json()["items"][0]["synthetic"] is True
