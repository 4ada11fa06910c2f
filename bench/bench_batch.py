"""Section ``batch``: ``dedupe.cluster`` wall time and peak memory against corpus size.

Every size runs in a fresh child process (:func:`bench.memory.run_measured`), so peak
RSS is that run's own. The corpus is the synthetic suite scaled by replicas
(:mod:`bench.scaled_suite`), so it has real story clusters (about 6.5 articles per
story plus unrelated negatives) at every size.

Beside ours, in the same run and on the same articles, a baseline of plain datasketch:
word 5-gram shingles of the raw text, ``MinHash.bulk``, ``MinHashLSH(threshold=0.5)``
and connected components of the LSH candidate graph (no verification). Both are
checked against the gold stories (pairwise precision and recall) before their times
are reported, so a fast wrong answer shows as wrong.

Sizes run from small to large. Before each size the time is predicted from the sizes
already run (see :func:`_predict`: per-article plus per-candidate-pair cost, pairs
growing with the square of the size); a size predicted over ``options.budget`` seconds
is not run, and its row says so and gives the prediction.
"""

from __future__ import annotations

import resource
import time
from typing import Any

from dedupe.evaluate import pair_counts

from .memory import run_measured
from .registry import Options, Row, section
from .scaled_suite import scaled_articles

DEFAULT_SIZES = (1000, 2000, 4000, 10_000, 100_000, 1_000_000)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _labels(clusters: list[list[str]], ids: list[str]) -> list[int]:
    label = {aid: n for n, members in enumerate(clusters) for aid in members}
    # A rejected or unclustered article is a cluster of its own.
    return [label.get(aid, len(clusters) + k) for k, aid in enumerate(ids)]


def ours(size: int, workers: int | None = None) -> dict[str, Any]:
    """Child: ``dedupe.cluster`` on ``size`` articles; seconds, memory before, labels.

    ``workers``: as :func:`dedupe.cluster` takes it (None: one process per core).
    """
    from dedupe import Config, cluster

    articles, _ = scaled_articles(size)
    before = _peak_mib()
    start = time.perf_counter()
    result = cluster(articles, Config(), workers=workers)
    seconds = time.perf_counter() - start
    clusters = [[m["article_id"] for m in c["members"]] for c in result["clusters"]]
    return {
        "seconds": seconds,
        "rss_before_mib": before,
        "candidate_pairs": result["stats"]["candidate_pairs"],
        "labels": _labels(clusters, [a.id for a in articles]),
    }


def baseline(size: int, num_perm: int = 128, seed: int = 1) -> dict[str, Any]:
    """Child: datasketch MinHash.bulk + MinHashLSH(0.5) + connected components."""
    from datasketch import MinHash, MinHashLSH

    from .corpus import word_shingles

    articles, _ = scaled_articles(size)
    before = _peak_mib()
    start = time.perf_counter()
    shingled = [[s.encode("utf-8") for s in word_shingles(a.text)] for a in articles]
    sketches = MinHash.bulk(shingled, num_perm=num_perm, seed=seed)
    lsh = MinHashLSH(threshold=0.5, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for n, m in enumerate(sketches):
            session.insert(n, m, check_duplication=False)
    parent = list(range(len(articles)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = 0
    for n, m in enumerate(sketches):
        for other in lsh.query(m):
            if other > n:
                pairs += 1
                parent[find(other)] = find(n)
    labels = [find(n) for n in range(len(articles))]
    return {
        "seconds": time.perf_counter() - start,
        "rss_before_mib": before,
        "candidate_pairs": pairs,
        "labels": labels,
    }


def _predict(done: list[tuple[int, float, int]], size: int) -> tuple[float, int]:
    """Seconds and candidate pairs at ``size`` from the runs so far (size, seconds, pairs).

    Time is modelled as ``a * articles + b * candidate_pairs`` (per-article preparation,
    per-pair verification), fitted through the last two runs; candidate pairs grow with
    the square of the size, as they must when LSH proposes a fixed share of all pairs
    (the rewrite view's LSH, 19 bands of one row, proposes a pair sharing 1 % of its
    rare terms with chance 0.17). A single run, or a fit that gives a negative cost,
    gets a square law on time.
    """
    n2, t2, p2 = done[-1]
    pairs = round(p2 * (size / n2) ** 2)
    if len(done) >= 2:
        n1, t1, p1 = done[-2]
        det = n1 * p2 - n2 * p1
        if det:
            a = (t1 * p2 - t2 * p1) / det
            b = (n1 * t2 - n2 * t1) / det
            if a >= 0 and b >= 0:
                return a * size + b * pairs, pairs
    return t2 * (size / n2) ** 2, pairs


def _row(
    size: int, method: str, out: dict[str, Any], wall: float, peak: float, gold: list[str], tree: float
) -> Row:
    hits, predicted, truth = pair_counts(gold, out["labels"])
    return {
        "articles": size,
        "method": method,
        "seconds": round(out["seconds"], 2),
        "s_per_1000": round(out["seconds"] / size * 1000, 2),
        "peak_mib": round(peak),
        "tree_pss_peak_mib": round(tree),
        "mib_beyond_input": round(peak - out["rss_before_mib"]),
        "candidate_pairs": out["candidate_pairs"],
        "clusters": len(set(out["labels"])),
        "pair_precision": round(hits / predicted, 3) if predicted else 1.0,
        "pair_recall": round(hits / truth, 3) if truth else 1.0,
        "child_wall_s": round(wall, 1),
        "status": "run",
    }


@section(
    "batch",
    description="dedupe.cluster time and peak RSS by corpus size, beside plain datasketch LSH",
    default_sizes=DEFAULT_SIZES,
    columns=(
        "articles",
        "method",
        "seconds",
        "s_per_1000",
        "peak_mib",
        "tree_pss_peak_mib",
        "mib_beyond_input",
        "candidate_pairs",
        "clusters",
        "pair_precision",
        "pair_recall",
        "status",
    ),
)
def run(options: Options) -> list[Row]:
    rows: list[Row] = []
    done: list[tuple[int, float, int]] = []
    memory: list[tuple[int, float, float]] = []  # size, MiB before clustering, peak MiB
    for size in sorted(options.sizes or DEFAULT_SIZES):
        if done:
            predicted, pairs = _predict(done, size)
            if predicted > options.budget:
                n, before, peak = memory[-1]
                rows.append(
                    {
                        "articles": size,
                        "method": "dedupe.cluster",
                        "seconds": f"~{predicted:,.0f} (predicted)",
                        "s_per_1000": round(predicted / size * 1000, 1),
                        "peak_mib": f"~{before + (peak - before) * size / n:,.0f} (predicted, linear)",
                        "candidate_pairs": f"~{pairs:,} (predicted)",
                        "status": f"not run: predicted over the {options.budget:.0f} s budget",
                    }
                )
                continue
        _, gold = scaled_articles(size)
        out, wall, peak, tree = run_measured(ours, size)
        rows.append(_row(size, "dedupe.cluster", out, wall, peak, gold, tree))
        # The same in one process: what the forked workers (dedupe.parallel) add.
        alone, wall, peak, tree = run_measured(ours, size, 1)
        rows.append(_row(size, "dedupe.cluster, workers=1", alone, wall, peak, gold, tree))
        done.append((size, out["seconds"], out["candidate_pairs"]))
        memory.append((size, out["rss_before_mib"], peak))
        base, wall, peak, tree = run_measured(baseline, size, options.num_perm, options.seed)
        rows.append(_row(size, "datasketch bulk + LSH(0.5) + components", base, wall, peak, gold, tree))
        rows[-3]["x_baseline_time"] = round(out["seconds"] / base["seconds"], 1)
        rows[-2]["x_baseline_time"] = round(alone["seconds"] / base["seconds"], 1)
    return rows
