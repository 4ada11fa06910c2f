"""IPTC NewsML 1.2 with NITF bodies (AFP's text feed).

* identity: ``Identification/NewsIdentifier/PublicIdentifier``, e.g.
  ``urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86:1``. Its last field is
  the revision, so the stable id is the identifier without it
  (``...:TX-PAR-FXW86``) and ``RevisionId`` is the version.
* status: ``NewsManagement/Status/@FormalName`` (Usable, Withheld, Canceled;
  Embargoed counts as withheld), times from ``ThisRevisionCreated`` and
  ``FirstCreated``.
* body: the text ``ContentItem`` (``MediaType`` Text) of the item, the one of the
  component with ``Role`` Main first when there are several; never a photo's or
  graphic's caption. Its ``DataContent`` is NITF (``<p>`` and crossheads ``<hl2>`` of
  ``body.content``), XHTML, HTML sent as text (ANA-MPE's CDATA of ``<P>``s), or plain
  text (APA), split at blank lines; content wrapped in a base64 ``Encoding`` is decoded,
  and a text only referred to (``ContentItem/@Href``) is refused saying so. The closing
  AFP desk sign-off ("hh/ph/ts/hd", "bur-dar-gl/fz", "JHE/DAS") is dropped: no
  outlet prints it, and its letters would differ from version to version.
* title: ``NewsLines/HeadLine`` of the item's component, else of a nested component (the
  Main one first) as packages of text and photos carry it; ``FormalName`` values such
  as ``MediaType`` are compared without regard to case.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from xml.etree.ElementTree import Element

from ..article import Article
from ..errors import FormatError, InputError
from .fields import each_item, language_code, pubstatus, safe_datetime, text_or_none
from .markup import (
    join_paragraphs,
    looks_like_html,
    paragraphs_from_html,
    paragraphs_from_xhtml,
    plain_paragraphs,
)
from .nitf import body_paragraphs
from .xml import LATIN1_HINT, attr, child, children, descendants, element_text, local_name, parse_xml

__all__ = ["parse_newsml12"]

# All lower case, or all upper case with a slash before the desk ("JHE/DAS"): an upper-case
# line without one ("EU-USA") could be a real crosshead.
_SIGN_OFF = re.compile(r"^(?:[a-z]{1,5}(?:[-/][a-z]{1,5})+|[A-Z]{1,5}(?:-[A-Z]{1,5})*(?:/[A-Z]{1,5})+)$")
_NOT_TEXT_ROLES = frozenset({"photo", "picture", "image", "graphic", "video", "audio", "caption"})


def parse_newsml12(
    root: Element,
    *,
    source: str | None = None,
    default_language: str = "auto",
    errors: list[InputError] | None = None,
) -> list[Article]:
    """Articles for each text ``NewsItem`` of a parsed NewsML 1.2 document.

    ``errors``: where a bad item's error goes while the others are kept
    (:func:`~dedupe.formats.fields.each_item`); without it, it is raised.

    Raises:
        FormatError: No NewsItem with an identifier and a text body.
    """
    found = each_item(
        descendants(root, "NewsItem"),
        lambda item: _item_to_article(item, source=source, default_language=default_language),
        errors,
        source=source,
    )
    articles = [a for a in found if a is not None]
    if not articles and not errors:
        raise FormatError("no text NewsItem in this NewsML 1.2 document", source=source)
    return articles


def _text_items(item: Element) -> list[Element]:
    """The text ContentItems of an item, those of a Main component first."""
    main: list[Element] = []
    other: list[Element] = []
    for component in (item, *descendants(item, "NewsComponent")):
        role = (attr(child(component, "Role"), "FormalName") or "").lower()
        if role in _NOT_TEXT_ROLES:
            continue
        for content in children(component, "ContentItem"):
            media = attr(child(content, "MediaType"), "FormalName")
            if media is None or media.lower() == "text":
                (main if role.startswith("main") else other).append(content)
    return main + other


def _data_paragraphs(data: Element) -> list[str]:
    nitf = next((el for el in data.iter() if local_name(el) in ("nitf", "body.content")), None)
    if nitf is not None:
        return body_paragraphs(nitf) if local_name(nitf) == "nitf" else paragraphs_from_xhtml(nitf)
    if len(data):
        return paragraphs_from_xhtml(data)
    text = data.text or ""
    # HTML escaped or in CDATA is markup all the same, whatever the Format says.
    return paragraphs_from_html(text) if looks_like_html(text) else plain_paragraphs(text)


def _decoded(content: Element, *, source: str | None) -> list[str]:
    """Paragraphs of a ContentItem's text inside (nested) ``Encoding`` steps, base64 each."""
    step, notations = content, []
    while (inner := child(step, "Encoding")) is not None:
        step = inner
        notations.append((attr(step, "Notation") or "").lower())
    text = "".join(child(step, "DataContent").itertext()) if child(step, "DataContent") is not None else ""
    try:
        data = text.encode("ascii")
        for notation in reversed(notations):
            if notation != "base64":
                raise ValueError(f"its Encoding Notation {notation!r} is not base64")
            data = base64.b64decode(b"".join(data.split()), validate=True)
    except (ValueError, binascii.Error) as exc:
        raise InputError(f"cannot read the encoded text of a ContentItem ({exc})", source=source) from None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        return _data_paragraphs(parse_xml(data, source=source))
    decoded = Element("DataContent")
    try:
        decoded.text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"the decoded text of a ContentItem is {LATIN1_HINT}", source=source) from None
    return _data_paragraphs(decoded)


def _body(item: Element, *, source: str | None) -> list[str]:
    for content in _text_items(item):
        if child(content, "Encoding") is not None:
            paragraphs = _decoded(content, source=source)
        elif (data := child(content, "DataContent")) is not None:
            paragraphs = _data_paragraphs(data)
        else:
            paragraphs = []
        while paragraphs and _SIGN_OFF.match(paragraphs[-1]):
            paragraphs.pop()
        if paragraphs:
            return paragraphs
    return []


def _linked_only(item: Element) -> str | None:
    """The ``Href`` of a text ContentItem when no text ContentItem holds its data inline."""
    contents = _text_items(item)
    if any(child(c, "DataContent") is not None or child(c, "Encoding") is not None for c in contents):
        return None
    return next((href for c in contents if (href := attr(c, "Href"))), None)


def _news_lines(component: Element | None) -> Element | None:
    """The NewsLines with a HeadLine: the component's own, else a nested text component's."""
    nested = [
        c
        for c in descendants(component, "NewsComponent")
        if (attr(child(c, "Role"), "FormalName") or "").lower() not in _NOT_TEXT_ROLES
    ]
    nested.sort(key=lambda c: not (attr(child(c, "Role"), "FormalName") or "").lower().startswith("main"))
    for candidate in (component, *nested):
        lines = child(candidate, "NewsLines")
        if element_text(child(lines, "HeadLine")):
            return lines
    return child(component, "NewsLines")


def _item_to_article(item: Element, *, source: str | None, default_language: str) -> Article | None:
    ident = child(item, "Identification", "NewsIdentifier")
    if ident is None:
        raise FormatError("NewsItem without Identification/NewsIdentifier", source=source)
    revision = element_text(child(ident, "RevisionId"))
    public_id = element_text(child(ident, "PublicIdentifier"))
    if public_id and revision and public_id.endswith(":" + revision):
        item_id = public_id[: -len(revision) - 1]
    elif public_id:
        # Without a RevisionId to match, the last field is a revision only when it is a
        # number: in "...:20260109:TX-PAR-BDO05" it is the story, which every item of
        # that day would otherwise share with the others as their id.
        head, _, last = public_id.rpartition(":")
        item_id = head if head and last.isdigit() else public_id
    else:
        parts = [element_text(child(ident, n)) for n in ("ProviderId", "DateId", "NewsItemId")]
        if not all(parts):
            raise FormatError("NewsItem has neither PublicIdentifier nor NewsItemId", source=source)
        item_id = "urn:newsml:" + ":".join(p for p in parts if p)

    media = {name.lower() for m in descendants(item, "MediaType") if (name := attr(m, "FormalName"))}
    if media and "text" not in media:
        return None  # photo or video items

    management = child(item, "NewsManagement")
    component = child(item, "NewsComponent")
    lines = _news_lines(component)
    descriptive = child(component, "DescriptiveMetadata")
    status = attr(child(management, "Status"), "FormalName")
    embargo = None
    if (status or "").lower() == "embargoed":
        embargo = safe_datetime(
            element_text(child(management, "StatusWillChange", "DateAndTimeOfChange")),
            what="DateAndTimeOfChange",
            source=source,
        )
    admin = child(component, "AdministrativeMetadata")
    # Who sent it: the Provider, else the Source (ANA-MPE names itself only there).
    provider = attr(child(admin, "Provider", "Party"), "FormalName") or attr(
        child(admin, "Source", "Party"), "FormalName"
    )
    holder = element_text(child(component, "RightsMetadata", "Copyright", "CopyrightHolder"))
    genres = [g for el in children(descriptive, "Genre") if (g := attr(el, "FormalName"))]
    language = (
        attr(child(descriptive, "Language"), "FormalName") or attr(component, "lang") or attr(item, "lang")
    )
    revised = safe_datetime(
        element_text(child(management, "ThisRevisionCreated")), what="ThisRevisionCreated", source=source
    )
    first = safe_datetime(element_text(child(management, "FirstCreated")), what="FirstCreated", source=source)

    extra: dict[str, Any] = {"format": "newsml-1.2", "genres": genres}
    for key, value in (
        ("public_identifier", public_id),
        ("news_item_id", element_text(child(ident, "NewsItemId"))),
        ("dateline", element_text(child(lines, "DateLine"))),
        ("slugline", element_text(child(lines, "SlugLine"))),
        ("item_type", attr(child(management, "NewsItemType"), "FormalName")),
        ("urgency", attr(child(management, "Urgency"), "FormalName")),
    ):
        if value:
            extra[key] = value

    text = join_paragraphs(_body(item, source=source))
    if not text and (status or "usable").lower() == "usable" and (href := _linked_only(item)):
        raise InputError(
            f"NewsItem {item_id!r} only refers to its text ({href}), it does not carry it: "
            "fetch the text and send it in a DataContent",
            source=source,
        )
    return Article(
        id=item_id,
        text=text,
        title=element_text(child(lines, "HeadLine")),
        published_at=first or revised,
        language=language_code(language, default_language),
        provider=text_or_none(provider),
        version=revision,
        version_created=revised or first,
        pubstatus=pubstatus(status, source=source),
        embargo=embargo,
        copyright_holder=text_or_none(holder) or text_or_none(provider),
        genre=genres[0] if genres else None,
        source=source,
        extra=extra,
    )
