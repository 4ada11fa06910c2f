"""Wire transmissions (ANPA-1312, IPTC 7901, ZCZC) on invented messages in the agencies' byte layout."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import dedupe
from dedupe.errors import FormatError, InputError
from dedupe.formats import EXTENSIONS, iter_path_records, parse_bytes
from dedupe.formats.transmission import is_transmission

SYN, SOH, STX, ETX, EOT, US = "\x16", "\x01", "\x02", "\x03", "\x04", "\x1f"
DC1, DC2, DC3 = "\x11", "\x12", "\x13"  # ANPA's format codes: DC2 says tabular

# One invented story, as the agency types it (AP's ASCII quotes and " _ " dash) ...
TYPED = [
    "ROTTERDAM, Netherlands (AP) _ Ferry crews in three Dutch ports walked off the job on Thursday, "
    "stranding hundreds of trucks on the quays as a quarrel over night shifts dragged into a second week.",
    "The crews' union said the walkout would last until Sunday unless the operators came back with a "
    "new offer on rest periods between crossings.",
    "``We have waited long enough for an answer,'' said a spokeswoman for the crews, who gave only her "
    "first name, Marieke.",
    "Port officials told drivers bound for England to take the longer road through Antwerp, where the "
    "crossings were running to timetable.",
    "The operators said they regretted the walkout and would meet the union again on Friday morning.",
]
# ... and as an outlet prints it.
PRINTED = [p.replace(" _ ", " — ").replace("``", '"').replace("''", '"') for p in TYPED]
HEADLINE = "Ferry crews strike in three Dutch ports"
STAMP = "AP-WF-03-12-26 1455GMT"


def anpa(
    *,
    number: str = "4711",
    slug: str = "BC-EU--Ferry-Strike",
    take: str = "",
    keyword_line: str = "^BC-EU--Ferry Strike,180<",
    headline: str = HEADLINE,
    paragraphs: list[str] = TYPED,
    stamp: str = STAMP,
    tabular: bool = False,
) -> str:
    route = f"r i{DC3}{DC2 if tabular else DC1} {slug} {take}".rstrip().ljust(40) + " 03-12 0180"
    body = "\r\n".join(
        [
            keyword_line,
            f"^{headline}<",
            "^Eds: With AP Photos.<",
            "^By JANE TESTER=",
            "^Associated Press=",
            *(f"\t   {p} \r\n " for p in paragraphs),
            f"\t   {stamp}<",
        ]
    )
    return f"{SYN}{SYN}{SOH}w{number}{US}-----\r\n{route}\r\n{STX}{body}\r\n{ETX}\r\n{EOT}"


DPA_TEXT = [
    "Kiel (dpa) - Das Forschungsschiff «Polarlicht» ist nach drei Wochen im Packeis wieder frei. "
    "Ein Eisbrecher habe in der Nacht eine Rinne geschlagen, teilte die Reederei am Dienstag mit.",
    "An Bord seien alle 41 Menschen wohlauf, die Vorräte hätten noch für Wochen gereicht. Das "
    "Schiff soll nun zur Reparatur nach Bremerhaven fahren.",
    "Kurze Zeile.",
]


def iptc7901(
    *,
    header: str = "bdt0142 4 vm 118  dpa 0815",
    keyword: str = "Schifffahrt/Forschung/",
    block: tuple[str, ...] = (
        "(Zusammenfassung)",
        "1. LEAD",
        "Forschungsschiff aus dem Eis befreit",
        "Von Eva Beispiel, dpa",
    ),
    paragraphs: list[str] = DPA_TEXT,
    notebook: bool = True,
    filed: str = "121530 Mär 26",
) -> str:
    text = "\n\n".join(textwrap.fill(p, 69) for p in paragraphs)
    notes = (
        "\n\n# Notizblock\n\n## Internet\n- [Reederei](https://example.org)\n\n* * * *\n"
        "Die folgenden Informationen sind nicht zur Veröffentlichung bestimmt\n\n## Kontakte\n- Autorin: x"
        if notebook
        else ""
    )
    head = "\n".join(block) + " ="
    return f"{SOH}{header}\n\n{keyword}\n{STX}{head}\n\n{text}{notes}\n\ndpa eb yyzz a3 xy\n\n{ETX}{filed}\n\x7f\n\x7f{EOT}"


def test_an_anpa_message_reads_as_one_clean_article() -> None:
    (a,) = parse_bytes(anpa().encode("ascii"), filename="ap-4711.tst")
    assert a.id == "AP:BC-EU--Ferry-Strike:2026-03-12"
    assert a.title == HEADLINE
    assert a.text.split("\n\n") == PRINTED
    assert a.provider == "AP"
    assert a.published_at == datetime(2026, 3, 12, 14, 55, tzinfo=UTC)
    assert a.version == "w4711" and a.pubstatus == "usable"
    assert (
        a.extra["keyword"] == "BC-EU--Ferry Strike" and a.extra["byline"] == "By JANE TESTER Associated Press"
    )
    assert not any(ord(c) < 32 and c != "\n" for c in a.text)
    for furniture in ("Eds:", "JANE TESTER", "AP-WF", "^", "<", "0180"):
        assert furniture not in a.text


def test_a_writethru_keeps_the_story_id_and_replaces_the_first_version() -> None:
    first = anpa(number="4711", stamp="AP-WF-03-12-26 1200GMT")
    later = anpa(number="4790", take="1stLd-Writethru", paragraphs=[*TYPED, "The talks will go on."])
    (a,) = parse_bytes(first.encode(), filename="a.tst")
    (b,) = parse_bytes(later.encode(), filename="b.tst")
    assert a.id == b.id and b.extra["takes"] == ["1stLd-Writethru"]
    result = dedupe.cluster([b, a])
    assert [s["version"] for s in result["stats"]["superseded"]] == ["w4711"]


def test_a_tabular_anpa_message_keeps_its_rows() -> None:
    rows = ["Ajax;12;3;.800", "Feyenoord;11;4;.733", "PSV;9;6;.600"]
    data = anpa(tabular=True, paragraphs=[])
    data = data.replace(f"\t   {STAMP}", "^Standings=\r\n" + "\r\n".join(rows) + f"\r\n\t   {STAMP}")
    (a,) = parse_bytes(data.encode(), filename="table.tst")
    assert a.text == "Standings\n\n" + "\n".join(rows)
    assert a.extra["tabular"] is True


def test_an_iptc_7901_message_from_dpa() -> None:
    (a,) = parse_bytes(iptc7901().encode("utf-8"), filename="dpa.txt")
    assert a.id == "dpa:Schifffahrt/Forschung:2026-03-12"
    assert a.title == "Forschungsschiff aus dem Eis befreit"
    # Wrapped lines joined, blank lines kept as paragraph breaks; a short line stays a paragraph.
    assert a.text.split("\n\n") == DPA_TEXT
    for not_text in ("Notizblock", "Veröffentlichung", "Reederei](", "dpa eb", "LEAD", "Von Eva", "121530"):
        assert not_text not in a.text
    assert a.provider == "dpa" and a.genre == "Zusammenfassung" and a.version == "bdt0142"
    assert a.extra["takes"] == ["Zusammenfassung", "1. LEAD"]
    assert a.published_at == datetime(2026, 3, 12, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("filed", "expected"),
    [
        ("121530 GMT Mar 26", datetime(2026, 3, 12, 15, 30, tzinfo=UTC)),
        ("121530 MEZ Mär 26", datetime(2026, 3, 12, 15, 30, tzinfo=timezone(timedelta(hours=1)))),
        ("311530 Feb 26", None),  # no such day: no time rather than a wrong one
    ],
)
def test_the_filing_time_of_7901_names_its_zone_or_is_utc(filed: str, expected: datetime | None) -> None:
    (a,) = parse_bytes(iptc7901(filed=filed).encode(), filename="dpa.txt")
    assert a.published_at == expected


def test_the_agency_comes_from_the_dateline_when_the_header_names_none() -> None:
    data = iptc7901(header="xyz0001 3 i 40", notebook=False)
    (a,) = parse_bytes(data.encode(), filename="x.txt")
    assert a.provider == "dpa"
    assert a.text.split("\n\n")[-1] == "Kurze Zeile."  # the sign-off went, as it is dpa's


def test_latin1_7901_is_read() -> None:
    (a,) = parse_bytes(iptc7901(notebook=False).encode("latin-1"), filename="dpa.txt")
    assert "Vorräte hätten" in a.text and a.title == "Forschungsschiff aus dem Eis befreit"


def test_a_file_of_several_messages_gives_one_article_each() -> None:
    second = iptc7901(
        keyword="Wetter/Sturm/", block=("Sturm über der Ostsee",), paragraphs=["Rostock (dpa) - Es stürmt."]
    )
    third = anpa(number="4712")
    (a, b, c) = parse_bytes((iptc7901() + "\r\n" + second + third).encode(), filename="feed.tst")
    assert [a.id, b.id, c.id] == [
        "dpa:Schifffahrt/Forschung:2026-03-12",
        "dpa:Wetter/Sturm:2026-03-12",
        "AP:BC-EU--Ferry-Strike:2026-03-12",
    ]
    assert b.text == "Rostock (dpa) - Es stürmt." and c.extra["format"] == "anpa1312"


def test_a_message_cut_off_before_its_end_is_refused_naming_the_file(tmp_path: Path) -> None:
    cut = anpa()
    cut = cut[: cut.index(ETX)]
    with pytest.raises(FormatError) as excinfo:
        parse_bytes((iptc7901() + cut).encode(), filename="night.tst")
    assert "night.tst" in str(excinfo.value)
    assert "message 2 of 2" in str(excinfo.value) and "no end (ETX" in str(excinfo.value)
    # In a batch the good message is kept and the broken one reported.
    (tmp_path / "night.tst").write_bytes((iptc7901() + cut).encode())
    records = list(iter_path_records([tmp_path]))
    assert [type(r) for r in records] == [dedupe.Article, FormatError]
    assert records[1].source.endswith("night.tst") and "cut off" in str(records[1])


def test_a_message_without_keyword_or_file_name_is_refused() -> None:
    data = iptc7901(keyword="").encode()
    with pytest.raises(InputError, match="no keyword"):
        parse_bytes(data)
    (a,) = parse_bytes(data, filename="dpa-0142.txt")
    assert a.id == "dpa-0142"


@pytest.mark.parametrize("take", ["Kill", "Mandatory Kill", "WITHDRAWAL"])
def test_a_kill_withdraws_the_story(take: str) -> None:
    kill = anpa(number="4800", take=take, paragraphs=["The story on the ferry strike is withdrawn."])
    (k,) = parse_bytes(kill.encode(), filename="kill.tst")
    assert k.pubstatus == "canceled"
    (story,) = parse_bytes(anpa().encode(), filename="story.tst")
    assert dedupe.cluster([story, k])["stats"]["withdrawn"] == [story.id]


def test_a_correction_note_telling_of_a_withdrawal_is_no_kill() -> None:
    block = (
        "(Berichtigung: Im zweiten Absatz hieß es, die Reederei habe ihren Antrag zurückgezogen.)",
        "Titel",
    )
    (a,) = parse_bytes(iptc7901(block=block).encode(), filename="dpa.txt")
    assert a.pubstatus == "usable" and a.title == "Titel"


def test_zczc_messages_lose_their_framing_and_header_lines() -> None:
    one = "ZCZC AAP\n:FERRY\n^Ferry crews strike\n*X\nThe crews walked out.\n\nThe union said so.\nNNNN\n"
    two = "ZCZC AAP\n:WEATHER\n^Storm warning\nA storm is coming.\nNNNN\n"
    (a, b) = parse_bytes((one + two).encode(), filename="aap.tst")
    assert (a.id, a.title, a.text) == (
        "aap#1",
        "Ferry crews strike",
        "The crews walked out.\n\nThe union said so.",
    )
    assert (b.id, b.title, b.extra["keyword"]) == ("aap#2", "Storm warning", "WEATHER")


def test_transmissions_are_found_by_extension_content_type_and_sniffing() -> None:
    data = iptc7901().encode()
    assert EXTENSIONS[".tst"] == EXTENSIONS[".anpa"] == "transmission" and is_transmission(data)
    by_sniffing = parse_bytes(data, source="request")
    by_type = parse_bytes(data, content_type="text/plain; charset=utf-8")
    by_name = parse_bytes(data, filename="x.txt")
    assert by_sniffing[0].id == by_type[0].id == by_name[0].id == "dpa:Schifffahrt/Forschung:2026-03-12"
    # A .tst file without transmission framing is plain text, as before.
    (plain,) = parse_bytes(b"Nur ein Text.", filename="notiz.tst")
    assert (plain.id, plain.text) == ("notiz", "Nur ein Text.")


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, b"\x1f\x8b\x08\x00", b"\x01abc\x00\x00def"],
    ids=["png", "gzip", "nul"],
)
def test_binaries_named_tst_are_still_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        parse_bytes(data, filename="x.tst")


def test_the_same_story_as_anpa_and_as_plain_text_is_one_cluster() -> None:
    (wire,) = parse_bytes(anpa().encode(), filename="ap.tst")
    (site,) = parse_bytes("\n\n".join(PRINTED).encode(), filename="harbour-news.txt")
    (story,) = dedupe.cluster([site, wire])["clusters"]
    relation = {m["article_id"]: m["relation"] for m in story["members"]}
    assert relation == {wire.id: "origin", "harbour-news": "verbatim"}


@pytest.mark.parametrize("data", [b"\x16", b"\x16\xcc", b"\x16abc", b"\x16\x16 no telex header here"])
def test_a_sync_byte_without_any_message_is_a_clear_format_error(data: bytes) -> None:
    # Sniffed as a transmission by its SYN byte, but neither SOH nor ZCZC follows.
    from dedupe.formats.transmission import parse_transmission

    with pytest.raises(FormatError, match="no wire message found"):
        parse_transmission(data, stem="feed", source="feed.tst")


def test_messages_saved_as_utf16_with_a_byte_order_mark_read_one_article_each() -> None:
    data = (anpa() + anpa(number="4712", slug="BC-EU--Other")).encode("utf-16")
    articles = parse_bytes(data, filename="feed.anpa")
    assert [a.id for a in articles] == ["AP:BC-EU--Ferry-Strike:2026-03-12", "AP:BC-EU--Other:2026-03-12"]
    assert all(a.text.startswith("ROTTERDAM") and "\x16" not in a.text for a in articles)


def test_a_stray_byte_in_a_utf8_message_costs_that_byte_not_every_umlaut() -> None:
    data = iptc7901(notebook=False).encode("utf-8").replace(b"Kurze Zeile.", b"Kurze \xff Zeile.")
    (a,) = parse_bytes(data, filename="dpa.tst")
    assert "«Polarlicht»" in a.text and "Vorräte hätten" in a.text and "\ufffd" in a.text
