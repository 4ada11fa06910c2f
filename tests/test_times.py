"""Times as senders write them (dedupe.times)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dedupe.errors import InputError
from dedupe.times import parse_datetime


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("18.02.25 14:00", datetime(2025, 2, 18, 14, 0, tzinfo=UTC)),
        ("18.02.2025, 14.32 Uhr", datetime(2025, 2, 18, 14, 32, tzinfo=UTC)),
        ("Dienstag, 18. Februar 2025", datetime(2025, 2, 18, tzinfo=UTC)),
        ("18. Februar 2025 um 14:32 Uhr", datetime(2025, 2, 18, 14, 32, tzinfo=UTC)),
        ("4 March 2025", datetime(2025, 3, 4, tzinfo=UTC)),
        ("March 4, 2025 2:47 PM", datetime(2025, 3, 4, 14, 47, tzinfo=UTC)),
        ("mardi 18 février 2025 à 14h32", datetime(2025, 2, 18, 14, 32, tzinfo=UTC)),
        ("Mo, 07 Dez 2026 09:44:00 +0100", datetime(2026, 12, 7, 8, 44, tzinfo=UTC)),
    ],
)
def test_dates_written_as_german_english_and_french_pages_print_them(written: str, meant: datetime) -> None:
    assert parse_datetime(written) == meant


@pytest.mark.parametrize("written", ["31. Februar 2025", "18. Brumaire 2025", "gestern Abend", "18.02."])
def test_what_is_no_date_is_refused_saying_how_to_write_one(written: str) -> None:
    with pytest.raises(InputError, match="is not a time: write it as ISO 8601"):
        parse_datetime(written)
