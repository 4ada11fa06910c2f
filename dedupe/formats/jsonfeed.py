"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org), the JSON sibling of RSS and Atom.

A feed is an object with ``version`` (``https://jsonfeed.org/version/1.1``) and
``items``; each item becomes one :class:`~dedupe.article.Article`, as in :mod:`.feeds`:

* identity: ``id`` (a number is read as its string, as the spec asks of readers);
  an item without one is refused, naming its title.
* body: the fullest of ``content_html`` (paragraphs with :mod:`.markup`),
  ``content_text`` (blank lines part paragraphs) and ``summary``; ``title`` is never text.
* times: ``date_published`` (RFC 3339), ``date_modified`` orders versions.
* who: the feed's ``title`` is the outlet; ``authors`` (1.1) or ``author`` (1.0) names go
  to ``extra["byline"]``, ``tags`` to ``extra["categories"]``.
* language: the item's ``language`` (1.1), else the feed's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..article import Article
from ..errors import FormatError, InputError
from .fields import each_item, language_code, safe_datetime, text_or_none
from .markup import drop_repeated_headline, join_paragraphs, paragraphs_from_html, plain_paragraphs
from .plain import require_text, with_wire_ref

__all__ = ["is_json_feed", "parse_json_feed"]


def is_json_feed(data: Mapping[str, Any]) -> bool:
    """Whether a JSON object is a JSON Feed.

    >>> is_json_feed({"version": "https://jsonfeed.org/version/1.1", "items": []}), is_json_feed({"items": []})
    (True, False)
    """
    version = data.get("version")
    # Some generators write the address with http: or without its last slash.
    return isinstance(version, str) and "jsonfeed.org/version/" in version and "items" in data


def _names(data: Mapping[str, Any]) -> list[str]:
    people = data.get("authors")
    if not isinstance(people, list):
        people = [data.get("author")]
    return [n for p in people if isinstance(p, Mapping) and (n := text_or_none(p.get("name")))]


def _item(item: Any, *, outlet: str | None, language: str, source: str | None, names: list[str]) -> Article:
    if not isinstance(item, Mapping):
        raise FormatError(f"JSON Feed item must be an object, not {type(item).__name__}", source=source)
    title = text_or_none(item.get("title"))
    item_id = text_or_none(item.get("id"))
    if item_id is None:
        named = f"JSON Feed item {title!r}" if title else "JSON Feed item without a title"
        raise FormatError(f"{named} has no 'id': the feed must say which story it is", source=source)

    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    candidates = (
        paragraphs_from_html(text("content_html")),
        plain_paragraphs(text("content_text")),
        plain_paragraphs(text("summary")),
    )
    # The fullest body; on a tie the first (HTML keeps the paragraph breaks).
    paragraphs = max(candidates, key=lambda found: sum(len(p) for p in found))
    published = safe_datetime(item.get("date_published"), what="date_published", source=source)
    modified = safe_datetime(item.get("date_modified"), what="date_modified", source=source)

    extra: dict[str, Any] = {"format": "jsonfeed"}
    if byline := ", ".join(_names(item) or names):
        extra["byline"] = byline
    tags = item.get("tags")
    if isinstance(tags, list) and (categories := [t for tag in tags if (t := text_or_none(tag))]):
        extra["categories"] = categories
    url = text_or_none(item.get("url")) or text_or_none(item.get("external_url"))

    return Article(
        id=item_id,
        text=join_paragraphs(drop_repeated_headline(paragraphs, title)),
        outlet=outlet,
        title=title,
        published_at=published or modified,
        language=language_code(item.get("language"), language),
        url=url,
        version_created=modified or published,
        source=source,
        extra=extra,
    )


def parse_json_feed(
    data: Mapping[str, Any],
    *,
    source: str | None = None,
    default_language: str = "auto",
    errors: list[InputError] | None = None,
) -> list[Article]:
    """Articles for the items of a JSON Feed (an object :func:`is_json_feed` accepts).

    ``errors``: where a bad item's error goes while the others are kept
    (:func:`~dedupe.formats.fields.each_item`); without it, it is raised.

    Raises:
        FormatError: ``items`` is not a list, or is empty.
    """
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise FormatError("JSON Feed without any item in 'items'", source=source)
    outlet = text_or_none(data.get("title"))
    language = language_code(data.get("language"), default_language)
    names = _names(data)

    def article(item: Any) -> Article:
        made = _item(item, outlet=outlet, language=language, source=source, names=names)
        # Checked here rather than by the caller, so that the message numbers the item as the feed does.
        return with_wire_ref(require_text(made))

    return each_item(items, article, errors, source=source)
