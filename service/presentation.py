"""How the service shows what it holds: answers and clusters as the API returns them.

A mixin of :class:`service.state.DedupeService`: it reads the service's store, live
index, embargoes and kill notices, and never changes the index's own dicts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dedupe.article import Article

from .errors import ApiError

if TYPE_CHECKING:
    from dedupe.config import Config
    from dedupe.store import Store

__all__ = ["Presentation"]


class Presentation:
    store: Store
    index: Any
    config: Config
    _embargo: dict[str, datetime]
    _noticed: set[str]  # members with kill notices

    def _answer(self, article: Article, *, changed: bool) -> dict[str, Any]:
        live = article.id in self.index
        cluster = self.index.cluster_of(article.id) if live else None
        answer = {
            "article_id": article.id,
            "version": article.version,
            "pubstatus": article.pubstatus,
            "changed": changed,
            "live": live,
            "cluster": self._visible(cluster) if cluster else None,
        }
        if not live:
            answer["not_live"] = self._why_not_live(article)
        return answer

    def _why_not_live(self, article: Article, received_at: datetime | None = None) -> str:
        """Why an accepted article is in no cluster: a CMS must not read it as 'no match'."""
        if self.store.tombstone(article.id) is not None:
            return (
                "the article was killed (DELETE or a canceled version); a higher version publishes it again"
            )
        if article.pubstatus != "usable":
            return f"the article is {article.pubstatus}: kept out of clustering"
        days = self.config.retention_days
        reference = article.published_at or received_at
        if reference is not None and reference < datetime.now(UTC) - timedelta(days=days):
            return (
                f"published_at {reference.isoformat()} is more than the retention window of {days:g} days "
                "ago: stored, not clustered (the window is DEDUPE_ENGINE's retention_days)"
            )
        return "the article is not in the live index"

    def _embargoed(self, article_id: str, embargo: datetime | None = None) -> bool:
        until = embargo or self._embargo.get(article_id)
        return until is not None and until > datetime.now(UTC)

    def _visible(self, cluster: dict[str, Any] | None, probe: Article | None = None) -> dict[str, Any] | None:
        """The cluster as the API shows it: every member's text (which paragraph offsets point
        into) filled in from the store, and held back for members under embargo."""
        if cluster is None:
            return None
        # Never change the index's own dicts; members get new keys only, so copying them
        # is enough (a deep copy of the provenance cost 2.6 ms a post).
        shown = {**cluster, "members": [dict(m) for m in cluster.get("members", [])]}
        for m in shown.get("members", []):
            aid = m["article_id"]
            if self._embargoed(aid):
                m["text"] = None
                m["paragraphs"] = []
                m["embargoed_until"] = self._embargo[aid].isoformat()
            elif m.get("text") is None and probe is not None and aid == probe.id:
                m["text"] = probe.text
            elif m.get("text") is None:
                stored = self.store.get(aid)
                m["text"] = stored.article.text if stored else None
            notices = self.store.kill_notices(aid) if aid in self._noticed else []
            if notices:
                # A story it was clustered with was killed: its copy may have to come down.
                m["kill_notices"] = [{"article_id": killed, "killed_at": at} for _, killed, at in notices]
        return shown

    # -- reads of stored articles and clusters ---------------------------------

    def article(self, article_id: str) -> dict[str, Any]:
        """The current version of a stored article, its version history and its cluster."""
        stored = self.store.get(article_id)
        if stored is None:
            raise ApiError(404, "not_found", f"no article with id {article_id!r}")
        if self.store.tombstone(article_id) is not None:
            raise ApiError(410, "killed", f"article {article_id!r} was killed and is no longer served")
        if stored.article.pubstatus == "withheld":
            raise ApiError(404, "withheld", f"article {article_id!r} is withheld")
        data = stored.article.to_dict()
        if self._embargoed(article_id, stored.article.embargo):
            data.pop("text", None)
            data["embargoed"] = True
        live = article_id in self.index
        answer = {
            "article": data,
            "received_at": stored.received_at.isoformat(),
            "live": live,
            "versions": self.store.versions(article_id),
            "cluster": self._cluster_of(article_id),
        }
        if not live:  # as a post's answer says it: a CMS must not read it as "no match"
            answer["not_live"] = self._why_not_live(stored.article, stored.received_at)
        return answer

    def _cluster_of(self, article_id: str) -> dict[str, Any] | None:
        if article_id in self.index:
            return self._visible(self.index.cluster_of(article_id))
        for cid in self.store.cluster_ids_of(article_id):
            snap = self._snapshot(cid)
            if snap is not None:
                return snap
        return None

    def cluster(self, cluster_id: str) -> dict[str, Any]:
        """A cluster by id: live if it is, else the live cluster its members moved to, else history."""
        live = self.index.cluster(cluster_id)
        if live is not None:
            return self._visible(live)
        snap = self.store.cluster(cluster_id)
        if snap is None:
            raise ApiError(404, "not_found", f"no cluster with id {cluster_id!r}")
        for member in snap.get("members", []):
            aid = member["article_id"]
            if aid in self.index:
                return self._visible(self.index.cluster_of(aid))
        history = self._snapshot(cluster_id)
        if history is None:
            raise ApiError(404, "not_found", f"cluster {cluster_id!r} has no article that may be shown")
        return history

    def _snapshot(self, cluster_id: str) -> dict[str, Any] | None:
        """A stored cluster, without members that were killed or withheld since."""
        snap = self.store.cluster(cluster_id)
        if snap is None:
            return None
        members = []
        for m in snap.get("members", []):
            stored = self.store.get(m["article_id"])
            if stored is None or stored.article.pubstatus != "usable":
                continue
            if self.store.tombstone(m["article_id"]) is not None:
                continue
            members.append(m)
        if not members:
            return None
        snap["members"] = members
        snap["live"] = False
        return self._visible(snap)
