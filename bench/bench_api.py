"""Section ``api``: POST /api/v1/articles latency and throughput against the real service.

The service runs as it does in production, ``service.serve.run`` (waitress, its default threads,
one live index), in a child process on a free loopback port with its store in a
temporary folder. The articles are the synthetic suite scaled by replicas
(:mod:`bench.scaled_suite`), so posts join real clusters and every answer carries
the cluster with its per-paragraph provenance.

1. Pre-load, written into the store before the service starts (posting 100,000
   articles one by one would take hours): replica 0 of the suite is indexed once by
   ``dedupe.live.LiveIndex`` (its adds per second are the old restart speed, when
   every stored article was indexed from its text). Each of the ``ceil(size / suite)``
   replicas is then stored with that replica-0 record under its own ids (``~r<n>``),
   dates moved ``REPLICA_DAYS`` per replica and its signatures XOR-ed with a mask of
   the replica: collisions inside a replica stay, across replicas they become as
   rare as between unrelated texts. Stored texts are the replica-0 texts (only the
   measured posts read back texts of their own replica). So the store holds what a
   service that indexed ``preloaded`` articles would hold: articles, signatures,
   links, live record, current clusters.
2. Restart: the service starts on that store and rebuilds its live index from the
   stored record; ``restart_s`` is the time from launch to the first ``/healthz``
   answer, ``rss_mib`` the service's resident memory after it.
3. Measure, once per entry of ``CLIENTS``: ``POSTS`` new articles (the next replica's
   real texts, renamed as :mod:`bench.scaled_suite` does; each round its own replica)
   are posted by that many client threads (stopped at ``MEASURE_SECONDS``), each
   request timed on its own from send to full body read; every answer is checked
   (status 201, the posted article among its cluster's members, provenance paragraphs
   present). Two clients show the latency a CMS sees; eight keep the service busy
   all the time, so their requests per second are its capacity (one lock, one
   interpreter: more clients queue, they do not add throughput). Per round also the
   CPU per post of the service (all its threads, from /proc) and of the clients (this
   process): requests/s x service CPU per post stays near 0.95, so the CPU figure says
   what a change did while the machine's own speed moves the rate.

Loopback only, ``http.client`` from the standard library, keep-alive connections.
"""

from __future__ import annotations

import gc
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from .registry import Options, Row, section
from .scaled_suite import REPLICA_DAYS, _rename, base_records, renaming

CLIENTS = (2, 8)
POSTS = 1000  # 200 were one second at 8 clients: a single pause moved the rate by a fifth
MEASURE_SECONDS = 120.0
_ROOT = Path(__file__).resolve().parents[1]
_FIELDS = ("id", "text", "outlet", "provider", "published_at", "language")
_SERVER = """
import sys
from service.serve import run
run("127.0.0.1", int(sys.argv[1]), sys.argv[2], {"ENGINE": {"retention_days": 36500}})
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the service exited with code {proc.returncode} before it answered")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the service did not answer on port {port} within {timeout:.0f} s")


def _post_all(
    port: int, bodies: list[bytes], deadline: float, check: bool, clients: int
) -> tuple[list[float], list[str], float]:
    """Post ``bodies`` from ``clients`` threads until done or ``deadline``; latencies (s), problems, wall."""
    latencies: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    queue = iter(enumerate(bodies))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            n, body = item
            start = time.perf_counter()
            conn.request("POST", "/api/v1/articles", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            raw = response.read()
            elapsed = time.perf_counter() - start
            problem = None
            if response.status != 201:
                problem = f"post {n}: status {response.status}: {raw[:200]!r}"
            elif check:
                answer = json.loads(raw)
                members = (answer.get("cluster") or {}).get("members", [])
                if answer["article_id"] not in {m["article_id"] for m in members}:
                    problem = f"post {n}: the answer's cluster does not hold the posted article"
                elif len(members) > 1 and not any(m.get("paragraphs") for m in members):
                    problem = f"post {n}: a cluster of {len(members)} without provenance paragraphs"
            with lock:
                latencies.append(elapsed)
                if problem:
                    problems.append(problem)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    # This process holds the preloaded corpus, millions of objects: one full collection
    # of them stopped every client thread at once for 0.7 s (logged with gc.callbacks),
    # which the figures charged to the service as a p99 of 0.8 s. The clients make no
    # garbage cycles worth collecting while they post.
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return latencies, problems, time.perf_counter() - start
    finally:
        gc.enable()


def _bodies(records: tuple[dict, ...] | list[dict], replica: int) -> list[bytes]:
    """POST bodies of ``records`` as replica ``replica``: its ids, renamed words and dates."""
    mapping, shift = renaming(replica), timedelta(days=REPLICA_DAYS * replica)
    bodies = []
    for rec in records:
        body = {k: rec[k] for k in _FIELDS if k in rec}
        body["id"] = f"{rec['id']}~r{replica}"
        body["text"] = _rename(rec["text"], mapping)
        body["published_at"] = (datetime.fromisoformat(rec["published_at"]) + shift).isoformat()
        bodies.append(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return bodies


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used, all its threads."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _vm_rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@section(
    "api",
    description="POST latency p50/p99 (ms) and requests/s on the real service, N articles stored and indexed",
    default_sizes=(10_000,),
    columns=(
        "preload_target",
        "preloaded",
        "restart_s",
        "restart_before_s",
        "rss_mib",
        "posts",
        "clients",
        "ms_p50",
        "ms_p99",
        "ms_max",
        "requests_per_s",
        "service_cpu_ms",
        "client_cpu_ms",
        "errors",
    ),
)
def run(options: Options) -> list[Row]:
    from .preload import preload, replica_state

    rows: list[Row] = []
    state = replica_state()
    for size in options.sizes or (10_000,):
        base = base_records()
        replicas = -(-size // len(base))
        rounds = [_bodies(base[:POSTS], replicas + n) for n in range(len(CLIENTS))]
        with tempfile.TemporaryDirectory(prefix="dedupe-bench-") as tmp:
            db = Path(tmp) / "bench.sqlite3"
            started = time.perf_counter()
            preloaded = preload(db, state, replicas)
            preload_s = time.perf_counter() - started
            port = _free_port()
            log = open(Path(tmp) / "service.log", "w+b")  # noqa: SIM115 (closed below, after the child)
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER, str(port), str(db)], cwd=_ROOT, stdout=log, stderr=log
            )
            try:
                _wait_ready(port, proc, timeout=600.0)
                restart_s = time.perf_counter() - started
                rss = _vm_rss_mib(proc.pid)
                measured = []
                for clients, bodies in zip(CLIENTS, rounds, strict=True):
                    deadline = time.monotonic() + MEASURE_SECONDS
                    # CPU per post, the service's and this process's clients': the service is
                    # bound by one interpreter, so its capacity is about 1 / its CPU per post,
                    # and the clients' CPU shows how fast the machine ran in that round.
                    service_cpu, client_cpu = _cpu_s(proc.pid), time.process_time()
                    result = _post_all(port, bodies, deadline, check=True, clients=clients)
                    cpu = (_cpu_s(proc.pid) - service_cpu, time.process_time() - client_cpu)
                    measured.append((clients, *result, cpu))
                rss_after = _vm_rss_mib(proc.pid)
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                log.seek(0)
                tail = log.read()[-2000:].decode("utf-8", "replace")
                log.close()
        for clients, lat, problems, wall, (service_cpu, client_cpu) in measured:
            if not lat:
                raise RuntimeError(f"no measured request completed; service log:\n{tail}")
            rows.append(
                {
                    "preload_target": size,
                    "preloaded": preloaded,
                    "preload_write_s": round(preload_s, 1),
                    "restart_s": round(restart_s, 1),
                    "restart_before_s": round(preloaded / state.adds_per_s),
                    "replica0_adds_per_s": round(state.adds_per_s, 1),
                    "rss_mib": round(rss),
                    "rss_mib_after_posts": round(rss_after),
                    "posts": len(lat),
                    "clients": clients,
                    "ms_p50": round(_percentile(lat, 0.50) * 1000, 1),
                    "ms_p99": round(_percentile(lat, 0.99) * 1000, 1),
                    "ms_max": round(max(lat) * 1000, 1),
                    "requests_per_s": round(len(lat) / wall, 1),
                    "service_cpu_ms": round(service_cpu / len(lat) * 1000, 2),
                    "client_cpu_ms": round(client_cpu / len(lat) * 1000, 2),
                    "errors": len(problems),
                    "first_errors": problems[:3],
                    "target_ms_p99": 50,
                    "target_requests_per_s": 200,
                }
            )
    return rows
