"""Parameters declared once (data/params.py): the route's parser and the OpenAPI document read the same declaration,
so a changed limit moves both. And the document stays OpenAPI 3 with every route and declared parameter."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

import numpy as np
import pandas as pd

from dashboard.api import params
from dashboard.jsonable import jsonable
from data import finder_query


def _schema(client, path: str, name: str) -> dict:
    operation = client.get("/api/v1/openapi.json").get_json()["paths"][path]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def test_a_changed_list_limit_moves_the_parser_and_the_document(client, monkeypatch):
    assert _schema(client, "/api/v1/facilities", "limit")["maximum"] == 10000
    assert client.get("/api/v1/facilities?limit=20").status_code == 200
    monkeypatch.setattr(params.LIMIT, "maximum", 10)
    assert _schema(client, "/api/v1/facilities", "limit")["maximum"] == 10
    refused = client.get("/api/v1/facilities?limit=20")
    assert refused.status_code == 422
    assert "limit must be a whole number from 1 to 10" in refused.get_json()["error"]
    assert client.get("/api/v1/facilities?limit=10").status_code == 200


def test_a_changed_nearest_k_moves_the_parser_the_document_and_the_page(client, monkeypatch):
    assert _schema(client, "/api/v1/nearest", "k")["maximum"] == 50
    monkeypatch.setattr(finder_query.K, "maximum", 7)
    assert _schema(client, "/api/v1/nearest", "k")["maximum"] == 7
    body = client.get("/api/v1/nearest?lat=13.75&lon=100.5&k=8").get_json()
    assert "k must be a whole number from 1 to 7" in body["error"]
    assert client.get("/api/v1/nearest?lat=13.75&lon=100.5&k=7").status_code == 200
    page = finder_query.parse_args({"lat": "13.75", "lon": "100.5", "k": "8"})  # the finder page: falls back to 7
    assert page.query.k == 7 and page.problems == [("find.error.k", {"value": "8", "max": 7, "k": 7})]


def test_the_document_is_openapi_3_and_declares_what_the_parsers_read(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.") and document["info"]["title"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert method in {"get", "post", "patch", "put", "delete"}, path
            assert operation["summary"] and operation["responses"], (method, path)
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in {"query", "path"} and "schema" in parameter, (path, parameter)
                if parameter["in"] == "path":
                    assert "{" + parameter["name"] + "}" in path and parameter["required"]
    coverage = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/coverage"]["get"]["parameters"]}
    assert coverage["dose"]["enum"] == [1, 2, 3] and "coverage" in coverage["metric"]["enum"]
    assert _schema(client, "/api/v1/nearest", "max_km") == {"type": "number", "minimum": 0.001, "maximum": 2000}


def test_jsonable_makes_dates_numbers_and_missing_values_plain():
    row = {
        "day": dt.date(2021, 9, 1),
        "at": pd.Timestamp("2021-09-01 09:30", tz="UTC"),
        "nat": pd.NaT,
        "nan": float("nan"),
        "np_nan": np.float64("nan"),
        "count": np.int64(3),
        "share": np.float32(0.5),
        "sum": Decimal("12"),
        "na": pd.NA,
        "nested": [{"day": dt.date(2021, 9, 2)}],
    }
    assert jsonable(row) == {
        "day": "2021-09-01",
        "at": "2021-09-01T09:30:00+00:00",
        "nat": None,
        "nan": None,
        "np_nan": None,
        "count": 3,
        "share": 0.5,
        "sum": 12,
        "na": None,
        "nested": [{"day": "2021-09-02"}],
    }
    assert json.dumps(jsonable(row), allow_nan=False)


def test_the_apps_json_provider_writes_the_same(demo_app):
    provider = demo_app.server.json
    value = {"b": math.nan, "a": dt.date(2021, 9, 1), "n": np.int64(2), "t": "ไทย"}
    assert provider.dumps(value) == '{"a": "2021-09-01", "b": null, "n": 2, "t": "ไทย"}'
