"""Split article text into paragraphs and sentences, keeping character offsets.

Real input separates paragraphs by blank lines, by single newlines, or not at
all (a whole article in one block). Offsets are Python string indices into the
text as submitted (end exclusive), so a CMS can highlight exactly what we mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Span", "paragraphs", "sentences"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


_LINE = re.compile(r"[^\r\n]+")  # a CR alone ends a line too (classic Mac text)
_BREAK = re.compile(r"\r\n|\r|\n")
_ENDS_SENTENCE = re.compile(r"[.!?:;\"'»«“”)\]]\s*$")
# German and English abbreviations that end in a full stop inside a sentence.
_ABBREVIATIONS = frozenset(
    [
        "abs",
        "bzw",
        "ca",
        "chr",
        "dr",
        "etc",
        "evtl",
        "ggf",
        "hr",
        "inkl",
        "jh",
        "jr",
        "mio",
        "mrd",
        "nr",
        "prof",
        "rd",
        "sog",
        "st",
        "str",
        "tel",
        "usw",
        "vgl",
        "vs",
        "z.b",
        "u.a",
        "d.h",
        "z.t",
        "u.s",
        "mr",
        "mrs",
        "ms",
        "gen",
        "gov",
        "sen",
        "rep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "okt",
        "nov",
        "dec",
        "dez",
        "no",
    ]
)
# Chinese and Japanese end a sentence with a full-width mark and no blank after it; Hindi
# with a danda, Arabic and Persian questions with their own question mark, Urdu with a full stop of its own.
_SENTENCE_END = re.compile(r"[.!?।؟۔]+[\"'»«“”)]*(?=\s+)|[。！？]+[”’」』）)]*")
# The first character after blanks (``\s`` and ``str.strip`` agree on what is blank).
_NEXT_CHAR = re.compile(r"\s*(\S)")


def paragraphs(text: str) -> list[Span]:
    """Paragraphs of ``text``: lines, except that wrapped lines are joined again.

    A line break counts as a paragraph break unless the line before does not end
    a sentence and the next line starts in lower case (hard-wrapped text).

    >>> [p.text for p in paragraphs("Titel\\n\\nErster Satz.\\nZweiter Absatz.")]
    ['Titel', 'Erster Satz.', 'Zweiter Absatz.']
    >>> [p.text for p in paragraphs("ein umbrochener\\nsatz geht weiter.")]
    ['ein umbrochener\\nsatz geht weiter.']
    >>> [p.text for p in paragraphs("Titel\\r\\rErster Satz.\\rZweiter Absatz.")]
    ['Titel', 'Erster Satz.', 'Zweiter Absatz.']
    """
    spans: list[Span] = []
    for match in _LINE.finditer(text):
        start, end = match.start(), match.end()
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end -= len(line) - len(line.rstrip())
        if spans:
            previous = spans[-1]
            gap = text[previous.end : start]
            wrapped = (
                len(_BREAK.findall(gap)) == 1
                and not _ENDS_SENTENCE.search(previous.text)
                and stripped[0].islower()
            )
            if wrapped:
                spans[-1] = Span(previous.start, end, text[previous.start : end])
                continue
        spans.append(Span(start, end, text[start:end]))
    return spans


def _is_abbreviation_or_ordinal(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an ordinal number."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].strip("(\"'„“«»").lower()
    if not word:
        return False
    if word.isdigit() and len(word) <= 2:
        # "am 8. Oktober", "22. Oktober": an ordinal, unless it ends the sentence
        # before a capitalised word that is no month or noun ... undecidable; the
        # next character decides below.
        follower = text[dot + 1 : dot + 30].lstrip()
        return bool(follower) and (follower[0].isupper() or follower[0].isdigit())
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentences of one paragraph, with offsets shifted by ``offset``.

    >>> [s.text for s in sentences("Am 8. Oktober kam er. Dr. Kim sagte: «Nein.» Dann ging er.")]
    ['Am 8. Oktober kam er.', 'Dr. Kim sagte: «Nein.»', 'Dann ging er.']
    """
    spans: list[Span] = []
    start = 0
    length = len(text)
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if _is_abbreviation_or_ordinal(text, match.start()):
            continue
        following = _NEXT_CHAR.match(text, end)  # not text[end:]: long blocks made that quadratic
        if following and following.group(1).islower():
            continue
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append(Span(offset + start + lead, offset + end, piece.strip()))
        start = end
    piece = text[start:length]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        spans.append(Span(offset + start + lead, offset + length - trail, piece.strip()))
    return spans
