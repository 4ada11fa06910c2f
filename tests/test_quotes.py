"""Quotations two texts share: what lets one rewrite join its wire without a third version."""

from __future__ import annotations

import pytest

from dedupe.article import Article
from dedupe.boilerplate import line_key
from dedupe.document import prepare
from dedupe.quotes import quotation_grams, quotations, shares_quotations

SAID = "Wir werden diese Entscheidung nicht einfach hinnehmen und klagen"


@pytest.mark.parametrize("marks", [("„", "“"), ("«", "»"), ('"', '"'), ("“", "”"), ("»", "«")])
def test_a_quotation_reads_the_same_in_every_style_of_marks(marks: tuple[str, str]) -> None:
    opened, closed = marks
    styled = quotation_grams(line_key(f"Der Bürgermeister sagte: {opened}{SAID}.{closed} Dann ging er."))
    assert styled == quotation_grams(line_key(f'Der Bürgermeister sagte: "{SAID}." Dann ging er.'))
    assert "wir werden diese entscheidung" in styled
    assert not any("bürgermeister" in run for run in styled)  # words outside the marks are not quoted


def doc(article_id: str, *paragraphs: str):
    return prepare(Article(id=article_id, text="\n\n".join(paragraphs), language="de"))


WIRE = doc(
    "wire",
    "Die Stadt Kassel will gegen die Schließung des Regionalflughafens vor Gericht ziehen.",
    f"„{SAID}“, sagte Oberbürgermeisterin Petra Lindner am Dienstag.",
    "„Der Flughafen sichert mehr als 1.200 Arbeitsplätze in der Region“, ergänzte ein Sprecher.",
)


def test_a_rewrite_that_keeps_the_quotation_shares_it() -> None:
    rewrite = doc(
        "rewrite",
        "Kassel gibt seinen Flughafen nicht kampflos auf. Die Stadtspitze kündigt eine Klage an.",
        f"Lindner wurde deutlich: „{SAID}.“",
    )
    assert shares_quotations(WIRE, rewrite) and shares_quotations(rewrite, WIRE)


def test_a_short_shared_phrase_is_no_shared_quotation() -> None:
    # Five words in common ("wir werden diese entscheidung nicht"): two runs of four, not three.
    phrase = doc("phrase", "„Wir werden diese Entscheidung nicht kommentieren“, sagte ein Sprecher der Bahn.")
    assert len(quotations(WIRE) & quotations(phrase)) == 2
    assert not shares_quotations(WIRE, phrase)


def test_a_compilation_quoting_a_little_of_each_story_shares_no_quotations_with_one() -> None:
    compilation = doc(
        "compilation",
        "Kassel: „Wir werden diese Entscheidung nicht einfach hinnehmen“, sagte die Oberbürgermeisterin.",
        "Berlin: „Die Verhandlungen über den Haushalt sind in einer sehr schwierigen Phase angekommen“, "
        "sagte der Minister.",
        "Hamburg: „Wir rechnen in diesem Sommer mit deutlich mehr Kreuzfahrtschiffen im Hafen als je zuvor“, "
        "sagte die Hafenchefin.",
        "München: „Die neue Linie wird den Verkehr in der Innenstadt spürbar entlasten und Staus vermeiden“, "
        "sagte der Stadtrat.",
    )
    shared = quotations(WIRE) & quotations(compilation)
    assert len(shared) >= 3  # seven words of one quotation, word for word: a third of the wire's
    assert len(shared) < len(quotations(WIRE)) / 2
    assert not shares_quotations(WIRE, compilation)


def test_a_text_without_quotations_shares_none() -> None:
    plain = doc("plain", "Die Stadt Kassel will gegen die Schließung des Flughafens klagen.")
    assert quotations(plain) == frozenset()
    assert not shares_quotations(WIRE, plain)
