"""A restart rebuilds the live index from the stored record, not from the texts."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dedupe.article import Article
from dedupe.config import Config
from dedupe.store import SCHEMA_VERSION
from service.state import DedupeService

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
NAMES = [
    "de_wire", "de_site", "de_edited", "de_reordered", "de_other_museum", "de_other_tram",
    "en_wire", "en_edited", "en_other", "fr_wire", "fr_site", "fr_other",
]  # fmt: skip


def article(name: str, **kwargs) -> Article:
    return Article(
        id=kwargs.pop("id", name),
        text=(FIXTURES / f"{name}.txt").read_text(encoding="utf-8"),
        language=name[:2],
        **kwargs,
    )


def answers(service: DedupeService, ids) -> dict[str, dict]:
    """Every article's cluster as the API answers it."""
    return {aid: service.article(aid)["cluster"] for aid in ids}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with the engine fixtures posted, one of them corrected and one killed."""
    path = tmp_path / "dedupe.sqlite3"
    service = DedupeService.open(path, Config())
    try:
        for name in NAMES:
            service.upsert(article(name))
        service.upsert(article("de_typo", id="de_edited", version="2"))
        service.delete("fr_other")
    finally:
        service.close()
    return path


LIVE = [n for n in NAMES if n != "fr_other"]


def test_restart_restores_the_same_clusters_without_preparing(db: Path) -> None:
    first = DedupeService.open(db, Config())
    try:
        # This start indexed nothing from text either (the fixture wrote the record).
        assert first.restored_from_text == 0
        before = answers(first, LIVE)
    finally:
        first.close()
    service = DedupeService.open(db, Config())
    try:
        assert service.restored_from_text == 0
        assert service.index.cache_info()["misses"] == 0, "the rebuild prepared documents"
        assert len(service.index) == len(LIVE)
        assert answers(service, LIVE) == before
        # New posts link to restored articles as they would have before the restart.
        out = service.upsert(article("de_site", id="late-copy")).body
        assert {m["article_id"] for m in out["cluster"]["members"]} >= {"de_wire", "de_site", "late-copy"}
    finally:
        service.close()


def _as_schema_1(conn: sqlite3.Connection) -> None:
    # What a version-1 program left behind: no live record, an empty signatures table.
    for table in ("live_state", "links", "live_lines", "furniture_lines"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM signatures")
    conn.execute("DELETE FROM meta WHERE key = 'live_params'")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")


def _as_schema_2(conn: sqlite3.Connection) -> None:
    # What a version-2 program left behind: links made without recurring-line furniture.
    for table in ("live_lines", "furniture_lines"):
        conn.execute(f"DROP TABLE {table}")
    params = json.loads(conn.execute("SELECT value FROM meta WHERE key = 'live_params'").fetchone()[0])
    del params["live_engine"]
    conn.execute("UPDATE meta SET value = ? WHERE key = 'live_params'", (json.dumps(params, sort_keys=True),))
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def _as_schema_3(conn: sqlite3.Connection) -> None:
    # What a version-3 program left behind: links without their surface share (live engine 5).
    conn.execute("ALTER TABLE links DROP COLUMN surface")
    params = json.loads(conn.execute("SELECT value FROM meta WHERE key = 'live_params'").fetchone()[0])
    params["live_engine"] = 5
    conn.execute("UPDATE meta SET value = ? WHERE key = 'live_params'", (json.dumps(params, sort_keys=True),))
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")


@pytest.mark.parametrize(
    "downgrade", [_as_schema_1, _as_schema_2, _as_schema_3], ids=["schema1", "schema2", "schema3"]
)
def test_an_older_store_is_upgraded_and_then_starts_fast(db: Path, downgrade: Any) -> None:
    service = DedupeService.open(db, Config())
    before = answers(service, LIVE)
    service.close()
    with sqlite3.connect(db) as conn:
        downgrade(conn)
    conn.close()
    upgraded = DedupeService.open(db, Config())
    try:
        assert upgraded.restored_from_text == len(LIVE)
        assert answers(upgraded, LIVE) == before
    finally:
        upgraded.close()
    again = DedupeService.open(db, Config())
    try:
        assert again.restored_from_text == 0
        assert answers(again, LIVE) == before
    finally:
        again.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
    conn.close()


def test_other_link_settings_verify_again(db: Path) -> None:
    service = DedupeService.open(db, Config(threshold=0.9))
    try:
        assert service.restored_from_text == len(LIVE)
    finally:
        service.close()


def test_articles_that_expired_while_down_leave_their_clusters(tmp_path: Path) -> None:
    path = tmp_path / "dedupe.sqlite3"
    old = datetime.now(UTC) - timedelta(days=3)
    service = DedupeService.open(path, Config())
    try:
        service.upsert(article("de_wire", published_at=old))
        service.upsert(article("de_site", published_at=old + timedelta(days=2, hours=23)))
        assert {m["article_id"] for m in service.article("de_site")["cluster"]["members"]} == {
            "de_wire",
            "de_site",
        }
    finally:
        service.close()
    shorter = DedupeService.open(path, Config(retention_days=1))
    try:
        assert shorter.restored_from_text == 0
        assert "de_wire" not in shorter.index
        cluster = shorter.article("de_site")["cluster"]
        assert [m["article_id"] for m in cluster["members"]] == ["de_site"]
        assert cluster["members"][0]["relation"] == "origin"
    finally:
        shorter.close()


def test_furniture_found_live_is_stored_and_kept_after_a_restart(tmp_path: Path, outlet_pages: list) -> None:
    path = tmp_path / "dedupe.sqlite3"
    first = DedupeService.open(path, Config())
    try:
        for a in outlet_pages[:-1]:
            first.upsert(a)
        found = first.index.furniture_lines()
        ids = [a.id for a in outlet_pages[:-1]]
        before = answers(first, ids)
    finally:
        first.close()
    assert found, "the outlet's masthead and bio recur across unrelated stories"
    again = DedupeService.open(path, Config())
    try:
        assert again.restored_from_text == 0
        assert again.index.furniture_lines() == found
        assert answers(again, ids) == before
        # The last page comes after the restart: its furniture is known, it links to nothing.
        out = again.upsert(outlet_pages[-1]).body
        assert [m["article_id"] for m in out["cluster"]["members"]] == [outlet_pages[-1].id]
        assert all(len(c["members"]) == 1 for c in answers(again, ids).values())
    finally:
        again.close()


def test_a_start_loads_the_word_lists_so_the_first_post_does_not_wait(db: Path) -> None:
    from dedupe.language import _function_words, _languages_of_word

    _function_words.cache_clear()
    _languages_of_word.cache_clear()
    service = DedupeService.open(db, Config())
    try:
        assert _languages_of_word.cache_info().currsize == 1
    finally:
        service.close()
