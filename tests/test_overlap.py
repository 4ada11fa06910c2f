"""Shared counts must equal counting every pair of sets in Python."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe import overlap
from dedupe.document import shingles
from dedupe.overlap import ngram_hashes, shared_counts

SETS = st.lists(st.tuples(st.sets(st.integers(-5, 12), max_size=8), st.integers(0, 3)), max_size=12)


@pytest.mark.parametrize("dense", [True, False], ids=["table", "sorted-pairs"])
@settings(max_examples=150, deadline=None)
@given(sets=SETS)
def test_shared_counts_equal_counting_pair_by_pair(sets, dense) -> None:
    arrays = [np.array(sorted(values), dtype=np.int64) for values, _ in sets]
    groups = np.array([group for _, group in sets], dtype=np.int64)
    expected = [
        (i, j, len(a & b))
        for i, (a, ga) in enumerate(sets)
        for j, (b, gb) in enumerate(sets)
        if ga != gb and a & b
    ]
    saved = overlap.DENSE_PAIRS
    overlap.DENSE_PAIRS = saved if dense else 0
    try:
        i, j, count = shared_counts(arrays, groups)
    finally:
        overlap.DENSE_PAIRS = saved
    assert list(zip(i.tolist(), j.tolist(), count.tolist(), strict=True)) == expected


@given(words=st.lists(st.sampled_from(["a", "b", "c", "der", "die"]), max_size=12), size=st.integers(1, 5))
def test_ngram_hashes_are_one_value_per_distinct_ngram(words, size) -> None:
    # shingles() is the string form the documents use; the hashes must count the same.
    assert len(ngram_hashes(words, size)) == len(shingles(words, size))
    assert len(set(ngram_hashes(words, size).tolist())) == len(ngram_hashes(words, size))
