"""Section ``batch_phases``: where a batch's time and memory go, stage by stage.

``dedupe.cluster`` on the scaled suite (as the ``batch`` section runs it), in a fresh
child, with the wall time and the resident memory of the process after each stage:

1. ``prepare``: :func:`dedupe.corpus.prepare_corpus` (segmenting, tokenising, weighting;
   from 2,000 articles a forked worker prepares part and hands it back packed), the
   furniture found across the batch, shingles;
2. ``verify``: :func:`dedupe.cluster.build_clusters` (sketching, LSH candidates,
   verification in forked workers, clustering);
3. ``describe``: the rest of the run, provenance of every cluster in forked workers and
   the result put together.

Once with forked workers on every core and once in one process, side by side: what
the second core buys in each stage. Memory is this process's RSS (a worker's pages
are its own), in KiB per article beyond what the input articles hold.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from .memory import run_measured
from .registry import Options, Row, section
from .scaled_suite import scaled_articles

DEFAULT_SIZES = (20_000,)


def _rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def phases(size: int, workers: int | None) -> dict[str, Any]:
    """Child: one timed ``dedupe.cluster`` run; seconds and RSS (MiB) after each stage."""
    from dedupe import Config, cluster

    engine = importlib.import_module("dedupe.cluster")  # the module (the package exports the function)
    articles, _ = scaled_articles(size)
    marks: dict[str, tuple[float, float]] = {}

    def timed(name: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            result = fn(*args, **kwargs)
            marks[name] = (time.perf_counter(), _rss_mib())
            return result

        return run

    engine.prepare_corpus = timed("prepare", engine.prepare_corpus)
    engine.build_clusters = timed("verify", engine.build_clusters)
    input_mib = _rss_mib()
    start = time.perf_counter()
    cluster(articles, Config(), workers=workers)
    marks["describe"] = (time.perf_counter(), _rss_mib())
    out: dict[str, Any] = {"input_mib": input_mib}
    previous = start
    for name in ("prepare", "verify", "describe"):
        at, rss = marks[name]
        out[f"{name}_s"] = at - previous
        out[f"kib_per_article_after_{name}"] = (rss - input_mib) * 1024 / size
        previous = at
    out["seconds"] = previous - start
    return out


@section(
    "batch_phases",
    description="dedupe.cluster stage by stage (prepare, verify, describe): seconds and memory per article",
    default_sizes=DEFAULT_SIZES,
    columns=(
        "articles",
        "workers",
        "seconds",
        "prepare_s",
        "verify_s",
        "describe_s",
        "kib_per_article_after_prepare",
        "kib_per_article_after_verify",
        "kib_per_article_after_describe",
        "peak_kib_per_article",
    ),
)
def run(options: Options) -> list[Row]:
    rows: list[Row] = []
    for size in options.sizes or DEFAULT_SIZES:
        for workers in (None, 1):
            out, _, peak_mib, _ = run_measured(phases, size, workers)
            rows.append(
                {
                    "articles": size,
                    "workers": "every core" if workers is None else workers,
                    **{k: round(v, 1) for k, v in out.items() if k != "input_mib"},
                    "peak_kib_per_article": round((peak_mib - out["input_mib"]) * 1024 / size, 1),
                }
            )
    return rows
