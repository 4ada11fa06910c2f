"""The wire-dedupe HTTP service (Flask), started on waitress by :func:`service.serve.run`.

Configuration, lowest priority first: the defaults below, then environment
variables with the prefix ``DEDUPE_`` (``DEDUPE_DB``, ``DEDUPE_API_KEYS`` ...,
values parsed as JSON when they are JSON), then the mapping given to
:func:`create_app`. docs/api.md lists every key.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider

from dedupe import jsontext
from dedupe.config import Config
from dedupe.errors import ConfigError

from .errors import ApiError, register_error_handlers

__all__ = ["byte_size", "create_app", "engine_config"]

DEFAULTS: dict[str, Any] = {
    "DB": None,  # None: dedupe.sqlite3 in the instance folder
    "API_KEYS": [],
    "PUSH_SECRET": None,
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    "ENGINE": {},
    "RESET_SIGNATURES": False,
    "DOC_CACHE": None,  # None: dedupe.live.DEFAULT_CACHE_SIZE prepared documents in memory
    "SWEEP_SECONDS": 60,  # retention sweep of an idle service; 0: only writes sweep
}

#: Endpoints that answer without a key: load balancers probe them.
OPEN_ENDPOINTS = frozenset({"healthz", "static"})


_COMPACT = {"separators": (",", ":")}  # what Flask asks for outside debug mode: orjson writes that


class ClusterJSON(DefaultJSONProvider):
    """Flask's JSON, with answers written by orjson (:mod:`dedupe.jsontext`): an answer
    carries a whole cluster, and writing it was a tenth of a post's time."""

    sort_keys = False  # keep the cluster contract's field order readable

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs and kwargs != _COMPACT:  # indented (debug mode) or other options: Flask's path
            return super().dumps(obj, **kwargs)
        # What orjson would write differently goes by Flask's own rules.
        return jsontext.dumps(obj, fallback=lambda value: super(ClusterJSON, self).dumps(value, **kwargs))


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, store and live index, error handlers, routes.

    Args:
        config: Settings that win over defaults and environment (tests pass ``DB`` here).
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(copy.deepcopy(DEFAULTS))  # env nesting (ENGINE__x) writes into these
    app.config.from_prefixed_env(prefix="DEDUPE")
    if config:
        app.config.from_mapping(config)
    app.json = ClusterJSON(app)

    with app.app_context():
        if any(not key.isascii() for key in _keys()):
            raise ConfigError(
                "DEDUPE_API_KEYS must be ASCII (an HTTP header carries no other characters reliably); "
                "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
    app.config["MAX_CONTENT_LENGTH"] = byte_size(app.config["MAX_CONTENT_LENGTH"])
    doc_cache = app.config["DOC_CACHE"]
    if doc_cache is not None and (
        isinstance(doc_cache, bool) or not isinstance(doc_cache, int) or doc_cache < 1
    ):
        raise ConfigError(
            f"DEDUPE_DOC_CACHE must be a whole number of documents of at least 1, got {doc_cache!r}; "
            "leave it unset for the default"
        )
    sweep_seconds = app.config["SWEEP_SECONDS"]
    if isinstance(sweep_seconds, bool) or not isinstance(sweep_seconds, int | float) or sweep_seconds < 0:
        raise ConfigError(
            f"DEDUPE_SWEEP_SECONDS must be a number of seconds of at least 0 (0: only writes sweep), "
            f"got {sweep_seconds!r}"
        )
    db = app.config["DB"]
    if not db:
        os.makedirs(app.instance_path, exist_ok=True)
        db = os.path.join(app.instance_path, "dedupe.sqlite3")
    from .state import DedupeService

    app.extensions["dedupe"] = DedupeService.open(
        db,
        engine_config(app.config["ENGINE"]),
        reset_signatures=bool(app.config["RESET_SIGNATURES"]),
        cache_size=doc_cache,
    )
    if sweep_seconds:
        app.extensions["dedupe"].sweep_every(float(sweep_seconds))

    register_error_handlers(app)
    app.before_request(_authorise)

    from .api import bp

    app.register_blueprint(bp)
    app.add_url_rule("/healthz", "healthz", _healthz, methods=["GET"])
    app.add_url_rule("/clusters/<path:cluster_id>", "review_page", _review_page, methods=["GET"])
    return app


_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}


def byte_size(value: Any) -> int:
    """A size in bytes from a number or a string such as ``"5MB"`` or ``"512 KiB"``.

    >>> byte_size(1024), byte_size("5MB"), byte_size("512 KiB"), byte_size("2000000")
    (1024, 5000000, 524288, 2000000)
    """
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", value) if isinstance(value, str) else None
    if found and found.group(2).lower() in _UNITS:
        size = int(float(found.group(1)) * _UNITS[found.group(2).lower()])
        if size > 0:
            return size
    raise ConfigError(
        f"DEDUPE_MAX_CONTENT_LENGTH must be a positive size in bytes, such as 5242880 or 5MiB, got {value!r}"
    )


def engine_config(value: Any) -> Config:
    """The engine :class:`Config` from a ``Config``, or a mapping of its fields (any case).

    >>> engine_config({"THRESHOLD": 0.7}).threshold
    0.7
    """
    if isinstance(value, Config):
        return value
    if value in (None, ""):
        return Config()
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"DEDUPE_ENGINE must be a mapping of Config fields such as {{'threshold': 0.7}}, got {value!r}"
        )
    fields = {k.lower(): v for k, v in value.items()}
    if isinstance(fields.get("excluded_genres"), list):
        fields["excluded_genres"] = tuple(fields["excluded_genres"])
    try:
        return Config(**fields)
    except TypeError as exc:
        raise ConfigError(f"DEDUPE_ENGINE has a key that is not a Config field: {exc}") from None


def _keys() -> list[str]:
    keys = current_app.config.get("API_KEYS") or []
    if isinstance(keys, str):
        keys = keys.split(",")
    return [k.strip() for k in keys if isinstance(k, str) and k.strip()]


def _key_ok(given: str, keys: list[str]) -> bool:
    # Check every key (no early exit) so timing does not tell which one nearly matched.
    found = False
    for key in keys:
        found |= hmac.compare_digest(given.encode("utf-8"), key.encode("utf-8"))
    return found


def _push_signature() -> bool | None:
    """True/False if a Superdesk push signature applies and is right/wrong; None if none applies."""
    secret = current_app.config.get("PUSH_SECRET")
    if not secret or request.endpoint != "api.post_article":
        return None
    header = request.headers.get("x-superdesk-signature")
    if header is None:
        return None
    expected = (
        "sha1=" + hmac.new(secret.encode("utf-8"), request.get_data(cache=True), hashlib.sha1).hexdigest()
    )
    # Hex digits in either case: Superdesk writes lower case, other senders may not.
    return hmac.compare_digest(header.strip().lower().encode("utf-8"), expected.encode("utf-8"))


def _authorise() -> None:
    if request.endpoint in OPEN_ENDPOINTS or request.endpoint is None:
        return  # unknown routes fall through to 404/405
    challenge = {"WWW-Authenticate": 'Bearer realm="wire-dedupe"'}
    signed = _push_signature()
    if signed is False:
        given = request.headers.get("x-superdesk-signature", "").strip()
        problem = (
            "does not match the body and shared secret"
            if given.lower().startswith("sha1=")
            else "must be 'sha1=' and the hex HMAC-SHA1 of the raw body"
        )
        raise ApiError(401, "bad_signature", f"x-superdesk-signature {problem}", challenge)
    if signed:
        return
    keys = _keys()
    must_sign = bool(current_app.config.get("PUSH_SECRET")) and request.endpoint == "api.post_article"
    if not keys and not must_sign:
        return
    if not keys:  # only a push secret is configured: only a signed push gets in
        raise ApiError(
            401,
            "unauthorized",
            "this service takes posts signed with its push secret (x-superdesk-signature: sha1=<HMAC "
            "of the body>) and has no API keys; sign the body, or configure DEDUPE_API_KEYS",
        )
    if request.endpoint == "review_page":
        # An editor opens the review page in a browser, which cannot send a Bearer
        # header but asks for Basic credentials when challenged: the key is the password.
        challenge = {"WWW-Authenticate": 'Basic realm="wire-dedupe review", charset="UTF-8"'}
    token = _credential(request.headers.get("Authorization", ""), basic=request.endpoint == "review_page")
    if token is None:
        how = (
            "open the page with any user name and an API key as the password, or send 'Authorization: Bearer <key>'"
            if request.endpoint == "review_page"
            else "send an API key as 'Authorization: Bearer <key>'"
        )
        raise ApiError(401, "unauthorized", how, challenge)
    if not _key_ok(token, keys):
        raise ApiError(401, "unauthorized", "the API key is not valid", challenge)


def _credential(header: str, *, basic: bool) -> str | None:
    """The key an Authorization header carries: a Bearer token, or (``basic``) a Basic password."""
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        return value or None
    if basic and scheme.lower() == "basic" and value:
        try:
            _, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return password or None
    return None


def _healthz() -> dict[str, Any]:
    return current_app.extensions["dedupe"].health()


def _review_page(cluster_id: str) -> Response:
    from dedupe.report import render_cluster_page

    cluster = current_app.extensions["dedupe"].cluster(cluster_id)
    return Response(render_cluster_page(cluster), mimetype="text/html")
