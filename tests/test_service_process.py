"""The real server in a subprocess on loopback: crash safety and parallel clients."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
API = "/api/v1"

CONSONANTS, VOWELS = "bdfgklmnprstvz", "aeiou"


def invented_text(rng: random.Random, paragraphs: int = 3) -> str:
    """Made-up words, so that no two invented articles share a vocabulary and none clusters by chance."""

    def word() -> str:
        return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 4)))

    return "\n\n".join(" ".join(word() for _ in range(40)) + "." for _ in range(paragraphs))


class Server:
    """``service.serve.run`` in a child process, as ``dedupe serve`` runs it."""

    def __init__(self, db: Path, log: Path):
        self.db, self.log = db, log
        self.proc: subprocess.Popen | None = None
        self.base = ""

    def start(self) -> Server:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        env = {k: v for k, v in env.items() if not k.startswith("DEDUPE_")}
        code = f"from service.serve import run; run('127.0.0.1', 0, {str(self.db)!r}, {{}}, threads=8)"
        self.log.write_text("")
        with self.log.open("a") as err:
            self.proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stderr=err)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for line in self.log.read_text().splitlines():
                if "serving on http://" in line:
                    self.base = line.split("serving on ", 1)[1].split()[0]
                    return self
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited early:\n{self.log.read_text()}")
            time.sleep(0.05)
        raise AssertionError(f"server did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict | None]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, json.loads(exc.read() or b"null")


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "live.sqlite3", tmp_path / "server.log")
    yield srv
    if srv.proc is not None and srv.proc.poll() is None:
        srv.kill()


def _memberships(srv: Server, ids) -> dict[str, frozenset[str]]:
    out = {}
    for aid in ids:
        status, body = srv.call("GET", f"{API}/articles/{aid}")
        assert status == 200, (aid, body)
        out[aid] = frozenset(m["article_id"] for m in body["cluster"]["members"])
    return out


def test_acknowledged_posts_survive_sigkill(server, seed_articles):
    rng = random.Random(4)
    articles = list(seed_articles[:3]) + [{"id": f"extra-{i}", "text": invented_text(rng)} for i in range(2)]
    acked: list[str] = []
    server.start()
    for article in articles[:3]:
        status, _ = server.call("POST", f"{API}/articles", article)
        assert status == 201
        acked.append(article["id"])
    before = _memberships(server, acked)
    server.kill()  # no shutdown, no checkpoint: only what was committed may count

    server.start()
    assert _memberships(server, acked) == before
    for article in articles[3:]:
        status, _ = server.call("POST", f"{API}/articles", article)
        assert status == 201
        acked.append(article["id"])
    status, body = server.call("POST", f"{API}/articles", articles[0])
    assert (status, body["changed"]) == (200, False)
    before = _memberships(server, acked)
    server.kill()

    server.start()
    assert _memberships(server, acked) == before
    status, health = server.call("GET", "/healthz")
    assert health["stored_articles"] == health["live_articles"] == len(acked)
    server.proc.send_signal(signal.SIGTERM)  # a supervisor's stop ends cleanly
    assert server.proc.wait(timeout=20) == 0


def test_parallel_clients_lose_and_duplicate_nothing(server):
    rng = random.Random(9)
    articles = [{"id": f"p{i:03d}", "text": invented_text(rng, 2), "outlet": f"O{i % 3}"} for i in range(48)]
    server.start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda a: server.call("POST", f"{API}/articles", a)[0], articles))
        # Eight clients re-deliver one article at once: exactly one creates it.
        same = {"id": "same", "text": invented_text(rng)}
        redeliveries = list(pool.map(lambda _: server.call("POST", f"{API}/articles", same), range(8)))
        # Versions 1..8 of one story arrive in random order: the highest wins, none is lost silently.
        versions = [
            {"id": "v", "text": f"{invented_text(rng)} Fassung {n}.", "version": n} for n in range(1, 9)
        ]
        rng.shuffle(versions)
        version_answers = list(pool.map(lambda a: server.call("POST", f"{API}/articles", a)[0], versions))
    assert statuses == [201] * len(articles)
    assert sorted(s for s, _ in redeliveries) == [200] * 7 + [201]
    assert sum(body["changed"] for _, body in redeliveries) == 1
    assert set(version_answers) <= {200, 201, 409} and version_answers.count(201) == 1
    status, v = server.call("GET", f"{API}/articles/v")
    assert v["article"]["version"] == "8"
    assert len(v["versions"]) == version_answers.count(200) + 1

    listed: Counter[str] = Counter()
    cursor = None
    while True:
        status, page = server.call("GET", f"{API}/clusters?limit=7" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200
        for cluster in page["clusters"]:
            listed.update(m["article_id"] for m in cluster["members"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    expected = {a["id"] for a in articles} | {"same", "v"}
    assert set(listed) == expected
    assert max(listed.values()) == 1, "an article listed in two clusters"
    status, same_record = server.call("GET", f"{API}/articles/same")
    assert len(same_record["versions"]) == 1
