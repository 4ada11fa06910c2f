"""The long-lived part of the service: the store, the live index and the write lock.

No Flask here: the views parse a request, call one method of
:class:`DedupeService` and return what it gives. Every write (upsert, kill,
retention sweep) holds one lock around "mutate the live index, write the
store, commit", so concurrent clients lose no write and never see a cluster
half-way through an update; if the commit fails, the index is put back.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dedupe.article import Article, require_addressable_id
from dedupe.config import Config
from dedupe.errors import InputError
from dedupe.history import cluster_summary
from dedupe.store import Store, StoredArticle, content_hash
from dedupe.versions import Delivery, judge_delivery
from dedupe.warmup import warm_up_engine

from .errors import ApiError
from .presentation import Presentation

__all__ = ["DedupeService", "Outcome"]

#: How often (seconds) a write also sweeps articles past the retention window out of the live index.
SWEEP_INTERVAL = 60.0


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What a write did: the HTTP status it deserves and the body to answer."""

    status: int
    body: dict[str, Any]


class DedupeService(Presentation):
    """Store plus live index, kept in step.

    Args:
        store: The open store (source of truth).
        index: A ``dedupe.live.LiveIndex`` built with the same configuration.
        config: The engine configuration (retention window, limits).
    """

    def __init__(self, store: Store, index: Any, config: Config):
        self.store = store
        self.index = index
        self.config = config
        self._lock = threading.RLock()
        self._ages: dict[str, datetime] = {}  # live id -> time retention counts from
        self._embargo: dict[str, datetime] = {}  # live id -> embargo end
        self._noticed = {member for member, _, _ in store.kill_notices()}  # members with kill notices
        self._last_sweep = 0.0
        self._sweeper: tuple[threading.Thread, threading.Event] | None = None
        self.restored_from_text = 0  # articles the last rebuild had to prepare and verify

    @classmethod
    def open(
        cls,
        db_path: str | Path,
        config: Config,
        *,
        reset_signatures: bool = False,
        cache_size: int | None = None,
    ) -> DedupeService:
        """Open the store at ``db_path`` and rebuild the live index from it.

        Args:
            db_path: The SQLite store.
            config: Engine configuration.
            reset_signatures: Drop stored signatures made with other sketch settings.
            cache_size: Prepared documents the live index keeps in memory
                (default ``dedupe.live.DEFAULT_CACHE_SIZE``); others are read from the store.
        """
        from dedupe.live import DEFAULT_CACHE_SIZE, LiveIndex  # the engine is heavy: import on start

        store = Store(db_path, config, reset_signatures=reset_signatures)

        def load(article_id: str) -> Article | None:
            stored = store.get(article_id)
            return stored.article if stored is not None else None

        index = LiveIndex(config, load=load, cache_size=cache_size or DEFAULT_CACHE_SIZE)
        service = cls(store, index, config)
        try:
            service.rebuild()
        except BaseException:
            store.close()
            raise
        return service

    def close(self) -> None:
        if self._sweeper is not None:
            thread, stop = self._sweeper
            stop.set()
            thread.join(timeout=30)
            self._sweeper = None
        self.store.close()

    # -- rebuild and retention ---------------------------------------------------

    def rebuild(self) -> int:
        """Load every live article from the store into the index; returns how many.

        Articles with a stored live record (signatures, links; see
        :mod:`dedupe.livestate`) come back without being prepared or verified, their
        clusters from the stored memberships. Only articles without one (a store
        written by an older version, changed settings) are indexed from their text,
        and their record is written so that the next start is fast.
        """
        from dedupe.livestate import unpack_lines, unpack_signatures

        with self._lock:
            count = 0
            slow: list[str] = []
            languages: Counter[str] = Counter()

            def restored() -> Iterator[tuple[Article, Any]]:
                nonlocal count
                for stored, record in self.store.live_articles_with_state():
                    self._track(stored)
                    count += 1
                    languages[stored.article.language or ""] += 1
                    if isinstance(record, tuple):
                        sig, lines = record
                        yield stored.article, unpack_signatures(sig) if sig else None, unpack_lines(lines)
                    else:
                        slow.append(stored.article.id)

            self.index.restore(
                restored(),
                self.store.live_links(),
                self.store.current_memberships(),
                furniture=self.store.furniture_lines(),
            )
            if slow:
                with self.store.transaction() as tx:
                    for aid in slow:
                        stored = self.store.get(aid)
                        if stored is not None:
                            self.index.add(stored.article)
                            self._record(tx, aid, stored.content_hash)
                            self._record_changes(tx)
            self.restored_from_text = len(slow)
            common = [lang for lang, n in languages.most_common(5) if lang and n * 100 >= count]
            warm_up_engine(self.config, common)
            self._sync_all_clusters()
            self._last_sweep = time.monotonic()
        # The rebuilt index lives as long as the process: keep the collector from
        # scanning it again and again (its full passes were the API's p99 pauses).
        gc.collect()
        gc.freeze()
        return count

    def _sync_all_clusters(self) -> None:
        """Record the index's clusters whose membership differs from the stored current ones."""
        stored = self.store.current_memberships()
        live = self.index.memberships()
        changed = [self.index.cluster(cid) for cid, ids in live.items() if stored.get(cid) != ids]
        gone = [cid for cid in stored if cid not in live]
        if changed or gone:
            with self.store.transaction() as tx:
                self.store.save_clusters(tx, changed, retire=gone)

    def _track(self, stored: StoredArticle) -> None:
        self._ages[stored.article.id] = stored.age_reference()
        if stored.article.embargo is not None:
            self._embargo[stored.article.id] = stored.article.embargo
        else:
            self._embargo.pop(stored.article.id, None)

    def _untrack(self, article_id: str) -> None:
        self._ages.pop(article_id, None)
        self._embargo.pop(article_id, None)

    def _cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.config.retention_days)

    def sweep(self, now: datetime | None = None) -> list[str]:
        """Take articles past the retention window out of the live index (the store keeps them)."""
        now = now or _now()
        with self._lock:
            cutoff = self._cutoff(now)
            expired = [aid for aid, ref in self._ages.items() if ref < cutoff]
            if expired:
                with self.store.transaction() as tx:
                    affected = self._neighbours(expired)
                    for aid in expired:
                        self.index.remove(aid)
                        self._untrack(aid)
                    self.store.drop_live_state(tx, expired)
                    self._save_affected(tx, affected, removed=expired)
            self._last_sweep = time.monotonic()
            return expired

    def sweep_every(self, seconds: float) -> None:
        """Also sweep on a timer, in a background thread that :meth:`close` stops.

        Writes sweep as they come (:meth:`_maybe_sweep`); a service that receives none (a
        quiet night) would otherwise keep answering reads with articles past the window.
        """
        stop = threading.Event()

        def run() -> None:
            while not stop.wait(seconds):
                try:
                    self.sweep()
                except Exception:  # a busy or failing store: the next write or tick tries again
                    logging.getLogger(__name__).exception("retention sweep failed")

        thread = threading.Thread(target=run, name="dedupe-retention-sweep", daemon=True)
        self._sweeper = (thread, stop)
        thread.start()

    def _maybe_sweep(self) -> None:
        if time.monotonic() - self._last_sweep > SWEEP_INTERVAL:
            self.sweep()

    # -- writes ------------------------------------------------------------------

    def upsert(self, article: Article) -> Outcome:
        """Store a version of an article and update its cluster (see docs/api.md for the rules)."""
        _check_article(article, self.config)
        now = _now()
        with self._lock:
            self._maybe_sweep()
            stored = self.store.get(article.id)
            if stored is not None:
                verdict, article = judge_delivery(
                    stored.article, article, same_hash=content_hash(article) == stored.content_hash
                )
                if verdict is Delivery.UNCHANGED:
                    return Outcome(200, self._answer(stored.article, changed=False))
                _refuse_old(verdict, article, stored.article)
            previous = stored.article if stored is not None and stored.article.id in self.index else None
            try:
                with self.store.transaction() as tx:
                    saved = self.store.put_article(tx, article, received_at=now)
                    affected = self._neighbours([article.id])
                    live = article.pubstatus == "usable" and saved.age_reference() >= self._cutoff(now)
                    if article.pubstatus == "canceled":
                        self.store.kill(tx, article.id, version=article, reason="canceled")
                        self._note_kill(tx, article.id, now)
                    if live:
                        self.index.add(article)
                        self._record(tx, article.id, saved.content_hash)
                        affected |= self._record_changes(tx)
                        self._track(saved)
                        self._save_affected(tx, affected | {article.id}, removed=())
                    else:
                        if article.id in self.index:
                            self.index.remove(article.id)
                        self.store.drop_live_state(tx, [article.id])
                        self._untrack(article.id)
                        self._save_affected(tx, affected, removed=[article.id])
            except BaseException:
                self._restore(article.id, previous)
                raise
            return Outcome(201 if stored is None else 200, self._answer(article, changed=True))

    def delete(self, article_id: str) -> None:
        """Kill an article: out of the live index, tombstoned, its former cluster recomputed."""
        with self._lock:
            stored = self.store.get(article_id)
            if stored is None:
                raise ApiError(404, "not_found", f"no article with id {article_id!r}")
            previous = stored.article if article_id in self.index else None
            try:
                with self.store.transaction() as tx:
                    self.store.kill(tx, article_id, reason="deleted")
                    affected = self._neighbours([article_id])
                    self._note_kill(tx, article_id, _now())
                    if article_id in self.index:
                        self.index.remove(article_id)
                    self.store.drop_live_state(tx, [article_id])
                    self._untrack(article_id)
                    self._save_affected(tx, affected, removed=[article_id])
            except BaseException:
                self._restore(article_id, previous)
                raise

    def _note_kill(self, tx: Any, article_id: str, at: datetime) -> None:
        """The killed story's cluster-mates carry a notice (their copy may have to come down)
        when it was the cluster's origin, the wire: an outlet withdrawing its own copy asks
        nothing of the others."""
        cluster = self.index.cluster_of(article_id) if article_id in self.index else None
        if cluster and cluster.get("origin") == article_id:
            mates = {m["article_id"] for m in cluster["members"]} - {article_id}
            self.store.note_kill(tx, article_id, mates, at)
            self._noticed |= mates  # (an extra id after a failed commit shows nothing)

    def _neighbours(self, article_ids: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for aid in article_ids:
            out.update(self.index.members_of(aid))
        return out

    def _record(self, tx: Any, article_id: str, chash: str) -> None:
        """Store what a fast restart needs of an article the index just took in."""
        from dedupe.livestate import pack_lines, pack_signatures

        signatures = self.index.signatures_of(article_id)
        packed = pack_signatures(signatures) if signatures is not None else None
        lines, links = pack_lines(self.index.lines_of(article_id)), self.index.links_of(article_id)
        self.store.put_live_state(tx, article_id, chash, packed, links, lines)

    def _record_changes(self, tx: Any) -> set[str]:
        """Store what the last add changed beyond its article; the ids whose clusters may have changed.

        When a line turns out to recur across unrelated articles, the index indexes its
        other holders again (``LiveIndex.last_changes``): their records change too.
        """
        changes = self.index.last_changes
        self.store.add_furniture_lines(tx, changes.furniture)
        for aid in sorted(changes.relinked):
            stored = self.store.get(aid)
            if stored is not None and aid in self.index:
                self._record(tx, aid, stored.content_hash)
        return changes.touched | changes.relinked

    def _save_affected(self, tx: Any, affected: Iterable[str], *, removed: Iterable[str]) -> None:
        """Store the current clusters of every affected article and retire those of removed ones."""
        retired = self.store.retire_articles(tx, removed)
        clusters: dict[str, dict[str, Any]] = {}
        for aid in sorted(affected):
            if aid in self.index and not any(aid in c["_ids"] for c in clusters.values()):
                cluster = self.index.cluster_of(aid)
                if cluster:
                    clusters[cluster["cluster_id"]] = {
                        **cluster,
                        "_ids": {m["article_id"] for m in cluster["members"]},
                    }
        for c in clusters.values():
            del c["_ids"]
        self.store.save_clusters(tx, clusters.values(), retire=retired)

    def _restore(self, article_id: str, previous: Article | None) -> None:
        """Put the index back as it was before a write whose commit failed."""
        try:
            if previous is not None:
                self.index.add(previous)
            elif article_id in self.index:
                self.index.remove(article_id)
        finally:
            stored = self.store.get(article_id)
            if previous is not None and stored is not None:
                self._track(stored)
            else:
                self._untrack(article_id)

    # -- reads -------------------------------------------------------------------

    def check(self, article: Article) -> dict[str, Any]:
        """The cluster ``article`` would join, without storing it; refused as a post of it
        would be (an older version, the stored version with other content)."""
        _check_article(article, self.config)
        stored = self.store.get(article.id)
        if stored is not None:
            verdict, article = judge_delivery(
                stored.article, article, same_hash=content_hash(article) == stored.content_hash
            )
            _refuse_old(verdict, article, stored.article)
        answer: dict[str, Any] = {"article_id": article.id, "version": article.version}
        reference = article.published_at or _now()
        if article.pubstatus != "usable" or reference < self._cutoff(_now()):
            # What a post of it would answer: stored, in no cluster.
            return {**answer, "live": False, "cluster": None, "not_live": self._why_not_live(article)}
        return {**answer, "live": True, "cluster": self._visible(self.index.check(article), probe=article)}

    def compare(self, a: Article, b: Article) -> dict[str, Any]:
        _check_article(a, self.config)
        _check_article(b, self.config)
        if a.id == b.id:
            # Two versions of one article: b's paragraphs under their own key, not over a's.
            b = b.replace(id=f"{b.id} (b)")
        return {"a": a.id, "b": b.id, **self.index.compare(a, b)}

    def list_clusters(
        self,
        *,
        since: datetime | None,
        outlet: str | None,
        min_size: int,
        limit: int,
        cursor: str | None,
    ) -> dict[str, Any]:
        found = self.store.page_clusters(
            since=since, outlet=outlet, min_size=min_size, limit=limit, cursor=cursor
        )
        return {
            "clusters": [cluster_summary(c) for c in found.clusters],
            "next_cursor": found.next_cursor,
            "resume_cursor": found.resume_cursor,
        }

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "live_articles": len(self.index),
            "stored_articles": self.store.count_articles(),
        }


def _refuse_old(verdict: Delivery, article: Article, stored: Article) -> None:
    """The 409s of a delivery that is older than the stored version or conflicts with it."""
    if verdict is Delivery.STALE:
        given = f"version {article.version!r} is older than" if article.version else "has no version after"
        raise ApiError(
            409,
            "stale_version",
            f"article {article.id!r}: {given} the stored version {stored.version!r}; "
            "nothing was changed (send a higher version to correct it)",
        )
    if verdict is Delivery.CONFLICT:
        raise ApiError(
            409,
            "version_conflict",
            f"article {article.id!r}: version {article.version!r} was already received with "
            "other content; send a correction with a higher version",
        )


def _check_article(article: Article, config: Config) -> None:
    """Refuse what no answer could carry: an id no URL names, no text, too much text."""
    require_addressable_id(article.id, source=article.source)
    if not article.text.strip() and article.pubstatus == "usable":  # a kill or withdrawal needs none
        raise InputError(f"article {article.id!r} has no usable text", source=article.source)
    if len(article.text) > config.max_text_chars:
        raise InputError(
            f"article {article.id!r} has {len(article.text)} characters, more than max_text_chars "
            f"({config.max_text_chars})",
            source=article.source,
        )
