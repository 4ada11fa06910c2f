"""The batch's output as files: JSON, JSONL, CSV and the HTML report.

What ``dedupe cluster --format`` writes; pure functions of the batch result
(:func:`dedupe.cluster`), so other tools can write the same files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from . import jsontext

__all__ = ["FORMATS", "render"]

FORMATS = ("json", "jsonl", "csv", "html")


def _cell(value: Any) -> Any:
    """A CSV value a spreadsheet shows as text, never runs: ``=HYPERLINK(...)``, a dpa
    ``+++ Eilmeldung +++`` headline or an id starting with ``-`` would be formulas.

    >>> _cell("+++ Eilmeldung +++"), _cell("dpa"), _cell(0.5)
    ("'+++ Eilmeldung +++", 'dpa', 0.5)
    """
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


_FORMULA_STARTS = frozenset("=+-@\t\r")


def _csv(result: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["cluster_id", "origin", "size", "article_id", "outlet", "relation", "similarity",
         "unique_share", "origin_share", "unique_paragraphs", "title", "published_at"]
    )  # fmt: skip
    for c in result["clusters"]:
        for m in c["members"]:
            unique = sum(1 for p in m.get("paragraphs", []) if p["status"] == "unique")
            writer.writerow(
                map(_cell, [c["cluster_id"], c["origin"], len(c["members"]), m["article_id"], m.get("outlet") or "",
                 m["relation"], m["similarity"], m.get("unique_share", ""), m.get("origin_share", ""),
                 unique, m.get("title") or "", m.get("published_at") or ""])
            )  # fmt: skip
    return out.getvalue()


def _json_pieces(result: dict[str, Any]) -> Iterator[str]:
    """The batch JSON, one cluster a line: valid JSON that grep and diff can follow.

    Each cluster goes through the json module's C encoder; an indented dump of the
    whole runs its pure-Python encoder, which took 9 s of a 30,000-article run and
    built the 200 MB answer as one string.
    """
    yield "{"
    for n, (key, value) in enumerate(result.items()):
        yield ("," if n else "") + "\n" + json.dumps(key) + ": "
        if key == "clusters":
            yield "["
            for i, cluster in enumerate(value):
                yield ("," if i else "") + "\n" + jsontext.dumps(cluster)
            yield "\n]"
        else:
            yield json.dumps(value, ensure_ascii=False, indent=1)
    yield "\n}\n"


def _jsonl_pieces(result: dict[str, Any]) -> Iterator[str]:
    for c in result["clusters"]:
        yield jsontext.dumps(c) + "\n"
    yield json.dumps({"stats": result["stats"]}, ensure_ascii=False) + "\n"


def render(result: dict[str, Any], fmt: str) -> str | Iterator[str]:
    """The batch's output in ``fmt``: a string, or for JSON and JSONL its pieces in order."""
    if fmt == "json":
        return _json_pieces(result)
    if fmt == "jsonl":
        return _jsonl_pieces(result)
    if fmt == "csv":
        return _csv(result)
    from .report import render_report

    return render_report(result)
