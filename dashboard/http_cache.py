"""Public answers cached by the data's versions: computed once per change of the data, not once per visitor.

``public_answer(kinds)`` wraps a public, read-only API route whose answer depends only on its URL and on the data of
``kinds`` (data/versions.py). Its key is the path, the sorted query, the versions of those kinds and the code's own
version, so a write anywhere (any process) changes the key and the next request computes a fresh answer; nothing is
ever invalidated by hand. The answer carries:

- ``ETag``: the key. A browser or proxy that has it asks with ``If-None-Match`` and gets a 304 at the cost of one
  indexed read of the versions, without computing anything.
- ``Cache-Control: public, max-age=JITASA_PUBLIC_MAX_AGE``: a reverse proxy may answer for that long on its own.
- the body compressed once per encoding (zstd, br, gzip or none, as the client accepts), kept beside the plain body.

Bodies live in this process (least recently used first out, bounded in bytes) and, when ``JITASA_REDIS_URL`` is set,
in Redis, shared by every app process. Redis is a help, never a need: when it does not answer, the process keeps
going with its own cache and tries Redis again a little later.

An answer that depends on who asks (staff see exact small numbers in their own area, data/disclosure.py) names its
audience with ``audience()``: the audience is part of the key, so one audience's answer is never served to another,
and a staff answer is ``Cache-Control: private`` (no proxy keeps it).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import brotli
from flask import Response, current_app, request

from data import versions

log = logging.getLogger(__name__)

ENCODINGS = ("zstd", "br", "gzip")
LOCAL_BYTES = 64 * 1024 * 1024
REDIS_TTL_S = 6 * 3600
REDIS_RETRY_S = 30
ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def code_version() -> str:
    """A digest of the app's code: a new release never serves an answer an older one computed."""
    digest = hashlib.sha256()
    for folder in ("data", "dashboard", "layers", "geo"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class AnswerCache:
    """Bytes by key: an in-process LRU bounded by ``max_bytes``, and Redis when a URL is given."""

    def __init__(self, redis_url: str = "", max_bytes: int = LOCAL_BYTES):
        self.max_bytes = max_bytes
        self._local: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._computing: dict[str, threading.Lock] = {}
        self._redis = None
        self._redis_down_until = 0.0
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._local.get(key)
            if value is not None:
                self._local.move_to_end(key)
                return value
        value = self._redis_call("get", key)
        if value is not None:
            self._keep(key, value)
        return value

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes // 4:  # a very large answer is computed each time rather than crowd the rest
            return
        self._keep(key, value)
        self._redis_call("set", key, value, ex=REDIS_TTL_S)

    def computing(self, key: str) -> threading.Lock:
        """One lock per key: concurrent misses of one answer compute it once in this process."""
        with self._lock:
            return self._computing.setdefault(key, threading.Lock())

    def done(self, key: str) -> None:
        with self._lock:
            self._computing.pop(key, None)

    def _keep(self, key: str, value: bytes) -> None:
        with self._lock:
            old = self._local.pop(key, None)
            self._size += len(value) - (len(old) if old is not None else 0)
            self._local[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._local.popitem(last=False)
                self._size -= len(dropped)

    def _redis_call(self, method: str, *args, **kwargs):
        if self._redis is None or time.monotonic() < self._redis_down_until:
            return None
        try:
            return getattr(self._redis, method)(*args, **kwargs)
        except Exception as exc:  # Redis down or slow: carry on with this process's own cache
            self._redis_down_until = time.monotonic() + REDIS_RETRY_S
            log.warning(
                "Redis unavailable (%s): using this process's cache for %d s", type(exc).__name__, REDIS_RETRY_S
            )
            return None


def answer_cache() -> AnswerCache:
    app = current_app
    cache = app.extensions.get("jitasa.answers")
    if cache is None:
        state = app.extensions["jitasa"]
        cache = app.extensions.setdefault("jitasa.answers", AnswerCache(state.settings.redis_url))
    return cache


def public_answer(*kinds: str, extra: Callable[[], str] | None = None, audience: Callable[[], str] | None = None):
    """Decorate a public GET route whose answer depends only on its URL, the data of ``kinds``, ``extra()`` and
    ``audience()`` (a key of who asks: empty or "public" for the public, anything else a private answer)."""

    def decorate(view):
        @functools.wraps(view)
        def cached(*args, **kwargs):
            from dashboard.state import current

            state = current()  # a practice space's answers: its own versions, its own key, never public
            tokens: tuple[str, ...] = ()
            if kinds:  # an answer that depends on no data (the areas) never asks the database
                tokens = versions.latest(state.engine, *kinds)
            query = sorted(request.args.items(multi=True))
            parts = [request.path, json.dumps(query), *tokens, code_version(), extra() if extra else ""]
            who = audience() if audience else ""
            who = f"practice:{state.practice}:{who}" if state.practice else who
            parts += [str(state.settings.suppression_threshold), who]
            key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
            headers = {  # a weak tag: the same answer in each of its encodings (gzip, br, zstd, plain)
                "ETag": f'W/"{key}"',
                "Cache-Control": _cache_control(who, state.settings.public_max_age),
                "Vary": "Accept-Encoding",
            }
            if request.if_none_match.contains_weak(key):
                return Response(status=304, headers=headers)
            cache = answer_cache()
            encoding = request.accept_encodings.best_match(ENCODINGS) or "identity"
            stored = cache.get(f"{key}:{encoding}")
            if stored is None:
                plain = cache.get(f"{key}:identity")
                if plain is None:
                    try:
                        with cache.computing(key):
                            plain = cache.get(f"{key}:identity")
                            if plain is None:
                                response = view(*args, **kwargs)
                                if response.status_code != 200:
                                    return response
                                plain = _pack(response)
                                cache.set(f"{key}:identity", plain)
                    finally:
                        cache.done(key)
                stored = plain if encoding == "identity" else _compressed(plain, encoding)
                if encoding != "identity":
                    cache.set(f"{key}:{encoding}", stored)
            return _unpack(stored, encoding, headers)

        return cached

    return decorate


def _cache_control(who: str, max_age: int) -> str:
    """A public answer may be kept by any cache; one for a signed-in person only by their own browser."""
    if who and not who.startswith("public"):
        return "private, no-cache"
    return f"public, max-age={max_age}"


def _pack(response: Response) -> bytes:
    """The answer as bytes: a JSON line of its type and download name, then the body."""
    meta = {"mimetype": response.content_type, "disposition": response.headers.get("Content-Disposition")}
    return json.dumps(meta).encode() + b"\n" + response.get_data()


def _compressed(plain: bytes, encoding: str) -> bytes:
    head, body = plain.split(b"\n", 1)
    if encoding == "gzip":
        body = gzip.compress(body, compresslevel=6, mtime=0)
    elif encoding == "br":
        body = brotli.compress(body, quality=5)
    else:
        from backports import zstd

        body = zstd.compress(body, level=3)
    return head + b"\n" + body


def _unpack(stored: bytes, encoding: str, headers: dict[str, str]) -> Response:
    head, body = stored.split(b"\n", 1)
    meta = json.loads(head)
    response = Response(body, content_type=meta["mimetype"], headers=headers)
    if meta.get("disposition"):
        response.headers["Content-Disposition"] = meta["disposition"]
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding  # Flask-Compress leaves an encoded answer alone
    return response
