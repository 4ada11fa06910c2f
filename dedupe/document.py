"""An article prepared for matching: paragraphs, sentences, terms and shingles.

Preparation is the one place where raw text becomes features; every later stage
(index, verify, provenance) reads a :class:`Document` and never re-parses text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from .article import Article
from .boilerplate import furniture_mask, line_key
from .normalise import normalise, stem, stop_words, tokens
from .rarity import weight
from .segment import Span, paragraphs, sentences

__all__ = ["Document", "Paragraph", "Sentence", "prepare", "shingles"]

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
    words: list[str]
    terms: dict[str, float]

    @property
    def weight(self) -> float:
        return sum(self.terms.values())


@dataclass(slots=True)
class Document:
    article: Article
    paragraphs: list[Paragraph]
    terms: dict[str, float] = field(default_factory=dict)
    shingles: set[str] = field(default_factory=set)
    words: int = 0
    # Filled on first use by dedupe.verify (kept here so each is computed once).
    cache: dict = field(default_factory=dict, repr=False)

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
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _weighted_terms(words: list[str], language: str) -> dict[str, float]:
    stops = stop_words(language)
    terms: dict[str, float] = {}
    for word in words:
        if word in stops or (len(word) < 2 and not word.isdigit()):
            continue
        term = stem(word, language)
        w = weight(word, language)
        if terms.get(term, -1.0) < w:
            terms[term] = w
    return terms


def prepare(article: Article, *, shingle_size: int = 5, furniture_lines: Collection[str] = ()) -> Document:
    """Segment, mark furniture, and extract the features of one article.

    ``furniture_lines`` are line keys found to be furniture across a corpus
    (:func:`dedupe.boilerplate.recurring_furniture`).
    """
    language = article.language or "de"
    spans = paragraphs(article.text)
    mask = furniture_mask([s.text for s in spans])
    doc_paragraphs: list[Paragraph] = []
    all_words: list[str] = []
    doc_terms: dict[str, float] = {}
    for index, (span, furniture) in enumerate(zip(spans, mask, strict=True)):
        if not furniture and furniture_lines and line_key(span.text) in furniture_lines:
            furniture = True
        sents = []
        para_words: list[str] = []
        for sentence in sentences(span.text, span.start):
            if furniture_lines and line_key(sentence.text) in furniture_lines:
                continue  # a recurring stub sentence inside a real paragraph
            words = tokens(normalise(sentence.text))
            sents.append(Sentence(sentence, words, _weighted_terms(words, language)))
            para_words.extend(words)
        if not sents:
            furniture = True
        para_terms: dict[str, float] = {}
        for s in sents:
            for t, w in s.terms.items():
                if para_terms.get(t, -1.0) < w:
                    para_terms[t] = w
        doc_paragraphs.append(Paragraph(index, span, furniture, sents, para_words, para_terms))
        if not furniture:
            all_words.extend(para_words)
            for t, w in para_terms.items():
                if doc_terms.get(t, -1.0) < w:
                    doc_terms[t] = w
    return Document(
        article=article,
        paragraphs=doc_paragraphs,
        terms=doc_terms,
        shingles=shingles(all_words, shingle_size),
        words=len(all_words),
    )
