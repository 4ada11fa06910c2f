"""IPTC ninjs (News in JSON), versions 1.x, 2.x and 3.x, and Superdesk's output.

* identity: ``uri`` (Superdesk's published ninjs uses ``guid``), ``version``.
* ninjs 1.x: ``headline``, ``body_html`` / ``body_xhtml`` / ``body_text``,
  lower-case keys (``versioncreated``, ``pubstatus``, ``embargoed``).
* ninjs 2.x: ``headlines[]`` and ``bodies[]`` (``role``, ``contenttype``,
  ``value``); 3.0 spells keys in camelCase (``versionCreated``,
  ``pubStatus``, ``contentType``, ``copyrightHolder``).

HTML bodies are preferred over plain ones because they keep paragraph
breaks (Superdesk's ``body_text`` runs paragraphs together). Of 2.x ``bodies``, an HTML
one of any role but a summary's (``main``, ``richtext``, TT's ``html5``) is read before a
plain one (IPTC's own 3.x examples put the text twice, plain ``main`` and XHTML
``richtext``); a ``summary`` or ``teaser`` only when there is no other. ``contenttype`` is
optional in every version: a body without one (or labelled plain) that opens with a tag
is HTML. A first ``<h1>`` that repeats the headline is not text. A ``composite`` package
without a body of its own is read as its associated text item (``main`` first). An item
whose text is only linked in ``renditions`` (a content API's listing) is refused saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..article import Article
from ..errors import FormatError
from .fields import language_code, pubstatus, safe_datetime, text_or_none
from .markup import (
    drop_repeated_headline,
    join_paragraphs,
    looks_like_html,
    paragraphs_from_html,
    plain_paragraphs,
)

__all__ = ["is_ninjs", "parse_ninjs"]

_BODY_KEYS = ("body_html", "body_xhtml", "body_text", "bodies")
_NON_TEXT_TYPES = ("picture", "video", "audio", "graphic", "component")
# Bodies that stand in for the text (ninjs 2.x and 3.x roles); any other role, including
# the agencies' own ("richtext", "html5", "richhtml5"), is the text in some form.
_SUMMARY_ROLES = frozenset({"summary", "teaser", "abstract", "description", "caption", "preview", "lead"})


def _is_html(body: Mapping[str, Any]) -> bool:
    kind = str(body.get("contenttype") or body.get("contentType") or "")
    return "html" in kind or looks_like_html(body["value"])


def _get(data: Mapping[str, Any], *names: str) -> Any:
    """The first present, non-empty value among the spellings of one field."""
    for name in names:
        value = data.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def is_ninjs(data: Mapping[str, Any]) -> bool:
    """Whether a JSON object looks like a ninjs item.

    >>> is_ninjs({"uri": "urn:x", "headlines": [{"value": "T"}]}), is_ninjs({"id": "a", "text": "t"})
    (True, False)
    """
    has_id = isinstance(data.get("uri"), str) or isinstance(data.get("guid"), str)
    # "pubstatus" too: a kill carries no body and often no headline.
    ninjs_keys = ("headline", "headlines", "versioncreated", "versionCreated", "pubstatus", *_BODY_KEYS)
    return has_id and any(k in data for k in ninjs_keys)


def _name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return text_or_none(value.get("name")) or text_or_none(value.get("literal"))
    return text_or_none(value)


def _title(data: Mapping[str, Any]) -> str | None:
    headlines = data.get("headlines")
    if isinstance(headlines, list):
        values = [h for h in headlines if isinstance(h, Mapping) and text_or_none(h.get("value"))]
        main = [h for h in values if h.get("role") in (None, "main", "default")]
        if values:
            return text_or_none((main or values)[0]["value"])
    return text_or_none(data.get("headline"))


def _paragraphs(data: Mapping[str, Any]) -> list[str]:
    bodies = data.get("bodies")
    if isinstance(bodies, list):
        usable = [b for b in bodies if isinstance(b, Mapping) and isinstance(b.get("value"), str)]
        # A summary or teaser body stands in only when there is no main one, whatever the order.
        main = [b for b in usable if str(b.get("role") or "main").lower() not in _SUMMARY_ROLES]
        for group in (main, [b for b in usable if b not in main]):
            html = [b for b in group if _is_html(b)]
            for body in html:
                if paragraphs := paragraphs_from_html(body["value"]):
                    return paragraphs
            for body in group:
                if body not in html and (paragraphs := plain_paragraphs(body["value"])):
                    return paragraphs
    for key in ("body_html", "body_xhtml"):
        if isinstance(data.get(key), str) and (paragraphs := paragraphs_from_html(data[key])):
            return paragraphs
    if isinstance(data.get("body_text"), str):
        return plain_paragraphs(data["body_text"])
    return []


def _package_text(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The text item of a package's ``associations`` (an object of named items in 1.x and
    2.x, a list of items with a ``name`` in 3.x): the one named ``main`` first."""
    found = data.get("associations")
    if isinstance(found, Mapping):
        named = list(found.items())
    elif isinstance(found, list):
        named = [(item.get("name"), item) for item in found if isinstance(item, Mapping)]
    else:
        return None
    texts = [
        (name, item)
        for name, item in named
        if isinstance(item, Mapping)
        and str(item.get("type") or "text").lower() == "text"
        and any(k in item for k in _BODY_KEYS)
    ]
    texts.sort(key=lambda pair: pair[0] != "main")
    return texts[0][1] if texts else None


def parse_ninjs(
    data: Mapping[str, Any], *, source: str | None = None, default_language: str = "auto"
) -> Article:
    """One :class:`Article` from a ninjs item.

    >>> a = parse_ninjs({"uri": "urn:x:1", "version": 2, "pubstatus": "canceled",
    ...                  "headlines": [{"role": "main", "value": "Titel"}],
    ...                  "bodies": [{"contenttype": "text/html", "value": "<p>Eins.</p><p>Zwei.</p>"}]})
    >>> a.id, a.version, a.pubstatus, a.title, a.text
    ('urn:x:1', '2', 'canceled', 'Titel', 'Eins.\\n\\nZwei.')

    Raises:
        FormatError: No ``uri``/``guid``, or not a text item.
    """
    item_id = text_or_none(data.get("uri")) or text_or_none(data.get("guid"))
    if item_id is None:
        raise FormatError("ninjs item without 'uri' (or Superdesk 'guid'): cannot identify it", source=source)
    item_type = str(data.get("type") or "text").lower()
    inner = (
        _package_text(data) if item_type == "composite" and not any(k in data for k in _BODY_KEYS) else None
    )
    if inner is not None:
        # A package (AP, Superdesk): the story is its associated text item, which carries
        # its own id and version; what it leaves out it takes from the package.
        outer = {k: data[k] for k in ("pubstatus", "pubStatus", "language", "copyrightholder") if k in data}
        return parse_ninjs({**outer, **inner}, source=source, default_language=default_language)
    if item_type in _NON_TEXT_TYPES:
        raise FormatError(f"ninjs item {item_id!r} is of type {item_type!r}, not text", source=source)
    status = pubstatus(_get(data, "pubstatus", "pubStatus"), source=source)
    renditions = data.get("renditions")
    if status == "usable" and isinstance(renditions, Mapping) and not any(k in data for k in _BODY_KEYS):
        # A content API's listing (AP Media API): the text is only linked, in its renditions.
        names = ", ".join(sorted(map(str, renditions))[:6]) or "none"
        raise FormatError(
            f"ninjs item {item_id!r} has no body, only links to its renditions ({names}): download "
            "the text rendition (NITF and ANPA read here) and send that",
            source=source,
        )

    version_created = safe_datetime(
        _get(data, "versioncreated", "versionCreated"), what="versioncreated", source=source
    )
    first_created = safe_datetime(
        _get(data, "firstcreated", "firstCreated"), what="firstcreated", source=source
    )
    extra_block = data.get("extra") if isinstance(data.get("extra"), Mapping) else {}
    original = safe_datetime(
        extra_block.get("original_published_at"), what="original_published_at", source=source
    )
    holder = _name(_get(data, "copyrightholder", "copyrightHolder"))
    genres = data.get("genre")
    genre = _name(genres[0]) if isinstance(genres, list) and genres else _name(genres)
    version = data.get("version")
    url = text_or_none(data.get("url"))
    if url is None and isinstance(data.get("guid"), str) and data["guid"].startswith(("http://", "https://")):
        url = data["guid"]  # Superdesk items ingested from the web keep their address as guid

    extra: dict[str, Any] = {"format": "ninjs"}
    for key, value in (
        ("type", data.get("type")),
        ("profile", data.get("profile")),
        ("byline", _get(data, "byline", "by")),
        ("urgency", data.get("urgency")),
        ("located", data.get("located")),
    ):
        if value not in (None, ""):
            extra[key] = value

    title = _title(data)
    return Article(
        id=item_id,
        text=join_paragraphs(drop_repeated_headline(_paragraphs(data), title)),
        title=title,
        published_at=first_created or original or version_created,
        language=language_code(data.get("language"), default_language),
        url=url,
        provider=_name(data.get("provider")) or holder,
        version=text_or_none(version),
        version_created=version_created or first_created,
        pubstatus=status,
        embargo=safe_datetime(_get(data, "embargoed", "embargo"), what="embargoed", source=source),
        copyright_holder=holder,
        genre=genre,
        source=source,
        extra=extra,
    )
