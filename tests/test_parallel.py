"""Forked workers: shares computed elsewhere come back in order, and the batch's output
does not depend on how many processes made it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import dedupe
import dedupe.parallel as parallel
from dedupe.article import article_from_mapping

ROOT = Path(__file__).resolve().parents[1]

needs_fork = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork on this platform"
)


@given(st.lists(st.floats(min_value=0, max_value=1e6), max_size=60), st.integers(min_value=1, max_value=5))
@example([87381.75709644871] * 5, 2)
def test_balanced_shares_hand_out_every_position_once_and_in_order(costs: list[float], shares: int) -> None:
    out = parallel.balanced_shares(costs, shares)
    assert len(out) == shares
    assert sorted(p for share in out for p in share) == list(range(len(costs)))
    assert all(share == sorted(share) for share in out)
    totals = sorted(sum(costs[p] for p in share) for share in out)
    # Largest first to the lightest share: no share exceeds another by more than one item
    # (up to the rounding of float sums: five costs of 87381.757... in shares of three and
    # two differ by one cost plus 3e-11).
    assert totals[-1] - totals[0] <= max(costs, default=0) * (1 + 1e-9)


@needs_fork
def test_shares_after_the_first_run_in_another_process_that_sees_this_ones_memory() -> None:
    inherited = {"words": list(range(10_000))}  # not sent anywhere: the worker inherits it

    def task(share: list[int]) -> tuple[int, int]:
        return os.getpid(), sum(inherited["words"][i] for i in share)

    shares = [[1, 2], [3, 4], [5]]
    out = parallel.map_shares(task, shares, workers=2)
    assert [total for _, total in out] == [3, 7, 5]
    assert out[0][0] == os.getpid()
    assert {pid for pid, _ in out[1:]} != {os.getpid()}


@needs_fork
def test_a_worker_that_dies_costs_its_share_nothing() -> None:
    parent = os.getpid()

    def task(share: list[int]) -> list[int]:
        if os.getpid() != parent:
            os._exit(9)  # killed, as by the OOM killer
        return [x * 2 for x in share]

    assert parallel.map_shares(task, [[1], [2, 3]], workers=2) == [[2], [4, 6]]


@needs_fork
def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def task(share: list[int]) -> int:
        if share == [2]:
            raise ValueError("bad share")
        return 0

    with pytest.raises(ValueError, match="bad share"):
        parallel.map_shares(task, [[1], [2]], workers=2)


@needs_fork
def test_the_batch_gives_the_same_json_with_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (ROOT / "fixtures" / "eval" / "invented.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [
        article_from_mapping(r) for r in map(json.loads, lines) if r.get("type", "article") == "article"
    ]
    articles += [
        article_from_mapping({"id": p.stem, "text": p.read_text(encoding="utf-8")})
        for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    alone = dedupe.cluster(articles, workers=1)
    calls: list[int] = []
    real = parallel.map_shares

    def counted(task, shares, *, workers):  # type: ignore[no-untyped-def]
        calls.append(len(shares))
        return real(task, shares, workers=workers)

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # fork even for this small batch
    monkeypatch.setattr(parallel, "map_shares", counted)
    together = dedupe.cluster(articles, workers=2)
    assert calls == [2, 2], "verification and description were not split"
    assert json.dumps(together, ensure_ascii=False) == json.dumps(alone, ensure_ascii=False)
    texts = {a.id: a.text for a in articles}
    shared = [m for c in together["clusters"] if len(c["members"]) > 1 for m in c["members"]]
    assert shared and all(m["text"] == texts[m["article_id"]] for m in shared)


@needs_fork
def test_no_worker_is_forked_where_memory_could_not_hold_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "memory_available_kib", lambda: 1024)  # 1 MiB left
    assert parallel.affordable_workers(2) == 1
    pids = parallel.map_shares(lambda share: os.getpid(), [[1], [2]], workers=2)
    assert pids == [os.getpid(), os.getpid()]
    monkeypatch.setattr(parallel, "memory_available_kib", lambda: 1 << 40)  # 1 TiB
    assert parallel.affordable_workers(2) == 2


@needs_fork
def test_nothing_is_forked_while_other_threads_run() -> None:
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        pids = parallel.map_shares(lambda share: os.getpid(), [[1], [2]], workers=2)
    finally:
        release.set()
        other.join()
    assert pids == [os.getpid(), os.getpid()]


_SLEEPER = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from dedupe.parallel import map_shares

def task(share):
    if share == 2:
        with open(sys.argv[2], "w") as fh:
            fh.write(str(os.getpid()))
    time.sleep(60)
    return share

map_shares(task, [1, 2], workers=2)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's (prctl)")
def test_a_worker_ends_when_its_parent_is_terminated(tmp_path: Path) -> None:
    # A scheduler's timeout sends SIGTERM to the nightly job alone: its forked worker must
    # not run on, holding its share of the memory, after the job is gone.
    pid_file = tmp_path / "worker.pid"
    root = str(Path(__file__).resolve().parents[1])
    parent = subprocess.Popen([sys.executable, "-c", _SLEEPER, root, str(pid_file)])
    try:
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        worker = int(pid_file.read_text())
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (
            not Path(f"/proc/{worker}").exists() or "Z" in Path(f"/proc/{worker}/stat").read_text().split()[2]
        )
    finally:
        parent.kill()
        if pid_file.exists() and pid_file.read_text():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)  # never left behind by a failing run
