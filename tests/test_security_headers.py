"""Security headers on every answer (dashboard/security.py): the Content-Security-Policy without unsafe-eval, no
framing, nosniff, the referrer kept on this site; HSTS and the Secure session cookie only with JITASA_SECURE_COOKIES;
the exported HTML map as a download with a policy of its own; plotly.js's strict bundle where Dash loads plotly."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from dashboard.security import PLOTLY_PATH, PLOTLY_STRICT, download_policy, page_policy, tile_origin

ANSWERS = [
    ("/", 200),  # the page shell
    ("/people", 200),  # a signed-in page's shell (its Approve button must not be framed)
    ("/api/v1/areas?level=province", 200),
    ("/api/v1/openapi.json", 200),
    ("/assets/app.css", 200),
    ("/login", 200),
    ("/no-such-page/x", 404),  # no page takes it (dashboard/public.py)
    ("/api/v1/no-such-thing?lat=18.8&lon=98.9", 404),
    ("/api/v1/nearest?lat=north&lon=98.9", 422),
]


def policy_of(answer) -> dict[str, list[str]]:
    text = answer.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in text.split(";") if part.strip()}


@pytest.mark.parametrize("path,status", ANSWERS)
def test_every_answer_carries_the_headers(client, path, status):
    answer = client.get(path)
    assert answer.status_code == status
    policy = policy_of(answer)
    assert policy["frame-ancestors"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert "'unsafe-eval'" not in policy["script-src"] and "'unsafe-inline'" not in policy["script-src"]
    assert policy["worker-src"] == ["'self'", "blob:"] and policy["object-src"] == ["'none'"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in answer.headers  # JITASA_SECURE_COOKIES is off by default


def test_a_304_carries_the_headers_too(client):
    first = client.get("/api/v1/areas?level=province")
    again = client.get("/api/v1/areas?level=province", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and "frame-ancestors 'none'" in again.headers["Content-Security-Policy"]


def test_every_inline_script_of_the_page_shell_is_allowed_by_its_hash(client):
    answer = client.get("/")
    allowed = policy_of(answer)["script-src"]
    shell = re.sub(r"<!--.*?-->", "", answer.get_data(as_text=True), flags=re.S)  # (Dash's IE notice is a comment)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", shell, re.S)
    run = [body for attrs, body in inline if "application/json" not in attrs]  # data blocks do not run
    assert run, "the shell starts Dash with an inline script"
    for body in run:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, body[:80]


def test_the_html_map_export_is_a_download_with_a_policy_of_its_own(client):
    answer = client.get("/api/v1/exports/coverage-map.html?metric=facilities_per_100k")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].startswith("attachment")
    assert answer.headers["Content-Security-Policy"] == download_policy()
    policy = policy_of(answer)
    assert policy["script-src"] == ["'unsafe-inline'"] and policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and "connect-src" not in policy  # default-src 'none': no fetch
    assert "<script>" in answer.get_data(as_text=True)  # it keeps its own inline scripts (Leaflet inlined)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_dash_loads_the_strict_plotly_bundle_of_the_pinned_version(client):
    from plotly.offline import get_plotlyjs_version

    answer = client.get("/" + PLOTLY_PATH)
    assert answer.status_code == 200 and answer.mimetype in ("application/javascript", "text/javascript")
    head = answer.get_data()[:200].decode()
    assert f"plotly.js (strict - minified) v{get_plotlyjs_version()}" in head
    assert (PLOTLY_STRICT.parent / "LICENSE").is_file()
    again = client.get("/" + PLOTLY_PATH, headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304


def test_the_strict_bundle_is_not_in_every_page(client):
    page = client.get("/").get_data(as_text=True)
    assert "vendor/plotly" not in page and "plotly.min.js" not in page  # loaded by dcc.Graph when a graph shows
    assert "vendor/leaflet" not in page  # for the exported maps only


def test_tiles_from_another_server_are_allowed_to_load():
    assert tile_origin("https://tiles.example.org/{z}/{x}/{y}.png") == "https://tiles.example.org"
    assert tile_origin("/tiles/{z}/{x}/{y}.png") == ""
    policy = page_policy([], "https://tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: blob: https://tiles.example.org" in policy
    assert "connect-src 'self' https://tiles.example.org" in policy


def test_secure_cookies_send_hsts_and_a_secure_session_cookie(base_state, deployed_template, tmp_path, quick_hashes):
    from fixtures_app import app_on, create_people

    with app_on(base_state, tmp_path / "secure", deployed_template, secure_cookies=True) as own:
        create_people(own.state, {"hsts_admin": ("national_admin", "TH")})
        form = own.client.get("/login")
        assert form.headers["Strict-Transport-Security"] == "max-age=31536000"
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.get_data(as_text=True)).group(1)
        signed = own.client.post("/login", data={"username": "hsts_admin", "password": "a-long-password", "csrf": csrf})
        assert signed.status_code == 303
        cookie = next(c for c in signed.headers.getlist("Set-Cookie") if c.startswith("jitasa_session="))
        assert "Secure" in cookie and "HttpOnly" in cookie
        assert own.client.get("/api/v1/areas?level=province").headers["Strict-Transport-Security"]


def test_without_secure_cookies_the_session_cookie_works_over_http(client):
    form = client.get("/login")
    cookie = next(c for c in form.headers.getlist("Set-Cookie") if c.startswith("jitasa_session="))
    assert "Secure" not in cookie
