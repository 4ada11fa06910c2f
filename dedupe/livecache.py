"""The live index's caches: prepared documents, provenance features, descriptions.

A prepared document is about 34 KiB, so an index of 100,000 articles cannot keep
them all: they sit in a bounded LRU and are prepared again on a miss. Agency reuse is time-local: the candidates an add verifies and the members
of the cluster it describes are mostly recent, so a few thousand recent documents
serve most lookups, and a miss prepares the document again from the article text
(the service's store). Within one operation (an add, a description) every document
it touched stays pinned, so a cache smaller than a cluster still works.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .article import Article
from .document import Document

__all__ = ["LRU", "DocumentCache", "FeatureCache"]


class DocumentCache:
    """Prepared documents by article id.

    Args:
        prepare: Prepares an article (with the index's furniture lines).
        article_of: The current version of an indexed article, by id.
        capacity: Documents kept between operations.
    """

    def __init__(
        self, prepare: Callable[[Article], Document], article_of: Callable[[str], Article], capacity: int
    ):
        self._prepare, self._article_of, self.capacity = prepare, article_of, capacity
        self._docs: OrderedDict[str, Document] = OrderedDict()
        self._pinned: dict[str, Document] | None = None
        self.hits = self.misses = 0

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Keep every document used until the outermost ``pinned`` block ends."""
        outer = self._pinned is None
        if outer:
            self._pinned = {}
        try:
            yield
        finally:
            if outer:
                self._pinned = None

    def get(self, article_id: str) -> Document:
        if self._pinned is not None and article_id in self._pinned:
            return self._pinned[article_id]
        doc = self._docs.get(article_id)
        if doc is not None:
            self.hits += 1
            self._docs.move_to_end(article_id)
        else:
            self.misses += 1
            doc = self._prepare(self._article_of(article_id))
            self.remember(doc)
        if self._pinned is not None:
            self._pinned[article_id] = doc
        return doc

    def remember(self, doc: Document) -> None:
        self._docs[doc.id] = doc
        self._docs.move_to_end(doc.id)
        if self._pinned is not None:
            self._pinned[doc.id] = doc
        while len(self._docs) > self.capacity:
            self._docs.popitem(last=False)

    def forget(self, article_id: str) -> None:
        self._docs.pop(article_id, None)
        if self._pinned is not None:
            self._pinned.pop(article_id, None)

    def info(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "size": len(self._docs), "capacity": self.capacity}


class LRU:
    """A bounded mapping that forgets the entry used least recently (cluster descriptions)."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._items: OrderedDict[str, Any] = OrderedDict()

    def get(self, key: str) -> Any | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: str, value: Any) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def pop(self, key: str) -> None:
        self._items.pop(key, None)


class FeatureCache:
    """Provenance's sentence features of the documents described last (a bounded LRU).

    A cluster is described again each time a member joins; its other members' features
    are then found here. Entries are checked against the document object, so a
    document prepared again (new furniture, a new version) is never given old features.
    """

    def __init__(self, capacity: int = 256):  # about 26 KiB each (320 words): under 10 MiB
        self._items = LRU(capacity)

    def get(self, doc: Document) -> object | None:
        found = self._items.get(doc.id)
        return found[1] if found is not None and found[0] is doc else None

    def put(self, doc: Document, features: object) -> None:
        self._items.put(doc.id, (doc, features))
