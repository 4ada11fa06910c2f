"""The OpenAPI 3.1 document of the service, as data (served at ``/api/v1/openapi.json``).

tests/test_service_openapi.py checks that every route is documented, that every
documented operation exists, and that real answers fit the schemas (in
:mod:`service.openapi_schemas`).
"""

from __future__ import annotations

import copy
from typing import Any

from .openapi_schemas import SCHEMAS, STR, ref

__all__ = ["openapi_document"]


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(ref("Error"), description)


_WIRE = {"type": "string", "description": "one article in a wire format (docs/api.md, 'Formats')"}
_ARTICLE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ref("ArticleIn")},
        "application/x-ndjson": {"schema": _WIRE},
        "application/xml": {"schema": _WIRE},
        "text/xml": {"schema": _WIRE},
        "application/vnd.iptc.g2.newsitem+xml": {"schema": _WIRE},
        "application/vnd.iptc.g2.newsmessage+xml": {"schema": _WIRE},
        "application/rss+xml": {"schema": _WIRE},
        "application/atom+xml": {"schema": _WIRE},
        "application/feed+json": {"schema": _WIRE},
        "text/html": {"schema": _WIRE},
        "application/xhtml+xml": {"schema": _WIRE},
        "text/plain": {"schema": _WIRE},
    },
}
_TEXT = {
    "name": "text",
    "in": "query",
    # A string, not a boolean: the service also reads 1/0, yes/no and any case, and an empty
    # value as the default; a validator that took "boolean" would refuse what it reads.
    # (?!\n): in Python's regex dialect $ also matches before a final line break, which
    # the service refuses on its own ("\n" is not empty).
    "schema": {
        "type": "string",
        "pattern": r"^(?:\s*(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|1|0)\s*)?$(?!\n)",
        "default": "true",
    },
    "description": "false: members come without 'text' (the paragraph offsets point into the texts "
    "the caller holds). true or false; also 1/0 and yes/no, in any case; empty: true. Anything "
    "else is refused (400 invalid_parameter).",
}
_SIGNATURE = {
    "name": "x-superdesk-signature",
    "in": "header",
    "schema": STR,
    "description": "sha1=<hex HMAC-SHA1 of the raw body with DEDUPE_PUSH_SECRET>: Superdesk's HTTP "
    "Push; when it is right no API key is needed, when it is wrong the answer is 401 bad_signature",
}
_ID = {"in": "path", "required": True, "schema": STR}
_SECURED = [{"apiKey": []}]
_BAD_TEXT = {"400": _error("A query parameter is invalid (text must be true or false)")}
_AUTH = {
    "401": _error("Missing or wrong API key"),
    "405": _error("Method not allowed (the Allow header lists the methods)"),
    "503": _error("The store is locked or cannot be written; nothing was changed; retry (Retry-After)"),
}
_BODY_ERRORS = {
    "400": _error("Invalid JSON, an unreadable wire format, or an invalid query parameter"),
    "413": _error("Body larger than MAX_CONTENT_LENGTH"),
    "415": _error("Content-Type not accepted"),
    "422": _error("No usable text, or an invalid article field"),
}

_PATHS: dict[str, Any] = {
    "/api/v1/articles": {
        "post": {
            "summary": "Add or update an article (upsert by id) and answer its cluster",
            "operationId": "postArticle",
            "parameters": [_SIGNATURE, _TEXT],
            "requestBody": _ARTICLE_BODY,
            "responses": {
                "201": _json(ref("ArticleAnswer"), "A new id, stored and clustered"),
                "200": _json(ref("ArticleAnswer"), "A newer version (changed) or a re-delivery (unchanged)"),
                "409": _error("An older version than the stored one, or a known version with other content"),
                **_BODY_ERRORS,
                **_AUTH,
            },
        }
    },
    "/api/v1/articles/{article_id}": {
        "parameters": [{"name": "article_id", **_ID}],
        "get": {
            "summary": "The stored article, its versions and its cluster",
            "operationId": "getArticle",
            "parameters": [_TEXT],
            "responses": {
                "200": _json(ref("ArticleRecord"), "The article"),
                **_BAD_TEXT,
                "404": _error("Unknown or withheld id"),
                "410": _error("The article was killed"),
                **_AUTH,
            },
        },
        "delete": {
            "summary": "Kill an article: out of the live index, tombstoned, its cluster recomputed",
            "operationId": "deleteArticle",
            "responses": {"204": {"description": "Killed"}, "404": _error("Unknown id"), **_AUTH},
        },
    },
    "/api/v1/check": {
        "post": {
            "summary": "The cluster an article would join, without storing it",
            "operationId": "checkArticle",
            "parameters": [_TEXT],
            "requestBody": _ARTICLE_BODY,
            "responses": {
                "200": _json(
                    ref("CheckAnswer"), "The would-be cluster (null where a post would not be clustered)"
                ),
                "409": _error(
                    "Refused as its post would be: older than the stored version, or a known version with other content"
                ),
                **_BODY_ERRORS,
                **_AUTH,
            },
        }
    },
    "/api/v1/compare": {
        "post": {
            "summary": "Compare two articles, with paragraph provenance",
            "operationId": "compareArticles",
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("CompareIn")}}},
            "responses": {"200": _json(ref("Comparison"), "The comparison"), **_BODY_ERRORS, **_AUTH},
        }
    },
    "/api/v1/clusters": {
        "get": {
            "summary": "Current clusters in the order they last changed, paged with an opaque cursor",
            "operationId": "listClusters",
            "parameters": [
                {
                    "name": "since",
                    "in": "query",
                    # Not format date-time: the service reads every form an article's times take.
                    "schema": STR,
                    "description": "only clusters changed at or after this time: ISO 8601 "
                    "(2024-10-21T09:44:00%2B02:00, with the zone's '+' encoded), RFC 2822, seconds "
                    "since 1970 or 21.10.2024 09:44; without a zone, UTC; empty: no limit",
                },
                {
                    "name": "outlet",
                    "in": "query",
                    "schema": STR,
                    "description": "only clusters with a member of this outlet",
                },
                {
                    "name": "min_size",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
                },
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
                },
                {"name": "cursor", "in": "query", "schema": STR},
            ],
            "responses": {
                "200": _json(ref("ClusterPage"), "One page"),
                "400": _error("A query parameter is invalid"),
                **_AUTH,
            },
        }
    },
    "/api/v1/clusters/{cluster_id}": {
        "parameters": [{"name": "cluster_id", **_ID}],
        "get": {
            "summary": "One cluster with members, relations and paragraph provenance",
            "operationId": "getCluster",
            "parameters": [_TEXT],
            "responses": {
                "200": _json(ref("Cluster"), "The cluster"),
                **_BAD_TEXT,
                "404": _error("Unknown cluster id"),
                **_AUTH,
            },
        },
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "operationId": "openapi",
            "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}},
                **_AUTH,
            },
        }
    },
    "/clusters/{cluster_id}": {
        "parameters": [{"name": "cluster_id", **_ID}],
        "get": {
            "summary": "The review page of a cluster (HTML) for editors",
            "operationId": "reviewPage",
            "security": [{"apiKey": []}, {"keyAsPassword": []}],
            "responses": {
                "200": {"description": "HTML page", "content": {"text/html": {"schema": STR}}},
                "404": _error("Unknown cluster id"),
                **_AUTH,
            },
        },
    },
    "/healthz": {
        "get": {
            "summary": "Liveness and counts; open without a key",
            "operationId": "healthz",
            "security": [],
            "responses": {"200": _json(ref("Health"), "Up")},
        }
    },
}

_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "wire-dedupe",
        "version": "1",
        "description": "Clusters every version of the same agency story and marks per-paragraph provenance. "
        'Every error answers {"error": {"code", "message"}}.',
    },
    "servers": [{"url": "/"}],
    "security": _SECURED,
    "paths": _PATHS,
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "apiKey": {
                "type": "http",
                "scheme": "bearer",
                "description": "A key of DEDUPE_API_KEYS; needed on all routes but /healthz if keys are set.",
            },
            "keyAsPassword": {
                "type": "http",
                "scheme": "basic",
                "description": "Review page: any user, a key as password.",
            },
        },
    },
}


def openapi_document() -> dict[str, Any]:
    """A fresh copy of the document (callers may change it)."""
    return copy.deepcopy(_DOCUMENT)
