"""The live index: the batch pipeline one article at a time, for the service.

Per live article it keeps only what every add needs without reading the text: the
publication time (time window), the wire keys of printed agency notices, the LSH
entries, the verified links as :class:`Link`, the cluster membership and the hashes
of its lines (outlet furniture is found as lines recur: :mod:`dedupe.recurring`).
Prepared documents sit in a bounded LRU (:mod:`dedupe.livecache`); cluster
descriptions (with provenance) are cached the same way and described again on demand.

One lock guards everything, so a reader never sees a half-updated cluster. Adding
or removing an article re-clusters only the component of the link graph it
touches, with the same average linkage, origin rule and provenance as the batch.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .article import Article
from .cluster import declared_link, is_excluded, wire_key
from .config import Config
from .describe import describe_cluster
from .document import Document, drop_furniture_lines, prepare
from .errors import ConfigError, StoreError
from .grouping import group_positions, is_rewrite_link, is_strong_link
from .index import CandidateIndex, Signatures
from .livecache import LRU, DocumentCache, FeatureCache
from .liverecords import Changes, Entry, Link, chunked, multi_add, multi_discard, multi_get, origins
from .provenance import provenance
from .recurring import RecurringLines, line_hashes
from .verify import Comparison, compare_documents, may_link

__all__ = ["DEFAULT_CACHE_SIZE", "DEFAULT_DESCRIPTION_CACHE", "PAIR_CACHE", "Changes", "LiveIndex", "Link"]

#: Prepared documents kept in memory (about 34 KiB each, measured by bench live_memory: about 70 MiB).
DEFAULT_CACHE_SIZE = 2048
#: Cluster descriptions (with provenance) kept in memory; others are described on demand.
DEFAULT_DESCRIPTION_CACHE = 1024
#: Scores of unlinked pairs kept (about 300 bytes each): every pair of a 400-member cluster.
PAIR_CACHE = 100_000
#: Stored articles restored at once: one merge of the tables each, signatures not all held.
RESTORE_CHUNK = 16_384

Loader = Callable[[str], "Article | None"]


class LiveIndex:
    """Thread-safe incremental clustering of articles.

    Args:
        config: Engine configuration.
        load: Returns the current version of an indexed article by id (the service
            reads its store). Without it the index keeps the ``Article`` objects.
        cache_size: Prepared documents kept in memory (LRU).
        description_cache: Cluster descriptions kept in memory (LRU).

    Example:
        >>> idx = LiveIndex(Config())
        >>> cluster = idx.add(Article(id="a", text="Die Polizei meldet 1.500 Festnahmen in Wien."))
        >>> [m["article_id"] for m in cluster["members"]]
        ['a']
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        load: Loader | None = None,
        cache_size: int = DEFAULT_CACHE_SIZE,
        description_cache: int = DEFAULT_DESCRIPTION_CACHE,
    ):
        for name, value in (("cache_size", cache_size), ("description_cache", description_cache)):
            if not isinstance(value, int) or value < 1:
                raise ConfigError(
                    f"{name} must be a positive integer, got {value!r}. Try {DEFAULT_CACHE_SIZE}."
                )
        self.config = config or Config()
        self._load = load
        self._index = CandidateIndex(self.config)
        self._entries: dict[str, Entry] = {}
        self._links: dict[str, dict[str, Link]] = {}  # only articles that have links
        self._cluster_of: dict[str, str] = {}
        self._members: dict[str, tuple[str, ...]] = {}
        # Printed agency notices: wire item key -> id(s), and named wire item -> id(s) naming it.
        self._by_wire_key: dict[str, Any] = {}
        self._by_wire_ref: dict[str, Any] = {}
        self._documents = DocumentCache(self._prepare, self._article, cache_size)
        self._features = FeatureCache()  # provenance's, of the documents described last
        self._described = LRU(description_cache)
        # Scores of unlinked pairs (origin choice and average linkage score every pair of a
        # cluster): kept across operations, each with the entries it was computed for.
        self._pairs: OrderedDict[tuple[str, str], tuple[Entry, Entry, Link]] = OrderedDict()
        self._last: tuple[str, Signatures | None] | None = None
        # Lines that recur across unrelated articles (outlet furniture), found as articles come.
        self._lines = RecurringLines()
        #: What the last add or remove changed besides its own article (the service stores it).
        self.last_changes = Changes()
        self._lock = threading.RLock()

    # -- reading -------------------------------------------------------------
    def __contains__(self, article_id: object) -> bool:
        return article_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._description(cluster_id) if cluster_id in self._members else None

    def cluster_of(self, article_id: str) -> dict[str, Any] | None:
        with self._lock:
            cid = self._cluster_of.get(article_id)
            return self._description(cid) if cid else None

    def clusters(self) -> list[dict[str, Any]]:
        """Every cluster described (those not in the cache are described again: slow)."""
        with self._lock:
            return [self._description(cid) for cid in list(self._members)]

    def members_of(self, article_id: str) -> tuple[str, ...]:
        """Ids in the article's cluster (empty when not indexed), without describing it."""
        with self._lock:
            cid = self._cluster_of.get(article_id)
            return self._members[cid] if cid else ()

    def memberships(self) -> dict[str, frozenset[str]]:
        """Member ids of every cluster, by cluster id, without describing any."""
        with self._lock:
            return {cid: frozenset(ids) for cid, ids in self._members.items()}

    def links_of(self, article_id: str) -> dict[str, Link]:
        """The verified links of an article (what the service stores for a fast restart)."""
        with self._lock:
            return dict(self._links.get(article_id, {}))

    def furniture_lines(self) -> frozenset[int]:
        """Hashes of the lines found to recur across unrelated articles (:mod:`dedupe.recurring`)."""
        with self._lock:
            return frozenset(self._lines.furniture)

    def lines_of(self, article_id: str) -> tuple[int, ...]:
        """Hashes of the article's lines (what the service stores to judge furniture after a restart)."""
        with self._lock:
            return tuple(self._lines.lines_of(article_id))

    def signatures_of(self, article_id: str) -> Signatures | None:
        """The article's LSH signatures, or None when it is not linkable (no shingles, excluded)."""
        with self._lock:
            if article_id not in self._entries:
                return None
            if self._last is not None and self._last[0] == article_id:
                return self._last[1]
            doc = self._documents.get(article_id)
            return self._index.sketch([doc])[0] if self._linkable(doc) else None

    def cache_info(self) -> dict[str, int]:
        """Document cache hits, misses, size and capacity."""
        return self._documents.info()

    # -- writing -------------------------------------------------------------
    def add(self, article: Article) -> dict[str, Any]:
        """Index an article (replacing one with the same id); its cluster.

        When a line of it turns out to recur across unrelated articles, the other
        holders are indexed again without it: ``last_changes`` names them.
        """
        doc = self._prepare(article)
        with self._lock, self._documents.pinned():
            self.last_changes = Changes()
            touched = self._index_document(doc)
            self._recluster(touched | {article.id})
            return self._description(self._cluster_of[article.id])

    def _index_document(self, doc: Document) -> set[str]:
        """Enter, link and sketch ``doc``; the ids whose clusters may change.

        A holder of new furniture comes back here and its lines are judged again: with
        one furniture line gone (a bio), another that looked shared beside it (the
        masthead) can show as furniture too. Each round marks new lines, so it ends.
        """
        article = doc.article
        touched = self._unlink(article.id) if article.id in self._entries else set()
        lines = line_hashes(doc)
        redo = self._judge_lines(doc, self._lines.register(article.id, lines), lines)
        if not self._lines.furniture.hashes.isdisjoint(lines):
            doc = drop_furniture_lines(doc, self._lines.furniture, shingle_size=self.config.shingle_size)
        linkable = self._linkable(doc)
        signature = self._index.sketch([doc])[0]
        links = self._verify(doc, self._candidates(doc, signature)) if linkable else {}
        self._enter(article)
        self._documents.remember(doc)
        for other, comparison in links.items():
            self._connect(article.id, other, self._as_link(comparison))
        if linkable:
            self._index.add(article.id, signature)
        self._last = (article.id, signature if linkable else None)
        for holder in sorted(redo - {article.id}):
            if holder in self._entries:
                touched |= {holder} | self._index_document(self._documents.get(holder))
                self.last_changes.relinked.add(holder)
        self.last_changes.touched.update(touched)
        return touched

    def _judge_lines(self, doc: Document, due: list[int], lines: Mapping[int, str]) -> set[str]:
        """Judge lines that reached a checkpoint (the batch's rule); holders of new furniture."""
        redo: set[str] = set()
        shared: dict[tuple[str, str], int] = {}  # per pair, across the lines
        for key in due:
            holders = sorted(h for h in self._lines.holders(key) if h == doc.id or h in self._entries)
            if len(holders) < self._lines.min_docs:
                continue
            docs = [doc if h == doc.id else self._documents.get(h) for h in holders]
            if self._lines.judge(key, docs, lines[key], self.config.shingle_size, shared):
                self._lines.mark(key)
                self.last_changes.furniture.append(key)
                redo.update(holders)
        return redo

    def add_many(self, articles: Iterable[Article]) -> None:
        """Index many articles one after another."""
        for article in articles:
            self.add(article)

    def restore(
        self,
        articles: Iterable[tuple[Article, Signatures | None, Iterable[int]]],
        links: Iterable[tuple[str, str, Link]],
        clusters: Mapping[str, Iterable[str]],
        furniture: Iterable[int] = (),
    ) -> int:
        """Rebuild from stored state without preparing or verifying anything.

        Args:
            articles: Each indexed article with its stored signatures (None: not linkable)
                and the hashes of its lines (``last_changes`` and :func:`line_hashes`).
            links: Stored verified links; those with an end not restored are skipped.
            clusters: Stored membership by cluster id. A cluster is taken as it is when
                every member was restored; the components of the others are clustered again.
            furniture: Hashes of the lines found to be furniture.

        Returns:
            How many articles had to be clustered again.
        """
        with self._lock, self._documents.pinned():
            for key in furniture:
                self._lines.mark(key)
            for chunk in chunked(articles, RESTORE_CHUNK):  # signatures are not all held at once
                for article, _, _ in chunk:
                    if article.id in self._entries:
                        self._unlink(article.id)
                    self._enter(article)
                self._lines.restore_many((a.id, () if lines is None else lines) for a, _, lines in chunk)
                self._index.add_many((a.id, sig) for a, sig, _ in chunk if sig is not None)
            for a, b, link in links:
                if a in self._entries and b in self._entries and a != b:
                    self._connect(a, b, Link(*link))
            for cid, ids in clusters.items():
                members = tuple(sorted(ids))
                if members and all(m in self._entries and m not in self._cluster_of for m in members):
                    self._members[cid] = members
                    for m in members:
                        self._cluster_of[m] = cid
            missing = {a for a in self._entries if a not in self._cluster_of}
            if missing:
                self._recluster(missing)
            return len(missing)

    def remove(self, article_id: str) -> dict[str, Any] | None:
        """Take an article out (a kill); the recomputed cluster of its former neighbours."""
        with self._lock, self._documents.pinned():
            self.last_changes = Changes()
            if article_id not in self._entries:
                return None
            neighbours = self._unlink(article_id)
            self._recluster(neighbours)
            survivor = next((o for o in sorted(neighbours) if o in self._cluster_of), None)
            return self._description(self._cluster_of[survivor]) if survivor is not None else None

    # -- without storing -----------------------------------------------------
    def check(self, article: Article) -> dict[str, Any]:
        """The cluster ``article`` would join, without changing the index."""
        doc = self._prepare(article)
        signature = self._index.sketch([doc])[0]
        with self._lock, self._documents.pinned():
            candidates = self._candidates(doc, signature) - {article.id}
            links = self._verify(doc, candidates) if self._linkable(doc) else {}
            component = self._component(set(links))

            def docs(i: str) -> Document:
                return doc if i == article.id else self._documents.get(i)

            def link(a: str, b: str) -> Link | Comparison:
                if article.id not in (a, b):
                    return self._link(a, b)
                other = b if a == article.id else a
                return links[other] if other in links else self._compare(doc, self._documents.get(other))

            probe = {o: self._as_link(c) for o, c in links.items()}
            groups = self._group(sorted(component | {article.id}), link, {article.id: probe}, article)
            group = next(g for g in groups if article.id in g)
            return self._describe(group, link, docs)

    def compare(self, a: Article, b: Article) -> dict[str, Any]:
        """Comparison of two articles plus the provenance of each paragraph."""
        da, db = self._prepare(a), self._prepare(b)
        comparison = self._compare(da, db)
        explained = provenance([da, db], origin=0)
        out = comparison.to_dict()
        out["paragraphs"] = {da.id: explained[0]["paragraphs"], db.id: explained[1]["paragraphs"]}
        return out

    # -- documents and descriptions ------------------------------------------
    def _prepare(self, article: Article) -> Document:
        # Read without the lock: a line found meanwhile is dropped in _index_document.
        return prepare(article, shingle_size=self.config.shingle_size, furniture_lines=self._lines.furniture)

    def _article(self, article_id: str) -> Article:
        entry = self._entries[article_id]
        if entry.article is not None:
            return entry.article
        article = self._load(article_id) if self._load is not None else None
        if article is None:
            raise StoreError(
                f"article {article_id!r} is in the live index but its text cannot be loaded; "
                "the store and the index are out of step: restart the service to rebuild the index"
            )
        return article

    def _description(self, cluster_id: str) -> dict[str, Any]:
        described = self._described.get(cluster_id)
        if described is None:
            with self._documents.pinned():
                described = self._describe(list(self._members[cluster_id]), self._link, self._documents.get)
            self._described.put(cluster_id, described)
        return described

    # -- internals -----------------------------------------------------------
    def _enter(self, article: Article) -> None:
        self._entries[article.id] = Entry(article, keep=self._load is None)
        multi_add(self._by_wire_key, wire_key(article.id), article.id)
        if article.wire_ref:
            multi_add(self._by_wire_ref, article.wire_ref, article.id)

    def _connect(self, a: str, b: str, link: Link) -> None:
        self._links.setdefault(a, {})[b] = link
        self._links.setdefault(b, {})[a] = link

    def _as_link(self, comparison: Comparison) -> Link:
        return Link.of(comparison, rewrite=is_rewrite_link(comparison, self.config))

    def _linkable(self, doc: Document) -> bool:
        return len(doc.shingles) > 0 and not is_excluded(doc.article, self.config)

    def _compare(self, a: Document, b: Document) -> Comparison:
        return compare_documents(a, b, threshold=self.config.threshold, window_days=self.config.window_days)

    def _candidates(self, doc: Document, signature: Signatures) -> set[str]:
        """LSH hits; rewrite-only hits outside the time window are dropped (as in the batch)."""
        surface, terms = self._index.query_views(signature)
        return surface | {t for t in terms - surface if t in self._entries and not self._far(doc, t)}

    def _far(self, doc: Document, other: str) -> bool:
        """dedupe.candidates.outside_window, on the publication time the index keeps."""
        mine, theirs = doc.dated, self._entries[other].published
        if not self.config.window_days or mine is None or theirs is None:
            return False
        return abs(mine.timestamp() - theirs) > self.config.window_days * 86400.0

    def _verify(self, doc: Document, candidates: set[str]) -> dict[str, Comparison]:
        by_key, by_ref, config = self._by_wire_key, self._by_wire_ref, self.config
        declared = multi_get(by_key, doc.article.wire_ref or "") | multi_get(by_ref, wire_key(doc.id))
        links = {}
        for other in sorted((candidates | declared) - {doc.id}):
            other_doc = self._documents.get(other)
            if other in declared:
                comparison = declared_link(self._compare(doc, other_doc), config)
            elif may_link(
                doc, other_doc, threshold=config.threshold, rewrite_evidence=config.rewrite_evidence
            ):
                comparison = self._compare(doc, other_doc)
            else:
                continue  # neither a link nor a rewrite link, whatever it measures (as in the batch)
            if comparison.similarity >= config.threshold or is_rewrite_link(comparison, config):
                links[other] = comparison
        return links

    def _link(self, a: str, b: str) -> Link | Comparison:
        found = self._links.get(a, {}).get(b)
        if found is not None:
            return found
        key = (a, b) if a < b else (b, a)
        ea, eb = self._entries.get(key[0]), self._entries.get(key[1])
        kept = self._pairs.get(key)
        if kept is not None and kept[0] is ea and kept[1] is eb:
            self._pairs.move_to_end(key)
            return kept[2]
        scored = self._as_link(self._compare(self._documents.get(a), self._documents.get(b)))
        if ea is not None and eb is not None:
            self._pairs[key] = (ea, eb, scored)
            if len(self._pairs) > PAIR_CACHE:
                self._pairs.popitem(last=False)
        return scored

    def _unlink(self, article_id: str) -> set[str]:
        neighbours = set(self._links.pop(article_id, {}))
        for other in neighbours:
            theirs = self._links.get(other)
            if theirs is not None:
                theirs.pop(article_id, None)
                if not theirs:
                    del self._links[other]
        removed = self._entries.pop(article_id, None)
        self._lines.unregister(article_id)
        self._documents.forget(article_id)
        if self._last is not None and self._last[0] == article_id:
            self._last = None
        multi_discard(self._by_wire_key, wire_key(article_id), article_id)
        if removed is not None and removed.wire_ref:
            multi_discard(self._by_wire_ref, removed.wire_ref, article_id)
        self._index.remove(article_id)
        cid = self._cluster_of.pop(article_id, None)
        if cid and cid in self._members:
            self._described.pop(cid)
            neighbours.update(m for m in self._members.pop(cid) if m != article_id)
        return neighbours

    def _component(self, start: set[str]) -> set[str]:
        seen, frontier = set(), [s for s in start if s in self._entries]
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            frontier.extend(n for n in self._links.get(node, {}) if n not in seen)
        return seen

    def _group(
        self, ids: list[str], link: Callable, extra: dict | None = None, checked: Article | None = None
    ) -> list[list[str]]:
        """The batch's grouping on a component (``checked``: an unstored article, links in ``extra``)."""
        position = {i: n for n, i in enumerate(ids)}
        kept = [Entry(checked, False) if checked and i == checked.id else self._entries[i] for i in ids]
        strong, weak = set(), set()
        for a in ids:
            stored = (extra or {}).get(a) or self._links.get(a, {})
            for b, found in stored.items():
                if b in position and a != b:
                    pair = (min(position[a], position[b]), max(position[a], position[b]))
                    ends = (kept[position[a]], kept[position[b]])
                    if is_strong_link(found.similarity, self.config.threshold, *ends, found.surface):
                        strong.add(pair)
                    elif found.rewrite:
                        weak.add(pair)
        scores = lambda x, y: link(ids[x], ids[y]).similarity  # noqa: E731
        groups = group_positions(len(ids), strong, weak, scores, self.config.threshold, *origins(kept))
        return [sorted((ids[n] for n in g), key=position.__getitem__) for g in groups]

    def _describe(
        self, members: list[str], link: Callable[[str, str], Any], docs: Callable[[str], Document]
    ) -> dict[str, Any]:
        ordered = sorted(members)
        return describe_cluster(
            [docs(i) for i in ordered],
            self.config,
            lambda i, j: link(ordered[i], ordered[j]),
            features=self._features,
        )

    def _recluster(self, seeds: set[str]) -> None:
        """Re-cluster the link component of ``seeds``.

        Rewrite links can join many articles of one topic into one large component;
        only groups that changed (or hold a changed article) are described again, so
        an add costs provenance for its own cluster, not for the whole component.
        """
        component = self._component(seeds)
        previous: dict[frozenset[str], str] = {}
        for article_id in component:
            cid = self._cluster_of.pop(article_id, None)
            if cid and cid in self._members:
                previous[frozenset(self._members.pop(cid))] = cid
        if not component:
            return
        for group in self._group(sorted(component), self._link):
            key = frozenset(group)
            cid = previous.pop(key, None) if not key & seeds else None
            if cid is None:
                described = self._describe(group, self._link, self._documents.get)
                cid = described["cluster_id"]
                self._described.put(cid, described)
            self._members[cid] = tuple(group)
            for member in group:
                self._cluster_of[member] = cid
        for cid in previous.values():
            if cid not in self._members:
                self._described.pop(cid)
