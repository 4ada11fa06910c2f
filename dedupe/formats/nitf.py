"""IPTC NITF 3.x documents on their own (the text format of many agency and CMS exports).

* identity: ``head/docdata/doc-id/@id-string``; without it the file name, as for
  plain text. The version is ``du-key/@version`` (NITF's "dynamic use key" grows
  with each update of one story); without it, versions order by ``date.issue``.
* status: ``docdata/@management-status`` (``usable``, ``withheld``, ``canceled``;
  ``embargoed`` counts as withheld with ``date.release`` as the embargo).
* times: ``date.issue/@norm`` (compact ISO 8601, ``20241021T094400+0200``) as
  publication time, ``date.release/@norm`` for embargoes.
* who: ``doc.copyright/@holder``, ``body.head/distributor`` (else the first source of
  ``docdata/del-list/from-src``, as PA names itself), ``pubdata/@name``.
* body: ``<p>`` and subheadings (``<hl2>``) of ``body.content``; the headline is
  ``hedline/hl1``, kept apart from the compared text as in every other format, and
  the rest of ``body.head`` (``hl2`` subheadline, abstract, byline) is not text either.
  Media with their captions and editorial notes are skipped; a note's own
  ``body.content`` is never read as body, nor a first paragraph repeating the headline
  (AP's ``<hl2>`` of the slug) or a last one that only marks the end (PA's "ends").

AFP's NewsML 1.2 wraps NITF bodies too (:mod:`.newsml12`); this module reads a NITF
root on its own.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from ..article import Article
from ..errors import FormatError
from .fields import language_code, pubstatus, safe_datetime, text_or_none
from .markup import drop_repeated_headline, join_paragraphs, paragraphs_from_xhtml
from .xml import attr, child, children, descendants, element_text, local_name

__all__ = ["body_paragraphs", "nitf_title", "parse_nitf"]

# A last paragraph that only says the story ends: "ends", "-30-", "###", "(end)".
_END_MARK = re.compile(r"[-(\s]*(?:ends?|end of story|-?30-?|#{3})[-).\s]*", re.IGNORECASE)


def body_paragraphs(el: Element | None) -> list[str]:
    """Paragraphs of the ``body.content`` of a ``<nitf>`` or ``<body>`` element.

    Only the body's own ``body.content`` counts: one nested in a ``<note>`` is an
    editor's note, and reading every descendant read it twice.
    """
    body = child(el, "body") if el is not None and local_name(el) == "nitf" else el
    contents = children(body, "body.content") or list(descendants(body, "body.content"))[:1]
    return [p for content in contents for p in paragraphs_from_xhtml(content)]


def nitf_title(nitf: Element | None) -> str | None:
    """The headline of a ``<nitf>``: ``hedline/hl1``, else ``head/title``."""
    body_head = child(child(nitf, "body"), "body.head")
    return element_text(child(body_head, "hedline", "hl1")) or element_text(child(nitf, "head", "title"))


def _text(body: Element | None, title: str | None) -> str:
    paragraphs = drop_repeated_headline(body_paragraphs(body), title)
    if paragraphs and _END_MARK.fullmatch(paragraphs[-1]):
        paragraphs.pop()
    return join_paragraphs(paragraphs)


def parse_nitf(
    root: Element, *, article_id: str | None, source: str | None = None, default_language: str = "auto"
) -> Article:
    """The article of a parsed ``<nitf>`` document.

    Args:
        root: The ``<nitf>`` element.
        article_id: Id to use when the document has no ``doc-id`` (the file name).
        source: Name used in error messages.
        default_language: Language when the document declares none.

    Raises:
        FormatError: Neither a ``doc-id`` nor a fallback id.
    """
    head = child(root, "head")
    docdata = child(head, "docdata")
    body = child(root, "body")
    body_head = child(body, "body.head")

    item_id = text_or_none(attr(child(docdata, "doc-id"), "id-string")) or article_id
    if not item_id:
        raise FormatError("NITF document without head/docdata/doc-id and without a file name", source=source)
    status = (attr(docdata, "management-status") or "").strip().lower()
    release = safe_datetime(attr(child(docdata, "date.release"), "norm"), what="date.release", source=source)
    issued = safe_datetime(attr(child(docdata, "date.issue"), "norm"), what="date.issue", source=source)
    holder = attr(child(docdata, "doc.copyright"), "holder")
    distributor = element_text(child(body_head, "distributor")) or attr(
        child(docdata, "del-list", "from-src"), "src-name"
    )
    publication = attr(child(head, "pubdata"), "name")
    language = attr(root, "lang") or attr(root, "baselang") or attr(body, "lang")

    extra: dict[str, Any] = {"format": "nitf"}
    for key, value in (
        ("byline", element_text(child(body_head, "byline"))),
        ("dateline", element_text(child(body_head, "dateline"))),
        ("abstract", element_text(child(body_head, "abstract"))),
        ("ed_msg", attr(child(docdata, "ed-msg"), "info")),
    ):
        if value:
            extra[key] = value

    title = nitf_title(root)
    return Article(
        id=item_id,
        text=_text(body, title),
        title=title,
        published_at=issued or release,
        language=language_code(language, default_language),
        outlet=text_or_none(publication),
        provider=text_or_none(distributor),
        version=text_or_none(attr(child(docdata, "du-key"), "version")),
        version_created=issued,
        pubstatus=pubstatus("withheld" if status == "embargoed" else status or None, source=source),
        embargo=release if status in ("embargoed", "withheld") else None,
        copyright_holder=text_or_none(holder) or text_or_none(distributor),
        source=source,
        extra=extra,
    )
