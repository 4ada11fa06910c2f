"""Candidate search with datasketch's MinHash LSH; the only module that imports datasketch.

Two views of every document are indexed:

* ``surface``: word shingles of the normalised text, for verbatim and edited copy;
* ``terms``: the document's rarest content terms (stems of names, places, numbers,
  unusual words; ``Document.anchors``), for rewrites that keep the facts but change
  every sentence.

LSH only proposes; :mod:`dedupe.verify` decides. The wrapper guards its own
mutations with a lock, because datasketch has none and the service indexes from
several threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from .config import Config
from .document import Document
from .errors import SignatureMismatchError
from .sketch import Sketcher

__all__ = ["CandidateIndex", "Signatures", "check_params"]

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


class CandidateIndex:
    """Two MinHash LSH indexes (surface and rare terms) behind one lock."""

    def __init__(self, config: Config):
        self.config = config
        self._sketcher = Sketcher(num_perm=config.num_perm, seed=config.seed)
        self._lsh = {
            "surface": MinHashLSH(threshold=config.lsh_threshold_surface, num_perm=config.num_perm),
            "terms": MinHashLSH(threshold=config.lsh_threshold_terms, num_perm=config.num_perm),
        }
        self._lock = threading.RLock()
        self._keys: set[str] = set()

    def sketch(self, documents: list[Document]) -> list[Signatures]:
        """Signatures of both views for many documents at once (the fast batched path)."""
        surface = self._sketcher.signatures([d.shingles for d in documents])
        terms = self._sketcher.signatures([d.anchors for d in documents])
        return [Signatures(surface=s, terms=t) for s, t in zip(surface, terms, strict=True)]

    def _minhash(self, values: np.ndarray) -> LeanMinHash:
        # LeanMinHash skips drawing the permutations again: the signature is already made.
        return LeanMinHash(seed=self.config.seed, hashvalues=values, scheme="affine32")

    def add(self, key: str, signatures: Signatures) -> None:
        with self._lock:
            if key in self._keys:
                self._remove_locked(key)
            for view in VIEWS:
                self._lsh[view].insert(key, self._minhash(signatures[view]), check_duplication=False)
            self._keys.add(key)

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Hold the lock for a run of inserts (the batch command)."""
        with self._lock:
            yield

    def remove(self, key: str) -> None:
        with self._lock:
            self._remove_locked(key)

    def _remove_locked(self, key: str) -> None:
        if key not in self._keys:
            return
        for view in VIEWS:
            self._lsh[view].remove(key)
        self._keys.discard(key)

    def query(self, signatures: Signatures) -> set[str]:
        """Keys whose signatures collide with these in either view."""
        surface, terms = self.query_views(signatures)
        return surface | terms

    def query_views(self, signatures: Signatures) -> tuple[set[str], set[str]]:
        """Keys colliding in the surface view, and in the rare-terms view."""
        with self._lock:
            surface = set(self._lsh["surface"].query(self._minhash(signatures["surface"])))
            terms = set(self._lsh["terms"].query(self._minhash(signatures["terms"])))
        return surface, terms

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def keys(self) -> Iterable[str]:
        return set(self._keys)
