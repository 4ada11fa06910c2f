"""One cluster as the batch JSON shows it: origin, relations to it, provenance.

The batch (:func:`dedupe.cluster.cluster`) and the live index (:mod:`dedupe.live`)
describe their clusters with :func:`describe_cluster`, so both give the same shape.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from .agencies import AGENCIES, DATELINE, is_agency_name
from .article import Article
from .config import Config
from .document import Document
from .provenance import FeatureStore, provenance
from .verify import VERBATIM_KEPT, Comparison, kept_share

__all__ = ["AGENCIES", "choose_origin", "cluster_id_for", "describe_cluster"]

# A headline above the dateline is a line of up to this many words (wire headlines run 5 to 15).
_HEADLINE_WORDS = 25


def _agency_rank(doc: Document) -> int:
    r"""0: the agency's own item (an agency as outlet, or a provider and no outlet); 1: agency
    copy by a declared provider or by the dateline it opens with; 2: an outlet's own text.

    An outlet's page that runs agency copy ranks below the agency's item: a preview the
    outlet ran in the morning is no origin of the agency's report in the afternoon.

    >>> from dedupe.document import prepare
    >>> wire = "GENEVA (AFP) - The WHO warned on Tuesday.\n\nIt said more."
    >>> _agency_rank(prepare(Article(id="w", text=wire, provider="AFP")))
    0
    >>> _agency_rank(prepare(Article(id="w", text=wire)))
    1
    >>> _agency_rank(prepare(Article(id="h", text="Cholera cases triple, WHO says\n\n" + wire)))
    1
    >>> page = "Home > World > Health\n\nCholera cases triple, WHO says\n\n" + wire
    >>> _agency_rank(prepare(Article(id="c", text=page)))
    2
    >>> _agency_rank(prepare(Article(id="u", text="CEDAR KEY, Fla. (AP) — The storm hit.\n\nMore.")))
    1
    >>> _agency_rank(prepare(Article(id="o", text="It rained.", outlet="The Associated Press")))
    0
    >>> _agency_rank(prepare(Article(id="g", text="It rained.", provider="Lindauer Bote")))
    1
    """
    article = doc.article
    if is_agency_name(article.outlet) or (is_agency_name(article.provider) and not article.outlet):
        return 0
    if article.provider:
        # A provider no agency list knows (a paper's own NewsML-G2 item) or an outlet's
        # page that names the agency it ran: agency copy, not the agency's own item.
        return 1
    content = doc.content
    if not content:
        return 2
    if DATELINE.match(content[0].span.text):
        return 1
    dated_below_headline = (
        len(content) > 1
        and len(content) == len(doc.paragraphs)  # no furniture at all
        and _is_headline(content[0].span.text)
        and bool(DATELINE.match(content[1].span.text))
    )
    return 1 if dated_below_headline else 2


def _is_headline(text: str) -> bool:
    """One line of a few words that does not end a sentence."""
    words = text.split()
    return "\n" not in text.strip() and 0 < len(words) <= _HEADLINE_WORDS and not text.rstrip().endswith(".")


def cluster_id_for(origin: Article) -> str:
    """A cluster's id follows its origin, so it is stable while the origin stays."""
    return "c-" + hashlib.sha1(origin.id.encode("utf-8")).hexdigest()[:16]


def choose_origin(members: Sequence[Document], score: Callable[[int, int], float]) -> int:
    """The agency's own item first, then agency copy, then the earliest publication, then a
    text without site furniture, then the most central member.

    Furniture before centrality: an outlet's page that ran the wire and added its own
    paragraphs holds every other version, so it is the most central, but its navigation
    and credits say it is a republication; the clean text beside it is the likelier wire.
    """

    def key(position: int) -> tuple:
        doc = members[position]
        article = doc.article
        published = article.published_at.timestamp() if article.published_at else float("inf")
        furnished = len(doc.content) < len(doc.paragraphs)
        centrality = sum(score(position, other) for other in range(len(members)) if other != position)
        return (_agency_rank(doc), published, furnished, -centrality, article.id)

    return min(range(len(members)), key=key)


def _alone(doc: Document) -> dict[str, Any]:
    """The provenance fields of the one member of a cluster: content ``unique``, furniture
    ``boilerplate``, as :func:`dedupe.provenance.provenance` would mark them beside members
    that share nothing with it."""
    paragraphs = [
        {
            "index": p.index,
            "start": p.span.start,
            "end": p.span.end,
            "status": "boilerplate" if p.furniture else "unique",
            "matches": [],
        }
        for p in doc.paragraphs
    ]
    own = any(p["status"] == "unique" for p in paragraphs)
    return {
        "text": doc.article.text,
        "paragraphs": paragraphs,
        "unique_share": 1.0 if own else 0.0,
        "origin_share": 1.0,
    }


def describe_cluster(
    members: Sequence[Document],
    config: Config,
    compare: Callable[[int, int], Comparison],
    *,
    features: FeatureStore | None = None,
) -> dict[str, Any]:
    """The batch JSON for one cluster: origin, relations, similarities and provenance.

    ``features``: where to keep provenance's sentence features between calls (see
    :func:`dedupe.provenance.provenance`).
    """
    origin = choose_origin(members, lambda i, j: compare(i, j).similarity)
    out_members = []
    for position, doc in enumerate(members):
        if position == origin:
            relation, score = "origin", 1.0
        else:
            comparison = compare(position, origin)
            relation, score = comparison.relation, comparison.similarity
            if relation in ("verbatim", "edited"):
                # Relative to the origin, whichever way round the pair was measured:
                # did this version keep the origin's text word for word?
                kept = kept_share(members[origin], doc)
                relation = "verbatim" if kept >= VERBATIM_KEPT else "edited"
            if relation == "unrelated":
                # Joined through other members (a rewrite's copy, corroborated rewrites):
                # it carries the story's facts, not the origin's wording. Its best link
                # would describe its relation to that other member, not to the origin (a
                # copy of a rewrite read "verbatim" at similarity 0.004 to the wire).
                relation = "rewritten"
        out_members.append(
            {
                "article_id": doc.id,
                "outlet": doc.article.display_outlet,
                "title": doc.article.title,
                "published_at": doc.article.published_at.isoformat() if doc.article.published_at else None,
                "language": doc.article.language,
                "relation": relation,
                "similarity": round(score, 4),
            }
        )
    if len(members) > 1:
        explained = provenance(members, origin=origin, features=features)
        for member, extra in zip(out_members, explained, strict=True):
            member.update(extra)
            # Nearly all of the origin's words, but some changed or cut against the origin's
            # own paragraph (a corrected figure: "12" for "14"): an edit, however small.
            if member["relation"] == "verbatim" and any(
                p["status"] == "edited"
                and p["matches"]
                and p["matches"][0]["article_id"] == members[origin].id
                for p in extra["paragraphs"]
            ):
                member["relation"] = "edited"
    else:
        # The same fields as every member of a larger cluster (the JSON contract): nobody
        # else ran the story, so all its content is its own.
        out_members[0].update(_alone(members[0]))
    return {
        "cluster_id": cluster_id_for(members[origin].article),
        "origin": members[origin].id,
        "members": out_members,
    }
