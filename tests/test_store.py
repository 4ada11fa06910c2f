"""The SQLite store: durability settings, versions, kills, signatures, cluster history."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest

from dedupe.article import Article
from dedupe.config import Config
from dedupe.errors import InputError, SignatureMismatchError, StoreError
from dedupe.store import Store

NOW = datetime.now(UTC)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite3", Config()) as s:
        yield s


def _put(store: Store, article: Article, **kw) -> None:
    with store.transaction() as tx:
        store.put_article(tx, article, **kw)


def _cluster(cid: str, *ids: str, outlet: str = "X") -> dict:
    return {
        "cluster_id": cid,
        "origin": ids[0],
        "members": [{"article_id": i, "outlet": outlet} for i in ids],
    }


def test_store_is_wal_with_full_sync(store):
    assert store.journal_mode == "wal"
    conn = store._conn()
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_article_survives_reopen_with_every_field(tmp_path):
    article = Article(
        id="urn:x:1",
        text="Erster Absatz.\n\nZweiter Absatz.",
        outlet="Zeitung",
        title="Titel",
        published_at=NOW - timedelta(hours=1),
        version="3",
        pubstatus="usable",
        embargo=NOW + timedelta(days=1),
        genre="Meldung",
    )
    with Store(tmp_path / "s.sqlite3", Config()) as s:
        _put(s, article)
    with Store(tmp_path / "s.sqlite3", Config()) as s:
        back = s.get("urn:x:1").article
    assert back == article.replace(source="store")


def test_versions_are_kept_and_redeliveries_not_duplicated(store):
    v1 = Article(id="a", text="eins", version="1")
    v2 = Article(id="a", text="zwei", version="2")
    for article in (v1, v2, v2):
        _put(store, article)
    assert [v["version"] for v in store.versions("a")] == ["1", "2"]
    assert store.get("a").article.text == "zwei"


def test_a_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.transaction() as tx:
        store.put_article(tx, Article(id="a", text="x"))
        raise RuntimeError("crash between write and commit")
    assert store.get("a") is None


def test_kill_tombstones_and_a_newer_usable_version_lifts_it(store):
    _put(store, Article(id="a", text="x", version="1"))
    with store.transaction() as tx:
        store.kill(tx, "a")
    assert store.tombstone("a").version == "1"
    assert [s.article.id for s in store.live_articles()] == []
    _put(store, Article(id="a", text="y", version="2"))
    assert store.tombstone("a") is None
    assert [s.article.id for s in store.live_articles()] == ["a"]


def test_live_articles_follow_retention_and_status(tmp_path):
    with Store(tmp_path / "s.sqlite3", Config(retention_days=10)) as s:
        _put(s, Article(id="fresh", text="x", published_at=NOW - timedelta(days=2)))
        _put(s, Article(id="old", text="x", published_at=NOW - timedelta(days=20)))
        _put(s, Article(id="old-arrival", text="x"), received_at=NOW - timedelta(days=11))
        _put(s, Article(id="new-arrival", text="x"))
        _put(s, Article(id="held", text="x", pubstatus="withheld"))
        live = {a.article.id for a in s.live_articles()}
        assert live == {"fresh", "new-arrival"}
        assert s.count_articles() == 5  # the store keeps what the live index lets go


def test_other_sketch_params_are_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "s.sqlite3"
    with Store(path, Config()) as s, s.transaction() as tx:
        s.put_article(tx, Article(id="a", text="x"))
        s.put_signature(tx, "a", b"\x00" * 16, Config().sketch_params())
    with pytest.raises(SignatureMismatchError, match=r"num_perm: stored 128 vs running 64"):
        Store(path, Config(num_perm=64))
    with Store(path, Config(num_perm=64), reset_signatures=True) as s:
        assert s.signature("a") is None
        assert s.get("a").article.text == "x"  # articles are kept


def test_a_signature_made_with_other_params_cannot_be_stored(store):
    with pytest.raises(SignatureMismatchError), store.transaction() as tx:
        store.put_signature(tx, "a", b"\x00", Config(seed=7).sketch_params())


def test_params_may_change_while_no_signature_is_stored(tmp_path):
    Store(tmp_path / "s.sqlite3", Config()).close()
    Store(tmp_path / "s.sqlite3", Config(num_perm=64)).close()


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 50)
    with pytest.raises(StoreError, match="not a database"):
        Store(path, Config())


def test_saving_a_merged_cluster_retires_the_old_ones(store):
    with store.transaction() as tx:
        store.save_clusters(tx, [_cluster("c1", "a"), _cluster("c2", "b")])
    with store.transaction() as tx:
        store.save_clusters(tx, [_cluster("c3", "a", "b")])
    assert sorted(store.current_cluster_ids()) == ["c3"]
    assert store.cluster("c1")["current"] is False
    assert store.cluster_ids_of("a")[0] == "c3"


def test_cluster_listing_pages_cover_everything_once(store):
    with store.transaction() as tx:
        store.save_clusters(tx, [_cluster(f"c{i}", f"a{i}", outlet="A" if i % 2 else "B") for i in range(7)])
    seen, cursor = [], None
    while True:
        found = store.page_clusters(limit=3, cursor=cursor)
        seen += [c["cluster_id"] for c in found.clusters]
        cursor = found.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(f"c{i}" for i in range(7))
    only_a = store.page_clusters(outlet="A", limit=50).clusters
    assert {c["cluster_id"] for c in only_a} == {"c1", "c3", "c5"}
    assert store.page_clusters(since=NOW + timedelta(minutes=5)).clusters == []


@pytest.mark.parametrize(
    "cursor", ["%%%", "bm90IGpzb24", "eyJhZnRlciI6IC0xfQ"], ids=["garbage", "not-json", "negative"]
)
def test_a_bad_cursor_is_an_input_error(store, cursor):
    with pytest.raises(InputError, match="cursor"):
        store.page_clusters(cursor=cursor)


def test_writers_in_many_threads_lose_nothing(store):
    def write(n: int) -> None:
        for i in range(20):
            _put(store, Article(id=f"t{n}-{i}", text=f"text {n} {i}"))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count_articles() == 120
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 120
    finally:
        conn.close()
