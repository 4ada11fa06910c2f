"""The synthetic suite with real cluster structure, scaled to any number of articles.

:func:`dedupe.suites.shared_suite` builds about 6.5 articles per wire story (the wire,
3 to 6 derived versions, real follow-ups) plus unrelated negatives, from the data in
``../shared`` (publishers' text: built in memory, never written into the repository or
the results). One suite of ``BASE_STORIES`` stories gives about 1,900 articles; larger
corpora are made of *replicas* of it:

* replica 0 is the suite itself;
* replica ``r`` has new ids (``<id>~r<r>``), new gold clusters, ``published_at`` moved
  ``r * REPLICA_DAYS`` days later (the suite spans about 11 days, so replicas never
  share a time window), and its words renamed by a bijection of the vocabulary that is
  fixed for the replica: each word (case-insensitively, keeping the case of each
  occurrence) is swapped with another word of the same kind (mostly capitalised or
  mostly lower-case; rare or not by the engine's word weights) and about the same
  frequency in the suite. Numbers and the
  paragraphs the engine marks as page furniture by their patterns are kept.

Inside a replica the renaming is one-to-one, so two versions of a story share exactly
the shingles, rare terms and numbers they shared in the suite: clusters keep their
structure (nearly: a compound joined by a version, "Kartell-Beteiligung" against
"Kartellbeteiligung", is renamed as two words in one and one word in the other).
Across replicas the texts share almost no shingle (a 5-gram recurs only if all five
words map to themselves), and rare terms and numbers only by chance, as unrelated
stories do; without the renaming, verbatim copies would link across replicas despite the time
window and every story would grow with the corpus, which no real feed does. The word
salad inside a sentence does not matter to the engine's cost: it sees the same number
of words, shingles, terms and the same word frequencies.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from dedupe.article import Article, article_from_mapping
from dedupe.boilerplate import furniture_mask
from dedupe.document import RARE_WEIGHT
from dedupe.rarity import weight
from dedupe.segment import paragraphs
from dedupe.suites import find_shared, shared_suite

BASE_STORIES = 300
REPLICA_DAYS = 14
_BUCKET = 64  # words swapped only within a run of this many frequency ranks
# A word as the engine's normaliser sees it: soft hyphens and joiners inside, and
# hyphenated compounds ("Kartell-Beteiligung") whole, since the normaliser joins them.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TOKEN = re.compile(rf"([^\W\d_](?:[\w{_INVISIBLE}]|-(?=[^\W\d_]))*)")
_STRIP = str.maketrans("", "", _INVISIBLE + "-")


@lru_cache(maxsize=1)
def base_records() -> tuple[dict[str, Any], ...]:
    """The article records of one synthetic suite (``BASE_STORIES`` stories), cached per process."""
    shared = find_shared()
    if shared is None:
        raise SystemExit("the benchmark needs ../shared beside the repository (or $WIRE_DEDUPE_SHARED).")
    records = shared_suite(shared, stories=BASE_STORIES)
    # The suite lists stories first and negatives last; shuffle whole gold clusters so
    # that any prefix (a corpus smaller than the suite, the last replica) has the
    # suite's mix of stories, negatives, digests and tables.
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        if r["type"] == "article":
            groups.setdefault(r["gold_cluster"], []).append(r)
    order = sorted(groups)
    random.Random(BASE_STORIES).shuffle(order)
    return tuple(r for key in order for r in groups[key])


@lru_cache(maxsize=1)
def _ranked_vocabulary() -> dict[tuple[bool, bool], list[str]]:
    # Keyed by lower case: the engine normalises case, and a version that starts a
    # sentence with a word its wire had mid-sentence must still match it.
    counts: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for rec in base_records():
        for word in _TOKEN.findall(rec["text"]):
            if any(c.isdigit() for c in word):
                continue  # numbers stay: "1.500" and "1500" must keep agreeing inside a replica
            key = word.translate(_STRIP).lower()
            counts[key] += 1
            capitalised[key] += word[0].isupper()
    ranked: dict[tuple[bool, bool], list[str]] = {}
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        # Rare words (by the engine's weights, which do not depend on the corpus) swap
        # only with rare words: otherwise a common word shared by unrelated stories
        # would become a shared "fact" and the rewrite view would propose them.
        kind = (capitalised[word] * 2 > n, weight(word, "de") >= RARE_WEIGHT)
        ranked.setdefault(kind, []).append(word)
    return ranked


def renaming(replica: int) -> dict[str, str]:
    """The vocabulary bijection of one replica (identity for replica 0)."""
    if replica == 0:
        return {}
    rng = random.Random(10_007 * replica)
    mapping: dict[str, str] = {}
    for words in _ranked_vocabulary().values():
        for start in range(0, len(words), _BUCKET):
            bucket = words[start : start + _BUCKET]
            shuffled = bucket[:]
            rng.shuffle(shuffled)
            mapping.update(zip(bucket, shuffled, strict=True))
    return mapping


def _swap(word: str, mapping: dict[str, str]) -> str:
    new = mapping.get(word.translate(_STRIP).lower())
    if new is None:
        return word
    if word.isupper() and len(word) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if word[0].isupper() else new


def _rename_words(text: str, mapping: dict[str, str]) -> str:
    parts = _TOKEN.split(text)  # odd positions are words
    parts[1::2] = [_swap(w, mapping) for w in parts[1::2]]
    return "".join(parts)


def _rename(text: str, mapping: dict[str, str]) -> str:
    # Page furniture ("Das könnte Sie auch interessieren", credits, dates) is kept as it
    # is, so that the engine still recognises it by its patterns.
    spans = paragraphs(text)
    out, at = [], 0
    for span, furniture in zip(spans, furniture_mask([s.text for s in spans]), strict=True):
        out.append(text[at : span.start])
        out.append(span.text if furniture else _rename_words(span.text, mapping))
        at = span.end
    out.append(text[at:])
    return "".join(out)


def scaled_records(count: int) -> list[dict[str, Any]]:
    """``count`` article records: whole replicas of the suite, the last one cut short
    (its clusters in a fixed random order, so a prefix is a fair sample of the suite)."""
    base = base_records()
    out: list[dict[str, Any]] = []
    replica = 0
    while len(out) < count:
        mapping = renaming(replica)
        shift = timedelta(days=REPLICA_DAYS * replica)
        for rec in base[: count - len(out)]:
            if replica == 0:
                out.append(dict(rec))
                continue
            new = dict(rec)
            new["id"] = f"{rec['id']}~r{replica}"
            new["gold_cluster"] = f"{rec['gold_cluster']}~r{replica}"
            new["text"] = _rename(rec["text"], mapping)
            new["published_at"] = (datetime.fromisoformat(rec["published_at"]) + shift).isoformat()
            out.append(new)
        replica += 1
    return out


def scaled_articles(count: int) -> tuple[list[Article], list[str]]:
    """``count`` articles and, in the same order, their gold story clusters."""
    records = scaled_records(count)
    return [article_from_mapping(r, source="bench") for r in records], [r["gold_cluster"] for r in records]
