"""How much a word says: information content from a maintained frequency list.

Shared rare words (names, places, numbers, unusual terms) are evidence that two
texts come from one source; shared common words are not. The weights come from
wordfreq's frequency lists for the language, so they do not depend on what else
happens to be in a batch (batch TF-IDF would give the same pair different scores
in different runs).
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

__all__ = ["MAX_WEIGHT", "weight"]

#: Zipf 8 is about one in ten words; a word's weight is how far below that it is.
_ZIPF_TOP = 8.0
#: Words wordfreq has never seen (most names, compounds) get the top weight.
MAX_WEIGHT = 7.0
_YEAR = re.compile(r"(1[89]|20)\d\d")


@lru_cache(maxsize=500_000)
def weight(word: str, language: str = "de") -> float:
    """Information content of a normalised word, 0 (very common) to ``MAX_WEIGHT``.

    >>> weight("die") < weight("soldaten") < weight("yonhap")
    True
    >>> weight("12000") > weight("2024") > weight("8")
    True
    """
    if word[:1].isdigit():
        digits = word.replace(".", "").replace(",", "")
        if _YEAR.fullmatch(digits):
            return 3.0
        # Small numbers recur in every text (dates, counts); long ones identify facts.
        return min(MAX_WEIGHT, 1.0 + 1.2 * len(digits))
    try:
        zipf = zipf_frequency(word, language)
    except (LookupError, ValueError):
        zipf = 0.0
    if zipf <= 0.0:
        return MAX_WEIGHT
    return max(0.0, min(MAX_WEIGHT, _ZIPF_TOP - zipf))
