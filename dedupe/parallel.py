"""Both cores for the batch: forked workers that inherit the prepared documents.

Verifying candidate pairs and describing clusters (provenance) read prepared documents,
about 97 KiB each: far too much to send to another process. A worker forked after
preparation inherits them, computes its share of the work from that memory and sends
back only its results. What it costs is memory: reading an object changes its
reference count, so every page a worker reads is copied into it. Measured on the
scaled suite, the job's summed PSS grew 26% at 10,000 articles and 33% at 100,000
(docs/performance.md). So no more workers are forked than the machine's available
memory holds at half this process's resident size each: a batch that fits in one
process must not be killed for want of memory because it tried to use two cores.
Where fork is not available, or the work is small, everything runs here, in order,
with the same results. So it does in a process that runs other threads (a web server,
a progress monitor): a thread holding a lock at the moment of the fork (the import
lock, a logging handler's) leaves that lock held forever in the worker, which would
then hang the batch.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

__all__ = ["affordable_workers", "available_cores", "balanced_shares", "map_shares", "memory_available_kib"]

T = TypeVar("T")
R = TypeVar("R")

# Below this much work a fork (page tables of a large process, a worker start) costs
# more than half the work saves.
MIN_ITEMS = 64

# What a worker may copy of this process's memory (measured up to a third; see above).
WORKER_MEMORY_SHARE = 0.5

# The task of the running map_shares: workers inherit it at fork and look it up here.
_TASK: Callable[[Any], Any] | None = None


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _kib(path: str, field: str) -> int | None:
    try:
        with open(path, encoding="ascii") as lines:
            for line in lines:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def memory_available_kib() -> int | None:
    """The kernel's estimate of memory available without swapping (None where unknown)."""
    return _kib("/proc/meminfo", "MemAvailable")


def affordable_workers(workers: int) -> int:
    """``workers``, fewer where available memory cannot hold the extra ones (this one included)."""
    available, resident = memory_available_kib(), _kib("/proc/self/status", "VmRSS")
    if workers <= 1 or available is None or not resident:
        return max(1, workers)
    return max(1, min(workers, 1 + int(available // (WORKER_MEMORY_SHARE * resident))))


def balanced_shares(costs: Sequence[float], shares: int) -> list[list[int]]:
    """Positions ``0..len(costs)-1`` in ``shares`` lists of about equal total cost.

    Largest first, each to the lightest share so far; every list stays in ascending order.

    >>> balanced_shares([5, 1, 1, 1, 1, 1], 2)
    [[0], [1, 2, 3, 4, 5]]
    """
    shares = max(1, shares)
    totals = [0.0] * shares
    out: list[list[int]] = [[] for _ in range(shares)]
    for position in sorted(range(len(costs)), key=lambda p: (-costs[p], p)):
        lightest = min(range(shares), key=lambda s: (totals[s], s))
        out[lightest].append(position)
        totals[lightest] += costs[position]
    return [sorted(share) for share in out]


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """Worker start: end when the parent ends. A scheduler's SIGTERM (or a SIGKILL) reaches
    the parent alone; without this its workers ran on, holding their share of its memory."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return  # not Linux: the workers end when their share is done
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _run_share(share: Any) -> Any:
    assert _TASK is not None, "map_shares sets the task before it forks"
    return _TASK(share)


def map_shares(task: Callable[[T], R], shares: Sequence[T], *, workers: int) -> list[R]:
    """``[task(share) for share in shares]``, the shares after the first in forked workers.

    ``task`` may read anything this process holds: the workers are forked after it is
    set, inherit this process's memory, and send back only ``task``'s results (which
    must pickle). ``workers`` is the most processes in all, this one included; fewer
    are forked where memory is short (:func:`affordable_workers`), none while other
    threads run. A worker that dies
    (out of memory, killed) costs time, not results: its share is then computed here.
    """
    global _TASK
    if len(shares) > 1 and workers > 1:
        workers = affordable_workers(workers)
    if (
        workers <= 1
        or len(shares) <= 1
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [task(share) for share in shares]
    _TASK = task
    try:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(shares)) - 1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures: list[Future[R]] = [pool.submit(_run_share, share) for share in shares[1:]]
            first = task(shares[0])
            rest = []
            for share, future in zip(shares[1:], futures, strict=True):
                try:
                    rest.append(future.result())
                except BrokenProcessPool:
                    rest.append(task(share))
        return [first, *rest]
    finally:
        _TASK = None
