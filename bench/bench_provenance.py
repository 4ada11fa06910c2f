"""Section ``provenance``: paragraph provenance time for one confirmed cluster.

The clusters are synthetic versions of real wire stories: the ``STORIES`` wire texts of
the synthetic suite (:mod:`bench.scaled_suite`) nearest to ``WORDS`` words each get
``size - 1`` outlet versions from ``dedupe.synth.generate_suite`` (cuts, rewording,
reordering, own paragraphs, typography, page furniture), so a cluster of ``size``
members. Members are prepared once (``dedupe.document.prepare``, not timed); then
``dedupe.provenance.provenance(docs, origin=0)`` is timed ``RUNS`` times per cluster,
one thread, and the figures are over all runs of all clusters. Each run is timed twice
in turn: with Python's cyclic garbage collector as a library caller has it, and paused
as ``dedupe.cluster`` pauses it for a batch (its full passes are the slow runs).
"""

from __future__ import annotations

import statistics
import time
from contextlib import nullcontext

from dedupe.article import article_from_mapping
from dedupe.cluster import collector_paused
from dedupe.document import prepare
from dedupe.provenance import provenance
from dedupe.synth import generate_suite

from .registry import Options, Row, section
from .scaled_suite import base_records

WORDS = 600
STORIES = 5
RUNS = 20


def clusters(size: int, stories: int = STORIES, words: int = WORDS) -> list[list]:
    """Prepared members of ``stories`` synthetic clusters of ``size`` members each."""
    wires = [r for r in base_records() if "wire" in r["tags"]]
    wires.sort(key=lambda r: (abs(len(r["text"].split()) - words), r["id"]))
    out = []
    for n, wire in enumerate(wires[:stories]):
        records = generate_suite([wire["text"]], versions=(size - 1, size - 1), pairs_per_story=0, seed=n)
        articles = [article_from_mapping(r, source="bench") for r in records if r["type"] == "article"]
        out.append([prepare(a) for a in articles])
    return out


@section(
    "provenance",
    description="provenance() time for one cluster of ~600-word versions of a story, ms",
    default_sizes=(10,),
    columns=(
        "members",
        "collector",
        "words_per_member",
        "runs",
        "ms_mean",
        "ms_p50",
        "ms_p99",
        "ms_max",
        "ms_per_member",
    ),
)
def run(options: Options) -> list[Row]:
    rows: list[Row] = []
    for size in options.sizes or (10,):
        prepared = clusters(size)
        times: dict[str, list[float]] = {"on": [], "paused (batch)": []}
        per_cluster: dict[str, list[float]] = {k: [] for k in times}
        for docs in prepared:
            for _ in range(RUNS):
                for mode, series in times.items():
                    with collector_paused() if mode != "on" else nullcontext():
                        start = time.perf_counter()
                        result = provenance(docs, origin=0)
                        series.append((time.perf_counter() - start) * 1000)
            for mode, series in times.items():
                per_cluster[mode].append(round(sorted(series[-RUNS:])[RUNS // 2], 1))
            if len(result) != len(docs):
                raise RuntimeError(f"provenance gave {len(result)} entries for {len(docs)} members")
        words = [d.words for docs in prepared for d in docs]
        for mode, series in times.items():
            ordered = sorted(series)
            rows.append(
                {
                    "members": size,
                    "collector": mode,
                    "words_per_member": round(statistics.fmean(words)),
                    "runs": len(series),
                    "ms_mean": round(statistics.fmean(series), 1),
                    "ms_p50": round(ordered[len(ordered) // 2], 1),
                    "ms_p99": round(ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))], 1),
                    "ms_max": round(ordered[-1], 1),
                    "ms_per_member": round(statistics.fmean(series) / size, 2),
                    "clusters": len(prepared),
                    "ms_p50_per_cluster": per_cluster[mode],
                    "words_per_cluster": [sum(d.words for d in docs) for docs in prepared],
                }
            )
    return rows
