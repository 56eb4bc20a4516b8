"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py app:server`` (see the README's "Production").

Every value can be changed on the command line (``--workers 8``) or with gunicorn's own GUNICORN_CMD_ARGS.
The app itself reads its JITASA_* settings from the environment as always; with several workers set
JITASA_DATABASE_URL to PostgreSQL (SQLite serialises writers) and, optionally, JITASA_REDIS_URL.
"""

import gc
import os

bind = f"{os.environ.get('JITASA_HOST', '127.0.0.1')}:{os.environ.get('JITASA_PORT', '8050')}"
# sync workers, one request at a time each: a worker takes a connection from the listening socket only when it is
# free, so the kernel hands every request to an idle worker; a gthread worker accepts connections while busy and
# queues them behind its own while the other worker may be idle, which lengthens the slowest answers (measured:
# bench/bench_load.py, figures in bench/RESULTS.md). A sync worker is held
# for as long as its client takes to send and read: in production it runs behind nginx, which buffers both
# (docs/en/production.md), and with enough workers that a slow database answer does not hold up the others.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 2) * 2))
worker_class = "sync"
preload_app = True  # boundaries, registry and web geometry are built once, then shared by the workers (fork)
# a request this long is stopped and its worker replaced (gunicorn answers it with its own 500 page). It must cover
# the largest upload (JITASA_MAX_UPLOAD_MB, 20 MB: about 220,000 survey rows): on PostgreSQL on a busy two-core
# machine 150,000 rows took 115 s through the API (tests/test_reliability_kill_server.py failed in CI at 120 s), so
# 300 s leaves room; nginx's proxy_read_timeout must be as long (docs/en/production.md)
timeout = 300
graceful_timeout = 30
keepalive = 0  # sync workers close every connection; nginx keeps the clients' own connections alive
# workers are not replaced after N requests: a new worker has to fill its caches again, which showed as waits under
# load; every cache is bounded instead
max_requests = 0
accesslog = "-"
# the path without its query string (a query may name a place a person searched from), the worker's pid, the time;
# on_starting adds the app's request-log filter, which removes a query from any atom a changed format may name
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms pid=%(p)s'


def on_starting(server):
    """Before anything is logged: no query string in gunicorn's request lines, no values in a database error's
    (dashboard/request_log.py; the app installs the same filters when it is loaded)."""
    from dashboard.request_log import install_log_filters

    install_log_filters()


def post_fork(server, worker):
    """A worker must not use the database connections the master opened before the fork: open its own."""
    state = worker.app.wsgi().extensions["jitasa"]
    state.engine.dispose(close=False)


def when_ready(server):
    """In the master, once the app is loaded and before any worker is forked: start the finder's builder (one process
    for the machine: it makes the finder's index off the request path and writes it as files every worker maps,
    data/finder_builder.py), open the newest copy here so the workers share what is read of it (when there is none at
    all, the first start on this data, the master makes it: the builder is still starting), and freeze what the
    master holds, so the workers' garbage collector never walks it: a full collection over a national list of
    facilities pauses a sync worker long enough to show in the slowest answers under load (bench/RESULTS.md)."""
    from data import finder_builder

    state = server.app.wsgi().extensions["jitasa"]
    settings = state.settings
    server.jitasa_finder_builder = finder_builder.start(settings.data_dir, settings.effective_database_url)
    try:
        state.facility_index.get(state.engine)
    except Exception as exc:  # the database is not there yet: each worker opens or builds it when first asked
        server.log.warning("finder index not opened before the fork (%s): the workers open it when first asked", exc)
    finally:
        state.engine.dispose()  # the master keeps no connection; each worker opens its own
    gc.freeze()


def on_exit(server):
    """The finder's builder stops with the server."""
    from data import finder_builder

    finder_builder.stop(getattr(server, "jitasa_finder_builder", None))
