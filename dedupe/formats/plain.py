"""Our own simple inputs: plain text files, JSON Lines, plain JSON articles.

* ``.txt``: one article; the id (and outlet) is the file name without extension.
* ``.jsonl``: one JSON object per line with ``id`` and ``text`` (or ``html``),
  optional ``outlet``, ``title``, ``published_at``, ``language``, ``url``,
  ``provider``, ``version`` (see :func:`dedupe.article.article_from_mapping`).
  Each bad line becomes an :class:`~dedupe.errors.InputError` naming file
  and line, so a batch run can report it and go on.
* a JSON object ``{"id", "text", ...}`` (the API body), or a list of them.

Text is kept exactly as given (character offsets in reports point into it);
a printed dpa notice in it sets :attr:`Article.wire_ref`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..article import Article, article_from_mapping
from ..errors import InputError, SkippedInput
from .fields import json_problem, language_code
from .notices import find_dpa_notice

__all__ = ["article_from_json", "article_from_text", "iter_jsonl", "require_text", "with_wire_ref"]


def with_wire_ref(article: Article) -> Article:
    """Fill ``wire_ref`` from a printed dpa notice, unless already set."""
    if article.wire_ref:
        return article
    notice = find_dpa_notice(article.text)
    if notice is None:
        return article
    extra = dict(article.extra)
    if notice[1]:
        extra["wire_version"] = notice[1]
    return article.replace(wire_ref=notice[0], extra=extra)


def require_text(article: Article) -> Article:
    """Refuse an article whose text is empty or only whitespace.

    A kill (``pubstatus`` "canceled") may come without body: it is kept, so
    the engine can withdraw the earlier versions.
    """
    if not article.text.strip() and article.pubstatus == "usable":
        raise InputError(
            f"article {article.id!r} has empty text: give it the article body (or drop the record)",
            source=article.source,
        )
    return article


def article_from_text(
    text: str, *, article_id: str | None, source: str | None = None, default_language: str = "auto"
) -> Article:
    """One article from plain text; ``article_id`` is also its outlet.

    >>> article_from_text("Erster Absatz.\\n\\nZweiter.", article_id="spiegel").outlet
    'spiegel'

    Raises:
        InputError: No id (a text body needs a file name or an id), or empty text.
    """
    if not article_id or not article_id.strip():
        raise InputError(
            "plain text has no id: send it as a file (its name becomes the id) or as JSON with an 'id'",
            source=source,
        )
    text = text.removeprefix("\ufeff")
    article = Article(
        id=article_id.strip(),
        text=text,
        outlet=article_id.strip(),
        language=language_code(default_language, "auto"),
        source=source,
        extra={"format": "text"},
    )
    return with_wire_ref(require_text(article))


def article_from_json(
    data: Mapping[str, Any], *, source: str | None = None, default_language: str = "auto"
) -> Article:
    """A plain JSON article (``{"id", "text", ...}``) with the default language filled in."""
    if isinstance(data, Mapping) and "language" not in data:
        data = {**data, "language": default_language}
    article = article_from_mapping(data, source=source)
    return with_wire_ref(require_text(article))


def iter_jsonl(
    lines: Iterable[bytes],
    *,
    source: str,
    default_language: str = "auto",
    max_line_bytes: int | None = None,
) -> Iterator[Article | InputError]:
    """Articles from JSON Lines, and an InputError (yielded) for each bad line.

    Blank lines are skipped. Errors name the file and the 1-based line. A line longer
    than ``max_line_bytes`` (newline included) is refused.
    """
    for number, raw in enumerate(lines, start=1):
        if max_line_bytes is not None and len(raw.rstrip(b"\r\n")) > max_line_bytes:
            yield InputError(
                f"line is over the {max_line_bytes:,}-byte limit for one record: "
                "is it one article? (a newline may be missing between records)",
                source=source,
                line=number,
            )
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield InputError(
                "line is not UTF-8 (looks like Latin-1?): convert with iconv -f latin1 -t utf-8",
                source=source,
                line=number,
            )
            continue
        line = line.removeprefix("\ufeff").strip()
        if not line:
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(
                f"malformed JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}",
                source=source,
                line=number,
            )
            continue
        except (ValueError, RecursionError) as exc:
            yield InputError(json_problem(exc), source=source, line=number)
            continue
        if isinstance(data, dict) and data.get("type") == "pair":
            # A labelled dataset's pair record (docs/dataset-format.md): for dedupe eval, no article.
            yield SkippedInput(
                "a labelled pair of a dataset, not an article (dedupe eval reads it)",
                source=source,
                line=number,
            )
            continue
        if not isinstance(data, dict):
            yield InputError(
                f"each line must be a JSON object with 'id' and 'text', not {type(data).__name__}",
                source=source,
                line=number,
            )
            continue
        try:
            article = article_from_json(data, source=source, default_language=default_language)
        except InputError as exc:
            yield InputError(exc.message, source=source, line=number)
            continue
        yield article.replace(source=f"{source}:{number}")
