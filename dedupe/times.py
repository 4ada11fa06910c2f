"""Times as senders write them: ISO 8601, RFC 2822, epoch numbers, German CMS exports.

Every input format hands its times to :func:`parse_datetime`; a text without one may be
placed in time by the last dated agency credit line it prints (:func:`credit_date`).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from .errors import InputError

__all__ = ["credit_date", "parse_datetime"]

# Epoch numbers from 10**11 on are milliseconds (JavaScript's Date.now()): as seconds they
# would be the year 5138 and later, which no article is. Below 10**8 (March 1973) a number
# is more likely a year ("2024") or a mistake than a time.
_EPOCH_MILLISECONDS = 10**11
_EPOCH_MIN = 10**8
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
# "21.10.2024 09:44", "21.10.2024, 09:44 Uhr": how German CMS exports write a time.
_GERMAN_TIME = re.compile(
    r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:,?\s+(?:um\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*Uhr)?)?",
    re.IGNORECASE,
)
# "Dienstag, 18. Februar 2025, 14:32 Uhr", "4 March 2025", "March 4, 2025 2:47 PM",
# "mardi 18 février 2025 à 14h32": a date written out, as pages and feeds print it.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "januar jänner january janvier jan jän janv",
            "februar february février feb févr fév",
            "märz march mars mär mrz mar",
            "april avril apr avr",
            "mai may",
            "juni june juin jun",
            "juli july juillet jul juil",
            "august août aug",
            "september septembre sep sept",
            "oktober october octobre okt oct",
            "november novembre nov",
            "dezember december décembre dez dec déc",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = r"([^\W\d_]+)\.?"
_CLOCK = r"(?:,?\s+(?:um\s+|at\s+|à\s+)?(\d{1,2})[:.h](\d{2})(?:\s*(uhr|h|[ap]\.?m\.?))?)?"
_WEEKDAY = r"(?:[^\W\d_]+\.?,?\s+)?"
_DAY_MONTH_YEAR = re.compile(rf"{_WEEKDAY}(\d{{1,2}})\.?\s+{_MONTH}\s+(\d{{4}}){_CLOCK}", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"{_WEEKDAY}{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}}){_CLOCK}", re.IGNORECASE)
_TIME_FORMS = (
    "ISO 8601 (2024-10-21T09:44:00+02:00), RFC 2822 (Mon, 21 Oct 2024 09:44:00 +0200), "
    "seconds since 1970 (1729496640), 21.10.2024 09:44 or 18. Februar 2025, 14:32 Uhr"
)

# An agency credit with a date, as outlets print it under agency copy: "(APA, 20.1.2016)",
# "(APA; 5.2.2016)", "(dpa/AFP, 03.11.2024)", "(APA, Reuters, 2.8.2015)".
_CREDIT_DATE = re.compile(
    r"\(\s*(?:[^\W\d_]{2,10}\s*[,;/]\s*){1,3}(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)\s*\)"
)


def credit_date(text: str) -> datetime | None:
    """The date of the last dated agency credit line in ``text``, as midnight UTC.

    >>> credit_date("Toronto gewinnt. (APA, 20.1.2016) NHL-Ergebnisse von Dienstag: 3:2")
    datetime.datetime(2016, 1, 20, 0, 0, tzinfo=datetime.timezone.utc)
    >>> credit_date("(dpa/AFP, 31.2.2024)") is None, credit_date("am 20.1.2016 (Montag)") is None
    (True, True)
    """
    for match in reversed(list(_CREDIT_DATE.finditer(text))):
        day, month, year = map(int, match.groups())
        try:
            return datetime(year, month, day, tzinfo=UTC)
        except ValueError:  # no such day: not a date
            continue
    return None


def parse_datetime(value: Any, *, what: str = "published_at", source: str | None = None) -> datetime | None:
    """Parse a time as senders write it; naive times are taken as UTC.

    ISO 8601 first; then seconds since 1970 (a number or a numeric string; from
    10**11 on, milliseconds), RFC 2822 (e-mail and RSS dates) and the German
    ``21.10.2024 09:44``.

    >>> parse_datetime("2024-10-21T09:44:00+02:00").isoformat()
    '2024-10-21T09:44:00+02:00'
    >>> parse_datetime("2024-10-21").isoformat()
    '2024-10-21T00:00:00+00:00'
    >>> parse_datetime(1729503840).isoformat(), parse_datetime("Mon, 21 Oct 2024 09:44:00 +0200").isoformat()
    ('2024-10-21T09:44:00+00:00', '2024-10-21T09:44:00+02:00')
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        parsed = _from_epoch(value, what=what, source=source)
    elif isinstance(value, str):
        parsed = _from_text(value, what=what, source=source)
    else:
        raise InputError(
            f"{what} must be a datetime (timezone-aware, or naive for UTC), a string or a number, "
            f"not {type(value).__name__}: {_TIME_FORMS}",
            source=source,
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _from_text(value: str, *, what: str, source: str | None) -> datetime:
    text = value.strip()
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        pass
    if _NUMBER.fullmatch(text):
        return _from_epoch(float(text), what=what, source=source)
    if match := _GERMAN_TIME.fullmatch(text):
        day, month, year, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        try:
            return datetime(year + 2000 if year < 100 else year, month, day, hour, minute, second)
        except ValueError:
            pass  # no such day: refused below
    elif written_out := _written_out(text):
        return written_out
    else:
        for written in (text, _english_names(text)):
            try:
                return parsedate_to_datetime(written)
            except (TypeError, ValueError, IndexError):
                pass
    raise InputError(f"{what} {value!r} is not a time: write it as {_TIME_FORMS}", source=source)


# German and French feeds write RFC 2822 dates with their own day and month names
# ("Mo, 07 Dez 2026 09:44:00 +0100", "lun., 7 déc. 2026 ..."): read as the English ones.
# (The weekday is not checked, so "mar." for mardi, read as March, does no harm.)
_NAMES = {
    "mo": "Mon", "di": "Tue", "mi": "Wed", "do": "Thu", "fr": "Fri", "sa": "Sat", "so": "Sun",
    "lun": "Mon", "mer": "Wed", "jeu": "Thu", "ven": "Fri", "sam": "Sat", "dim": "Sun",
    "jän": "Jan", "mär": "Mar", "mrz": "Mar", "mai": "May", "okt": "Oct", "dez": "Dec",
    "janv": "Jan", "févr": "Feb", "fév": "Feb", "mars": "Mar", "avr": "Apr", "juin": "Jun",
    "juil": "Jul", "août": "Aug", "sept": "Sep", "déc": "Dec",
    # the names both languages share with English, so that "oct." and "Nov." lose their dot
    **{m.casefold(): m for m in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")},
}  # fmt: skip
_NAME = re.compile(r"[^\W\d_]+\.?")


def _english_names(text: str) -> str:
    """``text`` with German and French day and month names as RFC 2822 writes them.

    >>> _english_names("Mo, 07 Dez 2026 09:44:00 +0100")
    'Mon, 07 Dec 2026 09:44:00 +0100'
    """
    return _NAME.sub(lambda m: _NAMES.get(m.group().rstrip(".").casefold(), m.group()), text)


def _written_out(text: str) -> datetime | None:
    """A date with its month written out, in German, English or French, with a time of day or none.

    >>> _written_out("Dienstag, 18. Februar 2025, 14:32 Uhr").isoformat()
    '2025-02-18T14:32:00'
    >>> _written_out("March 4, 2025 2:47 PM").isoformat(), _written_out("4 March 2025").isoformat()
    ('2025-03-04T14:47:00', '2025-03-04T00:00:00')
    >>> _written_out("mardi 18 février 2025 à 14h32").isoformat()
    '2025-02-18T14:32:00'
    >>> _written_out("18. Brumaire 2025") is None
    True
    """
    for pattern, order in ((_DAY_MONTH_YEAR, (0, 1)), (_MONTH_DAY_YEAR, (1, 0))):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        first, second, year, hour, minute, suffix = match.groups()
        day, name = (first, second) if order == (0, 1) else (second, first)
        month = _MONTHS.get(name.casefold())
        if month is None:
            return None
        hours = int(hour or 0)
        if suffix and suffix[0].lower() == "p" and hours < 12:
            hours += 12
        elif suffix and suffix[0].lower() == "a" and hours == 12:
            hours = 0
        try:
            return datetime(int(year), month, int(day), hours, int(minute or 0))
        except ValueError:
            return None
    return None


def _from_epoch(value: float, *, what: str, source: str | None) -> datetime:
    seconds = value / 1000 if abs(value) >= _EPOCH_MILLISECONDS else value
    try:
        if not math.isfinite(seconds) or seconds < _EPOCH_MIN:
            raise ValueError
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise InputError(
            f"{what} {value!r} is not a time: as a number it must be seconds since 1970 "
            f"(at least {_EPOCH_MIN}, March 1973) or milliseconds",
            source=source,
        ) from None
