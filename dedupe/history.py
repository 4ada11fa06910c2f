"""The store's cluster history: every state a cluster went through, and cursor paging.

Part of :class:`dedupe.store.Store` (kept apart to keep each module small); it uses the
store's connection helpers ``_read`` and the write transaction ``tx``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from . import jsontext
from .errors import InputError

if TYPE_CHECKING:
    from .store import _Tx

__all__ = ["ClusterHistory", "ClusterPage", "cluster_summary", "decode_cursor"]


_MAX_SEQ = 2**63 - 1


def decode_cursor(cursor: str | None) -> int:
    """Turn an opaque listing cursor back into the sequence number it stands for.

    >>> decode_cursor(None)
    0
    >>> decode_cursor(ClusterHistory.encode_cursor(42))
    42
    """
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        seq = int(value["after"])
    except (ValueError, KeyError, TypeError, OverflowError, binascii.Error, UnicodeError):
        raise InputError(
            f"cursor {cursor!r} is not valid: pass the 'next_cursor' of a previous page unchanged"
        ) from None
    if not 0 <= seq <= _MAX_SEQ:  # SQLite's integers are 64-bit
        raise InputError(
            f"cursor {cursor!r} is not valid: pass the 'next_cursor' of a previous page unchanged"
        )
    return seq


class ClusterPage(NamedTuple):
    """One page of :meth:`ClusterHistory.page_clusters`."""

    clusters: list[dict[str, Any]]
    next_cursor: str | None  # None on the last page
    resume_cursor: str  # where a later poll picks up: the clusters changed after this page


class ClusterHistory:
    """Cluster snapshots and listing, mixed into :class:`dedupe.store.Store`."""

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:  # provided by Store
        raise NotImplementedError

    # -- clusters ----------------------------------------------------------------

    def save_clusters(
        self, tx: _Tx, clusters: Iterable[Mapping[str, Any]], retire: Iterable[str] = ()
    ) -> None:
        """Record the current state of ``clusters`` and mark ``retire`` as no longer current.

        Any other current cluster that shares a member with a saved one is retired
        too, since an article belongs to one cluster at a time.
        """
        now = datetime.now(UTC).isoformat()
        saved: set[str] = set()
        for cluster in clusters:
            cid = str(cluster["cluster_id"])
            saved.add(cid)
            members = [m["article_id"] for m in cluster.get("members", [])]
            stale = tx.execute(
                # CROSS JOIN keeps SQLite's planner on the member index: with a plain JOIN it
                # walked every current cluster (4 ms a post at 11k articles, growing with the store).
                "SELECT DISTINCT m.cluster_id FROM cluster_members m CROSS JOIN clusters c USING (cluster_id) "
                f"WHERE c.current = 1 AND m.article_id IN ({','.join('?' * len(members))})",
                members,
            ).fetchall()
            for (old,) in stale:
                if old != cid:
                    tx.execute("UPDATE clusters SET current = 0 WHERE cluster_id = ?", (old,))
            seq = tx.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM clusters").fetchone()[0]
            tx.execute(
                "INSERT OR REPLACE INTO clusters VALUES (?, ?, 1, ?, ?, ?)",
                (cid, seq, len(members), now, jsontext.dumps(dict(cluster))),
            )
            tx.execute("DELETE FROM cluster_members WHERE cluster_id = ?", (cid,))
            tx.executemany(
                "INSERT OR IGNORE INTO cluster_members VALUES (?, ?, ?)",
                [(cid, m["article_id"], m.get("outlet")) for m in cluster.get("members", [])],
            )
        for cid in retire:
            if cid not in saved:
                tx.execute("UPDATE clusters SET current = 0 WHERE cluster_id = ?", (cid,))

    def retire_articles(self, tx: _Tx, article_ids: Iterable[str]) -> list[str]:
        """Retire the current clusters of these articles; returns the retired cluster ids."""
        retired = []
        for aid in article_ids:
            for (cid,) in tx.execute(
                "SELECT m.cluster_id FROM cluster_members m CROSS JOIN clusters c USING (cluster_id) "
                "WHERE c.current = 1 AND m.article_id = ?",
                (aid,),
            ).fetchall():
                tx.execute("UPDATE clusters SET current = 0 WHERE cluster_id = ?", (cid,))
                retired.append(cid)
        return retired

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        """The last stored snapshot of a cluster id (current or not), with ``current`` and ``updated_at``."""
        rows = self._read(
            "SELECT data, current, updated_at FROM clusters WHERE cluster_id = ?", (cluster_id,)
        )
        if not rows:
            return None
        data, current, updated = rows[0]
        return {**json.loads(data), "current": bool(current), "updated_at": updated}

    def cluster_ids_of(self, article_id: str) -> list[str]:
        """Every cluster id the article was ever a member of, the current one first."""
        rows = self._read(
            "SELECT m.cluster_id FROM cluster_members m CROSS JOIN clusters c USING (cluster_id) "
            "WHERE m.article_id = ? ORDER BY c.current DESC, c.seq DESC",
            (article_id,),
        )
        return [r[0] for r in rows]

    def current_cluster_ids(self) -> list[str]:
        return [r[0] for r in self._read("SELECT cluster_id FROM clusters WHERE current = 1")]

    def current_memberships(self) -> dict[str, frozenset[str]]:
        """Member ids of every current cluster, in one query (for the start-up sync)."""
        out: dict[str, set[str]] = {cid: set() for cid in self.current_cluster_ids()}
        for cid, aid in self._read(
            "SELECT m.cluster_id, m.article_id FROM cluster_members m JOIN clusters c USING (cluster_id) "
            "WHERE c.current = 1"
        ):
            out[cid].add(aid)
        return {cid: frozenset(ids) for cid, ids in out.items()}

    @staticmethod
    def encode_cursor(seq: int) -> str:
        raw = json.dumps({"after": seq}).encode("ascii")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    # -- kill notices --------------------------------------------------------------

    def note_kill(self, tx: _Tx, killed_id: str, members: Iterable[str], at: datetime) -> None:
        """Record that ``members`` were clustered with ``killed_id`` (their origin) when it was killed."""
        tx.executemany(
            "INSERT OR REPLACE INTO kill_notices VALUES (?, ?, ?)",
            [(m, killed_id, at.isoformat()) for m in sorted(set(members) - {killed_id})],
        )

    def kill_notices(self, member_id: str | None = None) -> list[tuple[str, str, str]]:
        """(member, killed article, killed at) of one member, or of all, oldest kill first."""
        where, args = ("WHERE member_id = ?", (member_id,)) if member_id is not None else ("", ())
        return [
            (m, k, at)
            for m, k, at in self._read(
                f"SELECT member_id, killed_id, killed_at FROM kill_notices {where} ORDER BY killed_at, killed_id",
                args,
            )
        ]

    def page_clusters(
        self,
        *,
        since: datetime | None = None,
        outlet: str | None = None,
        min_size: int = 1,
        limit: int = 50,
        cursor: str | None = None,
    ) -> ClusterPage:
        """Current clusters in the order they last changed, one page at a time: the page
        (stored cluster snapshots), the cursor of the next page (``None`` after the last)
        and the cursor to resume from after this page, last page or not."""
        after = decode_cursor(cursor)
        sql = (
            "SELECT c.seq, c.data, c.updated_at FROM clusters c "
            "WHERE c.current = 1 AND c.seq > ? AND c.size >= ?"
        )
        args: list[Any] = [after, min_size]
        if since is not None:
            sql += " AND c.updated_at >= ?"
            args.append(since.astimezone(UTC).isoformat())
        if outlet is not None:
            sql += (
                " AND EXISTS (SELECT 1 FROM cluster_members m"
                " WHERE m.cluster_id = c.cluster_id AND m.outlet = ? COLLATE NOCASE)"
            )
            args.append(outlet)
        sql += " ORDER BY c.seq LIMIT ?"
        args.append(limit + 1)
        rows = self._read(sql, args)
        page = [{**json.loads(data), "updated_at": updated} for _, data, updated in rows[:limit]]
        next_cursor = self.encode_cursor(rows[limit - 1][0]) if len(rows) > limit else None
        # A cluster that changes is stored again under a higher sequence number, so polling
        # from here later gives exactly the clusters that changed meanwhile.
        resume = self.encode_cursor(rows[:limit][-1][0] if rows else after)
        return ClusterPage(page, next_cursor, resume)


def cluster_summary(cluster: dict[str, Any]) -> dict[str, Any]:
    """What a listing shows of a stored cluster: its id, origin, size, time and members."""
    members = cluster.get("members", [])
    return {
        "cluster_id": cluster["cluster_id"],
        "origin": cluster.get("origin"),
        "size": len(members),
        "updated_at": cluster.get("updated_at"),
        "members": [
            {k: m.get(k) for k in ("article_id", "outlet", "relation", "similarity")} for m in members
        ],
    }
