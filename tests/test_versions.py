"""The version rules: re-delivery, correction, stale, conflict, kill (dedupe.versions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from dedupe.article import Article
from dedupe.versions import Delivery, judge_delivery, same_delivery

AT = datetime(2026, 1, 5, 8, 44, tzinfo=UTC)
STORED = Article(id="a", text="Der Text.", version="3", published_at=AT)


@pytest.mark.parametrize(
    ("article", "verdict"),
    [
        (STORED.replace(published_at=AT.astimezone(timezone(timedelta(hours=2)))), Delivery.UNCHANGED),
        (STORED.replace(text="Der Text.\n\n"), Delivery.UNCHANGED),
        (STORED.replace(version_created=AT + timedelta(hours=1)), Delivery.UNCHANGED),
        (STORED.replace(version="4", text="Der neue Text."), Delivery.NEWER),
        (STORED.replace(version="2"), Delivery.STALE),
        (STORED.replace(text="Ein anderer Text."), Delivery.CONFLICT),
        (STORED.replace(version=None, text="Ohne Version."), Delivery.STALE),
        (STORED.replace(version=None, text="", pubstatus="canceled"), Delivery.NEWER),
        (STORED.replace(text="", pubstatus="canceled"), Delivery.NEWER),
        (STORED.replace(version="2", text="", pubstatus="canceled"), Delivery.STALE),
    ],
)
def test_each_delivery_is_named(article: Article, verdict: Delivery) -> None:
    assert judge_delivery(STORED, article, same_hash=False)[0] is verdict


def test_a_kill_takes_the_stored_version_so_older_versions_stay_stale() -> None:
    verdict, kill = judge_delivery(STORED, Article(id="a", text="", pubstatus="canceled"), same_hash=False)
    assert verdict is Delivery.NEWER and kill.version == "3" and kill.pubstatus == "canceled"
    assert judge_delivery(kill, STORED.replace(version="2"), same_hash=False)[0] is Delivery.STALE


def test_other_words_are_no_redelivery() -> None:
    assert not same_delivery(STORED, STORED.replace(text="Der Text"))
    assert not same_delivery(STORED, STORED.replace(published_at=AT + timedelta(minutes=1)))


@pytest.mark.parametrize("version", [None, "3"])
def test_a_kill_sent_again_is_a_redelivery(version: str | None) -> None:
    # A CMS that acts on "changed" must not send a second takedown notice.
    _, kill = judge_delivery(STORED, Article(id="a", text="", pubstatus="canceled"), same_hash=False)
    again = Article(id="a", text="", pubstatus="canceled", version=version)
    assert judge_delivery(kill, again, same_hash=False) == (Delivery.UNCHANGED, kill)
    # A newer usable version after the kill is news again.
    assert judge_delivery(kill, STORED.replace(version="4"), same_hash=False)[0] is Delivery.NEWER
