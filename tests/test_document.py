"""Preparing an article: what later stages see of it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dedupe.article import Article
from dedupe.boilerplate import line_key
from dedupe.document import RARE_WEIGHT, add_shingles, drop_furniture_lines, line_keys, prepare, shingles
from dedupe.normalise import stem
from dedupe.sketch import shingle_hashes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"


def _article(name: str, **kwargs) -> Article:
    return Article(id=name, text=(FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), **kwargs)


def test_paragraph_and_sentence_spans_point_into_the_text() -> None:
    doc = prepare(_article("de_site"))
    text = doc.article.text
    assert [p.index for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
    for p in doc.paragraphs:
        assert text[p.span.start : p.span.end] == p.span.text
        for s in p.sentences:
            assert text[s.span.start : s.span.end] == s.span.text


def test_furniture_adds_nothing_to_the_features() -> None:
    wire, site = prepare(_article("de_wire")), prepare(_article("de_site"))
    furniture = [p for p in site.paragraphs if p.furniture]
    furniture_words = {w for p in furniture for w in p.words}
    assert {"springen", "interessieren", "veröffentlicht"} <= furniture_words
    for p in furniture:
        assert not np.isin(shingle_hashes(shingles(p.words, 5)), site.shingles).any(), p.span.text
    assert not site.terms.keys() & {stem(w, "de") for w in ("springen", "interessieren", "veröffentlicht")}
    assert np.isin(wire.shingles, site.shingles).all()
    assert all(not p.furniture for p in site.content)


def test_typographic_variants_give_identical_features() -> None:
    wire, typo = prepare(_article("de_wire")), prepare(_article("de_typo"))
    assert np.array_equal(wire.shingles, typo.shingles)
    assert wire.terms == typo.terms
    assert wire.words == typo.words


def test_rare_terms_are_names_places_and_numbers_not_function_words() -> None:
    doc = prepare(_article("de_wire"))
    rare = doc.rare_terms
    assert all(w >= RARE_WEIGHT for w in rare.values())
    for expected in ("vossberg", "haldenbeck", "framstrass", "1250000"):
        assert any(t.startswith(expected) for t in rare), expected
    for common in ("der", "die", "und", "ist"):
        assert common not in doc.terms


@pytest.mark.parametrize(
    ("name", "language", "name_term"),
    [("en_wire", "en", "tennant"), ("fr_wire", "fr", "morvilli")],
)
def test_english_and_french_documents(name: str, language: str, name_term: str) -> None:
    doc = prepare(_article(name, language=language))
    assert doc.words > 100
    assert any(t.startswith(name_term) for t in doc.rare_terms)
    assert "the" not in doc.terms and "les" not in doc.terms


def test_shingle_size_changes_shingles() -> None:
    article = _article("de_wire")
    three = prepare(article, shingle_size=3)
    seven = prepare(article, shingle_size=7)
    words = [w for p in three.content for w in p.words]
    assert np.array_equal(three.shingles, shingle_hashes(shingles(words, 3)))
    assert np.array_equal(seven.shingles, shingle_hashes(shingles(words, 7)))
    assert len(seven.shingles) < len(three.shingles)


def test_shingles_of_short_and_empty_word_lists() -> None:
    assert shingles([], 5) == set()
    assert shingles(["kurz", "text"], 5) == {"kurz text"}
    assert shingles(["a", "b", "c"], 2) == {"a b", "b c"}


def test_empty_text_has_no_features() -> None:
    doc = prepare(Article(id="empty", text="   \n\n  "))
    assert doc.paragraphs == [] and len(doc.shingles) == 0 and doc.words == 0


def test_corpus_furniture_lines_are_dropped() -> None:
    article = _article("de_wire")
    last = "Das Institut will am Freitag erneut über die Lage an Bord informieren."
    plain = prepare(article)
    marked = prepare(article, furniture_lines={line_key(last)})
    (para,) = [p for p in marked.paragraphs if p.span.text == last]
    assert para.furniture
    assert marked.words < plain.words
    assert np.isin(marked.shingles, plain.shingles).all() and len(marked.shingles) < len(plain.shingles)


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            ["Das Institut will am Freitag erneut über die Lage an Bord informieren."], id="paragraph"
        ),
        pytest.param(["Schreiben Sie einen Kommentar"], id="furniture-already"),
        pytest.param([], id="none"),
    ],
)
@pytest.mark.parametrize("name", ["de_wire", "de_site", "de_block"])
def test_dropping_furniture_lines_later_equals_preparing_with_them(name: str, lines: list[str]) -> None:
    article = _article(name)
    first = prepare(article, shingle_size=4)
    # Every sentence of the article's longest paragraph is recurring furniture too.
    longest = max(first.paragraphs, key=lambda p: len(p.sentences))
    keys = {line_key(x) for x in lines} | {line_key(s.span.text) for s in longest.sentences[:2]}
    expected = prepare(article, shingle_size=4, furniture_lines=keys)
    assert drop_furniture_lines(first, keys, shingle_size=4) == expected
    assert expected != first


@pytest.mark.parametrize("name", ["de_wire", "de_site", "de_block"])
def test_shingles_added_later_equal_those_prepared_at_once(name: str) -> None:
    article = _article(name)
    whole = prepare(article, shingle_size=4)
    bare = prepare(article, shingle_size=4, with_shingles=False)
    assert len(bare.shingles) == 0 and bare.words == whole.words and bare.terms == whole.terms
    assert add_shingles(bare, 4) is bare and bare == whole
    # The line keys a batch keeps give the same document as keying the lines again.
    keys = {line_key(s.span.text) for s in whole.paragraphs[-1].sentences}
    assert drop_furniture_lines(whole, keys, shingle_size=4, keys=line_keys(whole)) == drop_furniture_lines(
        whole, keys, shingle_size=4
    )


def test_copies_share_their_sentences_parts_and_equal_a_fresh_preparation() -> None:
    from dedupe import document

    edited = _article("de_wire").text.replace("\n\n", "\n\nEin eigener Satz der Redaktion. ", 1)
    document._sentence_terms.cache_clear()
    cold = prepare(Article(id="e", text=edited))
    wire = prepare(_article("de_wire"))  # its sentences were all seen in the edited copy
    document._sentence_terms.cache_clear()
    assert prepare(_article("de_wire")) == wire and prepare(Article(id="e", text=edited)) == cold
    shared = {id(s.words) for p in cold.paragraphs for s in p.sentences}
    assert all(id(s.words) in shared for p in wire.paragraphs for s in p.sentences)
