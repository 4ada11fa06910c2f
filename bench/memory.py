"""Wall time and peak memory of a function run in a fresh child process.

For sections that report peak memory (batch clustering, live index): the child starts
from a clean interpreter (``spawn``), so its ``ru_maxrss`` is the function's own peak,
not the benchmark driver's. The batch forks workers (:mod:`dedupe.parallel`) whose
memory ``ru_maxrss`` does not see, so the driver also samples the proportional set size
(PSS: shared pages split between the processes sharing them) of the child and all its
descendants, summed, every quarter second: the memory the whole job holds.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import resource
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Shortest pause between two samples of the process tree's PSS (seconds).
SAMPLE_EVERY = 0.25


def _child(fn: Callable[..., Any], args: tuple, queue: Any) -> None:
    start = time.perf_counter()
    result = fn(*args)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    queue.put((result, wall, peak_kib / 1024))


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            todo.extend(int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split())
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float, float]:
    """Run ``fn(*args)`` in a child; return (result, wall seconds, peak RSS of the child
    in MiB, peak summed PSS of the child and its workers in MiB; 0 where /proc is missing).

    ``fn`` must be importable (a module-level function) and its result picklable.
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, queue))
    proc.start()
    tree_peak = [0]
    done = threading.Event()

    def sample() -> None:
        # Reading smaps_rollup walks a process's page tables under its memory lock: at
        # 100,000 articles (6 GiB) one sample of the tree took 76 ms, so sampling every
        # 0.25 s kept a third of a core busy and slowed the run it measured (100k:
        # 132 s measured against 110 s timed in process). The pause adapts to keep the
        # sampler under 5% of one core; peaks last seconds, so they are still seen.
        pause = SAMPLE_EVERY
        while not done.wait(pause):
            started = time.perf_counter()
            tree_peak[0] = max(tree_peak[0], sum(_pss_kib(p) for p in _descendants(proc.pid)))
            pause = max(SAMPLE_EVERY, 20 * (time.perf_counter() - started))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result = queue.get()
    done.set()
    sampler.join()
    proc.join()
    if proc.exitcode != 0:
        raise RuntimeError(f"benchmark child exited with code {proc.exitcode}")
    value, wall, peak = result
    return value, wall, peak, tree_peak[0] / 1024
