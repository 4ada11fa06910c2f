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

__all__ = [
    "class_pairs",
    "closest_in_other_groups",
    "copy_classes",
    "ngram_hashes",
    "run_ranks",
    "shared_counts",
]

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
    # Sorted, so that copies of one sentence give equal arrays (copy_classes).
    return np.sort(np.fromiter(distinct, dtype=np.int64, count=len(distinct)))


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


def copy_classes(sets: Sequence[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The class of every set, equal sets (values in the same order) sharing one, and
    one set of each class.

    A cluster with 300 copies of one text holds every sentence 300 times; counting
    each distinct sentence once keeps the work from growing with the square of the
    copies (:func:`class_pairs`).

    >>> klass, distinct = copy_classes([np.array([1, 2]), np.array([3]), np.array([1, 2])])
    >>> klass.tolist(), [d.tolist() for d in distinct]
    ([0, 1, 0], [[1, 2], [3]])
    """
    class_of: dict[bytes, int] = {}
    distinct: list[np.ndarray] = []
    klass = np.empty(len(sets), dtype=np.int64)
    for n, values in enumerate(sets):
        c = class_of.setdefault(values.tobytes(), len(distinct))
        if c == len(distinct):
            distinct.append(values)
        klass[n] = c
    return klass, distinct


def class_pairs(
    distinct: Sequence[np.ndarray], *, min_share: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ordered pairs (i, j) of distinct sets, each set with itself included, that share
    at least ``min_share`` of set i's values; with the count shared.

    >>> i, j, n = class_pairs([np.array([1, 2, 3]), np.array([2, 3]), np.array([9])], min_share=0.6)
    >>> sorted(zip(i.tolist(), j.tolist(), n.tolist()))
    [(0, 0, 3), (0, 1, 2), (1, 0, 2), (1, 1, 2), (2, 2, 1)]
    """
    i, j, count = shared_counts(distinct, np.arange(len(distinct)))
    size = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
    every = np.flatnonzero(size)  # a set shares all its values with itself (and its copies)
    i, j, count = np.concatenate((i, every)), np.concatenate((j, every)), np.concatenate((count, size[every]))
    keep = count / size[i] >= min_share
    return i[keep], j[keep], count[keep]


def closest_in_other_groups(
    sets: Sequence[np.ndarray], groups: np.ndarray, *, min_share: float, most: int
) -> list[list[tuple[int, int]]]:
    """For every set, ``(j, count)`` of its closest set in each other group, for the
    ``most`` closest groups, in group order.

    A set j is a candidate for set i when they share at least ``min_share`` of i's
    values; per group the one sharing most wins, then the first. Of more than ``most``
    groups the closest are kept (most shared, then the lowest group). Copies are counted
    once (:func:`copy_classes`), so the work grows with the distinct sets, not with the
    square of the copies.

    >>> sets = [np.array([1, 2, 3]), np.array([1, 2, 3]), np.array([2, 3]), np.array([3, 4])]
    >>> closest_in_other_groups(sets, np.array([0, 1, 1, 2]), min_share=0.5, most=5)
    [[(1, 3)], [(0, 3)], [(0, 2), (3, 1)], [(0, 1), (1, 1)]]
    """
    klass, distinct = copy_classes(sets)
    ci, cj, count = class_pairs(distinct, min_share=min_share)
    found: list[list[tuple[int, int]]] = [[] for _ in sets]
    if not len(ci):
        return found
    # Every copy of class cj is a candidate for class ci; per (class, group) the best.
    in_class = np.argsort(klass, kind="stable")
    copies = np.bincount(klass, minlength=len(distinct))
    row = np.repeat(np.arange(len(ci)), copies[cj])
    c, j, n = ci[row], in_class[(np.cumsum(copies) - copies)[cj][row] + run_ranks(copies[cj])], count[row]
    order = np.lexsort((j, -n, groups[j], c))
    c, j, n = c[order], j[order], n[order]
    best = np.ones(len(c), dtype=bool)
    best[1:] = (c[1:] != c[:-1]) | (groups[j[1:]] != groups[j[:-1]])
    c, j, n = c[best], j[best], n[best]
    # The closest first; a set drops its own group, so one more than it keeps.
    order = np.lexsort((groups[j], -n, c))
    c, j, n = c[order], j[order], n[order]
    starts = np.flatnonzero(np.concatenate(([True], c[1:] != c[:-1])))
    keep = run_ranks(np.diff(np.append(starts, len(c)))) <= most
    c, j, n = c[keep], j[keep], n[keep]
    bounds = np.searchsorted(c, np.arange(len(distinct) + 1)).tolist()
    j_of, n_of, group_of = j.tolist(), n.tolist(), groups[j].tolist()
    for i, (k, group) in enumerate(zip(klass.tolist(), groups.tolist(), strict=True)):
        chosen = [x for x in range(bounds[k], bounds[k + 1]) if group_of[x] != group][:most]
        found[i] = [(j_of[x], n_of[x]) for x in sorted(chosen, key=group_of.__getitem__)]
    return found


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
    entry = run_start + run_ranks(sizes)
    left = np.repeat(entry, run_size)
    right = np.repeat(run_start, run_size) + run_ranks(run_size)
    i, j = holders[left], holders[right]
    keep = groups[i] != groups[j]
    return i[keep], j[keep]


def run_ranks(sizes: np.ndarray) -> np.ndarray:
    """0 .. n-1 for every n in ``sizes``, laid end to end.

    >>> run_ranks(np.array([2, 3])).tolist()
    [0, 1, 0, 1, 2]
    """
    if not len(sizes):
        return np.empty(0, dtype=np.int64)
    ends = np.cumsum(sizes)
    return np.arange(ends[-1]) - np.repeat(ends - sizes, sizes)
