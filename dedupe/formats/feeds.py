"""Web feeds: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0, one article per item.

Newsrooms take other outlets' copy from their feeds. Each ``<item>`` / ``<entry>``
becomes one :class:`~dedupe.article.Article`:

* identity: RSS ``guid`` (RSS 1.0: ``item/@rdf:about``), Atom ``id``; else the item's
  ``link``. An item with neither is refused, naming its title.
* body: the fullest of the item's bodies: RSS ``content:encoded`` or ``description``,
  Atom ``content`` or ``summary``, whichever holds more text (a feed whose
  ``content:encoded`` is only a picture and a "read more" keeps its description). HTML
  (RSS bodies, Atom ``type="html"``) and XHTML (Atom ``type="xhtml"``) become
  paragraphs with :mod:`.markup`; a body without any tag is plain text whose blank
  lines are its paragraphs. A one-line teaser is still an article: the engine judges it.
* title: ``title``, never text (nor a first paragraph that only repeats it); an Atom
  title is a text construct like the body, so ``type="html"`` is unescaped and untagged.
* times: RSS ``pubDate`` (RFC 2822) else ``dc:date``; Atom ``published`` else
  ``updated``. ``updated`` (else the publication time) orders versions of one id.
* who: the item's own ``<source>`` (RSS) or ``<source><title>`` (Atom) is the outlet,
  as an aggregator's feed names each item's publisher, else the channel's / feed's
  ``title``; ``dc:creator`` / ``author``
  goes to ``extra["byline"]``, ``category`` terms to ``extra["categories"]``.
* language: the item's ``dc:language`` or ``xml:lang``, else the channel's
  ``language`` / ``dc:language`` or the feed's ``xml:lang`` unless the item's text is
  plainly in another language (an aggregator's feed of items in several).

A WordPress export (WXR) is read as RSS with the rules of :mod:`.wxr`: published posts
only, the post's typed text made paragraphs, shortcodes taken out.

Elements are matched by namespace, not only by local name: an ``<item>`` also carries
``media:title`` or ``itunes:summary``, which are not its title or body.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from ..article import Article
from ..errors import FormatError, InputError
from ..language import detect_language, language_tag
from .fields import each_item, safe_datetime, text_or_none
from .markup import (
    drop_repeated_headline,
    join_paragraphs,
    paragraphs_from_html,
    paragraphs_from_xhtml,
    plain_paragraphs,
)
from .plain import require_text, with_wire_ref
from .wxr import is_wxr_item, wxr_html, wxr_status
from .xml import XML_NS, attr, element_text, local_name

__all__ = ["ATOM_NS", "is_feed", "parse_feed"]

ATOM_NS = "http://www.w3.org/2005/Atom"
_RSS1_NS = "http://purl.org/rss/1.0/"
_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
# Looks like markup: a tag or a comment. Without one, a body is plain text.
_TAG = re.compile(r"<[A-Za-z!/]")


def _namespace(el: Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def is_feed(root: Element) -> bool:
    """Whether a parsed XML root is an RSS 2.0/0.9x, RSS 1.0 (RDF) or Atom 1.0 feed.

    >>> from xml.etree.ElementTree import fromstring
    >>> is_feed(fromstring("<rss/>")), is_feed(fromstring('<feed xmlns="http://www.w3.org/2005/Atom"/>'))
    (True, True)
    >>> is_feed(fromstring("<feed/>"))  # no Atom namespace: some other format's <feed>
    False
    """
    name, ns = local_name(root), _namespace(root)
    return (
        (name == "rss" and not ns) or (name == "RDF" and ns == _RDF_NS) or (name == "feed" and ns == ATOM_NS)
    )


def parse_feed(
    root: Element,
    *,
    source: str | None = None,
    default_language: str = "auto",
    errors: list[InputError] | None = None,
) -> list[Article]:
    """Articles for the items of a parsed feed (a root :func:`is_feed` accepts).

    Args:
        root: ``<rss>``, ``<rdf:RDF>`` or Atom ``<feed>``.
        source: File name or "request", kept on each Article and in errors.
        default_language: Language when neither the item nor the feed declares one.
        errors: Where a bad item's error goes while the others are kept
            (:func:`~dedupe.formats.fields.each_item`); without it, it is raised.

    Raises:
        FormatError: A feed without any item.
    """
    if local_name(root) == "feed":
        items, build = _children(root, "entry", ATOM_NS), _atom_entry
        language = attr_xml_lang(root)
        outlet = _atom_text(_first(root, "title", ATOM_NS))
        kind = "Atom feed"
    else:
        # RSS 2.0 holds its items in the channel; RSS 1.0 beside it, in its own namespace.
        ns = _RSS1_NS if local_name(root) == "RDF" else ""
        channel = _first(root, "channel", ns)
        items = _children(channel if not ns else root, "item", ns)
        posts = [i for i in items if not is_wxr_item(i) or wxr_status(i) is not None]
        if items and not posts:
            raise FormatError(
                f"WordPress export of {len(items)} items without a published post (only "
                "attachments, pages, menu items or drafts): export the posts",
                source=source,
            )
        items = posts
        build = _rss_item
        language = element_text(_first(channel, "language", ns)) or element_text(
            _first(channel, "language", _DC_NS)
        )
        outlet = element_text(_first(channel, "title", ns))
        kind = "RSS 1.0 feed" if ns else "RSS feed"
    if not items:
        raise FormatError(
            f"{kind} without any {'<entry>' if kind == 'Atom feed' else '<item>'}", source=source
        )

    def article(item: Element) -> Article:
        made = build(
            item,
            outlet=text_or_none(outlet),
            language=(language_tag(language), default_language),
            source=source,
        )
        # Checked here rather than by the caller, so that the message numbers the item as the feed does.
        return with_wire_ref(require_text(made))

    return each_item(items, article, errors, source=source)


def _item_language(own: str | None, feed: tuple[str | None, str], paragraphs: list[str]) -> str:
    """An item's own language; else the feed's, unless the text is plainly in another (an
    aggregator's feed declares one language for items in several); else the default.

    >>> _item_language(None, ("de", "auto"), ["The harbour board approved the pilot on Tuesday, "
    ...     "and the fishermen said that they would appeal against it in the court of the county."])
    'en'
    >>> _item_language(None, ("de", "auto"), ["NHL: 3:2"]), _item_language("fr", ("de", "auto"), ["x"])
    ('de', 'fr')
    """
    declared = language_tag(own)
    if declared:
        return declared
    channel, default = feed
    if channel is None:
        return default
    return detect_language(" ".join(paragraphs), fallback=channel) or channel


# Element helpers that respect namespaces -------------------------------------


def _children(el: Element | None, name: str, ns: str) -> list[Element]:
    if el is None:
        return []
    return el.findall(f"{{{ns}}}{name}" if ns else name)


def _first(el: Element | None, name: str, ns: str) -> Element | None:
    found = _children(el, name, ns)
    return found[0] if found else None


def _raw_text(el: Element | None) -> str:
    return "".join(el.itertext()) if el is not None else ""


def attr_xml_lang(el: Element | None) -> str | None:
    """The ``xml:lang`` of an element, or None."""
    return None if el is None else text_or_none(el.get(f"{XML_NS}lang"))


def _html_paragraphs(markup: str) -> list[str]:
    # RSS bodies are HTML, but some feeds send plain text there: its blank lines are
    # its paragraphs, which an HTML parser would run together as whitespace.
    if _TAG.search(markup):
        return paragraphs_from_html(markup)
    return plain_paragraphs(html.unescape(markup))


def _fullest(*candidates: list[str]) -> list[str]:
    """The body with the most text; on a tie the first (the full-text element)."""
    return max(candidates, key=lambda paragraphs: sum(len(p) for p in paragraphs))


def _time(el: Element | None, what: str, source: str | None) -> datetime | None:
    return safe_datetime(element_text(el), what=what, source=source)


def _named(what: str, title: str | None) -> str:
    return f"{what} {title!r}" if title else f"{what} without a title"


# RSS 2.0 / 0.9x and RSS 1.0 -----------------------------------------------------


def _rss_item(
    item: Element, *, outlet: str | None, language: tuple[str | None, str], source: str | None
) -> Article:
    ns = _RSS1_NS if _namespace(item) == _RSS1_NS else ""
    title = element_text(_first(item, "title", ns))
    link = element_text(_first(item, "link", ns))
    guid_el = _first(item, "guid", ns)
    guid = element_text(guid_el) or text_or_none(item.get(f"{{{_RDF_NS}}}about"))
    item_id = guid or link
    if not item_id:
        raise FormatError(
            f"{_named('RSS item', title)} has neither a <guid> nor a <link>: "
            "the feed must say which story it is",
            source=source,
        )
    # A guid is the item's address unless the feed says otherwise (isPermaLink="false").
    permalink = guid if guid_el is not None and attr(guid_el, "isPermaLink") != "false" else None
    url = link or (permalink if permalink and permalink.startswith(("http://", "https://")) else None)

    content_raw = _raw_text(_first(item, "encoded", _CONTENT_NS))
    wxr = is_wxr_item(item)
    content = _html_paragraphs(wxr_html(content_raw) if wxr else content_raw)
    description = _html_paragraphs(_raw_text(_first(item, "description", ns)))
    paragraphs = drop_repeated_headline(_fullest(content, description), title)

    published = _time(_first(item, "pubDate", ns), "pubDate", source) or _time(
        _first(item, "date", _DC_NS), "dc:date", source
    )
    extra: dict[str, Any] = {"format": "wxr" if wxr else "rss1" if ns else "rss"}
    creators = [c for el in _children(item, "creator", _DC_NS) if (c := element_text(el))]
    if byline := ", ".join(creators) or element_text(_first(item, "author", ns)):
        extra["byline"] = byline
    categories = [c for el in _children(item, "category", ns) if (c := element_text(el))]
    categories += [c for el in _children(item, "subject", _DC_NS) if (c := element_text(el))]
    if categories:
        extra["categories"] = categories
    own_language = element_text(_first(item, "language", _DC_NS)) or attr_xml_lang(item)

    return Article(
        id=item_id,
        text=join_paragraphs(paragraphs),
        outlet=element_text(_first(item, "source", ns)) or outlet,
        title=title,
        published_at=published,
        language=_item_language(own_language, language, paragraphs),
        url=url,
        version_created=published,
        pubstatus=(wxr_status(item) or "usable") if wxr else "usable",
        source=source,
        extra=extra,
    )


# Atom 1.0 ----------------------------------------------------------------------


def _atom_paragraphs(el: Element | None) -> list[str]:
    """Paragraphs of an Atom text construct (``content``, ``summary``) by its ``type``."""
    if el is None or el.get("src"):  # out-of-line content: the body is elsewhere
        return []
    kind = (el.get("type") or "text").strip().lower()
    if kind in ("xhtml", "application/xhtml+xml"):
        # The XHTML sits in one <div> of the XHTML namespace, which is not itself text.
        div = next((c for c in el if local_name(c) == "div" and _namespace(c) == _XHTML_NS), el)
        return paragraphs_from_xhtml(div)
    if kind in ("html", "text/html"):
        return paragraphs_from_html(_raw_text(el))
    if kind == "text" or kind.startswith("text/"):
        return plain_paragraphs(_raw_text(el))
    return []  # base64 of some other media type: no article text


def _atom_text(el: Element | None) -> str | None:
    """One line of an Atom text construct (``title``): escaped HTML read as HTML."""
    if el is not None and (el.get("type") or "").strip().lower() in ("html", "text/html"):
        return text_or_none(" ".join(" ".join(paragraphs_from_html(_raw_text(el))).split()))
    return element_text(el)


def _atom_entry(
    entry: Element, *, outlet: str | None, language: tuple[str | None, str], source: str | None
) -> Article:
    one: Callable[[str], Element | None] = lambda name: _first(entry, name, ATOM_NS)  # noqa: E731
    title = _atom_text(one("title"))
    links = _children(entry, "link", ATOM_NS)
    alternate = next((attr(k, "href") for k in links if (k.get("rel") or "alternate") == "alternate"), None)
    item_id = element_text(one("id")) or alternate
    if not item_id:
        raise FormatError(
            f"{_named('Atom entry', title)} has neither an <id> nor a <link rel='alternate'>: "
            "the feed must say which story it is",
            source=source,
        )
    content = one("content")
    paragraphs = _fullest(_atom_paragraphs(content), _atom_paragraphs(one("summary")))
    paragraphs = drop_repeated_headline(paragraphs, title)

    published = _time(one("published"), "published", source)
    updated = _time(one("updated"), "updated", source)
    extra: dict[str, Any] = {"format": "atom"}
    authors = [
        n for a in _children(entry, "author", ATOM_NS) if (n := element_text(_first(a, "name", ATOM_NS)))
    ]
    if authors:
        extra["byline"] = ", ".join(authors)
    categories = [
        c
        for el in _children(entry, "category", ATOM_NS)
        if (c := text_or_none(el.get("label")) or text_or_none(el.get("term")))
    ]
    if categories:
        extra["categories"] = categories

    return Article(
        id=item_id,
        text=join_paragraphs(paragraphs),
        outlet=_atom_text(_first(one("source"), "title", ATOM_NS)) or outlet,
        title=title,
        published_at=published or updated,
        language=_item_language(attr_xml_lang(content) or attr_xml_lang(entry), language, paragraphs),
        url=alternate,
        version_created=updated or published,
        source=source,
        extra=extra,
    )
