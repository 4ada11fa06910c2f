"""A batch's documents: the same whether one process prepares them or a worker helps."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import dedupe.corpus as corpus
from dedupe.article import Article
from dedupe.config import Config
from dedupe.corpus import prepare_corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "engine"
MASTHEAD = "Testpost Digital – Hamburgs Stimme seit 1949"


def _batch() -> list[Article]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    # Each text as three outlets' pages with one masthead: a line that recurs across
    # unrelated articles (furniture), and copies of every paragraph, side by side as a
    # feed delivers them: the worker's share starts with texts this process never saw.
    return [
        Article(id=f"{n}-{outlet}", text=f"{MASTHEAD}\n\n{text}", outlet=outlet)
        for n, text in enumerate(texts)
        for outlet in ("a", "b", "c")
    ]


def _state(docs) -> list:
    return [(d, list(d.terms), sorted(d.cache.items(), key=repr)) for d in docs]


def _helped(articles: list[Article]) -> tuple[list, list[int]]:
    """prepare_corpus with a worker on the small fixture batch, and the shares it unpacked."""
    unpacked: list[int] = []
    real = corpus.unpack_share

    def spy(*args, **kwargs):
        unpacked.append(len(args[0]))
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpus, "PARALLEL_FROM", 10)  # the fixture batch is small
        patch.setattr(corpus, "unpack_share", spy)
        docs = prepare_corpus(articles, Config(), workers=2)
    return docs, unpacked


def test_a_helping_worker_gives_the_documents_one_process_gives() -> None:
    articles = _batch()
    alone = prepare_corpus(articles, Config(), workers=1)
    # map_shares forks only from a process without other threads (a thread holding a lock
    # at the fork would hang the worker); a test before this one may have left one, so the
    # worker runs in a fresh interpreter, as it would in the batch command.
    if threading.active_count() > 1:
        code = "import pickle, sys, tests.test_corpus as t; sys.stdout.buffer.write(pickle.dumps(t._helped(t._batch())))"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT)
        helped, unpacked = pickle.loads(done.stdout)
    else:
        helped, unpacked = _helped(articles)
    assert unpacked and 0 < unpacked[0] < len(articles)  # a worker prepared a share
    assert _state(helped) == _state(alone)
    masthead = [p for d in helped for p in d.paragraphs if p.span.text == MASTHEAD]
    assert len(masthead) == len(articles) and all(p.furniture for p in masthead)


def test_small_batches_and_one_process_stay_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("no worker below PARALLEL_FROM or with workers=1")

    monkeypatch.setattr(corpus, "unpack_share", fail)
    articles = _batch()
    assert len(articles) < corpus.PARALLEL_FROM
    assert prepare_corpus(articles, Config(), workers=2) == prepare_corpus(articles, Config(), workers=1)
