"""RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds, on tiny invented feeds written here."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dedupe.errors import FormatError, InputError
from dedupe.formats import EXTENSIONS, MEDIA_TYPES, iter_path_records, parse_bytes

NS = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"'
)
ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"


def rss(*items: str, channel: str = "<title>Kieler Abendblatt</title><language>de-DE</language>") -> bytes:
    body = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {NS}><channel>{channel}'
    return (body + "".join(items) + "</channel></rss>").encode("utf-8")


def item(guid: str | None = "ka-1", title: str = "Fähre fährt wieder", **elements: str) -> str:
    parts = [f"<title>{title}</title>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    parts += [
        f"<{tag.replace('__', ':')}>{value}</{tag.replace('__', ':')}>" for tag, value in elements.items()
    ]
    return "<item>" + "".join(parts) + "</item>"


def atom(*entries: str, lang: str = "en") -> bytes:
    head = f'<feed xmlns="{ATOM}" xml:lang="{lang}"><title>Harbour Times</title><id>tag:ht.example,2024:feed</id>'
    return (head + "".join(entries) + "</feed>").encode("utf-8")


FULL_BODY = (
    "<![CDATA[<h1>Fähre fährt wieder</h1><p>Die Fähre nach Oslo fährt seit Montag wieder nach Plan.</p>"
    "<figure><img src='f.jpg'/><figcaption>Foto: Reederei</figcaption></figure>"
    "<p>Das sagte eine Sprecherin der <b>Reederei</b> am Vormittag.</p>]]>"
)


def test_rss_item_reads_identity_times_outlet_and_the_fullest_body():
    data = rss(
        item(
            media__title="Bildtitel, nicht Schlagzeile",
            link="https://kieler-abendblatt.example/faehre-1.html",
            pubDate="Mon, 21 Oct 2024 09:44:00 +0200",
            dc__creator="Anna Beispiel",
            category="Kiel",
            description="Die Fähre fährt wieder.",
            content__encoded=FULL_BODY,
        )
    )
    (a,) = parse_bytes(data, filename="feed.xml")
    assert a.id == "ka-1"
    assert a.title == "Fähre fährt wieder"  # media:title is not the item's title
    assert a.outlet == "Kieler Abendblatt"
    assert a.language == "de"
    assert a.url == "https://kieler-abendblatt.example/faehre-1.html"
    assert a.published_at.isoformat() == "2024-10-21T09:44:00+02:00"
    assert a.extra["byline"] == "Anna Beispiel"
    assert a.extra["categories"] == ["Kiel"]
    assert a.extra["format"] == "rss"
    # content:encoded, not the shorter description; the repeated <h1> and the caption are not text.
    assert a.text == (
        "Die Fähre nach Oslo fährt seit Montag wieder nach Plan.\n\n"
        "Das sagte eine Sprecherin der Reederei am Vormittag."
    )


def test_rss_description_is_the_body_when_it_is_fuller_or_alone():
    picture_only = "<![CDATA[<p><img src='a.jpg'/></p><p>Mehr</p>]]>"
    escaped = "&lt;p&gt;Erster Absatz der Meldung.&lt;/p&gt;&lt;p&gt;Zweiter Absatz, etwas länger.&lt;/p&gt;"
    plain = "Erste Zeile eines Textes.\n\nZweiter Absatz &amp;amp; Schluss."
    data = rss(
        item("a", content__encoded=picture_only, description=escaped),
        item("b", description=plain),
    )
    a, b = parse_bytes(data, content_type="application/rss+xml")
    assert a.text == "Erster Absatz der Meldung.\n\nZweiter Absatz, etwas länger."
    # No tag at all: plain text, whose blank line is a paragraph break and whose entities are read.
    assert b.text == "Erste Zeile eines Textes.\n\nZweiter Absatz & Schluss."


def test_a_one_line_teaser_is_still_an_article_and_a_link_is_the_id_without_guid():
    data = rss(item(None, link="https://blatt.example/1", description="Kiel bekommt einen neuen Kai."))
    (a,) = parse_bytes(data, filename="teaser.rss")
    assert (a.id, a.url, a.text) == (
        "https://blatt.example/1",
        "https://blatt.example/1",
        "Kiel bekommt einen neuen Kai.",
    )
    assert a.published_at is None


def test_a_permalink_guid_is_the_url_when_there_is_no_link():
    data = rss("<item><guid>https://blatt.example/2</guid><description>Ein Satz.</description></item>")
    (a,) = parse_bytes(data, filename="feed.xml")
    assert a.id == a.url == "https://blatt.example/2"
    assert a.title is None


def test_bad_items_are_rejected_by_number_and_name_and_their_neighbours_kept(tmp_path):
    feed = tmp_path / "abend.rss"
    feed.write_bytes(
        rss(
            item("ok-1", description="Die Fähre nach Oslo fährt wieder."),
            item(None, title="Ohne Kennung", description="Niemand weiß, welche Meldung das ist."),
            item("datum", pubDate="gestern Abend", description="Ein Text mit kaputtem Datum."),
            item("leer", description="<![CDATA[<img src='x.jpg'/>]]>"),
            item("ok-2", description="Der Kai in Kiel wird länger."),
        )
    )
    records = list(iter_path_records([tmp_path]))
    assert [r.id for r in records if not isinstance(r, Exception)] == ["ok-1", "ok-2"]
    errors = [r for r in records if isinstance(r, InputError)]
    assert [e.source for e in errors] == [str(feed)] * 3
    assert errors[0].message.startswith("item 2: RSS item 'Ohne Kennung' has neither a <guid> nor a <link>")
    assert errors[1].message.startswith("item 3: ") and "pubDate" in errors[1].message
    assert errors[2].message.startswith("item 4: article 'leer' has empty text")
    # One article per request: without a place for errors the first bad item is raised.
    with pytest.raises(FormatError, match="'Ohne Kennung'"):
        parse_bytes(feed.read_bytes(), content_type="application/rss+xml")


def test_atom_entries_by_content_type_with_summary_as_fallback():
    entries = [
        f"""<entry><id>tag:ht.example,2024:1</id><title>Ferry back</title>
        <link rel="self" href="https://ht.example/api/1"/><link href="https://ht.example/ferry"/>
        <published>2024-10-21T09:44:00Z</published><updated>2024-10-21T11:00:00+02:00</updated>
        <author><name>Bob Example</name></author><category term="port" label="Port"/>
        <summary>Ferry back.</summary>
        <content type="xhtml"><div xmlns="{XHTML}"><h1>Ferry back</h1><p>The ferry to Oslo runs again.</p>
        <p>A <em>spokeswoman</em> said so on Monday.</p></div></content></entry>""",
        """<entry xml:lang="de"><id>tag:ht.example,2024:2</id><title>HTML</title>
        <updated>2024-10-22T08:00:00Z</updated>
        <content type="html">&lt;p&gt;Die Fähre fährt.&lt;/p&gt;&lt;p&gt;Sagt die Reederei.&lt;/p&gt;</content></entry>""",
        """<entry><id>tag:ht.example,2024:3</id><title>Text</title>
        <content src="https://ht.example/3.pdf" type="application/pdf"/>
        <summary type="text">The harbour gets a new quay.

Work starts in spring.</summary></entry>""",
    ]
    first, second, third = parse_bytes(atom(*entries), filename="harbour.atom")
    assert first.id == "tag:ht.example,2024:1"
    assert first.title == "Ferry back" and first.outlet == "Harbour Times"
    assert first.url == "https://ht.example/ferry"  # rel="alternate" (the default), not rel="self"
    assert first.published_at.isoformat() == "2024-10-21T09:44:00+00:00"
    assert first.version_created.isoformat() == "2024-10-21T11:00:00+02:00"
    assert first.language == "en"
    assert first.extra["byline"] == "Bob Example" and first.extra["categories"] == ["Port"]
    assert first.text == "The ferry to Oslo runs again.\n\nA spokeswoman said so on Monday."
    # Without <published>, <updated> is the publication time; the entry's xml:lang wins.
    assert second.published_at.isoformat() == "2024-10-22T08:00:00+00:00"
    assert (second.language, second.text) == ("de", "Die Fähre fährt.\n\nSagt die Reederei.")
    # Out-of-line content is elsewhere: the summary is the body.
    assert third.text == "The harbour gets a new quay.\n\nWork starts in spring."


def test_rss_1_rdf_items():
    data = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://journal.example/"><title>Journal du Port</title>
        <dc:language>fr</dc:language></channel>
      <item rdf:about="https://journal.example/1"><title>Le ferry repart</title>
        <link>https://journal.example/1</link><description>Le ferry pour Oslo repart lundi.</description>
        <dc:date>2024-10-21T09:44:00+02:00</dc:date><dc:subject>port</dc:subject></item>
    </rdf:RDF>"""
    (a,) = parse_bytes(data)  # sniffed: no name, no content type
    assert (a.id, a.outlet, a.language) == ("https://journal.example/1", "Journal du Port", "fr")
    assert a.published_at.isoformat() == "2024-10-21T09:44:00+02:00"
    assert a.text == "Le ferry pour Oslo repart lundi."
    assert a.extra == {"format": "rss1", "categories": ["port"]}


def test_feeds_are_dispatched_by_extension_content_type_and_sniffing():
    assert EXTENSIONS[".rss"] == EXTENSIONS[".atom"] == "xml"
    assert {"application/rss+xml", "application/atom+xml"} <= set(MEDIA_TYPES)
    # A body's "<html" in the first kilobyte does not make the feed a web page.
    data = rss(item("h", content__encoded="<![CDATA[<html><body><p>Ein Absatz.</p></body></html>]]>"))
    assert [a.text for a in parse_bytes(data)] == ["Ein Absatz."]


def test_a_dpa_notice_in_an_item_links_it_to_the_wire_item():
    data = rss(item("n", description="Die Fähre fährt.\n\n© dpa-infocom, dpa:241021-99-123456/2"))
    (a,) = parse_bytes(data, filename="feed.xml")
    assert (a.wire_ref, a.extra["wire_version"]) == ("241021-99-123456", "2")


def test_empty_feeds_and_feed_roots_of_other_namespaces_are_format_errors():
    with pytest.raises(FormatError, match="RSS feed without any <item>"):
        parse_bytes(rss(), filename="feed.xml")
    with pytest.raises(FormatError, match="Atom feed without any <entry>"):
        parse_bytes(atom(), filename="feed.xml")
    with pytest.raises(FormatError, match=r"unknown XML root <feed>.*http://www\.w3\.org/2005/Atom"):
        parse_bytes(b"<feed><entry/></feed>", filename="feed.xml")


def test_a_one_item_feed_through_the_api(client):
    when = (datetime.now(UTC) - timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    text = "<![CDATA[<p>Der Stadtrat von Musterhausen beschließt eine neue Fahrradbrücke.</p>]]>"
    one = rss(item("mh-1", title="Brücke", pubDate=when, content__encoded=text))
    answer = client.post("/api/v1/articles", data=one, headers={"Content-Type": "application/rss+xml"})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["article_id"] == "mh-1"
    two = rss(item("mh-2", description="Eins."), item("mh-3", description="Zwei."))
    answer = client.post("/api/v1/articles", data=two, headers={"Content-Type": "application/rss+xml"})
    assert answer.status_code == 400 and "exactly one per request" in answer.get_json()["error"]["message"]


def wxr(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><title>Hafenblatt</title><language>de-DE</language>" + "".join(items) + "</channel></rss>"
    ).encode()


def wp_item(n: int, body: str, *, post_type: str = "post", status: str = "publish") -> str:
    return (
        f"<item><title>Beitrag {n}</title><guid isPermaLink='false'>https://hafenblatt.example/?p={n}</guid>"
        f"<pubDate>Mon, 12 Jan 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<wp:post_type>{post_type}</wp:post_type><wp:status>{status}</wp:status></item>"
    )


def test_a_wordpress_export_gives_its_published_posts_as_typed() -> None:
    typed = (
        "[dropcap]D[/dropcap]ie Fähre nach Oslo fährt wieder.\nSeit Montag.\n\n"
        '[caption id="7"]<img src="f.jpg"> Die Fähre im Hafen[/caption]\n'
        "<h2>Neuer Fahrplan</h2>\nAb Juni fährt sie täglich [sic].\n\n[contact_form]\n\nDas sagte die Reederei."
    )
    data = wxr(
        wp_item(1, typed),
        wp_item(2, "", post_type="attachment", status="inherit"),
        wp_item(3, "Entwurf.", status="draft"),
        wp_item(4, "Impressum.", post_type="page"),
        wp_item(5, "Kommt am Freitag.", status="future"),
        wp_item(6, "", status="trash"),
    )
    posts = parse_bytes(data, filename="export.xml")
    assert [(a.id[-4:], a.pubstatus) for a in posts] == [
        ("?p=1", "usable"),
        ("?p=5", "withheld"),
        ("?p=6", "canceled"),
    ]
    assert posts[0].text.split("\n\n") == [
        "Die Fähre nach Oslo fährt wieder.\nSeit Montag.",
        "Neuer Fahrplan",
        "Ab Juni fährt sie täglich [sic].",
        "Das sagte die Reederei.",
    ]
    assert posts[0].outlet == "Hafenblatt" and posts[0].extra["format"] == "wxr"


def test_a_wordpress_export_without_a_published_post_is_refused() -> None:
    data = wxr(wp_item(2, "", post_type="attachment", status="inherit"), wp_item(3, "x", status="draft"))
    with pytest.raises(FormatError, match="WordPress export of 2 items without a published post"):
        parse_bytes(data, filename="export.xml")


# Variants of the specifications themselves (session 19 probe) -------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


def test_an_atom_title_of_type_html_is_unescaped_and_untagged() -> None:
    entry = (
        '<entry><id>tag:ht.example,2024:7</id><title type="html">Ferry &amp;amp; crane &lt;em&gt;back&lt;/em&gt;'
        '</title><content type="text">The ferry runs again.</content></entry>'
    )
    (article,) = parse_bytes(atom(entry), filename="feed.atom")
    assert article.title == "Ferry & crane back"


def test_a_json_feed_gives_one_article_per_item() -> None:
    name = "jsonfeed_1_1.json"
    first, second = parse_bytes((FIXTURES / name).read_bytes(), filename=name)
    assert (first.id, first.title, first.language, first.outlet) == (
        "https://hafenkurier.example/2024/10/faehre-oslo",
        "Fähre nach Oslo fährt wieder",
        "de",
        "Hafenkurier",
    )
    assert first.text == (
        "Die Fähre nach Oslo fährt seit Montag wieder nach Plan.\n\n"
        "Eine Sprecherin der Reederei sagte, die Reparatur am Ruder sei abgeschlossen."
    )
    assert first.published_at == datetime(2024, 10, 21, 6, tzinfo=UTC)
    assert first.version_created == datetime(2024, 10, 21, 7, 44, tzinfo=UTC)
    assert first.extra["byline"] == "Jana Beispiel" and first.extra["categories"] == ["Hafen", "Verkehr"]
    # A number as id is read as its string (as the spec asks); the item's language wins.
    assert (second.id, second.language, second.extra["byline"]) == ("4711", "en", "Redaktion Hafenkurier")
    assert second.text.split("\n\n")[1] == "Engineers replaced the main cable over the summer."


def test_a_json_feed_is_accepted_by_its_media_type_and_an_item_without_id_is_named() -> None:
    assert "application/feed+json" in MEDIA_TYPES
    feed = {"version": "https://jsonfeed.org/version/1", "title": "Blatt", "items": [
        {"id": "1", "content_text": "The ferry runs again."},
        {"title": "Crane back", "content_text": "The crane works."},
    ]}  # fmt: skip
    body = json.dumps(feed).encode()
    with pytest.raises(FormatError, match="JSON Feed item 'Crane back' has no 'id'"):
        parse_bytes(body, content_type="application/feed+json")
    errors: list[InputError] = []
    (article,) = parse_bytes(body, filename="feed.json", errors=errors)
    assert article.id == "1" and [e.message[:7] for e in errors] == ["item 2:"]


def test_an_aggregators_items_name_their_own_outlets() -> None:
    # A news aggregator's feed carries many outlets' items; each names its publisher in
    # <source>, and the outlet decides which versions can corroborate each other.
    data = rss(
        item("n-1", source="<![CDATA[Lindauer Bote]]>", description="Die Fähre fährt wieder."),
        item("n-2", description="Die Fähre fährt wieder nach Plan."),
        channel="<title>Nachrichten-Sammler</title>",
    )
    assert [a.outlet for a in parse_bytes(data, filename="feed.rss")] == [
        "Lindauer Bote",
        "Nachrichten-Sammler",
    ]
    entry = (
        "<entry><id>tag:a,2024:1</id><title>Harbour reopens</title>"
        "<source><id>tag:pc,2024:feed</id><title>Port Chronicle</title></source>"
        "<summary>The harbour reopened on Monday.</summary></entry>"
        "<entry><id>tag:a,2024:2</id><title>Ferry back</title><summary>The ferry is back.</summary></entry>"
    )
    assert [a.outlet for a in parse_bytes(atom(entry), filename="feed.atom")] == [
        "Port Chronicle",
        "Harbour Times",
    ]


def test_an_item_plainly_in_another_language_than_its_channel_is_read_in_its_own():
    german = (
        "Die Fähre zwischen Kressbach und dem Schweizer Ufer wird von März an für sechs Monate eingestellt."
    )
    english = "The harbour board of Port Ellery approved a pilot of tidal turbines on Tuesday, and the fishermen said they would appeal."
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Seeblick</title><language>de-DE</language>'
        f"<item><guid>a</guid><title>Fähre</title><description>{german}</description></item>"
        f"<item><guid>b</guid><title>Turbines</title><description>{english}</description></item>"
        f"<item><guid>c</guid><title>Kurz</title><description>NHL: 3:2</description></item>"
        "</channel></rss>"
    )
    languages = {a.id: a.language for a in parse_bytes(feed.encode(), filename="feed.rss")}
    assert languages == {"a": "de", "b": "en", "c": "de"}
