"""The store's record of the live index: signatures, verified links, what was indexed.

Part of :class:`dedupe.store.Store` (kept apart to keep each module small). With it a
restart rebuilds the live index from stored signatures, links and cluster
memberships instead of preparing, sketching and verifying every article again.

Tables::

    signatures  MinHash signatures, each with the sketch parameters it was made with
    live_state  per indexed article: the content hash of the version indexed, and
                whether it is linkable (has shingles and no excluded genre)
    links       verified links (a < b): similarity, relation, rewrite flag, surface
    live_lines  per indexed article: the hashes of its lines (dedupe.recurring)
    furniture_lines  hashes of lines found to recur across unrelated articles

Links depend on more of the configuration than the signatures do (threshold,
window, rewrite evidence, genres): the settings they were made with are kept in
``meta`` as ``live_params``, and a store opened with other settings drops its
links and live state, so the next start verifies again (slow, but right).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .config import Config
from .errors import SignatureMismatchError

if TYPE_CHECKING:
    from .store import _Tx

__all__ = [
    "LIVE_SCHEMA",
    "LiveState",
    "live_params",
    "LIVE_ENGINE",
    "mismatch_message",
    "pack_lines",
    "pack_signatures",
    "unpack_lines",
    "unpack_signatures",
]

#: Changes when the live index links differently with the same settings (stored links
#: are then verified again). 2: lines recurring across unrelated articles are furniture.
#: 3: rewrite links need numbers that do not contradict; more languages detected, more
#: furniture rules, scores written 3-1 and measurements ("40 Liter") are numbers.
#: 4: navigation and share bars counted without their separators, "Read more: ..."
#: labels, publication stamps, rights notices, calls to subscribe, bylines and the
#: author's sign-off under the text are furniture.
#: 5: breadcrumbs written with quotation marks, middle-dot bars, agency credits ("Mit
#: Material von dpa"), site taglines, tip lines, am/pm stamps and "Ich schreibe für"
#: author lines are furniture.
#: 6: links keep how much of either text recurs in the other (an agency's items dated from
#: two places link only where one is mostly the other's text); "Von dpa" bylines, bare agency
#: bylines and section labels are furniture.
LIVE_ENGINE = 6

LIVE_SCHEMA = """
CREATE TABLE IF NOT EXISTS signatures (
    article_id TEXT PRIMARY KEY,
    params TEXT NOT NULL,
    hashvalues BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS live_state (
    article_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    linkable INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS links (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    similarity REAL NOT NULL,
    relation TEXT NOT NULL,
    rewrite INTEGER NOT NULL,
    surface REAL NOT NULL DEFAULT 1.0,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS links_b ON links (b);
CREATE TABLE IF NOT EXISTS live_lines (
    article_id TEXT PRIMARY KEY,
    hashes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS furniture_lines (
    hash INTEGER PRIMARY KEY
);
"""


def pack_signatures(signatures: Mapping[str, np.ndarray]) -> bytes:
    """Both views' signatures (``dedupe.index.Signatures``) as one little-endian uint64 blob.

    >>> blob = pack_signatures({"surface": np.array([1, 2], np.uint64), "terms": np.array([3, 4], np.uint64)})
    >>> {k: v.tolist() for k, v in unpack_signatures(blob).items()}
    {'surface': [1, 2], 'terms': [3, 4]}
    """
    return np.concatenate([signatures["surface"], signatures["terms"]]).astype("<u8").tobytes()


def unpack_signatures(blob: bytes) -> dict[str, np.ndarray]:
    """The inverse of :func:`pack_signatures`."""
    values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    half = len(values) // 2
    return {"surface": values[:half], "terms": values[half:]}


def pack_lines(hashes: Iterable[int]) -> bytes:
    """Line hashes (:func:`dedupe.recurring.line_hashes`) as a little-endian int64 blob.

    >>> unpack_lines(pack_lines([3, -1])).tolist()
    [3, -1]
    """
    return np.fromiter(hashes, dtype="<i8").tobytes()


def unpack_lines(blob: bytes) -> np.ndarray:
    """The inverse of :func:`pack_lines`."""
    return np.frombuffer(blob, dtype="<i8").astype(np.int64)


def live_params(config: Config) -> str:
    """The settings stored links were verified with (retention does not change a link).

    >>> live_params(Config()) == live_params(Config(retention_days=3))
    True
    >>> live_params(Config()) == live_params(Config(threshold=0.7))
    False
    """
    fields = dataclasses.asdict(config)
    fields.pop("retention_days", None)
    fields["live_engine"] = LIVE_ENGINE
    return json.dumps(fields, sort_keys=True, default=str)


def mismatch_message(what: str, stored: Mapping[str, Any], running: Mapping[str, Any]) -> str:
    diff = ", ".join(
        f"{k}: stored {stored.get(k)!r} vs running {running.get(k)!r}"
        for k in sorted(set(stored) | set(running))
        if stored.get(k) != running.get(k)
    )
    return (
        f"{what} holds signatures made with other sketch parameters ({diff}); they cannot be compared "
        "with new ones. Run with the settings the store was built with, use a new store file, or "
        "drop the old signatures (articles are kept): the service with DEDUPE_RESET_SIGNATURES=true, "
        "a library caller with reset_signatures=True."
    )


class LiveState:
    """Signatures, links and live state, mixed into :class:`dedupe.store.Store`."""

    path: str
    config: Config
    _params: dict[str, Any]

    def _read(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:  # provided by Store
        raise NotImplementedError

    def _check_signatures(self, tx: _Tx, stored: str | None, reset_signatures: bool) -> None:
        """Refuse (or, when asked, drop) signatures made with other sketch parameters."""
        if stored is not None and json.loads(stored) != self._params:
            count = tx.execute("SELECT COUNT(*) FROM signatures").fetchone()[0]
            if count and not reset_signatures:
                raise SignatureMismatchError(mismatch_message(self.path, json.loads(stored), self._params))
            tx.execute("DELETE FROM signatures")
        tx.execute(
            "INSERT OR REPLACE INTO meta VALUES ('sketch_params', ?)",
            (json.dumps(self._params, sort_keys=True),),
        )

    def _check_live_params(self, tx: _Tx, stored: str | None) -> None:
        columns = {row[1] for row in tx.execute("PRAGMA table_info(links)").fetchall()}
        if "surface" not in columns:  # a file of LIVE_ENGINE 5 or older: its links go below
            tx.execute("ALTER TABLE links ADD COLUMN surface REAL NOT NULL DEFAULT 1.0")
        mine = live_params(self.config)
        if stored != mine:
            for table in ("live_state", "links", "live_lines", "furniture_lines"):
                tx.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
            tx.execute("INSERT OR REPLACE INTO meta VALUES ('live_params', ?)", (mine,))

    # -- signatures --------------------------------------------------------------

    def put_signature(self, tx: _Tx, article_id: str, hashvalues: bytes, params: Mapping[str, Any]) -> None:
        """Store one signature; ``params`` must be the running sketch parameters."""
        if dict(params) != self._params:
            raise SignatureMismatchError(
                mismatch_message(f"signature of {article_id!r}", params, self._params)
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
                mismatch_message(f"signature of {article_id!r}", params, self._params)
            )
        return bytes(rows[0][1])

    # -- live state and links ----------------------------------------------------

    def put_live_state(
        self,
        tx: _Tx,
        article_id: str,
        content_hash: str,
        signatures: bytes | None,
        links: Mapping[str, tuple[float, str, bool, float]],
        lines: bytes = b"",
    ) -> None:
        """Record what the live index holds of an article it just indexed (replacing the old record).

        ``signatures`` is None for an article that is not linkable; ``links`` maps
        every linked id to (similarity, relation, rewrite, surface); ``lines`` are the packed
        hashes of its lines (:func:`pack_lines`).
        """
        self.drop_live_state(tx, [article_id])
        if signatures is not None:
            self.put_signature(tx, article_id, signatures, self._params)
        tx.execute(
            "INSERT INTO live_state VALUES (?, ?, ?)", (article_id, content_hash, int(signatures is not None))
        )
        tx.execute("INSERT INTO live_lines VALUES (?, ?)", (article_id, sqlite3.Binary(lines)))
        tx.executemany(
            "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    min(article_id, other),
                    max(article_id, other),
                    float(sim),
                    str(rel),
                    int(bool(rw)),
                    float(sf),
                )
                for other, (sim, rel, rw, sf) in links.items()
            ],
        )

    def drop_live_state(self, tx: _Tx, article_ids: Iterable[str]) -> None:
        """Forget the live record (signature, links, state) of articles that left the index."""
        for aid in article_ids:
            tx.execute("DELETE FROM live_state WHERE article_id = ?", (aid,))
            tx.execute("DELETE FROM signatures WHERE article_id = ?", (aid,))
            tx.execute("DELETE FROM links WHERE a = ? OR b = ?", (aid, aid))
            tx.execute("DELETE FROM live_lines WHERE article_id = ?", (aid,))

    def add_furniture_lines(self, tx: _Tx, hashes: Iterable[int]) -> None:
        """Record lines the live index found to be furniture (they stay furniture)."""
        tx.executemany("INSERT OR IGNORE INTO furniture_lines VALUES (?)", [(int(h),) for h in hashes])

    def furniture_lines(self) -> list[int]:
        """Hashes of every line found to be furniture."""
        return [int(h) for (h,) in self._read("SELECT hash FROM furniture_lines")]

    def live_links(self) -> Iterator[tuple[str, str, tuple[float, str, bool, float]]]:
        """Every stored link as (a, b, (similarity, relation, rewrite, surface))."""
        for a, b, sim, rel, rw, sf in self._read(
            "SELECT a, b, similarity, relation, rewrite, surface FROM links"
        ):
            yield a, b, (float(sim), rel, bool(rw), float(sf))
