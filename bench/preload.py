"""Write a store that holds many indexed articles, fast (for the ``api`` section).

Replica 0 of the synthetic suite is indexed once by ``dedupe.live.LiveIndex``; its
record (signatures, verified links, clusters) is then written for as many replicas
as asked, under the replica's ids and dates, with each replica's signatures XOR-ed
with a mask of its own (see :mod:`bench.bench_api`). The service started on that
store rebuilds its live index from the record, as after any restart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from dedupe.article import Article, article_from_mapping
from dedupe.config import Config
from dedupe.describe import cluster_id_for
from dedupe.live import LiveIndex
from dedupe.livestate import pack_lines, pack_signatures, unpack_lines
from dedupe.store import Store

from .scaled_suite import REPLICA_DAYS, base_records

#: The service's engine settings in the benchmark (stored links are only reused with the same).
CONFIG = Config(retention_days=36500)
_FIELDS = ("id", "text", "outlet", "provider", "published_at", "language")


@dataclass
class ReplicaState:
    """What the live index made of replica 0, by replica-0 id."""

    records: list[dict[str, Any]]
    signatures: dict[str, bytes | None]
    links: dict[str, dict[str, tuple[float, str, bool]]]
    lines: dict[str, bytes]
    furniture: list[int]
    clusters: list[tuple[str, tuple[str, ...]]]  # (origin, members)
    adds_per_s: float


def replica_state() -> ReplicaState:
    """Index replica 0 article by article (the old restart's work) and keep its record."""
    records = [{k: r[k] for k in _FIELDS if k in r} for r in base_records()]
    articles = [article_from_mapping(r, source="bench") for r in records]
    index = LiveIndex(CONFIG)
    start = time.perf_counter()
    for article in articles:
        index.add(article)
    rate = len(articles) / (time.perf_counter() - start)
    signatures = {}
    for article in articles:
        found = index.signatures_of(article.id)
        signatures[article.id] = pack_signatures(found) if found is not None else None
    links = {a.id: {o: tuple(link) for o, link in index.links_of(a.id).items()} for a in articles}
    lines = {a.id: pack_lines(index.lines_of(a.id)) for a in articles}
    clusters = [
        (index.cluster(cid)["origin"], tuple(sorted(members))) for cid, members in index.memberships().items()
    ]
    furniture = sorted(index.furniture_lines())
    return ReplicaState(records, signatures, links, lines, furniture, clusters, rate)


def preload(db: Path, state: ReplicaState, replicas: int) -> int:
    """Write ``replicas`` copies of the replica-0 record into a new store at ``db``; how many articles."""
    now = datetime.now(UTC)
    outlets = {r["id"]: r.get("outlet") for r in state.records}
    count = 0
    with Store(db, CONFIG) as store:
        for replica in range(replicas):

            def new_id(old: str, replica: int = replica) -> str:
                return old if replica == 0 else f"{old}~r{replica}"

            mask = None
            line_mask = np.int64(0)
            if replica:
                # Renamed words make other lines: new line hashes, as new signatures.
                line_mask = np.random.default_rng(10_000 + replica).integers(-(2**62), 2**62)
                rng = np.random.default_rng(replica)
                mask = rng.integers(
                    0, 2**32, size=2 * CONFIG.num_perm, dtype=np.uint64
                )  # affine32: 32-bit values
            shift = timedelta(days=REPLICA_DAYS * replica)
            with store.transaction() as tx:
                for rec in state.records:
                    data = dict(rec, id=new_id(rec["id"]))
                    data["published_at"] = (datetime.fromisoformat(rec["published_at"]) + shift).isoformat()
                    article = article_from_mapping(data, source="bench")
                    saved = store.put_article(tx, article, received_at=now)
                    blob = state.signatures[rec["id"]]
                    if blob is not None and mask is not None:
                        blob = (np.frombuffer(blob, dtype="<u8") ^ mask).astype("<u8").tobytes()
                    links = {new_id(o): link for o, link in state.links[rec["id"]].items()}
                    lines = (unpack_lines(state.lines[rec["id"]]) ^ line_mask).astype("<i8").tobytes()
                    store.put_live_state(tx, article.id, saved.content_hash, blob, links, lines)
                    count += 1
                store.add_furniture_lines(tx, [int(np.int64(h) ^ line_mask) for h in state.furniture])
                store.save_clusters(
                    tx,
                    [
                        {
                            "cluster_id": cluster_id_for(Article(id=new_id(origin), text="-")),
                            "origin": new_id(origin),
                            "members": [{"article_id": new_id(m), "outlet": outlets.get(m)} for m in members],
                        }
                        for origin, members in state.clusters
                    ],
                )
    return count
