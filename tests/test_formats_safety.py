"""Hostile and broken input: XML attacks, wrong encodings, binary files, bad JSONL lines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dedupe.article import Article
from dedupe.errors import FormatError, InputError, SkippedInput, UnsafeInputError
from dedupe.formats import iter_path_records, parse_bytes

SECRET = "TOP-SECRET-7f3a9c"

G2_WITH_ENTITY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE newsMessage [<!ENTITY leak SYSTEM "{url}">]>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="urn:test:xxe" version="1"><contentSet><inlineXML>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Vorher &leak; nachher.</p></body></html>
</inlineXML></contentSet></newsItem></itemSet></newsMessage>
"""

_ENTITIES = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE newsItem [\n' + "\n".join(_ENTITIES) + "\n]>\n"
    '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="bomb" version="1">'
    "<contentSet><inlineXML><html><body><p>&lol9;</p></body></html></inlineXML></contentSet></newsItem>\n"
)


def _secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_external_entity_is_refused_and_never_read(tmp_path):
    data = G2_WITH_ENTITY.format(url=_secret_file(tmp_path).as_uri()).encode()
    with pytest.raises(UnsafeInputError) as exc:
        parse_bytes(data, filename="xxe.xml")
    assert SECRET not in str(exc.value)
    assert "DOCTYPE" in str(exc.value)

    bad = tmp_path / "in" / "xxe.xml"
    bad.parent.mkdir()
    bad.write_bytes(data)
    records = list(iter_path_records([bad.parent]))
    assert len(records) == 1 and isinstance(records[0], UnsafeInputError)
    assert SECRET not in repr(records) and SECRET not in str(records[0])


def test_xinclude_is_not_resolved(tmp_path):
    secret = _secret_file(tmp_path)
    data = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" xmlns:xi="http://www.w3.org/2001/XInclude"'
        ' guid="urn:test:xi" version="1"><contentSet><inlineXML><html><body>'
        f'<p>Text <xi:include href="{secret.as_uri()}" parse="text"/> Ende.</p>'
        "</body></html></inlineXML></contentSet></newsItem>"
    ).encode()
    (a,) = parse_bytes(data, content_type="application/xml")
    assert SECRET not in a.text and SECRET not in repr(a.to_dict())
    assert a.text == "Text Ende."


def test_billion_laughs_is_refused_before_any_expansion():
    # Refused at the DOCTYPE, so nothing is expanded (no timing assertion: shared machines).
    with pytest.raises(UnsafeInputError, match="DOCTYPE"):
        parse_bytes(BILLION_LAUGHS.encode(), content_type="application/xml")


def test_a_bare_doctype_is_accepted_but_its_dtd_is_never_loaded(tmp_path):
    # NITF and NewsML 1.2 exports often name their DTD; refusing them would refuse
    # whole feeds. The DTD is not fetched, so entities it might define stay undefined.
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    harmless = (
        f'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "{dtd.as_uri()}">'
        '<nitf><head><docdata><doc-id id-string="n1"/></docdata></head>'
        "<body><body.content><p>Ein Absatz.</p></body.content></body></nitf>"
    ).encode()
    (a,) = parse_bytes(harmless, filename="a.xml")
    assert a.id == "n1" and a.text == "Ein Absatz."
    using_it = harmless.replace(b"Ein Absatz.", b"Ein &leak; Absatz.")
    with pytest.raises(FormatError) as exc:
        parse_bytes(using_it, filename="b.xml")
    assert SECRET not in str(exc.value)


def test_malformed_xml_is_a_format_error_naming_the_file():
    with pytest.raises(FormatError, match="malformed XML") as exc:
        parse_bytes(b"<newsMessage><itemSet></newsMessage>", filename="kaputt.xml")
    assert not isinstance(exc.value, UnsafeInputError)
    assert str(exc.value).startswith("kaputt.xml: ")
    assert "looks like JSON" not in str(exc.value)


def test_json_sent_as_xml_is_told_to_change_its_type():
    with pytest.raises(FormatError, match="looks like JSON"):
        parse_bytes(b'{"uri": "x", "body_text": "Ein Text."}', content_type="application/xml")


LATIN1 = "Die Straße in Köln wurde gesperrt.".encode("latin-1")


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        pytest.param("artikel.txt", LATIN1, id="txt"),
        pytest.param("artikel.json", b'{"id": "a", "text": "' + LATIN1 + b'"}', id="json"),
        pytest.param("artikel.xml", b"<NewsML><p>" + LATIN1 + b"</p></NewsML>", id="xml-undeclared"),
        pytest.param(
            "artikel.html", b"<html><body><p>" + LATIN1 + b"</p></body></html>", id="html-undeclared"
        ),
    ],
)
def test_latin1_without_declaration_is_refused_with_a_fix(filename, data):
    with pytest.raises(InputError, match="not UTF-8 \\(looks like Latin-1\\?\\).*iconv -f latin1 -t utf-8"):
        parse_bytes(data, filename=filename)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("filename", ["artikel.txt", "artikel.html"])
def test_utf16_with_a_byte_order_mark_is_read(encoding, filename):
    # Windows tools save "Unicode" text as UTF-16 with a byte order mark.
    text = "Die Straße in Köln wurde gesperrt.\n\nZweiter Absatz."
    body = text if filename.endswith(".txt") else f"<html><body><p>{text}</p></body></html>"
    data = body.encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = "\ufeff".encode(encoding) + data
    (a,) = parse_bytes(data, filename=filename)
    assert "Die Straße in Köln wurde gesperrt." in a.text
    assert "\ufeff" not in a.text


def test_utf16_mark_on_broken_text_is_refused():
    with pytest.raises(InputError, match="UTF-16"):
        parse_bytes(b"\xff\xfeA\x00\x00\xd8", filename="artikel.txt")


def test_xml_that_declares_utf8_but_is_latin1_is_refused_with_a_fix_and_its_line():
    # Exported from a Latin-1 system with a template's declaration: not "invalid token".
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<nitf><head><docdata><doc-id id-string="L-1"/></docdata></head>\n'
        "<body><body.content><p>Die Straße in Köln.</p></body.content></body></nitf>"
    ).encode("latin-1")
    with pytest.raises(InputError, match="declares UTF-8 but is not UTF-8 .*iconv -f latin1") as exc:
        parse_bytes(xml, filename="x.xml")
    assert (exc.value.source, exc.value.line) == ("x.xml", 3)


# Expat reads the single-byte ones itself; the multi-byte ones (GB18030, UTF-32, like
# Shift_JIS or Big5) through Python's codec.
@pytest.mark.parametrize("encoding", ["windows-1252", "ISO-8859-1", "GB18030", "UTF-32"])
def test_a_feed_in_a_declared_encoding_is_read(encoding):
    feed = (
        f'<?xml version="1.0" encoding="{encoding}"?>\r\n<rss version="2.0"><channel><title>Blatt</title>\r\n'
        "<item><guid>b-1</guid><title>Straße gesperrt</title><description>Die Straße in Köln ist "
        "gesperrt.</description></item></channel></rss>\r\n"
    ).encode(encoding)
    (a,) = parse_bytes(feed, filename="feed.rss")
    assert (a.title, a.text) == ("Straße gesperrt", "Die Straße in Köln ist gesperrt.")


def test_declared_encodings_are_honoured():
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
        'guid="urn:test:latin" version="1"><contentSet><inlineXML><html><body><p>'
        "Die Straße in Köln.</p></body></html></inlineXML></contentSet></newsItem>"
    ).encode("latin-1")
    (a,) = parse_bytes(xml, filename="x.xml")
    assert a.text == "Die Straße in Köln."
    html = (
        '<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article>'
        + "<p>Die Straße in Köln wurde am Montag wegen eines Wasserrohrbruchs für Stunden gesperrt.</p>" * 3
        + "</article></body></html>"
    ).encode("latin-1")
    (h,) = parse_bytes(html, filename="seite.html")
    assert "Die Straße in Köln wurde am Montag" in h.text
    # XHTML may name its encoding only in the XML declaration.
    xhtml = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + html.replace(
        b'<meta charset="iso-8859-1">', b""
    )
    (x,) = parse_bytes(xhtml, filename="seite.html")
    assert x.text == h.text


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO_8859-1", "latin1", "us-ascii", "windows-1252"])
def test_a_page_labelled_latin_1_is_read_as_windows_1252_as_browsers_do(label: str) -> None:
    # German pages declare ISO-8859-1 and write "€", „quotes“ and dashes in the bytes
    # 0x80-0x9F, which only windows-1252 gives meaning: nothing of them may vanish.
    body = "<p>Die Reparatur kostet 3,8 Millionen € – sagt die Stadt: „Wir zahlen.“</p>" * 3
    page = f'<html><head><meta charset="{label}"><title>T</title></head><body><article>{body}</article></body></html>'
    (a,) = parse_bytes(page.encode("cp1252"), filename="seite.html")
    assert "3,8 Millionen € – sagt die Stadt: „Wir zahlen.“" in a.text


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Text\x00\x01\x02 mit NUL", id="nul"),
        pytest.param(gzip.compress(b'{"id": "a", "text": "x"}'), id="gzip"),
        pytest.param(b"%PDF-1.7\n%...", id="pdf"),
    ],
)
def test_binary_files_are_refused(data):
    with pytest.raises(InputError, match="binary file"):
        parse_bytes(data, filename="artikel.txt")


def test_malformed_jsonl_lines_are_yielded_as_errors_naming_file_and_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        b'{"id": "ok-1", "text": "Ein guter Artikel."}',
        b'{"id": "kaputt", "text": ',
        b'{"text": "ohne id"}',
        b'{"id": "leer", "text": ""}',
        b'{"id": "nur-leerzeichen", "text": "  \\n\\t "}',
        b'["keine", "objekt"]',
        b"",
        b'{"id": "latin", "text": "' + "Straße".encode("latin-1") + b'"}',
        b'{"id": "ok-2", "html": "<article><p>'
        + "Ein Absatz über den Hafen von Kiel. ".encode() * 8
        + b'</p></article>"}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    records = list(iter_path_records([path]))
    articles = [r for r in records if not isinstance(r, Exception)]
    errors = [r for r in records if isinstance(r, InputError)]
    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    assert articles[0].source == f"{path}:1"
    assert [(e.source, e.line) for e in errors] == [(str(path), n) for n in (2, 3, 4, 5, 6, 8)]
    assert "malformed JSON" in errors[0].message
    assert "missing 'id'" in errors[1].message
    assert "empty text" in errors[2].message and "empty text" in errors[3].message
    assert "JSON object" in errors[4].message
    assert "not UTF-8" in errors[5].message
    assert str(errors[0]).startswith(f"{path}:2: ")


def test_empty_text_is_refused_but_a_bodiless_kill_is_kept(tmp_path):
    (tmp_path / "leer.txt").write_text(" \n\n\t", encoding="utf-8")
    (record,) = iter_path_records([tmp_path / "leer.txt"])
    assert isinstance(record, InputError) and "empty text" in str(record)
    item = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:k" version="2">'
        '<itemMeta><pubStatus qcode="stat:{status}"/></itemMeta>'
        "<contentSet><inlineXML><html><body><p/></body></html></inlineXML></contentSet></newsItem>"
    )
    with pytest.raises(InputError, match="empty text"):
        parse_bytes(item.format(status="usable").encode(), content_type="application/xml")
    (kill,) = parse_bytes(item.format(status="canceled").encode(), content_type="application/xml")
    assert kill.pubstatus == "canceled" and kill.text == ""


def test_missing_paths_oversized_and_unknown_files(tmp_path):
    big = tmp_path / "gross.txt"
    big.write_text("x" * 100, encoding="utf-8")
    other = tmp_path / "bild.png"
    other.write_bytes(b"\x89PNG")
    missing = tmp_path / "fehlt.jsonl"
    records = list(iter_path_records([missing, big, other], max_file_bytes=50))
    assert all(isinstance(r, InputError) for r in records)
    assert [r.source for r in records] == [str(missing), str(big), str(other)]
    assert "no such file" in records[0].message
    assert "limit" in records[1].message and "100" in records[1].message
    assert "unknown file type '.png'" in records[2].message


def test_json_lines_files_have_the_limit_per_line_not_per_file(tmp_path):
    # A month of articles in one JSON Lines file is bigger than any one article may be.
    lines = [json.dumps({"id": f"a{n}", "text": f"Meldung Nummer {n} aus Berlin."}) for n in range(40)]
    huge = json.dumps({"id": "riesig", "text": "Wort " * 60})
    path = tmp_path / "monat.jsonl"
    path.write_text("\n".join(lines[:20] + [huge] + lines[20:]) + "\n", encoding="utf-8")
    limit = max(len(line) for line in lines) + 1
    assert path.stat().st_size > 10 * limit
    records = list(iter_path_records([path], max_file_bytes=limit))
    errors = [r for r in records if isinstance(r, InputError)]
    assert [r.id for r in records if not isinstance(r, InputError)] == [f"a{n}" for n in range(40)]
    (error,) = errors
    assert error.line == 21 and "limit" in error.message and str(path) in str(error)


_KEYS = [
    "id",
    "text",
    "html",
    "uri",
    "guid",
    "version",
    "versioncreated",
    "versionCreated",
    "pubstatus",
    "pubStatus",
    "embargoed",
    "language",
    "headline",
    "headlines",
    "bodies",
    "body_html",
    "body_text",
    "body_xhtml",
    "genre",
    "copyrightholder",
    "format",
    "urn",
    "article_html",
    "dateline",
    "teaser",
    "genre_names",
    "categories",
    "signal",
    "entries",
    "type",
    "extra",
    "value",
    "contenttype",
    "role",
    "name",
]
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=20)
    | st.sampled_from(["usable", "<p>x</p>"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=6),
    max_leaves=15,
)


@settings(max_examples=300, deadline=None)
@given(value=_JSON)
@example(value={"urn": "u", "article_html": 5, "genre_names": 3, "categories": 1, "dateline": []})
@example(value={"entries": [{"urn": "u", "article_html": "<p>x</p>"}, 7], "format": "digitalwires@1"})
@example(value={"uri": "u", "bodies": [{"value": "<p>x</p>", "contenttype": 3}], "genre": [7], "extra": 1})
@example(value={"uri": "u", "headlines": [{"value": "t"}], "body_html": ["<p>x</p>"], "body_text": "x"})
def test_any_json_gives_articles_or_an_input_error(value):
    data = json.dumps(value).encode()
    try:
        articles = parse_bytes(data, content_type="application/json")
    except InputError:
        return
    assert all(a.id.strip() for a in articles)


def _g2_item(guid: str | None, text: str) -> str:
    guid_attr = f' guid="{guid}"' if guid else ""
    return (
        f'<newsItem{guid_attr} version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>'
        f'<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>{text}</p></body></html>'
        "</inlineXML></contentSet></newsItem>"
    )


def test_one_bad_item_of_a_message_or_feed_loses_only_itself(tmp_path):
    g2 = (
        '<?xml version="1.0" encoding="UTF-8"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
        + _g2_item("urn:test:1", "Der Hafen von Kiel bekommt einen neuen Kai.")
        + _g2_item(None, "Ohne Kennung kann niemand diese Meldung zuordnen.")
        + _g2_item("urn:test:3", "Die Fähre nach Oslo fährt wieder nach Plan.")
        + "</itemSet></newsMessage>"
    )
    (tmp_path / "message.xml").write_text(g2, encoding="utf-8")
    entry = {
        "urn": "urn:newsml:dpa.com:20090101:1",
        "version": 1,
        "article_html": "<p>Ein Absatz über Kiel.</p>",
    }
    feed = {
        "entries": [entry, {**entry, "urn": "urn:newsml:dpa.com:20090101:2", "version_created": "gestern"}]
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    records = list(iter_path_records([tmp_path]))
    kept = [r.id for r in records if not isinstance(r, Exception)]
    errors = [r for r in records if isinstance(r, InputError)]
    assert kept == ["urn:newsml:dpa.com:20090101:1", "urn:test:1", "urn:test:3"]
    assert [(e.source, e.message.split(":")[0]) for e in errors] == [
        (str(tmp_path / "feed.json"), "item 2"),
        (str(tmp_path / "message.xml"), "item 2"),
    ]
    # One article per request: the API still refuses the whole body.
    with pytest.raises(InputError, match="guid"):
        parse_bytes(g2.encode(), content_type="application/xml")


def test_json_no_article_looks_like_is_a_line_error_not_a_crash(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        b'{"id": "ok-1", "text": "Ein guter Artikel."}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": "lang", "text": "Ein Artikel.", "version": ' + b"9" * 5000 + b"}",
        b'{"id": "nul", "text": "Ein \x00 Artikel."}',
        b'{"id": "ok-2", "text": "Noch ein guter Artikel."}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    records = list(iter_path_records([path]))
    assert [r.id for r in records if not isinstance(r, Exception)] == ["ok-1", "ok-2"]
    errors = [r for r in records if isinstance(r, InputError)]
    assert [e.line for e in errors] == [2, 3, 4]
    assert "nested too deeply" in errors[0].message and "cannot be read" in errors[1].message
    with pytest.raises(FormatError, match="nested too deeply"):
        parse_bytes(b"[" * 100_000 + b"]" * 100_000, content_type="application/json")


def test_xml_nested_too_deeply_is_a_format_error_naming_the_file():
    body = "<div>" * 1500 + "<p>Ein Absatz.</p>" + "</div>" * 1500
    nitf = f'<?xml version="1.0"?><nitf><head><docdata><doc-id id-string="tief"/></docdata></head><body><body.content>{body}</body.content></body></nitf>'
    with pytest.raises(FormatError, match="nested too deeply") as caught:
        parse_bytes(nitf.encode(), filename="tief.xml")
    assert caught.value.source == "tief.xml"


def test_utf16_json_lines_are_read_line_by_line(tmp_path):
    path = tmp_path / "windows.jsonl"
    rows = [
        {"id": "a", "text": "Erster Artikel über Kiel."},
        {"id": "b", "text": "Zweiter Artikel über Oslo."},
    ]
    path.write_bytes("\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-16"))
    records = list(iter_path_records([path]))
    assert [(r.id, r.text) for r in records] == [(r["id"], r["text"]) for r in rows]


def test_the_error_of_a_file_of_one_item_names_no_item_number(tmp_path):
    g2 = (
        '<?xml version="1.0" encoding="UTF-8"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
        + _g2_item(None, "Ohne Kennung kann niemand diese Meldung zuordnen.")
        + "</itemSet></newsMessage>"
    )
    (tmp_path / "one.xml").write_text(g2, encoding="utf-8")
    (error,) = iter_path_records([tmp_path / "one.xml"])
    assert isinstance(error, InputError) and error.message.startswith("newsItem without a guid")


@pytest.mark.parametrize("charset", ["idna", "punycode", "undefined"])
def test_a_codec_that_is_no_charset_is_refused_as_input_not_crashed_on(charset):
    xml = f'<?xml version="1.0" encoding="{charset}"?><nitf><body>Caf\xe9</body></nitf>'.encode("latin-1")
    with pytest.raises(InputError, match="no character set"):
        parse_bytes(xml, filename="a.xml")
    with pytest.raises(InputError, match="no character set"):
        parse_bytes(b"M\xfcller sagt", content_type=f"text/plain; charset={charset}", filename="a.txt")
    page = f'<html><head><meta charset="{charset}"></head><body><p>M\xfcller</p></body></html>'
    with pytest.raises(InputError, match="no character set"):
        parse_bytes(page.encode("latin-1"), filename="a.html")


def test_pipes_and_devices_in_a_folder_are_named_and_skipped_not_read(tmp_path):
    import os

    (tmp_path / "good.txt").write_text("Der Hafen von Kiel hat am Dienstag ein neues Terminal eröffnet.")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    records = list(iter_path_records([tmp_path]))
    assert [r.id for r in records if isinstance(r, Article)] == ["good"]
    skipped = {Path(r.source).name: str(r) for r in records if isinstance(r, SkippedInput)}
    assert set(skipped) == {"pipe.txt", "zero.json"} and all(
        "not a regular file" in m for m in skipped.values()
    )


def test_jsonl_lines_survive_classic_mac_line_ends_and_a_nul_in_the_first_record(tmp_path):
    good = [
        json.dumps({"id": f"a{n}", "text": f"Meldung Nummer {n} über den Hafen von Kiel."}) for n in (1, 2)
    ]
    (tmp_path / "cr.jsonl").write_bytes("\r".join(good).encode())
    (tmp_path / "nul.jsonl").write_bytes(b'{"id": "x", "text": "kaputt\x00"}\n' + "\n".join(good).encode())
    cr = list(iter_path_records([tmp_path / "cr.jsonl"]))
    assert [r.id for r in cr] == ["a1", "a2"]
    nul = list(iter_path_records([tmp_path / "nul.jsonl"]))
    assert [r.id for r in nul if isinstance(r, Article)] == ["a1", "a2"]
    (bad,) = [r for r in nul if isinstance(r, InputError)]
    assert bad.line == 1 and "at at" not in str(bad)


def test_an_empty_json_list_is_named_not_passed_over_in_silence(tmp_path):
    (tmp_path / "empty.json").write_text("[]")
    (record,) = list(iter_path_records([tmp_path / "empty.json"]))
    assert isinstance(record, SkippedInput) and "no article" in str(record)


def test_a_device_named_on_the_command_line_is_read_only_up_to_the_limit(tmp_path):
    (tmp_path / "zero.json").symlink_to("/dev/zero")  # reports size 0, and never ends
    (record,) = list(iter_path_records([tmp_path / "zero.json"], max_file_bytes=1000))
    assert isinstance(record, InputError) and "over the 1,000-byte limit" in str(record)
