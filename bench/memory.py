"""Wall time and peak memory of a function run in a fresh child process.

For sections that report peak memory (batch clustering, live index): the child starts
from a clean interpreter (``spawn``), so its ``ru_maxrss`` is the function's own peak,
not the benchmark driver's.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable
from typing import Any


def _child(fn: Callable[..., Any], args: tuple, queue: Any) -> None:
    start = time.perf_counter()
    result = fn(*args)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    queue.put((result, wall, peak_kib / 1024))


def run_measured(fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """Run ``fn(*args)`` in a child; return (result, wall seconds, peak RSS in MiB).

    ``fn`` must be importable (a module-level function) and its result picklable.
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    if proc.exitcode != 0:
        raise RuntimeError(f"benchmark child exited with code {proc.exitcode}")
    return result
