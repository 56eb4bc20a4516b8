"""The database unavailable for a while: every request gets a clear 503 (Thai and English, Retry-After), a write in
the outage stores nothing, and the app answers again by itself when the database is back, without a restart.

The app reaches PostgreSQL through a TCP relay that the test cuts (every connection dropped, new ones refused) and
restores, as a network blip or a database restart looks to the app.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
import sqlalchemy as sa
from fixtures_app import _drop_schema, _fresh_postgres_schema, make_settings

from data import versions
from data.users import create_token, create_user

pytestmark = [pytest.mark.postgres, pytest.mark.system]


class Relay:
    """127.0.0.1:port → PostgreSQL, which can be cut and restored."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
        if listener is None:
            return
        for s in (listener, *sockets):  # shutdown wakes the threads blocked on them; close alone would not
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.close()
                except OSError:
                    pass


@pytest.fixture
def relayed_app(postgres_available, tmp_path, geo_cache_dir):
    from app import create_app
    from dashboard.state import build_state

    name, url, admin = _fresh_postgres_schema(postgres_available)
    parsed = sa.engine.make_url(postgres_available)
    relay = Relay((parsed.host or "127.0.0.1", parsed.port or 5432))
    relayed = url.replace(f"{parsed.host}:{parsed.port or 5432}", f"127.0.0.1:{relay.port}")
    assert relayed != url
    (tmp_path / "cache").symlink_to(geo_cache_dir)
    state = build_state(make_settings(tmp_path, database_url=relayed))
    with state.engine.begin() as conn:
        create_user(conn, "coord_reliab", "password-123", "coordinator", "5001")
        token = create_token(conn, "coord_reliab")
    app = create_app(state.settings, state)
    yield app.server.test_client(), relay, state, token
    relay.cut()
    state.engine.dispose()
    _drop_schema(admin, name)


def _facility(name: str) -> dict:
    return {"type": "vaccination_point", "name_th": name, "lat": 18.79, "lon": 98.98}


def test_an_outage_is_a_clear_503_and_the_app_recovers_by_itself(relayed_app):
    client, relay, state, token = relayed_app
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/health").status_code == 200
    assert client.get("/api/v1/coverage?level=province&metric=facilities_per_100k").status_code == 200

    relay.cut()
    started = time.monotonic()
    down = client.get("/api/v1/coverage?level=district&metric=facilities_per_100k")  # a question not answered before
    assert down.status_code == 503, down.data[:300]
    assert time.monotonic() - started < 15  # a clear answer in seconds, not a hang
    # an answer computed before the outage is served from memory only while the versions it was computed from are
    # known to be current (data/versions.py, RECHECK_S); after that, every request that needs the database is a 503
    time.sleep(versions.RECHECK_S + 0.1)
    assert client.get("/api/v1/coverage?level=province&metric=facilities_per_100k").status_code == 503
    body = down.get_json()
    assert "database is unavailable" in body["error"] and "ฐานข้อมูลไม่พร้อมใช้งาน" in body["error_th"]
    assert "Traceback" not in down.get_data(as_text=True)
    assert down.headers["Retry-After"] == "5"
    assert client.get("/api/v1/nearest?lat=18.79&lon=98.98").status_code == 503
    assert client.get("/api/v1/health").status_code == 503  # a load balancer sees it too
    assert client.get("/api/v1/areas?level=province").status_code == 200  # what needs no database still answers
    write = client.post("/api/v1/facilities", json=_facility("จุดที่บันทึกระหว่างฐานข้อมูลล่ม"), headers=auth)
    assert write.status_code == 503

    relay.restore()
    deadline = time.monotonic() + 20
    while (status := client.get("/api/v1/coverage?level=province&metric=facilities_per_100k").status_code) != 200:
        assert time.monotonic() < deadline, f"still {status} 20 s after the database came back"
        time.sleep(0.5)
    assert client.get("/api/v1/health").get_json() == {"status": "ok", "database": "ok"}
    created = client.post("/api/v1/facilities", json=_facility("จุดหลังฐานข้อมูลกลับมา"), headers=auth)
    assert created.status_code == 201, created.get_json()
    names = [f["name_th"] for f in client.get("/api/v1/facilities").get_json()["items"]]
    assert names == ["จุดหลังฐานข้อมูลกลับมา"]  # the write made in the outage stored nothing
