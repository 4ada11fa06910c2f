"""Prepared documents as compact plain data, to hand from a worker process to its parent.

Preparing an article (segmenting, tokenising, stemming, weighting) is pure Python;
a worker that prepares for the batch spares the parent that time only if the
parent can take the result in for much less. Pickled as objects, a document loads
about as slowly as it is prepared (0.54 against 0.38-0.61 ms, measured on the
scaled suite). Packed here, a share of documents is one vocabulary of its distinct
words and terms, integer ids into it, and offsets into the articles' texts, which
the parent already holds; a paragraph whose text came earlier in the share is sent
as its offsets alone. The parent rebuilds each paragraph as
:func:`dedupe.document.prepare` does with its paragraph cache: a repeated text shares
the sentences, words and terms of its first copy, so the documents are equal to
those prepared in one process and take as little memory.
"""

from __future__ import annotations

import sys
from typing import Any

from .article import Article
from .document import (
    Document,
    LineKeys,
    Paragraph,
    ParagraphCache,
    Sentence,
    _cached_paragraph,
    _document,
    _paragraph,
)
from .segment import Span

__all__ = ["Packer", "unpack_share"]


class Packer:
    """Packs the documents of one share, in order, with their line keys."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._sent: set[tuple[str, str]] = set()  # paragraph texts already packed in full
        self.documents: list[Any] = []

    def _ids(self, strings: Any) -> list[int]:
        vocabulary = self._vocabulary
        return [vocabulary.setdefault(s, len(vocabulary)) for s in strings]

    def add(self, doc: Document, keys: LineKeys) -> None:
        """Pack ``doc`` (prepared without shingles) and its :func:`~dedupe.document.line_keys`."""
        language = doc.article.language or "de"
        paragraphs = []
        for p, (own, of_sentences) in zip(doc.paragraphs, keys, strict=True):
            # A paragraph's flag is the one prepare was given, except that one without
            # sentences is furniture anyway: rebuilt from either, it comes out the same.
            seen = (p.span.text, language)
            if seen in self._sent:
                paragraphs.append((p.index, p.span.start, p.span.end, p.furniture, None))
                continue
            self._sent.add(seen)
            sentences = [
                (s.span.start, s.span.end, self._ids(s.words), self._ids(s.terms), list(s.terms.values()))
                for s in p.sentences
            ]
            paragraphs.append(
                (p.index, p.span.start, p.span.end, p.furniture, (sentences, own, of_sentences))
            )
        self.documents.append(paragraphs)

    def packed(self) -> tuple[list[str], list[Any]]:
        return list(self._vocabulary), self.documents


def unpack_share(
    articles: list[Article],
    packed: tuple[list[str], list[Any]],
    cache: ParagraphCache,
    keys_of: dict[tuple[str, str], tuple[str, list[str]]],
) -> tuple[list[Document], list[LineKeys]]:
    """The documents and line keys :class:`Packer` packed for ``articles`` (in its order).

    ``cache`` is the parent's paragraph cache, ``keys_of`` the line keys of the
    paragraph texts unpacked so far: both grow, so a text repeated in a later share
    is found.
    """
    strings, documents = packed
    vocab = [sys.intern(s) for s in strings]
    word = vocab.__getitem__
    docs, all_keys = [], []
    for article, paragraphs in zip(articles, documents, strict=True):
        text, language = article.text, article.language or "de"
        doc_paragraphs: list[Paragraph] = []
        keys: LineKeys = []
        for index, start, end, furniture, full in paragraphs:
            span = Span(start, end, text[start:end])
            key = (span.text, language)
            if full is None:  # packed in full earlier in this share
                doc_paragraphs.append(_cached_paragraph(index, span, furniture, language, cache))
                keys.append(keys_of[key])
                continue
            sentences, own, of_sentences = full
            keys_of[key] = (own, of_sentences)
            keys.append(keys_of[key])
            if key in cache:  # the parent prepared this text too: share its parts
                doc_paragraphs.append(_cached_paragraph(index, span, furniture, language, cache))
                continue
            sents = [
                Sentence(
                    Span(s0, s1, text[s0:s1]), list(map(word, w)), dict(zip(map(word, t), tw, strict=True))
                )
                for s0, s1, w, t, tw in sentences
            ]
            para = _paragraph(index, span, furniture, sents)
            cache[key] = (span.text, span.start, sents, para.terms)
            doc_paragraphs.append(para)
        docs.append(_document(article, doc_paragraphs, 0, with_shingles=False))
        all_keys.append(keys)
    return docs, all_keys
