"""One JSON shape for every error the service answers.

Every 4xx and 5xx body is ``{"error": {"code": "...", "message": "..."}}``, built
by :func:`error_response` and nothing else, so that a client needs one parser.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from dedupe.errors import (
    ConfigError,
    DedupeError,
    FormatError,
    InputError,
    SignatureMismatchError,
    StoreError,
)

__all__ = ["ApiError", "error_response", "register_error_handlers"]

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error a view raises on purpose, with its HTTP status and machine-readable code."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


# A message quotes what it refuses (an id, a field); a 200 KB id is not worth echoing whole.
MAX_MESSAGE_CHARS = 1000


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """The only place an error body is built."""
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - 1] + "…"
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _code_of(exc: HTTPException) -> str:
    """``NotFound`` -> ``not_found``; ``RequestEntityTooLarge`` -> ``request_entity_too_large``."""
    name = exc.name or type(exc).__name__
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "http_error"


def _http_error(exc: HTTPException) -> Response:
    # Keep the headers that carry meaning (Allow on 405, WWW-Authenticate on 401).
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    message = exc.description or exc.name or "request failed"
    if isinstance(exc, RequestEntityTooLarge):
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        message = (
            f"the body is larger than this service accepts ({limit:,} bytes); send one article per "
            "request, or raise DEDUPE_MAX_CONTENT_LENGTH on the server"
        )
    return error_response(exc.code or 500, _code_of(exc), message, headers)


def _dedupe_error(exc: DedupeError) -> Response:
    if isinstance(exc, FormatError):  # UnsafeInputError included: the body itself is unreadable
        return error_response(400, "bad_format", str(exc))
    if isinstance(exc, InputError):
        return error_response(422, "invalid_article", str(exc))
    if isinstance(exc, SignatureMismatchError):
        log.error("signature mismatch: %s", exc)
        return error_response(500, "signature_mismatch", str(exc))
    if isinstance(exc, StoreError):
        log.error("store error: %s", exc)
        return error_response(
            503,
            "store_unavailable",
            "the store cannot be written right now (another process holds it, or the disk is full); "
            "nothing was changed: retry later",
            {"Retry-After": "5"},
        )
    if isinstance(exc, ConfigError):
        log.error("configuration error: %s", exc)
        return error_response(500, "config_error", str(exc))
    log.error("unexpected library error: %s", exc)
    return error_response(500, "internal_error", "internal error; the server log has details")


def _api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.headers)


def _unexpected(exc: Exception) -> Response:
    log.exception("unhandled error")
    return error_response(500, "internal_error", "internal error; the server log has details")


def register_error_handlers(app: Flask) -> None:
    """Answer every error of ``app`` in the one JSON shape."""
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DedupeError, _dedupe_error)
    app.register_error_handler(Exception, _unexpected)
