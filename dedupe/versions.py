"""What one more delivery of a stored article means: the version rules of the API.

A CMS or a wire sends the same story again and again: re-deliveries, corrections with a
higher version, late arrivals of older versions, kills. :func:`judge_delivery` names
which one a delivery is (docs/api.md, "Versions, corrections, kills").
"""

from __future__ import annotations

from datetime import UTC
from enum import Enum
from typing import Any

from .article import Article

__all__ = ["Delivery", "judge_delivery", "same_delivery"]

_TIMES = ("published_at", "embargo")


class Delivery(Enum):
    UNCHANGED = "unchanged"  # a re-delivery: nothing to write
    NEWER = "newer"  # a correction, a kill, or a first version after none
    STALE = "stale"  # older than the stored version
    CONFLICT = "conflict"  # the stored version number with other content


def _canonical(article: Article) -> dict[str, Any]:
    data = article.to_dict()
    # When a sender stamped this delivery is no content: the same version with the same
    # text sent again later is a re-delivery, not a second version.
    data.pop("version_created", None)
    for name in _TIMES:
        value = getattr(article, name)
        if value is not None:
            data[name] = value.astimezone(UTC).isoformat()
    data["text"] = article.text.rstrip()
    return data


def same_delivery(a: Article, b: Article) -> bool:
    """Two deliveries that differ only in how they are written: the same instants in
    other zones (``+02:00`` or ``Z``), trailing blanks after the text, another time of
    sending (``version_created``) for the same version and text.

    >>> from datetime import datetime, timedelta, timezone
    >>> at = datetime(2024, 10, 21, 9, 44, tzinfo=timezone(timedelta(hours=2)))
    >>> same_delivery(Article(id="a", text="x\\n", published_at=at),
    ...               Article(id="a", text="x", published_at=at.astimezone(UTC)))
    True
    """
    return _canonical(a) == _canonical(b)


def judge_delivery(stored: Article, article: Article, *, same_hash: bool) -> tuple[Delivery, Article]:
    """What ``article`` is, arriving for an id whose current version is ``stored``, and
    the article to store for it.

    ``same_hash``: the content hashes are equal (a byte-equal re-delivery). A kill without
    a version, or with the stored one, is never refused for want of a higher number
    (withdrawing copy must not wait for a sender to count): it takes the stored version,
    so an older version arriving after it is still stale.
    """
    if same_hash or same_delivery(stored, article):
        return Delivery.UNCHANGED, stored
    if article.pubstatus == stored.pubstatus == "canceled" and article.version in (None, stored.version):
        return Delivery.UNCHANGED, stored  # the kill of a killed story: nothing more to withdraw
    if article.pubstatus == "canceled" and article.version in (None, stored.version):
        return Delivery.NEWER, article.replace(version=stored.version, version_created=stored.version_created)
    old_key, new_key = stored.version_key(), article.version_key()
    if new_key < old_key:
        return Delivery.STALE, article
    if new_key == old_key and (article.version or article.version_created):
        return Delivery.CONFLICT, article
    return Delivery.NEWER, article
