"""dpa-digitalwires, dpa's own JSON delivery format.

* identity: ``urn`` (the NewsML-G2 guid) and ``version``; ``version_created``.
* status: ``pubstatus``; embargo from ``embargoed``; genre ``genre_names[0]``.
* body: the teaser, then the paragraphs of ``article_html``. The dateline
  ("Berlin (dpa) - ") is a separate field here but part of the first body
  paragraph in dpa's NewsML-G2 and in print, so it is put back in front of
  the first paragraph: the same story then reads the same in both formats.
  Notepad, ednotes, link and info boxes are not body.

An API response wraps items in ``{"entries": [...]}``; both shapes are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..article import Article
from ..errors import FormatError, InputError
from .fields import each_item, language_code, pubstatus, safe_datetime, text_or_none
from .markup import join_paragraphs, paragraphs_from_html

__all__ = ["is_digitalwires", "parse_digitalwires"]


def is_digitalwires(data: Mapping[str, Any]) -> bool:
    """Whether a JSON object is a digitalwires entry (or a list of them).

    >>> is_digitalwires({"format": "digitalwires@0.9.1", "urn": "urn:x"}), is_digitalwires({"uri": "u"})
    (True, False)
    """
    if str(data.get("format", "")).startswith("digitalwires"):
        return True
    if "urn" in data and any(k in data for k in ("article_html", "genre_names", "pubstatus")):
        return True
    entries = data.get("entries")
    return (
        isinstance(entries, list)
        and bool(entries)
        and all(isinstance(e, Mapping) and is_digitalwires(e) for e in entries)
    )


def parse_digitalwires(
    data: Mapping[str, Any],
    *,
    source: str | None = None,
    default_language: str = "auto",
    errors: list[InputError] | None = None,
) -> list[Article]:
    """Articles from one digitalwires entry or an ``{"entries": [...]}`` response.

    ``errors``: where a bad entry's error goes while the others are kept
    (:func:`~dedupe.formats.fields.each_item`); without it, it is raised.

    Raises:
        FormatError: An entry has no ``urn``.
    """
    if isinstance(data.get("entries"), list):
        return each_item(
            data["entries"],
            lambda e: _entry(e, source=source, default_language=default_language),
            errors,
            source=source,
        )
    return [_entry(data, source=source, default_language=default_language)]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _entry(data: Any, *, source: str | None, default_language: str) -> Article:
    if not isinstance(data, Mapping):
        raise FormatError(
            f"digitalwires entry must be a JSON object, not {type(data).__name__}", source=source
        )
    urn = text_or_none(data.get("urn"))
    if urn is None:
        raise FormatError("digitalwires entry without 'urn': cannot identify it", source=source)
    paragraphs = paragraphs_from_html(data.get("article_html"))
    dateline = text_or_none(data.get("dateline"))
    if dateline and paragraphs and not paragraphs[0].startswith(dateline):
        paragraphs[0] = f"{dateline} {paragraphs[0]}"
    teaser = text_or_none(data.get("teaser"))
    if teaser:
        paragraphs.insert(0, " ".join(teaser.split()))

    signals = [data["signal"]] if isinstance(data.get("signal"), str) and data["signal"].strip() else []
    for cat in _list(data.get("categories")):
        is_signal = isinstance(cat, Mapping) and cat.get("type") == "dnltype:signal"
        if is_signal and cat.get("qcode") and cat["qcode"] not in signals:
            signals.append(cat["qcode"])
    genres = [g for g in _list(data.get("genre_names")) if isinstance(g, str) and g.strip()]
    version = data.get("version")
    creditline = text_or_none(data.get("creditline"))
    version_created = safe_datetime(data.get("version_created"), what="version_created", source=source)

    extra: dict[str, Any] = {"format": "digitalwires", "signals": signals}
    for key in ("entry_id", "dateline", "byline", "kicker", "urgency", "autopublishnotice"):
        if data.get(key) not in (None, ""):
            extra[key] = data[key]

    return Article(
        id=urn,
        text=join_paragraphs(paragraphs),
        title=text_or_none(data.get("headline")),
        published_at=safe_datetime(data.get("content_created"), what="content_created", source=source)
        or version_created,
        language=language_code(data.get("language"), default_language),
        provider="dpa",
        version=text_or_none(version),
        version_created=version_created,
        pubstatus=pubstatus(data.get("pubstatus"), source=source),
        embargo=safe_datetime(data.get("embargoed"), what="embargoed", source=source),
        copyright_holder=creditline,
        genre=genres[0].strip() if genres else None,
        source=source,
        extra=extra,
    )
