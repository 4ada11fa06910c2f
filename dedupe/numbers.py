"""The distinctive numbers of a text, which rewrites of one story keep.

Verification compares them (:func:`number_agreement`): numbers of three or more digits
("1.500" and "1500" alike), scores ("3:1", "3-1") and small measurements with a unit
("40 Liter", "31 Grad"); not times of day, which every outlet stamps its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .boilerplate import line_key
from .document import Document

__all__ = ["cache_numbers", "number_agreement", "numbers_of"]

_NUMBER = re.compile(r"\d+(?::\d+)?(?:[.,]\d+)?")
# A small number with a unit is a measurement a rewrite keeps: "40 Liter", "31 Grad".
_MEASURE = re.compile(
    r"(?<![\d.,:])(\d{1,2}) (?:grad|degrees?|grados|degrés|gradi|graus"
    r"|litern?|liters?|litres?|litros|litri"
    r"|zentimeter|millimeter|meters?|metres?|metros|mètres|metri"
    r"|kilometer|kilometers?|kilometres?|kilómetros|kilomètres|chilometri|quilómetros|km|stundenkilometern?"
    r"|prozent|percent|per cent|por ciento|pour cent|per cento|por cento|procent|knoten|knots)\b"
)
# A time of day ("14.30 Uhr", "2:47 am", "1847 GMT"): a ticker stamps its updates with
# them and every outlet its own, so they say nothing about a shared source.
_CLOCK_TIME = re.compile(r"(?:[01]?\d|2[0-3])[.:]?[0-5]\d")
_ZONE = r"gmt|utc|mez|mesz|cet|cest|bst|edt|est|pdt|pst"
_CLOCK_AFTER = re.compile(rf" ?(?:uhr\b|h\b|a\.?m\b|p\.?m\b|(?:{_ZONE})\b)")
_ZONE_AFTER = re.compile(rf" ?(?:{_ZONE})\b")
# Two numbers of one or two digits joined by a hyphen, not part of a date or a longer run.
_SCORE = re.compile(r"(?<![\d.,:/-])(\d{1,2})-(\d{1,2})(?![\d.,:/-])")


def _numbers_in(paragraph_keys: Iterable[str]) -> set[str]:
    """The distinctive numbers of some paragraphs: three or more digits, scores, and
    small numbers with a unit.

    >>> sorted(_numbers_in(["1500 soldaten", "es endete 3:1", "won 3-1 on 14-12-2024", "12 tage", "31 grad"]))
    ['1500', '2024', '31', '3:1']
    >>> sorted(_numbers_in(["update 14.30 uhr: 1500 am montag", "at 2:47 am (1847 gmt)", "3:1 am ende"]))
    ['1500', '3:1']
    """
    found: set[str] = set()
    for key in paragraph_keys:
        found.update(_numbers_of(key))
    return found


@lru_cache(maxsize=200_000)  # copies of a story repeat their paragraphs: three regexes each
def _numbers_of(key: str) -> frozenset[str]:
    # line_key is normalise with blanks folded, which no number spans.
    if not _NUMBER.search(key):  # no digit at all: no measure, no score either
        return frozenset()
    found: set[str] = set()
    for number in _NUMBER.finditer(key):
        match = number.group()
        digits = match.replace(".", "").replace(",", "")
        if (":" in match or len(digits) >= 3) and not _is_clock_time(key, number):
            found.add(match)
    found.update(_MEASURE.findall(key))
    if "-" in key:  # "3-1", as English, Spanish or Dutch write a score
        found.update(f"{a}:{b}" for a, b in _SCORE.findall(key))
    return frozenset(found)


def _is_clock_time(key: str, number: re.Match[str]) -> bool:
    match = number.group()
    if not _CLOCK_TIME.fullmatch(match):
        return False
    # "14.30 uhr", "2:47 am"; four digits only with a zone ("1847 gmt"), not "1500 am montag".
    after = _CLOCK_AFTER if ("." in match or ":" in match) else _ZONE_AFTER
    return after.match(key, number.end()) is not None


def numbers_of(document: Document) -> set[str]:
    if "numbers" not in document.cache:
        document.cache["numbers"] = _numbers_in(line_key(p.span.text) for p in document.content)
    return document.cache["numbers"]


def cache_numbers(document: Document, paragraph_keys: Sequence[str]) -> Document:
    """Note the numbers verification compares, from the :func:`line_key` of each of the
    document's paragraphs (in order), which a caller that has them passes in.

    Otherwise they are keyed again on first comparison, and a batch has more distinct
    paragraphs than line_key's cache holds: at 60,000 articles that took 105 µs an
    article instead of 35 µs at 20,000 (a third of the first pass over the candidates).
    """
    content = (key for p, key in zip(document.paragraphs, paragraph_keys, strict=True) if not p.furniture)
    document.cache["numbers"] = _numbers_in(content)
    return document


def number_agreement(a: Document, b: Document) -> float | None:
    """Share of the distinctive numbers of the document with fewer that the other holds;
    None when either has fewer than two."""
    na, nb = numbers_of(a), numbers_of(b)
    return len(na & nb) / min(len(na), len(nb)) if min(len(na), len(nb)) >= 2 else None
