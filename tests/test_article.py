"""The article record: dates read from agency credit lines for undated texts; fields as a CMS sends them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dedupe.article import Article, article_from_mapping, credit_date
from dedupe.errors import InputError


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


TEXT = "The council voted on Tuesday to close the old harbour bridge after engineers found cracks."


@pytest.mark.parametrize(
    ("declared", "expected"), [("en-GB", "en"), ("EN", "en"), (" en_us ", "en"), ("en", "en")]
)
def test_a_declared_language_tag_is_read_as_its_language_code(declared: str, expected: str) -> None:
    # A CMS says "en-GB" where a wire says "en": both must be weighed with one word list.
    assert Article(id="a", text=TEXT, language=declared).language == expected
    assert article_from_mapping({"id": "a", "text": TEXT, "language": declared}).language == expected


def test_half_an_emoji_in_a_text_becomes_a_replacement_character_at_the_same_offset() -> None:
    # json.loads turns the escape "\ud83d" without its pair into a lone surrogate, which
    # no UTF-8 store or answer can hold; one character for one keeps every offset.
    text = "Broken emoji \ud83d about the harbour vote."
    article = article_from_mapping({"id": "s", "text": text, "title": "Vote \udca9", "outlet": "Post"})
    assert article.text == "Broken emoji \ufffd about the harbour vote."
    assert len(article.text) == len(text) and article.title == "Vote \ufffd"
    article.text.encode("utf-8")


def test_half_an_emoji_in_an_id_is_refused_with_a_reason() -> None:
    with pytest.raises(InputError, match="surrogate"):
        article_from_mapping({"id": "a\ud83d", "text": TEXT})


def test_versions_of_any_length_order_by_number_without_a_creation_time() -> None:
    keys = [Article(id="a", text=TEXT, version=v).version_key() for v in ("999999", "1000000", "1000001")]
    assert keys == sorted(keys)
    # Large numbers with a creation time are opaque (Reuters): the time decides.
    early = Article(id="a", text=TEXT, version="987654321", version_created=datetime(2024, 1, 2, tzinfo=UTC))
    late = Article(id="a", text=TEXT, version="123456789", version_created=datetime(2024, 1, 3, tzinfo=UTC))
    assert early.version_key() < late.version_key()


@pytest.mark.parametrize("version", ["²", "٣", "9" * 5000])
def test_versions_int_cannot_read_are_opaque_not_errors(version: str) -> None:
    assert Article(id="a", text=TEXT, version=version).version_key()[0] == 0


@pytest.mark.parametrize("status", ["canceled", "withheld", "stat:canceled"])
def test_a_kill_or_withdrawal_needs_no_text(status: str) -> None:
    article = article_from_mapping({"id": "k", "version": 2, "pubstatus": status})
    assert article.text == "" and article.pubstatus in ("canceled", "withheld")
    with pytest.raises(InputError, match="neither 'text' nor 'html'"):
        article_from_mapping({"id": "k", "version": 2})


@pytest.mark.parametrize("article_id", ["a\nb", "a\tb", "a\x00b", "a\x85b"])
def test_an_id_with_a_control_character_is_refused(article_id: str) -> None:
    # Stored, it could never be read or killed: no URL path holds a line break.
    with pytest.raises(InputError, match="control character"):
        article_from_mapping({"id": article_id, "text": TEXT})
    assert Article(id=article_id, text=TEXT).id == article_id  # what a store holds still loads


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1729503840, "2024-10-21T09:44:00+00:00"),
        (1729503840.5, "2024-10-21T09:44:00.500000+00:00"),
        ("1729503840", "2024-10-21T09:44:00+00:00"),
        (1729503840000, "2024-10-21T09:44:00+00:00"),
        ("Mon, 21 Oct 2024 09:44:00 +0200", "2024-10-21T09:44:00+02:00"),
        ("Mo, 21 Okt 2024 09:44:00 +0200", "2024-10-21T09:44:00+02:00"),
        ("lun., 21 oct. 2024 09:44:00 +0200", "2024-10-21T09:44:00+02:00"),
        ("Sa, 7 Dez 2024 18:00:00 GMT", "2024-12-07T18:00:00+00:00"),
        ("21.10.2024 09:44", "2024-10-21T09:44:00+00:00"),
        ("21.10.2024, 09:44 Uhr", "2024-10-21T09:44:00+00:00"),
        ("2024-10-21 09:44", "2024-10-21T09:44:00+00:00"),
    ],
)
def test_published_at_as_cms_and_feeds_write_it(value: object, expected: str) -> None:
    article = article_from_mapping({"id": "a", "text": TEXT, "published_at": value})
    assert article.published_at.isoformat() == expected


@pytest.mark.parametrize("value", ["yesterday", "2024", 2024, "31.02.2024 09:44", True, [2024]])
def test_an_unreadable_time_refuses_the_record_saying_what_is_read(value: object) -> None:
    # Every malformed optional field refuses the record (a batch run reports it and goes on):
    # a date dropped in silence would move the story in time and change who is its origin.
    with pytest.raises(InputError, match="published_at") as exc:
        article_from_mapping({"id": "a", "text": TEXT, "published_at": value})
    assert "1970" in exc.value.message or "string or a number" in exc.value.message


@pytest.mark.parametrize("text", ["", "  \n "])
def test_empty_text_beside_html_takes_the_html(text: str) -> None:
    html = (
        "<p>The council voted on Tuesday to close the old harbour bridge.</p><p>Engineers found cracks.</p>"
    )
    article = article_from_mapping({"id": "a", "text": text, "html": html})
    assert (
        article.text
        == "The council voted on Tuesday to close the old harbour bridge.\n\nEngineers found cracks."
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [("killed", "canceled"), ("Deleted", "canceled"), ("stat:cancelled", "canceled"), ("embargoed", "withheld"),
     ("stat:usable", "usable"), (None, "usable")],
)  # fmt: skip
def test_json_statuses_read_as_the_wire_formats_read_them(status: str | None, expected: str) -> None:
    from dedupe.formats.fields import pubstatus

    assert (
        article_from_mapping({"id": "k", "version": 2, "pubstatus": status, "text": TEXT}).pubstatus
        == expected
    )
    assert pubstatus(status) == expected
    if expected == "canceled":  # a kill needs no text
        assert article_from_mapping({"id": "k", "pubstatus": status}).text == ""
    with pytest.raises(InputError, match="'paused' is not a known publication status"):
        article_from_mapping({"id": "k", "pubstatus": "paused", "text": TEXT})


def test_a_whole_float_version_is_that_number() -> None:
    assert article_from_mapping({"id": "a", "text": TEXT, "version": 2.0}).version == "2"
    with pytest.raises(InputError, match="whole number, not 2.5"):
        article_from_mapping({"id": "a", "text": TEXT, "version": 2.5})


def test_a_library_caller_may_give_times_naive_or_as_strings() -> None:
    # A naive time beside an aware one made clustering fail (no subtraction of the two).
    import dedupe

    text = (
        "Die Stadtwerke erhöhen zum ersten Januar die Preise für Fernwärme um zwölf Prozent, "
        "teilte der Versorger am Montag mit. Betroffen sind rund 40.000 Haushalte."
    )
    naive = Article(id="a", text=text, published_at=datetime(2024, 1, 1, 10))
    written = Article(id="b", text=text, published_at="2024-01-01T11:00:00Z", embargo="2024-01-01")
    assert naive.published_at == datetime(2024, 1, 1, 10, tzinfo=UTC)
    assert written.published_at == datetime(2024, 1, 1, 11, tzinfo=UTC)
    assert written.embargo == datetime(2024, 1, 1, tzinfo=UTC)
    assert [len(c["members"]) for c in dedupe.cluster([naive, written])["clusters"]] == [2]
    with pytest.raises(InputError, match="version_created"):
        Article(id="c", text=text, version_created=[2024])


@pytest.mark.parametrize(
    "name", ["outlet", "title", "url", "provider", "genre", "version", "wire_ref", "language"]
)
def test_a_field_of_the_wrong_type_is_refused_naming_it(name: str) -> None:
    # genre=5 passed here and failed in clustering with AttributeError ('int' has no casefold).
    with pytest.raises(InputError, match=f"'{name}' must be a string or None, got int 5"):
        Article(id="a", text=TEXT, **{name: 5})


def test_a_number_as_id_is_refused_saying_how_to_write_it() -> None:
    with pytest.raises(InputError, match=r"article id must be a string, got int 17: write id='17'"):
        Article(id=17, text=TEXT)  # type: ignore[arg-type]


def test_bytes_as_text_are_refused_saying_to_decode_them() -> None:
    with pytest.raises(InputError, match=r"'text' must be a string, got bytes: decode it first"):
        Article(id="a", text=TEXT.encode())  # type: ignore[arg-type]


def test_an_unreadable_time_names_the_article() -> None:
    with pytest.raises(InputError, match=r"article 'a7': published_at 'gestern' is not a time"):
        Article(id="a7", text=TEXT, published_at="gestern")
    with pytest.raises(InputError, match=r"article 'a7': embargo must be a datetime .* not date"):
        Article(id="a7", text=TEXT, embargo=datetime(2024, 1, 1).date())  # type: ignore[arg-type]


@pytest.mark.parametrize("html", [{}, ["<p>x</p>"], 5])
def test_an_html_of_the_wrong_type_is_refused_even_beside_a_text(html: object) -> None:
    with pytest.raises(InputError, match="'html' must be a string"):
        article_from_mapping({"id": "a", "text": "Ein Text über den Stadtrat.", "html": html})


def test_a_text_that_is_html_is_read_as_its_paragraphs() -> None:
    # A CMS that sends its body's markup as 'text': the copy of the same story in plain
    # text must meet it word for word, not with "p" shingles in between.
    body = "<p>Die Bahn und die GDL haben sich geeinigt.</p>\n<p>Ab Montag fahren die Z&uuml;ge wieder.</p>"
    article = article_from_mapping({"id": "cms-1", "text": body})
    assert article.text == "Die Bahn und die GDL haben sich geeinigt.\n\nAb Montag fahren die Züge wieder."
    # Text that merely starts with an angle bracket stays as it was.
    kept = "<Rutte> sagte am Montag, die Lage sei ernst."
    assert article_from_mapping({"id": "cms-2", "text": kept}).text == kept


@pytest.mark.parametrize("given", [1.5, True, ["a"], {"id": "a"}])
def test_an_id_of_another_type_is_named_as_such_not_as_missing(given) -> None:
    with pytest.raises(InputError, match="'id' must be a string or a whole number, not"):
        article_from_mapping({"id": given, "text": "Ein Text."})


def test_a_whole_number_id_written_as_a_float_is_its_digits() -> None:
    assert article_from_mapping({"id": 5.0, "text": "Ein Text."}).id == "5"


@pytest.mark.parametrize("field", ["html", "text"])
def test_half_an_emoji_in_markup_is_one_replacement_character_not_the_end_of_the_text(field: str) -> None:
    body = "<p>Ein Absatz \ud83d mit kaputtem Zeichen und weiterem Text danach.</p><p>Der zweite Absatz.</p>"
    text = article_from_mapping({"id": "h1", field: body}).text
    assert text == "Ein Absatz \ufffd mit kaputtem Zeichen und weiterem Text danach.\n\nDer zweite Absatz."


@pytest.mark.parametrize("given", ["de", "de-DE", "pt_BR", "gsw", "zh-Hant-TW", "AUTO", ""])
def test_a_language_tag_is_accepted(given: str) -> None:
    article_from_mapping({"id": "a", "text": "Ein Text.", "language": given})


@pytest.mark.parametrize("given", ["klingon", "German", "d\ud83de", "de DE"])
def test_what_is_no_language_tag_is_refused_saying_what_to_write(given: str) -> None:
    with pytest.raises(InputError, match="is no language tag: write an ISO 639-1 code"):
        article_from_mapping({"id": "a", "text": "Ein Text.", "language": given})
