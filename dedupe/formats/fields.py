"""Metadata values every wire format spells a little differently."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..article import parse_datetime
from ..errors import InputError

__all__ = ["language_code", "pubstatus", "safe_datetime", "text_or_none"]

_STATUS = {
    "usable": "usable",
    "withheld": "withheld",
    "embargoed": "withheld",
    "canceled": "canceled",
    "cancelled": "canceled",
    "deleted": "canceled",
    "killed": "canceled",
}


def pubstatus(value: Any, *, source: str | None = None) -> str:
    """Map an IPTC status (``stat:canceled``, ``Usable``, ``cancelled``) to ours.

    >>> pubstatus("stat:canceled"), pubstatus("Usable"), pubstatus(None)
    ('canceled', 'usable', 'usable')
    """
    if value in (None, ""):
        return "usable"
    key = str(value).strip().lower().rpartition(":")[2]
    try:
        return _STATUS[key]
    except KeyError:
        raise InputError(
            f"unknown publication status {value!r}: expected usable, withheld or canceled", source=source
        ) from None


def language_code(value: Any, default: str) -> str:
    """ISO 639-1 code from a tag such as ``de-DE`` or ``en``; ``default`` if none.

    >>> language_code("de-DE", "en"), language_code(None, "de")
    ('de', 'de')
    """
    if not isinstance(value, str) or not value.strip():
        return default
    return value.strip().lower().replace("_", "-").split("-")[0]


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
