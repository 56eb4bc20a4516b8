"""No query string in a request line of either server's log (the built-in werkzeug server, gunicorn's access log), and
no value in a logged database error (dashboard/request_log.py, data/db.py)."""

from __future__ import annotations

import datetime as dt
import logging
import runpy
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
import sqlalchemy as sa

from dashboard.request_log import RequestLogFilter, install_log_filters, request_line

ROOT = Path(__file__).resolve().parents[1]
PLACE = "นายมานะ ลองใส่ชื่อ"  # what a person might type into a search box
SECRETS = ("18.7883", "98.9853", "มานะ", "%E0%B8", "lat=", "?")


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def lines_of():
    """Collect what named loggers write (through their filters, as a handler sees it)."""
    attached = []

    def attach(name: str) -> Lines:
        handler = Lines()
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        attached.append((logger, handler, logger.level))
        logger.setLevel(logging.INFO)
        return handler

    yield attach
    for logger, handler, level in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_coloured_request_line_is_cut_to_method_and_path():
    coloured = "\x1b[33mGET /api/v1/nearest?lat=18.7883&lon=98.9853 HTTP/1.1\x1b[0m"
    assert request_line(coloured) == ("GET", "/api/v1/nearest")
    assert request_line(f"GET /find?q={PLACE} HTTP/1.1") == ("GET", "/find")  # werkzeug decodes: spaces inside


def test_the_built_in_server_logs_no_query_string(demo_app, lines_of, monkeypatch):
    from werkzeug import serving

    monkeypatch.setattr(serving, "_log_add_style", True)  # werkzeug's colours, as on a terminal
    install_log_filters()
    log = lines_of("werkzeug")
    server = serving.make_server("127.0.0.1", 0, demo_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        missing = requests.get(base + "/api/v1/no-such", params={"lat": "18.7883", "lon": "98.9853"}, timeout=30)
        refused = requests.get(base + "/api/v1/nearest", params={"lat": PLACE, "lon": "98.9853"}, timeout=30)
        found = requests.get(base + "/api/v1/areas", params={"level": "province", "near": PLACE}, timeout=30)
    finally:
        server.shutdown()
        thread.join(10)
    assert (missing.status_code, refused.status_code, found.status_code) == (404, 422, 200)
    requests_logged = [line for line in log.lines if "/api/v1/" in line]
    assert requests_logged == ['"GET /api/v1/no-such" 404', '"GET /api/v1/nearest" 422', '"GET /api/v1/areas" 200']
    assert not [s for s in SECRETS if any(s in line for line in log.lines)]


def gunicorn_logger(access_log_format: str):
    """gunicorn's own Logger, configured as gunicorn.conf.py configures it (its on_starting hook run)."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    conf["on_starting"](SimpleNamespace())
    cfg = Config()
    cfg.set("accesslog", conf["accesslog"])
    cfg.set("access_log_format", access_log_format)
    return Logger(cfg), conf


def a_request(status: str, query: str):
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/api/v1/nearest?{query}",
        "PATH_INFO": "/api/v1/nearest",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://127.0.0.1/find?{query}",
    }
    response = SimpleNamespace(status=status, headers=[("Content-Type", "application/json")], sent=120)
    request = SimpleNamespace(headers=[("Referer", environ["HTTP_REFERER"])])
    return response, request, environ


@pytest.mark.parametrize("status", ["404 NOT FOUND", "422 UNPROCESSABLE ENTITY", "200 OK"])
def test_gunicorns_access_log_writes_no_query_string(lines_of, status):
    query = "lat=18.7883&lon=98.9853&q=%E0%B8%A1%E0%B8%B2%E0%B8%99%E0%B8%B0"
    log = lines_of("gunicorn.access")
    # the production format, and a careless one naming the request line, the query, the referrer and the environ
    production, conf = gunicorn_logger(runpy.run_path(str(ROOT / "gunicorn.conf.py"))["access_log_format"])
    careless, _ = gunicorn_logger('"%(r)s" %(s)s q=%(q)s ref=%(f)s %({referer}i)s %({query_string}e)s %({raw_uri}e)s')
    for logger in (production, careless):
        logger.access(*a_request(status, query), dt.timedelta(milliseconds=12))
    assert len(log.lines) == 2, log.lines
    assert '"GET /api/v1/nearest" ' + status.split()[0] in log.lines[0]
    assert log.lines[1].startswith('"GET /api/v1/nearest HTTP/1.1" ' + status.split()[0])
    assert not [s for s in SECRETS if any(s in line for line in log.lines)], log.lines
    assert any(isinstance(f, RequestLogFilter) for f in logging.getLogger("gunicorn.error").filters)


def test_a_database_error_is_logged_without_the_values_sent(engine, lines_of):
    """A unique violation carrying a name: SQLAlchemy's parameters are hidden, and PostgreSQL's DETAIL (which quotes
    the key) is replaced by its code and the constraint's name; the statement and the traceback stay."""
    insert = sa.text(
        "INSERT INTO users (username, password_hash, role, area, created_at) "
        "VALUES (:u, 'x', 'volunteer', '500101', CURRENT_TIMESTAMP)"
    )
    install_log_filters()
    log = lines_of("dashboard.api.errors")
    with engine.begin() as conn:
        conn.execute(insert, {"u": PLACE})
    with pytest.raises(sa.exc.IntegrityError) as raised:
        with engine.begin() as conn:
            conn.execute(insert, {"u": PLACE})
    # hide_parameters on the engine (data/db.py); PostgreSQL's own message still quotes the key: the log filter's job
    assert "SQL parameters hidden" in str(raised.value)
    try:
        raise raised.value
    except sa.exc.IntegrityError:
        logging.getLogger("dashboard.api.errors").exception("unhandled error abc123 on POST /api/v1/x")
    text = "\n".join(log.lines)
    assert "Traceback (most recent call last)" in text and "INSERT INTO users" in text and "IntegrityError" in text
    assert "มานะ" not in text
