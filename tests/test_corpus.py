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


_STORIES = {
    "storm": [
        "An ice storm left more than 300,000 homes without power across the Ohio Valley on Wednesday, "
        "utilities said, as freezing rain brought down trees and power lines from Cincinnati to Louisville.",
        "Crews from six states were on their way to help restore service, which could take until the weekend "
        "in the hardest-hit rural counties, Duke Energy spokeswoman Carla Brandt said.",
        "The National Weather Service warned of a second round of freezing rain on Thursday night.",
    ],
    "deal": [
        "Norvane Logistics said on Wednesday it had agreed to buy rival Castell Freight Holdings for about "
        "$4.2 billion including debt, creating one of the largest trucking groups in North America.",
        "Norvane will pay $38.50 per Castell share in cash, a premium of 27% to Tuesday's closing price, "
        "and expects yearly savings of $180 million by the end of 2027.",
        "The deal needs the approval of regulators and of Castell's shareholders.",
    ],
    "temple": [
        "Archaeologists in northern Peru have uncovered a 3,000-year-old temple decorated with painted "
        "murals of birds and felines, the culture ministry said on Wednesday.",
        "The temple, found under a sugar cane field near Chiclayo, predates the Moche civilisation by about "
        "a thousand years, excavation leader Rosa Quispe told reporters.",
        "The site will be closed to visitors while the murals are protected.",
    ],
}
_TEMPLATE = [
    "Wire stories on this page are supplied by our news agency partners and checked by the night desk "
    "before publication.",
    "Associated Press and Reuters wire services",
    "Get the Lakeside Courier Daily: the county's news, sport and weather in one free email every morning.",
    "What do you think? Tell us in the comments below and follow the Courier for the latest updates.",
]


def test_template_lines_one_outlet_runs_under_several_stories_are_furniture_in_each() -> None:
    import dedupe

    articles = []
    for name, paragraphs in _STORIES.items():
        others = [s[0] for other, s in _STORIES.items() if other != name]  # the teaser box
        articles.append(Article(id=f"wire-{name}", text="\n\n".join(paragraphs), provider="AP"))
        articles.append(Article(id=f"post-{name}", text="\n\n".join(paragraphs[:2]), outlet="Valley Post"))
        page = [*paragraphs, "Most read", *others, *_TEMPLATE]
        articles.append(Article(id=f"courier-{name}", text="\n\n".join(page), outlet="Lakeside Courier"))
    result = dedupe.cluster(articles)
    stories = sorted(sorted(m["article_id"] for m in c["members"]) for c in result["clusters"])
    assert stories == [
        sorted(f"{kind}-{name}" for kind in ("wire", "post", "courier")) for name in sorted(_STORIES)
    ]
    # On each Courier page the teasers of the other stories and the template are furniture
    # (the corpus rule alone kept them: every two Courier pages share a third of their text);
    # nothing of the wire's text is, in any version.
    for c in result["clusters"]:
        for member in c["members"]:
            name = member["article_id"].split("-", 1)[1]
            furniture = set(_TEMPLATE) | {s[0] for other, s in _STORIES.items() if other != name}
            for p in member["paragraphs"]:
                line = member["text"][p["start"] : p["end"]]
                if line in _STORIES[name]:
                    assert p["status"] != "boilerplate", (member["article_id"], line)
                elif member["article_id"].startswith("courier-") and line in furniture:
                    assert p["status"] == "boilerplate", (member["article_id"], line)
