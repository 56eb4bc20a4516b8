"""Production serving as the README documents it: gunicorn with two workers against PostgreSQL.

A change made through one worker is visible on the next request another worker serves (the finder's index, the
public answers and their ETags are keyed by the data's versions, which live in the database); answers are
compressed; a worker killed outright is replaced and the service goes on.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import brotli
import pytest
import sqlalchemy as sa
from fixtures_app import _drop_schema, _fresh_postgres_schema, start_gunicorn

from data.users import create_token, create_user

pytestmark = [pytest.mark.postgres, pytest.mark.system]


@pytest.fixture(scope="module")
def gunicorn_server(postgres_available, tmp_path_factory, geo_cache_dir):
    name, url, admin = _fresh_postgres_schema(postgres_available)
    data_dir = tmp_path_factory.mktemp("gunicorn")
    (data_dir / "cache").symlink_to(geo_cache_dir)
    base, process, log_path = start_gunicorn(data_dir, url)
    try:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            create_user(conn, "coord_gunicorn", "password-123", "coordinator", "5001")
            token = create_token(conn, "coord_gunicorn")
        engine.dispose()
        yield {"url": base, "log": log_path, "process": process, "token": token}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        _drop_schema(admin, name)


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Connection": "close", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _served_by(log: Path, path: str, after: int = 0) -> list[str]:
    """The pids of the workers that served ``path``, from the access log (lines after line ``after``)."""
    lines = log.read_text(errors="replace").splitlines()[after:]
    return [m.group(1) for line in lines if f'"GET {path}"' in line and (m := re.search(r"pid=<?(\d+)", line))]


def _log_length(log: Path) -> int:
    return len(log.read_text(errors="replace").splitlines())


def _children(server) -> dict[str, str]:
    """The master's children: pid → command line."""
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(server["process"].pid)], capture_output=True, text=True
    )
    return dict(line.strip().split(None, 1) for line in out.stdout.splitlines() if line.strip())


def _workers(server) -> set[str]:
    """The workers: every child but the finder's builder (data/finder_builder.py)."""
    return {pid for pid, args in _children(server).items() if "data.finder_builder" not in args}


def _nearest_names(server) -> list[str]:
    status, _, body = _get(server["url"] + "/api/v1/nearest?lat=18.79&lon=98.98&k=5")
    assert status == 200, body[:300]
    return [item["name_th"] for item in json.loads(body)["items"]]


def test_a_change_through_one_worker_is_seen_by_the_other_at_once(gunicorn_server):
    server = gunicorn_server
    assert len(_workers(server)) == 2
    builders = [pid for pid, args in _children(server).items() if "data.finder_builder" in args]
    assert len(builders) == 1, _children(server)  # one finder index for the machine, made off the request path
    # both workers build their finder index and cache the public answer before the write
    coverage = server["url"] + "/api/v1/coverage?level=district&province=50&metric=facilities_per_100k"
    tags = set()
    for _ in range(60):
        assert _nearest_names(server) == []
        tags.add(_get(coverage)[1]["ETag"])
        if len(set(_served_by(server["log"], "/api/v1/nearest"))) == 2:
            break
    assert len(set(_served_by(server["log"], "/api/v1/nearest"))) == 2, "one worker served every request"
    assert len(tags) == 1  # the same answer has the same tag in every worker

    request = urllib.request.Request(
        server["url"] + "/api/v1/facilities",
        data=json.dumps({"type": "vaccination_point", "name_th": "จุดฉีดผ่านกูนิคอร์น", "lat": 18.79, "lon": 98.98}).encode(),
        headers={"Authorization": f"Bearer {server['token']}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201

    (old_tag,) = tags
    mark = _log_length(server["log"])
    for _ in range(60):
        assert _nearest_names(server) == ["จุดฉีดผ่านกูนิคอร์น"]
        status, headers, body = _get(coverage, {"If-None-Match": old_tag})
        assert status == 200 and headers["ETag"] != old_tag  # never a 304 for the old answer
        mueang = next(r for r in json.loads(body)["items"] if r["code"] == "5001")
        assert mueang["count"] == 1
        if len(set(_served_by(server["log"], "/api/v1/nearest", mark))) == 2:
            break
    assert len(set(_served_by(server["log"], "/api/v1/nearest", mark))) == 2


@pytest.mark.parametrize(
    ("path", "encoding", "decode"),
    [
        ("/api/v1/coverage?metric=facilities_per_100k", "br", brotli.decompress),
        ("/api/v1/coverage?metric=facilities_per_100k", "gzip", gzip.decompress),
        ("/api/v1/areas/district.geojson", "gzip", gzip.decompress),
    ],
)
def test_answers_are_compressed(gunicorn_server, path, encoding, decode):
    _, _, plain = _get(gunicorn_server["url"] + path, {"Accept-Encoding": "identity"})
    status, headers, body = _get(gunicorn_server["url"] + path, {"Accept-Encoding": encoding})
    assert status == 200 and headers["Content-Encoding"] == encoding
    assert len(body) < len(plain) / 3 and json.loads(decode(body)) == json.loads(plain)


def test_the_page_scripts_are_compressed_and_cacheable(gunicorn_server):
    _, _, page = _get(gunicorn_server["url"] + "/")
    script = re.search(rb'src="(/_dash-component-suites/dash/dash-renderer/[^"]+)"', page).group(1).decode()
    status, headers, _ = _get(gunicorn_server["url"] + script, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in headers["Cache-Control"]


def test_a_killed_worker_is_replaced_and_the_service_goes_on(gunicorn_server):
    before = _workers(gunicorn_server)
    victim = sorted(before)[0]
    os.kill(int(victim), signal.SIGKILL)
    deadline = time.monotonic() + 60
    while True:
        now = _workers(gunicorn_server)
        if len(now) == 2 and victim not in now:
            break
        assert time.monotonic() < deadline, f"workers {now} 60 s after killing {victim}"
        time.sleep(0.5)
    for _ in range(10):
        assert _get(gunicorn_server["url"] + "/api/v1/areas?level=province")[0] == 200
