"""Section ``live_memory``: memory the live index holds per article, beyond the signature.

In a fresh child process (:func:`bench.memory.run_measured`): the articles of the
synthetic suite (:mod:`bench.scaled_suite`) are built first; then the resident set
(``/proc/self/statm``, after ``gc.collect()``) is read before and after
``dedupe.live.LiveIndex.add`` of every article. The difference over the count is the
index's memory per article: prepared document (paragraphs, sentences, terms,
shingles), LSH buckets of both views, verified links, clusters with provenance. The
article text itself was allocated before the first reading and is reported apart
(``text_kib``, what ``sys.getsizeof`` gives for the ``str``), since the index keeps
the ``Article`` it was given.

For a breakdown, the same child then measures with ``tracemalloc``: the prepared
documents of ``BREAKDOWN`` articles alone, and a bare ``CandidateIndex`` (LSH of both
views) holding every article's signature. The signature as stored is 2 views x
``num_perm`` values: 8 bytes each as the ``uint64`` arrays we keep (datasketch's
type), 4 bytes each in principle (the affine32 scheme's values fit 32 bits).
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
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> int:
    gc.collect()
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * _PAGE


def measure_live(size: int, num_perm: int) -> dict[str, Any]:
    """Child: RSS per article of a LiveIndex, and a tracemalloc breakdown."""
    from dedupe.config import Config
    from dedupe.document import prepare
    from dedupe.index import CandidateIndex
    from dedupe.live import LiveIndex

    config = Config(num_perm=num_perm)
    articles, _ = scaled_articles(size)
    text_bytes = sum(sys.getsizeof(a.text) for a in articles)
    index = LiveIndex(config)
    index.add(articles[0])  # imports, caches and first-call work are not per-article memory
    before = _rss()
    start = time.perf_counter()
    for article in articles[1:]:
        index.add(article)
    seconds = time.perf_counter() - start
    after = _rss()
    clusters = len(index.clusters())

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    docs = [prepare(a, shingle_size=config.shingle_size) for a in articles[:BREAKDOWN]]
    doc_bytes = (tracemalloc.get_traced_memory()[0] - base) / len(docs)
    tracemalloc.stop()
    candidates = CandidateIndex(config)
    all_docs = docs + [prepare(a, shingle_size=config.shingle_size) for a in articles[BREAKDOWN:]]
    signatures = candidates.sketch(all_docs)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for n, sig in enumerate(signatures):
        candidates.add(str(n), sig)
    lsh_bytes = (tracemalloc.get_traced_memory()[0] - base) / len(signatures)
    tracemalloc.stop()
    return {
        "added": len(articles) - 1,
        "rss_bytes_per_article": (after - before) / (len(articles) - 1),
        "add_seconds": seconds,
        "text_bytes_per_article": text_bytes / len(articles),
        "document_bytes": doc_bytes,
        "lsh_bytes": lsh_bytes,
        "signature_bytes_kept": sum(v.nbytes for v in signatures[0].values()),
        "clusters": clusters,
    }


@section(
    "live_memory",
    description="LiveIndex memory per article (RSS delta / N) beside the stored signature size",
    default_sizes=(1000,),
    columns=(
        "articles",
        "kib_per_article",
        "signature_kib",
        "kib_beyond_signature",
        "target_kib",
        "document_kib",
        "lsh_kib",
        "rest_kib",
        "text_kib",
        "adds_per_s",
    ),
)
def run(options: Options) -> list[Row]:
    rows: list[Row] = []
    for size in options.sizes or (1000,):
        out, _, peak = run_measured(measure_live, size, options.num_perm)
        per = out["rss_bytes_per_article"]
        signature = 2 * options.num_perm * 8
        rest = per - out["document_bytes"] - out["lsh_bytes"]
        rows.append(
            {
                "articles": size,
                "kib_per_article": round(per / 1024, 1),
                "signature_kib": f"{signature / 1024:.1f} (uint64; {signature / 2048:.1f} as uint32)",
                "kib_beyond_signature": round((per - signature) / 1024, 1),
                "target_kib": 2.0,
                "document_kib": round(out["document_bytes"] / 1024, 1),
                "lsh_kib": round(out["lsh_bytes"] / 1024, 1),
                "rest_kib": round(rest / 1024, 1),
                "text_kib": round(out["text_bytes_per_article"] / 1024, 1),
                "adds_per_s": round(out["added"] / out["add_seconds"], 1),
                "signature_bytes_kept": out["signature_bytes_kept"],
                "clusters": out["clusters"],
                "child_peak_mib": round(peak),
            }
        )
    return rows
