"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py app:server`` (see the README's "Production").

Every value can be changed on the command line (``--workers 8``) or with gunicorn's own GUNICORN_CMD_ARGS.
The app itself reads its JITASA_* settings from the environment as always; with several workers set
JITASA_DATABASE_URL to PostgreSQL (SQLite serialises writers) and, optionally, JITASA_REDIS_URL.
"""

import os

bind = f"{os.environ.get('JITASA_HOST', '127.0.0.1')}:{os.environ.get('JITASA_PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))  # one per core: the work is CPU-bound Python
worker_class = "gthread"  # threads wait on the database and on slow phones while the others run
threads = 4
preload_app = True  # boundaries, registry and web geometry are built once, then shared by the workers (fork)
timeout = 120  # a worker silent this long is replaced; a large upload is checked and stored well within it
graceful_timeout = 30
# no keep-alive: a gthread worker serves the connections it holds in turn, and a client that keeps one open can
# wait behind the others for a second or more (measured: bench/bench_load.py); one request per connection lets the
# kernel hand each to the next free worker. Behind nginx (docs/en/production.md) the proxy keeps the clients' own
# connections alive.
keepalive = 0
# workers are not replaced after N requests: a new worker has to rebuild its finder index (seconds at 100,000
# facilities) and its caches, which showed as multi-second waits under load; every cache is bounded instead
max_requests = 0
accesslog = "-"
# the path without its query string (a query may name a place a person searched from), the worker's pid, the time
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms pid=%(p)s'


def post_fork(server, worker):
    """A worker must not use the database connections the master opened before the fork: open its own."""
    state = worker.app.wsgi().extensions["jitasa"]
    state.engine.dispose(close=False)
