"""The persistent store: every article version received, kills and cluster history.

One SQLite file (stdlib :mod:`sqlite3`) in WAL mode with ``synchronous=FULL``,
so that a write that returned is on disk: the service answers 2xx only after
the transaction that holds the article has committed. The store is the source
of truth; the live index is rebuilt from it on start.

Tables::

    meta        key/value: schema version, sketch parameters of stored signatures
    articles    the current version of every article id (text and metadata)
    versions    every distinct version received, in arrival order
    tombstones  killed ids (DELETE or pubstatus "canceled"), with the killed version
    signatures  optional MinHash signatures, each with the sketch parameters it was made with
    clusters    a snapshot of every cluster ever computed, ``current`` for the live ones
    cluster_members  which article (and outlet) belongs to which cluster id

Connections are per thread (SQLite connections must not be shared across
threads); writes go through :meth:`Store.transaction`, which takes SQLite's
write lock at ``BEGIN IMMEDIATE``.

>>> from dedupe.config import Config
>>> from dedupe.article import Article
>>> store = Store(":memory:", Config())
>>> with store.transaction() as tx:
...     stored = store.put_article(tx, Article(id="a1", text="Hallo Welt."))
>>> store.get("a1").article.text
'Hallo Welt.'
>>> store.close()
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .article import Article, parse_datetime
from .config import Config
from .errors import SignatureMismatchError, StoreError
from .history import ClusterHistory, decode_cursor

__all__ = ["SCHEMA_VERSION", "Store", "StoredArticle", "Tombstone", "content_hash", "decode_cursor"]


SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    version TEXT,
    version_key TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    pubstatus TEXT NOT NULL,
    published_at TEXT,
    received_at TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    version TEXT,
    content_hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (article_id, content_hash)
);
CREATE TABLE IF NOT EXISTS tombstones (
    id TEXT PRIMARY KEY,
    version TEXT,
    version_key TEXT NOT NULL,
    killed_at TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signatures (
    article_id TEXT PRIMARY KEY,
    params TEXT NOT NULL,
    hashvalues BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    current INTEGER NOT NULL,
    size INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clusters_current_seq ON clusters (current, seq);
CREATE TABLE IF NOT EXISTS cluster_members (
    cluster_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    outlet TEXT,
    PRIMARY KEY (cluster_id, article_id)
);
CREATE INDEX IF NOT EXISTS cluster_members_article ON cluster_members (article_id);
"""

_DATETIME_FIELDS = ("published_at", "version_created", "embargo")


def _now() -> datetime:
    return datetime.now(UTC)


def content_hash(article: Article) -> str:
    """Hash of everything that makes two deliveries of one version identical.

    >>> content_hash(Article(id="a", text="x")) == content_hash(Article(id="a", text="x", source="f:1"))
    True
    """
    payload = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _article_to_json(article: Article) -> str:
    data = article.to_dict()
    if article.extra:
        # extra is best-effort metadata; the article is what must be kept
        with contextlib.suppress(TypeError, ValueError):
            data["extra"] = json.loads(json.dumps(dict(article.extra), default=str))
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _article_from_json(raw: str) -> Article:
    data = json.loads(raw)
    fields = {f.name for f in dataclasses.fields(Article)}
    kwargs = {k: v for k, v in data.items() if k in fields}
    for name in _DATETIME_FIELDS:
        if kwargs.get(name) is not None:
            kwargs[name] = parse_datetime(kwargs[name], what=name)
    kwargs["source"] = "store"
    return Article(**kwargs)


def _key_json(article: Article) -> str:
    return json.dumps(list(article.version_key()))


def _key_from_json(raw: str) -> tuple[int, float, str]:
    a, b, c = json.loads(raw)
    return (int(a), float(b), str(c))


@dataclass(frozen=True)
class StoredArticle:
    """The current version of one article as stored, with when it arrived."""

    article: Article
    received_at: datetime
    content_hash: str
    seq: int

    def age_reference(self) -> datetime:
        """The time retention counts from: publication if known, else arrival."""
        return self.article.published_at or self.received_at


@dataclass(frozen=True)
class Tombstone:
    """A killed article id: the version that killed it and when."""

    article_id: str
    version: str | None
    version_key: tuple[int, float, str]
    killed_at: datetime
    reason: str


class Store(ClusterHistory):
    """SQLite store of articles, versions, kills, signatures and cluster snapshots.

    Args:
        path: File of the database (created with its folder if missing), or
            ``":memory:"`` for a throw-away store (one connection, for tests and doctests).
        config: Engine configuration; its :meth:`~dedupe.config.Config.sketch_params` are
            recorded, and a store whose signatures were made with other parameters is refused.
        reset_signatures: Drop stored signatures made with other sketch parameters and
            record the running ones, instead of refusing to open.

    Raises:
        StoreError: The file cannot be opened or is not a wire-dedupe store.
        SignatureMismatchError: Stored signatures were made with other sketch parameters.
    """

    def __init__(self, path: str | Path, config: Config, *, reset_signatures: bool = False):
        self.path = str(path)
        self.config = config
        self._params = config.sketch_params()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._conn_lock = threading.Lock()
        self._shared: sqlite3.Connection | None = None
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of the store {self.path!r}: {exc}") from exc
        conn = self._conn()
        try:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            with self.transaction() as tx:
                tx.executescript_safe(_SCHEMA)
                self._check_meta(tx, reset_signatures)
        except SignatureMismatchError:
            self.close()
            raise
        except (sqlite3.DatabaseError, StoreError) as exc:
            self.close()
            raise StoreError(
                f"{self.path!r} is not a usable wire-dedupe store ({exc}); "
                "point the store at a new file or at one this program created"
            ) from exc
        self.journal_mode = mode

    # -- connections -------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self.path == ":memory:":
            if self._shared is None:
                self._shared = self._open()
            return self._shared
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30.0)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}") from exc
        with self._conn_lock:
            self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection this store opened (from any thread)."""
        with self._conn_lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):  # best effort: the WAL is already durable
                    conn.close()
            self._connections.clear()
        self._shared = None
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        """One write transaction: committed on leaving the block, rolled back on an error."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot start a write on the store {self.path!r}: {exc}") from exc
        try:
            yield _Tx(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"cannot commit to the store {self.path!r}: {exc}") from exc

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store {self.path!r}: {exc}") from exc

    # -- meta and signatures -----------------------------------------------------

    def _check_meta(self, tx: _Tx, reset_signatures: bool) -> None:
        rows = dict(tx.execute("SELECT key, value FROM meta").fetchall())
        schema = rows.get("schema_version")
        if schema is not None and int(schema) > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path!r} has schema version {schema}, newer than this program "
                f"({SCHEMA_VERSION}); upgrade wire-dedupe"
            )
        tx.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        stored = rows.get("sketch_params")
        mine = json.dumps(self._params, sort_keys=True)
        if stored is not None and json.loads(stored) != self._params:
            count = tx.execute("SELECT COUNT(*) FROM signatures").fetchone()[0]
            if count and not reset_signatures:
                raise SignatureMismatchError(_mismatch_message(self.path, json.loads(stored), self._params))
            tx.execute("DELETE FROM signatures")
        tx.execute("INSERT OR REPLACE INTO meta VALUES ('sketch_params', ?)", (mine,))

    def put_signature(self, tx: _Tx, article_id: str, hashvalues: bytes, params: Mapping[str, Any]) -> None:
        """Store one signature; ``params`` must be the running sketch parameters."""
        if dict(params) != self._params:
            raise SignatureMismatchError(
                _mismatch_message(f"signature of {article_id!r}", params, self._params)
            )
        tx.execute(
            "INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)",
            (article_id, json.dumps(dict(params), sort_keys=True), sqlite3.Binary(hashvalues)),
        )

    def signature(self, article_id: str) -> bytes | None:
        """The stored signature of an article, checked against the running sketch parameters."""
        rows = self._read("SELECT params, hashvalues FROM signatures WHERE article_id = ?", (article_id,))
        if not rows:
            return None
        params = json.loads(rows[0][0])
        if params != self._params:
            raise SignatureMismatchError(
                _mismatch_message(f"signature of {article_id!r}", params, self._params)
            )
        return bytes(rows[0][1])

    # -- articles ----------------------------------------------------------------

    def get(self, article_id: str) -> StoredArticle | None:
        """The current version of an article (also when it was killed since)."""
        rows = self._read(
            "SELECT data, received_at, content_hash, seq FROM articles WHERE id = ?", (article_id,)
        )
        if not rows:
            return None
        data, received, chash, seq = rows[0]
        return StoredArticle(_article_from_json(data), datetime.fromisoformat(received), chash, seq)

    def tombstone(self, article_id: str) -> Tombstone | None:
        """The kill of an article id, if it was killed."""
        rows = self._read(
            "SELECT version, version_key, killed_at, reason FROM tombstones WHERE id = ?", (article_id,)
        )
        if not rows:
            return None
        version, key, killed, reason = rows[0]
        return Tombstone(article_id, version, _key_from_json(key), datetime.fromisoformat(killed), reason)

    def put_article(self, tx: _Tx, article: Article, *, received_at: datetime | None = None) -> StoredArticle:
        """Make ``article`` the current version of its id and record the version.

        A later usable version lifts an earlier kill (the tombstone is removed).
        """
        received = received_at or _now()
        chash = content_hash(article)
        data = _article_to_json(article)
        tx.execute(
            "INSERT OR IGNORE INTO versions (article_id, version, content_hash, received_at, data) "
            "VALUES (?, ?, ?, ?, ?)",
            (article.id, article.version, chash, received.isoformat(), data),
        )
        seq = tx.execute(
            "SELECT seq FROM versions WHERE article_id = ? AND content_hash = ?", (article.id, chash)
        ).fetchone()[0]
        tx.execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.version,
                _key_json(article),
                chash,
                article.pubstatus,
                article.published_at.isoformat() if article.published_at else None,
                received.isoformat(),
                seq,
                data,
            ),
        )
        if article.pubstatus != "canceled":
            tx.execute("DELETE FROM tombstones WHERE id = ?", (article.id,))
        return StoredArticle(article, received, chash, seq)

    def kill(
        self, tx: _Tx, article_id: str, *, version: Article | None = None, reason: str = "deleted"
    ) -> None:
        """Tombstone an id. ``version`` is the article that killed it (a canceled version), if any."""
        current = version
        if current is None:
            stored = self.get(article_id)
            current = stored.article if stored else None
        key = _key_json(current) if current else json.dumps([0, 0.0, ""])
        tx.execute(
            "INSERT OR REPLACE INTO tombstones VALUES (?, ?, ?, ?, ?)",
            (article_id, current.version if current else None, key, _now().isoformat(), reason),
        )
        tx.execute("DELETE FROM signatures WHERE article_id = ?", (article_id,))

    def versions(self, article_id: str) -> list[dict[str, Any]]:
        """Every distinct version received for an id, oldest arrival first (metadata only)."""
        rows = self._read(
            "SELECT version, received_at, content_hash, data FROM versions WHERE article_id = ? ORDER BY seq",
            (article_id,),
        )
        out = []
        for version, received, chash, data in rows:
            status = json.loads(data).get("pubstatus", "usable")
            out.append(
                {"version": version, "received_at": received, "content_hash": chash, "pubstatus": status}
            )
        return out

    def live_articles(self, *, now: datetime | None = None) -> Iterator[StoredArticle]:
        """Articles the live index should hold: usable, not killed, inside the retention window.

        In arrival order, so that a rebuild replays history as it happened.
        """
        cutoff = (now or _now()) - timedelta(days=self.config.retention_days)
        rows = self._read(
            "SELECT a.data, a.received_at, a.content_hash, a.seq FROM articles a "
            "LEFT JOIN tombstones t ON t.id = a.id "
            "WHERE t.id IS NULL AND a.pubstatus = 'usable' ORDER BY a.seq"
        )
        for data, received, chash, seq in rows:
            stored = StoredArticle(_article_from_json(data), datetime.fromisoformat(received), chash, seq)
            if stored.age_reference() >= cutoff:
                yield stored

    def count_articles(self) -> int:
        """How many article ids the store holds (killed ones included)."""
        return int(self._read("SELECT COUNT(*) FROM articles")[0][0])


class _Tx:
    """The connection of one open write transaction (only valid inside the ``with`` block)."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def execute(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, tuple(args))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        try:
            self._conn.executemany(sql, [tuple(r) for r in rows])
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def executescript_safe(self, script: str) -> None:
        # executescript() would COMMIT our open transaction; run the statements one by one.
        for statement in script.split(";"):
            if statement.strip():
                self._conn.execute(statement)


def _mismatch_message(what: str, stored: Mapping[str, Any], running: Mapping[str, Any]) -> str:
    diff = ", ".join(
        f"{k}: stored {stored.get(k)!r} vs running {running.get(k)!r}"
        for k in sorted(set(stored) | set(running))
        if stored.get(k) != running.get(k)
    )
    return (
        f"{what} holds signatures made with other sketch parameters ({diff}); they cannot be compared "
        "with new ones. Run with the settings the store was built with, use a new store file, or "
        "open it with reset_signatures=True to drop the old signatures (articles are kept)."
    )
