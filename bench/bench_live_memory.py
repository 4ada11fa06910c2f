"""Section ``live_memory``: memory the live index holds per article, beyond the signature.

In a fresh child process (:func:`bench.memory.run_measured`): the articles of the
synthetic suite (:mod:`bench.scaled_suite`) are built first and kept in a dict that
stands in for the store (the index's loader reads it, as the service's reads SQLite).
``dedupe.live.LiveIndex`` keeps at most ``CACHE`` prepared documents and ``DESCRIPTIONS``
cluster descriptions (small bounds, so that both are full early; the service defaults
are larger and are a fixed cost, not a cost per article). The resident set
(``/proc/self/statm``, after ``gc.collect()``) is read after a quarter of the articles
and after all of them: the difference over the articles in between is what each
further article costs once the caches are full (LSH buckets of both views, links,
membership, publication time, wire keys), and also what grows with the vocabulary of
the new articles outside the index (wordfreq's and the stemmer's module-level caches)
plus what the allocator keeps after the caches' turnover. The document cache's hit rate over the run
is reported beside it (a miss prepares the document again from the loaded text).

The same child then restores a new index from the first one's state (signatures,
links, memberships; what the service does on start) under ``tracemalloc``: what the
index keeps per article without any cache (``restored_kib``), the steady-state cost of
the design, free of the allocator's fragmentation that the RSS figure carries from the
cache's turnover.

For a breakdown, the same child then measures with ``tracemalloc``: the prepared
documents of ``BREAKDOWN`` articles alone (what each cached document costs), and a
bare ``CandidateIndex`` (LSH of both views) holding every article's signature, and
beside it, as the baseline, datasketch's ``MinHashLSH`` (both views, the same bands)
holding the same signatures. The
signature as stored is 2 views x ``num_perm`` values: 8 bytes each as the ``uint64``
arrays we keep (datasketch's type), 4 bytes each in principle (the affine32 scheme's
values fit 32 bits).
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc
from typing import Any

from .memory import run_measured
from .registry import Options, Row, section
from .scaled_suite import scaled_articles

BREAKDOWN = 300
CACHE = 512  # prepared documents kept (the service default is dedupe.live.DEFAULT_CACHE_SIZE)
DESCRIPTIONS = 128  # cluster descriptions kept
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> int:
    gc.collect()
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * _PAGE


def measure_live(size: int, num_perm: int) -> dict[str, Any]:
    """Child: RSS per further article of a LiveIndex with full caches, and a tracemalloc breakdown."""
    from dedupe.config import Config
    from dedupe.document import prepare
    from dedupe.index import CandidateIndex
    from dedupe.live import LiveIndex

    config = Config(num_perm=num_perm)
    articles, _ = scaled_articles(size)
    # A newsroom receives articles about in publication order (the suite lists them by story).
    articles.sort(key=lambda a: (a.published_at is None, a.published_at or 0, a.id))
    by_id = {a.id: a for a in articles}
    text_bytes = sum(sys.getsizeof(a.text) for a in articles)
    index = LiveIndex(config, load=by_id.get, cache_size=CACHE, description_cache=DESCRIPTIONS)
    first = max(CACHE, size // 4)
    start = time.perf_counter()
    for article in articles[:first]:
        index.add(article)
    before = _rss()
    for article in articles[first:]:
        index.add(article)
    seconds = time.perf_counter() - start
    after = _rss()
    info = index.cache_info()
    clusters = len(index.memberships())
    # What the index keeps per article without its caches: the same state restored into a
    # new index (as the service does on start), measured by tracemalloc.
    state = [(a, index.signatures_of(a.id), index.lines_of(a.id)) for a in articles]
    links = [(a.id, b, link) for a in articles for b, link in index.links_of(a.id).items() if a.id < b]
    memberships = index.memberships()
    del index
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    restored = LiveIndex(config, load=by_id.get)
    restored.restore(state, links, memberships)
    gc.collect()
    restored_bytes = (tracemalloc.get_traced_memory()[0] - base) / len(articles)
    tracemalloc.stop()
    del restored, state, links

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    docs = [prepare(a, shingle_size=config.shingle_size) for a in articles[:BREAKDOWN]]
    doc_bytes = (tracemalloc.get_traced_memory()[0] - base) / len(docs)
    tracemalloc.stop()
    candidates = CandidateIndex(config)
    all_docs = docs + [prepare(a, shingle_size=config.shingle_size) for a in articles[BREAKDOWN:]]
    signatures = candidates.sketch(all_docs)
    del all_docs, docs
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for n, sig in enumerate(signatures):
        candidates.add(str(n), sig)
    candidates.compact()  # recent entries wait in a bounded dict: a fixed cost, not per article
    lsh_bytes = (tracemalloc.get_traced_memory()[0] - base) / len(signatures)
    tracemalloc.stop()
    del candidates
    # The baseline in the same run: datasketch's MinHashLSH holding the same signatures.
    from datasketch import LeanMinHash, MinHashLSH

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    reference = {
        "surface": MinHashLSH(threshold=config.lsh_threshold_surface, num_perm=config.num_perm),
        "terms": MinHashLSH(threshold=config.lsh_threshold_terms, num_perm=config.num_perm),
    }
    for n, sig in enumerate(signatures):
        for view, lsh in reference.items():
            lsh.insert(str(n), LeanMinHash(seed=config.seed, hashvalues=sig[view], scheme="affine32"))
    datasketch_bytes = (tracemalloc.get_traced_memory()[0] - base) / len(signatures)
    tracemalloc.stop()
    return {
        "added": len(articles),
        "measured": len(articles) - first,
        "rss_bytes_per_article": (after - before) / (len(articles) - first),
        "add_seconds": seconds,
        "text_bytes_per_article": text_bytes / len(articles),
        "document_bytes": doc_bytes,
        "lsh_bytes": lsh_bytes,
        "datasketch_lsh_bytes": datasketch_bytes,
        "signature_bytes_kept": sum(v.nbytes for v in signatures[0].values()),
        "clusters": clusters,
        "hit_rate": info["hits"] / max(1, info["hits"] + info["misses"]),
        "misses": info["misses"],
        "restored_bytes": restored_bytes,
    }


@section(
    "live_memory",
    description="LiveIndex memory per further article (RSS delta, caches full) beside the signature size",
    default_sizes=(2000,),
    columns=(
        "articles",
        "kib_per_article",
        "signature_kib",
        "kib_beyond_signature",
        "target_kib",
        "document_kib",
        "lsh_kib",
        "datasketch_lsh_kib",
        "rest_kib",
        "text_kib",
        "adds_per_s",
        "cache",
        "hit_rate",
        "restored_kib",
        "restored_beyond_lsh_kib",
    ),
)
def run(options: Options) -> list[Row]:
    rows: list[Row] = []
    for size in options.sizes or (2000,):
        out, _, peak, _ = run_measured(measure_live, size, options.num_perm)
        per = out["rss_bytes_per_article"]
        signature = 2 * options.num_perm * 8
        rest = per - out["lsh_bytes"]  # documents are in the bounded cache, not per article
        rows.append(
            {
                "articles": size,
                "kib_per_article": round(per / 1024, 1),
                "signature_kib": f"{signature / 1024:.1f} (uint64; {signature / 2048:.1f} as uint32)",
                "kib_beyond_signature": round((per - signature) / 1024, 1),
                "target_kib": 2.0,
                "document_kib": round(out["document_bytes"] / 1024, 1),
                "lsh_kib": round(out["lsh_bytes"] / 1024, 2),
                "datasketch_lsh_kib": round(out["datasketch_lsh_bytes"] / 1024, 2),
                "rest_kib": round(rest / 1024, 1),
                "text_kib": round(out["text_bytes_per_article"] / 1024, 1),
                "adds_per_s": round(out["added"] / out["add_seconds"], 1),
                "cache": f"{CACHE} documents, {DESCRIPTIONS} descriptions",
                "hit_rate": round(out["hit_rate"], 3),
                "restored_kib": round(out["restored_bytes"] / 1024, 2),
                "restored_beyond_lsh_kib": round((out["restored_bytes"] - out["lsh_bytes"]) / 1024, 2),
                "measured_articles": out["measured"],
                "cache_misses": out["misses"],
                "signature_bytes_kept": out["signature_bytes_kept"],
                "clusters": out["clusters"],
                "child_peak_mib": round(peak),
            }
        )
    return rows
