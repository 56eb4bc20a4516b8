"""Bounded load on loopback: readers and writers at once against the real server, no errors, no lost writes.

On each database as it is deployed: SQLite behind `python app.py` (the default), PostgreSQL behind gunicorn with
two workers (production). For a few seconds, at the same time:
- readers ask for the coverage map, the nearest points and the facility list;
- writers add facilities and upload survey files (each a distinct record);
- counters: several coordinators increment one facility's beds by read, change, save with the version they read,
  reading again and retrying when the save is refused as stale (409) — the lost-update test.
Then: no answer was a 5xx or a dropped connection, every facility and survey record acknowledged is stored once,
and the counter equals the number of acknowledged increments (no increment lost, none applied twice).

JITASA_SOAK=1 runs each for a minute instead of a few seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest
import sqlalchemy as sa
from fixtures_app import start_gunicorn, start_server, stop_server

from data.campaigns import open_campaign
from data.schema import facilities, survey_records
from data.users import create_token, create_user

pytestmark = pytest.mark.system

SECONDS = 60.0 if os.environ.get("JITASA_SOAK") == "1" else 6.0


@pytest.fixture
def loaded_server(deployed_state, tmp_path):
    kind, state = deployed_state
    tokens = []
    with state.engine.begin() as conn:
        for i in range(3):
            create_user(conn, f"coord_load_{i}", "password-123", "coordinator", "5001")
            tokens.append(create_token(conn, f"coord_load_{i}"))
        open_campaign(conn, "รอบทดสอบภาระ", "Load test round", dt.date(2022, 1, 1), None)
    if kind == "sqlite":
        url, process, _ = start_server(tmp_path)
    else:
        url, process, _ = start_gunicorn(tmp_path, state.engine.url.render_as_string(hide_password=False))
    try:
        yield url, state.engine, tokens
    finally:
        stop_server(process)


def _call(url: str, method: str = "GET", token: str | None = None, body=None, multipart: bytes | None = None):
    headers = {"Connection": "close"}
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if multipart is not None:
        boundary = uuid.uuid4().hex
        data = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="surveys.csv"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + multipart
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def test_readers_and_writers_at_once_lose_nothing(loaded_server):
    url, engine, tokens = loaded_server
    api = url + "/api/v1"
    status, counter = _call(
        api + "/facilities",
        "POST",
        tokens[0],
        {"type": "hospital", "name_th": "โรงพยาบาลตัวนับ", "lat": 18.79, "lon": 98.98, "beds_available": 0},
    )
    assert status == 201, counter
    counter_id = counter["id"]
    stop_at = time.monotonic() + SECONDS
    failures: list[str] = []
    created: list[int] = []
    surveys: list[int] = []
    increments = [0]
    reads = [0]
    lock = threading.Lock()

    def fail(what: str) -> None:
        with lock:
            failures.append(what)

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            path = rng.choice(
                [
                    "/coverage?level=district&province=50&metric=facilities_per_100k",
                    f"/nearest?lat={rng.uniform(18.6, 19.0):.4f}&lon={rng.uniform(98.8, 99.1):.4f}&type=hospital",
                    "/facilities?district=5001",
                    "/coverage?level=district&province=50&metric=unvaccinated_per_1000",
                ]
            )
            try:
                status, _ = _call(api + path)
            except OSError as exc:
                fail(f"read {path}: {exc}")
                continue
            if status != 200:
                fail(f"read {path}: {status}")
            with lock:
                reads[0] += 1

    def facility_writer(seed: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            body = {
                "type": "test_site",
                "name_th": f"จุดตรวจภาระ {seed}-{n}",
                "lat": 18.78 + (n % 100) / 1e4,
                "lon": 98.98 + seed / 1e3,
            }
            try:
                status, answer = _call(api + "/facilities", "POST", tokens[seed % 3], body)
            except OSError as exc:
                fail(f"create facility: {exc}")
                continue
            if status == 201:
                with lock:
                    created.append(answer["id"])
            else:
                fail(f"create facility: {status} {answer}")

    def survey_writer(seed: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            age = 60 + (seed * 1000 + n) % 40
            row = f"2022-02-{1 + n % 28:02d},500101,{n % 12 + 1},elderly,{age},0,wants,ผู้ตอบ {seed}-{n}\n"
            csv_file = "survey_date,subdistrict,village_no,target_group,age,doses_received,intention,full_name\n" + row
            try:
                status, answer = _call(api + "/uploads/surveys", "POST", tokens[seed % 3], multipart=csv_file.encode())
            except OSError as exc:
                fail(f"upload surveys: {exc}")
                continue
            if status == 200 and answer.get("new") == 1:
                with lock:
                    surveys.append(1)
            else:
                fail(f"upload surveys: {status} {answer}")

    def counter_writer(seed: int) -> None:
        while time.monotonic() < stop_at:
            try:
                status, current = _call(f"{api}/facilities/{counter_id}")
                if status != 200:
                    fail(f"read counter: {status}")
                    continue
                body = {"beds_available": current["beds_available"] + 1, "version": current["version"]}
                status, answer = _call(f"{api}/facilities/{counter_id}", "PATCH", tokens[seed % 3], body)
            except OSError as exc:
                fail(f"counter: {exc}")
                continue
            if status == 200:
                with lock:
                    increments[0] += 1
            elif status != 409:  # stale: somebody saved first; read again and retry
                fail(f"counter: {status} {answer}")

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    threads += [threading.Thread(target=facility_writer, args=(i,)) for i in range(2)]
    threads += [threading.Thread(target=survey_writer, args=(i,)) for i in range(2)]
    threads += [threading.Thread(target=counter_writer, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert reads[0] > 20 and len(created) > 5 and len(surveys) > 5 and increments[0] > 5  # real load happened
    with engine.connect() as conn:
        stored = set(conn.execute(sa.select(facilities.c.id).where(facilities.c.type == "test_site")).scalars())
        survey_count = conn.execute(sa.select(sa.func.count()).select_from(survey_records)).scalar_one()
        beds, version = conn.execute(
            sa.select(facilities.c.beds_available, facilities.c.version).where(facilities.c.id == counter_id)
        ).one()
    assert stored == set(created)
    assert survey_count == len(surveys)
    assert beds == increments[0] and version == increments[0] + 1
