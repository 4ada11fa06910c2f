"""Candidate search: MinHash LSH with datasketch's banding; the only module that imports datasketch.

Two views of every document are indexed:

* ``surface``: word shingles of the normalised text, for verbatim and edited copy;
* ``terms``: the document's rarest content terms (stems of names, places, numbers,
  unusual words; ``Document.anchors``), for rewrites that keep the facts but change
  every sentence.

LSH only proposes; :mod:`dedupe.verify` decides. The bands are datasketch's
(``MinHashLSH``'s choice of bands and rows for a threshold, the same collisions), the
tables our own (:class:`BandTable`): the live index holds them for weeks, and
datasketch's dict of sets per band cost 9.5 KiB per article. One lock guards the
tables, because the service indexes from several threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from datasketch import MinHashLSH

from .config import Config
from .document import Document
from .errors import SignatureMismatchError
from .postings import Postings, Slots
from .sketch import Sketcher

__all__ = ["UNDATED", "BandTable", "CandidateIndex", "Signatures", "check_params", "sorted_unique"]

VIEWS = ("surface", "terms")


class Signatures(dict[str, np.ndarray]):
    """A document's MinHash signatures, one per view (uint64 arrays)."""


def check_params(stored: dict, config: Config) -> None:
    """Refuse signatures made with other sketch parameters than ``config`` uses."""
    expected = config.sketch_params()
    differing = {k: (stored.get(k), v) for k, v in expected.items() if stored.get(k) != v}
    if differing:
        detail = ", ".join(f"{k}: stored {s!r}, configured {c!r}" for k, (s, c) in sorted(differing.items()))
        raise SignatureMismatchError(
            f"stored signatures were made with other sketch parameters ({detail}). "
            "Re-sketch the stored articles (rebuild the store) or run with the stored parameters."
        )


#: datasketch's weights of false positives and false negatives for the terms view's bands.
#: A rewrite the terms view misses is lost for good (no other view finds it), while a
#: false candidate costs one cheap check (dedupe.verify.may_link). At even weights the
#: 0.08 threshold gets 19 one-row bands: a true rewrite pair of our probes and seeds
#: (anchor Jaccard 0.05 and up, median 0.27) is missed at 2.0 %; 28 bands (0.3 / 0.7) miss
#: 0.65 % for 34 % more candidates, at the same batch time (docs/performance.md).
TERMS_WEIGHTS = (0.3, 0.7)


class BandTable:
    """One view's LSH: datasketch's banding, our compact tables.

    The bands and rows per band are datasketch's own choice for the threshold and
    ``weights`` (``MinHashLSH(threshold, num_perm, weights).b`` and ``.r``), and two
    signatures collide in a band exactly when datasketch's would: a band's values are
    folded into one 64-bit key (a collision of different values has odds of about one in
    2**64 per pair). Only the storage differs: :class:`~dedupe.postings.Postings` at 12
    bytes an entry instead of a Python set per bucket (about 200 bytes), 0.77 against
    9.3 KiB per article for both views (``python -m bench.run live_memory``).
    """

    def __init__(self, threshold: float, num_perm: int, weights: tuple[float, float] = (0.5, 0.5)):
        reference = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
        self.bands, self.rows = reference.b, reference.r
        self.postings = Postings()
        self._last: tuple[np.ndarray, np.ndarray] | None = None

    def keys(self, signatures: np.ndarray, *, remember: bool = True) -> np.ndarray:
        """Band keys of one signature (``num_perm``) or many (``n x num_perm``): ``... x bands``.

        The last signature's keys are remembered (a query, then the add of the same
        article); ``remember=False`` for bulk arrays, which must not stay referenced.
        """
        last = self._last
        if last is not None and last[0] is signatures:
            return last[1]
        keys = self._keys(signatures)
        if remember:
            self._last = (signatures, keys)
        return keys

    def _keys(self, signatures: np.ndarray) -> np.ndarray:
        values = np.asarray(signatures, dtype=np.uint64)
        bands = values[..., : self.bands * self.rows].reshape(*values.shape[:-1], self.bands, self.rows)
        with np.errstate(over="ignore"):
            key = (np.arange(1, self.bands + 1, dtype=np.uint64) * _GOLDEN) + np.zeros(
                bands.shape[:-1], dtype=np.uint64
            )
            for row in range(self.rows):
                key = (key ^ bands[..., row]) * _MIX
                key ^= key >> np.uint64(31)
        return key

    def pairs(
        self, keys: np.ndarray, *, times: np.ndarray | None = None, max_apart: int | None = None
    ) -> np.ndarray:
        """Rows of ``keys`` (``n x bands``, from :meth:`keys`) that share a bucket in any band.

        Returns the pairs as sorted unique codes ``i * n + j`` with ``i < j``: exactly the
        pairs that adding the rows one by one, each queried first, would find.

        With ``times`` (integer per row, :data:`UNDATED` for none) and ``max_apart``, a
        pair of dated rows further apart than ``max_apart`` is left out. Members of a
        bucket are ordered by time, so each row pairs with a contiguous stretch of it and
        a common key (the terms view's one-row bands) costs the pairs inside the window,
        not the square of its bucket.
        """
        n = len(keys)
        found = _Codes()
        for band in range(keys.shape[1]):
            for left, right in _bucket_pairs(keys[:, band], times, max_apart):
                found.add(np.minimum(left, right) * n + np.maximum(left, right))
        return found.result()


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)

#: ``times`` value of an undated row: within every window.
UNDATED = np.iinfo(np.int64).min
# Pairs materialised at once: a bucket of k rows holds k * (k - 1) / 2 of them.
_PAIR_CHUNK = 1 << 21


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by one sort: numpy 2.4's goes through a hash table first, 18x
    slower on pair codes (1.3 M random codes: 1.35 s against 0.07 s).

    >>> sorted_unique(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


class _Codes:
    """Pair codes gathered over bands and chunks, deduplicated as they pile up."""

    def __init__(self) -> None:
        self._merged = np.empty(0, dtype=np.int64)
        self._parts: list[np.ndarray] = []
        self._pending = 0

    def add(self, codes: np.ndarray) -> None:
        self._parts.append(codes)
        self._pending += len(codes)
        # Unique codes stay few (a pair recurs in many bands); raw ones must not pile up.
        if self._pending > max(_PAIR_CHUNK, len(self._merged)):
            self._merge()

    def _merge(self) -> None:
        if self._parts:
            self._merged = sorted_unique(np.concatenate([self._merged, *self._parts]))
            self._parts, self._pending = [], 0

    def result(self) -> np.ndarray:
        self._merge()
        return self._merged


def _bucket_pairs(
    column: np.ndarray, times: np.ndarray | None, max_apart: int | None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Row pairs of one band that share a key, in chunks of about ``_PAIR_CHUNK``.

    Every sorted position ``p`` pairs with the sorted positions ``lo[p]:hi[p]``: the
    rest of its bucket, or under a window only the dated ones up to ``max_apart`` after
    it; an undated row (last in its bucket) pairs with all of its bucket before it.
    """
    windowed = times is not None and max_apart is not None
    if windowed:
        undated = times == UNDATED
        order = np.lexsort((times, undated, column))  # undated last in their bucket
    else:
        order = np.argsort(column, kind="stable")
    ordered = column[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.append(starts, len(ordered)))
    bucket = np.repeat(np.arange(len(starts)), sizes)
    shared = sizes[bucket] > 1
    if not shared.any():
        return
    start, end = starts[bucket], starts[bucket] + sizes[bucket]
    positions = np.arange(len(ordered))
    lo, hi = positions + 1, end
    if windowed:
        lo, hi = _window(bucket, times[order], undated[order], max_apart, positions, start, end)
    counts = np.where(shared, hi - lo, 0)
    todo = np.flatnonzero(counts)
    if not len(todo):
        return
    totals = np.cumsum(counts[todo])
    cut = np.searchsorted(totals, np.arange(_PAIR_CHUNK, totals[-1], _PAIR_CHUNK), side="right")
    for part in np.split(todo, cut):
        if not len(part):
            continue
        each = counts[part]
        left = np.repeat(part, each)
        first = np.cumsum(each) - each
        right = np.arange(len(left)) - np.repeat(first - lo[part], each)
        yield order[left], order[right]


def _window(
    bucket: np.ndarray,
    times: np.ndarray,
    undated: np.ndarray,
    max_apart: int,
    positions: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``lo, hi`` of sorted positions under the time window (see :func:`_bucket_pairs`).

    A dated row's partners run up to the first of its bucket later than its time plus
    ``max_apart``; found by one binary search over (bucket, rank of time), which is
    sorted because buckets are sorted by time with the undated after the dated.
    """
    distinct = sorted_unique(times[~undated])
    if len(distinct):  # a window wider than the times' span cuts nothing (and must not overflow)
        max_apart = min(max_apart, int(distinct[-1]) - int(distinct[0]))
    top = len(distinct) + 1  # rank of an undated row: after every bound
    rank = np.where(undated, top, np.searchsorted(distinct, times))
    composite = bucket * (top + 1) + rank
    reach = np.searchsorted(distinct, times + np.int64(max_apart), side="right")
    hi = np.minimum(np.searchsorted(composite, bucket * (top + 1) + reach, side="left"), end)
    hi = np.where(undated, positions, hi)
    lo = np.where(undated, start, positions + 1)
    return lo, hi


class CandidateIndex:
    """The LSH of both views (surface and rare terms) behind one lock."""

    def __init__(self, config: Config):
        self.config = config
        self._sketcher = Sketcher(num_perm=config.num_perm, seed=config.seed)
        self._tables = {
            "surface": BandTable(config.lsh_threshold_surface, config.num_perm),
            "terms": BandTable(config.lsh_threshold_terms, config.num_perm, TERMS_WEIGHTS),
        }
        self._lock = threading.RLock()
        self._slots = Slots()

    def sketch(self, documents: list[Document]) -> list[Signatures]:
        """Signatures of both views for many documents at once (the fast batched path)."""
        surface = self._sketcher.signatures_of_hashes([d.shingles for d in documents])
        terms = self._sketcher.signatures([d.anchors for d in documents])
        return [Signatures(surface=s, terms=t) for s, t in zip(surface, terms, strict=True)]

    def add(self, key: str, signatures: Signatures) -> None:
        with self._lock:
            slot = self._slots.new(key)  # an earlier entry under the key dies
            for view in VIEWS:
                table = self._tables[view]
                table.postings.add(table.keys(signatures[view]), slot, alive=self._slots.alive)

    def add_many(self, items: Iterable[tuple[str, Signatures]], chunk: int = 8192) -> None:
        """Add many signatures at once (a restart): band keys in bulk, one sort per view."""
        with self._lock:
            batch: list[tuple[str, Signatures]] = []
            for item in items:
                batch.append(item)
                if len(batch) == chunk:
                    self._add_chunk(batch)
                    batch = []
            if batch:
                self._add_chunk(batch)

    def _add_chunk(self, batch: list[tuple[str, Signatures]]) -> None:
        slots = np.array([self._slots.new(key) for key, _ in batch], dtype=np.int32)
        for view in VIEWS:
            table = self._tables[view]
            keys = table.keys(np.stack([signatures[view] for _, signatures in batch]), remember=False)
            table.postings.extend(keys.ravel(), np.repeat(slots, table.bands), alive=self._slots.alive)

    def colliding_pairs(
        self,
        signatures: Sequence[Signatures],
        *,
        times: np.ndarray | None = None,
        max_apart: int | None = None,
        chunk: int = 8192,
    ) -> dict[str, np.ndarray]:
        """Pairs among ``signatures`` that collide, per view, without indexing them.

        What adding them one by one, each queried first, would find (the batch's
        candidates), from one sort per band instead of a lookup and an insert per
        document. Pairs are codes ``i * n + j`` (``i < j``, positions in
        ``signatures``), sorted. With ``times`` and ``max_apart``
        (:meth:`BandTable.pairs`), terms pairs further apart are left out: only a
        rewrite collides in the terms view alone, and rewrites are time-local, while a
        copy may come back any time. The index's own entries are not involved.
        """
        found = {}
        for view in VIEWS:
            table = self._tables[view]
            keys = np.empty((len(signatures), table.bands), dtype=np.uint64)
            for start in range(0, len(signatures), chunk):
                part = [s[view] for s in signatures[start : start + chunk]]
                keys[start : start + len(part)] = table.keys(np.stack(part), remember=False)
            windowed = view == "terms"
            found[view] = table.pairs(
                keys, times=times if windowed else None, max_apart=max_apart if windowed else None
            )
        return found

    def remove(self, key: str) -> None:
        with self._lock:
            self._slots.kill(key)

    def query(self, signatures: Signatures) -> set[str]:
        """Keys whose signatures collide with these in either view."""
        surface, terms = self.query_views(signatures)
        return surface | terms

    def query_views(self, signatures: Signatures) -> tuple[set[str], set[str]]:
        """Keys colliding in the surface view, and in the rare-terms view."""
        with self._lock:
            found = []
            for view in VIEWS:
                table = self._tables[view]
                slots = np.unique(table.postings.lookup_many(table.keys(signatures[view])))
                found.append(set(self._slots.live_ids(slots)))
        return found[0], found[1]

    def compact(self) -> None:
        """Merge recent entries into the tables and drop those of removed keys (also done as they fill)."""
        with self._lock:
            for table in self._tables.values():
                table.postings.merge(self._slots.alive)

    @property
    def nbytes(self) -> int:
        """Bytes of the merged band tables of both views."""
        return sum(table.postings.nbytes for table in self._tables.values())

    def __contains__(self, key: object) -> bool:
        return key in self._slots

    def __len__(self) -> int:
        return len(self._slots)

    def keys(self) -> Iterable[str]:
        return self._slots.ids()
