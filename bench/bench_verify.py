"""Section ``verify``: cost of exact verification per candidate pair.

The pairs are the ones the batch verifies: the first ``size`` articles of the synthetic
suite (:mod:`bench.scaled_suite`) are prepared and sketched, and every pair that our
LSH index (``dedupe.index.CandidateIndex``, both views) proposes is measured with
``dedupe.verify.measure`` and scored with ``similarity``, each pair timed on its own.

Two passes: ``cold`` is the first comparison of each pair in a fresh process order,
so it includes filling each document's verification cache (numbers, rare terms, rare
sentences) on its first pair, as the batch pays it; ``warm`` repeats the same pairs
with the caches full. Preparation and sketching are not timed here (see ``batch``).
"""

from __future__ import annotations

import statistics
import time

from dedupe.config import Config
from dedupe.document import prepare
from dedupe.index import CandidateIndex
from dedupe.verify import measure, similarity

from .registry import Options, Row, section
from .scaled_suite import scaled_articles


def candidate_pairs(docs: list, config: Config) -> list[tuple[int, int]]:
    """Pairs our LSH proposes among ``docs`` (as ``build_clusters`` finds them)."""
    index = CandidateIndex(config)
    pairs: set[tuple[int, int]] = set()
    eligible = [i for i, d in enumerate(docs) if len(d.shingles)]
    for i, sig in zip(eligible, index.sketch([docs[i] for i in eligible]), strict=True):
        for hit in index.query(sig):
            j = int(hit)
            pairs.add((j, i) if j < i else (i, j))
        index.add(str(i), sig)
    return sorted(pairs)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@section(
    "verify",
    description="verification cost per LSH candidate pair (measure + similarity), microseconds",
    default_sizes=(400,),
    columns=(
        "articles",
        "pass",
        "pairs",
        "linked_share",
        "us_per_pair_mean",
        "us_p50",
        "us_p99",
        "measure_us_mean",
        "similarity_us_mean",
    ),
)
def run(options: Options) -> list[Row]:
    config = Config()
    rows: list[Row] = []
    for size in options.sizes or (400,):
        articles, _ = scaled_articles(size)
        docs = [prepare(a, shingle_size=config.shingle_size) for a in articles]
        pairs = candidate_pairs(docs, config)
        for name in ("cold", "warm"):
            totals, measures, scores, linked = [], [], [], 0
            for i, j in pairs:
                t0 = time.perf_counter_ns()
                evidence = measure(docs[i], docs[j])
                t1 = time.perf_counter_ns()
                score = similarity(evidence, window_days=config.window_days)
                t2 = time.perf_counter_ns()
                measures.append((t1 - t0) / 1000)
                scores.append((t2 - t1) / 1000)
                totals.append((t2 - t0) / 1000)
                linked += score >= config.threshold
            rows.append(
                {
                    "articles": size,
                    "pass": name,
                    "pairs": len(pairs),
                    "linked_share": round(linked / len(pairs), 3) if pairs else 0.0,
                    "us_per_pair_mean": round(statistics.fmean(totals), 1),
                    "us_p50": round(_percentile(totals, 0.50), 1),
                    "us_p99": round(_percentile(totals, 0.99), 1),
                    "measure_us_mean": round(statistics.fmean(measures), 1),
                    "similarity_us_mean": round(statistics.fmean(scores), 1),
                    "pairs_per_article": round(len(pairs) / size, 1),
                    "words_per_article": round(sum(d.words for d in docs) / size),
                }
            )
    return rows
