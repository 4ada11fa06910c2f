"""Each wire format on our own invented fixtures, and the two entry points."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedupe.article import article_from_mapping
from dedupe.errors import FormatError, InputError, SkippedInput
from dedupe.formats import MEDIA_TYPES, iter_path_records, parse_bytes
from dedupe.formats.html import extract_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


def parse_fixture(name: str, **kwargs):
    data = (FIXTURES / name).read_bytes()
    return parse_bytes(data, filename=name, **kwargs)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_newsml_g2_dpa_item_reads_identity_genre_and_main_section_only():
    (a,) = parse_fixture("g2_dpa_meldung_v3.xml")
    assert a.id == "urn:newsml:dpa.com:20090101:240314-99-123456"
    assert a.version == "3"
    assert a.version_created.isoformat() == "2024-03-14T10:14:30+01:00"
    assert a.pubstatus == "usable"
    assert a.language == "de"
    assert a.provider == "dpa"
    assert a.genre == "Meldung"
    assert a.extra["genre_qcode"] == "dpatextgenre:1"
    assert a.extra["signals"] == ["sig:update", "dpasig:isplanned"]
    assert a.title == "Stadtbibliothek Kiel verlängert Öffnungszeiten am Wochenende"
    paras = paragraphs(a.text)
    assert len(paras) == 4
    assert paras[0].startswith("Lesen bis in den Abend")
    # The dateline stays in the first body paragraph, as printed; source line wrapping is collapsed.
    assert paras[1].startswith("Kiel (dpa) - Die Stadtbibliothek in Kiel hat ab April")
    assert "<br/>" not in a.text and "eine Sprecherin.\nZusätzliches" in paras[2]
    assert "Notizblock" not in a.text and "Pressestelle" not in a.text  # edNote is not body
    assert "Tabellenzelle" not in a.text
    assert a.title not in a.text


def test_newsml_g2_kill_keeps_its_body_and_orders_after_the_original():
    (original,) = parse_fixture("g2_dpa_meldung_v3.xml")
    (kill,) = parse_fixture("g2_dpa_meldung_v4_kill.xml")
    assert kill.id == original.id
    assert kill.pubstatus == "canceled"
    assert kill.text == original.text
    assert sorted([kill, original], key=lambda a: a.version_key()) == [original, kill]


def test_newsml_g2_withheld_with_embargo_and_opaque_version():
    (a,) = parse_fixture("g2_withheld_embargo.xml")
    assert a.id == "tag:example.org,2024:newsml_X1Y2Z3"
    assert a.version == "1183729302"
    assert a.pubstatus == "withheld"
    assert a.embargo.isoformat() == "2024-05-03T00:01:00+00:00"
    assert a.version_created.isoformat() == "2024-05-02T08:00:00+00:00"
    assert a.published_at.isoformat() == "2024-05-02T07:30:00+00:00"
    assert a.language == "en"
    assert a.provider == "example.org"
    assert a.copyright_holder == "Example Wire Ltd"
    assert paragraphs(a.text)[0].endswith("adding two evening crossings on weekdays.")


def test_newsml12_afp_identity_without_revision_crossheads_and_no_signoff():
    (a,) = parse_fixture("newsml12_afp_v2.xml")
    assert a.id == "urn:newsml:afp.com:20240610T090000Z:TX-PAR-ABC12"
    assert a.version == "2"
    assert a.extra["public_identifier"].endswith(":TX-PAR-ABC12:2")
    assert a.version_created.isoformat() == "2024-06-10T09:12:00+00:00"
    assert a.provider == "AFP"
    assert a.genre == "Article"
    assert a.title == "Neue Seilbahn in Lyon nimmt Betrieb auf"
    assert paragraphs(a.text) == [
        "In Lyon hat am Montag eine neue Seilbahn über die Saône den Betrieb aufgenommen.",
        "Die Gondeln sollen täglich bis zu 12 000 Fahrgäste befördern, teilte der Verkehrsverbund mit.",
        "- Kritik an den Kosten -",
        "Anwohner hatten die Baukosten von 90 Millionen Euro kritisiert.",
    ]


def test_nitf_identity_version_status_and_paragraphs_despite_its_doctype():
    (a,) = parse_fixture("nitf_agency_v2.xml")
    assert a.id == "bsp:20241021:faehre-seeadler"
    assert a.version == "2"
    assert a.pubstatus == "usable"
    assert a.published_at.isoformat() == "2024-10-21T09:44:00+02:00"
    assert a.language == "de"
    assert a.title == "Fähre Seeadler vor Amrum auf Grund gelaufen"
    assert a.provider == "BSP" and a.copyright_holder == "Beispiel-Presseagentur"
    assert a.extra["byline"] == "Von Jette Harms"
    assert paragraphs(a.text) == [
        "Die Inselfähre Seeadler ist am Montagmorgen vor Amrum auf eine Sandbank gelaufen. Alle 212 "
        "Passagiere blieben nach Angaben der Reederei Wittdün unverletzt.",
        "Schlepper im Einsatz",
        "Zwei Schlepper aus Dagebüll sollen das Schiff bei der nächsten Flut gegen 14.30 Uhr freiziehen. "
        "Die Wasserschutzpolizei ermittelt, warum die Fähre vom Fahrwasser abkam.",
    ]


def test_nitf_without_doc_id_takes_the_file_name_and_a_kill_is_canceled():
    data = (
        '<nitf><head><docdata management-status="canceled"/></head><body><body.content>'
        "<p>Diese Meldung wird zurückgezogen.</p></body.content></body></nitf>"
    ).encode()
    (a,) = parse_bytes(data, filename="meldung-17.nitf")
    assert a.id == "meldung-17"
    assert a.pubstatus == "canceled"


def test_ninjs1_body_text_paragraphs():
    (a,) = parse_fixture("ninjs1_text.json")
    assert (a.id, a.version, a.language, a.pubstatus) == (
        "http://example.org/items/2024-ferry-001",
        "1",
        "en",
        "usable",
    )
    assert a.title == "Ferry operator adds night service"
    assert paragraphs(a.text) == [
        "A ferry operator said on Thursday it would add a night service between the two harbours from June.",
        "The new crossing leaves at 23:30 and takes ninety minutes.",
        "Tickets go on sale next week.",
    ]


def test_ninjs2_prefers_html_body_and_main_headline_and_drops_captions():
    (a,) = parse_fixture("ninjs2_html.json")
    assert a.title == "Rekordernte bei Spargel in Brandenburg"
    assert a.genre == "Zusammenfassung"
    assert a.embargo.isoformat() == "2024-05-20T18:00:00+02:00"
    assert a.published_at.isoformat() == "2024-05-20T13:40:00+02:00"
    assert paragraphs(a.text) == [
        "Beelitz (dpa) - Die Spargelbauern in Brandenburg melden eine Rekordernte.",
        "Warmes Frühjahr",
        "Grund sei das warme Frühjahr, sagte ein Verbandssprecher.",
    ]


def test_ninjs3_camel_case_and_canceled():
    (a,) = parse_fixture("ninjs3_canceled.json")
    assert a.pubstatus == "canceled"
    assert a.version == "5"
    assert a.version_created.isoformat() == "2024-07-01T06:00:00+00:00"
    assert a.language == "en"
    assert a.copyright_holder == "Example News Service"
    assert len(paragraphs(a.text)) == 2


def test_digitalwires_puts_dateline_into_first_paragraph_and_skips_notepad():
    (a,) = parse_fixture("digitalwires_eil.json")
    assert a.id == "urn:newsml:dpa.com:20090101:240811-930-555555"
    assert a.version == "1" and a.genre == "Meldung" and a.provider == "dpa"
    assert paragraphs(a.text) == [
        "Leipzig (dpa) - Der Wetterdienst hat für ganz Sachsen eine Hitzewarnung ausgegeben.",
        "Bis zu 36 Grad werden am Dienstag erwartet.",
    ]
    assert "Linkbox" not in a.text and "Notizblock" not in a.text


def test_digitalwires_entries_response():
    first, second = parse_fixture("digitalwires_entries.json")
    assert first.version == "3" and "sig:correction" in first.extra["signals"]
    assert paragraphs(first.text)[0] == "Das Bamberger Stadtfest fällt in diesem Jahr aus."
    assert second.pubstatus == "withheld" and second.genre == "Vorschau"
    assert second.embargo.isoformat() == "2024-08-12T12:00:00+02:00"


def test_plain_json_article_and_text_file():
    (a,) = parse_fixture("plain_article.json")
    assert (a.id, a.outlet, a.title, a.url) == ("blog-2024-001", "Stadtblog", "Stadtrat tagt", a.url)
    assert a.url == "https://blog.example.org/stadtrat"
    (t,) = parse_fixture("lokalzeitung.txt")
    assert t.id == t.outlet == "lokalzeitung"
    assert t.text.startswith("Der Stadtrat hat den Haushalt beschlossen.\n\nDie Opposition")
    assert t.wire_ref == "240202-99-123456"
    assert t.extra["wire_version"] == "2"


def test_html_page_text_metadata_and_wire_ref():
    (a,) = parse_fixture("page_nordkurier_like.html")
    assert a.id == "page_nordkurier_like"
    assert a.url == "https://www.ostsee-bote.example/lokales/hafenfest-rostock-123.html"
    assert a.outlet == "Ostsee-Bote"
    assert a.title == "Hafenfest in Rostock zieht Zehntausende an"
    assert a.published_at is not None and a.published_at.date().isoformat() == "2024-08-10"
    assert a.wire_ref == "240810-99-765432" and a.extra["wire_version"] == "4"
    paras = paragraphs(a.text)
    assert paras[0].startswith("Bei strahlendem Sonnenschein")
    assert "Feuerwerk zum Abschluss" in paras
    for furniture in ("Cookies", "Startseite", "Digital-Abo", "Impressum", "Radwege", "Mehr aus Lokales"):
        assert furniture not in a.text
    assert not a.text.startswith(a.title)


def test_extract_text_is_what_article_from_mapping_uses_for_html():
    html = (FIXTURES / "page_nordkurier_like.html").read_text(encoding="utf-8")
    text = extract_text(html)
    assert "Die Polizei meldete bis zum Abend keine größeren Zwischenfälle." in text
    assert article_from_mapping({"id": "x", "html": html}).text == text


def test_extract_text_refuses_a_page_without_article():
    with pytest.raises(InputError, match="no article text"):
        extract_text(
            "<html><body><nav><ul><li><a href='/'>Start</a></li><li><a href='/p'>Politik</a></li></ul></nav>"
            "<footer>Impressum</footer></body></html>",
            source="nav.html",
        )


@pytest.mark.parametrize(
    ("content_type", "fixture"),
    [
        pytest.param("application/json", "ninjs2_html.json", id="ninjs"),
        pytest.param("application/json; charset=utf-8", "digitalwires_eil.json", id="digitalwires"),
        pytest.param("application/json", "plain_article.json", id="plain-json"),
        pytest.param("application/vnd.iptc.g2.newsitem+xml", "g2_withheld_embargo.xml", id="g2-newsitem"),
        pytest.param("text/xml", "newsml12_afp_v2.xml", id="newsml12"),
        pytest.param("text/html; charset=utf-8", "page_nordkurier_like.html", id="html"),
        pytest.param(None, "g2_dpa_meldung_v3.xml", id="sniff-xml"),
        pytest.param("application/xml", "nitf_agency_v2.xml", id="nitf"),
        pytest.param(None, "ninjs1_text.json", id="sniff-json"),
        pytest.param(None, "page_nordkurier_like.html", id="sniff-html"),
    ],
)
def test_parse_bytes_by_content_type_or_sniffing_without_filename(content_type, fixture):
    expected = parse_fixture(fixture)
    got = parse_bytes((FIXTURES / fixture).read_bytes(), content_type=content_type)
    assert [a.text for a in got] == [a.text for a in expected]
    assert all(a.source == "request" for a in got)
    if content_type:
        assert content_type.split(";")[0] in MEDIA_TYPES


def test_plain_text_needs_an_id():
    with pytest.raises(InputError, match="no id"):
        parse_bytes(b"Ein Absatz.", content_type="text/plain")
    (a,) = parse_bytes(b"Ein Absatz.", content_type="text/plain", filename="blatt.txt")
    assert a.id == "blatt"


def test_unknown_structures_are_format_errors_naming_the_source():
    with pytest.raises(FormatError, match="unknown XML root <feed>") as exc:
        parse_bytes(b"<feed><entry/></feed>", filename="feed.xml")  # not Atom: no namespace
    assert exc.value.source == "feed.xml"
    with pytest.raises(FormatError, match="neither a plain article"):
        parse_bytes(b'{"foo": 1}', content_type="application/json")
    with pytest.raises(FormatError, match="malformed JSON"):
        parse_bytes(b'{"id": "a", ', content_type="application/json")


def test_iter_path_records_walks_sorted_and_skips_non_articles(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Zweiter Text.", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Erster Text.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("versteckt", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("intern", encoding="utf-8")
    for name in ("README.md", "PAIRS.md", "index.tsv", "notes.csv"):
        (tmp_path / name).write_text("id\ttext\n", encoding="utf-8")
    found = list(iter_path_records([tmp_path]))
    records = [r for r in found if not isinstance(r, SkippedInput)]
    assert [r.id for r in records] == ["b", "a"]
    assert records[0].outlet == "b" and records[0].source == str(tmp_path / "b.txt")
    # Files of other types are named, never dropped unseen; hidden ones are left out.
    skipped = sorted(Path(r.source).name for r in found if isinstance(r, SkippedInput))
    assert skipped == ["PAIRS.md", "README.md", "index.tsv", "notes.csv"]


def test_a_folder_walk_follows_links_names_what_it_cannot_read_and_reads_each_folder_once(tmp_path):
    night = tmp_path / "night"
    night.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text("Ein Text in einem verlinkten Ordner.", encoding="utf-8")
    (night / "linked").symlink_to(elsewhere, target_is_directory=True)
    (night / "again").symlink_to(elsewhere, target_is_directory=True)
    (night / "loop").symlink_to(night, target_is_directory=True)
    (night / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (night / "packed.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00")
    found = list(iter_path_records([night]))
    assert [r.id for r in found if not isinstance(r, InputError)] == ["x"]
    problems = {Path(r.source).name: r for r in found if isinstance(r, InputError)}
    # Folders are walked in sorted order: "again" is read, "linked" (the same folder) is not.
    assert set(problems) == {"linked", "dangling.txt", "loop", "packed.jsonl.gz"}
    assert "unpack it first" in problems["packed.jsonl.gz"].message
    assert isinstance(problems["packed.jsonl.gz"], SkippedInput)
    assert not isinstance(problems["dangling.txt"], SkippedInput)  # a file that should be there: an error


def test_iter_path_records_reads_the_whole_fixture_folder():
    records = list(iter_path_records([FIXTURES]))
    errors = [r for r in records if isinstance(r, Exception)]
    assert errors == []
    assert len(records) == 22  # jsonfeed_1_1.json holds two items
    jsonl = [r for r in records if r.source and ".jsonl:" in r.source]
    assert [(r.id, r.source.rsplit(":", 1)[1]) for r in jsonl] == [("kurier-1", "1"), ("anzeiger-7", "2")]
    assert jsonl[0].version == "2"


# Reading bugs found by the format probe of session 14 (invented texts) ----------------

_NML12 = """<?xml version="1.0" encoding="UTF-8"?>
<NewsML Version="1.2"><NewsItem xml:lang="{lang}">
<Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20241021</DateId>
<NewsItemId>TX-PRB</NewsItemId><RevisionId>2</RevisionId>
<PublicIdentifier>urn:newsml:afp.com:20241021:TX-PRB:2</PublicIdentifier></NewsIdentifier></Identification>
<NewsManagement><Status FormalName="Usable"/></NewsManagement>
<NewsComponent><NewsLines><HeadLine>Vulkan legt Flugverkehr lahm</HeadLine></NewsLines>{components}
</NewsComponent></NewsItem></NewsML>"""


def _newsml12(components: str, lang: str = "de"):
    (a,) = parse_bytes(_NML12.format(lang=lang, components=components).encode(), filename="n.xml")
    return a


def test_newsml12_reads_the_text_component_never_the_photo_caption():
    a = _newsml12(
        """<NewsComponent><Role FormalName="Photo"/><ContentItem><MediaType FormalName="Photo"/>
        <DataContent><nitf><body><body.content><p>Eine Aschewolke. (Foto: AFP)</p></body.content></body></nitf>
        </DataContent></ContentItem></NewsComponent>
        <NewsComponent><Role FormalName="Main"/><ContentItem><MediaType FormalName="Text"/>
        <DataContent><nitf><body><body.content><p>Ein Vulkan ist am Montag ausgebrochen.</p>
        <p>Dutzende Flüge fielen aus.</p><p>bur-jo/ach</p></body.content></body></nitf></DataContent>
        </ContentItem></NewsComponent>"""
    )
    assert paragraphs(a.text) == ["Ein Vulkan ist am Montag ausgebrochen.", "Dutzende Flüge fielen aus."]


def test_newsml12_plain_text_data_content_is_read_by_blank_lines():
    a = _newsml12(
        """<ContentItem><MediaType FormalName="Text"/><MimeType FormalName="text/plain"/>
        <DataContent>Am Hochkogel fährt eine neue Gondel.
die seit Montag in Betrieb ist.

Sie ersetzt einen Sessellift.</DataContent></ContentItem>"""
    )
    assert paragraphs(a.text) == ["Am Hochkogel fährt eine neue Gondel. die seit Montag in Betrieb ist.",
                                  "Sie ersetzt einen Sessellift."]  # fmt: skip


@pytest.mark.parametrize(
    ("last", "dropped"),
    [("JHE/DAS", True), ("bur-jo/ach", True), ("BUR-JO/ACH", True), ("EU-USA", False), ("NATO", False)],
)
def test_newsml12_drops_an_upper_case_sign_off_but_not_an_upper_case_line(last, dropped):
    a = _newsml12(
        f"""<ContentItem><MediaType FormalName="Text"/><DataContent><nitf><body><body.content>
        <p>Un incendio obligó a desalojar un pueblo.</p><p>{last}</p></body.content></body></nitf>
        </DataContent></ContentItem>""",
        lang="es",
    )
    assert paragraphs(a.text)[-1] == ("Un incendio obligó a desalojar un pueblo." if dropped else last)


_NITF_BODY = """<body><body.head><hedline><hl1>Fähre fährt wieder</hl1><hl2>Nach drei Wochen</hl2></hedline>
<abstract><p>Die Fähre fährt wieder.</p></abstract></body.head>
<body.content><p>Die Fähre zur Insel fährt seit Montag wieder.</p>
<media media-type="image"><media-reference source="f.jpg"/>
<media-caption><p>Die Fähre am Anleger.</p></media-caption><media-producer>Foto: X</media-producer></media>
<bq><block><p>„Endlich“, sagte der Betreiber.</p></block><credit>Mitteilung</credit></bq>
<note noteclass="editorsnote"><body.content><p>Hinweis: Foto verfügbar.</p></body.content></note>
<p>Bis dahin fuhr ein Wassertaxi.</p></body.content><body.end><tagline>Mitarbeit: Y</tagline></body.end></body>"""
_NITF_PARAGRAPHS = [
    "Die Fähre zur Insel fährt seit Montag wieder.",
    "„Endlich“, sagte der Betreiber.",
    "Bis dahin fuhr ein Wassertaxi.",
]


def test_nitf_reads_neither_head_nor_captions_nor_notes_and_nothing_twice():
    data = f'<nitf><head><docdata><doc-id id-string="F-1"/></docdata></head>{_NITF_BODY}</nitf>'
    (a,) = parse_bytes(data.encode(), filename="f.nitf")
    assert a.title == "Fähre fährt wieder"
    assert paragraphs(a.text) == _NITF_PARAGRAPHS


def test_text_outside_blocks_is_kept_split_at_double_breaks_and_divs_are_not_glued():
    from dedupe.formats.markup import paragraphs_from_html

    html = (
        '<div class="article-body">Die Feuerwehr rettete eine Katze.<br><br>Das Tier saß\nseit Samstag fest.'
        "<br>Die Rettung dauerte zwanzig Minuten.<br/> <br/><br>Die Besitzerin dankte.<div>Foto: Feuerwehr</div>"
        '<div class="caption">Die Katze im Baum.</div><p>Ein Absatz.</p></div>'
    )
    assert paragraphs_from_html(html) == [
        "Die Feuerwehr rettete eine Katze.",
        "Das Tier saß seit Samstag fest.\nDie Rettung dauerte zwanzig Minuten.",
        "Die Besitzerin dankte.",
        "Foto: Feuerwehr",
        "Ein Absatz.",
    ]


def _g2(
    content_set: str, content_meta: str = "<headline>Stadtrat beschließt Buslinie</headline>", status="usable"
):
    data = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:g2" version="1">'
        f'<itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:{status}"/></itemMeta>'
        f'<contentMeta>{content_meta}<language tag="de"/></contentMeta><contentSet>{content_set}</contentSet>'
        "</newsItem>"
    )
    (a,) = parse_bytes(data.encode(), filename="g2.xml")
    return a


_XHTML = '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>{}</body></html></inlineXML>'


def test_g2_xhtml_div_split_by_double_breaks_without_the_repeated_h1_headline():
    a = _g2(_XHTML.format(
        "<h1>Stadtrat beschließt Buslinie</h1><div>Der Stadtrat hat eine Buslinie beschlossen."
        "<br/><br/>Die Linie 14 fährt ab Dezember.<br/><br/>Stadt und Kreis zahlen.</div>"
    ))  # fmt: skip
    assert a.title == "Stadtrat beschließt Buslinie"
    assert paragraphs(a.text) == [
        "Der Stadtrat hat eine Buslinie beschlossen.",
        "Die Linie 14 fährt ab Dezember.",
        "Stadt und Kreis zahlen.",
    ]


def test_g2_inline_nitf_is_read_as_nitf():
    a = _g2(f'<inlineXML contenttype="application/nitf+xml"><nitf>{_NITF_BODY}</nitf></inlineXML>')
    assert paragraphs(a.text) == _NITF_PARAGRAPHS


def test_g2_inline_data_of_type_html_is_read_as_html():
    escaped = "&lt;p&gt;Die Bibliothek ist &lt;b&gt;wieder&lt;/b&gt; offen.&lt;/p&gt;&lt;p&gt;Es gab eine Schlange.&lt;/p&gt;"
    a = _g2(f'<inlineData contenttype="text/html">{escaped}</inlineData>')
    assert paragraphs(a.text) == ["Die Bibliothek ist wieder offen.", "Es gab eine Schlange."]


def test_g2_title_is_the_main_headline_not_a_subheadline():
    a = _g2(
        _XHTML.format("<p>Ein Teil der Brücke ist eingestürzt.</p>"),
        '<headline role="hld:subHeadline">Der Bürgermeister: bis Weihnachten offen</headline>'
        '<headline role="hld:main">Brücke eingestürzt, Dorf abgeschnitten</headline>',
    )
    assert a.title == "Brücke eingestürzt, Dorf abgeschnitten"


def test_g2_remote_content_only_says_the_body_is_not_inline_but_a_kill_needs_none():
    remote = '<remoteContent href="https://agency.invalid/items/1.nitf" contenttype="application/nitf+xml"/>'
    with pytest.raises(InputError, match="only remoteContent .*https://agency.invalid/items/1.nitf"):
        _g2(remote)
    assert _g2(remote, status="canceled").pubstatus == "canceled"


def test_ninjs2_main_body_wins_over_a_summary_listed_first():
    item = {
        "uri": "urn:x:bad",
        "headlines": [{"role": "main", "value": "Hallenbad öffnet im März"}],
        "bodies": [
            {"role": "summary", "contenttype": "text/html", "value": "<p>Das Bad öffnet im März.</p>"},
            {
                "role": "main",
                "contenttype": "text/plain",
                "value": "Das neue Bad öffnet im März.\n\nEs hat acht Bahnen.",
            },
        ],
    }
    (a,) = parse_bytes(json.dumps(item).encode(), content_type="application/json")
    assert paragraphs(a.text) == ["Das neue Bad öffnet im März.", "Es hat acht Bahnen."]
    item["bodies"] = item["bodies"][:1]
    (a,) = parse_bytes(json.dumps(item).encode(), content_type="application/json")
    assert a.text == "Das Bad öffnet im März."  # a summary is better than nothing


def test_ninjs_body_html_without_repeated_h1_and_split_at_double_breaks():
    item = {
        "uri": "https://regional.invalid/katze-123.html",
        "headline": "Feuerwehr rettet Katze",
        "body_html": '<h1>Feuerwehr rettet Katze</h1><div class="article-body">Die Feuerwehr rettete eine Katze.'
        '<br><br>Es dauerte zwanzig Minuten.<div class="caption">Foto: Feuerwehr</div></div>',
    }
    (a,) = parse_bytes(json.dumps(item).encode(), content_type="application/json")
    assert paragraphs(a.text) == ["Die Feuerwehr rettete eine Katze.", "Es dauerte zwanzig Minuten."]


_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tunnel costs double</title>
{head}</head><body><header><a href="/">The Ledger</a></header><main><article><h1>Tunnel costs double</h1>
<time datetime="2024-10-21T07:44:00Z">October 21</time><div class="article-body">{body}</div></article></main>
<footer><p>© 2024 The Ledger. Terms of Use.</p></footer></body></html>"""
_LEAD = "The cost of the harbour road tunnel has doubled to 4.2 billion dollars, the state auditor said on Monday."


def test_html_published_at_keeps_the_time_of_the_page_timestamp():
    head = '<meta property="article:published_time" content="2024-10-21T09:44:00+02:00">'
    body = f"<p>{_LEAD}</p><p>The auditor blamed poor early planning and repeated design changes for it.</p>"
    (a,) = parse_bytes(_PAGE.format(head=head, body=body).encode(), filename="page.html")
    assert a.published_at.isoformat() == "2024-10-21T09:44:00+02:00"


def test_html_paywall_teaser_gives_way_to_the_longer_json_ld_article_body():
    rest = (
        "The auditor blamed poor early planning, repeated design changes and a lack of oversight. "
        "The transport department said it accepted the findings and would set up a review board."
    )
    ld = {"@type": "NewsArticle", "isAccessibleForFree": "False", "articleBody": f"{_LEAD}\n\n{rest}"}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = (
        f'<p>{_LEAD}</p><div class="paywall"><p>The auditor blamed poor early …</p></div>'
        "<div><h2>Subscribe to keep reading</h2><p>Get unlimited digital access for just $1.</p></div>"
    )
    (a,) = parse_bytes(_PAGE.format(head=head, body=body).encode(), filename="page.html")
    assert paragraphs(a.text) == [_LEAD, rest]
    ld["isAccessibleForFree"] = True  # a free page: what is on the page counts
    (free,) = parse_bytes(_PAGE.format(head=f'<script type="application/ld+json">{json.dumps(ld)}</script>',
                                       body=body).encode(), filename="page.html")  # fmt: skip
    assert rest not in free.text


_G2_ITEM = (
    '<?xml version="1.0" encoding="UTF-8"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
    'guid="urn:test:misnamed" version="2"><contentSet><inlineXML><html><body><p>'
    "Die Straße in Köln wurde am Montag wegen eines Wasserrohrbruchs gesperrt.</p></body></html>"
    "</inlineXML></contentSet></newsItem>"
)


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        pytest.param(_G2_ITEM, "item.txt", None, id="g2-as-txt"),
        pytest.param(_G2_ITEM, "item", "text/plain", id="g2-as-text-plain"),
        pytest.param(None, "page.txt", None, id="html-as-txt"),
        pytest.param(None, "page.xml", None, id="html-as-xml"),
    ],
)
def test_markup_saved_under_a_text_name_is_read_as_markup(data, filename, content_type) -> None:
    body = f"<p>{_LEAD}</p><p>The auditor blamed poor early planning and repeated design changes for it.</p>"
    raw = (data or _PAGE.format(head="", body=body)).encode()
    (a,) = parse_bytes(raw, filename=filename, content_type=content_type)
    assert "<" not in a.text and "itemMeta" not in a.text
    assert a.text.startswith(("Die Straße in Köln", _LEAD))


def test_a_text_that_opens_with_an_angle_bracket_stays_text() -> None:
    (a,) = parse_bytes("<Eilmeldung> Die Straße in Köln ist gesperrt.".encode(), filename="eil.txt")
    assert a.text == "<Eilmeldung> Die Straße in Köln ist gesperrt."


def test_json_lines_saved_as_json_are_read_as_json_lines() -> None:
    lines = [
        {"id": "a", "text": "Die Straße in Köln wurde am Montag gesperrt."},
        {"id": "b", "text": "Der Bahnhof in Bonn bleibt bis Freitag geschlossen."},
    ]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    assert [a.id for a in parse_bytes(data, filename="export.json")] == ["a", "b"]
    # One object over several lines is one JSON document, as before.
    (one,) = parse_bytes(json.dumps(lines[0], indent=2).encode(), filename="one.json")
    assert one.id == "a"


def test_a_page_rendered_in_the_browser_is_read_from_its_json_ld_article() -> None:
    rest = "The auditor blamed poor early planning, repeated design changes and a lack of oversight."
    ld = {
        "@context": "https://schema.org",
        "@type": ["NewsArticle"],
        "headline": "Tunnel costs double",
        "datePublished": "2024-10-21T09:44:00+02:00",
        "publisher": {"@type": "Organization", "name": "The Ledger"},
        "articleBody": f"{_LEAD}\n\n{rest}",
    }
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tunnel costs double</title>'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        '<body><div id="root"></div><script src="/app.js"></script></body></html>'
    )
    (a,) = parse_bytes(page.encode(), filename="spa.html")
    assert paragraphs(a.text) == [_LEAD, rest]
    assert (a.title, a.outlet) == ("Tunnel costs double", "The Ledger")
    assert a.published_at.isoformat() == "2024-10-21T09:44:00+02:00"
    # A page with neither text nor an article's JSON-LD is still refused, saying why.
    empty = page.replace(json.dumps(ld), json.dumps({"@type": "WebSite", "name": "The Ledger"}))
    with pytest.raises(InputError, match="no article text"):
        parse_bytes(empty.encode(), filename="spa.html")
