"""Real samples of what newsrooms send, read from ../shared/data (never copied here).

Expected values were read from the sample files themselves (guid, version,
pubStatus, language) and from the dpa sample's ``index.tsv``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import lxml.html
import pytest

from dedupe.errors import SkippedInput
from dedupe.formats import iter_path_records, parse_bytes
from dedupe.formats.html import extract_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WIRE = DATA / "wire-formats"
DPA = DATA / "dpa-basisdienst-2017-06-29"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data folder {DATA} is absent"),
]


def parse_file(path: Path):
    return parse_bytes(path.read_bytes(), filename=path.name, source=str(path))


@pytest.mark.parametrize(
    ("relpath", "item_id", "version", "status", "language", "n_paragraphs"),
    [
        pytest.param(
            "ninjs/iptc_ninjs1.4_ExMediumText1.json",
            "http://ninjs.example.com/newsitems/20130709med123",
            None,
            "usable",
            "en",
            4,
            id="ninjs1.4",
        ),
        pytest.param(
            "ninjs/iptc_ninjs2.1_dpa_text_de.json",
            "urn:newsml:dpa.com:20090101:190510-99-167362",
            "2",
            "usable",
            "de",
            9,
            id="ninjs2.1-dpa",
        ),
        pytest.param(
            "ninjs/superdesk_ninjs4_de_futurezone.json",
            "https://www.futurezone.de/science/article216742303/China-behauptet-einen-Polizeihund-geklont-zu-haben.html",
            "1",
            "usable",
            "de",
            8,
            id="superdesk-ninjs",
        ),
        pytest.param(
            "newsml-g2/superdesk-core_dpa_de_2022-10-11_eintracht-london.xml",
            "urn:newsml:dpa.com:20090101:221011-930-4303",
            "1",
            "usable",
            "de",
            3,
            id="g2-dpa",
        ),
        pytest.param(
            "newsml-g2/reuters_L1N14N0FF_v978556838_usable.xml",
            "tag:reuters.com,0000:newsml_L1N14N0FF",
            "978556838",
            "usable",
            "en",
            16,
            id="g2-reuters",
        ),
        pytest.param(
            "dpa-digitalwires/dw-1.json",
            "urn:newsml:dpa.com:20090101:240923-930-240378",
            "2",
            "usable",
            "de",
            None,
            id="digitalwires",
        ),
        pytest.param(
            "dpa-digitalwires/eil.json",
            "urn:newsml:dpa.com:20090101:240925-930-242744",
            "1",
            "usable",
            "de",
            1,
            id="digitalwires-eil",
        ),
        pytest.param(
            "afp-newsml-1.2/superdesk-core_afp_en_2014.xml",
            "urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86",
            "1",
            "usable",
            "en",
            9,
            id="afp-2014",
        ),
        pytest.param(
            "afp-newsml-1.2/iptc-newsinjson_afp.com_newsml1.2_sample.xml",
            "urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71",
            "1",
            "usable",
            "en",
            None,
            id="afp-2021",
        ),
    ],
)
def test_wire_samples_parse(relpath, item_id, version, status, language, n_paragraphs):
    (a,) = parse_file(WIRE / relpath)
    assert a.id == item_id
    assert a.version == version
    assert a.pubstatus == status
    assert a.language == language
    assert a.version_created is not None
    assert a.title and a.title not in a.text
    paragraphs = a.text.split("\n\n")
    assert all(p.strip() for p in paragraphs)
    if n_paragraphs is not None:
        assert len(paragraphs) == n_paragraphs
    else:
        assert len(paragraphs) > 10


def test_reuters_kill_has_same_guid_is_canceled_and_sorts_last():
    usable, kill = (
        parse_file(WIRE / "newsml-g2" / name)[0]
        for name in ("reuters_L1N14N0FF_v978556838_usable.xml", "reuters_L1N14N0FF_v1542761538_canceled.xml")
    )
    assert kill.id == usable.id
    assert (usable.pubstatus, kill.pubstatus) == ("usable", "canceled")
    assert kill.version == "1542761538"
    assert usable.version_created.isoformat() == "2016-01-04T15:43:34+00:00"
    assert kill.version_created.isoformat() == "2016-01-04T16:34:45+00:00"
    assert sorted([kill, usable], key=lambda a: a.version_key()) == [usable, kill]
    assert usable.copyright_holder == "Thomson Reuters"
    # Reuters wraps lines at 65 characters inside a paragraph: that is not a paragraph break.
    assert "\n" not in usable.text.split("\n\n")[1]


def test_dpa_g2_keeps_dateline_and_skips_notepad():
    (a,) = parse_file(WIRE / "newsml-g2" / "superdesk-core_dpa_de_2022-10-11_eintracht-london.xml")
    assert a.text.startswith("London (dpa) - ")
    assert a.genre == "Extra" and a.provider == "dpa"
    assert "Notizblock" not in a.text and "dpaq.de" not in a.text


def test_afp_crossheads_kept_and_signoff_dropped():
    (a,) = parse_file(WIRE / "afp-newsml-1.2" / "iptc-newsinjson_afp.com_newsml1.2_sample.xml")
    assert "- Media offices destroyed -" in a.text.split("\n\n")
    assert "bur-dar-gl/fz" not in a.text
    assert a.genre == "Article" and a.provider == "AFP"


def test_digitalwires_sample_signals_genre_dateline():
    (a,) = parse_file(WIRE / "dpa-digitalwires" / "dw-1.json")
    assert a.genre == "KORR-Bericht"
    assert "sig:correction" in a.extra["signals"]
    (eil,) = parse_file(WIRE / "dpa-digitalwires" / "eil.json")
    assert eil.text.startswith("Berlin (dpa) - Die Grünen-Spitze")


def _index_rows() -> dict[str, dict[str, str]]:
    with (DPA / "index.tsv").open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def test_all_100_dpa_basisdienst_items_match_their_index():
    rows = _index_rows()
    found = list(iter_path_records([DPA]))
    records = [r for r in found if not isinstance(r, SkippedInput)]
    assert sorted(Path(r.source).name for r in found if isinstance(r, SkippedInput)) == [
        "PAIRS.md",
        "index.tsv",
    ]
    assert len(records) == len(rows) == 100
    errors = [r for r in records if isinstance(r, Exception)]
    assert errors == []
    for a in records:
        row = rows[Path(a.source).name]
        assert a.id == f"urn:newsml:dpa.com:20090101:{row['guid_suffix']}"
        assert a.version == row["version"]
        assert a.genre == row["genre"]
        assert a.extra["signals"] == [s for s in row["signals"].split(",") if s]
        assert a.version_created.isoformat() == row["versionCreated"]
        assert a.title == row["headline"]
        assert a.language == "de" and a.provider == "dpa" and a.pubstatus == "usable"
        assert a.text.strip() and "Notizblock" not in a.text


@pytest.mark.parametrize(
    ("name", "body_phrase", "furniture"),
    [
        pytest.param(
            "fr.de.nordkorea.html",
            "Kim lud Trump schließlich nach Nordkorea ein",
            ("Impressum", "Cookie"),
            id="fr",
        ),
        pytest.param(
            "tagesschau.de.rheinmetall.html",
            "Ein Aktivist kaufte die insgesamt 1400 Dateien",
            ("Impressum", "Startseite"),
            id="tagesschau",
        ),
        pytest.param(
            "taz.de.siemens.html",
            "Für solche Investoren veranstaltet Kaeser den ganzen Zirkus",
            ("Impressum", "Newsletter"),
            id="taz",
        ),
    ],
)
def test_html_pages_keep_article_and_drop_furniture(name, body_phrase, furniture):
    html = (WIRE / "html" / name).read_text(encoding="utf-8")
    page_text = lxml.html.document_fromstring(html).text_content()
    text = extract_text(html, source=name)
    assert body_phrase in text
    for word in furniture:
        assert word in page_text  # the page has it, so its absence below means something
        assert word not in text
    assert len(text.split("\n\n")) > 5
    (a,) = parse_file(WIRE / "html" / name)
    assert a.text == text
    assert a.title and not text.startswith(a.title)
    assert a.url and a.url.startswith("https://")
    assert a.published_at is not None
