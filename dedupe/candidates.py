"""The batch's candidate pairs: what LSH proposes among all its documents at once.

The live index queries and then adds one article at a time, because articles arrive
one at a time. A batch has them all, and looking each up in tables that grow with the
batch made its cost per article grow with the batch (issue #7): in the terms view's
one-row bands a common rare term puts thousands of articles in one bucket, and every
one of them fetched the whole bucket only to drop most of it by the time window. Here
the same pairs come from one sort per band (:meth:`CandidateIndex.colliding_pairs`),
and a terms bucket is cut by the window before its pairs exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from .config import Config
from .document import Document
from .index import UNDATED, CandidateIndex, Signatures, sorted_unique

__all__ = ["candidate_pairs", "max_apart", "outside_window", "sketch_documents"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_US_PER_SECOND = 1_000_000
# Every two datetimes are closer than this: a window as wide cuts nothing.
_WIDEST = (datetime.max - datetime.min).total_seconds()
# Sketched per call between progress reports: the CLI's bar moves while the batch sketches.
_SKETCH_CHUNK = 2048


def outside_window(a: Document, b: Document, config: Config) -> bool:
    """True when both are dated and further apart than the time window."""
    pa, pb = a.dated, b.dated
    if not config.window_days or pa is None or pb is None:
        return False
    return abs((pa - pb).total_seconds()) > config.window_days * 86400.0


def max_apart(config: Config) -> int | None:
    """The widest gap in microseconds that :func:`outside_window` lets through, None for any.

    Found in integers, so the bulk cut agrees with the float comparison above at the
    last microsecond (``timedelta.total_seconds`` divides the microseconds exactly so).

    >>> max_apart(Config(window_days=1.0)), max_apart(Config(window_days=0))
    (86400000000, None)
    """
    limit = config.window_days * 86400.0
    if not config.window_days or not limit < _WIDEST:
        return None
    gap = int(limit * _US_PER_SECOND)
    while gap / _US_PER_SECOND > limit:
        gap -= 1
    while (gap + 1) / _US_PER_SECOND <= limit:
        gap += 1
    return gap


def _microseconds(when: datetime | None) -> int:
    if when is None:
        return int(UNDATED)
    epoch = _EPOCH if when.tzinfo is not None else _EPOCH.replace(tzinfo=None)
    return (when - epoch) // _MICROSECOND


def sketch_documents(
    index: CandidateIndex,
    documents: Sequence[Document],
    progress: Callable[[int], None] | None = None,
) -> list[Signatures]:
    """Signatures of ``documents``, reporting progress in chunks of the batch."""
    signatures: list[Signatures] = []
    for start in range(0, len(documents), _SKETCH_CHUNK):
        part = documents[start : start + _SKETCH_CHUNK]
        signatures.extend(index.sketch(list(part)))
        if progress:
            progress(len(part))
    return signatures


def candidate_pairs(
    docs: Sequence[Document],
    eligible: Sequence[int],
    signatures: Sequence[Signatures],
    config: Config,
    *,
    index: CandidateIndex | None = None,
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j`` positions in ``docs``, that LSH proposes among ``eligible``.

    ``signatures[k]`` belongs to ``docs[eligible[k]]``; ``eligible`` is ascending. A
    pair colliding in the surface view is kept whatever its dates; one colliding in the
    terms view alone only within the time window, since only a rewrite could link them
    and rewrites are time-local. ``index`` gives the bands (its entries are not used).
    """
    index = index or CandidateIndex(config)
    times = np.array([_microseconds(docs[i].dated) for i in eligible], dtype=np.int64)
    found = index.colliding_pairs(signatures, times=times, max_apart=max_apart(config))
    codes = sorted_unique(np.concatenate([found["surface"], found["terms"]]))
    positions = np.asarray(eligible, dtype=np.int64)
    n = len(eligible)
    return set(zip(positions[codes // n].tolist(), positions[codes % n].tolist(), strict=True))
