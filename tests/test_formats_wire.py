"""Wire-format shapes found in other agencies' and CMSs' samples, on tiny documents written here."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from dedupe.errors import FormatError, InputError
from dedupe.formats import parse_bytes

G2 = "http://iptc.org/std/nar/2006-10-01/"
TEXT = "Die Fähre nach Oslo fährt seit Montag wieder nach Plan. Das sagte eine Sprecherin der Reederei."


def newsml12(public_id: str, revision: str = "1") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<NewsML Version="1.2"><NewsItem xml:lang="de"><Identification><NewsIdentifier>
<ProviderId>afp.com</ProviderId><DateId>20260109</DateId><NewsItemId>TX-PAR-ABC12</NewsItemId>
<RevisionId PreviousRevision="0" Update="N">{revision}</RevisionId>
<PublicIdentifier>{public_id}</PublicIdentifier></NewsIdentifier></Identification>
<NewsManagement><Status FormalName="Usable"/></NewsManagement>
<NewsComponent><ContentItem><MediaType FormalName="Text"/><DataContent><nitf><body><body.content>
<p>{TEXT}</p></body.content></body></nitf></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>
""".encode()


@pytest.mark.parametrize(
    ("public_id", "revision", "expected"),
    [
        ("urn:newsml:afp.com:20260109:TX-PAR-ABC12:1", "1", "urn:newsml:afp.com:20260109:TX-PAR-ABC12"),
        ("urn:newsml:afp.com:20260109:TX-PAR-ABC12:3", "2", "urn:newsml:afp.com:20260109:TX-PAR-ABC12"),
        # No revision field: the last field is the story, not to be cut (every item of the
        # day would share "urn:newsml:afp.com:20260109" as its id).
        ("urn:newsml:afp.com:20260109:TX-PAR-ABC12", "1", "urn:newsml:afp.com:20260109:TX-PAR-ABC12"),
    ],
)
def test_an_afp_item_keeps_its_story_id_with_or_without_a_revision_field(
    public_id: str, revision: str, expected: str
) -> None:
    (article,) = parse_bytes(newsml12(public_id, revision), filename="afp.xml")
    assert article.id == expected


def test_nitf_declares_its_language_as_baselang_too() -> None:
    data = (
        b'<nitf baselang="en-US"><head><docdata><doc-id id-string="E-1"/></docdata></head><body><body.content>'
        b"<p>The ferry to Oslo runs on schedule again.</p></body.content></body></nitf>"
    )
    (article,) = parse_bytes(data, filename="efe.xml")
    assert article.language == "en"


def test_a_feed_with_a_blank_line_before_its_xml_declaration_is_read() -> None:
    data = (
        '\n  <?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">'
        "<title>Hafenblatt</title><id>tag:hb.example,2024:feed</id><entry><id>tag:hb.example,2024:1</id>"
        f'<title>Fähre fährt wieder</title><content type="html">&lt;p&gt;{TEXT}&lt;/p&gt;</content></entry></feed>'
    ).encode()
    (article,) = parse_bytes(data, filename="feed.atom")
    assert (article.id, article.text) == ("tag:hb.example,2024:1", TEXT)


def g2(content: str, root: str = "newsItem") -> bytes:
    return (
        f'<{root} xmlns="{G2}" guid="urn:example:g2:1" version="2"><itemMeta><pubStatus qcode="stat:usable"/>'
        f'</itemMeta><contentMeta><language tag="de"/></contentMeta><contentSet>{content}</contentSet></{root}>'
    ).encode()


def test_markup_sent_as_plain_text_is_read_as_markup() -> None:
    # A CDATA of <p> elements labelled text/plain: no tags in the text.
    content = f'<inlineData contenttype="text/plain"><![CDATA[<p>\n{TEXT}</p><p>Ab Juni fährt sie täglich.</p>]]></inlineData>'
    (article,) = parse_bytes(g2(content), filename="item.xml")
    assert article.text == f"{TEXT}\n\nAb Juni fährt sie täglich."


def test_an_embedded_objects_data_is_no_text() -> None:
    body = (
        f'<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        f'<p>{TEXT}</p><object type="x-im/youtube"><data><autoStart>true</autoStart><width>1536</width>'
        "</data></object></body></html></inlineXML>"
    )
    (article,) = parse_bytes(g2(body), filename="item.xml")
    assert article.text == TEXT


@pytest.mark.parametrize("root", ["packageItem", "conceptItem"])
def test_a_package_or_concept_item_is_refused_as_no_article(root: str) -> None:
    with pytest.raises(FormatError, match=f"<{root}> describes or groups items and holds no article text"):
        parse_bytes(g2("", root=root), filename="pkg.xml")


def xhtml(body: str) -> bytes:
    return g2(
        f'<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        f"{body}</body></html></inlineXML>"
    )


def test_wire_text_typed_to_a_fixed_width_in_one_paragraph_is_split_where_it_indents() -> None:
    typed = (
        "<p>(Adds detail)\n    Die Fähre nach Oslo fährt seit Montag\nwieder nach Plan.\n"
        "    Das sagte eine Sprecherin der\nReederei am Vormittag.\n</p>"
    )
    (article,) = parse_bytes(xhtml(typed), filename="item.xml")
    assert article.text.split("\n\n") == [
        "(Adds detail)",
        "Die Fähre nach Oslo fährt seit Montag wieder nach Plan.",
        "Das sagte eine Sprecherin der Reederei am Vormittag.",
    ]


def test_a_pretty_printed_paragraph_stays_one_paragraph() -> None:
    pretty = f"<p>\n      {TEXT[:55]}\n      {TEXT[55:]}\n    </p>"
    (article,) = parse_bytes(xhtml(pretty), filename="item.xml")
    assert article.text == " ".join(TEXT.split())


# Shapes from the Superdesk project's ingest samples (session 17 probes), written anew here.


def test_html_in_a_newsml12_data_content_is_read_as_markup_and_its_source_is_the_provider() -> None:
    data = f"""<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>agency.example</ProviderId>
<DateId>20260109</DateId><NewsItemId>4711</NewsItemId><RevisionId>1</RevisionId>
<PublicIdentifier>urn:newsml:agency.example:20260109:4711:1</PublicIdentifier></NewsIdentifier></Identification>
<NewsComponent><NewsLines><HeadLine>Fähre</HeadLine></NewsLines><AdministrativeMetadata><Source>
<Party FormalName="Hafenagentur"/></Source></AdministrativeMetadata><NewsComponent><ContentItem>
<MediaType FormalName="Text"/><Format FormalName="HTML"/><DataContent><![CDATA[<P>{TEXT}</P>
<P>Ab Juni fährt sie täglich.</P><P> </P>]]></DataContent></ContentItem></NewsComponent></NewsComponent>
</NewsItem></NewsML>""".encode()
    (article,) = parse_bytes(data, filename="item.xml")
    assert article.text == f"{TEXT}\n\nAb Juni fährt sie täglich."
    assert article.provider == "Hafenagentur"


def nitf(body: str, head: str = "") -> bytes:
    return (
        f'<nitf><head><docdata><doc-id id-string="N-1"/>{head}</docdata></head><body><body.head>'
        f"<hedline><hl1>Fähre fährt wieder</hl1></hedline></body.head><body.content>{body}"
        "</body.content></body></nitf>"
    ).encode()


@pytest.mark.parametrize("end", ["ends", "ENDS", "-30-", "###", "(end)"])
def test_nitf_drops_a_repeated_headline_and_an_end_mark(end: str) -> None:
    (article,) = parse_bytes(
        nitf(f"<hl2>Fähre fährt wieder</hl2><p>{TEXT}</p><p>{end}</p>"), filename="n.xml"
    )
    assert article.text == TEXT


def test_a_last_paragraph_that_says_more_than_the_end_stays() -> None:
    (article,) = parse_bytes(nitf(f"<p>{TEXT}</p><p>The strike ends on Friday.</p>"), filename="n.xml")
    assert article.text.endswith("The strike ends on Friday.")


def test_nitf_names_the_first_source_of_its_delivery_list_when_no_distributor() -> None:
    head = '<del-list><from-src src-name="HAFEN" level-number="1"/></del-list>'
    (article,) = parse_bytes(nitf(f"<p>{TEXT}</p>", head=head), filename="n.xml")
    assert article.provider == "HAFEN"


def test_a_pre_block_keeps_its_lines_and_its_blank_lines_part_paragraphs() -> None:
    pre = "<pre>Hafen-Derby\nNord 2 Süd 1\nOst 0 West 0\n\nTore: Ahrens, Bode\n</pre>"
    (article,) = parse_bytes(nitf(pre), filename="n.xml")
    assert article.text.split("\n\n") == ["Hafen-Derby\nNord 2 Süd 1\nOst 0 West 0", "Tore: Ahrens, Bode"]


def test_an_embed_code_sent_as_text_is_no_paragraph_and_twice_escaped_quotes_are_read() -> None:
    embed = "&lt;div class=&quot;embed&quot; data-id=&quot;a0G&quot;&gt;&lt;/div&gt;&lt;script src=&quot;x.js&quot;&gt;&lt;/script&gt;"
    twice = "&amp;quot;Wir fahren wieder&amp;quot;, sagte die Reederei&amp;#39;s Sprecherin."
    (article,) = parse_bytes(xhtml(f"<p>{TEXT}</p><p>{embed}</p><p>{twice}</p>"), filename="item.xml")
    assert article.text.split("\n\n") == [TEXT, '"Wir fahren wieder", sagte die Reederei\'s Sprecherin.']


def test_a_g2_item_without_a_headline_takes_its_inline_nitf_title() -> None:
    body = f"<inlineXML><nitf><head><title>Fähre fährt wieder</title></head><body><body.content><p>{TEXT}</p></body.content></body></nitf></inlineXML>"
    (article,) = parse_bytes(g2(body), filename="item.xml")
    assert (article.title, article.text) == ("Fähre fährt wieder", TEXT)


def test_a_content_api_answer_wrapping_one_item_is_read_and_a_body_only_linked_is_refused() -> None:
    item = {
        "uri": "urn:example:ap:1",
        "type": "text",
        "headline": "Fähre",
        "versioncreated": "2026-01-09T10:00:00Z",
    }
    answer = {"api_version": "1.1", "id": "q1", "data": {"meta": {}, "item": {**item, "body_text": TEXT}}}
    (article,) = parse_bytes(json.dumps(answer).encode(), filename="answer.json")
    assert (article.id, article.text) == ("urn:example:ap:1", TEXT)
    links = {"nitf": {"href": "https://api.example/nitf"}, "anpa": {"href": "https://api.example/anpa"}}
    listing = {"data": {"items": [{"meta": {}, "item": {**item, "renditions": links}}]}}
    with pytest.raises(FormatError, match=r"only links to its renditions \(anpa, nitf\)"):
        parse_bytes(json.dumps(listing).encode(), filename="feed.json")


# Variants of the specifications themselves (session 19 probe), on fixtures written here ----

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


def fixture(name: str) -> list:
    return parse_bytes((FIXTURES / name).read_bytes(), filename=name)


def test_g2_controlled_values_given_as_uris_are_read_like_qcodes() -> None:
    # G2 lets every controlled value be a qcode or a uri: a kill given by uri is a kill,
    # and an item with a title only in itemMeta keeps it.
    (article,) = fixture("g2_uri_codes_canceled.xml")
    assert (article.id, article.version, article.pubstatus) == ("urn:example:g2:uri:1", "3", "canceled")
    assert article.title == "Stadtbahn fährt wieder bis Nordhafen"
    assert article.extra["item_class"] == "text"
    assert article.text.startswith("Die Stadtbahn fährt seit Montagmorgen")


def test_a_g2_picture_given_by_item_class_uri_is_no_text_item() -> None:
    data = g2("").replace(
        b"<itemMeta>", b'<itemMeta><itemClass uri="http://cv.iptc.org/newscodes/ninature/picture"/>'
    )
    with pytest.raises(FormatError, match="no text newsItem"):
        parse_bytes(data, filename="pic.xml")


def test_g2_inline_data_in_base64_is_decoded() -> None:
    (article,) = fixture("g2_inlinedata_base64.xml")
    assert article.text == (
        "Im Zoo von Beispielstadt ist ein Elefant geboren worden.\n\n"
        "Mutter und Kalb sind wohlauf, teilte der Zoo mit."
    )
    assert (article.title, article.language, article.version) == ("Elefant im Zoo geboren", "de", "1")


def test_g2_inline_data_that_cannot_be_decoded_is_refused_naming_the_item() -> None:
    content = '<inlineData contenttype="text/plain" encoding="base64">kein base64!</inlineData>'
    with pytest.raises(InputError, match="'urn:example:g2:1': cannot read its encoded inlineData") as exc:
        parse_bytes(g2(content), filename="item.xml")
    assert exc.value.source == "item.xml"


def test_g2_inline_data_without_a_contenttype_is_text() -> None:
    # contenttype is optional in the schema: the text is there all the same.
    (article,) = parse_bytes(
        g2(f"<inlineData>{TEXT}\n\nAb Juni fährt sie täglich.</inlineData>"), filename="i.xml"
    )
    assert article.text == f"{TEXT}\n\nAb Juni fährt sie täglich."


def test_newsml12_takes_the_headline_of_its_main_component_when_the_item_has_none() -> None:
    (article,) = fixture("newsml12_nested_main.xml")
    assert article.id == "urn:newsml:example.org:20241021:TX-EXA-0042"
    assert (article.title, article.version, article.language) == (
        "Lighthouse keeper retires after forty years",
        "2",
        "en",
    )
    assert article.extra["dateline"] == "Portwick, Oct 21"
    assert article.text.endswith("The light will be run from the mainland from next week.")


def _nml12_item(content_item: str) -> bytes:
    return (
        "<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>example.org</ProviderId>"
        "<DateId>20241021</DateId><NewsItemId>TX-1</NewsItemId><RevisionId>1</RevisionId>"
        "<PublicIdentifier>urn:newsml:example.org:20241021:TX-1:1</PublicIdentifier></NewsIdentifier>"
        "</Identification><NewsManagement><Status FormalName='Usable'/></NewsManagement><NewsComponent>"
        f"<NewsLines><HeadLine>Fähre</HeadLine></NewsLines>{content_item}</NewsComponent></NewsItem></NewsML>"
    ).encode()


def test_newsml12_media_type_names_are_read_without_regard_to_case() -> None:
    item = (
        f"<ContentItem><MediaType FormalName='text'/><DataContent><p>{TEXT}</p></DataContent></ContentItem>"
    )
    (article,) = parse_bytes(_nml12_item(item), filename="n.xml")
    assert article.text == TEXT


def test_newsml12_text_in_a_base64_encoding_step_is_decoded() -> None:
    encoded = base64.b64encode(f"{TEXT}\n\nAb Juni fährt sie täglich.".encode()).decode()
    item = (
        "<ContentItem><MediaType FormalName='Text'/><Encoding Notation='base64'>"
        f"<DataContent>{encoded}</DataContent></Encoding></ContentItem>"
    )
    (article,) = parse_bytes(_nml12_item(item), filename="n.xml")
    assert article.text == f"{TEXT}\n\nAb Juni fährt sie täglich."


def test_newsml12_text_only_referred_to_by_href_is_refused_saying_so() -> None:
    item = "<ContentItem Href='https://agency.example/tx-1.xml'><MediaType FormalName='Text'/></ContentItem>"
    with pytest.raises(InputError, match=r"only refers to its text \(https://agency.example/tx-1.xml\)"):
        parse_bytes(_nml12_item(item), filename="n.xml")
