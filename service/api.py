"""The ``/api/v1`` blueprint: parse the request, call the service, return a dict."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from flask import Blueprint, Response, current_app, request

from dedupe.article import Article, article_from_mapping, parse_datetime
from dedupe.errors import DedupeError, FormatError, InputError

from .errors import ApiError
from .openapi import openapi_document
from .state import DedupeService

__all__ = ["bp", "read_article"]

bp = Blueprint("api", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)

JSON_TYPES = ("application/json",)
MAX_PAGE = 500


def _service() -> DedupeService:
    return current_app.extensions["dedupe"]


def _formats() -> Any:
    """``dedupe.formats`` if it offers ``parse_bytes`` (wire formats), else ``None``."""
    try:
        from dedupe import formats
    except ImportError:
        return None
    return formats if hasattr(formats, "parse_bytes") else None


def _is_json(mimetype: str) -> bool:
    return mimetype in JSON_TYPES or mimetype.endswith("+json")


def _json_body() -> Any:
    if not _is_json(request.mimetype):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send this body as application/json, not {request.mimetype or 'no Content-Type'}",
        )
    return _parse_json(request.get_data(cache=True))


def _parse_json(raw: bytes) -> Any:
    try:
        # A byte order mark, as Windows tools write one: the batch reads such files too.
        return json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_json", "the body is not UTF-8 encoded JSON") from None
    except json.JSONDecodeError as exc:
        hint = ""
        if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            hint = " (it looks like XML or HTML: send it with Content-Type application/xml or text/html)"
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}{hint}") from None
    except (ValueError, RecursionError):  # a number of over 4,300 digits, nesting 100,000 deep
        raise ApiError(
            400,
            "invalid_json",
            "the body is JSON no article looks like: nested too deeply or a number too long",
        ) from None


def _plain_article(data: Any) -> bool:
    # An object with any of these keys is meant as a plain article: its errors are about fields (422).
    return isinstance(data, Mapping) and any(k in data for k in ("id", "text", "html"))


def read_article() -> Article:
    """The one article of a POST body, in any accepted format."""
    mimetype = request.mimetype
    formats = _formats()
    accepted = set(JSON_TYPES) | set(getattr(formats, "MEDIA_TYPES", ()) if formats else ())
    if not (_is_json(mimetype) or mimetype in accepted):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {mimetype or '(none)'} is not accepted; use one of: {', '.join(sorted(accepted))}",
        )
    raw = request.get_data(cache=True)
    if _is_json(mimetype):
        data = _parse_json(raw)
        if _plain_article(data) or formats is None:
            return article_from_mapping(data, source="request")
    articles = _parse_wire(formats, raw, mimetype)
    if len(articles) != 1:
        raise FormatError(
            f"the body holds {len(articles)} articles; send exactly one per request", source="request"
        )
    return articles[0]


def _parse_wire(formats: Any, raw: bytes, mimetype: str) -> list[Article]:
    """The articles of a wire-format body. A reader that fails other than with a
    :class:`DedupeError` has met a body it was not written for: that is an unreadable body
    (400), not a server fault (500), and the traceback goes to the log so the reader can be
    fixed (a bare SYN before text/plain once ended in a ``ValueError``)."""
    try:
        # The full Content-Type: its charset decides how a text/plain body decodes.
        return formats.parse_bytes(raw, content_type=request.content_type or mimetype, source="request")
    except DedupeError:
        raise
    except Exception:
        log.exception("the %s reader failed on a request body of %d bytes", mimetype, len(raw))
        raise ApiError(
            400,
            "bad_format",
            f"the body could not be read as {mimetype} (the server log has the reader's error); "
            "check that it is one article in that format, or post it as JSON with 'id' and 'text'",
        ) from None


def _article_field(body: Any, name: str) -> Article:
    if not isinstance(body, Mapping) or name not in body:
        raise InputError("send a JSON object with two articles, 'a' and 'b'", source="request")
    return article_from_mapping(body[name], source=f"request:{name}")


def _texts_wanted() -> bool:
    """``?text=false``: members without their texts (a CMS that holds them reads the offsets
    against its own copy; a cluster of many outlets is megabytes of text)."""
    raw = (request.args.get("text") or "true").strip().lower()
    if raw not in ("true", "1", "yes", "false", "0", "no"):
        raise ApiError(400, "invalid_parameter", f"text must be true or false, got {raw!r}")
    return raw in ("true", "1", "yes")


def _texts(cluster: dict[str, Any] | None, wanted: bool) -> dict[str, Any] | None:
    if cluster is not None and not wanted:
        for member in cluster.get("members", []):  # the service's answers are copies: ours to change
            member.pop("text", None)
    return cluster


@bp.post("/articles")
def post_article() -> tuple[dict[str, Any], int]:
    wanted = _texts_wanted()  # a bad query is refused before anything is written
    outcome = _service().upsert(read_article())
    _texts(outcome.body.get("cluster"), wanted)
    return outcome.body, outcome.status


@bp.post("/check")
def check_article() -> dict[str, Any]:
    wanted = _texts_wanted()
    answer = _service().check(read_article())
    _texts(answer.get("cluster"), wanted)
    return answer


@bp.post("/compare")
def compare_articles() -> dict[str, Any]:
    body = _json_body()
    return _service().compare(_article_field(body, "a"), _article_field(body, "b"))


@bp.get("/articles/<path:article_id>")
def get_article(article_id: str) -> dict[str, Any]:
    wanted = _texts_wanted()
    record = _service().article(article_id)
    _texts(record.get("cluster"), wanted)
    return record


@bp.delete("/articles/<path:article_id>")
def delete_article(article_id: str) -> Response:
    _service().delete(article_id)
    done = Response(status=204)
    del done.headers["Content-Type"]  # no body, so no type (Flask would say text/html)
    return done


@bp.get("/clusters/<path:cluster_id>")
def get_cluster(cluster_id: str) -> dict[str, Any]:
    wanted = _texts_wanted()
    return _texts(_service().cluster(cluster_id), wanted)  # type: ignore[return-value]


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "invalid_parameter", f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise ApiError(400, "invalid_parameter", f"{name} must be from {low} to {high}, got {value}")
    return value


@bp.get("/clusters")
def list_clusters() -> dict[str, Any]:
    try:
        since = parse_datetime(request.args.get("since"), what="since")
        if since is not None:
            since.astimezone(UTC)  # stored times are UTC: year 1 at +05:00 has none
    except InputError as exc:
        hint = ""
        if " " in (request.args.get("since") or ""):
            hint = " (a '+' in a URL query reads as a space: write the zone's '+' as %2B)"
        raise ApiError(400, "invalid_parameter", exc.message + hint) from None
    except OverflowError:
        raise ApiError(
            400, "invalid_parameter", f"since {request.args.get('since')!r} is outside the range of UTC times"
        ) from None
    try:
        return _service().list_clusters(
            since=since,
            outlet=request.args.get("outlet") or None,
            min_size=_int_arg("min_size", 1, 1, 1_000_000),
            limit=_int_arg("limit", 50, 1, MAX_PAGE),
            cursor=request.args.get("cursor"),
        )
    except InputError as exc:  # an unreadable cursor is a bad query, not a bad article
        raise ApiError(400, "invalid_parameter", exc.message) from None


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    return openapi_document()
