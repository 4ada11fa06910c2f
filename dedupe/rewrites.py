"""Rewritten passages: one member's facts found again in another member's text.

Provenance first matches sentences by their wording (:mod:`dedupe.provenance`). A
paragraph that finds too little that way may still carry the wire in other words:

* its facts (terms of at least ``FACT_WEIGHT``: names, places, numbers, unusual words)
  recur in one stretch of up to ``WINDOW`` consecutive sentences of another member
  (:func:`rewrite_matches`, over :class:`Stretches`);
* or one of its sentences is *confirmed* by one sentence of another member
  (:class:`Confirmations`): an outlet that wraps one wire fact in its own sentences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .document import ANCHOR_WEIGHT

__all__ = [
    "FACT_WEIGHT",
    "Claims",
    "WINDOW",
    "Confirmations",
    "MemberSentences",
    "SentenceFeatures",
    "Stretches",
    "fact_postings",
    "rewrite_matches",
]

# A paragraph whose facts (terms of at least FACT_WEIGHT) recur at this share in
# one stretch of up to three consecutive sentences of another member is a rewrite.
# Measured on the seeds' gold: own paragraphs reach a median of 0.25, rewritten
# ones 0.50.
_REWRITE_AT, FACT_WEIGHT, WINDOW = 0.38, 2.5, 3
# Fewer shared facts than this are a shared topic word or two, not a rewrite.
_MIN_FACTS = 3
# One sentence is confirmed by one sentence of another member that holds this share
# of its fact weight in _MIN_FACTS or more facts, one of them of ANCHOR_WEIGHT (a rare
# name or a number of three or more digits). The share is the one sentence alignment
# uses (dedupe.verify); the story's topic words alone (Nordkorea, Russland, Soldaten)
# never confirm a sentence, as they are no anchors.
_CONFIRMED_AT = 0.5


@dataclass(slots=True)
class SentenceFeatures:
    # No member index: the same objects serve a document wherever it sits in a
    # cluster, so the live index reuses them as members join.
    paragraph: int
    start: int
    end: int
    weight: float
    trigrams: np.ndarray  # distinct hash values of the word trigrams
    facts: dict[str, float]
    words: int


@dataclass(slots=True)
class MemberSentences:
    """A document's sentence features, as a :class:`dedupe.provenance.FeatureStore`
    keeps them, and its index from fact to sentence, made when first asked for (the
    paragraphs of most clusters, copies, never ask)."""

    sentences: list[SentenceFeatures]
    _postings: dict[str, tuple[int, ...]] | None = None

    def postings(self) -> dict[str, tuple[int, ...]]:
        if self._postings is None:
            self._postings = fact_postings(self.sentences)
        return self._postings


def fact_postings(sents: list[SentenceFeatures]) -> dict[str, tuple[int, ...]]:
    """Fact -> the sentences holding it, in order (depends on the document alone: cached with it).

    Tuples, not the lists they are gathered in: the live index keeps them with each
    document, and a list grown by append holds room for more.

    >>> s = SentenceFeatures(0, 0, 9, 5.0, np.empty(0, np.uint64), {"rutte": 4.0, "nato": 3.0}, 2)
    >>> fact_postings([s, s])
    {'rutte': (0, 1), 'nato': (0, 1)}
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        for term in s.facts:
            postings[term].append(i)
    return {term: tuple(where) for term, where in postings.items()}


@dataclass(slots=True)
class Stretches:
    """One member's stretches of one to ``WINDOW`` consecutive sentences, numbered by
    size, then by first sentence.

    Only the index from fact to sentence is kept: a stretch's facts are those of its
    sentences, so the stretches holding a fact follow from where the fact occurs.
    That costs a lookup only for the facts asked about, not an index over every
    stretch of every document.
    """

    paragraphs: list[int]  # output paragraph of each sentence
    member: MemberSentences

    def holding(self, term: str, skip: set[int] | None = None) -> set[int]:
        """Numbers of the stretches holding ``term`` in a sentence not in ``skip``."""
        found: set[int] = set()
        where = self.member.postings().get(term)
        if skip and where:
            where = tuple(i for i in where if i not in skip)
        offset, count = 0, len(self.paragraphs)
        for size in range(1, WINDOW + 1):
            last = count - size  # the last first sentence of a stretch of this size
            if not where or last < 0:
                break
            for i in where:
                found.update(range(offset + max(0, i - size + 1), offset + min(i, last) + 1))
            offset += last + 1
        return found

    def span(self, stretch: int) -> range:
        """The sentences of a stretch."""
        count = len(self.paragraphs)
        for size in range(1, WINDOW + 1):
            if stretch < count - size + 1:
                return range(stretch, stretch + size)
            stretch -= count - size + 1
        raise IndexError(stretch)

    def paragraph(self, stretch: int, facts: dict[str, float]) -> int:
        """Output paragraph of the stretch that holds most of ``facts``' weight (the
        first of equals): a stretch reaching into the paragraph before the one that
        carries the facts names the one that carries them."""
        held: dict[int, float] = {}
        for i in self.span(stretch):
            sentence_facts = self.member.sentences[i].facts
            paragraph = self.paragraphs[i]
            held[paragraph] = held.get(paragraph, 0.0) + sum(
                w for t, w in facts.items() if t in sentence_facts
            )
        return max(held, key=lambda paragraph: (held[paragraph], -paragraph))


def rewrite_matches(
    facts: dict[str, float],
    stretches_of: dict[int, Stretches],
    member: int,
    skip: dict[int, set[int]] | None = None,
) -> list[tuple[int, int, float]]:
    """(member, paragraph, share) of the other members' best stretch carrying these facts.

    ``skip``: per other member, its sentences that are already the counterpart of a
    sentence elsewhere in this member (a copy of another paragraph); they carry no rewrite.
    """
    total = sum(facts.values())
    if not total:
        return []
    found = []
    for other, stretches in stretches_of.items():
        if other == member:
            continue
        # Shared weight and shared fact count per stretch, summed in the facts' order.
        weight: dict[int, float] = {}
        count: dict[int, int] = {}
        for term, w in facts.items():
            for n in stretches.holding(term, skip.get(other) if skip else None):
                weight[n] = weight.get(n, 0) + w
                count[n] = count.get(n, 0) + 1
        best, where = 0.0, -1
        for n in sorted(weight):
            share = weight[n] / total
            if share > best and count[n] >= _MIN_FACTS:
                best, where = share, n
        if best >= _REWRITE_AT:
            found.append((other, stretches.paragraph(where, facts), best))
    return sorted(found, key=lambda x: -x[2])


class Confirmations:
    """Per sentence, (member, sentence start, share) of the other members' sentences confirming
    its facts; measured on demand, as only paragraphs that would be ``unique`` ask."""

    def __init__(self, per_member: list[list[SentenceFeatures]]):
        self._per_member = per_member
        # Built at the first question: most clusters (copies) never ask one.
        self._flat: list[tuple[int, SentenceFeatures]] = []
        self._postings: dict[str, list[int]] | None = None
        self._found: dict[tuple[int, int], list[tuple[int, int, float]]] = {}

    def of(self, member: int, s: SentenceFeatures) -> list[tuple[int, int, float]]:
        key = (member, s.start)
        if key not in self._found:
            self._found[key] = self._measure(member, s)
        return self._found[key]

    def _anchor_postings(self) -> dict[str, list[int]]:
        if self._postings is None:
            self._flat = [(m, s) for m, sents in enumerate(self._per_member) for s in sents]
            # A confirming sentence shares an anchor: only those sharing one are measured.
            self._postings = defaultdict(list)
            for n, (_, s) in enumerate(self._flat):
                for term, w in s.facts.items():
                    if w >= ANCHOR_WEIGHT:
                        self._postings[term].append(n)
        return self._postings

    def _measure(self, member: int, s: SentenceFeatures) -> list[tuple[int, int, float]]:
        postings = self._anchor_postings()
        candidates = sorted({n for t, w in s.facts.items() if w >= ANCHOR_WEIGHT for n in postings[t]})
        total = sum(s.facts.values())
        best: dict[int, tuple[int, int, float]] = {}
        for n in candidates:
            om, o = self._flat[n]
            if om == member:
                continue
            shared = [w for t, w in s.facts.items() if t in o.facts]
            share = sum(shared) / total
            if share < _CONFIRMED_AT or len(shared) < _MIN_FACTS:
                continue
            if om not in best or share > best[om][2]:
                best[om] = (om, o.start, share)
        return list(best.values())


class Claims:
    """Which sentences of each member are already the counterpart of a sentence of another
    member, and of which of that member's output paragraphs: a trimmed copy's paragraph
    that copies the wire's lead is no rewrite of the wire's paragraph it cut, though it
    names the same pilot, board and turbines.

    Built at the first question: clusters of copies never ask one.
    """

    def __init__(
        self,
        per_member: list[list[SentenceFeatures]],
        matches: dict[tuple[int, int], list[tuple[float, int, int]]],
        segment_of: dict[tuple[int, int], int],
    ):
        self._per_member, self._matches, self._segment_of = per_member, matches, segment_of
        self._by_member: dict[int, dict[int, dict[int, int]]] | None = None

    def elsewhere(self, member: int, paragraph: int) -> dict[int, set[int]]:
        """Per other member, its sentences whose counterpart in ``member`` lies outside ``paragraph``."""
        if self._by_member is None:
            self._by_member = defaultdict(lambda: defaultdict(dict))
            for other, sents in enumerate(self._per_member):
                for i, s in enumerate(sents):
                    for _, m, start in self._matches.get((other, s.start), ()):
                        self._by_member[m][other][i] = self._segment_of[(m, start)]
        return {
            other: {i for i, p in claimed.items() if p != paragraph}
            for other, claimed in self._by_member.get(member, {}).items()
        }
