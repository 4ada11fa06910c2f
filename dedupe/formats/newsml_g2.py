"""IPTC NewsML-G2 text items (dpa, Reuters, AP, Superdesk output).

One ``newsMessage`` may carry several ``newsItem`` elements; each text item
becomes one :class:`~dedupe.article.Article`:

* identity: ``newsItem/@guid`` and ``@version``. Reuters versions are large
  opaque numbers, so ``version_created`` (``itemMeta/versionCreated``, else
  ``firstCreated``) is always filled for :meth:`Article.version_key`.
* status: ``itemMeta/pubStatus/@qcode`` (``stat:canceled`` is a kill; a kill
  that still carries its body keeps it), embargo from ``itemMeta/embargoed``.
* body: the ``<p>`` elements of the XHTML ``<section class="main">`` (dpa), or
  of the whole XHTML body (Reuters), without a first ``<h1>`` that repeats the
  headline; NITF inside ``inlineXML`` (AP) is read as NITF (``body.content`` only);
  ``inlineData`` as plain text (also without a contenttype, which is optional), or as
  HTML when its contenttype is ``text/html``; base64 ``encoding`` is decoded.
  An item whose body is only ``remoteContent`` is refused with a message saying so. The ``section.notepad`` edNote in
  ``itemMeta`` is editorial notes (contacts, links), never body. dpa keeps
  the printed dateline ("Erfurt (dpa) - ") inside the first paragraph, as
  outlets print it. Tables (dpa genre "Tabelle") are skipped.
* title: the ``headline`` without a role or with ``hld:main``, before subheadlines; an
  item without one takes its inline NITF's headline, else ``itemMeta/title``.
* controlled values (``pubStatus``, ``itemClass``) are read from a ``qcode`` or, as G2
  equally allows, a ``uri`` (``http://cv.iptc.org/newscodes/pubstatusg2/canceled``).
* genre: ``contentMeta/genre`` display name (dpa: "Meldung", "Tabelle"...),
  the qcode goes to ``extra["genre_qcode"]``; signals and itemClass to
  ``extra`` as well.
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
    drop_repeated_headline,
    join_paragraphs,
    looks_like_html,
    paragraphs_from_html,
    paragraphs_from_xhtml,
    plain_paragraphs,
)
from .nitf import body_paragraphs, nitf_title
from .xml import attr, child, children, descendants, element_text, local_name

__all__ = ["parse_newsml_g2"]

_TEXT_CLASSES = ("ninat:text", "icls:text", "ninat:composite")


def _code(el: Element | None) -> str | None:
    """A controlled value: its QCode, else the last step of its URI (``.../ninature/text``)."""
    uri = attr(el, "uri")
    return attr(el, "qcode") or (uri.rstrip("/").rpartition("/")[2] if uri else None)


def _is_text_class(code: str | None) -> bool:
    # pictures, video: nothing to compare
    return not code or code.startswith(_TEXT_CLASSES) or code in ("text", "composite")


def parse_newsml_g2(
    root: Element,
    *,
    source: str | None = None,
    default_language: str = "auto",
    errors: list[InputError] | None = None,
) -> list[Article]:
    """Articles for the text ``newsItem`` elements of a parsed NewsML-G2 document.

    Args:
        root: A ``newsMessage`` or ``newsItem`` root (from :func:`~dedupe.formats.xml.parse_xml`).
        source: File name or "request", kept on each Article and in errors.
        default_language: Language when the item declares none.
        errors: Where a bad item's error goes while the others are kept
            (:func:`~dedupe.formats.fields.each_item`); without it, it is raised.

    Raises:
        FormatError: No text newsItem in the document.
    """
    items = [root] if local_name(root) == "newsItem" else list(descendants(root, "newsItem"))
    texts = [item for item in items if _is_text_class(_code(child(item, "itemMeta", "itemClass")))]
    articles = each_item(
        texts,
        lambda item: _item_to_article(item, source=source, default_language=default_language),
        errors,
        source=source,
    )
    if not articles and not (errors and texts):
        raise FormatError(
            f"no text newsItem in this NewsML-G2 document (root <{local_name(root)}>)", source=source
        )
    return articles


def _qcode_or_name(el: Element | None, prefix: str = "") -> str | None:
    if el is None:
        return None
    qcode = attr(el, "qcode")
    if qcode and prefix and qcode.startswith(prefix):
        return qcode[len(prefix) :]
    return element_text(child(el, "name")) or attr(el, "literal") or qcode


def _genre(content_meta: Element | None) -> tuple[str | None, str | None]:
    genre = child(content_meta, "genre")
    if genre is None:
        return None, None
    names = children(genre, "name")
    display = [n for n in names if attr(n, "role") in (None, "nrol:display")]
    name = element_text((display or names)[0]) if names else None
    return name or attr(genre, "literal") or attr(genre, "qcode"), attr(genre, "qcode")


def _rank(el: Element) -> int:
    rank = attr(el, "rank") or "1"
    return int(rank) if rank.isascii() and rank.isdigit() and len(rank) < 10 else 1


def _body(item: Element, *, source: str | None) -> list[str]:
    content_set = child(item, "contentSet")
    for inline in children(content_set, "inlineXML"):
        nitf = next((el for el in inline.iter() if local_name(el) == "nitf"), None)
        if nitf is not None:
            # AP and others wrap NITF: its body.head (hl1, hl2, abstract) is not body.
            paragraphs = body_paragraphs(nitf)
        else:
            main = next(
                (s for s in descendants(inline, "section") if "main" in (attr(s, "class") or "").split()),
                None,
            )
            body = main if main is not None else next(descendants(inline, "body"), inline)
            paragraphs = paragraphs_from_xhtml(body)
        if paragraphs:
            return paragraphs
    # Items without XHTML: the plain-text rendition (dpa's IPTC 7901 text has no headline),
    # or HTML sent as escaped text (a CMS's inlineData contenttype="text/html").
    inline_data = [
        d
        for d in children(content_set, "inlineData")
        if (attr(d, "contenttype") or "text/").startswith("text/")
    ]
    preferred = [d for d in inline_data if (attr(d, "rendition") or "").endswith(":text")] or inline_data
    for data in preferred:
        text = _inline_data_text(data, guid=attr(item, "guid"), source=source)
        # ANSA labels its CDATA of <p> elements text/plain: markup is read as markup.
        if (attr(data, "contenttype") or "").startswith("text/html") or looks_like_html(text):
            paragraphs = paragraphs_from_html(text)
        else:
            paragraphs = plain_paragraphs(text)
        if paragraphs:
            return paragraphs
    remote = children(content_set, "remoteContent")
    usable = (_code(child(item, "itemMeta", "pubStatus")) or "usable").endswith("usable")
    if remote and usable and not inline_data and not children(content_set, "inlineXML"):
        href = attr(remote[0], "href") or "(no href)"
        raise InputError(
            f"newsItem {attr(item, 'guid')!r} has no inline body, only remoteContent ({href}): "
            "fetch the body and send it as inlineXML or inlineData",
            source=source,
        )
    return []


def _inline_data_text(data: Element, *, guid: str | None, source: str | None) -> str:
    """The text of an ``inlineData``, decoded when its ``encoding`` (or ``encodinguri``) is base64."""
    text = "".join(data.itertext())
    encoding = re.split(r"[:/#]", attr(data, "encoding") or attr(data, "encodinguri") or "")[-1].lower()
    if not encoding:
        return text
    charset = re.search(r"charset\s*=\s*\"?([\w.-]+)", attr(data, "contenttype") or "", re.IGNORECASE)
    try:
        if encoding != "base64":
            raise ValueError(f"its encoding {encoding!r} is not base64")
        return base64.b64decode("".join(text.split()), validate=True).decode(
            charset.group(1) if charset else "utf-8"
        )
    except (ValueError, binascii.Error, LookupError) as exc:  # UnicodeDecodeError is a ValueError
        raise InputError(
            f"newsItem {guid!r}: cannot read its encoded inlineData ({exc}): send the text as "
            "plain inlineData, base64 of UTF-8, or inlineXML",
            source=source,
        ) from None


def _inline_nitf_title(item: Element) -> str | None:
    # An item that says its headline only in its NITF body (BusinessDesk's <head><title>).
    for inline in children(child(item, "contentSet"), "inlineXML"):
        if (nitf := next((el for el in inline.iter() if local_name(el) == "nitf"), None)) is not None:
            return nitf_title(nitf)
    return None


def _headline_order(el: Element) -> tuple[int, int]:
    # The main headline before subheadlines and short forms, whatever their order or rank.
    role = attr(el, "role")
    return (0 if role is None or role.endswith(":main") or role == "main" else 1, _rank(el))


def _item_to_article(item: Element, *, source: str | None, default_language: str) -> Article:
    guid = attr(item, "guid")
    if not guid:
        raise FormatError("newsItem without a guid attribute", source=source)
    item_meta = child(item, "itemMeta")
    content_meta = child(item, "contentMeta")
    rights = child(item, "rightsInfo")

    version_created = safe_datetime(
        element_text(child(item_meta, "versionCreated")), what="versionCreated", source=source
    )
    first_created = safe_datetime(
        element_text(child(item_meta, "firstCreated")), what="firstCreated", source=source
    )
    content_created = safe_datetime(
        element_text(child(content_meta, "contentCreated")), what="contentCreated", source=source
    )
    provider = _qcode_or_name(child(item_meta, "provider"), "nprov:")
    holder_el = child(rights, "copyrightHolder")
    copyright_holder = _qcode_or_name(holder_el, "nprov:")
    genre, genre_qcode = _genre(content_meta)
    headlines = [h for h in children(content_meta, "headline") if element_text(h)]
    ranked = sorted(headlines, key=_headline_order)
    title = (
        element_text(ranked[0])
        if ranked
        else _inline_nitf_title(item) or element_text(child(item_meta, "title"))
    )
    language = attr(child(content_meta, "language"), "tag") or attr(item, "lang")

    extra: dict[str, Any] = {
        "format": "newsml-g2",
        "item_class": _code(child(item_meta, "itemClass")),
        "signals": [q for s in children(item_meta, "signal") if (q := attr(s, "qcode"))],
    }
    if genre_qcode:
        extra["genre_qcode"] = genre_qcode
    for key, el in (
        ("dateline", child(content_meta, "dateline")),
        ("located", child(content_meta, "located", "name")),
        ("byline", child(content_meta, "by")),
        ("urgency", child(content_meta, "urgency")),
        ("slugline", child(content_meta, "slugline")),
    ):
        if value := element_text(el):
            extra[key] = value

    return Article(
        id=guid,
        text=join_paragraphs(drop_repeated_headline(_body(item, source=source), title)),
        title=title,
        published_at=first_created or content_created or version_created,
        language=language_code(language, default_language),
        provider=text_or_none(provider),
        version=attr(item, "version"),
        version_created=version_created or first_created,
        pubstatus=pubstatus(_code(child(item_meta, "pubStatus")), source=source),
        embargo=safe_datetime(element_text(child(item_meta, "embargoed")), what="embargoed", source=source),
        copyright_holder=text_or_none(copyright_holder),
        genre=genre,
        source=source,
        extra=extra,
    )
