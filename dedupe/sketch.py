"""MinHash signatures, bit-identical to datasketch's, computed many at a time.

:class:`Sketcher` gives, for a set of shingle strings, exactly the hash values that
``datasketch.MinHash(num_perm=N, seed=S)`` holds after ``update(s.encode("utf-8"))``
for every string ``s`` of the set (datasketch 2.x, default scheme ``"affine32"``,
default hash function ``sha1_hash32``). Signatures made here can therefore be put
into a datasketch ``MinHashLSH``, compared with datasketch's Jaccard estimate and
stored beside signatures that datasketch made, without any conversion.

How datasketch computes one value, per permutation ``k`` and shingle ``s``:

1. ``h = little-endian uint32 of the first 4 bytes of sha1(s.encode("utf-8"))``;
2. ``h = fmix32(h)``, the MurmurHash3 finalizer, a fixed bijection on 32 bits;
3. ``p_k = (a_k * h + b_k) mod 2**32`` where ``a_k`` (odd) and ``b_k`` are drawn
   from ``np.random.RandomState(seed)``;
4. the signature is ``min`` of ``p_k`` over the set, or ``2**32 - 1`` for an empty set.

Why this is faster than ``MinHash.bulk`` (which does the same arithmetic): the
strings of a block of documents are encoded with one ``encode`` call, and a compiled
kernel (:mod:`dedupe._minhash_kernel`, numba) runs SHA-1, the mixing and all
permutations per shingle without Python objects, on several cores for large batches.
Without numba, a slower path (``backend="numpy"``) hashes each distinct string once
with hashlib and permutes all shingles of many documents at once in numpy. Both give
the same values. ``python -m bench.run sketch`` measures them against datasketch.

Example:
    >>> sk = Sketcher(num_perm=4, seed=1)
    >>> sig = sk.signature({"der Kanzler sagte am Montag", "sagte am Montag in Berlin"})
    >>> sig.shape, sig.dtype
    ((4,), dtype('uint64'))
    >>> bool((sk.signature([]) == 2**32 - 1).all())
    True
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from operator import methodcaller
from typing import Any

import numpy as np

from ._minhash_kernel import COUNT_COMMON, HASH_KERNEL, KERNEL, PERMUTE_KERNEL
from .errors import ConfigError, InputError
from .shingle_bytes import document_blocks, encode_documents, encode_strings

try:  # CPython's built-in SHA-1 has a cheaper call than OpenSSL's for short inputs.
    from _sha1 import sha1 as _sha1
except ImportError:  # pragma: no cover - interpreters built without it
    from hashlib import sha1 as _sha1

__all__ = [
    "BACKENDS",
    "EMPTY_HASH",
    "SIGNATURE_DTYPE",
    "Sketcher",
    "count_common",
    "shingle_hashes",
    "word_shingle_hashes",
]

#: The value of every permutation for an empty set (datasketch's "empty" MinHash).
EMPTY_HASH = (1 << 32) - 1
#: dtype of the arrays returned. datasketch keeps affine32 values as uint32; the values
#: are equal and ``MinHash(hashvalues=sig, scheme="affine32")`` accepts either width.
SIGNATURE_DTYPE = np.uint64

# Documents are hashed in blocks of about this many shingles (bounds the memory
# of the per-block dictionary of distinct strings) ...
_BLOCK_SHINGLES = 1 << 18
# ... and permuted in chunks of about this many (4 bytes each: fits in L2 cache).
_CHUNK_SHINGLES = 1 << 16
# Blocks are smaller where encoding and hashing overlap: the last block's hashing is
# not overlapped.
_PIPELINE_SHINGLES = 1 << 16
# Below this many shingles a block is not worth splitting across threads.
_MIN_PARALLEL_SHINGLES = 1 << 14
#: ``"numba"``: the compiled kernel (default where numba is installed); ``"numpy"``:
#: hashlib and numpy only, the fallback.
BACKENDS = ("numba", "numpy")
_DIGEST = methodcaller("digest")
_U32 = np.uint32


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch's ``_fmix`` (uint32 wraps around)."""
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


def _sha1_hash32(strings: list[str]) -> np.ndarray:
    """datasketch's ``sha1_hash32(s.encode("utf-8"))`` for every string, as uint32."""
    data, starts, lengths = encode_strings(strings)
    view = memoryview(data)
    digests = b"".join(
        map(
            _DIGEST,
            map(_sha1, (view[s : s + n] for s, n in zip(starts.tolist(), lengths.tolist(), strict=True))),
        )
    )
    # A digest is 20 bytes = 5 uint32 words; datasketch reads the first, little-endian.
    return np.frombuffer(digests, dtype="<u4")[::5].astype(_U32)


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    # np.unique's general machinery costs more than the sort for a few hundred values.
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def shingle_hashes(shingles: Iterable[str]) -> np.ndarray:
    """The distinct ``sha1_hash32`` values of a set of shingles, sorted (uint32).

    All that MinHash sees of a shingle is this value, so :meth:`Sketcher.signatures_of_hashes`
    gives from them the same signatures as :meth:`Sketcher.signatures` from the strings.
    A prepared document keeps these (4 bytes a shingle) instead of a set of strings
    (a set slot and a string object: about 60 bytes a shingle). Two distinct shingles
    of one text share a value with odds of about one in 8,600 for a 500-word text.

    >>> h = shingle_hashes(["a b c", "b c d", "a b c"])
    >>> h.dtype, len(h), bool((h[:-1] < h[1:]).all())
    (dtype('uint32'), 2, True)
    >>> len(shingle_hashes([]))
    0

    Raises:
        InputError: If ``shingles`` is a bare string, or a shingle is not a string or
            cannot be encoded as UTF-8.
    """
    if isinstance(shingles, (str, bytes)):
        raise InputError("shingles must be an iterable of strings, got one string; shingle the text first.")
    strings = shingles if isinstance(shingles, list) else list(shingles)
    if not strings:
        return np.empty(0, dtype=_U32)
    if HASH_KERNEL is None:
        return _sorted_distinct(_sha1_hash32(strings))
    data, starts, lengths = encode_strings(strings)
    out = np.empty(len(strings), dtype=_U32)
    HASH_KERNEL(np.frombuffer(data, dtype=np.uint8), starts, lengths, out)
    return _sorted_distinct(out)


def word_shingle_hashes(words: Sequence[str], size: int) -> np.ndarray:
    """:func:`shingle_hashes` of the word ``size``-grams of ``words``, each shingle being
    its words joined by single spaces (a list shorter than ``size`` is one shingle).

    The shingle strings are never built: in the words joined once by spaces, every
    shingle is a run of bytes from its first word's start to its last word's end, and
    the compiled kernel hashes those runs in place.

    >>> words = "der kanzler sagte am montag in berlin".split()
    >>> grams = {" ".join(words[i : i + 5]) for i in range(3)}
    >>> bool((word_shingle_hashes(words, 5) == shingle_hashes(grams)).all())
    True
    """
    if not words:
        return np.empty(0, dtype=_U32)
    count = 1 if len(words) < size else len(words) - size + 1
    width = min(size, len(words))
    data = " ".join(words).encode("utf-8")
    buf = np.frombuffer(data, dtype=np.uint8)
    spaces = np.flatnonzero(buf == 0x20)
    # Without the kernel, or where a word held a space of its own (no byte runs), hash the strings.
    if HASH_KERNEL is None or len(spaces) != len(words) - 1:
        return shingle_hashes([" ".join(words[i : i + width]) for i in range(count)])
    starts = np.empty(len(words), dtype=np.int64)
    starts[0] = 0
    starts[1:] = spaces + 1
    ends = np.empty(len(words), dtype=np.int64)
    ends[:-1] = spaces
    ends[-1] = len(data)
    first = starts[:count]
    lengths = ends[width - 1 :][:count] - first
    out = np.empty(count, dtype=_U32)
    HASH_KERNEL(buf, first, lengths, out)
    return _sorted_distinct(out)


def count_common(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two outputs of :func:`shingle_hashes` share.

    >>> count_common(shingle_hashes(["a", "b", "c"]), shingle_hashes(["b", "c", "d"]))
    2
    """
    if COUNT_COMMON is None:
        return len(np.intersect1d(a, b, assume_unique=True))
    return COUNT_COMMON(a, b)


def _balanced_cuts(bounds: np.ndarray, parts: int) -> list[int]:
    """Document indices that cut documents laid end to end into parts of similar shingle counts."""
    targets = np.linspace(0, bounds[-1], parts + 1)[1:-1]
    inner = np.searchsorted(bounds, targets).tolist()
    return sorted({0, *inner, len(bounds) - 1})


class Sketcher:
    """Computes MinHash signatures identical to datasketch's ``MinHash`` (affine32).

    Args:
        num_perm: Number of permutations, the length of every signature.
        seed: Seed of the permutations; signatures compare only under the same seed
            (and num_perm). Any integer numpy's ``RandomState`` takes (0 to 2**32 - 1).
        threads: Threads for large batches (the compiled kernel releases the GIL);
            None uses every core. One by default: a service must not take every core
            behind its callers' backs, and on a loaded machine extra threads can lose.
            Results do not depend on it.
        backend: ``"numba"`` (the compiled kernel), ``"numpy"`` (hashlib and numpy
            only) or None for numba where it is installed. Results do not depend on it.

    Raises:
        ConfigError: If an argument is out of range, or numba is asked for but missing.

    Example:
        >>> sk = Sketcher(num_perm=8, seed=3)
        >>> sk.params["scheme"], sk.params["num_perm"]
        ('affine32', 8)
        >>> a, b = sk.signatures([["x y z", "y z w"], ["y z w", "x y z"]])
        >>> bool((a == b).all())
        True
    """

    def __init__(
        self, num_perm: int = 128, seed: int = 1, *, threads: int | None = 1, backend: str | None = None
    ):
        if isinstance(num_perm, bool) or not isinstance(num_perm, (int, np.integer)) or num_perm < 1:
            raise ConfigError(f"num_perm must be a positive integer, got {num_perm!r}. Try 128.")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 1 << 32:
            raise ConfigError(
                f"seed must be an integer from 0 to 2**32 - 1 (numpy RandomState's range), "
                f"got {seed!r}. Try 1."
            )
        if threads is None:
            threads = os.cpu_count() or 1
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
            raise ConfigError(f"threads must be a positive integer or None (every core), got {threads!r}.")
        if backend is None:
            backend = "numba" if KERNEL is not None else "numpy"
        if backend not in BACKENDS:
            raise ConfigError(f"backend must be one of {', '.join(BACKENDS)} or None, got {backend!r}.")
        if backend == "numba" and KERNEL is None:
            raise ConfigError(
                "backend 'numba' needs the numba package: pip install numba, or use backend='numpy'."
            )
        self.num_perm = int(num_perm)
        self.seed = int(seed)
        self.threads = threads
        self.backend = backend
        # Drawn exactly as datasketch's MinHash._init_permutations for affine32: the
        # order of the two draws and their ranges decide every value.
        gen = np.random.RandomState(self.seed)
        self._a = gen.randint(0, 1 << 31, self.num_perm, dtype=_U32) * _U32(2) + _U32(1)
        self._b = gen.randint(0, 1 << 32, self.num_perm, dtype=_U32)
        self._a.flags.writeable = False
        self._b.flags.writeable = False

    def __repr__(self) -> str:
        return f"Sketcher(num_perm={self.num_perm}, seed={self.seed}, backend={self.backend!r})"

    @property
    def params(self) -> dict[str, Any]:
        """What makes two signatures comparable; store it with the signatures."""
        return {"num_perm": self.num_perm, "seed": self.seed, "scheme": "affine32", "hashfunc": "sha1_hash32"}

    @property
    def permutations(self) -> tuple[np.ndarray, np.ndarray]:
        """The (a, b) parameters, equal to datasketch's ``MinHash.permutations``."""
        return self._a, self._b

    def signature(self, shingles: Iterable[str]) -> np.ndarray:
        """The signature of one set of shingles.

        Args:
            shingles: The strings of the set (duplicates do not change the result).

        Returns:
            A uint64 array of length num_perm, the values of datasketch's
            ``MinHash.hashvalues`` for the same set.

        Raises:
            InputError: If a shingle is not a string or cannot be encoded as UTF-8.
        """
        return self.signatures([shingles])[0]

    def signatures(self, shingle_sets: Sequence[Iterable[str]]) -> list[np.ndarray]:
        """Signatures of many sets at once: the fast path.

        Args:
            shingle_sets: One iterable of shingle strings per document.

        Returns:
            One uint64 array of length num_perm per document, in input order.

        Raises:
            InputError: If a document is a bare string, or a shingle is not a string or
                cannot be encoded as UTF-8.
        """
        out = np.empty((len(shingle_sets), self.num_perm), dtype=SIGNATURE_DTYPE)
        if self.backend == "numba" and self.threads > 1:
            self._pipelined(shingle_sets, out)
            return list(out)
        block = self._block_numba if self.backend == "numba" else self._block_numpy
        for start, docs, lengths in document_blocks(shingle_sets, _BLOCK_SHINGLES):
            out[start : start + len(lengths)] = block(docs, lengths)
        return list(out)

    def _pipelined(self, shingle_sets: Sequence[Iterable[str]], out: np.ndarray) -> None:
        """:meth:`signatures` with the compiled kernel on other threads.

        Encoding a block of strings holds the GIL, the kernel does not: while worker
        threads hash one block, this thread encodes the next. At most ``threads`` blocks
        are in flight, so memory stays bounded.
        """
        in_flight: deque[Future[None]] = deque()
        with ThreadPoolExecutor(max_workers=self.threads - 1) as pool:
            for start, docs, lengths in document_blocks(shingle_sets, _PIPELINE_SHINGLES):
                buf, starts, sizes, bounds = encode_documents(docs, lengths)
                rows = out[start : start + len(lengths)]
                in_flight.append(pool.submit(self._sign_into, buf, starts, sizes, bounds, rows))
                if len(in_flight) >= self.threads:
                    in_flight.popleft().result()
            for job in in_flight:
                job.result()

    def _sign_into(
        self, buf: np.ndarray, starts: np.ndarray, sizes: np.ndarray, bounds: np.ndarray, rows: np.ndarray
    ) -> None:
        sigs = np.full((len(bounds) - 1, self.num_perm), EMPTY_HASH, dtype=_U32)
        KERNEL(buf, starts, sizes, bounds, self._a, self._b, sigs)
        rows[:] = sigs

    def signatures_of_hashes(self, hash_sets: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Signatures of documents given as :func:`shingle_hashes` outputs.

        Equal, value for value, to :meth:`signatures` of the strings they were made
        from; only the SHA-1 step is already done.
        """
        out = np.empty((len(hash_sets), self.num_perm), dtype=SIGNATURE_DTYPE)
        start = 0
        while start < len(hash_sets):
            stop, size = start, 0
            while stop < len(hash_sets) and (stop == start or size + len(hash_sets[stop]) <= _BLOCK_SHINGLES):
                size += len(hash_sets[stop])
                stop += 1
            block = hash_sets[start:stop]
            lengths = [len(h) for h in block]
            flat = np.concatenate(block).astype(_U32, copy=False) if size else np.empty(0, dtype=_U32)
            if self.backend == "numba":
                out[start:stop] = self._permute_numba(flat, lengths)
            else:
                out[start:stop] = self._min_over(_fmix32(flat), lengths)
            start = stop
        return list(out)

    def _permute_numba(self, hashes: np.ndarray, lengths: list[int]) -> np.ndarray:
        bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        sigs = np.full((len(lengths), self.num_perm), EMPTY_HASH, dtype=_U32)
        parts = min(self.threads, len(lengths), max(1, len(hashes) // _MIN_PARALLEL_SHINGLES))
        if parts <= 1:
            PERMUTE_KERNEL(hashes, bounds, self._a, self._b, sigs)
            return sigs
        cuts = _balanced_cuts(bounds, parts)
        with ThreadPoolExecutor(max_workers=len(cuts) - 1) as pool:
            jobs = [
                pool.submit(PERMUTE_KERNEL, hashes, bounds[lo : hi + 1], self._a, self._b, sigs[lo:hi])
                for lo, hi in zip(cuts, cuts[1:], strict=False)
            ]
            for job in jobs:
                job.result()
        return sigs

    def _block_numba(self, docs: list[Collection[str]], lengths: list[int]) -> np.ndarray:
        """Signatures (documents x num_perm) of a block of documents, on this thread."""
        buf, starts, sizes, bounds = encode_documents(docs, lengths)
        sigs = np.full((len(lengths), self.num_perm), EMPTY_HASH, dtype=_U32)
        KERNEL(buf, starts, sizes, bounds, self._a, self._b, sigs)
        return sigs

    def _block_numpy(self, docs: list[Collection[str]], lengths: list[int]) -> np.ndarray:
        """As _block_numba with hashlib and numpy only (where numba is not installed)."""
        flat = [s for doc in docs for s in doc]
        # Each distinct string is hashed once; occurrences then index its value.
        keys = list(dict.fromkeys(flat))
        hashes = _fmix32(_sha1_hash32(keys))
        position = dict(zip(keys, range(len(keys)), strict=True))
        mixed = hashes[np.fromiter(map(position.__getitem__, flat), dtype=np.intp, count=len(flat))]
        return self._min_over(mixed, lengths)

    def _min_over(self, mixed: np.ndarray, lengths: list[int]) -> np.ndarray:
        """Signatures (documents x num_perm) from the mixed hashes of documents laid end to end."""
        sigs = np.full((len(lengths), self.num_perm), EMPTY_HASH, dtype=_U32)
        bounds = np.zeros(len(lengths) + 1, dtype=np.intp)
        np.cumsum(lengths, out=bounds[1:])
        nonempty = np.flatnonzero(np.asarray(lengths) > 0)
        # Chunks of whole documents of about _CHUNK_SHINGLES shingles; reduceat cannot
        # take empty segments, so empty documents keep the empty value.
        i = 0
        while i < len(nonempty):
            j = i + 1
            while j < len(nonempty) and bounds[nonempty[j] + 1] - bounds[nonempty[i]] <= _CHUNK_SHINGLES:
                j += 1
            docs = nonempty[i:j]
            lo, hi = bounds[docs[0]], bounds[docs[-1] + 1]
            sigs[docs] = self._permute_min(mixed[lo:hi], bounds[docs] - lo).T
            i = j
        return sigs

    def _permute_min(self, mixed: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """Per permutation, the minimum of a*h+b over each segment (num_perm x segments)."""
        result = np.empty((self.num_perm, len(starts)), dtype=_U32)
        buf = np.empty_like(mixed)
        # One permutation at a time: three passes over a contiguous array in cache
        # beat one (shingles x num_perm) broadcast, which spills out of cache.
        for k in range(self.num_perm):
            np.multiply(mixed, self._a[k], out=buf)
            np.add(buf, self._b[k], out=buf)
            np.minimum.reduceat(buf, starts, out=result[k])
        return result
