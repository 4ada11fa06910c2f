"""The OpenAPI 3.1 document of the service, as data (served at ``/api/v1/openapi.json``).

tests/test_service_openapi.py checks that every route is documented, that every
documented operation exists, and that real answers fit the schemas below.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["openapi_document"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_NUM = {"type": "number"}
_TIME = {
    "type": ["string", "number"],
    "description": "ISO 8601 (2024-10-21T09:44:00+02:00), RFC 2822, seconds since 1970 or "
    "21.10.2024 09:44; without a zone, UTC.",
}

_NOT_LIVE = {
    "type": "string",
    "description": "only when live is false: why the article is in no cluster (killed, withheld, "
    "or published before the retention window)",
}

_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": _STR, "message": _STR},
            }
        },
    },
    "ArticleIn": {
        "type": "object",
        "description": "One article, the fields of a batch JSONL line. Other wire formats are accepted "
        "by their Content-Type (NewsML-G2, ninjs, a one-item RSS or Atom feed, ...) when the format "
        "readers are installed.",
        "required": ["id"],
        "properties": {
            "id": {"type": ["string", "integer"], "description": "A whole number is read as its digits."},
            "text": _STR,
            "html": {
                "type": "string",
                "description": "Used when 'text' is absent or empty; the text is extracted.",
            },
            "outlet": _STR,
            "title": _STR,
            "published_at": _TIME,
            "language": _STR,
            "url": _STR,
            "provider": _STR,
            "version": {
                "type": ["string", "integer", "number"],
                "description": "A number must be whole (2.0 is 2).",
            },
            "version_created": _TIME,
            "pubstatus": {
                "type": "string",
                "description": "Also with a 'stat:' prefix and in any case.",
                "enum": ["usable", "withheld", "canceled", "cancelled", "killed", "deleted", "embargoed"],
            },
            "embargo": _TIME,
            "genre": _STR,
        },
    },
    "Match": {
        "type": "object",
        "required": ["article_id", "paragraph_index"],
        "properties": {"article_id": _STR, "paragraph_index": {"type": "integer"}, "score": _NUM},
    },
    "Paragraph": {
        "type": "object",
        "required": ["index", "start", "end", "status"],
        "properties": {
            "index": {"type": "integer"},
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "status": {
                "type": "string",
                "enum": ["verbatim", "edited", "rewritten", "unique", "boilerplate"],
            },
            "matches": {"type": "array", "items": _ref("Match")},
            "diff": {
                "type": "array",
                "items": _ref("Span"),
                "description": "edited paragraphs: the words that differ from the best counterpart",
            },
            "unique_spans": {
                "type": "array",
                "items": _ref("Span"),
                "description": "the outlet's own sentences inside a paragraph that carries a confirmed "
                "fact of another member; counted in unique_share",
            },
        },
    },
    "Span": {
        "type": "object",
        "required": ["start", "end"],
        "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}},
        "description": "character offsets into the member's text",
    },
    "Member": {
        "type": "object",
        "required": ["article_id", "relation"],
        "properties": {
            "article_id": _STR,
            "outlet": _NSTR,
            "language": {
                "type": "string",
                "description": "ISO 639-1 code the text was processed in: as declared, else detected",
            },
            "relation": {"type": "string", "enum": ["origin", "verbatim", "edited", "rewritten"]},
            "similarity": {"type": ["number", "null"]},
            "unique_share": {"type": ["number", "null"]},
            "text": {"type": ["string", "null"], "description": "null while the article is embargoed"},
            "paragraphs": {"type": "array", "items": _ref("Paragraph")},
            "embargoed_until": {"type": "string", "format": "date-time"},
            "kill_notices": {
                "type": "array",
                "description": "origins (the wire) of this member's cluster that were killed (its copy "
                "may have to come down); only present when there are any; lifted when a killed story "
                "comes back with a newer usable version",
                "items": {
                    "type": "object",
                    "required": ["article_id", "killed_at"],
                    "properties": {
                        "article_id": _STR,
                        "killed_at": {"type": "string", "format": "date-time"},
                    },
                },
            },
        },
    },
    "Cluster": {
        "type": "object",
        "description": "The batch JSON cluster. A cluster's id follows its origin (it changes when another "
        "member becomes the origin); an old id answers with the cluster its members are in now.",
        "required": ["cluster_id", "origin", "members"],
        "properties": {
            "cluster_id": _STR,
            "origin": _NSTR,
            "members": {"type": "array", "items": _ref("Member")},
            "live": {
                "type": "boolean",
                "description": "false: a stored snapshot, its articles left the live index",
            },
        },
    },
    "ArticleAnswer": {
        "type": "object",
        "required": ["article_id", "version", "pubstatus", "changed", "live", "cluster"],
        "properties": {
            "article_id": _STR,
            "version": _NSTR,
            "pubstatus": {"type": "string", "enum": ["usable", "withheld", "canceled"]},
            "changed": {"type": "boolean", "description": "false for a re-delivery of the stored version"},
            "live": {"type": "boolean", "description": "whether the article is in the live index"},
            "cluster": {"oneOf": [_ref("Cluster"), {"type": "null"}]},
            "not_live": _NOT_LIVE,
        },
    },
    "CheckAnswer": {
        "type": "object",
        "required": ["article_id", "version", "live", "cluster"],
        "properties": {
            "article_id": _STR,
            "version": _NSTR,
            "live": {"type": "boolean", "description": "whether a post of it would be clustered"},
            "cluster": {"oneOf": [_ref("Cluster"), {"type": "null"}]},
            "not_live": _NOT_LIVE,
        },
    },
    "CompareIn": {
        "type": "object",
        "required": ["a", "b"],
        "properties": {"a": _ref("ArticleIn"), "b": _ref("ArticleIn")},
    },
    "Comparison": {
        "type": "object",
        "required": ["a", "b", "similarity", "relation", "paragraphs"],
        "properties": {
            "a": _STR,
            "b": _STR,
            "similarity": _NUM,
            "relation": {
                "type": "string",
                "enum": ["verbatim", "edited", "rewritten", "unrelated"],
                "description": "unrelated: below the operating point as a pair (two rewrites may still "
                "share a cluster through a third version)",
            },
            "jaccard": _NUM,
            "containment": {"type": "array", "items": _NUM},
            "evidence": {
                "type": "object",
                "description": "the measures the similarity is built from (docs/quality.md): jaccard, "
                "containment, rare_containment, shared_rare_weight, sentence_alignment, "
                "number_agreement, days_apart, cosine",
            },
            "paragraphs": {
                "type": "object",
                "description": "per article id, its paragraphs",
                "additionalProperties": {"type": "array", "items": _ref("Paragraph")},
            },
        },
    },
    "Version": {
        "type": "object",
        "required": ["version", "received_at", "pubstatus"],
        "properties": {"version": _NSTR, "received_at": _STR, "content_hash": _STR, "pubstatus": _STR},
    },
    "ArticleRecord": {
        "type": "object",
        "required": ["article", "received_at", "live", "versions", "cluster"],
        "properties": {
            "article": {
                "type": "object",
                "required": ["id"],
                "description": "The stored current version; 'text' is left out while embargoed.",
                "properties": {"id": _STR, "text": _STR, "embargoed": {"type": "boolean"}},
            },
            "received_at": _STR,
            "live": {"type": "boolean"},
            "versions": {"type": "array", "items": _ref("Version")},
            "cluster": {"oneOf": [_ref("Cluster"), {"type": "null"}]},
        },
    },
    "ClusterSummary": {
        "type": "object",
        "required": ["cluster_id", "origin", "size", "updated_at", "members"],
        "properties": {
            "cluster_id": _STR,
            "origin": _NSTR,
            "size": {"type": "integer"},
            "updated_at": _STR,
            "members": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["article_id"],
                    "properties": {
                        "article_id": _STR,
                        "outlet": _NSTR,
                        "relation": _NSTR,
                        "similarity": {"type": ["number", "null"]},
                    },
                },
            },
        },
    },
    "ClusterPage": {
        "type": "object",
        "required": ["clusters", "next_cursor", "resume_cursor"],
        "properties": {
            "clusters": {"type": "array", "items": _ref("ClusterSummary")},
            "next_cursor": {"type": ["string", "null"], "description": "pass as 'cursor' for the next page"},
            "resume_cursor": {"type": "string", "description": "poll later with it: clusters changed since"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "live_articles", "stored_articles"],
        "properties": {
            "status": _STR,
            "live_articles": {"type": "integer"},
            "stored_articles": {"type": "integer"},
        },
    },
}

_WIRE = {"type": "string", "description": "one article in a wire format (docs/api.md, 'Formats')"}
_ARTICLE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": _ref("ArticleIn")},
        "application/x-ndjson": {"schema": _WIRE},
        "application/xml": {"schema": _WIRE},
        "text/xml": {"schema": _WIRE},
        "application/vnd.iptc.g2.newsitem+xml": {"schema": _WIRE},
        "application/vnd.iptc.g2.newsmessage+xml": {"schema": _WIRE},
        "application/rss+xml": {"schema": _WIRE},
        "application/atom+xml": {"schema": _WIRE},
        "text/html": {"schema": _WIRE},
        "application/xhtml+xml": {"schema": _WIRE},
    },
}
_TEXT = {
    "name": "text",
    "in": "query",
    "schema": {"type": "boolean", "default": True},
    "description": "false: members come without 'text' (the paragraph offsets point into the texts "
    "the caller holds)",
}
_SIGNATURE = {
    "name": "x-superdesk-signature",
    "in": "header",
    "schema": _STR,
    "description": "sha1=<hex HMAC-SHA1 of the raw body with DEDUPE_PUSH_SECRET>: Superdesk's HTTP "
    "Push; when it is right no API key is needed, when it is wrong the answer is 401 bad_signature",
}
_ID = {"in": "path", "required": True, "schema": _STR}
_SECURED = [{"apiKey": []}]
_AUTH = {
    "401": _error("Missing or wrong API key"),
    "405": _error("Method not allowed (the Allow header lists the methods)"),
    "503": _error("The store is locked or cannot be written; nothing was changed; retry (Retry-After)"),
}
_BODY_ERRORS = {
    "400": _error("Invalid JSON or unreadable wire format"),
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
                "201": _json(_ref("ArticleAnswer"), "A new id, stored and clustered"),
                "200": _json(_ref("ArticleAnswer"), "A newer version (changed) or a re-delivery (unchanged)"),
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
                "200": _json(_ref("ArticleRecord"), "The article"),
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
                    _ref("CheckAnswer"), "The would-be cluster (null where a post would not be clustered)"
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
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CompareIn")}}},
            "responses": {"200": _json(_ref("Comparison"), "The comparison"), **_BODY_ERRORS, **_AUTH},
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
                    "schema": {"type": "string", "format": "date-time"},
                    "description": "only clusters changed at or after this time",
                },
                {
                    "name": "outlet",
                    "in": "query",
                    "schema": _STR,
                    "description": "only clusters with a member of this outlet",
                },
                {
                    "name": "min_size",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "default": 1},
                },
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
                },
                {"name": "cursor", "in": "query", "schema": _STR},
            ],
            "responses": {
                "200": _json(_ref("ClusterPage"), "One page"),
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
                "200": _json(_ref("Cluster"), "The cluster"),
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
            "responses": {
                "200": {"description": "HTML page", "content": {"text/html": {"schema": _STR}}},
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
            "responses": {"200": _json(_ref("Health"), "Up")},
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
        "schemas": _SCHEMAS,
        "securitySchemes": {
            "apiKey": {
                "type": "http",
                "scheme": "bearer",
                "description": "A key of DEDUPE_API_KEYS; needed on all routes but /healthz if keys are set.",
            }
        },
    },
}


def openapi_document() -> dict[str, Any]:
    """A fresh copy of the document (callers may change it)."""
    return copy.deepcopy(_DOCUMENT)
