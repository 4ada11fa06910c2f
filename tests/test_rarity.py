"""Word weights: wordfreq's frequencies, looked up without its tokenizer where that changes nothing."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import iter_wordlist, zipf_frequency

from dedupe.language import DETECTABLE
from dedupe.rarity import MAX_WEIGHT, _zipf, weight


def _reference(word: str, language: str) -> float:
    try:
        return zipf_frequency(word, language)
    except (LookupError, ValueError):
        return 0.0


@pytest.mark.parametrize("language", DETECTABLE)
def test_direct_lookup_equals_wordfreq_across_each_list(language: str) -> None:
    # The most frequent words, then every 97th word down to the rarest buckets.
    words = list(itertools.islice(iter_wordlist(language), 300_000))
    sample = words[:2000] + words[2000::97]
    assert len(sample) > 2000
    for word in sample:
        assert _zipf(word, language) == _reference(word, language), word


@settings(max_examples=300, deadline=None)
@given(
    word=st.text(alphabet="aeinrstuäöüßàçéèñøåæœ'’-.0x", min_size=1, max_size=12),
    language=st.sampled_from(["de", "fr", "en", "sv"]),
)
def test_direct_lookup_equals_wordfreq_on_made_up_words(word: str, language: str) -> None:
    assert _zipf(word, language) == _reference(word, language)


def test_unknown_words_and_languages_get_the_top_weight() -> None:
    assert weight("xqzvbrmpf", "de") == MAX_WEIGHT
    assert weight("wort", "xx") == MAX_WEIGHT


def test_common_words_weigh_less_than_names() -> None:
    assert weight("und", "de") < weight("regierung", "de") < weight("stoltenberg", "de")
    assert weight("the", "en") < weight("government", "en")


@pytest.mark.parametrize(
    ("word", "language"), [("北京", "zh"), ("東京", "ja"), ("정부", "ko"), ("ข่าว", "th")]
)
def test_words_of_languages_whose_wordfreq_tokenizer_is_not_installed_are_weighed(word, language) -> None:
    # wordfreq cuts Chinese with jieba and Japanese and Korean with MeCab, optional
    # extras we do not install: a word of these languages must still get its weight.
    assert 0.0 <= weight(word, language) <= MAX_WEIGHT


def test_a_common_chinese_word_weighs_less_than_a_rare_pair_of_characters() -> None:
    assert weight("北京", "zh") < weight("外交", "zh") < weight("法新", "zh") == MAX_WEIGHT
