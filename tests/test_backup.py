"""Backups of the service's store: one moment's copy, taken while the service writes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe.backup import backup_store
from dedupe.cli import main
from dedupe.errors import InputError, StoreError

API = "/api/v1"


def _service(tmp_path: Path, name: str):
    from service import create_app

    return create_app({"TESTING": True, "DB": str(tmp_path / name), "API_KEYS": [], "PUSH_SECRET": None})


def _stored_ids(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


def test_a_backup_taken_while_the_service_writes_holds_every_acknowledged_article(
    tmp_path: Path, serve, seed_articles
) -> None:
    live = _service(tmp_path, "live.sqlite3")
    try:
        client = serve(live)
        for article in seed_articles:
            assert client.post(f"{API}/articles", json=article).status_code == 201
        cluster_id = client.get(f"{API}/articles/{seed_articles[0]['id']}").get_json()["cluster"][
            "cluster_id"
        ]
        members = {m["article_id"] for m in client.get(f"{API}/clusters/{cluster_id}").get_json()["members"]}
        acknowledged: list[str] = []
        stop = threading.Event()

        def keep_posting() -> None:
            n = 0
            while not stop.is_set():
                body = {
                    "id": f"late-{n}",
                    "text": f"Meldung Nummer {n}: Der Stadtrat tagt am Montag um {n} Uhr.",
                }
                if client.post(f"{API}/articles", json=body).status_code == 201:
                    acknowledged.append(body["id"])
                n += 1

        writer = threading.Thread(target=keep_posting)
        writer.start()
        try:
            while len(acknowledged) < 3:
                stop.wait(0.01)
            before = list(acknowledged)
            summary = backup_store(tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3")
        finally:
            stop.set()
            writer.join()
    finally:
        live.extensions["dedupe"].close()

    copied = _stored_ids(summary.path)
    assert summary.articles == len(copied)
    assert {a["id"] for a in seed_articles} | set(before) <= copied
    assert copied <= {a["id"] for a in seed_articles} | set(acknowledged)
    assert not Path(f"{summary.path}-wal").exists()  # one self-contained file

    # A service started on the copy serves the same story.
    restored = _service(tmp_path, "backup.sqlite3")
    try:
        answer = serve(restored).get(f"{API}/clusters/{cluster_id}").get_json()
    finally:
        restored.extensions["dedupe"].close()
    assert {m["article_id"] for m in answer["members"]} == members


def test_a_backup_of_a_stopped_service_is_its_store(tmp_path: Path, seed_articles, serve) -> None:
    app = _service(tmp_path, "store.sqlite3")
    try:
        for article in seed_articles[:2]:
            assert serve(app).post(f"{API}/articles", json=article).status_code == 201
    finally:
        app.extensions["dedupe"].close()
    summary = backup_store(tmp_path / "store.sqlite3", tmp_path / "copy.sqlite3")
    assert summary.articles == 2
    assert _stored_ids(summary.path) == {a["id"] for a in seed_articles[:2]}


def test_a_failed_backup_leaves_the_previous_one_as_it_was(tmp_path: Path) -> None:
    previous = tmp_path / "backup.sqlite3"
    previous.write_bytes(b"last night's backup")
    not_a_store = tmp_path / "notes.sqlite3"
    with sqlite3.connect(not_a_store) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StoreError, match="not a wire-dedupe store"):
        backup_store(not_a_store, previous)
    (tmp_path / "text.txt").write_text("Kein SQLite.")
    with pytest.raises(StoreError, match="not a wire-dedupe store"):
        backup_store(tmp_path / "text.txt", previous)
    assert previous.read_bytes() == b"last night's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3", "notes.sqlite3", "text.txt"]


def test_backup_refuses_what_would_lose_or_overwrite_the_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        backup_store(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    store = tmp_path / "store.sqlite3"
    from dedupe.config import Config
    from dedupe.store import Store

    Store(store, Config()).close()
    with pytest.raises(InputError, match="another file than the store"):
        backup_store(store, tmp_path / "." / "store.sqlite3")
    with pytest.raises(InputError, match="does not exist"):
        backup_store(store, tmp_path / "no-such-folder" / "copy.sqlite3")
    (tmp_path / "backups").mkdir()
    with pytest.raises(InputError, match="it is a folder"):
        backup_store(store, tmp_path / "backups")


def test_backup_command_says_what_it_wrote_and_fails_cleanly(tmp_path: Path) -> None:
    from dedupe.config import Config
    from dedupe.store import Store

    Store(tmp_path / "store.sqlite3", Config()).close()
    runner = CliRunner()
    done = runner.invoke(main, ["backup", str(tmp_path / "store.sqlite3"), str(tmp_path / "copy.sqlite3")])
    assert done.exit_code == 0, done.output
    assert "0 articles" in done.output and "copy.sqlite3" in done.output
    failed = runner.invoke(main, ["backup", str(tmp_path / "nope.sqlite3"), str(tmp_path / "copy2.sqlite3")])
    assert failed.exit_code == 1
    assert "no store at" in failed.output and "Traceback" not in failed.output
