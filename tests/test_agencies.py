"""Which agency a text is copy of, by the dateline it opens with."""

from __future__ import annotations

import pytest

from dedupe.agencies import dateline_agency


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("Karlsruhe (dpa) - Der Bundesgerichtshof hat entschieden.", "dpa"),
        ("Mainz (dpa/lrs) - Die Grünen haben gewählt.", "dpa"),
        ("MANILA (AFP) – Der Taifun traf die Küste.", "afp"),
        ("CEDAR KEY, Fla. (AP) — The storm hit.", "ap"),
        ("NEW YORK, Oct 27 (Reuters) - Stocks fell.", "reuters"),
        ("Washington (Reuters/AP) — Talks resumed.", "reuters"),
    ],
)
def test_the_first_agency_of_a_dateline_is_named(text: str, agency: str) -> None:
    assert dateline_agency(text) == agency


def test_an_outlets_page_is_searched_below_its_menu_and_headline() -> None:
    menu = "\n".join(["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur"])
    page = f"{menu}\n\nGrüne küren Reimers\n\nMainz (dpa/lrs) - Die Grünen haben gewählt."
    assert dateline_agency(page) == "dpa"


def test_a_dateline_deep_in_the_text_is_no_copy_mark() -> None:
    body = "\n\n".join(f"Absatz {n} der eigenen Geschichte." for n in range(30))
    assert dateline_agency(body + "\n\nBerlin (dpa) - Ein zitierter Satz.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Die Grünen haben in Mainz (Rheinland-Pfalz) gewählt.",
        "Foto: Uwe Anspach (dpa)",
        "Berlin (dpa)",
        "",
    ],
)
def test_text_without_a_dateline_names_no_agency(text: str) -> None:
    assert dateline_agency(text) is None
