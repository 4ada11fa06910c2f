"""A compact multimap from 64-bit keys to small integers, for indexes that live for weeks.

The live index keeps, for every article, a few dozen LSH band keys and the hashes of
its lines. Held in Python dicts of sets (datasketch's ``MinHashLSH``) that costs about
200 bytes an entry, 9.5 KiB an article; here an entry is 12 bytes in two sorted numpy
arrays (key, value), found by binary search. New entries wait in a small dict; when it
fills they are merged into a second, smaller pair of sorted arrays (the recent level),
and only when that level reaches an eighth of the main arrays is it merged into them
(the two levels of a log-structured merge). A merge copies the arrays it merges into,
so merging every ``fresh_limit`` entries straight into the main arrays cost a copy of
millions of entries each time: with 32 keys an article, at 1M articles an add cost
415 µs on average and one stalled 545 ms; with the recent level 42 µs and 78 ms
(lookups pay 12-21 µs more for the second level).

Values are never taken out one by one: the owner marks them dead (an article removed or
indexed again under a new value) and says which are alive at the next merge, which drops
the dead ones. Lookups filter them out on the way.

Example:
    >>> import numpy as np
    >>> postings = Postings(fresh_limit=4)
    >>> postings.add([10, 20], 0)
    >>> postings.add([20, 30], 1)
    >>> postings.add([20], 2)  # the fifth entry: merged into the arrays
    >>> postings.lookup(20).tolist(), postings.lookup(99).tolist()
    ([0, 1, 2], [])
    >>> sorted(set(postings.lookup_many(np.array([10, 30], dtype=np.uint64)).tolist()))
    [0, 1]
    >>> postings.present(np.array([30, 31], dtype=np.uint64)).tolist()
    [True, False]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

__all__ = ["Postings", "Slots", "as_keys"]

KEY = np.uint64
VALUE = np.int32
_EMPTY_VALUES = np.empty(0, dtype=VALUE)
_MASK = 0xFFFFFFFFFFFFFFFF


def as_keys(keys: Iterable[int] | np.ndarray) -> np.ndarray:
    """64-bit keys as ``uint64`` (signed hashes are taken modulo 2**64).

    >>> as_keys([-1, 5]).tolist()
    [18446744073709551615, 5]
    """
    if isinstance(keys, np.ndarray):
        return keys.astype(KEY, copy=False) if keys.dtype != np.int64 else keys.view(KEY)
    return np.array([key & _MASK for key in keys], dtype=KEY)


class Postings:
    """Key -> values, values in the order they were added (a merge keeps that order)."""

    __slots__ = ("_keys", "_values", "_recent_keys", "_recent_values", "_fresh", "_fresh_size", "fresh_limit")

    def __init__(self, fresh_limit: int = 1 << 14):
        if fresh_limit < 1:
            raise ValueError(f"fresh_limit must be at least 1, got {fresh_limit}")
        self.fresh_limit = fresh_limit
        self._keys = self._recent_keys = np.empty(0, dtype=KEY)
        self._values = self._recent_values = _EMPTY_VALUES
        self._fresh: dict[int, list[int]] = {}
        self._fresh_size = 0

    def __len__(self) -> int:
        """Entries held, dead ones included until the next merge."""
        return len(self._keys) + len(self._recent_keys) + self._fresh_size

    @property
    def nbytes(self) -> int:
        """Bytes of the merged arrays (the fresh dict is bounded by ``fresh_limit``)."""
        return self._keys.nbytes + self._values.nbytes + self._recent_keys.nbytes + self._recent_values.nbytes

    def add(self, keys: Iterable[int] | np.ndarray, value: int, alive: Callable | None = None) -> None:
        """File ``value`` under every key in ``keys``; ``alive`` is passed to a merge this triggers."""
        fresh = self._fresh
        plain = as_keys(keys).tolist()
        for key in plain:
            held = fresh.get(key)
            if held is None:
                fresh[key] = [value]
            else:
                held.append(value)
        self._fresh_size += len(plain)
        if self._fresh_size >= self.fresh_limit:
            self._spill(alive)

    def merge(self, alive: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        """Fold every entry into the main arrays; keep only values ``alive(values)`` says are alive."""
        self._spill(alive, everything=True)

    def _spill(self, alive: Callable[[np.ndarray], np.ndarray] | None, *, everything: bool = False) -> None:
        """Fresh entries into the recent level, and that level into the main arrays when it
        has grown to an eighth of them (or ``everything``)."""
        if self._fresh:
            counts = [len(v) for v in self._fresh.values()]
            keys = np.repeat(np.fromiter(self._fresh.keys(), dtype=KEY, count=len(counts)), counts)
            values = np.fromiter(
                (v for held in self._fresh.values() for v in held), dtype=VALUE, count=sum(counts)
            )
            self._fresh = {}
            self._fresh_size = 0
            self._recent_keys, self._recent_values = _merged(
                self._recent_keys, self._recent_values, keys, values, alive
            )
        if everything or len(self._recent_keys) > max(4 * self.fresh_limit, len(self._keys) // 8):
            if len(self._recent_keys) or alive is not None:
                self._keys, self._values = _merged(
                    self._keys, self._values, self._recent_keys, self._recent_values, alive
                )
            self._recent_keys, self._recent_values = np.empty(0, dtype=KEY), _EMPTY_VALUES

    def extend(self, keys: np.ndarray, values: np.ndarray, alive: Callable | None = None) -> None:
        """File many entries at once (a restart): one sort, no dict."""
        self.merge()  # the entries held are older
        self._keys, self._values = _merged(
            self._keys, self._values, as_keys(keys), np.asarray(values, dtype=VALUE), alive
        )

    def _levels(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """The sorted levels, oldest first."""
        if len(self._recent_keys):
            return ((self._keys, self._values), (self._recent_keys, self._recent_values))
        return ((self._keys, self._values),)

    def lookup(self, key: int) -> np.ndarray:
        """The values filed under ``key``, oldest first (dead ones included)."""
        ukey = KEY(int(key) & _MASK)
        parts = []
        for keys, values in self._levels():
            lo = int(np.searchsorted(keys, ukey, side="left"))
            if lo < len(keys) and keys[lo] == ukey:
                parts.append(values[lo : int(np.searchsorted(keys, ukey, side="right"))])
        fresh = self._fresh.get(int(ukey))
        if fresh is not None:
            parts.append(np.asarray(fresh, dtype=VALUE))
        if not parts:
            return _EMPTY_VALUES
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    def present(self, keys: np.ndarray) -> np.ndarray:
        """Mask of the ``keys`` that have any value filed (dead ones included), at numpy speed."""
        keys = as_keys(keys)
        found = np.zeros(len(keys), dtype=bool)
        for held, _ in self._levels():
            if len(held) and len(keys):
                at = np.minimum(np.searchsorted(held, keys), len(held) - 1)
                found |= held[at] == keys
        if self._fresh:
            fresh = self._fresh
            found |= np.fromiter((k in fresh for k in keys.tolist()), dtype=bool, count=len(keys))
        return found

    def lookup_many(self, keys: np.ndarray) -> np.ndarray:
        """The values filed under any of ``keys`` (repeats and dead ones included)."""
        keys = as_keys(keys)
        parts = []
        for held, values in self._levels():
            if len(held) and len(keys):
                lo = np.searchsorted(held, keys, side="left")
                hi = np.searchsorted(held, keys, side="right")
                hit = hi > lo
                for a, b in zip(lo[hit].tolist(), hi[hit].tolist(), strict=True):
                    parts.append(values[a:b])
        if self._fresh:
            found = [v for key in keys.tolist() for v in self._fresh.get(key, ())]
            if found:
                parts.append(np.asarray(found, dtype=VALUE))
        if not parts:
            return _EMPTY_VALUES
        return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _merged(
    keys: np.ndarray, values: np.ndarray, new_keys: np.ndarray, new_values: np.ndarray, alive: Callable | None
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted arrays holding both sets of entries (the new after the old under one key),
    without the values ``alive`` says are dead."""
    order = np.argsort(new_keys, kind="stable")  # stable: a key's values stay in the order added
    new_keys, new_values = new_keys[order], new_values[order]
    if alive is not None and len(keys):
        keep = alive(values)
        keys, values = keys[keep], values[keep]
    if alive is not None and len(new_keys):
        keep = alive(new_values)
        new_keys, new_values = new_keys[keep], new_values[keep]
    if not len(keys):
        return new_keys, new_values
    # side="right": new values go after the ones already under the same key.
    at = np.searchsorted(keys, new_keys, side="right")
    return np.insert(keys, at, new_keys), np.insert(values, at, new_values)


class Slots:
    """Small integers for string ids, as :class:`Postings` values.

    An id filed again gets a new slot and its old one dies, so entries filed under the
    old slot stop counting at once, without being searched for.

    >>> slots = Slots()
    >>> slots.new("a"), slots.new("b"), slots.new("a")
    (0, 1, 2)
    >>> slots.alive(np.array([0, 1, 2])).tolist(), slots.id_of(2), len(slots)
    ([False, True, True], 'a', 2)
    """

    __slots__ = ("_slot_of", "_ids", "_alive")

    def __init__(self) -> None:
        self._slot_of: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._alive = np.zeros(1024, dtype=bool)

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, item: object) -> bool:
        return item in self._slot_of

    def ids(self) -> set[str]:
        return set(self._slot_of)

    def slot(self, item: str) -> int | None:
        return self._slot_of.get(item)

    def id_of(self, slot: int) -> str | None:
        return self._ids[slot]

    def new(self, item: str) -> int:
        self.kill(item)
        slot = len(self._ids)
        if slot >= len(self._alive):
            self._alive = np.concatenate([self._alive, np.zeros(len(self._alive), dtype=bool)])
        self._ids.append(item)
        self._alive[slot] = True
        self._slot_of[item] = slot
        return slot

    def kill(self, item: str) -> int | None:
        slot = self._slot_of.pop(item, None)
        if slot is not None:
            self._alive[slot] = False
            self._ids[slot] = None
        return slot

    def alive(self, values: np.ndarray) -> np.ndarray:
        """Mask of the values that are live slots (the ``alive`` of :meth:`Postings.merge`)."""
        return self._alive[values]

    def live_ids(self, values: np.ndarray) -> list[str]:
        """The ids of the live slots among ``values``, in their order (repeats kept)."""
        ids = self._ids
        return [ids[v] for v in values[self._alive[values]].tolist()]  # type: ignore[misc]
