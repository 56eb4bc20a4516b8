"""How large a request may be: the upload limit (``settings.max_upload_mb``), with room for a file sent as base64.

The upload page sends its file to a Dash callback as base64 (4/3 of its size) inside JSON: there the limit that
counts is the file's, checked in the callback, and the request itself may be that much larger.
"""

from __future__ import annotations

import io

from flask import Flask, Request, request

CALLBACK_PATH = "/_dash-update-component"


def allow_base64_uploads(server: Flask, max_upload_mb: int) -> None:
    """Let Dash's callback requests be large enough to carry a file of the limit as base64 (and a megabyte more)."""
    room = max_upload_mb * 1024 * 1024 * 4 // 3 + 1024 * 1024

    def room_for_base64() -> None:
        if request.path.endswith(CALLBACK_PATH):
            request.max_content_length = room

    server.before_request(room_for_base64)


class _UploadsInMemory(Request):
    """A multipart file held in memory (at most the request's size limit), never spooled to a temporary file as
    Werkzeug does past 500 KB: an uploaded file may hold national ids, and only its redacted copy is ever written."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return io.BytesIO()


def keep_uploads_in_memory(server: Flask) -> None:
    server.request_class = _UploadsInMemory
