"""Compiled MinHash kernel for :mod:`dedupe.sketch` (SHA-1, fmix32, permutations, minimum).

Private: use :class:`dedupe.sketch.Sketcher`. Compiled with numba when it is installed;
``KERNEL`` is None otherwise and the sketcher falls back to hashlib and numpy.

All arithmetic is on uint32 with explicit ``np.uint32(...)`` truncation after each
operation: numba widens uint32 results to 64 bits, and mixing unsigned values with
plain int literals would even give floats. The truncation is the mod 2**32 that SHA-1,
fmix32 and the affine32 permutations all need, and LLVM turns it into 32-bit
instructions (rotations included).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

KERNEL: Callable[..., None] | None
HASH_KERNEL: Callable[..., None] | None
PERMUTE_KERNEL: Callable[..., None] | None
COUNT_COMMON: Callable[..., int] | None

try:
    from numba import njit
except ImportError:  # pragma: no cover - exercised only where numba is missing
    KERNEL = HASH_KERNEL = PERMUTE_KERNEL = COUNT_COMMON = None
else:
    _U = np.uint32
    #: Messages hashed at once: four AVX-512 registers of uint32 lanes (eight AVX2 ones).
    #: More lanes hide each round's latency; 64 keep the schedule (80 x 64 words) in L1.
    #: Measured on 1M shingles: 16 lanes 83 ms, 32 60 ms, 64 48 ms, 128 47 ms (scalar 111 ms).
    LANES = 64

    def _jit(func: Callable[..., object]) -> Callable[..., object]:
        # Cache the machine code beside the module where that is writable; without
        # a writable location numba refuses cache=True, so compile per process then.
        try:
            return njit(nogil=True, cache=True)(func)
        except RuntimeError:  # pragma: no cover - read-only installs
            return njit(nogil=True)(func)

    @_jit
    def _rotl(x: int, n: int) -> int:
        return _U((x << n) | (x >> (_U(32) - n)))

    @_jit
    def _sha1_word0(buf: np.ndarray, start: int, length: int, w: np.ndarray) -> int:
        """First 4 bytes of SHA-1(buf[start:start+length]) read little-endian (sha1_hash32)."""
        h0, h1, h2, h3, h4 = _U(0x67452301), _U(0xEFCDAB89), _U(0x98BADCFE), _U(0x10325476), _U(0xC3D2E1F0)
        nblocks = (length + 8) // 64 + 1
        for j in range(nblocks):
            base = j * 64
            for t in range(16):
                p = base + 4 * t
                if p + 4 <= length:
                    q = start + p
                    w[t] = _U(
                        (_U(buf[q]) << _U(24))
                        | (_U(buf[q + 1]) << _U(16))
                        | (_U(buf[q + 2]) << _U(8))
                        | _U(buf[q + 3])
                    )
                elif p > length:  # padding
                    w[t] = _U(0)
                else:  # the tail: last message bytes, then the 0x80 marker
                    word = _U(0)
                    for k in range(4):
                        pk = p + k
                        if pk < length:
                            byte = _U(buf[start + pk])
                        elif pk == length:
                            byte = _U(0x80)
                        else:
                            byte = _U(0)
                        word = _U((word << _U(8)) | byte)
                    w[t] = word
            if j == nblocks - 1:
                bits = np.uint64(length) * np.uint64(8)
                w[14] = _U(bits >> np.uint64(32))
                w[15] = _U(bits)
            for t in range(16, 80):
                w[t] = _rotl(_U(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]), _U(1))
            a, b, c, d, e = h0, h1, h2, h3, h4
            for t in range(20):
                tmp = _U(_rotl(a, _U(5)) + _U((b & c) | (_U(~b) & d)) + e + _U(0x5A827999) + w[t])
                e, d, c, b, a = d, c, _rotl(b, _U(30)), a, tmp
            for t in range(20, 40):
                tmp = _U(_rotl(a, _U(5)) + _U(b ^ c ^ d) + e + _U(0x6ED9EBA1) + w[t])
                e, d, c, b, a = d, c, _rotl(b, _U(30)), a, tmp
            for t in range(40, 60):
                tmp = _U(_rotl(a, _U(5)) + _U((b & c) | (b & d) | (c & d)) + e + _U(0x8F1BBCDC) + w[t])
                e, d, c, b, a = d, c, _rotl(b, _U(30)), a, tmp
            for t in range(60, 80):
                tmp = _U(_rotl(a, _U(5)) + _U(b ^ c ^ d) + e + _U(0xCA62C1D6) + w[t])
                e, d, c, b, a = d, c, _rotl(b, _U(30)), a, tmp
            h0, h1, h2, h3, h4 = _U(h0 + a), _U(h1 + b), _U(h2 + c), _U(h3 + d), _U(h4 + e)
        # The digest starts with h0 big-endian; sha1_hash32 unpacks those bytes as "<I".
        return _U(
            ((h0 & _U(0xFF)) << _U(24))
            | ((h0 & _U(0xFF00)) << _U(8))
            | ((h0 >> _U(8)) & _U(0xFF00))
            | (h0 >> _U(24))
        )

    @_jit
    def _load_block(buf: np.ndarray, start: int, length: int, w: np.ndarray, lane: int) -> None:
        """w[0:16, lane] = the padded SHA-1 block of a message of at most 55 bytes."""
        full = length >> 2
        for t in range(full):
            q = start + 4 * t
            w[t, lane] = _U(
                (_U(buf[q]) << _U(24))
                | (_U(buf[q + 1]) << _U(16))
                | (_U(buf[q + 2]) << _U(8))
                | _U(buf[q + 3])
            )
        word = _U(0)
        rest = length & 3
        for k in range(rest):
            word = _U(word | (_U(buf[start + 4 * full + k]) << _U(24 - 8 * k)))
        w[full, lane] = _U(word | (_U(0x80) << _U(24 - 8 * rest)))
        for t in range(full + 1, 15):
            w[t, lane] = _U(0)
        w[15, lane] = _U(length * 8)

    @njit(inline="always")
    def _step(
        va: np.ndarray,
        vb: np.ndarray,
        vc: np.ndarray,
        vd: np.ndarray,
        ve: np.ndarray,
        w: np.ndarray,
        t: int,
        kind: int,
    ) -> None:
        """SHA-1 round t on every lane, written in place: e += rotl(a, 5) + f(b, c, d) + K + W[t];
        b = rotl(b, 30). The caller rotates the roles of the five arrays instead of moving
        values between them (the unrolled form of SHA-1), so a round stores two arrays, not five.
        ``kind`` is a literal at every call, so the inlined code has no branch left."""
        for j in range(LANES):
            bj, cj, dj = vb[j], vc[j], vd[j]
            if kind == 0:
                f = _U(_U((bj & cj) | (_U(~bj) & dj)) + _U(0x5A827999))
            elif kind == 1:
                f = _U(_U(bj ^ cj ^ dj) + _U(0x6ED9EBA1))
            elif kind == 2:
                f = _U(_U((bj & cj) | (bj & dj) | (cj & dj)) + _U(0x8F1BBCDC))
            else:
                f = _U(_U(bj ^ cj ^ dj) + _U(0xCA62C1D6))
            aj = va[j]
            ve[j] = _U(ve[j] + _U((aj << _U(5)) | (aj >> _U(27))) + f + w[t, j])
            vb[j] = _U((bj << _U(30)) | (bj >> _U(2)))

    @njit(inline="always")
    def _five_steps(
        a: np.ndarray,
        b: np.ndarray,
        c: np.ndarray,
        d: np.ndarray,
        e: np.ndarray,
        w: np.ndarray,
        t: int,
        kind: int,
    ) -> None:
        """Rounds t to t + 4, each array taking the next role in turn; after five rounds
        every role is back in its own array."""
        _step(a, b, c, d, e, w, t, kind)
        _step(e, a, b, c, d, w, t + 1, kind)
        _step(d, e, a, b, c, w, t + 2, kind)
        _step(c, d, e, a, b, w, t + 3, kind)
        _step(b, c, d, e, a, w, t + 4, kind)

    @_jit
    def _sha1_lanes(w: np.ndarray, digest: np.ndarray) -> None:
        """SHA-1 of LANES one-block messages at once (w[0:16, lane] holds lane's block).

        Every step is the same operation on all lanes, so LLVM turns each lane loop into
        vector instructions: the SIMD form of SHA-1 that hashes many short messages at
        once. digest[lane] = sha1_hash32 of lane's message. Overwrites w.
        """
        a = np.full(LANES, _U(0x67452301), dtype=np.uint32)
        b = np.full(LANES, _U(0xEFCDAB89), dtype=np.uint32)
        c = np.full(LANES, _U(0x98BADCFE), dtype=np.uint32)
        d = np.full(LANES, _U(0x10325476), dtype=np.uint32)
        e = np.full(LANES, _U(0xC3D2E1F0), dtype=np.uint32)
        for t in range(16, 80):
            for j in range(LANES):
                x = _U(w[t - 3, j] ^ w[t - 8, j] ^ w[t - 14, j] ^ w[t - 16, j])
                w[t, j] = _U((x << _U(1)) | (x >> _U(31)))
        for t in range(0, 20, 5):
            _five_steps(a, b, c, d, e, w, t, 0)
        for t in range(20, 40, 5):
            _five_steps(a, b, c, d, e, w, t, 1)
        for t in range(40, 60, 5):
            _five_steps(a, b, c, d, e, w, t, 2)
        for t in range(60, 80, 5):
            _five_steps(a, b, c, d, e, w, t, 3)
        # After 80 rounds (a multiple of 5) every role is back in its own array.
        for j in range(LANES):
            h0 = _U(a[j] + _U(0x67452301))
            digest[j] = _U(
                ((h0 & _U(0xFF)) << _U(24))
                | ((h0 & _U(0xFF00)) << _U(8))
                | ((h0 >> _U(8)) & _U(0xFF00))
                | (h0 >> _U(24))
            )

    @_jit
    def _sha1_into(buf: np.ndarray, starts: np.ndarray, lengths: np.ndarray, out: np.ndarray) -> None:
        """out[i] = sha1_hash32 of buf[starts[i]:starts[i] + lengths[i]] (uint32).

        Messages of up to 55 bytes (one SHA-1 block: nearly every word 5-gram) are
        hashed LANES at a time by _sha1_lanes; longer ones one by one.
        """
        w = np.zeros((80, LANES), dtype=np.uint32)
        digest = np.empty(LANES, dtype=np.uint32)
        pending = np.empty(LANES, dtype=np.int64)
        scalar_w = np.empty(80, np.uint32)
        count = 0
        for i in range(starts.shape[0]):
            if lengths[i] <= 55:
                _load_block(buf, starts[i], lengths[i], w, count)
                pending[count] = i
                count += 1
                if count == LANES:
                    _sha1_lanes(w, digest)
                    for j in range(LANES):
                        out[pending[j]] = digest[j]
                    count = 0
            else:
                out[i] = _sha1_word0(buf, starts[i], lengths[i], scalar_w)
        if count:
            _sha1_lanes(w, digest)  # the unused lanes hash stale blocks; their digests are dropped
            for j in range(count):
                out[pending[j]] = digest[j]

    # Inlined into both kernels at numba's IR level: as a call it kept the loop below
    # from vectorising as well (the hash-values kernel ran about a third slower).
    @njit(inline="always")
    def _permute_into(row: np.ndarray, h: int, a: np.ndarray, b: np.ndarray) -> None:
        """row[k] = min(row[k], a[k] * fmix32(h) + b[k]) for every permutation k."""
        # MurmurHash3 fmix32, as datasketch's _fmix (wrapping products, low 32 bits).
        h = _U(h ^ (h >> _U(16)))
        h = _U(h * _U(0x85EBCA6B))
        h = _U(h ^ (h >> _U(13)))
        h = _U(h * _U(0xC2B2AE35))
        hu = _U(h ^ (h >> _U(16)))
        # uint32 lanes, truncated back to 32 bits, with min(): this form vectorises.
        for k in range(a.shape[0]):
            row[k] = min(row[k], _U(a[k] * hu + b[k]))

    @_jit
    def _permute_kernel(
        hashes: np.ndarray, doc_bounds: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray
    ) -> None:
        """out[d, k] = min over the sha1_hash32 values i of document d of a[k] * fmix32(i) + b[k]
        (mod 2**32). doc_bounds[d]:doc_bounds[d + 1] are document d's values in hashes; a, b
        and out are uint32, out has one row per document, filled with the empty value."""
        for d in range(doc_bounds.shape[0] - 1):
            row = out[d]
            for i in range(doc_bounds[d], doc_bounds[d + 1]):
                _permute_into(row, hashes[i], a, b)

    @_jit
    def _kernel(
        buf: np.ndarray,
        starts: np.ndarray,
        lengths: np.ndarray,
        doc_bounds: np.ndarray,
        a: np.ndarray,
        b: np.ndarray,
        out: np.ndarray,
    ) -> None:
        """As _permute_kernel, from the shingles' bytes (buf[starts[i]:starts[i] + lengths[i]])
        instead of their hash values; doc_bounds index starts and lengths."""
        lo, hi = doc_bounds[0], doc_bounds[doc_bounds.shape[0] - 1]
        hashes = np.empty(hi - lo, dtype=np.uint32)
        _sha1_into(buf, starts[lo:hi], lengths[lo:hi], hashes)
        _permute_kernel(hashes, doc_bounds - lo, a, b, out)

    @_jit
    def _count_common(x: np.ndarray, y: np.ndarray) -> int:
        """Values two sorted arrays of distinct values share (one merge pass)."""
        i = j = n = 0
        while i < x.shape[0] and j < y.shape[0]:
            if x[i] < y[j]:
                i += 1
            elif x[i] > y[j]:
                j += 1
            else:
                n += 1
                i += 1
                j += 1
        return n

    KERNEL = _kernel
    HASH_KERNEL = _sha1_into
    PERMUTE_KERNEL = _permute_kernel
    COUNT_COMMON = _count_common
