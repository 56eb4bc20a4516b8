"""The REST API through Flask's test client, on the demo data."""

import csv
import gzip
import io
import json
import re

import pytest
import shapely.geometry


def test_provinces_are_77_with_chiang_mai(client):
    body = client.get("/api/v1/areas?level=province").get_json()
    assert body["total"] == 77 and len(body["items"]) == 77
    chiang_mai = next(a for a in body["items"] if a["code"] == "50")
    assert (chiang_mai["name_th"], chiang_mai["name_en"]) == ("เชียงใหม่", "Chiang Mai")


def test_districts_are_928_and_nest_in_their_province(client):
    body = client.get("/api/v1/areas?level=district").get_json()
    assert body["total"] == 928
    assert all(a["code"].startswith(a["parent"]) and len(a["code"]) == 4 for a in body["items"])


def test_areas_filter_by_parent_given_as_a_name_or_iso_code(client):
    by_name = client.get("/api/v1/areas?level=district&parent=เชียงใหม่").get_json()
    by_iso = client.get("/api/v1/areas?level=district&parent=TH-50").get_json()
    assert by_name == by_iso and by_name["total"] == 25
    assert all(a["code"].startswith("50") for a in by_name["items"])


def test_subdistricts_are_paged(client):
    first = client.get("/api/v1/areas?level=subdistrict").get_json()
    assert first["total"] > 7000 and len(first["items"]) == 1000 and first["limit"] == 1000
    second = client.get("/api/v1/areas?level=subdistrict&offset=1000&limit=5").get_json()
    assert [a["code"] for a in second["items"]] != [a["code"] for a in first["items"][:5]]


@pytest.mark.parametrize(
    "query,status",
    [
        ("level=county", 422),
        ("level=district&parent=Atlantis", 404),
        ("level=province&limit=0", 422),
        ("level=province&limit=20000", 422),
        ("level=province&offset=-1", 422),
    ],
)
def test_bad_area_queries_get_json_errors(client, query, status):
    response = client.get(f"/api/v1/areas?{query}")
    assert response.status_code == status
    body = response.get_json()
    assert body["error"] and body["problems"] and "Traceback" not in response.get_data(as_text=True)


def test_district_geojson_has_928_valid_features(client):
    response = client.get("/api/v1/areas/district.geojson", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    collection = json.loads(gzip.decompress(response.data))
    assert len(collection["features"]) == 928
    assert all(shapely.geometry.shape(f["geometry"]).is_valid for f in collection["features"])
    assert {f["properties"]["code"] for f in collection["features"]} == {f["id"] for f in collection["features"]}


def test_geojson_is_cacheable_by_etag(client):
    first = client.get("/api/v1/areas/province.geojson")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/areas/province.geojson", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert "max-age" in first.headers["Cache-Control"]


def test_unknown_level_geojson_is_404_json(client):
    response = client.get("/api/v1/areas/county.geojson")
    assert response.status_code == 404 and "county" in response.get_json()["error"]


def test_unknown_route_is_404_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json


def test_facilities_filter_by_type_and_province(client):
    body = client.get("/api/v1/facilities?type=hospital&province=เชียงใหม่").get_json()
    assert body["total"] > 10
    assert all(f["type"] == "hospital" and f["province"] == "50" for f in body["items"])
    assert all({"name_th", "name_en", "lat", "lon", "synthetic"} <= set(f) for f in body["items"])


def test_facilities_bbox(client):
    body = client.get("/api/v1/facilities?bbox=98.9,18.7,99.1,18.9&limit=10000").get_json()
    assert body["total"] > 0
    assert all(98.9 <= f["lon"] <= 99.1 and 18.7 <= f["lat"] <= 18.9 for f in body["items"])


def test_facilities_geojson_and_csv_return_every_match(client):
    total = client.get("/api/v1/facilities?type=test_site").get_json()["total"]
    collection = json.loads(client.get("/api/v1/facilities?type=test_site&format=geojson").data)
    assert len(collection["features"]) == total == 130
    text = client.get("/api/v1/facilities?type=test_site&format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 130 and rows[0]["type"] == "test_site"


def test_synthetic_facilities_say_so(client):
    body = client.get("/api/v1/facilities?type=vaccination_point&limit=5").get_json()
    assert body["items"] and all(f["synthetic"] and "synthetic" in f["name_en"] for f in body["items"])


@pytest.mark.parametrize("query", ["type=spaceport", "status=maybe", "province=Atlantis", "bbox=1,2,3", "format=xml"])
def test_bad_facility_filters_are_422(client, query):
    response = client.get(f"/api/v1/facilities?{query}")
    assert response.status_code == 422
    problem = response.get_json()["problems"][0]
    assert problem["message_th"] and problem["message_en"] and problem["column"]


def test_unknown_province_suggests_names(client):
    problem = client.get("/api/v1/facilities?province=Chiang Mia").get_json()["problems"][0]
    assert "Chiang Mai" in problem["message_en"]


def test_facility_detail_and_404(client):
    first = client.get("/api/v1/facilities?limit=1").get_json()["items"][0]
    assert client.get(f"/api/v1/facilities/{first['id']}").get_json()["name_th"] == first["name_th"]
    assert "history" not in client.get(f"/api/v1/facilities/{first['id']}").get_json()
    assert client.get("/api/v1/facilities/99999999").status_code == 404


def test_openapi_lists_every_route(client, demo_app):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    routes = {r.rule for r in demo_app.server.url_map.iter_rules() if r.rule.startswith("/api/v1/")}
    routes = {re.sub(r"<(?:\w+:)?\w+>", "{}", r) for r in routes - {"/api/v1/openapi.json", "/api/v1/<path:rest>"}}
    documented = {re.sub(r"\{\w+\}", "{}", p) for p in document["paths"]}
    assert routes <= documented
