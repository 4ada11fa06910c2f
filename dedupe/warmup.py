"""Load and compile at start what the first articles would otherwise wait for.

A service that has just rebuilt its index answers its first posts slowly if the
engine still has to load: word lists and frequency tables per language (about 1.1 s
for language detection, 0.2-0.4 s per language), the MinHash kernel's compiled code
from numba's cache, and modules that libraries import on first use (scipy's
hierarchical clustering behind scikit-learn's average linkage, the wire-format
parsers). Measured on the service, 11,658 articles indexed, 600 posts: 0.5 ms per
post on average went to imports and numba loading, all of it in the first requests,
which is what their p99 and max showed.

:func:`warm_up_engine` runs one small story through a throwaway
:class:`~dedupe.live.LiveIndex` (prepare, sketch, candidates, verification,
clustering, provenance), so the service's own index and store are never touched.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from .article import Article
from .config import Config
from .document import warm_up

__all__ = ["warm_up_engine"]

# Two versions of one made-up story: the second changes words in two paragraphs, keeps
# the third and adds one of its own, so they cluster and the provenance has edited,
# verbatim and unique paragraphs (a pair that did not cluster would warm up less).
_WIRE = (
    "Der Stadtrat von Beispielstadt hat am Dienstag den Bau einer neuen Brücke über den "
    "Fluss Musterbach beschlossen. Die Kosten werden auf 12,5 Millionen Euro geschätzt.\n\n"
    "Bürgermeisterin Erika Mustermann sprach von einem wichtigen Tag für die Region. "
    "Die alte Brücke aus dem Jahr 1961 sei seit Jahren marode und für Lastwagen gesperrt.\n\n"
    "Die Bauarbeiten sollen im Frühjahr 2027 beginnen und rund zwei Jahre dauern. "
    "Während dieser Zeit wird eine Umleitung über die Nachbargemeinde Probedorf eingerichtet."
)
_OUTLET = (
    "Der Stadtrat von Beispielstadt hat am Dienstag den Bau einer neuen Brücke über den "
    "Musterbach beschlossen. Die Kosten schätzt die Verwaltung auf 12,5 Millionen Euro.\n\n"
    "Bürgermeisterin Erika Mustermann sprach von einem wichtigen Tag für die ganze Region. "
    "Die alte Brücke aus dem Jahr 1961 ist seit Jahren für Lastwagen gesperrt.\n\n"
    "Die Bauarbeiten sollen im Frühjahr 2027 beginnen und rund zwei Jahre dauern. "
    "Während dieser Zeit wird eine Umleitung über die Nachbargemeinde Probedorf eingerichtet.\n\n"
    "Anwohner am Ufer hatten seit langem eine Lösung gefordert, ihre Initiative sammelte "
    "im vergangenen Herbst mehr als 3400 Unterschriften für einen Neubau an gleicher Stelle."
)


def warm_up_engine(config: Config, languages: Collection[str] = ()) -> dict[str, Any]:
    """Load word lists for ``languages`` and run one made-up story through a throwaway index.

    Returns the made-up story's cluster, which shows what was run.

    >>> len(warm_up_engine(Config())["members"])
    2
    """
    from scipy.cluster import hierarchy  # noqa: F401  (scikit-learn's average linkage imports it late)
    from sklearn.cluster import AgglomerativeClustering  # noqa: F401  (dedupe.cluster imports it on first use)

    from . import formats  # noqa: F401  (the API's first non-JSON post would import it)
    from .live import LiveIndex

    warm_up(languages)
    index = LiveIndex(config, cache_size=4, description_cache=4)
    published = datetime(2026, 1, 1, 12, tzinfo=UTC)
    cluster: dict[str, Any] = {}
    for article_id, outlet, text in (("warm-up-wire", "AFP", _WIRE), ("warm-up-outlet", "Zeitung", _OUTLET)):
        cluster = index.add(
            Article(id=article_id, text=text, outlet=outlet, language="de", published_at=published)
        )
    return cluster
