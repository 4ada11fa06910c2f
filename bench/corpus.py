"""Synthetic news corpus for benchmarks, built at run time from sentences of real articles.

The sentences come from the 10kGNAD background articles in ``../shared`` (publishers'
text: read there, never copied into the repository). Articles are built by sampling
whole sentences, so they read like news, share sentences the way wire copies do and
have realistic word and shingle lengths.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
GNAD = SHARED / "data" / "10kgnad-background" / "docs.jsonl"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def load_sentences(path: Path = GNAD) -> list[str]:
    """Sentences of at least four words from a JSON-lines file of ``{"text": ...}`` articles."""
    if not path.exists():
        raise SystemExit(f"benchmark corpus source {path} is missing: put shared/ beside the repository.")
    sentences = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            sentences.extend(s for s in _SENTENCE_END.split(text) if len(s.split()) >= 4)
    return sentences


def synthetic_articles(count: int, words: int = 500, seed: int = 7) -> list[str]:
    """``count`` articles of about ``words`` words, each a random run of sampled sentences."""
    sentences = load_sentences()
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        parts: list[str] = []
        n = 0
        while n < words:
            s = rng.choice(sentences)
            parts.append(s)
            n += len(s.split())
        articles.append(" ".join(parts))
    return articles


def word_shingles(text: str, k: int = 5) -> set[str]:
    """Word k-grams joined by one space (the benchmark's shingling, kept out of the timings)."""
    w = text.split()
    return {" ".join(w[i : i + k]) for i in range(len(w) - k + 1)}
