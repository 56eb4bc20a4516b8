"""Request lines in the server's log never carry a query string: a query may hold a place a person searched from (the
finder's lat/lon), a typed name or a phone number. One filter for the built-in server (werkzeug) and gunicorn.

- werkzeug's request line becomes ``"GET /path" 404``: method, path and status only (no address, no query, no
  colour codes: werkzeug colours the line of every answer that is not a 200, which hid it from a pattern before);
- gunicorn's access log keeps its format (gunicorn.conf.py), with the query string, the request line's query and the
  referrer's query removed from every atom the format may name;
- any other line of these loggers (a malformed request echoed back) loses whatever follows a ``?``.

The database's errors are kept free of values by data.db (``hide_parameters`` and ``DatabaseErrorsWithoutValues``);
``install_log_filters`` puts both filters on the loggers that write requests and errors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping

REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")
# the loggers that write an error's traceback: the API's (and pages') error handler, the callbacks', the upload jobs'
ERROR_LOGGERS = ("dashboard.api.errors", "jitasa.callbacks", "data.jobs", "gunicorn.error")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
QUERY = re.compile(r"(?<=[^\s?\"'=])\?[^\s\"']*")  # "?..." after a path, up to a space or a quote
_WERKZEUG_REQUEST = '"%s" %s %s'
_QUERY_ATOMS = ("q", "{query_string}e")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def without_query(text: str) -> str:
    """``text`` with every ``?query`` that follows a path removed."""
    return QUERY.sub("", text)


def request_line(line: str) -> tuple[str, str]:
    """(method, path without its query) of a request line ``GET /path?q HTTP/1.1`` (colours and protocol dropped;
    the path may hold spaces: werkzeug decodes it)."""
    line = strip_ansi(line).strip()
    method, _, rest = line.partition(" ")
    if re.search(r" HTTP/[0-9.]+$", rest):
        rest = rest.rsplit(" ", 1)[0]
    return method, rest.split("?", 1)[0]


class RequestLogFilter(logging.Filter):
    """Rewrites request-log records so that no query string is written (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            isinstance(record.args, tuple)
            and len(record.args) == 3
            and str(record.msg).rstrip().endswith(_WERKZEUG_REQUEST)
        ):
            method, path = request_line(str(record.args[0]))
            record.msg, record.args = '"%s %s" %s', (method, path, record.args[1])
            return True
        if isinstance(record.args, MutableMapping):  # gunicorn's access atoms
            for key, value in list(record.args.items()):
                if key in _QUERY_ATOMS:
                    record.args[key] = "-"
                elif isinstance(value, str) and "?" in value:
                    record.args[key] = without_query(strip_ansi(value))
        message = record.getMessage()
        record.msg, record.args = without_query(strip_ansi(message)), ()
        return True


def install_log_filters() -> None:
    """Put the request filter on the request loggers and the database-error filter on the error loggers (once)."""
    from data.db import DatabaseErrorsWithoutValues

    for names, kind in ((REQUEST_LOGGERS, RequestLogFilter), (ERROR_LOGGERS, DatabaseErrorsWithoutValues)):
        for name in names:
            logger = logging.getLogger(name)
            if not any(isinstance(f, kind) for f in logger.filters):
                logger.addFilter(kind())
