"""An article prepared for matching: paragraphs, sentences, terms and shingles.

Preparation is the one place where raw text becomes features; every later stage
(index, verify, provenance) reads a :class:`Document` and never re-parses text.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np

from .article import Article
from .boilerplate import furniture_mask, line_key
from .normalise import stem, stop_words, tokens
from .rarity import weight
from .segment import Span, paragraphs, sentences
from .sketch import word_shingle_hashes

__all__ = [
    "Document",
    "Paragraph",
    "ParagraphCache",
    "Sentence",
    "LineKeys",
    "add_shingles",
    "drop_furniture_lines",
    "line_keys",
    "prepare",
    "shingles",
]

#: Words of weight at least this (zipf <= 4.5: names, places, numbers, unusual
#: words) are the "facts" that rewrites keep; commoner words are topic, not source.
RARE_WEIGHT = 3.5
#: Rarer still (zipf <= 3.5): the anchors LSH looks rewrite candidates up by. On the
#: seeds plus 514 background articles this keeps every seed pair among the candidates
#: while proposing 5 times fewer pairs than RARE_WEIGHT does (1,837 against 9,128).
ANCHOR_WEIGHT = 4.5


@dataclass(slots=True)
class Sentence:
    span: Span
    words: list[str]
    terms: dict[str, float]


@dataclass(slots=True)
class Paragraph:
    index: int
    span: Span
    furniture: bool
    sentences: list[Sentence]
    terms: dict[str, float]

    @property
    def words(self) -> list[str]:
        """The paragraph's tokens (built on demand: a batch holds many paragraphs)."""
        return [w for s in self.sentences for w in s.words]

    @property
    def weight(self) -> float:
        return sum(self.terms.values())


def _no_shingles() -> np.ndarray:
    return np.empty(0, dtype=np.uint32)


@dataclass(slots=True, eq=False)  # __eq__ below: an array field has no truth value
class Document:
    article: Article
    paragraphs: list[Paragraph]
    terms: dict[str, float] = field(default_factory=dict)
    #: The word shingles of the content as sorted distinct sha1_hash32 values
    #: (:func:`dedupe.sketch.shingle_hashes`): what sketching and surface containment use.
    shingles: np.ndarray = field(default_factory=_no_shingles)
    words: int = 0
    # Filled on first use by dedupe.verify (kept here so each is computed once).
    cache: dict = field(default_factory=dict, repr=False)

    def __eq__(self, other: object) -> bool:
        """Equal features of the same article (the cache of derived values aside)."""
        if not isinstance(other, Document):
            return NotImplemented
        return (
            self.article == other.article
            and self.paragraphs == other.paragraphs
            and self.terms == other.terms
            and self.words == other.words
            and np.array_equal(self.shingles, other.shingles)
        )

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def content(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if not p.furniture]

    @property
    def rare_terms(self) -> dict[str, float]:
        return {t: w for t, w in self.terms.items() if w >= RARE_WEIGHT}

    @property
    def weight(self) -> float:
        return sum(self.terms.values())

    @property
    def dated(self) -> datetime | None:
        """The article's reference time for the time window (:meth:`Article.reference_time`)."""
        if "dated" not in self.cache:
            self.cache["dated"] = self.article.reference_time()
        return self.cache["dated"]

    @property
    def anchors(self) -> set[str]:
        """The rarest terms, for candidate search; never empty (empty sets would all collide)."""
        return {t for t, w in self.terms.items() if w >= ANCHOR_WEIGHT} or {"\x00" + self.id}


def shingles(words: list[str], size: int) -> set[str]:
    """Word n-grams of a token list; a text shorter than ``size`` gives itself.

    >>> sorted(shingles(["a", "b", "c", "d"], 3))
    ['a b c', 'b c d']
    >>> shingles(["kurz"], 5)
    {'kurz'}
    """
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    # zip of shifted views (the shorter ones end it): every window, no slice per word.
    return set(map(" ".join, zip(*[words[i:] for i in range(size)], strict=False)))


def _hashed_shingles(words: list[str], size: int) -> np.ndarray:
    """:func:`shingles` as kept by a document: their sorted distinct hash values."""
    return word_shingle_hashes(words, size)


# word -> (term, weight), or None for a word that is no term; per language. Stemming
# and weighting a word costs far more than looking it up, and a news vocabulary repeats.
_TERMS: dict[str, dict[str, tuple[str, float] | None]] = {}
_MAX_CACHED_WORDS = 1_000_000


def _term_of(word: str, language: str) -> tuple[str, float] | None:
    if word in stop_words(language) or (len(word) < 2 and not word.isdigit()):
        return None
    return stem(word, language), weight(word, language)


def _weighted_terms(words: list[str], language: str) -> dict[str, float]:
    known = _TERMS.get(language)
    if known is None or len(known) > _MAX_CACHED_WORDS:
        known = _TERMS[language] = {}
    terms: dict[str, float] = {}
    for word in words:
        try:
            entry = known[word]
        except KeyError:
            entry = known[word] = _term_of(word, language)
        if entry is not None:
            term, w = entry
            if terms.get(term, -1.0) < w:
                terms[term] = w
    return terms


def _paragraph(index: int, span: Span, furniture: bool, sents: list[Sentence]) -> Paragraph:
    """A paragraph of the given sentences; one without any is furniture."""
    if len(sents) == 1:
        # Half of all paragraphs: the same dict as the loop below would build (nothing
        # changes a prepared document's terms), without a copy to hold.
        return Paragraph(index, span, furniture, sents, sents[0].terms)
    para_terms: dict[str, float] = {}
    for s in sents:
        for t, w in s.terms.items():
            if para_terms.get(t, -1.0) < w:
                para_terms[t] = w
    return Paragraph(index, span, furniture or not sents, sents, para_terms)


def _content_words(doc_paragraphs: list[Paragraph]) -> list[str]:
    return [w for p in doc_paragraphs if not p.furniture for s in p.sentences for w in s.words]


def _document(
    article: Article, doc_paragraphs: list[Paragraph], shingle_size: int, *, with_shingles: bool = True
) -> Document:
    all_words = _content_words(doc_paragraphs)
    doc_terms: dict[str, float] = {}
    for paragraph in doc_paragraphs:
        if paragraph.furniture:
            continue
        for t, w in paragraph.terms.items():
            if doc_terms.get(t, -1.0) < w:
                doc_terms[t] = w
    return Document(
        article=article,
        paragraphs=doc_paragraphs,
        terms=doc_terms,
        # Hash values, not strings: a set of shingle strings was half of a prepared
        # document's memory (32 of 61 KiB), the array is 4 bytes a shingle.
        shingles=_hashed_shingles(all_words, shingle_size) if with_shingles else _no_shingles(),
        words=len(all_words),
    )


def add_shingles(document: Document, shingle_size: int = 5) -> Document:
    """Fill in the shingles of a document prepared with ``with_shingles=False`` (in place)."""
    if not len(document.shingles):
        document.shingles = _hashed_shingles(_content_words(document.paragraphs), shingle_size)
    return document


#: What :func:`prepare` keeps per distinct paragraph text between the articles of one
#: batch: (the paragraph's text, its start, its sentences, its terms).
ParagraphCache = dict[tuple[str, str], tuple[str, int, list[Sentence], dict[str, float]]]


def _sentences(span: Span, language: str, furniture_lines: Collection[str]) -> list[Sentence]:
    sents = []
    for sentence in sentences(span.text, span.start):
        if furniture_lines and line_key(sentence.text) in furniture_lines:
            continue  # a recurring stub sentence inside a real paragraph
        words, terms = _sentence_terms(sentence.text, language)
        sents.append(Sentence(sentence, words, terms))
    return sents


@lru_cache(maxsize=16_384)  # under 1 KiB each beyond what documents share: 13 MiB full
def _sentence_terms(text: str, language: str) -> tuple[list[str], dict[str, float]]:
    """A sentence's words and weighted terms, one list and dict for all its copies (never changed).

    Copies of a story repeat its sentences word for word, also in the paragraphs they
    edit; tokenising and weighting every sentence again was about half of preparing a post.
    """
    # line_key is normalise with blanks folded, which tokens do not see; it is cached,
    # and copies repeat sentences (and furniture_mask keyed the one-sentence paragraphs).
    # One str per distinct word, not per occurrence: a batch holds every word many times.
    words = list(map(sys.intern, tokens(line_key(text))))
    return words, _weighted_terms(words, language)


def _cached_paragraph(
    index: int, span: Span, furniture: bool, language: str, cache: ParagraphCache
) -> Paragraph:
    """The paragraph as :func:`_paragraph` makes it, from what an earlier copy of its text gave.

    Sentences, words and terms depend on the text alone and offsets shift with the
    paragraph's start, so a copy shares the words and term dicts (never mutated) and
    the text strings, and only gets spans of its own.
    """
    key = (span.text, language)
    found = cache.get(key)
    if found is None:
        sents = _sentences(span, language, ())
        para = _paragraph(index, span, furniture, sents)
        cache[key] = (span.text, span.start, sents, para.terms)
        return para
    text, start, cached, terms = found
    shift = span.start - start
    if shift:
        cached = [
            Sentence(Span(s.span.start + shift, s.span.end + shift, s.span.text), s.words, s.terms)
            for s in cached
        ]
    return Paragraph(index, Span(span.start, span.end, text), furniture or not cached, cached, terms)


def prepare(
    article: Article,
    *,
    shingle_size: int = 5,
    furniture_lines: Collection[str] = (),
    paragraph_cache: ParagraphCache | None = None,
    with_shingles: bool = True,
) -> Document:
    """Segment, mark furniture, and extract the features of one article.

    ``furniture_lines`` are line keys found to be furniture across a corpus
    (:func:`dedupe.corpus.prepare_corpus`, :mod:`dedupe.recurring`).
    ``paragraph_cache``: a dict shared by the articles of one batch (used only without
    ``furniture_lines``). Copies of a story repeat most paragraphs; a repeated one is
    not segmented, tokenised and weighted again, and its parts are shared.
    ``with_shingles=False``: no shingles yet (:func:`add_shingles` adds them), for a
    batch that may still drop furniture lines and would build them twice.
    """
    language = article.language or "de"
    spans = paragraphs(article.text)
    mask = furniture_mask([s.text for s in spans])
    doc_paragraphs: list[Paragraph] = []
    for index, (span, furniture) in enumerate(zip(spans, mask, strict=True)):
        if furniture_lines:
            if not furniture and line_key(span.text) in furniture_lines:
                furniture = True
            doc_paragraphs.append(
                _paragraph(index, span, furniture, _sentences(span, language, furniture_lines))
            )
        elif paragraph_cache is not None:
            doc_paragraphs.append(_cached_paragraph(index, span, furniture, language, paragraph_cache))
        else:
            doc_paragraphs.append(_paragraph(index, span, furniture, _sentences(span, language, ())))
    return _document(article, doc_paragraphs, shingle_size, with_shingles=with_shingles)


#: The line keys of a document's paragraphs, and of each paragraph's sentences.
LineKeys = list[tuple[str, list[str]]]


def line_keys(document: Document) -> LineKeys:
    """Every paragraph's and sentence's :func:`line_key`, in document order."""
    return [
        (line_key(p.span.text), [line_key(s.span.text) for s in p.sentences]) for p in document.paragraphs
    ]


def drop_furniture_lines(
    document: Document,
    furniture_lines: Collection[str],
    *,
    shingle_size: int = 5,
    keys: LineKeys | None = None,
) -> Document:
    """The document as :func:`prepare` makes it with ``furniture_lines``, without preparing again.

    ``document`` must come from :func:`prepare` with the same ``shingle_size`` and
    without ``furniture_lines`` or with a subset of them (the live index drops lines
    found later): its sentences are kept, not segmented and stemmed anew.
    A paragraph whose line is furniture turns furniture; a sentence whose line is
    furniture leaves its paragraph. ``keys``: the document's :func:`line_keys`, where
    the caller has them already.
    """
    doc_paragraphs: list[Paragraph] = []
    for p, (paragraph_key, sentence_keys) in zip(
        document.paragraphs, keys or line_keys(document), strict=True
    ):
        furniture = p.furniture or paragraph_key in furniture_lines
        sents = [s for s, key in zip(p.sentences, sentence_keys, strict=True) if key not in furniture_lines]
        if furniture == p.furniture and len(sents) == len(p.sentences):
            doc_paragraphs.append(p)
        else:
            doc_paragraphs.append(_paragraph(p.index, p.span, furniture, sents))
    return _document(document.article, doc_paragraphs, shingle_size)


def warm_up(languages: Collection[str] = ()) -> None:
    """Load word lists, frequency tables and stemmers now instead of at the first article.

    They load on first use: about 1.1 s for language detection's lists and 0.2-0.4 s
    per language, which a service would otherwise add to its first answers after a start.

    >>> warm_up(["de"])
    """
    from .language import DEFAULT_LANGUAGE, detect_language

    detect_language("Warm-up.")
    for language in {DEFAULT_LANGUAGE, *languages}:
        _weighted_terms(["zeitung", "news"], language)
