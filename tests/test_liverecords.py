"""Compact records of the live index: id maps that hold one id or a set."""

from __future__ import annotations

from datetime import UTC, datetime

from dedupe.article import Article
from dedupe.liverecords import Entry, multi_add, multi_discard, multi_get


def test_id_map_keeps_every_id_under_a_shared_key_and_forgets_removed_ones() -> None:
    table: dict = {}
    multi_add(table, "k", "a")
    multi_add(table, "k", "a")
    assert multi_get(table, "k") == {"a"}
    multi_add(table, "k", "b")
    assert multi_get(table, "k") == {"a", "b"}
    multi_discard(table, "k", "a")
    assert multi_get(table, "k") == {"b"}
    multi_discard(table, "k", "b")
    assert multi_get(table, "k") == set() and "k" not in table


def test_entry_keeps_the_article_only_when_asked() -> None:
    when = datetime(2024, 10, 21, 9, 44, tzinfo=UTC)
    article = Article(id="a", text="Ein Absatz.", published_at=when, wire_ref="X")
    kept, compact = Entry(article, keep=True), Entry(article, keep=False)
    assert kept.article is article and compact.article is None
    assert compact.published == when.timestamp() and compact.wire_ref == "X"


def test_entry_of_an_undated_text_takes_the_date_of_its_credit_line() -> None:
    # The live index applies the time window with it, as the batch does.
    entry = Entry(Article(id="a", text="Wien – Meldung. (APA, 20.1.2016)"), keep=False)
    assert entry.published == datetime(2016, 1, 20, tzinfo=UTC).timestamp()
    assert Entry(Article(id="b", text="Wien – Meldung."), keep=False).published is None
