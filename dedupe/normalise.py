"""Text normalisation for matching (never for display: offsets point into the original).

Outlets copy wire text with their own typography: other quote styles, thousands
written 1.500, 1 500 or 1500, non-breaking spaces, soft hyphens, "Ukraine-Krieg"
or "Ukrainekrieg". Matching has to see through all of that, so every comparison
works on :func:`normalise` output.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from stop_words import get_stop_words

__all__ = ["UNSPACED", "content_terms", "normalise", "stem", "stop_words", "tokens", "words_as_written"]

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\u3000]")
_QUOTES = str.maketrans(
    {
        "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‟": '"', "〝": '"', "〞": '"',
        "‹": "'", "›": "'", "‚": "'", "‘": "'", "’": "'", "‛": "'", "`": "'", "´": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    }
)  # fmt: skip
# Most sentences hold none of these; finding that out is ten times cheaper than translating.
_QUOTE_CHARS = re.compile("[" + "".join(map(chr, _QUOTES)) + "]")
# A thousands separator sits between a digit and exactly three digits that are not
# followed by another digit (1.500, 12 000, 1,500, 1'500); 1,28 and 3.14 stay.
# (The patterns start with the separator and look behind from there: the regex engine
# then skips ahead to candidate characters instead of trying every position.)
_THOUSANDS = re.compile(r"[.,' ](?<=\d[.,' ])(?=\d{3}(?!\d))")
# Hyphens inside words join compounds: Ukraine-Krieg and Ukrainekrieg are one word.
_COMPOUND_HYPHEN = re.compile(r"-(?<=[^\W\d_]-)(?=[^\W\d_])")
# A run of blanks becomes one space; a run that already is one space is left alone
# (same result as replacing every run, without a replacement at every word).
_WHITESPACE = re.compile(r"[\t\r\f\v][ \t\r\f\v]*| [ \t\r\f\v]+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?|\d+", re.UNICODE)


def _combining_marks() -> str:
    """The combining marks of the Basic Multilingual Plane (Unicode Mn and Mc) as the
    inside of a regex class: Devanagari's and Tamil's vowel signs, Thai's tone marks.
    Python's ``re`` counts them as ``\\W``, which cut "मंत्रालय" into "म", "त", "र", "लय"."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)


@lru_cache(maxsize=1)
def _mark_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Any combining mark; tokens with their marks; words as written with theirs. Made on
    first use: reading Unicode's categories takes milliseconds that ``dedupe --help`` need not wait."""
    marks = _combining_marks()
    letter = rf"(?:[^\W\d_]|[{marks}])"
    with_marks = rf"\d+(?:[.,]\d+)*|[^\W\d_]{letter}*(?:'[^\W\d_]{letter}*)?|\d+"
    return re.compile(f"[{marks}]"), re.compile(with_marks), re.compile(rf"(?:\w|[{marks}])+")


def words_as_written(text: str) -> list[re.Match[str]]:
    """The words of a text as written (letters, digits and the marks that belong to them),
    for marking changed words at their place in the text (:mod:`dedupe.provenance`).

    >>> [m.group() for m in words_as_written("Kim sagte: „मंत्रालय“.")]
    ['Kim', 'sagte', 'मंत्रालय']
    """
    return list(_mark_patterns()[2].finditer(text))


#: Letters of scripts written without blanks between words: Thai, Japanese kana, Chinese
#: (Han) characters. Korean puts blanks between its words and is not among them.
UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Every language dedupe.language can detect has its Snowball stemmer here, where Snowball has one.
_STEMMER_NAMES = {
    "de": "german",
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "sv": "swedish",
    "da": "danish",
    "nb": "norwegian",
    "no": "norwegian",
    "fi": "finnish",
    "pl": "polish",
    "cs": "czech",
    "ro": "romanian",
    "hu": "hungarian",
    "tr": "turkish",
    "ru": "russian",
    "el": "greek",
    "ca": "catalan",
    # Languages told by their script (dedupe.language) or declared by a record.
    "ar": "arabic",
    "fa": "persian",
    "hi": "hindi",
    "ta": "tamil",
    "id": "indonesian",
    "lt": "lithuanian",
    "et": "estonian",
    "eu": "basque",
    "ga": "irish",
    "hy": "armenian",
    "sr": "serbian",
    "ne": "nepali",
}


def normalise(text: str) -> str:
    """Fold the typographic variation outlets add to wire copy.

    >>> normalise("„Ukraine-Krieg“: 1.500 Soldaten")
    '"ukrainekrieg": 1500 soldaten'
    >>> normalise("«Ukrainekrieg»  12\u00a0000 Sol\u00addaten") == normalise('"Ukraine-Krieg" 12.000 Soldaten')
    True
    >>> normalise("1,28 Millionen")
    '1,28 millionen'
    >>> normalise("Zug &amp; Bahn: &bdquo;Wir fahren&ldquo;, 1.500&nbsp;Euro") == normalise("Zug & Bahn: „Wir fahren“, 1.500 Euro")
    True
    """
    while "&" in text and _ENTITY.search(text):
        # A CMS's plain-text export keeps HTML's character references ("&nbsp;", "&#8222;"),
        # some escaped twice ("&amp;nbsp;"): read until nothing changes, so that normalising
        # again changes nothing ("&foo;" is no reference and stays).
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    if _QUOTE_CHARS.search(text):
        text = text.translate(_QUOTES)
    text = text.casefold()
    text = _THOUSANDS.sub("", text)
    text = _COMPOUND_HYPHEN.sub("", text)
    return _WHITESPACE.sub(" ", text)


def tokens(text: str) -> list[str]:
    """Words and numbers of an already normalised text.

    Chinese, Japanese and Thai put no blanks between words, so a run of their letters
    would be one "word" a clause long, which no copy with one character changed shares.
    Such a run becomes its overlapping pairs of characters, as search engines index
    these scripts (Lucene's CJK bigrams): an edit changes two of them, and the pairs
    that are words ("北京") get their own frequency.

    >>> tokens(normalise("Rutte warnte am 21. Oktober vor 12.000 Soldaten."))
    ['rutte', 'warnte', 'am', '21', 'oktober', 'vor', '12000', 'soldaten']
    >>> tokens(normalise("北京（法新社）外交部表示"))
    ['北京', '法新', '新社', '外交', '交部', '部表', '表示']
    >>> tokens(normalise("विदेश मंत्रालय ने कहा"))
    ['विदेश', 'मंत्रालय', 'ने', 'कहा']
    """
    # Text in Latin script, normalised, holds no combining mark: the plain pattern serves.
    any_mark, with_marks, _ = _mark_patterns()
    found = (_TOKEN if any_mark.search(text) is None else with_marks).findall(text)
    if not UNSPACED.search(text):
        return found
    out: list[str] = []
    for token in found:
        at = 0
        for run in UNSPACED.finditer(token):
            if run.start() > at:
                out.append(token[at : run.start()])
            letters = run.group()
            out.extend(letters[i : i + 2] for i in range(max(1, len(letters) - 1)))
            at = run.end()
        if at < len(token):
            out.append(token[at:])
    return out


@lru_cache(maxsize=16)
def stop_words(language: str) -> frozenset[str]:
    """Stop words of a language from the stop-words package, normalised like the text."""
    try:
        words = get_stop_words(language)
    except Exception:  # the package raises its own error type for unknown languages
        words = []
    return frozenset(normalise(w) for w in words)


# snowballstemmer's stemmers keep the word being stemmed in the object, so one
# shared instance corrupts stems (or raises) when threads stem at once: one per thread.
_PER_THREAD = threading.local()


def _stemmer(language: str) -> snowballstemmer.Stemmer | None:
    stemmers = _PER_THREAD.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        name = _STEMMER_NAMES.get(language)
        stemmers[language] = snowballstemmer.stemmer(name) if name else None
    return stemmers[language]


@lru_cache(maxsize=1_000_000)
def stem(word: str, language: str) -> str:
    """Snowball stem of a normalised word; numbers and unknown languages pass through.

    Cached: a news vocabulary repeats, and the pure-Python stemmer is the costliest
    step of preparing a text.

    >>> stem("soldaten", "de") == stem("soldat", "de")
    True
    """
    if word[:1].isdigit():
        return word
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer else word


def content_terms(words: list[str], language: str) -> list[str]:
    """Stemmed content words of a token list: stop words and one-letter words dropped.

    >>> content_terms(tokens(normalise("Die Soldaten sollen an die Front")), "de")
    ['soldat', 'front']
    """
    stops = stop_words(language)
    return [stem(w, language) for w in words if w not in stops and (len(w) > 1 or w.isdigit())]
