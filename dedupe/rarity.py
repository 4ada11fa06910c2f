"""How much a word says: information content from a maintained frequency list.

Shared rare words (names, places, numbers, unusual terms) are evidence that two
texts come from one source; shared common words are not. The weights come from
wordfreq's frequency lists for the language, so they do not depend on what else
happens to be in a batch (batch TF-IDF would give the same pair different scores
in different runs).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from wordfreq import get_frequency_dict, zipf_frequency

from .normalise import UNSPACED

__all__ = ["MAX_WEIGHT", "weight"]

#: Zipf 8 is about one in ten words; a word's weight is how far below that it is.
_ZIPF_TOP = 8.0
#: Words wordfreq has never seen (most names, compounds) get the top weight.
MAX_WEIGHT = 7.0
_YEAR = re.compile(r"(1[89]|20)\d\d")
# Words that wordfreq's tokenizer and case folding leave as they are: lower-case
# Latin-1 letters, the alphabets of every language detection picks (ß aside, which
# wordfreq folds to "ss"). For them its frequency is the list's own entry, and
# ``zipf_frequency``'s tokenizing costs 18 us a word: a nightly batch starts cold
# and meets some 30,000 new words per 3,000 articles.
_PLAIN_WORD = re.compile(r"[a-z\u00e0-\u00f6\u00f8-\u00ff]+")


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
    zipf = _zipf(word, language)
    if zipf <= 0.0:
        return MAX_WEIGHT
    return max(0.0, min(MAX_WEIGHT, _ZIPF_TOP - zipf))


def _zipf(word: str, language: str) -> float:
    """``wordfreq.zipf_frequency(word, language)``, 0.0 for an unknown word or language."""
    try:
        # A pair of Chinese or Japanese characters (dedupe.normalise.tokens) is looked up
        # as it is: wordfreq would cut it up again with a tokenizer it lacks here.
        if _PLAIN_WORD.fullmatch(word) or UNSPACED.fullmatch(word):
            return _listed(word, language)
        try:
            return zipf_frequency(word, language)
        except ImportError:
            # Korean and Japanese words go through MeCab, Chinese through jieba: optional
            # extras of wordfreq, not installed. The list's own entry is the same figure
            # for a word the list holds as it is.
            return _listed(word, language)
    except (LookupError, ValueError):
        return 0.0


def _listed(word: str, language: str) -> float:
    freq = get_frequency_dict(language).get(word)
    return 0.0 if freq is None else _zipf_of(freq)


@lru_cache(maxsize=4096)
def _zipf_of(freq: float) -> float:
    # wordfreq's own rounding, expression for expression (word_frequency rounds to
    # three significant digits, zipf_frequency to hundredths), so the values are equal.
    rounded = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(rounded, 10) + 9, 2)
