"""Normalisation folds outlets' typography, and only that."""

from __future__ import annotations

import re
import threading
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe.normalise import _QUOTES, content_terms, normalise, stem, tokens

# Characters that outlets' CMSes put into copied wire text.
_TYPOGRAPHY = st.sampled_from(
    list("„“”«»‹›‚‘’\"'-–—‐‑\u00a0\u202f\u2009\u00ad\u200b\ufeff .,:;!?0123456789")
    + ["Straße", "ÄÖÜ", "ﬁ", "Ⅻ", "İ", "ß", "\t", "\n"]
)
_TEXT = st.lists(st.one_of(st.text(max_size=6), _TYPOGRAPHY), max_size=30).map("".join)


@given(_TEXT)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def _plain_normalise(text: str) -> str:
    """normalise written plainly: every step on the whole text, patterns in their obvious form."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\u200a\u3000]", " ", text)
    text = text.translate(_QUOTES).casefold()
    text = re.sub(r"(?<=\d)[.,' ](?=\d{3}(?!\d))", "", text)
    text = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", "", text)
    return re.sub(r"[ \t\r\f\v]+", " ", text)


@given(
    st.lists(
        st.one_of(_TEXT, st.sampled_from(["1.500", "12 000", "3'000", " \t ", "\v", "a-b", "\r\n"])),
        max_size=8,
    )
)
def test_normalise_equals_its_plain_definition(parts: list[str]) -> None:
    text = "".join(parts)
    assert normalise(text) == _plain_normalise(text)


@given(_TEXT)
def test_normalised_text_has_no_invisible_or_special_spaces(text: str) -> None:
    out = normalise(text)
    assert not set(out) & set("\u00ad\u200b\u00a0\u202f\u2009\ufeff„“«»")
    assert "  " not in out


@pytest.mark.parametrize(
    "variants",
    [
        pytest.param(
            ["„Nordlicht“", "«Nordlicht»", '"Nordlicht"', "“Nordlicht”", "»Nordlicht«"], id="quotes"
        ),
        pytest.param(
            ["1.500 Soldaten", "1 500 Soldaten", "1500 Soldaten", "1\u00a0500 Soldaten"], id="thousands"
        ),
        pytest.param(
            ["12.000 Soldaten", "12 000 Soldaten", "12\u202f000 Soldaten", "12000 Soldaten"], id="12000"
        ),
        pytest.param(
            ["Ukraine-Krieg", "Ukrainekrieg", "Ukraine\u2011Krieg", "Ukraine\u00adkrieg"], id="compound"
        ),
        pytest.param(["Besatzungs\u00admitglieder", "Besatzungsmitglieder"], id="soft-hyphen"),
        pytest.param(["48\u00a0Besatzungsmitglieder", "48 Besatzungsmitglieder"], id="nbsp"),
        pytest.param(
            ["Le sous-préfet a dit", "Le sous\u2011préfet a dit", "Le souspréfet a dit"], id="french"
        ),
        pytest.param(
            ["12 000 mètres cubes", "12.000 mètres cubes", "12\u202f000 mètres cubes"], id="fr-numbers"
        ),
        pytest.param(["RESCUERS reached 1,800", "Rescuers reached 1800"], id="english"),
    ],
)
def test_typographic_variants_fold_to_one_form(variants: list[str]) -> None:
    assert len({normalise(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("decimal", "integer"),
    [("1,28 Millionen", "128 Millionen"), ("3,5 Prozent", "35 Prozent"), ("1,2 Millionen", "12 Millionen")],
)
def test_decimals_stay_distinct_from_integers(decimal: str, integer: str) -> None:
    assert normalise(decimal) != normalise(integer)
    assert tokens(normalise(decimal)) != tokens(normalise(integer))


def test_different_numbers_stay_different() -> None:
    assert normalise("1.500 Soldaten") != normalise("15.000 Soldaten")
    assert normalise("12 000") != normalise("1 2000")


def test_words_survive_normalisation() -> None:
    words = tokens(normalise("Dr. Kim Sørlie sprach am 8. Oktober von einer „unerwarteten Gelegenheit“."))
    assert words == [
        "dr",
        "kim",
        "sørlie",
        "sprach",
        "am",
        "8",
        "oktober",
        "von",
        "einer",
        "unerwarteten",
        "gelegenheit",
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected_absent", "expected_present"),
    [
        ("de", "Die Soldaten sollen an die Front geschickt werden", "die", "front"),
        ("en", "The miners had been trapped in the flooded mine", "the", "miner"),
        ("fr", "Les habitants de la vallée sont isolés par la route", "les", "vall"),
    ],
)
def test_content_terms_drop_stop_words_and_stem(
    language: str, text: str, expected_absent: str, expected_present: str
) -> None:
    terms = content_terms(tokens(normalise(text)), language)
    assert expected_absent not in terms
    assert any(t.startswith(expected_present) for t in terms)


def test_stem_joins_inflections_and_passes_numbers() -> None:
    assert stem("soldaten", "de") == stem("soldat", "de")
    assert stem("miners", "en") == stem("miner", "en")
    assert stem("habitants", "fr") == stem("habitant", "fr")
    assert stem("12000", "de") == "12000"
    assert stem("xyzzy", "xx") == "xyzzy"


def test_stemming_from_many_threads_gives_the_same_stems() -> None:
    # The service prepares articles in several threads at once.
    words = tokens(normalise(" ".join(["Besatzungsmitglieder Wissenschaftlerinnen Forschungsschiffe"] * 5)))
    words += tokens(
        normalise("Institutsdirektorin zusammengeschoben unerwarteten Gelegenheiten Planktonvorkommen")
    )
    expected = [stem(w, "de") for w in words]
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(50):
                results.append([stem(w, "de") for w in words])
        except BaseException as exc:  # a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(r == expected for r in results)


def test_unspaced_scripts_are_cut_into_overlapping_character_pairs() -> None:
    # One changed character costs a copy two pairs, not the whole clause.
    wire = tokens(normalise("北京（法新社）中国外交部周二表示，双方将讨论关税问题。"))
    copy = tokens(normalise("北京（法新社）中国外交部周三表示，双方将讨论关税问题。"))
    assert len(set(wire) & set(copy)) >= len(set(wire)) - 3
    assert tokens(normalise("東京ロイター")) == ["東京", "京ロ", "ロイ", "イタ", "ター"]
    # Blanks part Korean words already; Latin words inside such text stay whole.
    assert tokens(normalise("서울 연합뉴스 한국 정부")) == ["서울", "연합뉴스", "한국", "정부"]
    assert tokens(normalise("iPhone发布会")) == ["iphone", "发布", "布会"]


def test_words_keep_their_combining_vowel_signs() -> None:
    # Devanagari, Tamil and Thai write vowels as combining marks, which \w leaves out.
    assert tokens(normalise("विदेश मंत्रालय")) == ["विदेश", "मंत्रालय"]
    assert tokens(normalise("தமிழ் செய்தி")) == ["தமிழ்", "செய்தி"]
    assert tokens(normalise("Straße, Café und Crème brûlée")) == ["strasse", "café", "und", "crème", "brûlée"]


@pytest.mark.parametrize(
    "text",
    ["Zug &amp; Bahn", "&amp;nbsp;1.500&amp;#8239;Euro", "&foo; bleibt", "AT&T; R&D", "&#0;", "&amp;" * 5],
)
def test_html_character_references_are_read_once_and_for_all(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "&amp" not in once and "nbsp" not in once


def test_a_copy_exported_with_html_character_references_is_verbatim() -> None:
    import dedupe

    plain = (
        "Die Deutsche Bahn & die GDL einigen sich: „Wir fahren wieder“, sagte ein Sprecher am Montag. " * 3
    )
    exported = (
        plain.replace("&", "&amp;")
        .replace("„", "&bdquo;")
        .replace("“", "&ldquo;")
        .replace(" am ", "&nbsp;am ")
    )
    assert dedupe.compare(plain, exported).relation == "verbatim"
