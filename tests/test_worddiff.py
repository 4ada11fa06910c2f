"""The word diff an edited paragraph carries: spans of its own text, with what they replaced."""

from __future__ import annotations

from dedupe.worddiff import word_diff


def test_a_replaced_word_is_marked_with_the_word_it_replaced() -> None:
    text = "Der Stadtrat stimmte am Dienstag zu."
    (change,) = word_diff(text, 0, "Der Stadtrat stimmte am Montag zu.")
    assert text[change["start"] : change["end"]] == "Dienstag"
    assert change["was"] == "Montag"


def test_cut_words_are_marked_where_they_stood_in_this_text() -> None:
    text = "Die Busse sollen in den Außenbezirken fahren."
    (change,) = word_diff(text, 50, "Die Busse sollen vor allem in den Außenbezirken fahren.")
    assert change["start"] == change["end"] == 50 + len("Die Busse sollen")
    assert change["was"] == "vor allem"


def test_added_words_have_no_was() -> None:
    text = "Die Busse sollen schon 2027 fahren."
    (change,) = word_diff(text, 0, "Die Busse sollen fahren.")
    assert text[change["start"] : change["end"]] == "schon 2027"
    assert "was" not in change


def test_quote_style_and_case_are_no_change() -> None:
    assert word_diff("Er sagte: „Wir kommen.“", 0, 'Er sagte: "wir kommen."') == []
