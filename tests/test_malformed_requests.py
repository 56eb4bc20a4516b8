"""Attacks on every route that reads what the request says, through Flask's test client: integers past 64 bits in
offsets, limits and ids, lone surrogates and deep nesting in JSON bodies, CR/LF in the sign-in's ``next``. Each answers
a 4xx in the usual shape (``{"error", "error_th", "problems"}``), never a 500 or a traceback."""

from __future__ import annotations

import re

import pytest

from dashboard.jsonable import MAX_JSON_DEPTH

HUGE = "9" * 30  # past any 64-bit integer
JUST_PAST = str(2**63)  # the first integer no database column holds
PEOPLE = {"nat": ("national_admin", "TH"), "coord": ("coordinator", "5001")}


@pytest.fixture(scope="module")
def api(tmp_path_factory, geo_cache_dir):
    """An app on an empty database, a national admin and a coordinator with their tokens."""
    from fixtures_app import create_people, make_settings

    from app import create_app
    from dashboard.state import build_state

    data_dir = tmp_path_factory.mktemp("malformed")
    (data_dir / "cache").symlink_to(geo_cache_dir)
    state = build_state(make_settings(data_dir))
    tokens = create_people(state, PEOPLE)
    app = create_app(state.settings, state)
    yield app.server.test_client(), {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    state.engine.dispose()


def assert_refused(response, statuses=(400, 404, 422)) -> dict:
    """A 4xx among ``statuses`` with the usual JSON error shape, and nothing that looks like a traceback."""
    text = response.get_data(as_text=True)
    assert response.status_code in statuses, (response.status_code, text[:300])
    assert "Traceback" not in text and 'File "' not in text
    body = response.get_json()
    assert set(body) >= {"error", "error_th", "problems"}, body
    assert body["error"] and body["error_th"]
    return body


# -- integers past what the database holds ---------------------------------------------------------------------------
PAGED = ("/api/v1/facilities", "/api/v1/surveys", "/api/v1/areas?level=province")


@pytest.mark.parametrize("route", PAGED)
@pytest.mark.parametrize("name", ["offset", "limit"])
@pytest.mark.parametrize("value", [HUGE, JUST_PAST, "-1", "1e9", "²", "๙" * 25])
def test_an_offset_or_limit_no_database_holds_is_a_422(api, route, name, value):
    client, people = api
    joiner = "&" if "?" in route else "?"
    body = assert_refused(client.get(f"{route}{joiner}{name}={value}", headers=people["nat"]), (422,))
    assert body["problems"][0]["column"] == name


def test_the_largest_offset_a_database_holds_is_an_empty_page(api):
    client, people = api
    response = client.get(f"/api/v1/facilities?offset={2**63 - 1}", headers=people["nat"])
    assert response.status_code == 200 and response.get_json()["items"] == []


ID_ROUTES = [
    ("GET", "/api/v1/facilities/{id}"),
    ("PATCH", "/api/v1/facilities/{id}"),
    ("POST", "/api/v1/facilities/{id}/revert"),
    ("POST", "/api/v1/campaigns/{id}/close"),
    ("POST", "/api/v1/duplicates/{id}/dismiss"),
    ("POST", "/api/v1/duplicates/{id}/merge"),
    ("POST", "/api/v1/tokens/{id}/revoke"),
    ("POST", "/api/v1/uploads/{id}/undo"),
    ("GET", "/api/v1/uploads/{id}/file"),
]


@pytest.mark.parametrize("method, route", ID_ROUTES)
@pytest.mark.parametrize("value", [HUGE, JUST_PAST, str(2**63 - 1), str(2**31)])
def test_an_id_no_record_has_is_a_404(api, method, route, value):
    client, people = api
    response = client.open(route.format(id=value), method=method, headers=people["nat"], json={"version": 1})
    assert_refused(response, (404, 422))


@pytest.mark.parametrize(
    "body",
    [
        {"version": int(HUGE), "name_th": "x"},
        {"version": 2**63, "name_th": "x"},
    ],
)
def test_a_version_no_database_holds_is_refused(api, body):
    client, people = api
    assert_refused(client.patch("/api/v1/facilities/1", headers=people["nat"], json=body), (404, 409, 422))


def test_numbers_past_what_a_column_holds_in_a_new_facility_are_a_422(api):
    client, people = api
    body = {"type": "hospital", "name_th": "โรงพยาบาลทดสอบ", "lat": 18.79, "lon": 98.98, "beds_total": int(HUGE)}
    assert_refused(client.post("/api/v1/facilities", headers=people["nat"], json=body), (422,))


# -- JSON bodies ---------------------------------------------------------------------------------------------------------
JSON_ROUTES = [
    ("POST", "/api/v1/facilities"),
    ("PATCH", "/api/v1/facilities/1"),
    ("POST", "/api/v1/facilities/1/revert"),
    ("POST", "/api/v1/campaigns"),
    ("POST", "/api/v1/campaigns/1/close"),
    ("POST", "/api/v1/duplicates/1/merge"),
    ("POST", "/api/v1/tokens"),
    ("POST", "/_dash-update-component"),
]
LONE_SURROGATES = [
    b'{"name_th": "\\ud800", "type": "hospital"}',
    b'{"name": "x\\udfffy"}',
    b'{"\\ud83d": 1}',  # a key, half of a pair
    b'["\\ude00\\ud83d"]',  # the two halves in the wrong order
]


def deep(depth: int, kind: str) -> bytes:
    if kind == "array":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("method, route", JSON_ROUTES)
@pytest.mark.parametrize("payload", LONE_SURROGATES)
def test_a_lone_surrogate_in_json_is_a_400(api, method, route, payload):
    client, people = api
    response = client.open(route, method=method, data=payload, content_type="application/json", headers=people["nat"])
    body = assert_refused(response, (400,))
    assert "surrogate" in body["error"]


@pytest.mark.parametrize("method, route", JSON_ROUTES)
@pytest.mark.parametrize("payload", [deep(MAX_JSON_DEPTH + 1, "array"), deep(5_000, "array"), deep(100_000, "object")])
def test_json_nested_past_the_limit_is_a_400(api, method, route, payload):
    client, people = api
    response = client.open(route, method=method, data=payload, content_type="application/json", headers=people["nat"])
    body = assert_refused(response, (400,))
    assert f"{MAX_JSON_DEPTH} levels" in body["error"]


def test_a_surrogate_pair_and_nesting_within_the_limit_are_read(api):
    client, people = api
    body = b'{"name_th": "\\ud83d\\ude00", "extra": ' + deep(MAX_JSON_DEPTH - 2, "array") + b"}"
    response = client.post("/api/v1/facilities", data=body, content_type="application/json", headers=people["nat"])
    refused = assert_refused(response, (422,))  # read, then refused for what it lacks (type, lat, lon)
    assert "surrogate" not in refused["error"] and "levels" not in refused["error"]


@pytest.mark.parametrize("payload", [b"{", b"\xff\xfe{}", b'{"a": NaN', b"", b"[1,2"])
def test_json_that_does_not_parse_is_a_4xx(api, payload):
    client, people = api
    response = client.post("/api/v1/facilities", data=payload, content_type="application/json", headers=people["nat"])
    assert_refused(response, (400, 422))


# -- the sign-in's next ----------------------------------------------------------------------------------------------------
NEXTS = ["/x\r\nSet-Cookie: a=b", "/\r\nLocation: http://evil.example", "/ok\n", "/a\tb", "/\\evil.example", "/\x7f"]


def _csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("target", NEXTS)
def test_a_next_with_control_characters_is_ignored_and_the_sign_in_goes_home(api, target):
    client = api[0].application.test_client()  # signed out
    page = client.get("/login", query_string={"next": target})
    assert page.status_code == 200 and "\r" not in page.get_data(as_text=True).split('name="next" value="')[1][:80]
    response = client.post(
        "/login",
        data={"username": "nat", "password": "a-long-password", "csrf": _csrf(client), "next": target},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert response.headers["Location"] == "/"
    assert "a=b" not in response.headers.get("Set-Cookie", "")


def test_a_plain_next_is_still_followed(api):
    client = api[0].application.test_client()
    data = {"username": "coord", "password": "a-long-password", "csrf": _csrf(client), "next": "/facilities?x=1"}
    response = client.post("/login", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/facilities?x=1"


@pytest.mark.parametrize(
    ("method", "route", "allow"),
    [
        ("DELETE", "/api/v1/facilities/1", "GET, PATCH, HEAD, OPTIONS"),
        ("PUT", "/api/v1/facilities/1", "GET, PATCH, HEAD, OPTIONS"),
        ("POST", "/api/v1/health", "GET, HEAD, OPTIONS"),
        ("GET", "/api/v1/uploads/1/undo", "POST, OPTIONS"),
    ],
)
def test_a_method_an_address_does_not_take_is_a_405_naming_those_it_does(api, method, route, allow):
    client, tokens = api
    response = client.open(route, method=method, headers=tokens["nat"])
    body = assert_refused(response, statuses=(405,))
    assert response.headers["Allow"] == allow and f"{method} is not allowed here" in body["error"]
    assert "ที่นี่ไม่ได้" in body["error_th"]
    options = client.options(route)
    assert options.headers["Allow"] == allow  # not every method of the catch-all


@pytest.mark.parametrize(
    "payload",
    [
        "[]",
        "null",
        "{}",
        '{"output": "nope.children", "outputs": {"id": "nope", "property": "children"}, "inputs": []}',
    ],
)
def test_a_callback_request_the_page_never_sends_is_a_400_without_a_traceback(api, payload, caplog):
    client, _ = api
    response = client.post("/_dash-update-component", data=payload, content_type="application/json")
    body = assert_refused(response, statuses=(400,))
    assert "reload the page" in body["error"] and body["error_th"]
    assert not [r for r in caplog.records if r.exc_info]  # a warning line, no traceback in the log


@pytest.mark.parametrize("path", ["/_dash-component-suites/x/y.js", "/_dash-component-suites/dash/../../app.py"])
def test_a_component_file_no_library_has_is_a_404(api, path):
    client, _ = api
    response = client.get(path)
    assert response.status_code == 404 and "Traceback" not in response.get_data(as_text=True)
