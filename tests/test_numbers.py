"""The distinctive numbers verification compares (:mod:`dedupe.numbers`)."""

from __future__ import annotations

import pytest

import dedupe
from dedupe.article import Article
from dedupe.document import prepare


def test_numbers_noted_from_paragraph_keys_are_the_ones_measured_later() -> None:
    from dedupe.document import line_keys
    from dedupe.numbers import cache_numbers, numbers_of

    text = (
        "Startseite > Politik\n\nBerlin (dpa) - 1.500 Soldaten und 12 000 Reservisten, Stand 14:30 Uhr.\n\n"
        "Der Etat steigt auf 3,25 Milliarden; 2024 waren es 880 Millionen.\n\nFoto: dpa 2.000"
    )
    lazy, noted = prepare(Article(id="a", text=text)), prepare(Article(id="b", text=text))
    cache_numbers(noted, [own for own, _ in line_keys(noted)])
    assert numbers_of(noted) == numbers_of(lazy) == {"1500", "12000", "3,25", "2024", "880"}


# (what the wire says, a version that keeps its numbers, another story's text, language,
# the other story's agreement): None when it has fewer than two distinctive numbers.
_CASES = {
    "scores written with a hyphen": (
        "Leeds beat Hull 3-1 in front of 35,000 fans on Saturday, with two goals from Patrick Bamford.",
        "Leeds won 3:1 against Hull on Saturday; 35,000 saw Patrick Bamford score twice at Elland Road.",
        "Leeds lost 0-2 at Hull on Saturday before 21,500 fans, their second defeat in a week.",
        "en",
        0.0,
    ),
    # Storm warnings share a template; their measurements tell the regions apart.
    "measurements with a unit": (
        "Der Wetterdienst warnt in Sachsen vor Gewittern mit bis zu 40 Liter Regen, "
        "Sturmböen bis 90 Kilometer pro Stunde und Temperaturen um 31 Grad.",
        "Gewitter in Sachsen: Bis zu 40 Liter Regen pro Quadratmeter und Böen mit 90 Kilometer "
        "pro Stunde seien möglich, bei 31 Grad, teilte der Wetterdienst mit.",
        "Der Wetterdienst warnt in Bayern vor Gewittern mit bis zu 25 Liter Regen, "
        "Sturmböen bis 70 Kilometer pro Stunde und Temperaturen um 28 Grad.",
        "de",
        0.0,
    ),
    # A live blog stamps each update with its own time: no number, for or against.
    "times of day are none": (
        "Berlin (dpa) - Nach einem Kabelbrand in Adlershof fahren 120 S-Bahnen nicht. Die Bahn "
        "rechnet mit 4.000 betroffenen Fahrgästen am Morgen.\n\nDie Polizei ermittelt.",
        "Update 9.40 Uhr: 120 S-Bahnen stehen nach dem Kabelbrand in Adlershof still.\n\n"
        "Update 7.15 Uhr: Die Bahn spricht von 4.000 betroffenen Fahrgästen.",
        "Update 11.05 Uhr: Der Regionalzug fährt wieder.\n\nUpdate 12.50 Uhr: Auch die S-Bahn fährt.",
        "de",
        None,
    ),
}


@pytest.mark.parametrize("case", list(_CASES))
def test_a_version_keeps_the_wires_numbers_and_another_story_does_not(case: str) -> None:
    wire, kept, other, language, other_agreement = _CASES[case]
    assert dedupe.compare(wire, kept, language=language).evidence.number_agreement == 1.0
    assert dedupe.compare(wire, other, language=language).evidence.number_agreement == other_agreement
