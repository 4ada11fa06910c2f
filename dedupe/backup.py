"""A consistent copy of a store, also while the service writes to it.

The store is one SQLite file in WAL mode, with recent commits in its ``-wal`` file
beside it until SQLite folds them in. Copying the files with ``cp`` while the service
runs can catch a write half done, or the database without its newest commits. SQLite's
online backup copies the database as one read transaction sees it: every write
committed before the copy began is in it, none after, and the service goes on writing
meanwhile (in WAL mode a reader holds no writer up).

The copy is written beside its target under a temporary name, checked with SQLite's
``integrity_check``, flushed to disk and only then renamed over the target: a backup
that fails leaves an earlier backup of the same name as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, StoreError

__all__ = ["BackupSummary", "backup_store"]

# How long to wait for a lock the service holds (its commits take milliseconds).
_BUSY_SECONDS = 30.0


@dataclass(frozen=True)
class BackupSummary:
    """What a backup wrote: the file, how many articles it holds, its size, how long it took."""

    path: Path
    articles: int
    size_bytes: int
    seconds: float


def backup_store(store: str | Path, target: str | Path) -> BackupSummary:
    """Copy the store at ``store`` to ``target`` as of one moment (see the module's notes).

    Raises:
        InputError: ``target`` is the store itself, or its folder does not exist.
        StoreError: ``store`` is missing, is not a wire-dedupe store, or cannot be read;
            or the copy cannot be written or fails its integrity check.
    """
    source, target = Path(store), Path(target)
    if not source.is_file():
        raise StoreError(f"no store at {source}: give the path the service runs with (--db or DEDUPE_DB)")
    if target.exists() and target.resolve() == source.resolve():
        raise InputError(f"the backup must go to another file than the store itself ({source})")
    if not target.parent.is_dir():
        raise InputError(f"cannot write the backup to {target}: the folder {target.parent} does not exist")
    if target.is_dir():
        raise InputError(f"cannot write the backup to {target}: it is a folder; name the backup file")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    started = time.perf_counter()
    try:
        _copy(source, partial)
        articles = _check(partial, source)
        try:
            with open(partial, "rb") as written:
                os.fsync(written.fileno())
            os.replace(partial, target)
        except OSError as exc:  # a full disk, a target that cannot be replaced
            raise StoreError(f"cannot write the backup to {target}: {exc.strerror or exc}") from exc
        _sync_folder(target.parent)
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return BackupSummary(target, articles, target.stat().st_size, time.perf_counter() - started)


def _copy(source: Path, partial: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()  # a leftover of a backup killed midway
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=_BUSY_SECONDS)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {source}: {exc}") from exc
    try:
        try:
            schema = reader.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{source} is not a wire-dedupe store ({exc})") from exc
        if schema is None:
            raise StoreError(f"{source} is not a wire-dedupe store (it records no schema version)")
        try:
            copy = sqlite3.connect(partial)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the backup beside {partial.parent}: {exc}") from exc
        try:
            # All pages in one step: one read transaction, so one moment of the store. Steps
            # of a few pages would start again whenever the service commits meanwhile.
            reader.backup(copy)
            # One self-contained file: no -wal beside the copy to lose when it is moved.
            copy.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot copy the store {source} to {partial.parent}: {exc}") from exc
        finally:
            copy.close()
    finally:
        reader.close()


def _check(partial: Path, source: Path) -> int:
    copy = sqlite3.connect(partial)
    try:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise StoreError(f"the copy of {source} fails SQLite's integrity check: {verdict}")
        return int(copy.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(f"cannot check the copy of {source}: {exc}") from exc
    finally:
        copy.close()


def _sync_folder(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk (not on every OS).
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
