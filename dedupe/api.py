"""The library's front door for two texts: :func:`compare`."""

from __future__ import annotations

from .article import Article
from .config import Config
from .document import prepare
from .verify import Comparison, compare_documents

__all__ = ["as_article", "compare"]


def as_article(value: str | Article, *, fallback_id: str, language: str) -> Article:
    """Accept plain text or an :class:`Article`."""
    if isinstance(value, Article):
        return value
    return Article(id=fallback_id, text=value, language=language)


def compare(
    a: str | Article, b: str | Article, *, language: str = "auto", config: Config | None = None
) -> Comparison:
    """How likely ``b`` and ``a`` derive from the same copy, and how.

    Returns a :class:`~dedupe.verify.Comparison` with ``similarity`` (0 to 1),
    ``relation`` (verbatim, edited, rewritten or unrelated), ``jaccard`` and
    ``containment`` (a in b, b in a).
    """
    config = config or Config()
    first = as_article(a, fallback_id="a", language=language)
    second = as_article(b, fallback_id="b", language=language)
    da = prepare(first, shingle_size=config.shingle_size)
    db = prepare(second, shingle_size=config.shingle_size)
    return compare_documents(da, db, threshold=config.threshold, window_days=config.window_days)
