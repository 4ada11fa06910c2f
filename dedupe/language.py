"""Which language a text is in, for texts whose record does not say.

Stems, stop words and word rarity are per language: German weights on an English
text make "the" and "said" look like rare facts, and same-topic English articles
would then share "evidence". A declared language (the record's ``language``, a
NewsML ``xml:lang``, an HTML ``lang``) always wins; this module only fills the gap.

The method is the classic one for running text: the share of a text's words that
are among the 100 most frequent words of each language, from wordfreq's lists (the
same maintained lists :mod:`dedupe.rarity` weighs words with, so nothing here is
fitted to our data). Function words make up 40 to 50 % of running text in the
languages below, and few of them are shared between languages; a text is assigned
a language only when that language clearly leads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from wordfreq import get_frequency_list, top_n_list

from .normalise import normalise, tokens

__all__ = ["AUTO", "DETECTABLE", "detect_language", "language_tag", "resolve_language"]

#: The value that asks for detection (config, CLI, API and record fields).
AUTO = "auto"
#: Languages detection chooses among: the ones with a Snowball stemmer, stop words
#: and a wordfreq list, so that a detected language is also fully supported.
DETECTABLE = (
    "de", "en", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "fi",
    "pl", "cs", "ro", "hu", "tr", "ru", "el",
)  # fmt: skip
# Not Catalan: its function words are Spanish's and French's, and it made both run level.
#: Fallback when a text is too short or too mixed to tell.
DEFAULT_LANGUAGE = "de"

_TOP_WORDS = 100
# Enough running text to decide on (about 300 words, 120 or more function words),
# without reading a whole long article: 4,000 characters decided the same on 3,134
# texts (background, seeds, scaled suite, invented texts in seven languages).
_SAMPLE_CHARS = 2000
# A decision needs this many function words of the leading language ...
_MIN_HITS = 5
# ... and this lead over the runner-up (German and Dutch share "in", "die"/"de"), or
# else a fallback that is not among the close contenders.
_MIN_LEAD = 1.5


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    out = {}
    for language in DETECTABLE:
        words = {w for word in top_n_list(language, _TOP_WORDS) for w in tokens(normalise(word))}
        out[language] = frozenset(words)
    # top_n_list reads each language's whole list, and wordfreq keeps every list it read:
    # about 250 MiB for these 1,100 words. The lists that word weights need are kept
    # apart (wordfreq's frequency dicts) and load again on their own.
    get_frequency_list.cache_clear()
    return out


@lru_cache(maxsize=1)
def _languages_of_word() -> dict[str, tuple[str, ...]]:
    """Function word -> the languages it is one of (most words of a text are none)."""
    index: dict[str, list[str]] = {}
    for language, words in _function_words().items():
        for word in words:
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def _scores(words: Iterable[str]) -> dict[str, int]:
    languages_of = _languages_of_word()
    scores = dict.fromkeys(DETECTABLE, 0)
    for word in words:
        for language in languages_of.get(word, ()):
            scores[language] += 1
    return scores


# Scripts that narrow the language down where DETECTABLE's function words cannot, each
# with the languages written in it that wordfreq has lists for (the first: the one to
# take when their function words do not decide). Kana is Japanese, which writes Han
# characters too; Han without kana is Chinese.
_SCRIPTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"[\u3040-\u30ff]"), ("ja",)),
    (re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"), ("ko",)),
    (re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
    (re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), ("zh",)),
    (re.compile(r"[\u0400-\u04ff]"), ("ru", "uk", "bg", "mk")),
    (re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"), ("ar", "fa", "ur")),
    (re.compile(r"[\u0590-\u05ff]"), ("he",)),
    (re.compile(r"[\u0900-\u097f]"), ("hi",)),
    (re.compile(r"[\u0980-\u09ff]"), ("bn",)),
    (re.compile(r"[\u0b80-\u0bff]"), ("ta",)),
)
_ANY_SCRIPT = re.compile("|".join(pattern.pattern for pattern, _ in _SCRIPTS))


def _by_script(sample: str) -> tuple[str, ...] | None:
    """The languages of the script most of the letters are in, if it is one of ``_SCRIPTS``.

    >>> _by_script("北京（法新社）中国外交部周二表示"), _by_script("東京（ロイター）日本政府は火曜日")
    (('zh',), ('ja',))
    >>> _by_script("Xi Jinping (习近平) traf am Montag Olaf Scholz in Peking.") is None, _by_script("3:2") is None
    (True, True)
    """
    if _ANY_SCRIPT.search(sample) is None:  # Latin and Greek text: one scan, and done
        return None
    counts = [len(pattern.findall(sample)) for pattern, _ in _SCRIPTS]
    if 2 * sum(counts) < sum(c.isalpha() for c in sample):
        return None  # a name or a quotation in another script inside running text
    if counts[0]:
        return _SCRIPTS[0][1]
    return _SCRIPTS[max(range(len(counts)), key=counts.__getitem__)][1]


@lru_cache(maxsize=16)
def _function_words_of(language: str) -> frozenset[str]:
    words = frozenset(w for word in top_n_list(language, _TOP_WORDS) for w in tokens(normalise(word)))
    get_frequency_list.cache_clear()  # as in _function_words: keep no whole list for 100 words
    return words


def _among(words: list[str], candidates: tuple[str, ...]) -> str:
    """The candidate whose function words the text holds most of (the first on a tie)."""
    if len(candidates) == 1:
        return candidates[0]
    counts = {language: sum(w in _function_words_of(language) for w in words) for language in candidates}
    return max(candidates, key=lambda language: counts[language])


def detect_language(text: str, *, fallback: str | None = None) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when it cannot tell.

    When close relatives run level (Portuguese and Spanish, Swedish and Danish), the
    leader is still a far better guess than a ``fallback`` that is not among them: a
    Portuguese text weighed with German word rarities loses its facts. Only when the
    fallback itself runs level is the text left undecided (None).

    >>> detect_language("Die Regierung hat am Montag angekündigt, dass sie die Steuern senken will.")
    'de'
    >>> detect_language("The government said on Monday that it would cut taxes for the first time.")
    'en'
    >>> detect_language("Le gouvernement a annoncé lundi qu'il allait baisser les impôts pour la première fois.")
    'fr'
    >>> detect_language("NHL: 3:2") is None
    True
    >>> detect_language("北京（法新社）中国外交部周二表示，中美两国将于下周举行会谈。")
    'zh'
    >>> detect_language("O governo disse que a proposta de lei para o setor da energia será votada em breve "
    ...                 "e que as empresas do país terão de pagar mais pela eletricidade.", fallback="de")
    'pt'
    """
    candidates = _by_script(text[:_SAMPLE_CHARS])
    if candidates is not None and len(candidates) == 1:
        return candidates[0]
    # Elided articles ("l'an", "dell'anno") are function words of their own here.
    words = tokens(normalise(text[:_SAMPLE_CHARS]).replace("'", " "))
    if candidates is not None:
        # A text in Cyrillic or Arabic script is in one of its languages even when
        # short: a German guess would weigh every word of it as a rare fact.
        return _among(words, candidates)
    ranked = sorted(_scores(words).items(), key=lambda item: -item[1])
    best, hits = ranked[0]
    if hits < _MIN_HITS:
        return None
    level = {language for language, n in ranked if hits < _MIN_LEAD * n}  # the leader among them
    if len(level) == 1 or (fallback is not None and fallback not in level):
        return best
    return None


def language_tag(value: str | None) -> str | None:
    """The ISO 639-1 code of a declared language tag (``de-DE``, ``EN``, ``pt_BR``);
    None when nothing is declared (empty or ``auto``).

    A CMS declares ``de-DE`` where a wire says ``de``: both must weigh words alike.

    >>> language_tag("de-DE"), language_tag(" EN "), language_tag("pt_BR"), language_tag("auto")
    ('de', 'en', 'pt', None)
    """
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return None if not code or code == AUTO else code


def resolve_language(declared: str | None, text: str, *, default: str = DEFAULT_LANGUAGE) -> str:
    """The language to process a text in: the declared one, else detected, else ``default``.

    >>> resolve_language("en", "Die Regierung hat am Montag angekündigt, dass sie sparen will.")
    'en'
    >>> resolve_language("auto", "Die Regierung hat am Montag angekündigt, dass sie die Steuern senken will.")
    'de'
    >>> resolve_language(None, "kurz", default="fr")
    'fr'
    """
    if declared and declared != AUTO:
        return declared
    return detect_language(text, fallback=default) or default
