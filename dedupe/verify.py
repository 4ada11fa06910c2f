"""Exact verification of candidate pairs: evidence of a shared source, not of a shared topic.

LSH proposes pairs; this module measures them exactly and turns the measures into
one calibrated ``similarity`` in [0, 1] and a ``relation``:

* surface containment (word shingles, both directions): the share of one text's
  shingles found in the other. Wire copy inside a longer outlet page still shows
  as high containment of the wire in the page.
* rare-term containment: the share of the lighter text's *rare* content terms
  (names, places, numbers, unusual words; weights from wordfreq, so independent
  of the batch) found in the other, scaled by how much evidence that is in bits.
  Rewrites keep these facts while every sentence changes.
* sentence alignment: the share of the lighter text's sentences (by rare weight)
  that have a counterpart sharing most of their rare terms.
* numbers: the share of distinctive numbers (1500, 12000, 3:2) that agree.
* cosine of the content-term vectors weighted by information content (an IDF
  from wordfreq's frequencies rather than from the batch), reported, not in the
  model: it measures shared topic as much as shared source (issue 9's trap).
* time: articles further apart than the window need stronger evidence.

The combination is a logistic model whose coefficients live in
``dedupe/data/similarity_model.json`` with the data they were fitted on.
"""

from __future__ import annotations

import json
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from importlib import resources

from .document import RARE_WEIGHT, Document
from .numbers import number_agreement
from .sketch import count_common

__all__ = [
    "Evidence",
    "Measures",
    "RELATIONS",
    "VERBATIM_KEPT",
    "kept_share",
    "may_link",
    "measure",
    "relation_of",
    "similarity",
]

RELATIONS = ("verbatim", "edited", "rewritten", "unrelated")
#: A version that keeps this share of the wire's word 5-grams took it verbatim; one
#: that keeps less cut or changed it (edited), whatever it added around it.
VERBATIM_KEPT = 0.9

# Shared rare weight (bits of evidence) at which a rare-term overlap counts fully;
# below it a small text's overlap is discounted (a two-line stub proves little).
_EVIDENCE_SCALE = 60.0


@dataclass(frozen=True)
class Evidence:
    """Exact measures of one pair of documents."""

    jaccard: float
    containment: tuple[float, float]
    rare_containment: float
    shared_rare_weight: float
    sentence_alignment: float
    number_agreement: float | None
    days_apart: float | None
    cosine: float = 0.0

    @property
    def surface(self) -> float:
        return max(self.containment)

    @property
    def rare_evidence(self) -> float:
        return self.rare_containment * (1.0 - math.exp(-self.shared_rare_weight / _EVIDENCE_SCALE))

    def features(self) -> list[float]:
        """The model's inputs, in the order of the coefficients."""
        numbers = 0.0 if self.number_agreement is None else self.number_agreement - 0.5
        return [self.surface, self.rare_evidence, self.sentence_alignment, numbers]

    def to_dict(self) -> dict:
        out = asdict(self)
        out["containment"] = list(self.containment)
        return out


def _rare(document: Document) -> dict[str, float]:
    if "rare" not in document.cache:
        document.cache["rare"] = document.rare_terms
    return document.cache["rare"]


def _sums(document: Document) -> tuple[float, float]:
    """Total rare weight and the norm of the term vector, summed once per document."""
    if "sums" not in document.cache:
        rare = sum(_rare(document).values())
        norm = math.sqrt(sum(w * w for w in document.terms.values()))
        document.cache["sums"] = (rare, norm)
    return document.cache["sums"]


@dataclass(frozen=True, slots=True)
class _RareSentences:
    """A document's sentences reduced to their rare terms, arranged for alignment."""

    terms: list[dict[str, float]]
    weights: list[float]
    #: term -> positions of the sentences that hold it: a sentence of the other
    #: document only meets the sentences it shares a term with.
    postings: dict[str, tuple[int, ...]]
    size: int
    #: hash of each sentence's set of rare terms, and hash -> position of a sentence
    #: with that set: copies repeat sentences, and a sentence whose terms another
    #: sentence holds all of needs no counting (see sentence_alignment).
    keyset_hashes: list[int]
    by_keyset: dict[int, int]


def _rare_sentences(document: Document) -> _RareSentences:
    if "rare_sentences" in document.cache:
        return document.cache["rare_sentences"]
    terms: list[dict[str, float]] = []
    for paragraph in document.content:
        for sentence in paragraph.sentences:
            rare = {t: w for t, w in sentence.terms.items() if w >= RARE_WEIGHT}
            if rare:
                terms.append(rare)
    building: dict[str, list[int]] = {}
    for position, rare in enumerate(terms):
        for term in rare:
            building.setdefault(term, []).append(position)
    # Tuples: a list grown by append keeps room to grow (8.9 -> 5.9 KiB of postings a document).
    postings = {term: tuple(where) for term, where in building.items()}
    hashes = [hash(frozenset(r)) for r in terms]
    by_keyset = {h: position for position, h in enumerate(hashes)}
    out = _RareSentences(
        terms, [sum(r.values()) for r in terms], postings, sum(map(len, terms)), hashes, by_keyset
    )
    document.cache["rare_sentences"] = out
    return out


def sentence_alignment(a: Document, b: Document, *, share: float = 0.5, min_terms: int = 2) -> float:
    """Share of the lighter document's rare sentence weight that has a counterpart.

    A sentence has a counterpart when one sentence of the other document holds at
    least ``share`` of its rare weight in at least ``min_terms`` shared terms.
    """
    if min_terms < 1:
        raise ValueError(f"min_terms must be at least 1 (a counterpart shares a term), got {min_terms}")
    left, right = _rare_sentences(a), _rare_sentences(b)
    if left.size > right.size:
        left, right = right, left
    postings, by_keyset, right_terms = right.postings, right.by_keyset, right.terms
    total = hit = 0.0
    for sentence, w, keyset in zip(left.terms, left.weights, left.keyset_hashes, strict=True):
        total += w
        if share <= 1.0 and len(sentence) >= min_terms:
            # A sentence of the other side with the same terms: the sum below would give it
            # all of w (the same additions in the same order as w's), a counterpart.
            j = by_keyset.get(keyset)
            if j is not None and right_terms[j].keys() == sentence.keys():
                hit += w
                continue
        common = [(t, x) for t, x in sentence.items() if t in postings]
        if len(common) < min_terms:
            continue
        # Shared weight and shared term count with every sentence that shares a term, summed
        # in this sentence's term order (a set intersection's order varies with PYTHONHASHSEED).
        shared: dict[int, float] = {}
        count: dict[int, int] = {}
        for term, x in common:
            for j in postings[term]:
                shared[j] = shared.get(j, 0) + x
                count[j] = count.get(j, 0) + 1
        need = share * w
        for j, s in shared.items():
            if s >= need and count[j] >= min_terms:
                hit += w
                break
    return hit / total if total else 0.0


def _shared_rare(a: Document, b: Document) -> float:
    """Rare weight the pair shares (per term the lower of the two weights)."""
    ra, rb = _rare(a), _rare(b)
    shared_keys = ra.keys() & rb.keys()
    # A set's order follows the hash seed; fsum's exact sum does not depend on order,
    # so the same pair scores the same in every run.
    return math.fsum(map(min, map(ra.__getitem__, shared_keys), map(rb.__getitem__, shared_keys)))


def measure(a: Document, b: Document) -> Evidence:
    """All exact measures of a pair."""
    sa, sb = a.shingles, b.shingles
    inter = count_common(sa, sb)
    union = len(sa) + len(sb) - inter
    shared = _shared_rare(a, b)
    (rare_a, norm_a), (rare_b, norm_b) = _sums(a), _sums(b)
    lighter = min(rare_a, rare_b)
    agreement = number_agreement(a, b)
    ta, tb = a.terms, b.terms
    common = ta.keys() & tb.keys()
    dot = math.fsum(map(operator.mul, map(ta.__getitem__, common), map(tb.__getitem__, common)))
    norms = norm_a * norm_b
    return Evidence(
        cosine=dot / norms if norms else 0.0,
        jaccard=inter / union if union else 0.0,
        containment=(inter / len(sa) if len(sa) else 0.0, inter / len(sb) if len(sb) else 0.0),
        rare_containment=min(1.0, shared / lighter) if lighter else 0.0,
        shared_rare_weight=shared,
        sentence_alignment=sentence_alignment(a, b),
        number_agreement=agreement,
        days_apart=days_apart(a, b),
    )


def days_apart(a: Document, b: Document) -> float | None:
    """Days between the two documents' times; None when one has none."""
    pa, pb = a.dated, b.dated
    return None if pa is None or pb is None else abs((pa - pb).total_seconds()) / 86400.0


@lru_cache(maxsize=1)
def _model() -> dict:
    text = resources.files("dedupe").joinpath("data/similarity_model.json").read_text(encoding="utf-8")
    return json.loads(text)


def similarity(evidence: Evidence, *, window_days: float = 0.0) -> float:
    """Calibrated probability that the pair derives from one copy.

    Outside the time window the log-odds drop by the model's ``time_penalty`` per
    window length, up to a near-verbatim copy's margin (:func:`_verbatim_margin`): only
    near-verbatim copy still links across weeks (a wire story run again a month later).
    """
    model = _model()
    z = model["intercept"] + sum(
        c * x for c, x in zip(model["coefficients"], evidence.features(), strict=True)
    )
    if window_days and evidence.days_apart is not None and evidence.days_apart > window_days:
        z -= min(model["time_penalty"] * evidence.days_apart / window_days, _verbatim_margin())
    return _logistic(z)


@lru_cache(maxsize=1)
def _verbatim_margin() -> float:
    """Log-odds over the operating point of a pair keeping VERBATIM_KEPT of every measure.

    >>> round(_verbatim_margin(), 2)
    7.31
    """
    model = _model()
    surface, rare, align, _ = model["coefficients"]
    point = model["operating_point"]
    return model["intercept"] + VERBATIM_KEPT * (surface + rare + align) - math.log(point / (1 - point))


def _logistic(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def may_link(a: Document, b: Document, *, threshold: float, rewrite_evidence: float) -> bool:
    """False when no sentence alignment could make the pair a link or a rewrite link.

    A link needs :func:`similarity` at or above ``threshold``; a rewrite link needs
    ``Evidence.rare_evidence`` at or above ``rewrite_evidence``. Both are judged here
    from the cheap measures (shingles, rare terms, numbers) with the alignment at its
    most favourable value and no time penalty: an upper bound. Most LSH candidates of a
    batch are unrelated, and alignment and cosine are most of the cost of
    :func:`measure`, so the batch measures such pairs in full only if clustering
    later asks for their score. ``True`` promises nothing: measure the pair.
    """
    sa, sb = a.shingles, b.shingles
    inter = count_common(sa, sb)
    shared = _shared_rare(a, b)
    lighter = min(_sums(a)[0], _sums(b)[0])
    # The same expressions as measure() and Evidence: the same floats.
    rare_containment = min(1.0, shared / lighter) if lighter else 0.0
    rare_evidence = rare_containment * (1.0 - math.exp(-shared / _EVIDENCE_SCALE))
    if rare_evidence >= rewrite_evidence:
        return True
    surface = max(inter / len(sa) if len(sa) else 0.0, inter / len(sb) if len(sb) else 0.0)
    agreement = number_agreement(a, b)
    numbers = 0.0 if agreement is None else agreement - 0.5
    model = _model()
    c_surface, c_rare, c_align, c_numbers = model["coefficients"]
    z = model["intercept"] + c_surface * surface + c_rare * rare_evidence + c_numbers * numbers
    z += max(0.0, c_align)  # alignment is a share: 0 to 1
    # A margin far above rounding error, so that the bound holds for the computed score too.
    return _logistic(z + 1e-6) >= threshold


def relation_of(evidence: Evidence, score: float, threshold: float) -> str:
    """Name how one text relates to another it was compared with.

    ``verbatim``: one text recurs nearly word for word in the other (whatever
    furniture or own paragraphs surround it there); ``edited``: much of one recurs
    in the other, with cuts or changed words; ``rewritten``: linked by facts, not
    wording. Symmetric, as two texts have no wire between them; inside a cluster
    the relation to the origin is directed (:func:`dedupe.cluster.describe_cluster`).
    """
    if score < threshold:
        return "unrelated"
    if evidence.surface >= VERBATIM_KEPT:
        return "verbatim"
    if evidence.surface >= 0.3:
        return "edited"
    return "rewritten"


def kept_share(reference: Document, other: Document) -> float:
    """Share of the reference text's word shingles that recur in the other text."""
    if not len(reference.shingles):
        return 0.0
    return count_common(reference.shingles, other.shingles) / len(reference.shingles)


@dataclass(frozen=True)
class Comparison:
    """What :func:`dedupe.compare` says about two texts."""

    similarity: float
    relation: str
    jaccard: float
    containment: tuple[float, float]
    evidence: Evidence

    def to_dict(self) -> dict:
        return {
            "similarity": round(self.similarity, 4),
            "relation": self.relation,
            "jaccard": round(self.jaccard, 4),
            "containment": [round(c, 4) for c in self.containment],
            "evidence": self.evidence.to_dict(),
        }


def compare_documents(
    a: Document, b: Document, *, threshold: float, window_days: float = 0.0, evidence: Evidence | None = None
) -> Comparison:
    """Compare two prepared documents (``evidence``: their measures, when already known)."""
    if evidence is None:
        evidence = measure(a, b)
    score = similarity(evidence, window_days=window_days)
    return Comparison(
        similarity=score,
        relation=relation_of(evidence, score, threshold),
        jaccard=evidence.jaccard,
        containment=evidence.containment,
        evidence=evidence,
    )


def content_key(document: Document) -> tuple:
    """What :func:`measure` reads of a document besides its time: its language and the
    text of its content paragraphs and their sentences. Two documents with equal keys
    measure alike against any third, only ``days_apart`` differing."""
    return (
        document.article.language,
        *((p.span.text, *(s.span.text for s in p.sentences)) for p in document.content),
    )


class Measures:
    """Comparisons of the documents of one batch, by position, with copies measured once.

    A story carried word for word by 300 sites makes 44,850 candidate pairs of copies,
    each measured in full (four fifths of such a batch's time). Documents whose content
    another document repeats are measured once per pair of distinct contents; each pair
    of copies then gets that evidence with its own time apart, so the same comparison
    as measuring it. Other documents are measured as always.
    """

    def __init__(
        self, docs: Sequence[Document], *, threshold: float, window_days: float, rewrite_evidence: float
    ):
        self._docs = docs
        self._threshold, self._window_days, self._rewrite_evidence = threshold, window_days, rewrite_evidence
        # Only documents alike in size and first shingle can be copies: keys for those alone.
        alike: defaultdict[tuple, list[int]] = defaultdict(list)
        for i, d in enumerate(docs):
            first = int(d.shingles[0]) if len(d.shingles) else 0
            alike[(d.article.language, d.words, len(d.shingles), first)].append(i)
        keys = {i: content_key(docs[i]) for group in alike.values() if len(group) > 1 for i in group}
        counts = Counter(keys.values())
        self._key: dict[int, Hashable] = {i: k for i, k in keys.items() if counts[k] > 1}
        self._evidence: dict[tuple, Evidence] = {}
        self._linkable: dict[tuple, bool] = {}

    def _pair(self, i: int, j: int) -> tuple | None:
        ki, kj = self._key.get(i), self._key.get(j)
        if ki is None and kj is None:
            return None
        return (i if ki is None else ki, j if kj is None else kj)

    def may_link(self, i: int, j: int) -> bool:
        """:func:`may_link` of the documents at positions i and j."""
        key = self._pair(i, j)
        found = self._linkable.get(key) if key is not None else None
        if found is None:
            found = may_link(
                self._docs[i],
                self._docs[j],
                threshold=self._threshold,
                rewrite_evidence=self._rewrite_evidence,
            )
            if key is not None:
                self._linkable[key] = found
        return found

    def compare(self, i: int, j: int) -> Comparison:
        """:func:`compare_documents` of the documents at positions i and j."""
        a, b = self._docs[i], self._docs[j]
        key = self._pair(i, j)
        evidence = self._evidence.get(key) if key is not None else None
        if evidence is not None:
            evidence = replace(evidence, days_apart=days_apart(a, b))
        elif key is not None:
            evidence = self._evidence[key] = measure(a, b)
        return compare_documents(
            a, b, threshold=self._threshold, window_days=self._window_days, evidence=evidence
        )
