"""Files and folders of articles: which files a batch reads, and how a long file's lines are read."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, SkippedInput

__all__ = ["bounded_lines", "walk"]


def bounded_lines(fh: BinaryIO | io.TextIOBase, limit: int) -> Iterator[bytes]:
    """The lines of a file, as UTF-8 bytes; a line over ``limit`` comes as its first
    ``limit + 1`` bytes (characters, for text) and the rest is skipped unread into memory,
    so that no line costs more memory than the limit however long it is."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) > limit and not line.endswith(newline):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(newline):
                pass
        yield line if isinstance(line, bytes) else line.encode("utf-8", "surrogateescape")


_COMPRESSED = (".gz", ".zip", ".bz2", ".xz", ".zst", ".7z", ".tgz")


def _unknown(path: Path, extensions: Collection[str], *, in_folder: bool) -> InputError:
    suffix = path.suffix.lower()
    if suffix in _COMPRESSED:
        message = f"compressed ({suffix}): unpack it first (gunzip, unzip), then give the files inside"
    else:
        known = " ".join(sorted(extensions))
        message = f"unknown file type {path.suffix or '(none)'!r}: expected one of {known}"
    return (
        SkippedInput(f"not read: {message}", source=str(path))
        if in_folder
        else InputError(message, source=str(path))
    )


def _not_regular(path: Path) -> SkippedInput | None:
    """A pipe, device or socket a folder holds is no file of articles: reading one may never
    end. (Named on the command line, one is read: see :func:`walk`.)"""
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return None  # the reader names the problem
    return (
        None
        if regular
        else SkippedInput("not read: not a regular file (a pipe, device or socket)", source=str(path))
    )


def walk(path: Path, extensions: Collection[str]) -> Iterator[Path | InputError]:
    """The article files of a path; hidden files and folders are left out, anything else
    that is not read is named (a :class:`SkippedInput`), never dropped unseen."""
    if not path.exists():
        yield InputError(
            "no such file or folder" + (" (a broken link)" if path.is_symlink() else ""), source=str(path)
        )
    elif not path.is_dir():
        # Named by the user, a pipe is read too (`dedupe cluster <(zcat feed.jsonl.gz)`).
        yield path if path.suffix.lower() in extensions else _unknown(path, extensions, in_folder=False)
    else:
        seen = {os.path.realpath(path)}
        problems: list[InputError] = []
        found: list[Path | InputError] = []

        def unreadable(error: OSError) -> None:
            problems.append(InputError(f"cannot read folder: {error.strerror}", source=error.filename))

        for folder, dirs, files in os.walk(path, onerror=unreadable, followlinks=True):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for d in list(dirs):
                real = os.path.realpath(os.path.join(folder, d))
                if real in seen:  # a link back into the walk: read once
                    dirs.remove(d)
                    found.append(
                        SkippedInput(
                            "not read: a link to a folder read already", source=os.path.join(folder, d)
                        )
                    )
                seen.add(real)
            for name in files:
                if name.startswith("."):
                    continue
                file = Path(folder, name)
                if not file.exists():
                    found.append(InputError("a broken link", source=str(file)))
                elif skipped := _not_regular(file):
                    found.append(skipped)
                elif file.suffix.lower() in extensions:
                    found.append(file)
                else:
                    found.append(_unknown(file, extensions, in_folder=True))
        yield from sorted(found + problems, key=lambda x: x if isinstance(x, Path) else Path(x.source or ""))
