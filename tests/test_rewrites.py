"""Facts found again in another member: stretches, rewrite matches, confirmed sentences."""

from __future__ import annotations

import random

import pytest

from dedupe.rewrites import (
    WINDOW,
    Confirmations,
    MemberSentences,
    SentenceFeatures,
    Stretches,
    rewrite_matches,
)


@pytest.mark.parametrize("sentences", [0, 1, 2, 3, 4, 9])
def test_stretches_holding_a_fact_are_those_whose_sentences_hold_it(sentences: int) -> None:
    rng = random.Random(sentences)
    facts = [{t: 3.0 for t in rng.sample("abcdef", rng.randint(0, 3))} for _ in range(sentences)]
    sents = [SentenceFeatures(n, 10 * n, 10 * n + 9, 1.0, None, f, 5) for n, f in enumerate(facts)]
    stretches = Stretches([100 + n for n in range(sentences)], MemberSentences(sents))
    # Every stretch written out, numbered by size and then by first sentence.
    written = [(i, facts[i : i + size]) for size in range(1, WINDOW + 1) for i in range(sentences - size + 1)]
    for term in "abcdefz":
        expected = {n for n, (_, held) in enumerate(written) if any(term in f for f in held)}
        assert stretches.holding(term) == expected
    assert [stretches.span(n) for n in range(len(written))] == [
        range(i, i + len(held)) for i, held in written
    ]


def _sentence(n: int, facts: dict[str, float]) -> SentenceFeatures:
    return SentenceFeatures(n, 10 * n, 10 * n + 9, sum(facts.values()), None, facts, 5)


def test_a_rewrite_is_found_in_a_stretch_that_holds_most_of_the_facts() -> None:
    wire = [
        _sentence(0, {"rutte": 5.0, "nato": 3.0}),
        _sentence(1, {"1500": 5.0, "soldat": 3.0, "kursk": 6.0}),
    ]
    other = [_sentence(0, {"wetter": 3.0}), _sentence(1, {"wind": 3.0, "sturm": 4.0, "kiel": 5.0})]
    stretches = {0: Stretches([0, 1], MemberSentences(wire)), 1: Stretches([0, 1], MemberSentences(other))}
    facts = {"rutte": 5.0, "1500": 5.0, "soldat": 3.0, "kursk": 6.0, "eigen": 3.0}
    # Member 2 asks: the wire's stretch of both sentences holds 19 of 22 fact weight in four
    # facts, 14 of them in the second sentence: that sentence's paragraph is the counterpart.
    assert rewrite_matches(facts, stretches, 2) == [(0, 1, pytest.approx(19 / 22))]
    # Two shared facts are a topic word or two, not a rewrite.
    assert rewrite_matches({"rutte": 5.0, "kursk": 6.0}, stretches, 2) == []
    # A member never matches itself.
    assert rewrite_matches(facts, stretches, 0) == []


def test_a_sentence_is_confirmed_only_through_a_shared_anchor() -> None:
    wire = [_sentence(0, {"kursk": 6.0, "1500": 5.0, "soldat": 3.0, "verleg": 3.0})]
    ticker = [_sentence(0, {"kursk": 6.0, "1500": 5.0, "soldat": 3.0, "update": 3.0})]
    topic = [_sentence(0, {"soldat": 3.0, "verleg": 3.0, "russland": 3.0, "nordkorea": 4.0})]
    confirmations = Confirmations([wire, ticker, topic])
    # 14 of the ticker sentence's 17 fact weight in three facts, anchors among them.
    assert confirmations.of(1, ticker[0]) == [(0, 0, pytest.approx(14 / 17))]
    # Topic words alone (no anchor: weight under 4.5) confirm nothing.
    assert confirmations.of(2, topic[0]) == []
