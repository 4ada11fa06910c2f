"""Quotations two texts share: the words a rewrite keeps as they were said.

An outlet that rewrites agency copy changes the sentences around a quotation, not the
quotation: the same six words inside quotation marks in two texts are evidence of one
source, where a shared topic gives the same names and places but other words in the
speakers' mouths. The clustering uses this to let one rewrite join its wire without a
third version to corroborate it (:func:`dedupe.cluster.group_positions`).

Measured on every pair of the gate's datasets below the link threshold (session 16):
the 514 background articles of one daily share no quoted four-word sequence at all;
same-story rewrites that quote share 2 to 22 of them, and 0.59 to 1.00 of the shorter
side's quoted sequences in all but one pair (0.27); the only different-story pairs that
share six quoted words are a dpa compilation ("G20-Gipfel kompakt") and the stories it
quotes (0.09 to 0.33 of the shorter side's), and digests, which are kept out anyway.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .boilerplate import line_key
from .document import Document
from .normalise import tokens

__all__ = ["QUOTE_GRAM", "quotation_grams", "quotations", "shares_quotations"]

#: Quoted words are compared in runs of this many.
QUOTE_GRAM = 4
# Three shared runs of four: a quotation of six words or more in both texts, which
# chance and set phrases do not give.
_MIN_SHARED = 3
# Most of the shorter side's quoted words: a rewrite quotes what its source quotes; a
# compilation holds a little of each story it sums up.
_MIN_SHARE = 0.5
# Normalised text writes every quotation mark as '"'; a quotation is what lies between
# two of them, at most a long paragraph (an unclosed mark must not pair across a text).
_QUOTED = re.compile(r'"([^"]{8,600})"')


@lru_cache(maxsize=100_000)  # copies of a story repeat their paragraphs
def quotation_grams(key: str) -> frozenset[str]:
    """Runs of ``QUOTE_GRAM`` words inside quotation marks of a normalised paragraph.

    >>> sorted(quotation_grams(line_key('Er sagte: „Wir werden jetzt nicht nachgeben.“ Dann ging er.')))
    ['werden jetzt nicht nachgeben', 'wir werden jetzt nicht']
    >>> quotation_grams(line_key("Kein Zitat in diesem Satz."))
    frozenset()
    """
    found: set[str] = set()
    for quoted in _QUOTED.findall(key):
        words = tokens(quoted)
        found.update(" ".join(words[i : i + QUOTE_GRAM]) for i in range(len(words) - QUOTE_GRAM + 1))
    return frozenset(found)


def quotations(document: Document) -> frozenset[str]:
    """The quoted word runs of a document's content paragraphs (kept in its cache)."""
    found = document.cache.get("quotations")
    if found is None:
        runs: set[str] = set()
        for paragraph in document.content:
            runs.update(quotation_grams(line_key(paragraph.span.text)))
        found = document.cache["quotations"] = frozenset(runs)
    return found


def shares_quotations(a: Document, b: Document) -> bool:
    """True when the two quote the same words: a shared quotation of six words or more,
    holding at least half of the quoted word runs of the text that quotes less."""
    qa, qb = quotations(a), quotations(b)
    if min(len(qa), len(qb)) < _MIN_SHARED:
        return False
    shared = len(qa & qb)
    return shared >= _MIN_SHARED and shared >= _MIN_SHARE * min(len(qa), len(qb))
