"""Possible duplicates in headless Chromium against the real server (`python app.py --demo`): a coordinator uploads
a real Mueang Chiang Mai hospital again under another id and spelling, 12 m away, gets a warning (the row is stored),
then merges the pair on /duplicates, keeping the real record, and finds the merge in its history."""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest
from fixtures_app import STAFF, api_token, outside, sign_in

pytestmark = pytest.mark.browser
NORTH_12_M = 0.000108  # degrees of latitude


def call(url: str, token: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def upload_csv(url: str, token: str, filename: str, content: bytes) -> dict:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return call(url + "/api/v1/uploads/facilities", token, "POST", body, headers)


def a_real_hospital(url: str, token: str) -> dict:
    found = call(url + "/api/v1/facilities?district=5001&type=hospital", token)["items"]
    return next(f for f in found if not f["synthetic"] and f["name_th"].startswith("โรงพยาบาล"))


def test_a_coordinator_merges_a_near_duplicate_and_the_history_shows_it(staff_server, browser):
    url, coordinator = staff_server["url"], STAFF["coordinator"][0]
    token = api_token(staff_server["data_dir"], coordinator)
    hospital = a_real_hospital(url, token)
    spelled = hospital["name_th"].replace("โรงพยาบาล", "รพ. ", 1)
    row = f"BRDUP-{uuid.uuid4().hex[:6]},hospital,{spelled},{hospital['lat'] + NORTH_12_M:.7f},{hospital['lon']:.7f}"
    report = upload_csv(url, token, "ซ้ำ.csv", ("facility_id,type,name_th,lat,lon\n" + row + "\n").encode())
    assert report["problems"] == [] and report["new"] == 1, report
    (warning,) = report["warnings"]
    assert f"“{hospital['name_th']}” (id {hospital['external_id']}), 12 m away" in warning["message_en"]
    pending = call(url + "/api/v1/duplicates", token)["items"]
    (pair,) = [p for p in pending if hospital["id"] in (p["a"]["id"], p["b"]["id"])]

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, url, coordinator)
    page.goto(url + "/duplicates")
    card = page.locator(f"#dup-pair-{pair['id']}")
    card.wait_for(timeout=60_000)
    assert "ห่างกัน 12 ม." in card.inner_text() and spelled in card.inner_text()
    keep = card.locator(".dup-side", has_text=hospital["external_id"])
    assert keep.locator("button").inner_text() == "รวม (เก็บรายการนี้)"
    keep.locator("button").click()
    page.wait_for_selector(".alert-success", timeout=60_000)
    assert "รวมแล้ว" in page.inner_text("#dup-message")
    card.wait_for(state="detached", timeout=60_000)
    assert outside(requests) == []
    context.close()

    assert pair["id"] not in [p["id"] for p in call(url + "/api/v1/duplicates", token)["items"]]
    history = call(url + f"/api/v1/facilities/{hospital['id']}", token)["history"]
    assert history[-1]["change"] == "merge" and history[-1]["data"]["status"] == "open"
    other = pair["b"]["id"] if pair["a"]["id"] == hospital["id"] else pair["a"]["id"]
    closed = call(url + f"/api/v1/facilities/{other}", token)
    assert closed["status"] == "closed" and closed["history"][-1]["data"]["merged_into"] == hospital["id"]
