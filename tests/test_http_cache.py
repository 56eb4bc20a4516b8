"""Public answers keyed by the data's versions: ETag and 304, Cache-Control, a write changes the answer at once,
compressed bodies, an answer shared between app processes through Redis, and Redis down changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json

import brotli
import pytest
import sqlalchemy as sa

from data import versions
from data.schema import coverage_facts

URL = "/api/v1/coverage?level=province&group=all&dose=1"
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="module")
def fresh_state(tmp_path_factory, base_state, deployed_template):
    from fixtures_app import state_on

    data_dir = tmp_path_factory.mktemp("http-cache")
    state = state_on(base_state, data_dir, deployed_template)  # as build_state makes it; geometry shared
    with state.engine.begin() as conn:
        conn.execute(sa.delete(coverage_facts))
        conn.execute(
            sa.insert(coverage_facts),
            [
                {"as_of": dt.date(2022, 1, 1), "area": "50", "target_group": "all", "dose": 1, "vaccinated": 600}
                | {"population": 1000, "source": "test"},
                {"as_of": dt.date(2022, 1, 1), "area": "10", "target_group": "all", "dose": 1, "vaccinated": 10}
                | {"population": 100, "source": "test"},
            ],
        )
    return state


def _app(state, **settings):
    from app import create_app
    from data.metrics import MetricCache

    # a process of its own: its own caches (only the database and Redis are shared)
    state = dataclasses.replace(state, settings=state.settings.replace(**settings), metrics=MetricCache())
    return create_app(state.settings, state).server.test_client()


def _chiang_mai(response) -> float:
    return next(r for r in response.get_json()["items"] if r["code"] == "50")["coverage_pct"]


def test_an_unchanged_answer_is_a_304_and_a_write_changes_it_at_once(fresh_state):
    client = _app(fresh_state)
    first = client.get(URL)
    assert first.status_code == 200 and _chiang_mai(first) == 60.0
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == f"public, max-age={fresh_state.settings.public_max_age}"
    again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(URL + "&dose=2").headers["ETag"] != etag  # another question, another tag

    with fresh_state.engine.begin() as conn:  # any write of coverage facts, by any path
        conn.execute(sa.update(coverage_facts).where(coverage_facts.c.area == "50").values(vaccinated=700))
    changed = client.get(URL, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and _chiang_mai(changed) == 70.0
    assert changed.headers["ETag"] != etag


def test_a_write_bumps_its_kind_once_per_transaction_and_no_other(fresh_state):
    with fresh_state.engine.connect() as conn:
        before = dict(zip(versions.KINDS, versions.current(conn)))
    with fresh_state.engine.begin() as conn:
        for vaccinated in (701, 702, 703):
            conn.execute(sa.update(coverage_facts).where(coverage_facts.c.area == "10").values(vaccinated=vaccinated))
        inside = versions.current(conn, "coverage")
    with fresh_state.engine.connect() as conn:
        after = dict(zip(versions.KINDS, versions.current(conn)))
    assert inside == (after["coverage"],)  # the three statements bumped it once
    assert after["coverage"] != before["coverage"]
    assert {k: v for k, v in after.items() if k != "coverage"} == {k: v for k, v in before.items() if k != "coverage"}


@pytest.mark.parametrize(
    ("encoding", "decode"), [("gzip", gzip.decompress), ("br", brotli.decompress), ("identity", lambda b: b)]
)
def test_the_answer_comes_compressed_as_the_client_accepts(fresh_state, encoding, decode):
    client = _app(fresh_state)
    plain = client.get(URL, headers={"Accept-Encoding": "identity"})
    response = client.get(URL, headers={"Accept-Encoding": encoding})
    assert response.headers.get("Content-Encoding", "identity") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert json.loads(decode(response.data)) == plain.get_json()


@pytest.fixture(scope="module")
def redis_available():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")


def test_an_answer_computed_by_one_process_is_served_by_another_through_redis(
    fresh_state, redis_available, monkeypatch
):
    one, other = _app(fresh_state, redis_url=REDIS_URL), _app(fresh_state, redis_url=REDIS_URL)
    query = URL + "&as_of=2022-01-31"
    computed = one.get(query)
    assert computed.status_code == 200

    def no_computing(*_args, **_kwargs):
        raise AssertionError("the other process computed the answer again")

    monkeypatch.setattr("data.metrics.metric_frame", no_computing)
    served = other.get(query)
    assert served.status_code == 200 and served.get_json() == computed.get_json()
    assert other.get(URL + "&as_of=2022-01-30").status_code == 500  # a question nobody asked yet is computed


def test_redis_down_changes_nothing_for_the_user(fresh_state):
    client = _app(fresh_state, redis_url="redis://127.0.0.1:1/0")  # nothing listens there
    first, second = client.get(URL), client.get(URL)
    assert first.status_code == second.status_code == 200
    assert first.get_json() == second.get_json()
