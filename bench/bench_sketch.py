"""Section ``sketch``: MinHash sketching throughput, ours against datasketch, same articles.

Every method gets the same input, one ``set`` of word 5-gram strings per article
(shingling is done once, outside the timings); datasketch's timings include the
``str.encode`` it needs. Methods are timed in turns, ``repeat`` rounds, and each keeps
its best round, so a burst of load on the shared machine hurts all methods alike.
Before any figure is reported, every signature is checked equal to datasketch's.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from datasketch import MinHash

from dedupe.sketch import Sketcher

from .corpus import synthetic_articles, word_shingles
from .registry import Options, Row, section


def _update_loop(docs: list[set[str]], num_perm: int, seed: int) -> list[np.ndarray]:
    out = []
    for doc in docs:
        m = MinHash(num_perm=num_perm, seed=seed)
        for s in doc:
            m.update(s.encode("utf-8"))
        out.append(m.hashvalues)
    return out


def _bulk(docs: list[set[str]], num_perm: int, seed: int) -> list[np.ndarray]:
    encoded = [[s.encode("utf-8") for s in doc] for doc in docs]
    return [m.hashvalues for m in MinHash.bulk(encoded, num_perm=num_perm, seed=seed)]


def _methods(num_perm: int, seed: int) -> dict[str, Callable[[list[set[str]]], list[np.ndarray]]]:
    one = Sketcher(num_perm, seed, threads=1)
    two = Sketcher(num_perm, seed, threads=2)
    pure = Sketcher(num_perm, seed, backend="numpy")
    methods = {
        "datasketch MinHash.update loop": lambda d: _update_loop(d, num_perm, seed),
        "datasketch MinHash.bulk": lambda d: _bulk(d, num_perm, seed),
        "dedupe Sketcher, numpy backend": pure.signatures,
        f"dedupe Sketcher, {one.backend} backend, 1 thread": one.signatures,
    }
    if two.backend == "numba":
        methods[f"dedupe Sketcher, {two.backend} backend, 2 threads"] = two.signatures
    return methods


@section(
    "sketch",
    description="MinHash sketching throughput (articles/s), same articles, side by side",
    default_sizes=(2000,),
    columns=("articles", "method", "seconds", "articles_per_s", "x_update_loop", "x_bulk", "identical"),
)
def run(options: Options) -> list[Row]:
    rows: list[Row] = []
    for size in options.sizes or (2000,):
        docs = [word_shingles(a) for a in synthetic_articles(size)]
        methods = _methods(options.num_perm, options.seed)
        first = {}
        for name, fn in methods.items():  # compile / warm up on a few articles, timed apart
            t = time.perf_counter()
            fn(docs[:5])
            first[name] = time.perf_counter() - t
        best = dict.fromkeys(methods, float("inf"))
        results = {}
        for _ in range(options.repeat):
            for name, fn in methods.items():
                t = time.perf_counter()
                results[name] = fn(docs)
                best[name] = min(best[name], time.perf_counter() - t)
        reference = results["datasketch MinHash.bulk"]
        loop, bulk = best["datasketch MinHash.update loop"], best["datasketch MinHash.bulk"]
        shingles = sum(map(len, docs))
        distinct = len(set().union(*docs))
        for name in methods:
            identical = all(np.array_equal(a, b) for a, b in zip(results[name], reference, strict=True))
            rows.append(
                {
                    "articles": size,
                    "method": name,
                    "seconds": round(best[name], 3),
                    "articles_per_s": round(size / best[name]),
                    "x_update_loop": round(loop / best[name], 1),
                    "x_bulk": round(bulk / best[name], 1),
                    "identical": identical,
                    "first_call_s": round(first[name], 3),
                    "shingles_per_article": round(shingles / size),
                    "distinct_shingle_share": round(distinct / shingles, 3),
                }
            )
    return rows
