"""The batch pipeline: prepare, find candidates, verify, cluster, explain.

LSH proposes, exact measures confirm, clustering decides, provenance runs on
confirmed members only. :func:`cluster` is what ``dedupe cluster`` and
``dedupe eval`` call; the live service (:mod:`dedupe.live`) uses the same stages
one article at a time.
"""

from __future__ import annotations

import dataclasses
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import parallel
from .agencies import Dateline, dateline
from .article import Article
from .candidates import candidate_pairs, sketch_documents
from .config import Config
from .corpus import misplaced_lines, prepare_corpus
from .describe import AGENCIES, choose_origin, cluster_id_for, describe_cluster
from .document import Document, drop_furniture_lines
from .grouping import group_positions, is_rewrite_link, is_strong_link
from .index import CandidateIndex
from .verify import Comparison, Measures, relation_of

__all__ = [
    "AGENCIES",
    "group_positions",
    "is_rewrite_link",
    "ClusterResult",
    "build_clusters",
    "choose_origin",
    "cluster",
    "cluster_id_for",
    "describe_cluster",
    "is_excluded",
    "prepare_corpus",
]


@dataclass
class ClusterResult:
    """Clusters of a batch, as the batch JSON contract describes them."""

    clusters: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    candidate_pairs: int = 0
    linked_pairs: int = 0
    withdrawn: list[str] = field(default_factory=list)
    superseded: list[dict[str, Any]] = field(default_factory=list)
    redelivered: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clusters": self.clusters,
            "stats": {
                "articles": self.articles,
                "clusters": len(self.clusters),
                "multi_member_clusters": sum(1 for c in self.clusters if len(c["members"]) > 1),
                "candidate_pairs": self.candidate_pairs,
                "linked_pairs": self.linked_pairs,
                "withdrawn": self.withdrawn,
                "superseded": self.superseded,
                "redelivered": self.redelivered,
                "rejected": self.rejected,
            },
        }


def is_excluded(article: Article, config: Config) -> bool:
    """Genres that repeat a template rather than copy (tables, notices, digests)."""
    genre = (article.genre or "").casefold()
    return bool(genre) and any(g in genre for g in config.excluded_genres)


def build_clusters(
    docs: Sequence[Document],
    config: Config,
    *,
    index: CandidateIndex | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    measures: Measures | None = None,
) -> tuple[list[list[int]], dict[tuple[int, int], Comparison], int]:
    """Group documents: LSH candidates, exact verification, average linkage per component.

    Returns the groups (lists of positions in ``docs``), the comparisons made, and
    the number of candidate pairs LSH proposed. ``index`` gives the LSH bands; the
    batch's documents are not added to it. ``workers``: processes that verify the
    candidate pairs (:mod:`dedupe.parallel`); the result does not depend on it.
    ``measures``: the batch's :class:`dedupe.verify.Measures` (made here if not given).
    """
    index = index or CandidateIndex(config)
    eligible = [i for i, d in enumerate(docs) if len(d.shingles) and not is_excluded(d.article, config)]
    signatures = sketch_documents(index, [docs[i] for i in eligible], progress)
    pairs = candidate_pairs(docs, eligible, signatures, config, index=index)
    del signatures  # 2 KiB an article that verification does not need
    comparisons: dict[tuple[int, int], Comparison] = {}
    measures = measures or _measures(docs, config)

    def score(i: int, j: int) -> float:
        return _compared(comparisons, measures, i, j).similarity

    refs = wire_ref_pairs(docs)
    pairs |= refs

    def verify(share: list[tuple[int, int]]) -> dict[tuple[int, int], Comparison]:
        found = {}
        for i, j in share:
            if (i, j) in refs:
                found[(i, j)] = declared_link(measures.compare(i, j), config)
            elif measures.may_link(i, j):
                found[(i, j)] = measures.compare(i, j)
            # Otherwise the pair is neither a link nor a rewrite link whatever it measures:
            # score() measures it only if average linkage or the description asks.
        return found

    ordered = sorted(pairs)
    shares = _worker_count(len(ordered), workers)
    # In order, in contiguous runs: the comparisons come back in the order one process makes them.
    runs = [ordered[k * len(ordered) // shares : (k + 1) * len(ordered) // shares] for k in range(shares)]
    for found in parallel.map_shares(verify, runs, workers=shares):
        comparisons.update(found)
    datelines = [dateline(d.article.text) for d in docs]
    sources = [found.agency if found else None for found in datelines]
    dated = [_Dated(found, d.article.reference_time()) for found, d in zip(datelines, docs, strict=True)]
    strong = [
        (i, j)
        for (i, j), c in ((p, comparisons.get(p)) for p in pairs)
        if c is not None
        and is_strong_link(c.similarity, config.threshold, dated[i], dated[j], c.evidence.surface)
    ]
    weak = [p for p in pairs if p in comparisons and is_rewrite_link(comparisons[p], config)]
    publishers = [d.article.publisher for d in docs]
    groups = group_positions(len(docs), strong, weak, score, config.threshold, publishers, sources)
    return groups, comparisons, len(pairs)


class _Dated:
    __slots__ = ("source", "place", "published")

    def __init__(self, found: Dateline | None, when: datetime | None):
        self.source, self.place = (found.agency, found.place) if found else (None, None)
        self.published = when.timestamp() if when else None


def _measures(docs: Sequence[Document], config: Config) -> Measures:
    return Measures(
        docs,
        threshold=config.threshold,
        window_days=config.window_days,
        rewrite_evidence=config.rewrite_evidence,
    )


def _compared(
    comparisons: dict[tuple[int, int], Comparison], measures: Measures, i: int, j: int
) -> Comparison:
    """The comparison of two positions, measured once and kept under (lower, higher)."""
    key = (i, j) if i < j else (j, i)
    if key not in comparisons:
        comparisons[key] = measures.compare(*key)
    return comparisons[key]


def wire_key(article_id: str) -> str:
    """The part of an id a printed agency notice names: ``urn:newsml:dpa.com:20090101:X`` -> ``X``."""
    return article_id.rsplit(":", 1)[-1]


def wire_ref_pairs(docs: Sequence[Document]) -> set[tuple[int, int]]:
    """Pairs where one text names the other's wire item (a printed dpa notice)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for j, doc in enumerate(docs):
        by_key[wire_key(doc.id)].append(j)
    pairs = set()
    for i, doc in enumerate(docs):
        for j in by_key.get(doc.article.wire_ref or "", ()):
            if i != j:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def declared_link(comparison: Comparison, config: Config) -> Comparison:
    """A pair the text itself declares (a printed notice): certain, whatever the wording."""
    return dataclasses.replace(
        comparison, similarity=1.0, relation=relation_of(comparison.evidence, 1.0, config.threshold)
    )


def cluster(
    articles: Iterable[Article],
    config: Config | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Cluster articles into stories; the batch JSON contract as a dict.

    ``workers``: processes for verification and description (default: one per core
    this process may use; 1: none forked). The result does not depend on it.

    Every accepted article is a member of exactly one cluster; an article with no
    match is a cluster of one with relation ``origin``. Articles that cannot be
    accepted are listed in ``stats.rejected`` with the reason; versions replaced by a
    newer one of the same id in ``stats.superseded``; kills and withheld items (taken
    out of clustering) in ``stats.withdrawn``.
    """
    config = config or Config()
    result = ClusterResult()
    accepted: dict[str, Article] = {}
    for article in articles:
        previous = accepted.get(article.id)
        if previous is not None and _is_redelivery(article, previous):
            # The same item twice (a wire's feed and its API, or one file read twice):
            # nothing to choose between, so the first stays and the other is noted.
            result.redelivered.append(
                {"article_id": article.id, "version": article.version, "source": article.source}
            )
            continue
        if previous is not None and _is_kill_of(article, previous):
            # A kill needs no higher number (as in the API): it withdraws the story as it stands.
            result.superseded.append(
                {"article_id": previous.id, "version": previous.version, "source": previous.source}
            )
            accepted.pop(article.id)
        elif previous is not None and _is_other_version(article, previous):
            older, newer = sorted((article, previous), key=_version_order)
            if newer is previous:
                result.superseded.append(
                    {"article_id": older.id, "version": older.version, "source": older.source}
                )
                continue
            if article.pubstatus != "usable" or article.text.strip():
                result.superseded.append(
                    {"article_id": older.id, "version": older.version, "source": older.source}
                )
                accepted.pop(article.id)
        problem = _problem(article, accepted, config)
        if problem:
            result.rejected.append({"article_id": article.id, "source": article.source, "error": problem})
            continue
        accepted[article.id] = article
    live = [a for a in accepted.values() if a.pubstatus == "usable"]
    result.withdrawn = sorted(a.id for a in accepted.values() if a.pubstatus != "usable")
    with collector_paused():
        _cluster_accepted(
            live, config, result, progress, parallel.available_cores() if workers is None else workers
        )
    result.clusters.sort(key=lambda c: (-len(c["members"]), c["origin"]))
    return result.to_dict()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring its state after.

    A batch keeps hundreds of thousands of long-lived objects (prepared documents,
    comparisons) and makes no reference cycles of its own, so every full collection
    scans them all again for nothing. 1,500 scaled-suite articles: 12.0 and 14.2 s
    with the collector, 8.3 and 9.5 s with it paused (same process, alternating).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _worker_count(items: int, workers: int) -> int:
    """Processes worth forking for this many items of work (one below MIN_ITEMS each)."""
    return max(1, min(workers, items // parallel.MIN_ITEMS))


def _cluster_accepted(
    live: list[Article],
    config: Config,
    result: ClusterResult,
    progress: Callable[[int], None] | None,
    workers: int,
) -> None:
    recurring: dict[str, list[str]] = {}
    docs = prepare_corpus(live, config, workers=workers, recurring=recurring)
    measures = _measures(docs, config)
    groups, comparisons, candidate_pairs = build_clusters(
        docs, config, progress=progress, workers=workers, measures=measures
    )
    docs = _without_misplaced_lines(docs, groups, recurring, config.shingle_size)
    result.articles = len(live)
    result.candidate_pairs = candidate_pairs
    result.linked_pairs = sum(1 for c in comparisons.values() if c.similarity >= config.threshold)
    ordered = [sorted(group, key=lambda i: docs[i].id) for group in groups]

    def describe(share: list[int]) -> list[dict[str, Any]]:
        described = []
        for g in share:
            positions = ordered[g]

            def compare(a: int, b: int, positions: list[int] = positions) -> Comparison:
                return _compared(comparisons, measures, positions[a], positions[b])

            entry = describe_cluster([docs[i] for i in positions], config, compare)
            for member in entry["members"]:
                if "text" in member:
                    member["text"] = None  # the parent has it: not sent back from a worker
            described.append(entry)
        return described

    # Provenance grows with the members' length; a cluster of one costs next to nothing.
    costs = [sum(docs[i].words for i in positions) if len(positions) > 1 else 1 for positions in ordered]
    shares = parallel.balanced_shares(costs, _worker_count(len(ordered), workers))
    by_group: dict[int, dict[str, Any]] = {}
    for share, entries in zip(
        shares, parallel.map_shares(describe, shares, workers=len(shares)), strict=True
    ):
        by_group.update(zip(share, entries, strict=True))
    for g, positions in enumerate(ordered):
        entry = by_group.pop(g)
        for member, i in zip(entry["members"], positions, strict=True):
            if "text" in member:
                member["text"] = docs[i].article.text
        result.clusters.append(entry)


def _without_misplaced_lines(
    docs: list[Document], groups: list[list[int]], recurring: dict[str, list[str]], shingle_size: int
) -> list[Document]:
    """The documents as the stories' description reads them: a line that recurs in other
    stories but in no other version of this one is furniture here
    (:func:`dedupe.corpus.misplaced_lines`). The links were made before and stand."""
    story_of = {docs[i].id: g for g, members in enumerate(groups) for i in members}
    misplaced = misplaced_lines(recurring, story_of)
    return [
        drop_furniture_lines(d, misplaced[d.id], shingle_size=shingle_size) if d.id in misplaced else d
        for d in docs
    ]


def _problem(article: Article, accepted: dict[str, Article], config: Config) -> str | None:
    """Why an article cannot be accepted, or None.

    A newer version replaces an older one; a kill (``canceled``) or a ``withheld``
    version is accepted without text and takes the story out of clustering.
    """
    if article.pubstatus == "usable":
        if not article.text.strip():
            return "empty text: the article has no words"
        if len(article.text) > config.max_text_chars:
            return f"text of {len(article.text)} characters is over the limit of {config.max_text_chars}"
    previous = accepted.get(article.id)
    if previous is None:
        return None
    if _is_other_version(article, previous):
        return (
            f"newer version {article.version} of {article.id!r} has no text; version {previous.version} stays"
        )
    where = f" (first seen in {previous.source})" if previous.source else ""
    other = (
        "other text" if article.text.rstrip() != previous.text.rstrip() else f"pubstatus {article.pubstatus}"
    )
    if article.version is not None and article.version == previous.version:
        return f"version {article.version} of {article.id!r} again with {other}{where}: a correction needs a higher version"
    return f"duplicate id {article.id!r} with {other}{where}: give every article its own id"


def _is_redelivery(article: Article, previous: Article) -> bool:
    return (
        article.version == previous.version
        and article.pubstatus == previous.pubstatus
        and article.text.rstrip() == previous.text.rstrip()
    )


def _is_kill_of(article: Article, previous: Article) -> bool:
    return (
        article.pubstatus == "canceled"
        and previous.pubstatus == "usable"
        and article.version in (None, previous.version)
    )


def _is_other_version(article: Article, previous: Article) -> bool:
    """Two versions of one id: their numbers differ, or, with none, their version times
    (two polls of one feed, a CMS export of an updated page)."""
    if article.version is not None and previous.version is not None:
        return article.version != previous.version
    if article.version is None and previous.version is None:
        mine, theirs = _version_time(article), _version_time(previous)
        return mine is not None and theirs is not None and mine != theirs
    return False


def _version_time(article: Article) -> float | None:
    made = article.version_created or article.published_at
    return made.timestamp() if made else None


def _version_order(article: Article) -> tuple:
    return (article.version_key(), _version_time(article) or 0.0)
