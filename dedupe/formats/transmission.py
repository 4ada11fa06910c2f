"""Classic wire transmission formats: ANPA-1312, IPTC 7901, and telex ``ZCZC`` framing.

Agencies sent copy to teleprinters long before XML, and many desks still receive it
so. Each message is framed by control characters: SOH, a header, STX, the text, ETX,
a post-text, EOT. A file may hold several messages; each becomes an article.

* ANPA-1312 (AP; files often ``.tst``): SYN SYN SOH, a line with service level, message
  number and selector (``W2870``, US, ``asian``), a line with priority, category, a format
  code (DC2: tabular), the keyword (slug, cut to 24 characters), the version or take
  (``1stLd-Writethru``), the filing date ``MM-DD`` and the word count. The text opens
  with lines marked ``^`` (AP's typesetting codes: the full keyword, the headline, notes,
  byline; ``<`` ends a flush-left line, ``=`` a centred one), paragraphs start with a tab,
  and it ends with the stamp ``AP-WF-11-13-13 1509GMT``.
* IPTC 7901 (dpa, AAP, APA, older Reuters): SOH, ``eca0003 3 i 380  dpa 0045`` (service
  and message number, priority, category, word count, agency and its number), the
  keyword line ``Switzerland/migration/UN/``; after STX the takes (``1ST LEAD``), the
  genre in brackets (``(Achtung)``), headline and byline, ended by ``=``; paragraphs
  separated by blank lines or indented, lines wrapped; the editors' sign-off (``dpa al
  rmo``) and, after ETX, the filing time ``212322 GMT Nov 18``. dpa's notepad (``#
  Notebook``) and what is "not for publication" are notes to editors, not text.
* ``ZCZC`` ... ``NNNN`` (AAP and other telex networks): header lines marked by their first
  character (``:`` keyword or headline, ``^`` headline, ``*T`` tabular), then the text.

The id is the agency (or format), the keyword and the filing date, so that a re-sent or
updated story keeps it (``AP:BC-BKN--Heat-Hawks:2016-02-20``); without a keyword, the
file name. The message number is the version, ordered by the filing time. A take that
says kill or withdrawal makes the message a kill (``pubstatus`` "canceled").

>>> msg = (b"\\x01eca0007 3 i 60  dpa 0101\\n\\nFerry/Norway/\\n\\x02Ferry runs again =\\n\\n"
...        b"Oslo (dpa) - The ferry runs\\nagain.\\n\\ndpa xy\\n\\x03121530 GMT Mar 26\\n\\x04")
>>> (a,) = parse_transmission(msg, stem="f", source="f.txt")
>>> a.id, a.title, a.text, a.provider, a.published_at.isoformat()
('dpa:Ferry/Norway:2026-03-12', 'Ferry runs again', 'Oslo (dpa) - The ferry runs again.', \
'dpa', '2026-03-12T15:30:00+00:00')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ..article import Article
from ..errors import FormatError, InputError
from .decoding import decode_legacy
from .fields import each_item, language_code
from .markup import join_paragraphs
from .plain import with_wire_ref

__all__ = ["is_transmission", "parse_transmission"]

SOH, STX, ETX, EOT = "\x01", "\x02", "\x03", "\x04"

_LEAD = b"\xef\xbb\xbf \t\r\n\x7f"
# Control characters that are framing or typesetting codes, never text (tab and newline stay).
# ANPA's space band (DLE) is a space.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INDENT = re.compile(r"^(?:\t[ \t]*| {3,})\S")
_BULLET = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s")  # a list item starts its own line
_RULE = re.compile(r"_{3,}|\*(?: \*){2,}")  # AP's "___", dpa's "* * * *": rules, not words

_ANPA_SELECTOR = re.compile(r"^\s*(?P<level>[A-Za-z])(?P<number>\d{4})\s*(?P<selector>[\w-]*)")
_ANPA_ROUTE = re.compile(
    r"^(?P<priority>\w) (?P<category>\w)[\x11-\x14]*\s+(?P<slug>\S+)(?:\s+(?P<take>.*?))?"
    r"\s+(?P<month>\d\d)-(?P<day>\d\d)(?:\s+(?P<words>\d*))?\s*$"
)
_ANPA_STAMP = re.compile(
    r"^(?P<agency>[A-Z]{2,6})-[A-Z0-9]{1,4}-(?P<month>\d\d)-(?P<day>\d\d)-(?P<year>\d\d) "
    r"(?P<hour>\d\d)(?P<minute>\d\d)\s*(?P<zone>[A-Z]{2,4})?\s*[<=]?$"
)
_ANPA_NOTE = re.compile(r"^\(?(?:Eds?:|Editor'?s note|AP (?:Photos?|Video|Graphics?|Audio)\b)", re.I)
_IPTC_HEADER = re.compile(
    r"^\s*(?P<service>[A-Za-z]{0,4})(?P<number>\d{1,5})\s+(?P<priority>\S)\s+(?P<category>[A-Za-z]{1,3})"
    r"\s+(?P<words>\d{1,6})(?:\s+(?P<agency>[A-Za-z][\w.-]*)(?:\s+\d+)?)?"
)
_FILED = re.compile(
    r"^(?P<day>\d\d)(?P<hour>\d\d)(?P<minute>\d\d)\s+(?:(?P<zone>[A-Z]{1,4})\s+)?"
    r"(?P<month>[^\W\d_]{3,4})\.?\s+(?P<year>\d\d(?:\d\d)?)$"
)
_NOT_TEXT = re.compile(
    r"^(?:#\s*(?:Notizblock|Notebook|Notepad)\s*$|the following information is not (?:intended )?for "
    r"publication|die folgenden informationen sind nicht zur veröffentlichung bestimmt)",
    re.I,
)
_SIGN_OFF = re.compile(r"^(?P<agency>[a-z][a-z-]{1,9})(?:\s+[a-zäöüß0-9/]{1,8}){1,12}$")
_DATELINE = re.compile(r"^[^\W\d_][^()\n]{0,40}\((?P<agencies>[A-Za-z][\w/ ,.-]{0,30})\)\s?[-–—_]")
_BYLINE = re.compile(r"^(?:By|Von|Par|Por|Di|Av) \S")
# A take or note naming a kill (AP "Kill", "Mandatory Kill"; dpa "Rückzug", "Löschung").
_KILL = re.compile(r"\b(?:kill(?:ed)?|withdraw(?:n|al)?|elimination|rückzug|löschung|zurückgezogen)\b", re.I)

_MONTHS = {
    "jan": 1, "jän": 1, "feb": 2, "mar": 3, "mär": 3, "mrz": 3, "apr": 4, "may": 5, "mai": 5,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}  # fmt: skip
_ZONES = {
    "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "MEZ": 1, "CET": 1, "MESZ": 2, "CEST": 2,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip


def is_transmission(data: bytes) -> bool:
    """Whether ``data`` opens like a wire transmission: SYN or SOH first, or ``ZCZC``.

    >>> is_transmission(b"\\x16\\x16\\x01z6715"), is_transmission(b"ZCZC AAP\\n"), is_transmission(b"Hallo")
    (True, True, False)
    """
    head = data[:64].lstrip(_LEAD)
    return head.startswith((b"\x16", b"\x01")) or head[:4].upper() == b"ZCZC"


@dataclass
class _Message:
    number: int
    header: str  # SOH to STX, control characters kept (ANPA's format code is one)
    body: str  # STX to ETX
    post: str = ""  # ETX to EOT: the filing time
    telex: bool = False
    problem: str | None = None


@dataclass
class _Parts:
    """What a message's header and text say, before it becomes an Article."""

    kind: str
    paragraphs: list[str]
    slug: str | None = None
    title: str | None = None
    provider: str | None = None
    version: str | None = None
    filed: datetime | None = None
    day: str | None = None
    genre: str | None = None
    takes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _decode(data: bytes) -> str:
    text = decode_legacy(data)
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\x10", " "))


def _messages(text: str) -> list[_Message]:
    if SOH not in text:
        return _telex_messages(text)
    chunks = [c for c in text.split(SOH)[1:] if _clean(c).strip()]
    out = []
    for number, chunk in enumerate(chunks, start=1):
        end = next((i for i in (chunk.find(ETX), chunk.find(EOT)) if i >= 0), -1)
        if end < 0:
            problem = (
                f"message {number} of {len(chunks)} has a start (SOH) but no end (ETX or EOT): the "
                "transmission was cut off; ask for the story again or remove the broken message"
            )
            out.append(_Message(number, chunk, "", problem=problem))
            continue
        message, post = chunk[:end], chunk[end + 1 :].split(EOT)[0]
        header, stx, body = message.partition(STX)
        if not stx:  # no STX: the header is the first line
            header, _, body = message.partition("\n")
        out.append(_Message(number, header, body, post))
    return out


def _telex_messages(text: str) -> list[_Message]:
    starts = list(re.finditer(r"^[ \t]*ZCZC(?:[ \t][^\n]*)?\n?", text, re.M))
    out = []
    for number, (m, after) in enumerate(
        zip(starts, [*starts[1:], None][: len(starts)], strict=True), start=1
    ):
        chunk = text[m.end() : after.start() if after else len(text)]
        out.append(
            _Message(number, "", re.split(r"^\s*NNNN\s*$", chunk, maxsplit=1, flags=re.M)[0], telex=True)
        )
    return out


def _paragraphs(lines: list[str], *, reflow: bool) -> list[str]:
    """Paragraphs of typed wire text: a blank or indented line starts one.

    Where ``reflow`` is on, a line break is a wrap when the next line's first word would
    not have fitted on the line (the width being the longest line's): a line filled that
    way was wrapped, a shorter one (a table row, a list item) was broken on purpose.

    >>> _paragraphs(["\\t   The ferry from Kiel", "runs again.", "\\t   Oslo waits.", "A: 1", "B: 2"], reflow=True)
    ['The ferry from Kiel runs again.', 'Oslo waits.\\nA: 1\\nB: 2']
    """
    width = max((len(line.rstrip()) for line in lines), default=0)
    out: list[str] = []
    current, previous = "", ""
    for raw in lines:
        line = raw.rstrip()
        text = line.strip()
        if not text or _RULE.fullmatch(text) or (current and _INDENT.match(line)):
            out.append(current)
            current = ""
        if not text or _RULE.fullmatch(text):
            continue
        if not current:
            current = text
        elif reflow and not _BULLET.match(text) and len(previous) + 1 + len(text.split()[0]) > width:
            current += " " + text
        else:
            current += "\n" + text
        previous = line
    out.append(current)
    return [p for p in out if p]


def _year(two_or_four: str) -> int:
    year = int(two_or_four)
    return year if year >= 100 else (2000 + year if year < 70 else 1900 + year)


def _time(year: int, month: int, day: int, hour: int, minute: int, zone: str | None) -> datetime | None:
    # A time without a zone is taken as UTC: the transmission standards and every sample
    # that names its zone ("GMT") use UTC, and an agency sending local time instead is off
    # by an hour or two, well inside the days of the clustering window.
    offset = timezone(timedelta(hours=_ZONES.get((zone or "UTC").upper(), 0)))
    try:
        return datetime(year, month, day, hour, minute, tzinfo=offset)
    except ValueError:  # no such day or hour: no time at all rather than a wrong one
        return None


def _filed(line: str) -> datetime | None:
    """The filing time of an IPTC 7901 post-text.

    >>> _filed("212322 GMT Nov 18").isoformat(), _filed("241205 Okt 24").isoformat()
    ('2018-11-21T23:22:00+00:00', '2024-10-24T12:05:00+00:00')
    """
    m = _FILED.match(line.strip())
    month = _MONTHS.get(m.group("month").lower()) if m else None
    if m is None or month is None:
        return None
    return _time(_year(m["year"]), month, int(m["day"]), int(m["hour"]), int(m["minute"]), m["zone"])


def _dateline_agency(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs[:3]:
        if m := _DATELINE.match(paragraph):
            return re.split(r"[/,]", m.group("agencies"))[-1].strip() or None
    return None


def _heading(line: str) -> str:
    return line.strip().lstrip("^").rstrip(" <=").strip()


def _titled(byline: str, i: int, heads: list[str]) -> bool:
    """Whether the ``^`` line after a byline is its reporter's title (``AP Sports Writer``):
    so when it ends the header lines, or the byline names a person in capitals, as AP does
    ("By JANE DOE"; "By The Associated Press" has no title below it)."""
    return i == len(heads) - 1 or byline[3:].isupper()


def _anpa(message: _Message) -> _Parts:
    header = message.header.split("\n")
    body = message.body.split("\n")
    if len(header) < 2 and body and _ANPA_ROUTE.match(_clean(body[0])):
        header, body = [*header, body[0]], body[1:]
    parts = _Parts("anpa1312", [])
    if m := _ANPA_SELECTOR.match(_clean(header[0])):
        parts.version = m["level"] + m["number"]
        parts.extra["selector"] = m["selector"] or None
    route = header[1] if len(header) > 1 else ""
    tabular = "\x12" in route  # DC2: the text is a table, its line breaks are its own
    if m := _ANPA_ROUTE.match(_clean(route)):
        parts.slug, parts.day = m["slug"], f"{m['month']}-{m['day']}"
        parts.takes = [m["take"]] if m["take"] else []
        parts.extra.update(priority=m["priority"], category=m["category"], word_count=m["words"] or None)
    lines = [_clean(line) for line in body]
    # AP's ASCII typography: `` and '' are quotes, " _ " a dash (as the dateline needs it).
    lines = [line.replace("``", '"').replace("''", '"').replace(" _ ", " — ") for line in lines]
    while lines and not lines[0].strip():
        lines.pop(0)
    run = 0
    while run < len(lines) and lines[run].startswith("^"):
        run += 1
    heads, content = lines[:run], []
    if heads:
        keyword = _heading(heads[0].rsplit("^", 1)[-1])
        name, *rest = [p.strip() for p in keyword.split(",")]
        parts.extra["keyword"] = name
        parts.takes += [p for p in rest if p and not p.isdigit()]
    bylines, notes = [], []
    for i, raw in enumerate(heads[1:], start=1):
        line = _heading(raw)
        if _BYLINE.match(line) or (
            bylines and _BYLINE.match(_heading(heads[i - 1])) and _titled(bylines[-1], i, heads)
        ):
            bylines.append(line)
        elif _ANPA_NOTE.match(line) or (i > 1 and raw.rstrip().endswith("<")):
            notes.append(line)
        elif i == 1:
            parts.title = line
        else:
            content += ["", line, ""]
    stamp = None
    for raw in lines[run:]:
        line = raw.rstrip()
        if m := _ANPA_STAMP.match(line.strip()):
            stamp = m
        elif line.startswith("^"):
            content += ["", _heading(line), ""]  # a heading of a table or list is a paragraph
        else:
            content.append(line[:-1].rstrip() if line.endswith(("<", "=")) else line)
    for raw in message.post.split("\n"):
        stamp = _ANPA_STAMP.match(_clean(raw).strip()) or stamp
    if stamp:
        parts.provider = stamp["agency"]
        parts.filed = _time(
            _year(stamp["year"]), int(stamp["month"]), int(stamp["day"]), int(stamp["hour"]), int(stamp["minute"]),
            stamp["zone"],
        )  # fmt: skip
        if parts.day and parts.filed:
            # The header's date has no year: the stamp's, a year back when it crossed New Year.
            year = parts.filed.year - (parts.day[:2] == "12" and parts.filed.month == 1)
            parts.day = f"{year}-{parts.day}"
    parts.paragraphs = _paragraphs(content, reflow=not tabular)
    parts.title = parts.title or parts.extra.get("keyword") or parts.slug
    parts.extra.update(byline=" ".join(bylines) or None, notes=notes or None, tabular=tabular or None)
    return parts


def _iptc7901(message: _Message) -> _Parts:
    parts = _Parts("iptc7901", [])
    first, *pre = _clean(message.header).split("\n")
    if m := _IPTC_HEADER.match(first):
        parts.version = m["service"] + m["number"]
        parts.provider = m["agency"]
        parts.extra.update(priority=m["priority"], category=m["category"], word_count=m["words"])
    for line in filter(None, (line.strip() for line in pre)):
        if line.endswith("/") and parts.slug is None:
            parts.slug = line.rstrip("/ ").strip() or None
        else:
            parts.takes.append(line)
    lines = [_clean(line) for line in message.body.split("\n")]
    tail = [line for line in lines if line.strip()][-3:]
    for raw in [*tail, *_clean(message.post).split("\n")]:
        parts.filed = _filed(raw) or parts.filed
    lines = [line for line in lines if not _filed(line)]
    while lines and not lines[0].strip():
        lines.pop(0)
    block_end = next(
        (i for i, line in enumerate(lines) if not line.strip() or line.rstrip().endswith("=")), -1
    )
    if block_end >= 0 and lines[block_end].rstrip().endswith("="):
        block, lines = _groups(lines[: block_end + 1]), lines[block_end + 1 :]
        titles = []
        for line in block:
            if line.startswith("(") and line.endswith(")"):
                note = line[1:-1].strip()
                if " " not in note and parts.genre is None:
                    parts.genre = note
                parts.takes.append(note)
            elif _BYLINE.match(line):
                parts.extra["byline"] = line
            elif not any(c.islower() for c in line):
                parts.takes.append(line)
            else:
                titles.append(line)
        parts.title = " ".join(titles) or None
    cut = next((i for i, line in enumerate(lines) if _NOT_TEXT.match(line.strip())), len(lines))
    lines = lines[:cut]
    while lines and (not lines[-1].strip() or _RULE.fullmatch(lines[-1].strip())):
        lines.pop()
    parts.paragraphs = _paragraphs(lines, reflow=True)
    parts.provider = parts.provider or _dateline_agency(parts.paragraphs)
    agency = (parts.provider or "").lower().split("-")[0]
    if parts.paragraphs and (m := _SIGN_OFF.match(parts.paragraphs[-1])) and m["agency"] == agency:
        parts.extra["sign_off"] = parts.paragraphs.pop()
    parts.day = parts.filed.date().isoformat() if parts.filed else None
    parts.title = parts.title or parts.slug
    return parts


def _groups(lines: list[str]) -> list[str]:
    """Lines of a headline block, a bracketed note over several lines made one, ``=`` cut off."""
    out: list[str] = []
    for line in (line.strip() for line in lines):
        if out and out[-1].startswith("(") and ")" not in out[-1]:
            out[-1] += " " + line
        else:
            out.append(line)
    if out:
        out[-1] = out[-1].rstrip("= ").strip()
    return [line for line in out if line]


def _telex(message: _Message) -> _Parts:
    parts = _Parts("zczc", [])
    lines = [_clean(line) for line in message.body.split("\n")]
    fields: dict[str, list[str]] = {}
    while lines and lines[0][:1] in tuple("%$:=^*&+#@"):
        line = lines.pop(0)
        fields.setdefault(line[0], []).append(line[1:].strip())
    headlines = [v for v in fields.get("^", []) + fields.get(":", [])[::-1] if v]
    parts.title = headlines[0] if headlines else None
    keywords = [v for v in fields.get("#", []) + (fields.get(":", []) if "^" in fields else []) if v]
    parts.extra["keyword"] = keywords[0] if keywords else None
    parts.takes = [v for v in fields.get("=", []) + fields.get("@", []) if v]
    tabular = any(v.upper().startswith("T") for v in fields.get("*", []))
    parts.paragraphs = _paragraphs(lines, reflow=not tabular)
    return parts


def _article(
    message: _Message, *, count: int, stem: str | None, source: str | None, default_language: str
) -> Article:
    if message.problem:
        raise FormatError(message.problem, source=source)
    head = (message.header + "\n" + message.body).split("\n")[:3]
    is_anpa = "\x1f" in head[0] or any(_ANPA_ROUTE.match(_clean(line)) for line in head)
    build: Callable[[_Message], _Parts] = _telex if message.telex else _anpa if is_anpa else _iptc7901
    parts = build(message)
    parts.provider = parts.provider or _dateline_agency(parts.paragraphs)
    if parts.slug and not message.telex:
        article_id = ":".join(p for p in (parts.provider or parts.kind, parts.slug, parts.day) if p)
    elif stem:
        article_id = stem if count == 1 else f"{stem}#{message.number}"
    else:
        raise InputError(
            f"{parts.kind} message {message.number} has no keyword (slug) to name it by: send it as a "
            "file (its name becomes the id)",
            source=source,
        )
    # Only a short take decides: a correction note may tell of something withdrawn.
    killed = any(_KILL.search(take) for take in parts.takes if len(take.split()) <= 4)
    extra = {k: v for k, v in parts.extra.items() if v is not None}
    extra.update(format=parts.kind, **({"slug": parts.slug} if parts.slug else {}))
    if parts.takes:
        extra["takes"] = parts.takes
    article = Article(
        id=article_id,
        text=join_paragraphs(parts.paragraphs),
        title=parts.title,
        published_at=parts.filed,
        language=language_code(None, default_language),
        provider=parts.provider,
        version=parts.version,
        version_created=parts.filed,
        pubstatus="canceled" if killed else "usable",
        genre=parts.genre,
        source=source,
        extra=extra,
    )
    return with_wire_ref(article)


def parse_transmission(
    data: bytes,
    *,
    stem: str | None,
    source: str | None = None,
    default_language: str = "auto",
    errors: list[InputError] | None = None,
) -> list[Article]:
    """The articles of an ANPA-1312, IPTC 7901 or ZCZC transmission, one per message.

    Args:
        data: The raw bytes (UTF-8, else Latin-1 / Windows-1252).
        stem: The file name without extension: the id of messages without a keyword.
        source: Name for error messages.
        default_language: Language of the articles (the formats declare none).
        errors: Where a broken message's error goes while the others are kept;
            without it, the first one is raised.

    Raises:
        FormatError: No message in the data, or a message cut off (SOH without ETX).
    """
    messages = _messages(_decode(data))
    if not messages:
        raise FormatError(
            "no wire message found: expected ANPA-1312 or IPTC 7901 (SOH ... ETX) or ZCZC ... NNNN",
            source=source,
        )
    return each_item(
        messages,
        lambda m: _article(
            m, count=len(messages), stem=stem, source=source, default_language=default_language
        ),
        errors,
        source=source,
    )
