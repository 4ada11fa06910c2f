"""The article record every input format is turned into.

A parser (``dedupe.formats``) or a caller builds :class:`Article` objects; the
engine never sees raw wire formats. ``text`` is the article text as submitted
(for HTML or XML input, the extracted text); character offsets in the output
always point into it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .errors import InputError
from .language import language_tag, resolve_language
from .times import credit_date, parse_datetime

__all__ = [
    "PUBSTATUSES",
    "STATUS_SYNONYMS",
    "Article",
    "article_from_mapping",
    "credit_date",
    "parse_datetime",
    "pubstatus_of",
    "require_addressable_id",
]

#: IPTC pubStatus values, lower-cased; "canceled" is a kill.
PUBSTATUSES = ("usable", "withheld", "canceled")
#: What senders call each status (lower-cased, without a ``stat:`` prefix): one table for
#: JSON records and every wire format, so that a kill is a kill whatever it is called.
STATUS_SYNONYMS = {
    "usable": "usable",
    "withheld": "withheld",
    "embargoed": "withheld",
    "canceled": "canceled",
    "cancelled": "canceled",
    "deleted": "canceled",
    "killed": "canceled",
}

# "de", "de-DE", "pt_BR", "gsw", "zh-Hant-TW", "auto", or nothing: what senders declare.
_LANGUAGE_TAG = re.compile(r"(?i)(auto|[a-z]{2,3}([-_][a-z0-9]{2,8})*)?")
_OPTIONAL_STR_FIELDS = ("outlet", "title", "url", "provider", "language", "genre", "copyright_holder")

# Longer digit strings are opaque ids, never counters (and int() refuses over 4,300 digits).
_MAX_NUMBER_DIGITS = 30

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: str) -> bool:
    # A well-formed str holds no surrogates at all (json joins escaped pairs into one
    # character), and UTF-8 refuses them: encoding is 4x faster than searching (2.5
    # against 9 us for 4 KB), and every Article is checked.
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass(frozen=True)
class Article:
    """One version of one article.

    Attributes:
        id: Stable identifier; a newer version of the same story keeps it.
        text: Body text; paragraphs separated by blank lines or newlines.
        outlet: Who published this version (defaults to the id for plain files).
        title: Headline, if known. Not part of the compared text.
        published_at: Publication time (timezone-aware, UTC if none was given).
        language: ISO 639-1 code of the text ("de", "en", "fr"); "auto" (the default)
            or empty means "not declared": it is detected from the text
            (:func:`dedupe.language.resolve_language`), German when it cannot tell.
        url: Where the version was found.
        provider: Agency that supplied the copy ("AFP", "dpa"), if the input says so.
        version: Version as delivered (string; see :meth:`version_key`).
        version_created: Time this version was made, for opaque version numbers.
        pubstatus: "usable", "withheld" or "canceled" (a kill).
        embargo: Not to be shown before this time.
        copyright_holder: Rights holder named by the input.
        genre: Wire genre ("Meldung", "Tabelle", "Achtung" ...), if known.
        wire_ref: An agency item id the text itself names (a printed dpa notice).
        source: Where the record came from (file name and line, or "request").
    """

    id: str
    text: str
    outlet: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    language: str = "auto"
    url: str | None = None
    provider: str | None = None
    version: str | None = None
    version_created: datetime | None = None
    pubstatus: str = "usable"
    embargo: datetime | None = None
    copyright_holder: str | None = None
    genre: str | None = None
    wire_ref: str | None = None
    source: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.source is not None and not isinstance(self.source, str):
            raise InputError(f"article source must be a string (a file name) or None, got {self.source!r}")
        if isinstance(self.id, int) and not isinstance(self.id, bool):
            raise InputError(
                f"article id must be a string, got {type(self.id).__name__} {self.id!r}: "
                f"write id={str(self.id)!r} (article_from_mapping turns whole-number ids into strings)",
                source=self.source,
            )
        if not isinstance(self.id, str) or not self.id.strip():
            raise InputError(
                f"article has no id (got {self.id!r}): give every article a non-empty string 'id'",
                source=self.source,
            )
        if _has_lone_surrogate(self.id):
            raise InputError(
                f"article id {self.id!r} holds half of a UTF-16 surrogate pair (a broken emoji "
                "escape such as \\ud83d): send the id as valid Unicode",
                source=self.source,
            )
        if not isinstance(self.text, str):
            hint = (
                ": decode it first, text.decode('utf-8')" if isinstance(self.text, (bytes, bytearray)) else ""
            )
            raise InputError(
                f"article {self.id!r}: 'text' must be a string, got {type(self.text).__name__}{hint}",
                source=self.source,
            )
        # A number or a list here would pass until the engine reads it (a genre is
        # casefolded, a version stripped) and fail there with an AttributeError.
        for name in ("version", "wire_ref", *_OPTIONAL_STR_FIELDS):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                example = (
                    f": write {name}={str(value)!r}" if type(value) is int and name != "language" else ""
                )
                raise InputError(
                    f"article {self.id!r}: {name!r} must be a string or None, "
                    f"got {type(value).__name__} {value!r}{example}",
                    source=self.source,
                )
        if self.extra is not None and not isinstance(self.extra, Mapping):
            raise InputError(
                f"article {self.id!r}: 'extra' must be a mapping (a dict), got {type(self.extra).__name__}",
                source=self.source,
            )
        # Frozen, but these are part of what the record *is*: settled once, here.
        for name in ("text", "version", *_OPTIONAL_STR_FIELDS):
            value = getattr(self, name)
            if isinstance(value, str) and _has_lone_surrogate(value):
                # A JSON escape of half an emoji: no UTF-8 can store or answer it. One
                # character for one keeps every offset into the text as submitted.
                object.__setattr__(self, name, _LONE_SURROGATE.sub("\ufffd", value))
        object.__setattr__(self, "language", resolve_language(language_tag(self.language), self.text))
        # A library caller may pass a naive datetime or an ISO string: as the readers do,
        # take them as UTC, so that no comparison meets a naive time beside an aware one.
        for name in ("published_at", "version_created", "embargo"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, datetime) and value.tzinfo is not None):
                object.__setattr__(
                    self, name, parse_datetime(value, what=f"article {self.id!r}: {name}", source=self.source)
                )
        if self.pubstatus not in PUBSTATUSES:
            raise InputError(
                f"article {self.id!r}: pubstatus {self.pubstatus!r} is not one of {', '.join(PUBSTATUSES)} "
                "(dedupe.article.pubstatus_of() reads what senders write, such as 'killed' or 'embargoed')",
                source=self.source,
            )

    @property
    def display_outlet(self) -> str:
        """Who to name as the publisher: the outlet, the provider, the site of a URL id, the id.

        A ninjs item of a site's own CMS often names no provider; its id is the page's
        address, and an editor reads the site, not the address.

        >>> Article(id="https://www.example-news.de/politik/a-123.html", text="x").display_outlet
        'example-news.de'
        >>> Article(id="urn:newsml:dpa.com:1", text="x", provider="dpa").display_outlet
        'dpa'
        """
        named = self.outlet or self.provider
        if named:
            return named
        parts = urlsplit(self.id)
        if parts.scheme in ("http", "https") and parts.hostname:
            return parts.hostname.removeprefix("www.")
        return self.id

    @property
    def publisher(self) -> str | None:
        """The declared outlet, casefolded, to tell independent versions apart (None: not named).

        Not ``provider``: an outlet's rewrite may name the agency whose copy it ran.

        >>> Article(id="a", text="x", outlet=" Kieler Morgen ").publisher
        'kieler morgen'
        >>> Article(id="a", text="x", provider="dpa").publisher is None
        True
        """
        named = (self.outlet or "").strip()
        return named.casefold() or None

    def version_key(self) -> tuple[int, float, str]:
        """Sort key that orders versions of one story, oldest first.

        Small integer versions (dpa, AFP, ninjs) grow with each correction, so they
        order by number. Large opaque numbers (Reuters) do not; those, and
        non-numeric versions, order by ``version_created``. A large number without a
        ``version_created`` (a CMS revision counter) orders by number too.

        >>> [Article(id="a", text="x", version=v).version_key()[0] for v in ("7", "1000000", "²", "v2")]
        [7, 1000000, 0, 0]
        """
        created = self.version_created.timestamp() if self.version_created else 0.0
        v = (self.version or "").strip()
        # isdigit() alone also takes "²" and other digits int() refuses.
        if v.isascii() and v.isdigit() and (len(v) <= 6 or (not created and len(v) <= _MAX_NUMBER_DIGITS)):
            return (int(v), created, v)
        return (0, created, v)

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name in ("extra", "source"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            if value is not None:
                out[f.name] = value
        return out

    def reference_time(self) -> datetime | None:
        """When the article appeared, for the time window: ``published_at``, or for an
        undated text the date of its last agency credit line (``(APA, 20.1.2016)``).

        >>> Article(id="a", text="Wien – Text. (APA, 20.1.2016)").reference_time().date()
        datetime.date(2016, 1, 20)
        """
        return self.published_at or credit_date(self.text)


def pubstatus_of(value: Any, *, what: str = "pubstatus", source: str | None = None) -> str:
    """Our status for a sender's (``stat:canceled``, ``Killed``, ``embargoed``); None is usable.

    >>> pubstatus_of("stat:usable"), pubstatus_of("Killed"), pubstatus_of("embargoed"), pubstatus_of(None)
    ('usable', 'canceled', 'withheld', 'usable')
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return "usable"
    if not isinstance(value, str):
        raise InputError(f"{what} must be a string, not {type(value).__name__}", source=source)
    try:
        return STATUS_SYNONYMS[value.strip().lower().rpartition(":")[2]]
    except KeyError:
        known = ", ".join(STATUS_SYNONYMS)
        raise InputError(
            f"{what} {value!r} is not a known publication status: one of {known}", source=source
        ) from None


def require_addressable_id(article_id: str, *, source: str | None = None) -> None:
    """Refuse an id no URL path can name: one holding a control character (a line break).

    Checked where articles come in (a JSON record, an API post), not on every
    :class:`Article`: a store written before the check must still load.
    """
    if _CONTROL.search(article_id):
        raise InputError(
            f"article id {article_id!r} holds a control character (a line break, a tab): "
            "no URL can name it; send the id without it",
            source=source,
        )


_WHOLE_NUMBER = re.compile(r"[0-9]+(?:\.0+)?")


def article_from_mapping(data: Mapping[str, Any], *, source: str | None = None) -> Article:
    """Build an :class:`Article` from a plain JSON object (a JSONL line, an API body).

    Required: ``id`` and ``text`` (or ``html``, which is extracted to text).

    >>> article_from_mapping({"id": "a1", "text": "Hallo Welt.", "outlet": "X"}).outlet
    'X'
    """
    if not isinstance(data, Mapping):
        raise InputError("an article must be a JSON object with 'id' and 'text'", source=source)
    raw_id = data.get("id")
    if isinstance(raw_id, float) and raw_id.is_integer():
        raw_id = int(raw_id)  # 5.0 from a JSON encoder is 5, as a version 2.0 is 2
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if raw_id is not None and not isinstance(raw_id, str):
        raise InputError(
            f"'id' must be a string or a whole number, not {type(raw_id).__name__} {raw_id!r}"[:200],
            source=source,
        )
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise InputError("missing 'id': every article needs a non-empty string id", source=source)
    require_addressable_id(raw_id.strip(), source=source)
    text = data.get("text")
    html = data.get("html")
    if html is not None and not isinstance(html, str):  # even beside a text: a sign of a wrong mapping
        raise InputError(f"article {raw_id!r}: 'html' must be a string", source=source)
    # A CMS export that fills 'html' often sends 'text' empty: then the html is the body.
    if (
        html is not None
        and (text is None or (isinstance(text, str) and not text.strip()))
        and (text is None or html.strip())
    ):
        from .formats.html import extract_text  # local: trafilatura is heavy to import

        # Half an emoji (a JSON escape of one surrogate) stops the HTML parser mid-text:
        # one replacement character for it, as in a text.
        text = extract_text(_LONE_SURROGATE.sub("\ufffd", html), source=source)
    status = pubstatus_of(data.get("pubstatus"), what=f"article {raw_id!r}: pubstatus", source=source)
    if text is None and status in ("canceled", "withheld"):
        text = ""  # a kill or a withdrawal needs no text
    if text is None:
        raise InputError(f"article {raw_id!r} has neither 'text' nor 'html'", source=source)
    if not isinstance(text, str):
        raise InputError(f"article {raw_id!r}: 'text' must be a string", source=source)
    if text.lstrip().startswith("<"):
        text = _LONE_SURROGATE.sub("\ufffd", text)
        # A CMS that sends its body's HTML as 'text' ("<p>...</p><p>...</p>"): its paragraphs,
        # as the wire formats read markup whatever its label; offsets then point into them.
        from .formats.markup import join_paragraphs, looks_like_html, paragraphs_from_html

        if looks_like_html(text) and (paragraphs := paragraphs_from_html(text)):
            text = join_paragraphs(paragraphs)
    kwargs: dict[str, Any] = {}
    for name in _OPTIONAL_STR_FIELDS:
        value = data.get(name)
        if value is not None:
            if not isinstance(value, str):
                raise InputError(f"article {raw_id!r}: {name!r} must be a string", source=source)
            if name == "language" and not _LANGUAGE_TAG.fullmatch(value.strip()):
                raise InputError(
                    f"article {raw_id!r}: language {value!r}"[:200]
                    + " is no language tag: write an ISO 639-1 code such as 'de' or 'en-GB', or 'auto'",
                    source=source,
                )
            kwargs[name] = value
    version = data.get("version")
    if isinstance(version, float) and version.is_integer():
        version = int(version)  # 2.0: a number that went through a float on its way (JavaScript)
    if version is not None:
        if isinstance(version, bool) or not isinstance(version, (str, int)):
            raise InputError(
                f"article {raw_id!r}: 'version' must be a string or a whole number, not {version!r}",
                source=source,
            )
        version = str(version).strip()
        if _WHOLE_NUMBER.fullmatch(version):
            version = str(int(version.split(".")[0]))  # "2.0", "02" and 2 are one version
        kwargs["version"] = version
    return Article(
        id=raw_id.strip(),
        text=text,
        published_at=parse_datetime(data.get("published_at"), source=source),
        version_created=parse_datetime(data.get("version_created"), what="version_created", source=source),
        embargo=parse_datetime(data.get("embargo"), what="embargo", source=source),
        pubstatus=status,
        source=source,
        **kwargs,
    )
