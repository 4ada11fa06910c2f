"""The live index: the batch pipeline one article at a time, for the service.

It keeps every indexed article's prepared document, its verified links and the
current clusters in memory, guarded by one lock, so a reader never sees a
half-updated cluster. Adding or removing an article re-clusters only the
component of the link graph it touches, with the same average linkage, origin
rule and provenance as the batch command.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from .article import Article
from .cluster import (
    declared_link,
    describe_cluster,
    group_positions,
    is_excluded,
    is_rewrite_link,
    outside_window,
    wire_key,
)
from .config import Config
from .document import Document, prepare
from .index import CandidateIndex
from .provenance import provenance
from .verify import Comparison, compare_documents

__all__ = ["LiveIndex"]


class LiveIndex:
    """Thread-safe incremental clustering of articles.

    Example:
        >>> idx = LiveIndex(Config())
        >>> cluster = idx.add(Article(id="a", text="Die Polizei meldet 1.500 Festnahmen in Wien."))
        >>> [m["article_id"] for m in cluster["members"]]
        ['a']
    """

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self._index = CandidateIndex(self.config)
        self._docs: dict[str, Document] = {}
        self._links: dict[str, dict[str, Comparison]] = {}
        self._cluster_of: dict[str, str] = {}
        self._clusters: dict[str, dict[str, Any]] = {}
        # Printed agency notices: wire item key -> ids, and named wire item -> ids naming it.
        self._by_wire_key: dict[str, set[str]] = {}
        self._by_wire_ref: dict[str, set[str]] = {}
        self._lock = threading.RLock()

    # -- reading -------------------------------------------------------------
    def __contains__(self, article_id: object) -> bool:
        return article_id in self._docs

    def __len__(self) -> int:
        return len(self._docs)

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._clusters.get(cluster_id)

    def cluster_of(self, article_id: str) -> dict[str, Any] | None:
        with self._lock:
            cid = self._cluster_of.get(article_id)
            return self._clusters.get(cid) if cid else None

    def clusters(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._clusters.values())

    # -- writing -------------------------------------------------------------
    def add(self, article: Article) -> dict[str, Any]:
        """Index an article (replacing one with the same id); its cluster."""
        doc = prepare(article, shingle_size=self.config.shingle_size)
        signature = self._index.sketch([doc])[0]
        with self._lock:
            touched = set()
            if article.id in self._docs:
                touched |= self._unlink(article.id)
            links = self._verify(doc, self._candidates(doc, signature)) if self._linkable(doc) else {}
            self._docs[article.id] = doc
            self._by_wire_key.setdefault(wire_key(article.id), set()).add(article.id)
            if article.wire_ref:
                self._by_wire_ref.setdefault(article.wire_ref, set()).add(article.id)
            self._links[article.id] = links
            for other, comparison in links.items():
                self._links[other][article.id] = comparison
            if self._linkable(doc):
                self._index.add(article.id, signature)
            self._recluster(touched | {article.id})
            return self._clusters[self._cluster_of[article.id]]

    def add_many(self, articles: Iterable[Article]) -> None:
        """Index many articles (start-up rebuild from the store)."""
        for article in articles:
            self.add(article)

    def remove(self, article_id: str) -> dict[str, Any] | None:
        """Take an article out (a kill); the recomputed cluster of its former neighbours."""
        with self._lock:
            if article_id not in self._docs:
                return None
            neighbours = self._unlink(article_id)
            self._recluster(neighbours)
            for other in sorted(neighbours):
                if other in self._cluster_of:
                    return self._clusters[self._cluster_of[other]]
            return None

    # -- without storing -----------------------------------------------------
    def check(self, article: Article) -> dict[str, Any]:
        """The cluster ``article`` would join, without changing the index."""
        doc = prepare(article, shingle_size=self.config.shingle_size)
        signature = self._index.sketch([doc])[0]
        with self._lock:
            candidates = self._candidates(doc, signature) - {article.id}
            links = self._verify(doc, candidates) if self._linkable(doc) else {}
            component = self._component(set(links))
            docs = {i: self._docs[i] for i in component}
            docs[article.id] = doc

            def link(a: str, b: str) -> Comparison:
                if article.id in (a, b):
                    other = b if a == article.id else a
                    if other in links:
                        return links[other]
                    return self._compare(doc, self._docs[other])
                return self._link(a, b)

            groups = self._group(sorted(docs), link, {article.id: links})
            group = next(g for g in groups if article.id in g)
            return self._describe([docs[i] for i in group], link)

    def compare(self, a: Article, b: Article) -> dict[str, Any]:
        """Comparison of two articles plus the provenance of each paragraph."""
        da = prepare(a, shingle_size=self.config.shingle_size)
        db = prepare(b, shingle_size=self.config.shingle_size)
        comparison = self._compare(da, db)
        explained = provenance([da, db], origin=0)
        out = comparison.to_dict()
        out["paragraphs"] = {da.id: explained[0]["paragraphs"], db.id: explained[1]["paragraphs"]}
        return out

    # -- internals -----------------------------------------------------------
    def _linkable(self, doc: Document) -> bool:
        return bool(doc.shingles) and not is_excluded(doc.article, self.config)

    def _compare(self, a: Document, b: Document) -> Comparison:
        return compare_documents(a, b, threshold=self.config.threshold, window_days=self.config.window_days)

    def _candidates(self, doc: Document, signature) -> set[str]:
        """LSH hits; rewrite-only hits outside the time window are dropped (as in the batch)."""
        surface, terms = self._index.query_views(signature)
        return surface | {
            t
            for t in terms - surface
            if t in self._docs and not outside_window(doc, self._docs[t], self.config)
        }

    def _verify(self, doc: Document, candidates: set[str]) -> dict[str, Comparison]:
        declared = set(self._by_wire_key.get(doc.article.wire_ref or "", ())) | set(
            self._by_wire_ref.get(wire_key(doc.id), ())
        )
        links = {}
        for other in sorted((candidates | declared) - {doc.id}):
            comparison = self._compare(doc, self._docs[other])
            if other in declared:
                comparison = declared_link(comparison, self.config)
            if comparison.similarity >= self.config.threshold or is_rewrite_link(comparison, self.config):
                links[other] = comparison
        return links

    def _link(self, a: str, b: str) -> Comparison:
        found = self._links.get(a, {}).get(b)
        return found if found is not None else self._compare(self._docs[a], self._docs[b])

    def _unlink(self, article_id: str) -> set[str]:
        neighbours = set(self._links.pop(article_id, {}))
        for other in neighbours:
            self._links.get(other, {}).pop(article_id, None)
        removed = self._docs.pop(article_id, None)
        self._by_wire_key.get(wire_key(article_id), set()).discard(article_id)
        if removed is not None and removed.article.wire_ref:
            self._by_wire_ref.get(removed.article.wire_ref, set()).discard(article_id)
        self._index.remove(article_id)
        cid = self._cluster_of.pop(article_id, None)
        if cid and cid in self._clusters:
            for member in self._clusters.pop(cid)["members"]:
                if member["article_id"] != article_id:
                    neighbours.add(member["article_id"])
        return neighbours

    def _component(self, start: set[str]) -> set[str]:
        seen, frontier = set(), [s for s in start if s in self._docs]
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            frontier.extend(n for n in self._links.get(node, {}) if n not in seen)
        return seen

    def _group(
        self, ids: list[str], link, extra: dict[str, dict[str, Comparison]] | None = None
    ) -> list[list[str]]:
        """The batch's grouping (:func:`dedupe.cluster.group_positions`) on a component."""
        position = {i: n for n, i in enumerate(ids)}
        strong, weak = set(), set()
        for a in ids:
            stored = (extra or {}).get(a) or self._links.get(a, {})
            for b, comparison in stored.items():
                if b in position and a != b:
                    pair = (min(position[a], position[b]), max(position[a], position[b]))
                    if comparison.similarity >= self.config.threshold:
                        strong.add(pair)
                    elif is_rewrite_link(comparison, self.config):
                        weak.add(pair)
        groups = group_positions(
            len(ids), strong, weak, lambda x, y: link(ids[x], ids[y]).similarity, self.config.threshold
        )
        return [sorted((ids[n] for n in g), key=position.__getitem__) for g in groups]

    def _describe(self, members: list[Document], link) -> dict[str, Any]:
        ordered = sorted(members, key=lambda d: d.id)
        return describe_cluster(ordered, self.config, lambda i, j: link(ordered[i].id, ordered[j].id))

    def _recluster(self, seeds: set[str]) -> None:
        """Re-cluster the link component of ``seeds``.

        Rewrite links can join many articles of one topic into one large component;
        only groups that changed (or hold a changed article) are described again, so
        an add costs provenance for its own cluster, not for the whole component.
        """
        component = self._component(seeds)
        previous: dict[frozenset[str], dict[str, Any]] = {}
        for article_id in component:
            cid = self._cluster_of.pop(article_id, None)
            if cid and cid in self._clusters:
                cluster = self._clusters.pop(cid)
                previous[frozenset(m["article_id"] for m in cluster["members"])] = cluster
        if not component:
            return
        for group in self._group(sorted(component), self._link):
            key = frozenset(group)
            described = previous.get(key) if not key & seeds else None
            if described is None:
                described = self._describe([self._docs[i] for i in group], self._link)
            self._clusters[described["cluster_id"]] = described
            for member in group:
                self._cluster_of[member] = described["cluster_id"]
