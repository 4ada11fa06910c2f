"""Published web pages: main text and metadata with trafilatura.

A news page carries navigation, cookie banners, teasers of other stories and
a footer; trafilatura finds the article. We ask it for plain text
(``output_format="txt"``), which puts each paragraph, subheading and list
item on its own line, and turn those lines into paragraphs separated by a
blank line. ``favor_precision`` drops leftover furniture such as comment
counters; ``deduplicate=False`` keeps repeated sentences, which matter when
comparing versions. Headline lines at the top (the page title, often split
into kicker and headline) are removed: the headline is :attr:`Article.title`,
never part of the compared text. trafilatura drops blocks classed "teaser" (other
stories' teasers); a page that marks its own lead so gets that lead back when it sits
in the article before the extracted text and is prose, not links.

A printed dpa auto-publish notice ("© dpa-infocom, dpa:220123-99-817158/3")
sets :attr:`Article.wire_ref`.

Publication time: trafilatura's date (htmldate, asked for the time as well) often
comes as a bare day; the page's own full timestamp of that day is then taken from
``<meta property="article:published_time">``, JSON-LD ``datePublished`` or
``<time datetime>``. A paywalled page (JSON-LD ``isAccessibleForFree`` false) whose
JSON-LD ``articleBody`` starts like the extracted teaser and is longer gives that
``articleBody`` as text instead of the teaser and its subscription furniture.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePath
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import set_date_params

from ..article import Article
from ..errors import InputError
from .fields import language_code, safe_datetime, text_or_none
from .markup import join_paragraphs, plain_paragraphs
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
# htmldate's own defaults (the original date, not the last update), with the time of day.
_DATE_PARAMS = {**set_date_params(True), "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
_PUBLISHED_META = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished']/@content"
)


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
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, date_extraction_params=dict(_DATE_PARAMS), **_OPTIONS
        )
        if (doc is None or not doc.text) and _is_fragment(html):
            # trafilatura wants a document; a body snippet sent as 'html' gets one.
            doc = trafilatura.bare_extraction(
                f"<html><body>{html}</body></html>",
                with_metadata=True,
                date_extraction_params=dict(_DATE_PARAMS),
                **_OPTIONS,
            )
    except (ValueError, etree.LxmlError) as exc:
        raise InputError(f"HTML could not be parsed: {exc}", source=source) from None
    if doc is None or not (doc.text or "").strip():
        # A page rendered in the browser ships its text only as data: JSON-LD's articleBody.
        found = _json_ld_article(_page(html))
        if found is None:
            raise InputError(
                "no article text found in this HTML page (is it an article page, or only navigation?)",
                source=source,
            )
        return found
    return doc


def _json_ld_article(page: etree._Element | None) -> SimpleNamespace | None:
    """What trafilatura reads of a page, from the page's JSON-LD article, if it has one with a body."""
    for item in _json_ld(page):
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        body = item.get("articleBody")
        if not isinstance(body, str) or not body.strip():
            continue
        if not any(isinstance(k, str) and k.endswith(("Article", "BlogPosting")) for k in kinds):
            continue
        publisher = item.get("publisher")
        entity = item.get("mainEntityOfPage")
        url = item.get("url") or (entity.get("@id") if isinstance(entity, dict) else entity)
        return SimpleNamespace(
            text="\n".join(plain_paragraphs(body)),
            title=item.get("headline") if isinstance(item.get("headline"), str) else None,
            url=url if isinstance(url, str) else None,
            sitename=publisher.get("name") if isinstance(publisher, dict) else None,
            date=item.get("datePublished") if isinstance(item.get("datePublished"), str) else None,
        )
    return None


def _page(html: str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, etree.LxmlError):
        return None


def _json_ld(page: etree._Element | None) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` members included."""
    if page is None:
        return
    for script in page.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue  # a broken JSON-LD block says nothing; the page is still read
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


# trafilatura drops every block whose class or id says "teaser", to lose the teasers of
# other stories, and the article's <header>: many pages put the article's own lead there
# or mark it so ("<p class="teaser">", heise's "a-article-header__lead", futurezone's
# "article-header-leadText", Le Monde diplomatique's "chapo", La Nación's "bajada").
_LEAD_MARK = re.compile(
    r"teaser|(?:^|[^a-z])(?:lead|leadtext|intro|introduction|standfirst|chapo|chapeau|bajada|summary"
    r"|abstract|excerpt|dek|deck)(?:[^a-z]|$)"
)
_NOT_LEAD_MARK = re.compile(
    r"(?:^|[^a-z])(?:image|img|media|photo|video|figure|caption|leaderboard|ad|ads|advert|promo|related"
    r"|newsletter|nav|byline|author|date|meta|heading|headline|title|kicker)(?:[^a-z]|$)"
)
_LEAD_TAGS = ("p", "div", "section", "h2")
# Where the first kept paragraph may sit (a "Lire aussi" box is a <q> on Le Monde diplomatique).
_ANCHOR_TAGS = ("p", "div", "q", "blockquote", "li", "section", "h2", "h3")
_CONTAINERS = ("article", "main")
_LEAD_MIN_WORDS = 8
_LEAD_MAX_LINK_SHARE = 0.3
_LEAD_MAX_DEPTH = 6


def _lead_rank(el: etree._Element, container: etree._Element) -> int:
    """0: marked as a lead; 1: a paragraph of the article's header; 2: no lead."""
    marks = " ".join(filter(None, (el.get("class"), el.get("id")))).lower()
    if marks and _NOT_LEAD_MARK.search(marks):
        return 2
    if marks and _LEAD_MARK.search(marks):
        return 0
    if el.tag not in ("p", "h2"):
        return 2
    for ancestor in el.iterancestors():
        if ancestor is container:
            return 2
        if ancestor.tag == "header":
            return 1
    return 2


def _container(anchor: etree._Element) -> etree._Element | None:
    """The article element around the kept text; without <article> or <main>, the nearest
    ancestor holding a lead-marked block (Le Monde diplomatique: div.cartouche > div.chapo)."""
    ancestors = list(anchor.iterancestors())
    found = next((el for el in ancestors if el.tag in _CONTAINERS), None)
    if found is not None:
        return found
    for el in ancestors[:_LEAD_MAX_DEPTH]:
        if any(_lead_rank(b, el) == 0 for b in el.iter(*_LEAD_TAGS) if b is not anchor):
            return el
    return None


def _dropped_lead(page: etree._Element | None, paragraphs: list[str]) -> str | None:
    """The article's lead, when trafilatura dropped it (a teaser class, the article's
    header): a lead-like block inside the article that holds the extracted text, before
    its first paragraph, that is prose (words, few links) and not already in the text."""
    if page is None or not paragraphs:
        return None
    first = paragraphs[0][:60]
    anchor = next(
        (el for el in page.iter(*_ANCHOR_TAGS) if " ".join(el.text_content().split()).startswith(first)), None
    )
    if anchor is None:
        return None
    container = _container(anchor)
    if container is None:
        return None
    body = "\n".join(paragraphs)
    found: list[tuple[int, str]] = []
    for block in container.iter(*_LEAD_TAGS):
        if block is anchor:
            break  # from here on the blocks are the text trafilatura kept
        rank = _lead_rank(block, container)
        if rank == 2 or anchor in block.iterdescendants():
            continue
        text = " ".join(block.text_content().split())
        linked = sum(len(" ".join(a.text_content().split())) for a in block.iter("a"))
        if (
            len(text.split()) >= _LEAD_MIN_WORDS
            and linked <= _LEAD_MAX_LINK_SHARE * len(text)
            and text not in body
        ):
            found.append((rank, text))
    # A block marked as the lead wins over the header's other lines (its headline among them).
    return min(found, key=lambda f: f[0])[1] if found else None


def _text(doc: Any, page: etree._Element | None, *, source: str | None) -> str:
    paragraphs = _paragraphs(doc.text, doc.title)
    lead = _dropped_lead(page, paragraphs)
    if lead:
        paragraphs = [lead, *paragraphs]
    text = join_paragraphs(paragraphs)
    for item in _json_ld(page):
        body = item.get("articleBody")
        free = str(item.get("isAccessibleForFree", "true")).strip().lower()
        if free != "false" or not isinstance(body, str) or not paragraphs:
            continue
        # Only a body that is the teaser continued: never another story's text.
        full = join_paragraphs(plain_paragraphs(body))
        if len(full) > len(text) and full[:60] == " ".join(paragraphs[0].split())[:60]:
            return full
    if not text:
        raise InputError("no article text found in this HTML page", source=source)
    return text


def _published(doc: Any, page: etree._Element | None, *, source: str | None) -> datetime | None:
    published = None
    if doc.date:
        try:
            published = safe_datetime(doc.date, what="page date", source=source)
        except InputError:
            published = None  # a page date we cannot read is no reason to refuse the article
    if published is not None and published.time() != datetime.min.time():
        return published
    # htmldate knows the day but often not the time: take the page's own timestamp of that day.
    return _stamped(page, published.date() if published else None) or published


def _stamped(page: etree._Element | None, day: date | None) -> datetime | None:
    if page is None:
        return None
    candidates = [*page.xpath(_PUBLISHED_META)]
    candidates += [i["datePublished"] for i in _json_ld(page) if isinstance(i.get("datePublished"), str)]
    candidates += page.xpath("//time/@datetime")
    for value in candidates:
        if "T" not in value and " " not in value.strip():
            continue  # a day without a time adds nothing
        try:
            stamp = safe_datetime(value, what="page date")
        except InputError:
            continue
        if stamp is not None and (day is None or stamp.date() == day):
            return stamp
    return None


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
    return _text(doc, _page(html), source=source)


def _page_language(page: etree._Element | None) -> str | None:
    if page is None:
        return None
    return page.get("lang") or page.get("{http://www.w3.org/XML/1998/namespace}lang")


# Separators pages put between a headline and their own name in <title>.
_TITLE_PARTS = re.compile(r"\s+(?:[-|–—·•:]|::)\s+")
_SITE_NAME_WORDS = 6


def _holds_headline(rest: str, headline: str) -> bool:
    """The rest of a <title> is the headline, or the headline and a section after it."""
    rest, headline = " ".join(rest.split()).casefold(), headline.casefold()
    return bool(rest and headline) and (rest == headline or rest.startswith(headline + " "))


def _outlet(doc: Any, page: etree._Element | None, url: str | None) -> str | None:
    """The page's own name: its declared site name, else the part of its <title> beside the
    headline ("Headline - The Harbour Times", "Metro Pulse | Headline"), else its host.

    A declared name that holds the headline (trafilatura guesses one from the title when a
    page declares none) is no outlet: the page's name is then read from the title.

    >>> page = lxml.html.document_fromstring(
    ...     "<html><head><title>Storm hits coast | Weather - The Harbour Times</title></head></html>")
    >>> _outlet(SimpleNamespace(sitename="Storm hits coast", title="Storm hits coast"), page, None)
    'The Harbour Times'
    """
    headline = " ".join((text_or_none(doc.title) or "").split())
    declared = " ".join((text_or_none(doc.sitename) or "").split())
    if declared and not (headline and headline.casefold() in declared.casefold()):
        return declared
    title = " ".join(" ".join(page.xpath("//head/title//text()")).split()) if page is not None else ""
    separators = list(_TITLE_PARTS.finditer(title)) if headline else []
    if separators:
        last, first = separators[-1], separators[0]
        for name, rest in (
            (title[last.end() :], title[: last.start()]),
            (title[: first.start()], title[first.end() :]),
        ):
            if 0 < len(name.split()) <= _SITE_NAME_WORDS and _holds_headline(rest, headline):
                return name.strip()
    return urlsplit(url).hostname if url else None


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
    page = _page(html)
    text = _text(doc, page, source=source)
    url = text_or_none(doc.url)
    item_id = article_id or url or (PurePath(source).stem if source and source != "request" else None)
    if not item_id:
        message = "HTML page without a canonical URL: give it an id (file name or 'id' field)"
        raise InputError(message, source=source)
    notice = find_dpa_notice(text)
    extra: dict[str, Any] = {"format": "html"}
    if notice and notice[1]:
        extra["wire_version"] = notice[1]
    published = _published(doc, page, source=source)
    return Article(
        id=item_id,
        text=text,
        outlet=_outlet(doc, page, url),
        title=text_or_none(doc.title),
        published_at=published,
        language=language_code(_page_language(page), default_language),
        url=url,
        wire_ref=notice[0] if notice else None,
        source=source,
        extra=extra,
    )
