"""Metadata values every wire format spells a little differently."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from ..article import parse_datetime, pubstatus_of
from ..errors import InputError
from ..language import language_tag

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["each_item", "json_problem", "language_code", "pubstatus", "safe_datetime", "text_or_none"]


def pubstatus(value: Any, *, source: str | None = None) -> str:
    """Map an IPTC status (``stat:canceled``, ``Usable``, ``cancelled``) to ours.

    The same table as JSON records (:data:`~dedupe.article.STATUS_SYNONYMS`).

    >>> pubstatus("stat:canceled"), pubstatus("Usable"), pubstatus(None)
    ('canceled', 'usable', 'usable')
    """
    return pubstatus_of(None if value in (None, "") else str(value), what="publication status", source=source)


def language_code(value: Any, default: str) -> str:
    """ISO 639-1 code from a tag such as ``de-DE`` or ``en``; ``default`` if none.

    >>> language_code("de-DE", "en"), language_code(None, "de")
    ('de', 'de')
    """
    return language_tag(value) or default


def safe_datetime(value: Any, *, what: str, source: str | None = None) -> datetime | None:
    """:func:`parse_datetime` that also reads compact ISO (``20140829T134951+0000``)."""
    if isinstance(value, str):
        value = value.strip()
    return parse_datetime(value or None, what=what, source=source)


def text_or_none(value: Any) -> str | None:
    """A stripped non-empty string, or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def json_problem(exc: ValueError | RecursionError) -> str:
    """What ``json.loads`` objected to, for a message that names the file and line.

    Besides malformed text, Python's decoder refuses numbers of over 4,300 digits
    (ValueError) and nesting deeper than its recursion limit (RecursionError): no
    article looks like either, and neither may end a run or answer 500.

    >>> import json
    >>> try:
    ...     json.loads("[" * 100000)
    ... except RecursionError as exc:
    ...     json_problem(exc)
    'JSON nested too deeply to be an article'
    """
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to be an article"
    return f"JSON that cannot be read: {exc}"


def each_item(
    items: Iterable[T], build: Callable[[T], R], errors: list[InputError] | None, *, source: str | None
) -> list[R]:
    """``build`` of every item of a file that holds several (a NewsML message, a feed).

    Without ``errors`` the first bad item's error is raised (one article per request).
    With it, a bad item's error is added there, naming the item, and the others are
    kept: one broken item of a night's feed file must not lose its neighbours.
    """
    items = list(items)
    out = []
    for number, item in enumerate(items, start=1):
        try:
            out.append(build(item))
        except InputError as exc:
            if errors is None:
                raise
            where = f"item {number}: " if len(items) > 1 else ""  # a file of one item needs no number
            errors.append(type(exc)(where + exc.message, source=exc.source or source))
    return out
