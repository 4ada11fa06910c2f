"""How many values each pair of small sets shares, for many sets at once, at numpy speed.

Provenance compares every sentence of a cluster with every sentence of the other
members by the word trigrams they share. Common trigrams ("sagte er am") make most
sentences of a cluster share one, so counting pair by pair in Python took over 100 ms
for a three-member cluster of long texts. Here all (value, set) entries are sorted by
value, the sets holding one value are paired off within their group, and equal pairs
are counted, all in a few numpy calls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ngram_hashes", "shared_counts"]

#: Up to this many pairs of sets, the pairs are counted in a table (one bincount);
#: beyond, they are sorted (np.unique), which needs no memory per possible pair.
DENSE_PAIRS = 1 << 22


def ngram_hashes(words: Sequence[str], size: int) -> np.ndarray:
    """The distinct word ``size``-grams of ``words`` (``words`` itself when shorter) as
    hash values: 8 bytes an n-gram instead of a string.

    Hashes of word tuples are valid inside one process (and its forks), which is all
    that ever compares them.

    >>> a = ngram_hashes("der kanzler sagte am montag".split(), 3)
    >>> b = ngram_hashes("der kanzler sagte es".split(), 3)
    >>> len(a), len(b), len(set(a.tolist()) & set(b.tolist()))
    (3, 2, 1)
    """
    if len(words) < size:
        return np.array([hash(tuple(words))] if words else [], dtype=np.int64)
    distinct = set(map(hash, zip(*(words[k:] for k in range(size)), strict=False)))
    return np.fromiter(distinct, dtype=np.int64, count=len(distinct))


def shared_counts(
    sets: Sequence[np.ndarray], groups: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every ordered pair (i, j) of sets of different groups that share a value: i, j
    and how many values they share.

    Args:
        sets: Integer arrays of distinct values, one per set.
        groups: The group of every set; pairs within one group are not counted.

    Returns:
        Arrays i, j, count (int64), ordered by i, then j.

    >>> i, j, n = shared_counts([np.array([1, 2, 3]), np.array([2, 3]), np.array([3, 9])], np.array([0, 1, 1]))
    >>> list(zip(i.tolist(), j.tolist(), n.tolist()))
    [(0, 1, 2), (0, 2, 1), (1, 0, 2), (2, 0, 1)]
    """
    empty = np.empty(0, dtype=np.int64)
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    if not sizes.sum():
        return empty, empty, empty
    values = np.concatenate(list(sets))
    order = np.argsort(values, kind="stable")
    i, j = _pairs_within_groups(values[order], np.repeat(np.arange(len(sets)), sizes)[order], groups)
    if not len(i):
        return empty, empty, empty
    n = len(sets)
    codes = i * n + j
    if n * n <= DENSE_PAIRS:  # counting into a table is cheaper than sorting the pairs
        table = np.bincount(codes, minlength=n * n)
        pair = np.flatnonzero(table)
        count = table[pair]
    else:
        pair, count = np.unique(codes, return_counts=True)
    return pair // n, pair % n, count


def _pairs_within_groups(
    values: np.ndarray, holders: np.ndarray, groups: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair (i, j) of holders of one value (values sorted), i and j of
    different groups, once per value they share.

    >>> values = np.array([1, 1, 2, 5, 5, 5])
    >>> i, j = _pairs_within_groups(values, np.array([0, 2, 1, 0, 1, 2]), np.array([0, 1, 1]))
    >>> sorted(zip(i.tolist(), j.tolist()))
    [(0, 1), (0, 2), (0, 2), (1, 0), (2, 0), (2, 0)]
    """
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    sizes = np.diff(np.append(starts, len(values)))
    shared = sizes >= 2
    starts, sizes = starts[shared], sizes[shared]
    if not len(starts):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    # Each entry of a shared run, then each entry paired with every entry of its run.
    run_start = np.repeat(starts, sizes)
    run_size = np.repeat(sizes, sizes)
    entry = run_start + _ranks(sizes)
    left = np.repeat(entry, run_size)
    right = np.repeat(run_start, run_size) + _ranks(run_size)
    i, j = holders[left], holders[right]
    keep = groups[i] != groups[j]
    return i[keep], j[keep]


def _ranks(sizes: np.ndarray) -> np.ndarray:
    """0 .. n-1 for every n in ``sizes``, laid end to end.

    >>> _ranks(np.array([2, 3])).tolist()
    [0, 1, 0, 1, 2]
    """
    ends = np.cumsum(sizes)
    return np.arange(ends[-1]) - np.repeat(ends - sizes, sizes)
