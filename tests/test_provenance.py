"""Per-paragraph provenance: what an outlet copied, edited, added, and what is furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

import dedupe
from dedupe.article import Article
from dedupe.boilerplate import line_key
from dedupe.config import Config
from dedupe.corpus import prepare_corpus
from dedupe.document import prepare
from dedupe.provenance import STATUSES, provenance

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "engine"
SEEDS = ROOT / "seeds"


def text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def explain(*names: str) -> dict[str, dict]:
    docs = [prepare(Article(id=n, text=text(n), language=n[:2])) for n in names]
    return dict(zip(names, provenance(docs), strict=True))


def paragraph(member: dict, start: str) -> dict:
    found = [p for p in member["paragraphs"] if member["text"][p["start"] : p["end"]].startswith(start)]
    assert len(found) == 1, f"{len(found)} paragraphs start with {start!r}"
    return found[0]


def index_of(name: str, start: str) -> int:
    paragraphs = [p for p in text(name).split("\n") if p.strip()]
    (found,) = [i for i, p in enumerate(paragraphs) if p.startswith(start)]
    return found


@pytest.fixture(scope="module")
def ship() -> dict[str, dict]:
    return explain("de_wire", "de_site", "de_edited")


def test_offsets_point_into_each_members_text(ship: dict[str, dict]) -> None:
    for name, member in ship.items():
        assert member["text"] == text(name)
        previous = 0
        for p in member["paragraphs"]:
            piece = member["text"][p["start"] : p["end"]]
            assert piece and piece == piece.strip()
            assert p["start"] >= previous
            previous = p["end"]
            assert p["status"] in STATUSES
            for span in p.get("diff", []):
                assert p["start"] <= span["start"] <= span["end"] <= p["end"]
                # A change marks words of this text, or (empty) where the counterpart's were cut.
                assert span["start"] < span["end"] or span["was"]


def test_copied_paragraphs_are_verbatim_and_point_at_their_source(ship: dict[str, dict]) -> None:
    for start in ("Das 118 Meter lange Schiff", "Kapitän Joris Haldenbeck", "Die Framstraße gilt"):
        p = paragraph(ship["de_site"], start)
        assert p["status"] == "verbatim"
        assert {"article_id": "de_wire", "paragraph_index": index_of("de_wire", start)} in [
            {k: m[k] for k in ("article_id", "paragraph_index")} for m in p["matches"]
        ]
        assert all(0.0 < m["score"] <= 1.0 for m in p["matches"])


def test_outlets_own_paragraph_is_unique(ship: dict[str, dict]) -> None:
    own = paragraph(ship["de_site"], "Unser Kommentar")
    assert own["status"] == "unique"
    assert own["matches"] == []
    assert ship["de_site"]["unique_share"] > 0.0
    assert ship["de_wire"]["unique_share"] == 0.0


def test_site_furniture_is_boilerplate(ship: dict[str, dict]) -> None:
    site = ship["de_site"]
    for start in ("Zum Inhalt springen", "KRS / ©AFP", "Das könnte Sie auch interessieren",
                  "Schreiben Sie einen Kommentar", "Ihre E-Mail-Adresse"):  # fmt: skip
        p = paragraph(site, start)
        assert p["status"] == "boilerplate" and p["matches"] == []


def _covered(member: dict, p: dict, word: str) -> bool:
    at = member["text"].index(word, p["start"], p["end"])
    return any(s["start"] <= at and at + len(word) <= s["end"] for s in p.get("diff", []))


def test_edited_paragraph_marks_the_changed_words(ship: dict[str, dict]) -> None:
    edited = ship["de_edited"]
    p = paragraph(edited, "Das Expeditionsschiff")
    assert p["status"] == "edited"
    assert p["matches"][0]["article_id"] in ("de_wire", "de_site")
    for changed in ("Expeditionsschiff", "festgefroren", "Institutschefin"):
        assert _covered(edited, p, changed), changed
    for kept in ("Annegret Vossberg", "Framstraße", "Nordlicht"):
        assert not _covered(edited, p, kept), kept
    # The site version carries the wire's paragraph word for word.
    assert paragraph(ship["de_wire"], "Das Forschungsschiff")["status"] == "verbatim"


def test_edited_words_say_what_the_counterpart_had_in_their_place(ship: dict[str, dict]) -> None:
    edited = ship["de_edited"]
    p = paragraph(edited, "Das Expeditionsschiff")
    changes = {edited["text"][c["start"] : c["end"]]: c.get("was") for c in p["diff"]}
    assert changes["Expeditionsschiff"] == "Forschungsschiff"
    assert changes["Institutschefin"] == "Institutsdirektorin"


def test_words_a_copy_cut_are_marked_where_they_stood() -> None:
    wire = (
        "Die Stadt Beispielstadt kauft 40 neue Elektrobusse für 2027. Der Stadtrat stimmte am Dienstag "
        "mit großer Mehrheit zu, wie ein Sprecher der Verkehrsbetriebe nach der Sitzung sagte.\n\n"
        "Die Busse kosten zusammen 24 Millionen Euro und sollen vor allem in den Außenbezirken fahren."
    )
    cut = wire.replace(" mit großer Mehrheit", "").replace("vor allem ", "")
    docs = [prepare(Article(id=n, text=t, language="de")) for n, t in (("wire", wire), ("copy", cut))]
    copy = provenance(docs)[1]
    changes = [c for p in copy["paragraphs"] for c in p.get("diff", [])]
    assert {c["was"] for c in changes} == {"mit großer Mehrheit", "vor allem"}
    for change in changes:
        assert change["start"] == change["end"]  # nothing of the copy's own words is marked
    first = next(c for c in changes if c["was"] == "mit großer Mehrheit")
    assert cut[: first["start"]].endswith("Der Stadtrat stimmte am Dienstag")


_CUT_WIRE = (
    "Die Stadt Beispielstadt kauft 40 neue Elektrobusse für das Jahr 2027 und ersetzt damit "
    "ihre ältesten Dieselbusse. Der Stadtrat stimmte am Dienstagabend mit großer Mehrheit zu, wie "
    "ein Sprecher der Verkehrsbetriebe nach der Sitzung sagte. Die Opposition hatte zuvor eine "
    "Ausschreibung für Wasserstoffbusse verlangt und war damit gescheitert.\n\n"
    "Die Busse kosten zusammen 24 Millionen Euro und sollen vor allem in den Außenbezirken fahren, "
    "wo die Linien am längsten sind."
)


def test_a_paragraph_with_a_sentence_cut_is_edited_and_says_what_was_cut() -> None:
    # Every sentence left is word for word, but the passage is shorter: "the same
    # passage with cuts" is edited, not verbatim.
    cut = _CUT_WIRE.replace(
        " Der Stadtrat stimmte am Dienstagabend mit großer Mehrheit zu, wie ein Sprecher der "
        "Verkehrsbetriebe nach der Sitzung sagte.",
        "",
    )
    docs = [prepare(Article(id=n, text=t, language="de")) for n, t in (("wire", _CUT_WIRE), ("copy", cut))]
    wire, copy = provenance(docs)
    first, second = copy["paragraphs"]
    assert first["status"] == "edited"
    assert any("Stadtrat stimmte" in change["was"] for change in first["diff"])
    assert second["status"] == "verbatim"
    # On the wire's side the sentence the copy cut is the wire's own.
    assert [p["status"] for p in wire["paragraphs"]] == ["verbatim", "unique", "verbatim", "verbatim"]


def test_a_paragraph_split_in_two_is_no_cut() -> None:
    split = _CUT_WIRE.replace("sagte. Die Opposition", "sagte.\n\nDie Opposition")
    docs = [prepare(Article(id=n, text=t, language="de")) for n, t in (("wire", _CUT_WIRE), ("copy", split))]
    wire, copy = provenance(docs)
    assert [p["status"] for p in copy["paragraphs"]] == ["verbatim"] * 3
    assert [p["status"] for p in wire["paragraphs"]] == ["verbatim"] * 2


def test_wire_side_of_an_edit_marks_the_replaced_words() -> None:
    wire = explain("de_wire", "de_edited")["de_wire"]
    p = paragraph(wire, "Das Forschungsschiff")
    assert p["status"] == "edited"
    assert p["matches"][0]["article_id"] == "de_edited"
    for replaced in ("Forschungsschiff", "eingeschlossen", "Institutsdirektorin"):
        assert _covered(wire, p, replaced), replaced
    # Paragraphs the edit cut are the wire's alone.
    assert paragraph(wire, "Die Framstraße gilt")["status"] == "unique"


def test_unchanged_paragraph_of_an_edited_version_is_verbatim(ship: dict[str, dict]) -> None:
    p = paragraph(ship["de_edited"], "Das 118 Meter lange Schiff")
    assert p["status"] == "verbatim"
    assert "diff" not in p or p["diff"] == []


def test_one_changed_word_makes_a_paragraph_edited_not_verbatim() -> None:
    # A desk's lightest edit: one word swapped in a sentence of twenty leaves 0.85 of its
    # trigrams, which must not read as the wire's words.
    wire = text("de_wire")
    desk = wire.replace("Ungewöhnlich frühe Nordwinde", "Ungewöhnlich starke Nordwinde")
    docs = [prepare(Article(id=n, text=t, language="de")) for n, t in (("wire", wire), ("desk", desk))]
    member = dict(zip(("wire", "desk"), provenance(docs), strict=True))["desk"]
    p = paragraph(member, "Das 118 Meter lange Schiff")
    assert p["status"] == "edited"
    assert _covered(member, p, "starke")
    assert not _covered(member, p, "Nordwinde")
    assert paragraph(member, "Nach Angaben des Instituts")["status"] == "verbatim"


@pytest.mark.parametrize(
    ("lang", "start", "changed"),
    [("en", "Rescue teams on Thursday", "stuck"), ("fr", "Un éboulement a coupé", "éboulement")],
)
def test_edited_paragraphs_in_english_and_french(lang: str, start: str, changed: str) -> None:
    result = explain(f"{lang}_wire", f"{lang}_edited")
    member = result[f"{lang}_edited"]
    p = paragraph(member, start)
    assert p["status"] == "edited"
    assert _covered(member, p, changed)


def test_reordered_paragraphs_still_match_their_counterparts() -> None:
    result = explain("de_wire", "de_reordered")
    reordered = result["de_reordered"]
    for p in reordered["paragraphs"]:
        piece = reordered["text"][p["start"] : p["end"]]
        assert p["status"] == "verbatim"
        top = p["matches"][0]
        assert top["article_id"] == "de_wire"
        assert top["paragraph_index"] == index_of("de_wire", piece[:30])


def test_one_block_version_matches_sentence_by_sentence() -> None:
    result = explain("de_wire", "de_block")
    (block,) = result["de_block"]["paragraphs"]
    assert block["status"] == "verbatim"
    assert {m["article_id"] for m in block["matches"]} == {"de_wire"}
    for p in result["de_wire"]["paragraphs"]:
        assert p["status"] == "verbatim"
        assert p["matches"][0] == {
            "article_id": "de_block",
            "paragraph_index": 0,
            "score": p["matches"][0]["score"],
        }


def test_origin_share_says_how_much_of_the_origin_a_member_carries(ship: dict[str, dict]) -> None:
    assert ship["de_wire"]["origin_share"] == 1.0
    assert ship["de_site"]["origin_share"] > 0.95
    assert 0.3 < ship["de_edited"]["origin_share"] < ship["de_site"]["origin_share"]


def test_origin_cut_names_the_origin_paragraphs_a_trimmed_copy_left_out(ship: dict[str, dict]) -> None:
    wire, edited = ship["de_wire"], ship["de_edited"]
    assert "origin_cut" not in wire
    left_out = {
        wire["text"][p["start"] : p["end"]][:20]
        for p in wire["paragraphs"]
        if p["index"] in edited["origin_cut"]
    }
    # de_edited ends after the captain's quote: the wire's last three paragraphs are not in it.
    assert left_out == {"Bereits im Jahr 2019", "Die Framstraße gilt ", "Das Institut will am"}
    assert ship["de_site"]["origin_cut"] == []
    kept = sum(
        p["end"] - p["start"]
        for p in wire["paragraphs"]
        if p["status"] != "boilerplate" and p["index"] not in edited["origin_cut"]
    )
    content = sum(p["end"] - p["start"] for p in wire["paragraphs"] if p["status"] != "boilerplate")
    assert edited["origin_share"] == round(kept / content, 4)


def test_origin_share_counts_the_origin_paragraphs_a_rewrite_names() -> None:
    # A rewrite names the origin's paragraph it rewrites, while that paragraph lists only
    # the closer copies it found itself: the share must read both sides.
    articles = [Article(id=f.stem, text=f.read_text(encoding="utf-8")) for f in sorted(SEEDS.glob("*.txt"))]
    (c,) = dedupe.cluster(articles)["clusters"]
    members = {m["article_id"]: m for m in c["members"]}
    origin = members[c["origin"]]
    content = {
        p["index"]: p["end"] - p["start"] for p in origin["paragraphs"] if p["status"] != "boilerplate"
    }
    for aid, member in members.items():
        if aid == c["origin"]:
            continue
        named = {
            match["paragraph_index"]
            for p in member["paragraphs"]
            if p["status"] not in ("unique", "boilerplate")
            for match in p["matches"]
            if match["article_id"] == c["origin"]
        }
        assert named, aid
        assert member["origin_share"] >= sum(content[i] for i in named) / sum(content.values()) - 1e-4, aid


def test_unrelated_member_is_all_unique() -> None:
    result = explain("de_wire", "de_other_museum")
    for member in result.values():
        assert {p["status"] for p in member["paragraphs"]} == {"unique"}
        assert member["unique_share"] == 1.0


def test_cluster_output_carries_provenance() -> None:
    articles = [Article(id=n, text=text(n)) for n in ("de_wire", "de_site", "de_edited")]
    (c,) = dedupe.cluster(articles)["clusters"]
    site = next(m for m in c["members"] if m["article_id"] == "de_site")
    assert paragraph(site, "Unser Kommentar")["status"] == "unique"
    assert paragraph(site, "Zum Inhalt springen")["status"] == "boilerplate"


# -- the real seeds ----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_provenance() -> dict[str, dict]:
    """Provenance of the five seeds taken as one group, whether or not they cluster."""
    articles = [
        Article(id=p.stem[:3], text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))
    ]
    docs = prepare_corpus(articles, Config())
    return dict(zip((d.id for d in docs), provenance(docs), strict=True))


@pytest.mark.parametrize(
    ("seed", "start"),
    [
        ("000", "Zum Inhalt springen"),
        ("000", "OZD / ©AFP"),
        ("001", "Schreiben Sie einen Kommentar"),
        ("001", "Ihre E-Mail-Adresse"),
        ("001", "Kategorien"),
        ("003", "Ich bin Stefan"),
        ("003", "Schreibe einen Kommentar"),
    ],
)
def test_seed_navigation_comment_forms_and_bios_are_boilerplate(
    seed_provenance: dict[str, dict], seed: str, start: str
) -> None:
    member = seed_provenance[seed]
    found = [p for p in member["paragraphs"] if member["text"][p["start"] : p["end"]].startswith(start)]
    assert found and all(p["status"] == "boilerplate" for p in found)


@pytest.fixture(scope="module")
def seed_cluster() -> dict[str, dict]:
    """The seeds' batch clusters, members by seed number (``{}`` unless they form one cluster)."""
    articles = [
        Article(id=p.stem[:3], text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))
    ]
    clusters = dedupe.cluster(articles)["clusters"]
    if len(clusters) != 1:
        return {}
    return {m["article_id"]: m for m in clusters[0]["members"]}


def test_seeds_cluster_with_their_furniture_as_boilerplate(seed_cluster: dict[str, dict]) -> None:
    assert sorted(seed_cluster) == ["000", "001", "002", "003", "004"]
    for seed, start in (("000", "Zum Inhalt springen"), ("000", "OZD / ©AFP"),
                        ("001", "Schreiben Sie einen Kommentar"), ("001", "Ihre E-Mail-Adresse"),
                        ("003", "Ich bin Stefan"), ("003", "Schreibe einen Kommentar")):  # fmt: skip
        assert paragraph(seed_cluster[seed], start)["status"] == "boilerplate"


def test_seed_000_commentary_and_below_is_unique(seed_cluster: dict[str, dict]) -> None:
    assert seed_cluster, "seeds do not yet form one cluster"
    ozd = seed_cluster["000"]
    heading = paragraph(ozd, "Eine neue Dimension der Eskalation?")
    own = [p for p in ozd["paragraphs"] if p["start"] >= heading["start"] and p["status"] != "boilerplate"]
    assert len(own) == 10  # heading, 3 commentary paragraphs, explainers, "Hinweise:"
    assert [ozd["text"][p["start"] : p["end"]][:40] for p in own if p["status"] != "unique"] == []


def test_seed_002s_single_block_is_recognised_as_wire_facts(seed_cluster: dict[str, dict]) -> None:
    # Seed 002 runs the AFP facts (Robert Wood at the UN Security Council, the NATO
    # warning, the South Korean intelligence report) together in one block.
    block = paragraph(seed_cluster["002"], "Die Vereinigten Staaten beobachten besorgt")
    assert block["status"] == "rewritten"
    assert {m["article_id"] for m in block["matches"]} - {"002"}


def test_rewritten_facts_in_the_middle_of_a_block_are_found_wherever_the_block_starts() -> None:
    wire = (
        "Die Reederei Halvorsen meldet den Verlust des Frachters Nordlicht vor Spitzbergen.\n\n"
        "Nach Angaben der Küstenwache Tromsø wurden alle 17 Besatzungsmitglieder von einem "
        "Hubschrauber der Luftwaffe geborgen. Der Frachter hatte 3.400 Tonnen Fischmehl geladen. "
        "Kapitän Ragnvald Østby sprach von einer Monsterwelle."
    )
    block = (
        "Die Schifffahrt im hohen Norden wird seit Jahren gefährlicher, sagen Fachleute. "
        "Versicherer verlangen inzwischen deutlich höhere Prämien für Winterfahrten. "
        "Siebzehn Seeleute der Nordlicht hat ein Luftwaffen-Helikopter gerettet, so die Küstenwache in Tromsø. "
        "An Bord waren 3.400 Tonnen Fischmehl, als das Schiff der Reederei Halvorsen sank. "
        "Eine Monsterwelle habe das Schiff getroffen, sagte Kapitän Ragnvald Østby. "
        "Umweltschützer fordern seit langem strengere Regeln für alte Frachter in der Arktis."
    )
    docs = [prepare(Article(id="wire", text=wire)), prepare(Article(id="outlet", text=block))]
    outlet = provenance(docs)[1]
    (only,) = outlet["paragraphs"]
    assert only["status"] == "rewritten"
    assert only["matches"] and only["matches"][0]["article_id"] == "wire"


def test_kept_sentence_features_give_the_same_answer_and_are_reused() -> None:
    from dedupe.livecache import FeatureCache

    names = ("de_wire", "de_site", "de_edited")
    docs = [prepare(Article(id=n, text=text(n), language=n[:2])) for n in names]
    plain = provenance(docs)
    store = FeatureCache()
    assert provenance(docs, features=store) == plain
    kept = {d.id: store.get(d) for d in docs}
    assert all(kept.values())
    # In another order (another cluster, other member positions) the kept features still fit.
    again = provenance(docs[::-1], features=store, origin=2)
    assert again == provenance(docs[::-1], origin=2)
    assert all(store.get(d) is kept[d.id] for d in docs), "features were computed again"
    # A document prepared again is another object: its old features are not used.
    fresh = prepare(Article(id="de_site", text=text("de_wire"), language="de"))
    assert store.get(fresh) is None
    assert provenance([docs[0], fresh], features=store) == provenance([docs[0], fresh])


_WRECK = (
    "Die Reederei Halvorsen meldet den Verlust des Frachters Nordlicht vor Spitzbergen.\n\n"
    "Nach Angaben der Küstenwache Tromsø wurden alle 17 Besatzungsmitglieder von einem "
    "Hubschrauber der Luftwaffe geborgen. Der Frachter hatte 3.400 Tonnen Fischmehl geladen. "
    "Kapitän Ragnvald Østby sprach von einer Monsterwelle."
)
_OWN = (
    "Unsere Redaktion hat am Nachmittag mit Anwohnern im Hafen von Longyearbyen gesprochen. "
    "Viele erinnern sich an das schwere Unglück eines Kutters im Winter vor zwölf Jahren. "
    "Der Bürgermeister kündigte eine Gedenkfeier in der Kirche am Sonntag an."
)


def test_one_confirmed_wire_fact_among_own_sentences_is_no_unique_paragraph() -> None:
    # A live-ticker entry: one wire fact (the same number, cargo and ship, in other
    # words) before three sentences of the outlet's own reporting.
    fact = "Update 14.20 Uhr: Der gesunkene Frachter hatte nach Angaben der Reederei 3400 Tonnen Fischmehl geladen. "
    docs = [prepare(Article(id="wire", text=_WRECK)), prepare(Article(id="ticker", text=fact + _OWN))]
    ticker = provenance(docs)[1]
    (entry,) = ticker["paragraphs"]
    assert entry["status"] == "rewritten"
    assert [m["article_id"] for m in entry["matches"]] == ["wire"]
    # The own sentences are marked inside the paragraph and count as the outlet's own text.
    (own,) = entry["unique_spans"]
    assert ticker["text"][own["start"] : own["end"]] == _OWN.strip()
    assert ticker["unique_share"] == round(len(_OWN.strip()) / len(ticker["text"]), 4)


def test_shared_topic_words_confirm_no_sentence() -> None:
    # Ship, cargo and place of the story, but no fact of it: the paragraph stays the outlet's own.
    topic = "Update 15.40 Uhr: Frachter vor Spitzbergen laden im Winter oft Fischmehl, sagen Fachleute. "
    docs = [prepare(Article(id="wire", text=_WRECK)), prepare(Article(id="ticker", text=topic + _OWN))]
    (entry,) = provenance(docs)[1]["paragraphs"]
    assert entry["status"] == "unique"
    assert "unique_spans" not in entry


_LOSS = (
    "Die Reederei Nordlicht Shipping aus Bremerhaven hat am Dienstag den Verlust des Frachters „Kari Solberg“ "
    "vor Spitzbergen bestätigt. An Bord waren 14 Seeleute aus Lettland und den Philippinen, die von einem "
    "Hubschrauber der norwegischen Küstenwache aus Tromsø gerettet wurden. Kapitän Arvid Lindqvist sagte, ein "
    "Ruderschaden habe das Schiff bei Windstärke elf manövrierunfähig gemacht.\n\n"
    "Die Ladung, 3400 Tonnen Fischmehl, gilt als verloren. Umweltschützer befürchten keine größeren Schäden."
)


def test_a_wire_paragraph_an_outlet_retells_in_more_sentences_is_not_unique() -> None:
    # The outlet spreads the wire's three sentences over ten of its own: each of its
    # stretches is found in the wire paragraph, but the wire paragraph's facts fit no
    # stretch of three of the outlet's. The pair is one rewrite, seen from both sides.
    spread = (
        "Es war eine dramatische Nacht im Nordmeer. Der Frachter „Kari Solberg“ ist vor Spitzbergen gesunken. "
        "Das hat die Reederei Nordlicht Shipping inzwischen bestätigt. Ihren Sitz hat sie in Bremerhaven. "
        "Die 14 Männer der Besatzung stammen aus Lettland. Einige kommen auch von den Philippinen. "
        "Ein Hubschrauber holte sie aus dem eisigen Wasser. Er gehört der norwegischen Küstenwache und war "
        "in Tromsø gestartet. Nach Worten von Kapitän Arvid Lindqvist fiel zuerst das Ruder aus. "
        "Bei Windstärke elf war das Schiff danach nicht mehr zu steuern."
    )
    docs = [prepare(Article(id="wire", text=_LOSS)), prepare(Article(id="outlet", text=spread))]
    wire, outlet = provenance(docs)
    (retold,) = outlet["paragraphs"]
    assert retold["status"] == "rewritten"
    assert [m["article_id"] for m in retold["matches"]] == ["wire"]
    told, cargo = wire["paragraphs"]
    assert told["status"] == "rewritten"
    assert [(m["article_id"], m["paragraph_index"]) for m in told["matches"]] == [("outlet", 0)]
    assert cargo["status"] == "unique"  # the cargo the outlet left out
    assert wire["unique_share"] == round(
        (cargo["end"] - cargo["start"]) / (told["end"] - told["start"] + cargo["end"] - cargo["start"]), 4
    )


def test_a_headline_naming_a_paragraph_does_not_make_it_shared() -> None:
    # A headline's few words are found in the wire's paragraph, but hold little of it.
    outlet = (
        "Frachter vor Spitzbergen gesunken: Reederei bestätigt Verlust\n\n"
        "Unsere Zeitung berichtet morgen ausführlich über die Hintergründe des Unglücks und die Lage der Seeleute."
    )
    docs = [prepare(Article(id="wire", text=_LOSS)), prepare(Article(id="outlet", text=outlet))]
    wire, site = provenance(docs)
    assert site["paragraphs"][0]["status"] == "rewritten"
    assert [p["status"] for p in wire["paragraphs"]] == ["unique", "unique"]


def test_seed_001s_wood_statement_is_rewritten_as_seed_002_retells_it(seed_cluster: dict[str, dict]) -> None:
    # Seed 002 tells Robert Wood's statement to the UN Security Council in five sentences
    # of its single block; seed 001 in three.
    assert seed_cluster, "seeds do not yet form one cluster"
    entry = paragraph(seed_cluster["001"], "Weder die Nato noch die USA bestätigten")
    assert entry["status"] == "rewritten"
    assert "002" in {m["article_id"] for m in entry["matches"]}


def test_seed_001s_ticker_entry_with_the_nis_report_is_rewritten_with_its_own_sentences_marked(
    seed_cluster: dict[str, dict],
) -> None:
    # "Dieser hatte am Freitag mitgeteilt ..." is the South Korean intelligence report
    # seed 004 carries; "Satellitenaufnahmen ...", "Bislang hatte sich Rutte ..." are
    # seed 001's own. (Its last sentence, "Am Montag bestellte Südkorea den russischen
    # Botschafter ein.", shares only common words with seed 004's headline, no anchor.)
    assert seed_cluster, "seeds do not yet form one cluster"
    member = seed_cluster["001"]
    entry = paragraph(member, "Dieser hatte am Freitag mitgeteilt")
    assert entry["status"] == "rewritten"
    assert "004" in {m["article_id"] for m in entry["matches"]}
    own = [member["text"][s["start"] : s["end"]] for s in entry["unique_spans"]]
    assert len(own) == 1
    assert own[0].startswith("Satellitenaufnahmen sollen das angeblich beweisen.")
    assert "Dieser hatte" not in own[0]


def _best_matches_pair_by_pair(per_member: list) -> dict:
    """The counting the sparse product replaced, kept as the reference it must equal."""
    from collections import Counter, defaultdict
    from itertools import chain

    from dedupe.provenance import _EDITED

    flat = [(m, s) for m, sents in enumerate(per_member) for s in sents]
    by_trigram: dict = defaultdict(list)
    for n, (_, s) in enumerate(flat):
        for g in s.trigrams:
            by_trigram[g].append(n)
    found = {}
    for m, s in flat:
        best: dict = {}
        if s.trigrams:
            shared = Counter(chain.from_iterable(by_trigram[g] for g in s.trigrams))
            for n in sorted(shared):
                (om, o), surface = flat[n], shared[n] / len(s.trigrams)
                if om == m or surface < _EDITED:
                    continue
                if om not in best or surface > best[om][0]:
                    best[om] = (surface, om, o.start)
        found[(m, s.start)] = list(best.values())
    return found


@pytest.mark.parametrize("dense", [True, False], ids=["table", "sorted-pairs"])
@pytest.mark.parametrize(("seed", "most_members"), [(s, 5) for s in range(6)] + [(s, 17) for s in range(3)])
def test_sentence_matches_equal_counting_pair_by_pair(
    seed: int, most_members: int, dense: bool, monkeypatch
) -> None:
    import random

    from dedupe import overlap

    if not dense:
        monkeypatch.setattr(overlap, "DENSE_PAIRS", 0)

    from dedupe.document import shingles
    from dedupe.overlap import ngram_hashes
    from dedupe.provenance import _best_matches, _Sentence

    rng = random.Random(seed)
    pool = [f"w{n}" for n in range(6)]
    written: list[list[str]] = []
    per_member, as_strings = [], []
    for _ in range(rng.randint(2, most_members)):
        sents, strings = [], []
        for k in range(rng.randint(3, 12)):
            if written and rng.random() < 0.3:  # another outlet's sentence as it was
                words = list(rng.choice(written))
            elif written and rng.random() < 0.5:  # another outlet's sentence, one word changed
                words = list(rng.choice(written))
                words[rng.randrange(len(words))] = rng.choice(pool)
            else:
                words = [rng.choice(pool) for _ in range(rng.randint(1, 12))]
            written.append(words)
            sents.append(_Sentence(k, 10 * k, 10 * k + 9, 1.0, ngram_hashes(words, 3), {}, len(words)))
            strings.append(_Sentence(k, 10 * k, 10 * k + 9, 1.0, shingles(words, 3), {}, len(words)))
        per_member.append(sents)
        as_strings.append(strings)
    # The reference counts shared trigram strings sentence by sentence.
    expected = _best_matches_pair_by_pair(as_strings)
    assert _best_matches(per_member) == expected
    assert sum(map(len, expected.values())) >= 3  # the inputs do produce matches


def test_a_sentence_in_hundreds_of_copies_keeps_its_closest_counterparts() -> None:
    from dedupe.overlap import ngram_hashes
    from dedupe.provenance import _MAX_COUNTERPARTS, _best_matches, _Sentence

    wire = ["die", "flut", "hat", "am", "montag", "drei", "brücken", "im", "tal", "zerstört"]
    cut = wire[:-1]  # an edited copy in one member only: closer copies come first
    per_member = [
        [_Sentence(0, 0, 50, 1.0, ngram_hashes(cut if m == 7 else wire, 3), {}, len(wire))]
        for m in range(300)
    ]
    found = _best_matches(per_member)
    for (member, _), matches in found.items():
        others = [m for m in range(300) if m not in (member, 7)][:_MAX_COUNTERPARTS]
        assert [counterpart for _, counterpart, _ in matches] == others
        assert all(score == 1.0 for score, _, _ in matches)


def test_a_changed_word_in_hindi_is_marked_whole() -> None:
    # Devanagari's vowel signs are combining marks, which Python's \w leaves out: words
    # fell apart into letters, and one changed day of the week went unseen.
    wire = (
        "विदेश मंत्रालय ने मंगलवार को कहा कि दोनों देशों के बीच बातचीत अगले सप्ताह जिनेवा में होगी। "
        "प्रवक्ता ने कहा कि दोनों पक्ष व्यापार और ऊर्जा पर विस्तार से चर्चा करेंगे। "
        "बैठक में दोनों देशों के वरिष्ठ अधिकारी भी शामिल होंगे और एक संयुक्त बयान जारी किया जाएगा।"
    )
    copy = wire.replace("मंगलवार", "बुधवार")
    docs = [prepare(Article(id="wire", text=wire)), prepare(Article(id="copy", text=copy))]
    assert docs[0].article.language == "hi"
    (entry,) = provenance(docs)[1]["paragraphs"]
    assert entry["status"] == "edited"
    assert [(copy[d["start"] : d["end"]], d["was"]) for d in entry["diff"]] == [("बुधवार", "मंगलवार")]


def test_a_paragraph_a_trimmed_copy_cut_is_no_rewrite_of_the_lead_it_kept() -> None:
    # The copy keeps the wire's first two paragraphs word for word. The wire's last
    # paragraph names the same pilot, board and turbines as its lead: the copy's lead is
    # the counterpart of the wire's lead, not a rewrite of the paragraph it cut.
    paragraphs = [
        "PORT ELLERY (Reuters) - The harbour board of Port Ellery on Tuesday approved a two-year pilot "
        "of underwater tidal turbines at the mouth of the Cawley estuary, which fishermen had fought.",
        "The board voted five to two in favour of the scheme, which will place six turbines on the seabed "
        "about 800 metres from the northern breakwater.",
        "Cawley Tidal said construction would begin in September and the first power should reach the "
        "grid early next year.",
        "If the pilot succeeds, the board could approve a further 30 turbines in a second phase, the company said.",
    ]
    wire = "\n\n".join(paragraphs)
    trimmed = "\n\n".join(paragraphs[:2])
    docs = [prepare(Article(id=n, text=t, language="en")) for n, t in (("wire", wire), ("trimmed", trimmed))]
    result, _ = provenance(docs)
    assert [p["status"] for p in result["paragraphs"]] == ["verbatim", "verbatim", "unique", "unique"]


def test_a_recurring_sentence_inside_a_split_paragraph_stays_inside_a_paragraph() -> None:
    # A sentence the batch found recurring across unrelated articles carries no weight;
    # where its paragraph is split (a copied sentence, then the outlet's own), every
    # character of the text must still sit in some paragraph, or a page loses it.
    recurring = "Regen hatte den Spielplan in den vergangenen Tagen durcheinandergewirbelt."
    copied = "Die Weltranglistenerste Angelique Kerber hat in Eastbourne das Viertelfinale erreicht."
    own = (
        "Unsere Sportredaktion war vor Ort und sprach nach dem Spiel lange mit dem Trainer der Kielerin, "
        "der von einer deutlichen Steigerung seit dem Frühjahr sprach."
    )
    wire = f"{copied} Sie gewann gegen Lara Arruabarrena mit 6:2, 6:1.\n\nDas Turnier endet am Samstag."
    page = f"{copied} {recurring} {own}\n\nDas Turnier endet am Samstag."
    furniture = {line_key(recurring)}
    docs = [
        prepare(Article(id=n, text=t, language="de"), furniture_lines=furniture)
        for n, t in (("wire", wire), ("page", page))
    ]
    page_out = provenance(docs)[1]
    covered = set()
    for p in page_out["paragraphs"]:
        covered.update(range(p["start"], p["end"]))
    assert all(ch.isspace() for k, ch in enumerate(page) if k not in covered)
    assert len(page_out["paragraphs"]) == 3  # the copied sentence, the outlet's own, the last
