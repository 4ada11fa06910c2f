"""The live index's document cache: bounded, prepared again on a miss, pinned per operation."""

from __future__ import annotations

from dedupe.article import Article
from dedupe.document import prepare
from dedupe.livecache import DocumentCache

TEXTS = {f"a{n}": f"Meldung Nummer {n}: Der Rat der Stadt tagte am Montag zum {n}. Mal." for n in range(5)}


def make_cache(capacity: int) -> tuple[DocumentCache, list[str]]:
    prepared: list[str] = []

    def prep(article: Article):
        prepared.append(article.id)
        return prepare(article)

    return DocumentCache(prep, lambda i: Article(id=i, text=TEXTS[i], language="de"), capacity), prepared


def test_a_miss_prepares_again_and_the_least_recent_document_leaves() -> None:
    cache, prepared = make_cache(2)
    assert cache.get("a0").article.text == TEXTS["a0"]
    cache.get("a1")
    cache.get("a0")  # a0 is now the most recent
    cache.get("a2")  # a1 leaves
    cache.get("a0")
    cache.get("a1")
    assert prepared == ["a0", "a1", "a2", "a1"]
    assert cache.info() == {"hits": 2, "misses": 4, "size": 2, "capacity": 2}


def test_pinned_documents_stay_for_the_whole_operation() -> None:
    cache, prepared = make_cache(1)
    with cache.pinned():
        first = [cache.get(i) for i in TEXTS]
        again = [cache.get(i) for i in TEXTS]
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert prepared == list(TEXTS) and cache.info()["size"] == 1


def test_forget_drops_a_document_even_when_pinned() -> None:
    cache, prepared = make_cache(3)
    with cache.pinned():
        cache.get("a0")
        cache.forget("a0")
        cache.get("a0")
    assert prepared == ["a0", "a0"]


def test_feature_cache_is_bounded_and_keyed_by_the_document_object() -> None:
    from dedupe.livecache import FeatureCache

    cache = FeatureCache(capacity=2)
    docs = [prepare(Article(id=i, text=t, language="de")) for i, t in TEXTS.items()]
    for d in docs[:3]:
        cache.put(d, d.id)
    assert cache.get(docs[0]) is None and cache.get(docs[2]) == "a2"
    assert cache.get(prepare(docs[2].article)) is None  # same id, prepared again


def test_lru_forgets_the_entry_used_least_recently() -> None:
    from dedupe.livecache import LRU

    cache = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # b is now the least recent
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    cache.pop("a")
    cache.pop("missing")
    assert cache.get("a") is None
