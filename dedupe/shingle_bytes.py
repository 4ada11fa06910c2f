"""Shingle strings laid out as bytes, as the compiled MinHash kernel reads them.

The kernel (:mod:`dedupe._minhash_kernel`) hashes byte runs of one buffer; these
helpers build that buffer from Python strings with as few Python-level steps as
possible: strings are joined with NUL separators and encoded in one call, and the NUL
bytes then mark where each string starts (UTF-8 makes a zero byte of NUL only).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence

import numpy as np

from .errors import InputError

__all__ = ["document_blocks", "encode_documents", "encode_strings"]

SEP = "\x00"


def encode_strings(strings: list[str]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """UTF-8 bytes of every string laid end to end, with each one's start and length.

    >>> data, starts, lengths = encode_strings(["ab", "", "ü"])
    >>> [data[s : s + n].decode() for s, n in zip(starts.tolist(), lengths.tolist())]
    ['ab', '', 'ü']

    Raises:
        InputError: If a string is not a str or cannot be encoded as UTF-8.
    """
    try:
        if strings:
            data = SEP.join(strings).encode("utf-8")
            found = _split_at_nul(data, len(strings))
            if found is not None:
                return data, *found
        encoded = [s.encode("utf-8") for s in strings]
    except TypeError as err:
        raise InputError(f"shingles must be str, got a non-string among them ({err}).") from err
    except UnicodeEncodeError as err:
        raise InputError(
            f"a shingle cannot be encoded as UTF-8 ({err.reason} at position {err.start}); "
            "remove lone surrogates from the text before sketching."
        ) from err
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    starts = np.cumsum(lengths) - lengths
    return b"".join(encoded), starts, lengths


def document_blocks(
    shingle_sets: Sequence[Iterable[str]], size: int
) -> Iterator[tuple[int, list[Collection[str]], list[int]]]:
    """Documents in blocks of about ``size`` shingles: (first document's index, the
    block's documents, each document's shingle count).

    >>> [(start, counts) for start, _, counts in document_blocks([["a", "b"], ["c"], ["d", "e"]], 2)]
    [(0, [2]), (1, [1, 2])]

    Raises:
        InputError: If a document is a bare string instead of an iterable of shingles.
    """
    start = 0
    docs: list[Collection[str]] = []
    lengths: list[int] = []
    total = 0
    for doc in shingle_sets:
        if isinstance(doc, (str, bytes)):
            raise InputError(
                "each document must be an iterable of shingle strings, got one "
                f"{type(doc).__name__}; shingle the text first (or wrap it as [text])."
            )
        if not isinstance(doc, Collection):
            doc = list(doc)
        docs.append(doc)
        lengths.append(len(doc))
        total += len(doc)
        if total >= size:
            yield start, docs, lengths
            start += len(lengths)
            docs, lengths, total = [], [], 0
    if lengths:
        yield start, docs, lengths


def encode_documents(
    docs: list[Collection[str]], lengths: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What the compiled kernel takes for a block: the bytes of every shingle laid end to
    end, each one's start and length, and the bounds of each document's shingles.

    >>> buf, starts, sizes, bounds = encode_documents([["ab", "c"], [], ["de"]], [2, 0, 1])
    >>> bytes(buf).split(b"\\x00"), starts.tolist(), sizes.tolist(), bounds.tolist()
    ([b'ab', b'c', b'de'], [0, 3, 5], [2, 1, 2], [0, 2, 2, 3])
    """
    bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    try:
        # Joined document by document: one character beyond Latin-1 makes a whole join
        # two bytes a character, so one such document no longer slows the block.
        data = SEP.encode().join([SEP.join(doc).encode("utf-8") for doc in docs if len(doc)])
        found = _split_at_nul(data, int(bounds[-1])) if bounds[-1] else None
    except (TypeError, UnicodeEncodeError):
        found = None  # encode_strings below says which shingle is wrong
    if found is None:
        data, starts, sizes = encode_strings([s for doc in docs for s in doc])
    else:
        starts, sizes = found
    return np.frombuffer(data, dtype=np.uint8), starts, sizes, bounds


def _split_at_nul(data: bytes, count: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Starts and lengths of the ``count`` strings NUL-joined in ``data``; None when a
    string held a NUL of its own (more separators than ``count - 1``)."""
    seps = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)
    if len(seps) != count - 1:
        return None
    starts = np.empty(count, dtype=np.int64)
    starts[0] = 0
    starts[1:] = seps + 1
    lengths = np.empty(count, dtype=np.int64)
    lengths[:-1] = seps - starts[:-1]
    lengths[-1] = len(data) - starts[-1]
    return starts, lengths
