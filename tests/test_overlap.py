"""Shared counts must equal counting every pair of sets in Python."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe import overlap
from dedupe.document import shingles
from dedupe.overlap import class_pairs, copy_classes, ngram_hashes, shared_counts

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


# Few distinct sets, many copies of each: what copy_classes and class_pairs are for.
COPIES = st.lists(st.sampled_from([(), (1,), (1, 2, 3), (2, 3), (3, 4, 5, 6), (1, 2, 3, 9)]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(sets=COPIES, min_share=st.sampled_from([0.0, 0.45, 0.85, 1.0]))
def test_class_pairs_count_what_every_pair_of_copies_shares(sets, min_share) -> None:
    arrays = [np.array(values, dtype=np.int64) for values in sets]
    klass, distinct = copy_classes(arrays)
    assert [d.tolist() for d in distinct] == [list(v) for v in dict.fromkeys(sets)]
    assert all(distinct[k].tolist() == list(v) for k, v in zip(klass.tolist(), sets, strict=True))
    shared = {
        (int(klass[a]), int(klass[b])): len(set(sets[a]) & set(sets[b]))
        for a in range(len(sets))
        for b in range(len(sets))
    }
    expected = {(a, b, n) for (a, b), n in shared.items() if n and n >= min_share * len(distinct[a])}
    i, j, count = class_pairs(distinct, min_share=min_share)
    found = list(zip(i.tolist(), j.tolist(), count.tolist(), strict=True))
    assert len(found) == len(set(found)) and set(found) == expected
