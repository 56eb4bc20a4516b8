"""Who a public answer is for (data/disclosure.py): the public, or staff of an area who see its exact small numbers.

One definition for the API, the exports and the pages' callbacks; caches key their answers by ``audience_key()``.
"""

from __future__ import annotations

from flask import current_app, request, session

from dashboard.auth import request_user
from data.disclosure import Audience, audience_for


def request_audience() -> Audience:
    """The audience of this request; nobody signed in (no token, no session) is the public, without a database read."""
    threshold = current_app.extensions["jitasa"].settings.suppression_threshold
    if not request.headers.get("Authorization") and session.get("sid") is None:
        return Audience(threshold)
    return audience_for(request_user(), threshold)


def audience_key() -> str:
    """For ``http_cache.public_answer(audience=...)`` and the pages' memos: the same key, the same answer."""
    return request_audience().key
