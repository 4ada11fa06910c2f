"""The article record: dates read from agency credit lines for undated texts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dedupe.article import Article, credit_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Toronto gewinnt. (APA, 20.1.2016) NHL-Ergebnisse von Dienstag: 2:3", datetime(2016, 1, 20, tzinfo=UTC)),
        ("Text. (APA; 5.2.2016)", datetime(2016, 2, 5, tzinfo=UTC)),
        ("Text. (dpa/AFP, 03.11.2024)", datetime(2024, 11, 3, tzinfo=UTC)),
        ("Text. (APA, Reuters, 2.8.2015)", datetime(2015, 8, 2, tzinfo=UTC)),
        ("Erst (APA, 1.1.2015), dann korrigiert (APA, 2.1.2015)", datetime(2015, 1, 2, tzinfo=UTC)),
        ("Ohne Quelle am 20.1.2016 (Dienstag).", None),
        ("Ein Datum in Klammern (20.1.2016) ohne Agentur.", None),
        ("Kein Tag: (APA, 31.2.2016)", None),
        ("", None),
    ],
)  # fmt: skip
def test_credit_date_reads_the_last_dated_agency_credit(text: str, expected: datetime | None) -> None:
    assert credit_date(text) == expected


def test_reference_time_prefers_the_declared_publication_time() -> None:
    declared = datetime(2024, 3, 1, 12, tzinfo=UTC)
    text = "Wien – Meldung. (APA, 20.1.2016)"
    assert Article(id="a", text=text, published_at=declared).reference_time() == declared
    assert Article(id="a", text=text).reference_time() == datetime(2016, 1, 20, tzinfo=UTC)
    assert Article(id="a", text="Wien – Meldung.").reference_time() is None
