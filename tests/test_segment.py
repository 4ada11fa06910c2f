"""Paragraphs and sentences with exact offsets into the submitted text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe.segment import paragraphs, sentences

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"

_PIECES = st.sampled_from(
    ["\n", "\n\n", "\r\n", "\r\n\r\n", " ", "  \n  ", "\t", ". ", "! ", "? ", "Dr. ", "am 8. Oktober ",
     "«Nein.» ", "„Ja“, ", "z.B. ", "Satz eins.", "klein weiter", "Groß Anfang", "1.500 ", "ü", "\u00a0", "…"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join)


def _assert_exact(text: str) -> None:
    previous_end = 0
    for p in paragraphs(text):
        assert text[p.start : p.end] == p.text
        assert p.text.strip() == p.text and p.text
        assert p.start >= previous_end
        previous_end = p.end
        sentence_end = p.start
        for s in sentences(p.text, p.start):
            assert text[s.start : s.end] == s.text
            assert s.text and s.text.strip() == s.text
            assert p.start <= s.start and s.end <= p.end
            assert s.start >= sentence_end
            sentence_end = s.end


@given(_TEXT)
def test_offsets_are_exact_for_random_texts(text: str) -> None:
    _assert_exact(text)


@given(_TEXT)
def test_no_words_are_lost(text: str) -> None:
    kept = "".join(p.text for p in paragraphs(text))
    assert "".join(kept.split()) == "".join(text.split())


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_offsets_are_exact_for_fixture_texts(name: str) -> None:
    _assert_exact((FIXTURES / name).read_text(encoding="utf-8"))


def test_blank_lines_separate_paragraphs() -> None:
    text = "Erster Absatz, erster Satz. Zweiter Satz.\n\nZweiter Absatz.\n\n\n\nDritter Absatz."
    assert [p.text for p in paragraphs(text)] == [
        "Erster Absatz, erster Satz. Zweiter Satz.",
        "Zweiter Absatz.",
        "Dritter Absatz.",
    ]


def test_single_newlines_separate_paragraphs() -> None:
    text = "Überschrift\nDie Regierung hat am Montag entschieden.\nDer Rat tagt am Freitag erneut."
    assert len(paragraphs(text)) == 3


def test_windows_newlines_keep_offsets_exact() -> None:
    text = "Erster Absatz.\r\n\r\nZweiter Absatz.\r\n"
    spans = paragraphs(text)
    assert [p.text for p in spans] == ["Erster Absatz.", "Zweiter Absatz."]
    assert all(text[p.start : p.end] == p.text for p in spans)


def test_hard_wrapped_lines_are_joined() -> None:
    text = "Die Regierung hat am Montag\nentschieden, die Steuern zu senken.\n\nNeuer Absatz."
    assert [p.text for p in paragraphs(text)][
        0
    ] == "Die Regierung hat am Montag\nentschieden, die Steuern zu senken."


def test_one_block_is_one_paragraph_of_many_sentences() -> None:
    block = (FIXTURES / "de_block.txt").read_text(encoding="utf-8")
    (only,) = paragraphs(block)
    found = sentences(only.text, only.start)
    wire = (FIXTURES / "de_wire.txt").read_text(encoding="utf-8")
    wire_sentences = [s.text for p in paragraphs(wire) for s in sentences(p.text, p.start)]
    assert [s.text for s in found] == wire_sentences


def test_empty_and_blank_texts_have_no_paragraphs() -> None:
    assert paragraphs("") == []
    assert paragraphs(" \n\n\t\n ") == []
    assert sentences("   ") == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Das Schiff war am 8. Oktober aus Tromsø aufgebrochen.", id="ordinal-date"),
        pytest.param("Die Sitzung am 22. Oktober 2024 dauerte lange.", id="ordinal-year"),
        pytest.param("Dr. Kim Sørlie sprach von einer Gelegenheit.", id="dr"),
        pytest.param("Prof. Haldenbeck und Dr. Vossberg kamen ca. 10 Minuten später.", id="prof-ca"),
        pytest.param("Die Kosten, z.B. für Treibstoff, stiegen um rd. 20 Prozent.", id="zb-rd"),
        pytest.param("Er kam aus der Str. der Einheit Nr. 5 zurück.", id="str-nr"),
        pytest.param("Mr. Okonjo apologised to the families.", id="mr"),
        pytest.param("Der Präsident John F. Kennedy sprach.", id="initial"),
    ],
)
def test_abbreviations_and_ordinals_do_not_split_sentences(text: str) -> None:
    assert [s.text for s in sentences(text)] == [text]


def test_sentences_split_at_real_ends() -> None:
    text = "Am 8. Oktober kam er. Dr. Kim sagte: «Nein.» Dann ging er! Warum? Das weiß niemand."
    assert [s.text for s in sentences(text)] == [
        "Am 8. Oktober kam er.",
        "Dr. Kim sagte: «Nein.»",
        "Dann ging er!",
        "Warum?",
        "Das weiß niemand.",
    ]


def test_sentence_offsets_are_shifted_by_paragraph_start() -> None:
    text = "Titel\n\nErster Satz. Zweiter Satz."
    second = paragraphs(text)[1]
    spans = sentences(second.text, second.start)
    assert [text[s.start : s.end] for s in spans] == ["Erster Satz.", "Zweiter Satz."]


def test_english_and_french_sentences() -> None:
    english = 'Rescuers reached 14 miners. "They were cold," Tennant said. The mine is closed.'
    french = (
        "Un glissement de terrain a coupé la route. Aucune victime n'est à déplorer. Les travaux dureront."
    )
    assert len(sentences(english)) == 3
    assert len(sentences(french)) == 3


def test_chinese_and_japanese_sentences_end_at_full_width_marks_without_blanks() -> None:
    text = "外交部周二表示，将举行会谈。发言人说：“双方将讨论关税。”她没有透露细节！政府は火曜日、対策を発表した。"
    found = sentences(text, 10)
    assert [s.text for s in found] == [
        "外交部周二表示，将举行会谈。",
        "发言人说：“双方将讨论关税。”",
        "她没有透露细节！",
        "政府は火曜日、対策を発表した。",
    ]
    assert all(text[s.start - 10 : s.end - 10] == s.text for s in found)
