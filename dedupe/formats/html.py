"""Published web pages: main text and metadata with trafilatura.

A news page carries navigation, cookie banners, teasers of other stories and
a footer; trafilatura finds the article. We ask it for plain text
(``output_format="txt"``), which puts each paragraph, subheading and list
item on its own line, and turn those lines into paragraphs separated by a
blank line. ``favor_precision`` drops leftover furniture such as comment
counters; ``deduplicate=False`` keeps repeated sentences, which matter when
comparing versions. Headline lines at the top (the page title, often split
into kicker and headline) are removed: the headline is :attr:`Article.title`,
never part of the compared text.

A printed dpa auto-publish notice ("© dpa-infocom, dpa:220123-99-817158/3")
sets :attr:`Article.wire_ref`.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from ..article import Article
from ..errors import InputError
from .fields import language_code, safe_datetime, text_or_none
from .markup import join_paragraphs
from .notices import find_dpa_notice

__all__ = ["extract_text", "parse_html"]

_OPTIONS: dict[str, Any] = {
    "output_format": "python",  # bare_extraction's Document; its .text is the "txt" output
    "deduplicate": False,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "favor_precision": True,
}
_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _paragraphs(text: str | None, title: str | None) -> list[str]:
    lines = [" ".join(line.split()) for line in (text or "").split("\n")]
    lines = [line for line in lines if line]
    title_words = _words(title or "")
    # Pages print kicker and headline above the text; both are title, not body. Drop the
    # headline lines near the top (made only of title words) and short lines before them.
    cut = 0
    for i, line in enumerate(lines[:4]):
        words = _words(line)
        if words and title_words and words <= title_words:
            cut = i + 1
        elif len(words) > 6:
            break
    return lines[cut:]


def _is_fragment(html: str) -> bool:
    head = html[:4096].lower()
    return "<html" not in head and "<body" not in head


def _extract(html: str, *, source: str | None) -> Any:
    if not html or not html.strip():
        raise InputError("empty HTML: nothing to extract", source=source)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, **_OPTIONS)
        if (doc is None or not doc.text) and _is_fragment(html):
            # trafilatura wants a document; a body snippet sent as 'html' gets one.
            doc = trafilatura.bare_extraction(
                f"<html><body>{html}</body></html>", with_metadata=True, **_OPTIONS
            )
    except (ValueError, etree.LxmlError) as exc:
        raise InputError(f"HTML could not be parsed: {exc}", source=source) from None
    if doc is None or not (doc.text or "").strip():
        raise InputError(
            "no article text found in this HTML page (is it an article page, or only navigation?)",
            source=source,
        )
    return doc


def extract_text(html: str, *, source: str | None = None) -> str:
    """The main text of an HTML page, paragraphs separated by a blank line.

    Args:
        html: The page as a string.
        source: File name or "request", for error messages.

    Returns:
        The article text without headline, navigation, cookie notices or footer.

    Raises:
        InputError: The page is empty or holds no recognisable article text.
    """
    doc = _extract(html, source=source)
    text = join_paragraphs(_paragraphs(doc.text, doc.title))
    if not text:
        raise InputError("no article text found in this HTML page", source=source)
    return text


def _page_language(html: str) -> str | None:
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, etree.LxmlError):
        return None
    return root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")


def parse_html(
    html: str,
    *,
    source: str | None = None,
    article_id: str | None = None,
    default_language: str = "auto",
) -> Article:
    """An :class:`Article` from a published page: text, title, date, url, outlet.

    Args:
        html: The page as a string.
        source: File name or "request".
        article_id: Id to use; else the page's canonical URL, else the file name stem.
        default_language: Language if the page does not declare one.

    Raises:
        InputError: No article text, or no id can be found.
    """
    doc = _extract(html, source=source)
    text = join_paragraphs(_paragraphs(doc.text, doc.title))
    if not text:
        raise InputError("no article text found in this HTML page", source=source)
    url = text_or_none(doc.url)
    item_id = article_id or url or (PurePath(source).stem if source and source != "request" else None)
    if not item_id:
        message = "HTML page without a canonical URL: give it an id (file name or 'id' field)"
        raise InputError(message, source=source)
    notice = find_dpa_notice(text)
    extra: dict[str, Any] = {"format": "html"}
    if notice and notice[1]:
        extra["wire_version"] = notice[1]
    published = None
    if doc.date:
        try:
            published = safe_datetime(doc.date, what="page date", source=source)
        except InputError:
            published = None  # a page date we cannot read is no reason to refuse the article
    return Article(
        id=item_id,
        text=text,
        outlet=text_or_none(doc.sitename) or (urlsplit(url).hostname if url else None),
        title=text_or_none(doc.title),
        published_at=published,
        language=language_code(_page_language(html), default_language),
        url=url,
        wire_ref=notice[0] if notice else None,
        source=source,
        extra=extra,
    )
