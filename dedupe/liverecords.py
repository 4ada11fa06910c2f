"""Compact per-article records of the live index (:mod:`dedupe.live`).

An index of hundreds of thousands of articles keeps these for every one of them, so
they are small: a named tuple per link, a slotted record per article, and id maps
that hold a plain string unless a key is really shared.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from .agencies import dateline
from .article import Article

__all__ = ["Changes", "Entry", "Link", "chunked", "multi_add", "multi_discard", "multi_get"]

T = TypeVar("T")


class Link(NamedTuple):
    """A verified link as the grouping and the cluster description need it."""

    similarity: float
    relation: str
    rewrite: bool  # below the threshold but a possible rewrite (dedupe.grouping.is_rewrite_link)
    surface: float = 1.0  # dedupe.verify.Evidence.surface (1.0: a link stored before it was kept)

    @classmethod
    def of(cls, comparison: Any, *, rewrite: bool) -> Link:
        """The link a :class:`dedupe.verify.Comparison` makes."""
        return cls(comparison.similarity, comparison.relation, rewrite, comparison.evidence.surface)


@dataclass
class Changes:
    """What one add or remove changed beyond its own article.

    ``relinked``: articles indexed again because a line of theirs was found to be
    furniture (their signatures and links changed); ``touched``: articles whose
    cluster may have changed; ``furniture``: hashes of lines found to be furniture.
    """

    relinked: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)
    furniture: list[int] = field(default_factory=list)


class Entry:
    """What the index keeps of one article besides links and clusters."""

    __slots__ = ("published", "wire_ref", "publisher", "source", "place", "article")

    def __init__(self, article: Article, keep: bool):
        dated = article.reference_time()
        self.published = dated.timestamp() if dated else None
        self.wire_ref = article.wire_ref
        # Interned: an outlet's name is one string however many of its articles are kept.
        publisher = article.publisher
        self.publisher = sys.intern(publisher) if publisher else None
        found = dateline(article.text)
        self.source = sys.intern(found.agency) if found else None
        self.place = sys.intern(found.place) if found and found.place else None
        self.article = article if keep else None


def origins(entries: list[Entry]) -> tuple[list[str | None], list[str | None]]:
    """Per entry, its publisher and its dateline agency (for dedupe.grouping.group_positions)."""
    return [e.publisher for e in entries], [e.source for e in entries]


def multi_add(table: dict[str, Any], key: str, value: str) -> None:
    # One id per key is the rule: a plain string then, a set only for the rare shared key.
    old = table.get(key)
    if old is None or old == value:
        table[key] = value
    elif isinstance(old, set):
        old.add(value)
    else:
        table[key] = {old, value}


def multi_discard(table: dict[str, Any], key: str, value: str) -> None:
    old = table.get(key)
    if old == value:
        del table[key]
    elif isinstance(old, set):
        old.discard(value)
        if len(old) == 1:
            table[key] = next(iter(old))


def multi_get(table: dict[str, Any], key: str) -> set[str]:
    found = table.get(key)
    if found is None:
        return set()
    return set(found) if isinstance(found, set) else {found}


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items in order, the last shorter (``itertools.batched`` from 3.12).

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
