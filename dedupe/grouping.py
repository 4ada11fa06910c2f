"""Which verified links make one story: the rules that turn pairs into clusters.

Verification (:mod:`dedupe.verify`) says how alike two texts are. A pair at or above
the threshold is a strong link (copies, edits); a pair below it with enough rare
evidence is a weak link, a possible rewrite (:func:`is_rewrite_link`). A weak link
alone never joins two stories: :func:`group_positions` asks for corroboration by an
independent version. The batch (:mod:`dedupe.cluster`) and the live index
(:mod:`dedupe.live`) group with the same function, so both give the same clusters.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import numpy as np

from .agencies import same_place
from .config import Config
from .verify import Comparison

__all__ = [
    "AGENCY_REWORK_SECONDS",
    "COPY_SHARE",
    "Dated",
    "group_positions",
    "is_rewrite_link",
    "is_strong_link",
]

# Average linkage over more members than this is skipped for the graph's own edges.
_MAX_DENSE_COMPONENT = 300


def _average_linkage(
    members: list[int], score: Callable[[int, int], float], threshold: float
) -> list[list[int]]:
    """Split a connected component so that every cluster's average link clears ``threshold``."""
    n = len(members)
    if n == 1:
        return [members]
    distance = np.ones((n, n))
    np.fill_diagonal(distance, 0.0)
    for i, j in itertools.combinations(range(n), 2):
        distance[i, j] = distance[j, i] = 1.0 - score(members[i], members[j])
    cut = 1.0 - threshold + 1e-9
    if distance.max() < cut:
        # Every pair links, so every average of their distances is below the cut too and
        # average linkage keeps one cluster: the usual case (copies of one story), without
        # the cost of fitting a model (about 1 ms).
        return [members]
    # Imported here: scikit-learn takes 0.8 s to import, which every command (even
    # `dedupe --help`) paid; the service loads it at start (dedupe.warmup).
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=cut
    )
    labels = model.fit_predict(distance)
    groups: dict[int, list[int]] = defaultdict(list)
    for member, label in zip(members, labels, strict=True):
        groups[int(label)].append(member)
    return list(groups.values())


def is_rewrite_link(comparison: Comparison, config: Config) -> bool:
    """A pair below the threshold that may still be two rewrites of one story.

    Not when their distinctive numbers contradict (two or more each, none shared):
    rewrites keep the wire's figures, two closing reports of different days do not.
    """
    evidence = comparison.evidence
    if comparison.similarity >= config.threshold or evidence.rare_evidence < config.rewrite_evidence:
        return False
    if evidence.number_agreement == 0.0:
        return False
    return not (
        config.window_days and evidence.days_apart is not None and evidence.days_apart > config.window_days
    )


#: An agency reworks its own item (an urgent into the full story) within the news day; its
#: item of the next day on the same matter (the strike's second day, the final after the
#: preview) is another story, however alike their names and figures.
AGENCY_REWORK_SECONDS = 12 * 3600


class Dated(Protocol):
    source: str | None  # the agency the text's dateline names (dedupe.agencies.dateline)
    place: str | None  # the place the dateline names
    published: float | None  # its reference time, seconds since 1970


#: Two items of one agency dated from two places, or half a day or more apart, are one story
#: only where one is mostly the other's text (this share of either's word 5-grams): a
#: follow-up from Istanbul built on the summary from Moscow and Berlin (0.67 in the dpa
#: sample), not two accident reports on one template (0.32) or the next day's item that
#: reuses the first day's background (0.39, both in helpers' probes).
COPY_SHARE = 0.5


def is_strong_link(similarity: float, threshold: float, a: Dated, b: Dated, surface: float = 1.0) -> bool:
    """A link at or above ``threshold``, except between two items dated by one agency where
    neither holds ``COPY_SHARE`` of the other's word 5-grams (``surface``, see
    :attr:`dedupe.verify.Evidence.surface`) and they are dated from two places or half a
    day or more apart (see AGENCY_REWORK_SECONDS).

    A copy keeps its dateline, or drops it; it never moves it. Two items an agency dated
    from two places on one template (two motorway accidents, two match reports) differ in
    little but their names and figures, and their aligned sentences read as an edit. An
    agency's item of the next day on the same matter (the strike's second day, the cause
    found after the blast) reuses its background paragraphs, and reads as an edit too.

    >>> class D:
    ...     def __init__(self, source, published, place=None):
    ...         self.source, self.published, self.place = source, published, place
    >>> is_strong_link(0.91, 0.5, D("afp", 0.0), D("afp", 86400.0), 0.2)
    False
    >>> is_strong_link(0.91, 0.5, D("afp", 0.0), D("afp", 3600.0), 0.2)
    True
    >>> is_strong_link(0.92, 0.5, D("reuters", 0.0, "pasadena"), D("reuters", 86400.0, "pasadena"), 0.39)
    False
    >>> is_strong_link(0.91, 0.5, D("afp", 0.0), D("afp", 86400.0), 0.95)
    True
    >>> is_strong_link(0.91, 0.5, D("dpa", 0.0, "kassel"), D("dpa", 60.0, "münster"), 0.32)
    False
    >>> is_strong_link(0.99, 0.5, D("dpa", 0.0, "istanbul"), D("dpa", 60.0, "moskau/berlin"), 0.67)
    True
    """
    if similarity < threshold:
        return False
    if not a.source or a.source != b.source or surface >= COPY_SHARE:
        return True
    if not same_place(a.place, b.place):
        return False
    if a.published is None or b.published is None:
        return True
    return abs(a.published - b.published) < AGENCY_REWORK_SECONDS


def _components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of ``0..n-1`` under ``edges`` (union-find), each in ascending order."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(i)] = find(j)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        components[find(i)].append(i)
    return list(components.values())


def group_positions(
    n: int,
    strong: Iterable[tuple[int, int]],
    weak: Iterable[tuple[int, int]],
    score: Callable[[int, int], float],
    threshold: float,
    publishers: Sequence[str | None] | None = None,
    sources: Sequence[str | None] | None = None,
) -> list[list[int]]:
    """Clusters of positions ``0..n-1``.

    1. Strong links (similarity at or above ``threshold``) make connected components,
       each split by average linkage so that one digest item cannot chain stories.
    2. Weak (rewrite) links then join two clusters only when a third cluster has weak
       links to both: corroboration by an independent version. Near-copies of one
       text fall in one cluster in step 1, so they cannot corroborate each other.
       Nor can one outlet's items: a weak link between two clusters that hold items of
       one outlet (``publishers``, an :attr:`Article.publisher` per position) does not
       count. An agency's own items on one topic (three match reports, each closing
       with the other matches' scores) share its templates and running context; an
       agency updates its story by reusing its text (a strong link), not by
       rewriting it. Nor can two clusters that each hold copy dated by one agency
       (``sources``, its :func:`~dedupe.agencies.dateline_agency` per position): two
       items of one agency, a preview and its report, or two reports on one template.
    3. A cluster of near-copies that two or more outlets ran (a wire that outlets
       carried) and that no two of its weakly linked clusters corroborate as in 2
       joins every cluster weakly linked to it once those come from two or more outlets.
    4. The joins of 2 and 3 are made strongest link first, and never put two clusters
       of dated agency copy in one story: an agency story is one agency's item. AP's
       and Reuters' reports of one runoff, or AFP's reports of the women's and the
       men's final, stay apart even where outlets' rewrites link to both; each rewrite
       follows the item it is closest to.
    """
    components = _components(n, strong)
    groups: list[list[int]] = []
    for members in components:
        if len(members) == 1 or len(members) > _MAX_DENSE_COMPONENT:
            groups.append(members)  # too large for all pairs: verified edges as they are
        else:
            groups.extend(_average_linkage(members, score, threshold))
    group_of = {m: g for g, members in enumerate(groups) for m in members}
    published_by = [
        {publishers[m] for m in members if publishers[m]} if publishers else set() for members in groups
    ]
    # Outlets that ran a cluster's text, an unnamed one counted once each.
    carried_by = [
        len(published_by[g]) + sum(1 for m in members if not (publishers and publishers[m]))
        for g, members in enumerate(groups)
    ]
    dated_by = [{sources[m] for m in members if sources[m]} if sources else set() for members in groups]
    neighbours: dict[int, set[int]] = defaultdict(set)
    strength: dict[tuple[int, int], float] = {}
    for i, j in weak:
        gi, gj = group_of[i], group_of[j]
        if (
            gi != gj
            and published_by[gi].isdisjoint(published_by[gj])
            and dated_by[gi].isdisjoint(dated_by[gj])
        ):
            neighbours[gi].add(gj)
            neighbours[gj].add(gi)
            pair = (min(gi, gj), max(gi, gj))
            strength[pair] = max(strength.get(pair, 0.0), score(i, j))
    corroborated = [
        (g, h) for g, others in neighbours.items() for h in others if g < h and neighbours[g] & neighbours[h]
    ]
    # A story that two or more outlets carried as copy (a cluster of near-copies) is
    # established agency copy: once rewrites of two or more other outlets have weak
    # links to it, each corroborates the others' link, though rewrites that kept
    # different facts share too little with each other to link themselves. Not where
    # some of its rewrites corroborate each other: beside those, a text that no other
    # version corroborates is as likely the same topic (the court's other ruling, a
    # rival's job cuts) as one more rewrite.
    triangles = {g for pair in corroborated for g in pair}
    corroborated += [
        (g, h)
        for g, others in neighbours.items()
        if carried_by[g] >= 2
        and g not in triangles
        and len({frozenset(published_by[h]) or h for h in others}) >= 2
        for h in others
    ]
    joined = _joined_with_one_agency_item(len(groups), corroborated, strength, [bool(d) for d in dated_by])
    return [[m for g in joined_groups for m in groups[g]] for joined_groups in joined]


def _joined_with_one_agency_item(
    n: int, edges: Iterable[tuple[int, int]], strength: dict[tuple[int, int], float], dated: list[bool]
) -> list[list[int]]:
    """Components of ``0..n-1`` under ``edges``, strongest first, where no component takes
    two clusters of dated agency copy: a rewrite follows the agency item it is closest to."""
    parent = list(range(n))
    holds_dated = list(dated)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g, h in sorted({(min(e), max(e)) for e in edges}, key=lambda e: (-strength.get(e, 0.0), e)):
        rg, rh = find(g), find(h)
        if rg == rh or (holds_dated[rg] and holds_dated[rh]):
            continue
        parent[rg] = rh
        holds_dated[rh] = holds_dated[rh] or holds_dated[rg]
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        components[find(i)].append(i)
    return list(components.values())
