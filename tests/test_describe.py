"""How each member of a cluster is described against the origin (dedupe.describe)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import dedupe
from dedupe.article import Article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def at(seed: str) -> datetime:
    order = ["001", "000", "002", "003", "004", "005"].index(seed)
    return datetime(2024, 10, 21, 9, tzinfo=UTC) + timedelta(minutes=10 * order)


def test_a_copy_of_a_rewrite_is_a_rewrite_of_the_wire_not_a_copy_of_it() -> None:
    # Seed 002 rewrites the AFP story and joins the seeds only through the other rewrites;
    # an outlet that copied 002 word for word carries 002's wording, not the origin's.
    # Seed 001 ran first (the origin is the earliest version when none is agency copy).
    articles = [
        Article(id=f.stem[:3], text=f.read_text(encoding="utf-8"), published_at=at(f.stem[:3]))
        for f in sorted(SEEDS.glob("*.txt"))
    ]
    copy = Article(id="002-copy", text=articles[2].text, published_at=at("005"))
    (c,) = dedupe.cluster([*articles, copy])["clusters"]
    members = {m["article_id"]: m for m in c["members"]}
    assert c["origin"] == "001"
    assert members["002"]["relation"] == "rewritten"
    assert members["002-copy"]["relation"] == "rewritten"
    assert members["002-copy"]["similarity"] < 0.5


def test_the_agencys_own_item_is_the_origin_before_an_outlets_earlier_page_of_its_copy() -> None:
    # An outlet ran dpa's copy at 10:00 under its own name; dpa's item in the feed says
    # 10:05 (a later version time). The agency's item is the wire: the origin.
    wire = (
        "Karlsruhe (dpa) - Der Bundesgerichtshof hat die Preiserhöhungen eines Hamburger "
        "Energieversorgers für unwirksam erklärt. Das Unternehmen habe seine Kunden nicht "
        "ausreichend informiert, entschied der achte Zivilsenat am Mittwoch.\n\n"
        "Rund 140.000 Stromkunden können nun Geld zurückfordern, sagte ein Sprecher der "
        "Verbraucherzentrale Hamburg nach der Verkündung in Karlsruhe."
    )
    page = "Startseite > Wirtschaft\n\n" + wire + "\n\nLesen Sie auch"
    start = datetime(2025, 11, 12, 10, tzinfo=UTC)
    articles = [
        Article(id="outlet-page", text=page, outlet="Elbe-Kurier", published_at=start),
        Article(id="dpa-item", text=wire, provider="dpa", published_at=start + timedelta(minutes=5)),
    ]
    (c,) = dedupe.cluster(articles)["clusters"]
    assert c["origin"] == "dpa-item"
    relations = {m["article_id"]: m["relation"] for m in c["members"]}
    assert relations["outlet-page"] == "verbatim"


def test_without_names_or_times_the_text_without_site_furniture_is_the_origin() -> None:
    # Two files and nothing said about them: an outlet's page that ran the wire and added a
    # paragraph of its own holds all of the other text (it is the most central), but its
    # navigation and credit line say it republished; the clean text is the wire.
    engine = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
    wire = (engine / "fr_wire.txt").read_text(encoding="utf-8")
    page = (engine / "fr_site.txt").read_text(encoding="utf-8")
    result = dedupe.cluster([Article(id="page", text=page), Article(id="wire", text=wire)])
    (c,) = [c for c in result["clusters"] if len(c["members"]) == 2]
    assert c["origin"] == "wire"
    page_paragraphs = next(m for m in c["members"] if m["article_id"] == "page")["paragraphs"]
    assert any(p["status"] == "boilerplate" for p in page_paragraphs)


def test_a_copy_that_corrects_one_figure_of_the_origin_is_edited_not_verbatim() -> None:
    # The agency's correction: every word kept but one figure (14 injured -> 12). Near all
    # of the origin's word 5-grams survive, yet a desk must see that a figure changed.
    paragraphs = [
        "Dortmund (dpa) - Bei einer Explosion in einem Mehrfamilienhaus in Dortmund-Hörde sind am "
        "Donnerstagmittag {n} Menschen verletzt worden, drei von ihnen schwer.",
        "Die Feuerwehr war mit mehr als 80 Einsatzkräften vor Ort und evakuierte die umliegenden Häuser. "
        "Die Ursache der Explosion war zunächst unklar, die Polizei schloss einen Anschlag aber aus.",
        "Nach Angaben eines Sprechers der Stadt können die Bewohner frühestens am Montag in ihre "
        "Wohnungen zurückkehren. Ein Statiker soll das Gebäude am Freitag begutachten.",
        "Die Stadtwerke prüfen, ob eine Gasleitung im Keller des Hauses beschädigt war. Die Leitung "
        "war nach Angaben des Versorgers erst im vergangenen Jahr erneuert worden.",
    ]
    first = "\n\n".join(paragraphs).format(n=14)
    corrected = "\n\n".join(paragraphs).format(n=12)
    articles = [
        Article(id="meldung", text=first, provider="dpa", published_at=datetime(2025, 3, 13, 12, tzinfo=UTC)),
        Article(
            id="berichtigung",
            text=corrected,
            provider="dpa",
            published_at=datetime(2025, 3, 13, 14, tzinfo=UTC),
        ),
    ]
    (c,) = dedupe.cluster(articles)["clusters"]
    assert c["origin"] == "meldung"
    member = next(m for m in c["members"] if m["article_id"] == "berichtigung")
    assert member["relation"] == "edited"
    (changed,) = [p for p in member["paragraphs"] if p["status"] == "edited"]
    assert "12" in corrected[changed["start"] : changed["end"]]
