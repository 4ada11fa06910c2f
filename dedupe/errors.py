"""Errors raised by wire-dedupe.

Every error the library raises on purpose derives from :class:`DedupeError`,
so a caller (the CLI, the Flask service) can catch one class and turn it into
a clean message::

    DedupeError
    ├── InputError            bad article input: empty text, broken JSON line,
    │   │                     duplicate id, undecodable bytes, oversized file
    │   ├── FormatError       a wire format that cannot be read (malformed XML,
    │   │                     unknown structure)
    │   ├── UnsafeInputError  XML with DTDs, external entities or entity bombs
    │   └── SkippedInput      a file in a folder that is no article format
    │                         (README.md, a .gz): named, not read, not an error
    ├── ConfigError           a configuration value out of range or inconsistent
    ├── SignatureMismatchError  stored signatures made with other sketch
    │                         parameters than the running configuration
    └── StoreError            the SQLite store cannot be opened or written
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DedupeError",
    "FormatError",
    "InputError",
    "SignatureMismatchError",
    "SkippedInput",
    "StoreError",
    "UnsafeInputError",
]


class DedupeError(Exception):
    """Root of every error wire-dedupe raises on purpose."""


class InputError(DedupeError):
    """An article (or a file of them) cannot be accepted.

    ``source`` names the file (or request) and ``line`` the 1-based line, where
    known, so that a batch run can say exactly which input to fix.
    """

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.source or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class FormatError(InputError):
    """Input in a wire format that cannot be parsed."""


class UnsafeInputError(FormatError):
    """XML that tries entity expansion, external entities or DTD tricks."""


class SkippedInput(InputError):
    """A file met while walking a folder that holds no article format: reported so that
    nothing is left out unseen, but no error (``--strict`` does not fail on it)."""


class ConfigError(DedupeError):
    """A configuration value is invalid; the message says how to fix it."""


class SignatureMismatchError(DedupeError):
    """Stored signatures were made with other sketch parameters."""


class StoreError(DedupeError):
    """The persistent store cannot be opened, read or written."""
