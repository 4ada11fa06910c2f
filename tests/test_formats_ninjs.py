"""ninjs packages: a composite item read as its associated text (dedupe.formats.ninjs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedupe.errors import FormatError
from dedupe.formats import parse_bytes

TEXT = {
    "uri": "urn:example:txt:1",
    "type": "text",
    "version": "3",
    "headline": "Wahlbeteiligung so hoch wie nie",
    "body_html": "<p>Die Wahlbeteiligung lag bei 78 Prozent.</p><p>Das Ergebnis folgt am Dienstag.</p>",
}
PICTURE = {"uri": "urn:example:pic:1", "type": "picture", "description_text": "Wartende vor dem Wahllokal."}


@pytest.mark.parametrize(
    "associations",
    [
        {"image": PICTURE, "main": TEXT},  # ninjs 1.x / 2.x: an object of named items
        [{"name": "image", **PICTURE}, {"name": "main", **TEXT}],  # ninjs 3.x: a list
    ],
)
def test_a_package_is_read_as_its_main_text_item(associations: object) -> None:
    package = {"uri": "urn:example:pkg:1", "type": "composite", "pubstatus": "usable", "language": "de",
               "headline": "Wahlabend", "associations": associations}  # fmt: skip
    (article,) = parse_bytes(json.dumps(package).encode(), filename="pkg.json")
    assert (article.id, article.version, article.title) == ("urn:example:txt:1", "3", TEXT["headline"])
    assert article.text == "Die Wahlbeteiligung lag bei 78 Prozent.\n\nDas Ergebnis folgt am Dienstag."
    assert article.language == "de"  # what the text item leaves out, it takes from the package


def test_a_package_without_a_text_item_is_still_refused() -> None:
    package = {"uri": "urn:example:pkg:2", "type": "composite", "associations": {"image": PICTURE}}
    with pytest.raises(FormatError):
        parse_bytes(json.dumps(package).encode(), filename="pkg.json")


@pytest.mark.parametrize(
    ("plain", "rich"),
    [
        (
            {"role": "main", "contentType": "text/plain"},
            {"role": "richtext", "contentType": "body_xhtml"},
        ),  # IPTC 3.x
        (
            {"role": "text", "contenttype": "text/plain"},
            {"role": "html5", "contenttype": "text/html"},
        ),  # TT 2.1
    ],
)
def test_the_html_body_of_any_text_role_is_read_before_the_plain_one(plain: dict, rich: dict) -> None:
    # The plain body runs the paragraphs together; the HTML one keeps them.
    item = {"uri": "urn:example:txt:3", "type": "text", "language": "de", "bodies": [
        {**plain, "value": "Die Wahlbeteiligung lag bei 78 Prozent. Das Ergebnis folgt am Dienstag."},
        {**rich, "value": "<p>Die Wahlbeteiligung lag bei 78 Prozent.</p><p>Das Ergebnis folgt am Dienstag.</p>"},
    ]}  # fmt: skip
    (article,) = parse_bytes(json.dumps(item).encode(), filename="item.json")
    assert article.text == "Die Wahlbeteiligung lag bei 78 Prozent.\n\nDas Ergebnis folgt am Dienstag."


def test_a_summary_body_stands_in_only_without_a_text_body() -> None:
    item = {"uri": "urn:example:txt:4", "type": "text", "language": "de", "bodies": [
        {"role": "summary", "contenttype": "text/html", "value": "<p>Rekord bei der Wahl.</p>"},
        {"role": "main", "contenttype": "text/plain", "value": "Die Wahlbeteiligung lag bei 78 Prozent."},
    ]}  # fmt: skip
    (article,) = parse_bytes(json.dumps(item).encode(), filename="item.json")
    assert article.text == "Die Wahlbeteiligung lag bei 78 Prozent."


def test_a_content_api_answer_saved_as_it_came_is_read_as_its_items() -> None:
    second = {**TEXT, "uri": "urn:example:txt:2", "headline": "Auszählung dauert an"}
    answer = {"_items": [TEXT, second], "_meta": {"page": 1, "total": 2}}
    articles = parse_bytes(json.dumps(answer).encode(), filename="search.json")
    assert [a.id for a in articles] == ["urn:example:txt:1", "urn:example:txt:2"]
    with pytest.raises(FormatError, match="neither a plain article"):  # two lists: which one is meant?
        parse_bytes(json.dumps({"items": [TEXT], "data": [second]}).encode(), filename="two.json")


def test_a_body_without_a_content_type_that_is_html_is_read_as_html() -> None:
    # contenttype is optional in every ninjs version; the tags are no text.
    name = "ninjs2_bodies_untyped.json"
    path = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / name
    (article,) = parse_bytes(path.read_bytes(), filename=name)
    assert (article.id, article.version, article.title) == (
        "urn:example:ninjs:untyped:1",
        "4",
        "Deichbau beginnt im Frühjahr",
    )
    assert article.text == (
        "Der Bau des neuen Deichs an der Elbmündung beginnt im Frühjahr.\n\n"
        "Das Land trägt zwei Drittel der Kosten, sagte der Umweltminister."
    )


@pytest.mark.parametrize(
    "kill",
    [
        {"uri": "urn:ninjs:kt:1", "type": "text", "version": "2", "pubstatus": "canceled"},
        {"urn": "urn:newsml:dpa.com:20090101:250218-99-1", "version": 2, "pubstatus": "canceled"},
    ],
    ids=["ninjs", "digitalwires"],
)
def test_a_kill_without_a_body_is_read_as_a_kill(kill: dict) -> None:
    (article,) = parse_bytes(json.dumps(kill).encode(), content_type="application/json")
    assert (article.pubstatus, article.version, article.text) == ("canceled", "2", "")
