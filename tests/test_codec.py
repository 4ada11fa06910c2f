"""Documents packed in a worker and unpacked by the batch: equal to those prepared here, as lean."""

from __future__ import annotations

import pickle
from pathlib import Path

from dedupe.article import Article
from dedupe.codec import Packer, unpack_share
from dedupe.document import ParagraphCache, line_keys, prepare

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"


def _articles() -> list[Article]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))}
    # Copies: the same paragraphs at other offsets, and twice in one share.
    texts["de_wire_copy"] = "Vorspann einer Website.\n\n" + texts["de_wire"]
    texts["de_wire_again"] = texts["de_wire"]
    return [Article(id=k, text=v) for k, v in texts.items()]


def _prepared(articles: list[Article], cache: ParagraphCache) -> tuple[list, list]:
    docs = [prepare(a, paragraph_cache=cache, with_shingles=False) for a in articles]
    return docs, [line_keys(d) for d in docs]


def test_unpacked_documents_and_line_keys_equal_those_prepared_in_one_process() -> None:
    articles = _articles()
    expected_docs, expected_keys = _prepared(articles, {})
    packer = Packer()
    for doc, keys in zip(*_prepared(articles, {}), strict=True):
        packer.add(doc, keys)
    packed = pickle.loads(pickle.dumps(packer.packed()))  # as it crosses the pipe
    docs, keys = unpack_share(articles, packed, {}, {})
    assert docs == expected_docs and keys == expected_keys
    for got, want in zip(docs, expected_docs, strict=True):
        # Dict order too: sums over terms run in it, so floats come out the same.
        assert list(got.terms) == list(want.terms)
        assert [list(p.terms) for p in got.paragraphs] == [list(p.terms) for p in want.paragraphs]


def test_a_repeated_paragraph_is_packed_once_and_shares_the_parent_s_objects() -> None:
    articles = _articles()
    first = [a for a in articles if a.id == "de_wire"]
    rest = [a for a in articles if a.id != "de_wire"]
    cache: ParagraphCache = {}
    parent_docs, _ = _prepared(first, cache)  # what the parent prepared itself
    packer = Packer()
    for doc, keys in zip(*_prepared(rest, {}), strict=True):
        packer.add(doc, keys)
    short = sum(1 for doc in packer.packed()[1] for p in doc if p[4] is None)
    assert short >= len(parent_docs[0].paragraphs)  # de_wire_again: every paragraph by offsets alone
    docs, _ = unpack_share(rest, packer.packed(), cache, {})
    by_id = {d.id: d for d in docs}
    wire = [p for p in by_id["de_wire_again"].paragraphs if p.sentences]
    copy = [p for p in by_id["de_wire_copy"].paragraphs if p.sentences]
    # The same sentence objects as the first copy's (the copy's only shifted): one in memory.
    assert wire[0].sentences[0].words is copy[-len(wire)].sentences[0].words
    assert wire[0].terms is copy[-len(wire)].terms
    # And the parent's own copy's: the batch holds each repeated paragraph once.
    parent = [p for p in parent_docs[0].paragraphs if p.sentences]
    assert wire[0].sentences[0].words is parent[0].sentences[0].words
