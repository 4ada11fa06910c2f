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
    signatures, live_state, links  the live index's record (:mod:`dedupe.livestate`)
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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .article import Article, parse_datetime
from .config import Config
from .errors import SignatureMismatchError, StoreError
from .history import ClusterHistory, decode_cursor
from .livestate import LIVE_SCHEMA, LiveState

#: How long a write waits for a lock held elsewhere (a backup, another process) before it
#: fails: enough for a checkpoint, short of a CMS client's own timeout (the API says 503).
BUSY_SECONDS = 10.0

# fmt: off
__all__ = ["BUSY_SECONDS", "SCHEMA_VERSION", "Store", "StoredArticle", "Tombstone", "content_hash", "decode_cursor"]
# fmt: on


#: 2 added the live index record (live_state, links); 3 the recurring lines (live_lines,
#: furniture_lines); 4 links.surface. Older files are upgraded on open (their live record
#: is dropped where its links were made otherwise: the next start indexes from the text once).
SCHEMA_VERSION = 4

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
-- Who was clustered with a killed article when it was killed: their copy may have to come
-- down. (A table added without a schema change: older versions ignore it.)
CREATE TABLE IF NOT EXISTS kill_notices (
    member_id TEXT NOT NULL,
    killed_id TEXT NOT NULL,
    killed_at TEXT NOT NULL,
    PRIMARY KEY (member_id, killed_id)
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
CREATE INDEX IF NOT EXISTS clusters_seq ON clusters (seq);
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


class Store(ClusterHistory, LiveState):
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
                tx.executescript_safe(_SCHEMA + LIVE_SCHEMA)
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
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS
            )
            conn.execute("PRAGMA synchronous=FULL")
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

    def _stream(self, sql: str, args: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows one batch at a time (a rebuild reads every article: not all at once)."""
        try:
            cursor = self._conn().execute(sql, tuple(args))
            while batch := cursor.fetchmany(512):
                yield from batch
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store {self.path!r}: {exc}") from exc

    # -- meta -----------------------------------------------------

    def _check_meta(self, tx: _Tx, reset_signatures: bool) -> None:
        rows = dict(tx.execute("SELECT key, value FROM meta").fetchall())
        schema = rows.get("schema_version")
        if schema is not None and int(schema) > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path!r} has schema version {schema}, newer than this program "
                f"({SCHEMA_VERSION}); upgrade wire-dedupe"
            )
        tx.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self._check_signatures(tx, rows.get("sketch_params"), reset_signatures)
        self._check_live_params(tx, rows.get("live_params"))

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
            tx.execute("DELETE FROM kill_notices WHERE killed_id = ?", (article.id,))
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
        for stored, _ in self._live_rows(now, with_state=False):
            yield stored

    def live_articles_with_state(
        self, *, now: datetime | None = None
    ) -> Iterator[tuple[StoredArticle, tuple[bytes | None, bytes] | bool]]:
        """:meth:`live_articles`, each with its live record for a fast restart.

        The second item is ``(signatures, lines)``: the stored signature blob of a
        linkable article (``None`` for one recorded as not linkable) and the packed
        hashes of its lines; or ``False`` when there is no usable record (never
        indexed by this program version, another version of the text, signature
        dropped): such an article must be indexed from its text.
        """
        yield from self._live_rows(now, with_state=True)

    def _live_rows(
        self, now: datetime | None, *, with_state: bool
    ) -> Iterator[tuple[StoredArticle, tuple[bytes | None, bytes] | bool]]:
        cutoff = (now or _now()) - timedelta(days=self.config.retention_days)
        state = ", s.content_hash, s.linkable, g.params, g.hashvalues, l.hashes" if with_state else ""
        joins = (
            " LEFT JOIN live_state s ON s.article_id = a.id LEFT JOIN signatures g ON g.article_id = a.id"
            " LEFT JOIN live_lines l ON l.article_id = a.id"
            if with_state
            else ""
        )
        rows = self._stream(
            f"SELECT a.data, a.received_at, a.content_hash, a.seq{state} FROM articles a "
            f"LEFT JOIN tombstones t ON t.id = a.id{joins} "
            "WHERE t.id IS NULL AND a.pubstatus = 'usable' ORDER BY a.seq"
        )
        mine = json.dumps(self._params, sort_keys=True)
        for data, received, chash, seq, *extra in rows:
            stored = StoredArticle(_article_from_json(data), datetime.fromisoformat(received), chash, seq)
            if stored.age_reference() < cutoff:
                continue
            record: tuple[bytes | None, bytes] | bool = False
            if extra:
                state_hash, linkable, params, blob, lines = extra
                if state_hash != chash or lines is None:
                    pass
                elif not linkable:
                    record = (None, bytes(lines))
                elif blob is not None and params == mine:
                    record = (bytes(blob), bytes(lines))
            yield stored, record

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
