"""A server process killed (kill -9) while it stores an upload: no partial data, and the service goes on.

SQLite behind `python app.py` (the process is the server: it is started again), PostgreSQL behind gunicorn with two
workers (the worker storing the upload is killed; gunicorn replaces it). The upload is 60,000 survey records (three
chunks) through POST /api/v1/uploads/surveys; the kill comes when the server's log says rows are being stored. Afterwards
every table an upload writes to is exactly as before (row counts and checksums), and the same file uploaded again
is stored whole.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest
from fixtures_app import start_gunicorn, start_server, stop_server
from test_import_kill import snapshot, survey_file

from data.campaigns import open_campaign
from data.users import create_token, create_user

pytestmark = pytest.mark.system

ROWS = 60_000


@pytest.fixture
def deployment(deployed_state, tmp_path):
    kind, state = deployed_state
    with state.engine.begin() as conn:
        create_user(conn, "coord_kill", "password-123", "coordinator", "5001")
        token = create_token(conn, "coord_kill")
        open_campaign(conn, "รอบทดสอบ", "Test round", dt.date(2022, 1, 1), None)
    subdistricts = [c for c in state.registry.frame("subdistrict").index if c.startswith("5001")]
    database_url = state.engine.url.render_as_string(hide_password=False)
    deployed = {"kind": kind, "data_dir": tmp_path, "database_url": database_url, "state": state}
    deployed |= {"token": token, "subdistricts": subdistricts}
    yield deployed  # the test adds the server it starts: stopped here, whatever happened
    if deployed.get("process"):
        stop_server(deployed["process"])


def _start(deployed: dict) -> str:
    if deployed["kind"] == "sqlite":
        url, process, log = start_server(deployed["data_dir"])
    else:
        url, process, log = start_gunicorn(deployed["data_dir"], deployed["database_url"])
    deployed.update(process=process, log=log)
    return url


def _upload(url: str, token: str, content: bytes) -> tuple[int | None, str]:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="surveys.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url + "/api/v1/uploads/surveys",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError as exc:  # the server died under the request
        return None, str(exc)


def _storing_pid(log, timeout_s: float = 300) -> int:
    """The pid of the process whose log says it is storing rows of the upload."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for line in log.read_text(errors="replace").splitlines():
            if "upload of surveys: store" in line and not line.endswith(f"{ROWS}/{ROWS} rows"):
                found = re.search(r"\[pid (\d+)\]", line)
                return int(found.group(1)) if found else 0
        time.sleep(0.05)
    raise AssertionError("the upload never reached the store phase:\n" + log.read_text()[-3000:])


def test_a_server_killed_while_storing_an_upload_leaves_no_partial_data(deployment):
    url = _start(deployment)
    content = survey_file(ROWS, deployment["subdistricts"], seed=7)
    before = snapshot(deployment["state"].engine)

    answer: dict = {}
    thread = threading.Thread(target=lambda: answer.update(result=_upload(url, deployment["token"], content)))
    thread.start()
    pid = _storing_pid(deployment["log"])
    process = deployment["process"]
    os.kill(pid or process.pid, signal.SIGKILL)
    thread.join(timeout=120)
    status, text = answer["result"]
    assert status in (None, 500, 502, 503) and "Traceback" not in text  # the request failed: nothing was promised

    if deployment["kind"] == "sqlite":
        assert process.wait(timeout=30) == -signal.SIGKILL
        url = _start(deployment)  # started again on the same data
    else:
        assert pid != process.pid and process.poll() is None  # a worker died; gunicorn goes on
    assert snapshot(deployment["state"].engine) == before
    if deployment["kind"] == "sqlite":
        with deployment["state"].engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

    status, text = _upload(url, deployment["token"], content)
    assert status == 200 and f'"new":{ROWS}' in text.replace(" ", ""), text[:500]
