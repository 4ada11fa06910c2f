"""The schemas of the OpenAPI document's components (:mod:`service.openapi` holds the paths)."""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMAS", "STR", "ref"]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
NUM = {"type": "number"}
#: An optional field of an incoming article: null is read as absent.
OPT_STR = {"type": ["string", "null"]}
TIME = {
    "type": ["string", "number", "null"],
    "description": "ISO 8601 (2024-10-21T09:44:00+02:00), RFC 2822, seconds since 1970 or "
    "21.10.2024 09:44; without a zone, UTC. A string in no such form is refused (422).",
}

_NOT_LIVE = {
    "type": "string",
    "description": "only when live is false: why the article is in no cluster (killed, withheld, "
    "or published before the retention window)",
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": STR, "message": STR},
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
            "id": {
                "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}],
                "description": "Not blank, and no control character (a line break, a tab) inside; "
                "blanks around it are dropped. A whole number is read as its digits.",
            },
            "text": {
                "type": ["string", "null"],
                "description": "Needed, not blank, unless 'html' gives the text or pubstatus is a kill "
                "or a withdrawal (422 'no usable text' otherwise).",
            },
            "html": {
                "type": ["string", "null"],
                "description": "Used when 'text' is absent or empty; the text is extracted.",
            },
            "outlet": OPT_STR,
            "title": OPT_STR,
            "published_at": TIME,
            "language": OPT_STR,
            "url": OPT_STR,
            "provider": OPT_STR,
            "copyright_holder": OPT_STR,
            "version": {
                # JSON Schema's integer is any number with no fraction: 2.0 is one.
                "type": ["string", "integer", "null"],
                "description": "A string, or a whole number (2.0 is 2).",
            },
            "version_created": TIME,
            "pubstatus": {
                # Not an enum: the service reads senders' spellings (stat:canceled, Killed), and
                # a generator or validator that took the enum would refuse what the service takes.
                "type": ["string", "null"],
                "description": "usable (also blank or null), withheld, canceled; also cancelled, killed "
                "and deleted for canceled and embargoed for withheld, in any case and after a prefix "
                "such as 'stat:'. Any other value is refused (422).",
                "examples": ["usable", "withheld", "canceled", "stat:canceled", "Killed", "embargoed"],
            },
            "embargo": TIME,
            "genre": OPT_STR,
        },
        "examples": [
            {
                "id": "zeitung-2024-10-21-nordkorea",
                "outlet": "Beispiel-Zeitung",
                "title": "Nordkorea schickt Soldaten",
                "version": 2,
                "text": "Nordkorea hat nach Angaben Südkoreas Soldaten nach Russland geschickt.\n\n"
                "Der Geheimdienst in Seoul sprach von rund 1500 Mann.",
            }
        ],
    },
    "Match": {
        "type": "object",
        "required": ["article_id", "paragraph_index"],
        "properties": {"article_id": STR, "paragraph_index": {"type": "integer"}, "score": NUM},
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
            "matches": {"type": "array", "items": ref("Match")},
            "diff": {
                "type": "array",
                "items": ref("Change"),
                "description": "edited paragraphs: the changes against the best counterpart",
            },
            "unique_spans": {
                "type": "array",
                "items": ref("Span"),
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
    "Change": {
        "type": "object",
        "required": ["start", "end"],
        "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "was": STR},
        "description": "words of the member's text the counterpart lacks (start to end), with `was`, the "
        "counterpart's words in their place, if any; start == end marks where the words `was` were cut",
    },
    "Member": {
        "type": "object",
        "required": ["article_id", "relation"],
        "properties": {
            "article_id": STR,
            "outlet": NSTR,
            "language": {
                "type": "string",
                "description": "ISO 639-1 code the text was processed in: as declared, else detected",
            },
            "relation": {"type": "string", "enum": ["origin", "verbatim", "edited", "rewritten"]},
            "similarity": {"type": ["number", "null"]},
            "unique_share": {"type": ["number", "null"]},
            "origin_share": {
                "type": "number",
                "description": "share of the origin's text this member carries",
            },
            "origin_cut": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "not on the origin: indices of the origin's paragraphs this member left out",
            },
            "text": {"type": ["string", "null"], "description": "null while the article is embargoed"},
            "paragraphs": {"type": "array", "items": ref("Paragraph")},
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
                        "article_id": STR,
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
            "cluster_id": STR,
            "origin": NSTR,
            "members": {"type": "array", "items": ref("Member")},
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
            "article_id": STR,
            "version": NSTR,
            "pubstatus": {"type": "string", "enum": ["usable", "withheld", "canceled"]},
            "changed": {"type": "boolean", "description": "false for a re-delivery of the stored version"},
            "live": {"type": "boolean", "description": "whether the article is in the live index"},
            "cluster": {"oneOf": [ref("Cluster"), {"type": "null"}]},
            "not_live": _NOT_LIVE,
        },
    },
    "CheckAnswer": {
        "type": "object",
        "required": ["article_id", "version", "live", "cluster"],
        "properties": {
            "article_id": STR,
            "version": NSTR,
            "live": {"type": "boolean", "description": "whether a post of it would be clustered"},
            "cluster": {"oneOf": [ref("Cluster"), {"type": "null"}]},
            "not_live": _NOT_LIVE,
        },
    },
    "CompareIn": {
        "type": "object",
        "required": ["a", "b"],
        "properties": {"a": ref("ArticleIn"), "b": ref("ArticleIn")},
    },
    "Comparison": {
        "type": "object",
        "required": ["a", "b", "similarity", "relation", "paragraphs"],
        "properties": {
            "a": STR,
            "b": STR,
            "similarity": NUM,
            "relation": {
                "type": "string",
                "enum": ["verbatim", "edited", "rewritten", "unrelated"],
                "description": "unrelated: below the operating point as a pair (two rewrites may still "
                "share a cluster through a third version)",
            },
            "jaccard": NUM,
            "containment": {"type": "array", "items": NUM},
            "evidence": {
                "type": "object",
                "description": "the measures the similarity is built from (docs/quality.md): jaccard, "
                "containment, rare_containment, shared_rare_weight, sentence_alignment, "
                "number_agreement, days_apart, cosine",
            },
            "paragraphs": {
                "type": "object",
                "description": "per article id, its paragraphs (two versions of one id: b's under \"<id> (b)\", the id the answer's b names)",
                "additionalProperties": {"type": "array", "items": ref("Paragraph")},
            },
        },
    },
    "Version": {
        "type": "object",
        "required": ["version", "received_at", "pubstatus"],
        "properties": {"version": NSTR, "received_at": STR, "content_hash": STR, "pubstatus": STR},
    },
    "ArticleRecord": {
        "type": "object",
        "required": ["article", "received_at", "live", "versions", "cluster"],
        "properties": {
            "article": {
                "type": "object",
                "required": ["id"],
                "description": "The stored current version; 'text' is left out while embargoed.",
                "properties": {"id": STR, "text": STR, "embargoed": {"type": "boolean"}},
            },
            "received_at": STR,
            "live": {"type": "boolean"},
            "not_live": _NOT_LIVE,
            "versions": {"type": "array", "items": ref("Version")},
            "cluster": {"oneOf": [ref("Cluster"), {"type": "null"}]},
        },
    },
    "ClusterSummary": {
        "type": "object",
        "required": ["cluster_id", "origin", "size", "updated_at", "members"],
        "properties": {
            "cluster_id": STR,
            "origin": NSTR,
            "size": {"type": "integer"},
            "updated_at": STR,
            "members": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["article_id"],
                    "properties": {
                        "article_id": STR,
                        "outlet": NSTR,
                        "relation": NSTR,
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
            "clusters": {"type": "array", "items": ref("ClusterSummary")},
            "next_cursor": {"type": ["string", "null"], "description": "pass as 'cursor' for the next page"},
            "resume_cursor": {"type": "string", "description": "poll later with it: clusters changed since"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "live_articles", "stored_articles"],
        "properties": {
            "status": STR,
            "live_articles": {"type": "integer"},
            "stored_articles": {"type": "integer"},
        },
    },
}
