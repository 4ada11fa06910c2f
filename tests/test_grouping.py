"""Which verified links make one story: strong links, corroborated weak links, carried wires."""

from __future__ import annotations

import pytest

from dedupe.config import Config
from dedupe.grouping import group_positions, is_rewrite_link
from dedupe.verify import Comparison, Evidence


def _grouped(
    strong: set, weak: set, n: int, publishers: list | None = None, sources: list | None = None
) -> list[list[int]]:
    def score(i: int, j: int) -> float:
        return 1.0 if (min(i, j), max(i, j)) in strong else 0.0

    return sorted(
        group_positions(n, strong, weak, score, threshold=0.5, publishers=publishers, sources=sources)
    )


@pytest.mark.parametrize(
    ("publishers", "expected"),
    [
        # Three outlets: each weak link is corroborated by the third version.
        (["ap", "sportshub", "goal", "ruhr"], [[0, 1, 2, 3]]),
        # The wire (0, with its copy 1), and two more items of its agency (2, 3): no
        # weak link between them counts, so nothing corroborates anything.
        (["ap", "sportshub", "ap", "ap"], [[0, 1], [2], [3]]),
        # Unknown outlets are no evidence of one publisher.
        ([None, None, None, None], [[0, 1, 2, 3]]),
    ],
)
def test_weak_links_between_items_of_one_outlet_do_not_corroborate(publishers, expected) -> None:
    copy = {(0, 1)}
    triangle = {(0, 2), (1, 2), (0, 3), (1, 3), (2, 3)}
    assert _grouped(copy, triangle, 4, publishers) == expected


@pytest.mark.parametrize(
    ("copy", "publishers", "expected"),
    [
        # The wire (0) as two outlets carried it (1), two other outlets' rewrites (2, 3)
        # that kept different facts: each links to the wire, not to the other.
        ({(0, 1)}, ["afp", "bote", "kurier", "post"], [[0, 1, 2, 3]]),
        # A wire nobody carried is no established copy: two look-alikes stay apart.
        (set(), ["afp", "bote", "kurier", "post"], [[0], [1], [2], [3]]),
        # Two items of one outlet are one voice, not two.
        ({(0, 1)}, ["afp", "bote", "kurier", "kurier"], [[0, 1], [2], [3]]),
        # An agency's story and its own update (one outlet) are not "carried by outlets".
        ({(0, 1)}, ["afp", "afp", "kurier", "post"], [[0, 1], [2], [3]]),
        # Outlets not named count one each.
        ({(0, 1)}, [None, None, None, None], [[0, 1, 2, 3]]),
    ],
)
def test_rewrites_of_two_outlets_join_a_wire_that_outlets_carried(copy, publishers, expected) -> None:
    spokes = {(0, 2), (1, 2), (0, 3), (1, 3)} if copy else {(0, 2), (0, 3)}
    assert _grouped(copy, spokes, 4, publishers) == expected


def test_two_rewrites_that_share_facts_with_every_version_corroborate_each_other() -> None:
    # Positions 0-3: the wire, a copy, an edited copy, a close rewrite (strong links).
    story = {(i, j) for i in range(4) for j in range(i + 1, 4)}
    rewrites = {(i, 4) for i in range(4)} | {(i, 5) for i in range(4)} | {(4, 5)}
    assert _grouped(story, rewrites, 6) == [[0, 1, 2, 3, 4, 5]]


@pytest.mark.parametrize(("numbers", "rewrite"), [(None, True), (0.5, True), (1.0, True), (0.0, False)])
def test_a_rewrite_link_needs_numbers_that_do_not_contradict(numbers, rewrite: bool) -> None:
    # Two closing reports of different days share the index's name and every stock
    # name, but not one figure: the facts a rewrite keeps are its numbers too.
    evidence = Evidence(
        jaccard=0.05,
        containment=(0.1, 0.1),
        rare_containment=0.6,
        shared_rare_weight=150.0,
        sentence_alignment=0.4,
        number_agreement=numbers,
        days_apart=0.5,
    )
    comparison = Comparison(
        similarity=0.2, relation="unrelated", jaccard=0.05, containment=(0.1, 0.1), evidence=evidence
    )
    assert evidence.rare_evidence >= Config().rewrite_evidence
    assert is_rewrite_link(comparison, Config()) is rewrite


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        # dpa's report (0) with an outlet's copy (1); dpa's preview of the event that
        # morning on an outlet's page (2); two outlets' rewrites of the report (3, 4).
        # The preview and the report are two dpa items: their weak link does not count.
        (["dpa", "dpa", "dpa", None, None], [[0, 1, 3, 4], [2]]),
        # Without datelines the carried report takes every weakly linked story.
        ([None] * 5, [[0, 1, 2, 3, 4]]),
        # Copy dated by another agency is that agency's item: apart as well.
        (["dpa", "dpa", "afp", None, None], [[0, 1, 3, 4], [2]]),
    ],
)
def test_copy_dated_by_one_agency_in_two_clusters_is_two_items_of_it(sources, expected) -> None:
    copy = {(0, 1)}
    spokes = {(0, 2), (1, 2), (0, 3), (1, 3), (0, 4), (1, 4)}
    assert _grouped(copy, spokes, 5, ["dpa", "kurier", "bote", "post", "blatt"], sources) == expected


def test_a_wire_whose_rewrites_corroborate_each_other_takes_no_uncorroborated_look_alike() -> None:
    # The wire (0) as an outlet carried it (1); two rewrites (2, 3) that link to the
    # wire and to each other; another outlet's story on the same topic (4), linked to
    # the wire alone (the court's other ruling). The rewrites are established by
    # corroboration; the look-alike, which nothing else corroborates, stays apart.
    copy = {(0, 1)}
    rewrites = {(0, 2), (1, 2), (0, 3), (1, 3), (2, 3)}
    look_alike = {(0, 4), (1, 4)}
    publishers = ["dpa", "kurier", "bote", "post", "blatt"]
    assert _grouped(copy, rewrites | look_alike, 5, publishers) == [[0, 1, 2, 3], [4]]


def test_rewrites_linked_to_two_agencies_reports_follow_the_closer_and_the_reports_stay_apart() -> None:
    # AP's report (0) and an outlet's copy (1); Reuters' report of the same runoff (2)
    # and its copy (3); three outlets' rewrites (4, 5, 6), each linked to the others and
    # to both reports. Before, the rewrites corroborated everything into one story.
    strong = {(0, 1), (2, 3)}
    rewrites = {(4, 5), (4, 6), (5, 6)}
    to_ap = {(i, r) for i in (0, 1) for r in (4, 5, 6)}
    to_reuters = {(i, r) for i in (2, 3) for r in (4, 5, 6)}
    similarity = {**dict.fromkeys(strong, 0.9), **dict.fromkeys(rewrites, 0.1)}
    similarity |= {**dict.fromkeys(to_ap, 0.08), **dict.fromkeys(to_reuters, 0.02)}

    def score(i: int, j: int) -> float:
        return similarity.get((min(i, j), max(i, j)), 0.0)

    publishers = ["ap", "herald", "reuters", "courier", "deccan", "westcoast", "post"]
    sources = ["ap", "ap", "reuters", "reuters", None, None, None]
    groups = group_positions(7, strong, rewrites | to_ap | to_reuters, score, 0.5, publishers, sources)
    assert sorted(groups) == [[0, 1, 4, 5, 6], [2, 3]]


def _accident(city: str, service: str, road: str, junctions: str, people: tuple[str, ...]) -> str:
    driver, vehicle, other, hospital, direction, hours, jam, damage = people
    return (
        f"{city} ({service}) - Bei einem Unfall auf der Autobahn {road} bei {city} ist am Montagmorgen "
        f"ein {driver} Jahre alter {vehicle}fahrer schwer verletzt worden. Er war nach ersten Erkenntnissen "
        f"zwischen den Anschlussstellen {junctions} auf ein Stauende aufgefahren.\n\n"
        f"Dabei schob er einen {other} auf einen Lastwagen. Ein Rettungshubschrauber brachte ihn in eine "
        f"Klinik nach {hospital}, wie ein Sprecher der Polizei sagte.\n\n"
        f"Die Autobahn war in Richtung {direction} für rund {hours} Stunden gesperrt. Es bildete sich ein "
        f"Stau von bis zu {jam} Kilometern Länge.\n\n"
        f"Den Sachschaden schätzte die Polizei auf rund {damage} Euro."
    )


def test_an_agencys_items_dated_from_two_places_on_one_template_are_two_stories() -> None:
    from datetime import UTC, datetime, timedelta

    import dedupe
    from dedupe.article import Article
    from dedupe.live import LiveIndex

    morning = datetime(2025, 3, 10, 7, 30, tzinfo=UTC)
    kassel = _accident(
        "Kassel", "dpa/lhe", "7", "Kassel-Nord und Lutterberg",
        ("54", "Lkw-", "Kleintransporter", "Göttingen", "Hannover", "vier", "zwölf", "180.000"),
    )  # fmt: skip
    muenster = _accident(
        "Münster", "dpa/lnw", "1", "Münster-Nord und Greven",
        ("23", "Auto", "Kombi", "Osnabrück", "Bremen", "drei", "neun", "65.000"),
    )  # fmt: skip
    # An outlet's copy keeps the dateline and edits a word or two: it joins its own item.
    copy = "Blaulicht aus Hessen\n\n" + kassel.replace("Montagmorgen", "Montag früh")
    articles = [
        Article(id="dpa-kassel", text=kassel, provider="dpa", published_at=morning),
        Article(
            id="dpa-muenster", text=muenster, provider="dpa", published_at=morning + timedelta(minutes=25)
        ),
        Article(
            id="hna-kassel", text=copy, outlet="Nordhessen-Bote", published_at=morning + timedelta(hours=1)
        ),
    ]
    pair = dedupe.compare(articles[0], articles[1])
    assert pair.similarity >= Config().threshold, "the template reads as an edit: the trap is real"
    expected = [["dpa-kassel", "hna-kassel"], ["dpa-muenster"]]
    batch = dedupe.cluster(articles)["clusters"]
    assert sorted(sorted(m["article_id"] for m in c["members"]) for c in batch) == expected
    index = LiveIndex(Config())
    for article in articles:
        index.add(article)
    assert sorted(sorted(m["article_id"] for m in c["members"]) for c in index.clusters()) == expected


_PLANT = [
    "The plant, on the Houston Ship Channel, employs about 900 people and makes ethylene and "
    "propylene used in plastics, packaging and car parts. It has operated since 1978.",
    "The Ship Channel is lined with more than 150 chemical plants and refineries, and several have "
    "had fires in recent years, including a 2019 blaze that burned for three days in Deer Park.",
]
_BLAST = [
    "PASADENA, Texas, March 12 (Reuters) - An explosion and fire at Bexley Petrochemicals' plant in "
    "Pasadena, Texas, injured 11 workers on Wednesday and forced residents nearby to shelter in place, "
    "officials said.",
    "Four of the injured were flown to hospitals in Houston, the Harris County fire marshal said. "
    "The fire was put out after about five hours.",
    "Air monitoring by the city found no harmful levels of benzene or butadiene, and the "
    "shelter-in-place order for about 2,000 residents was lifted in the evening.",
]
_CAUSE = [
    "PASADENA, Texas, March 13 (Reuters) - Bexley Petrochemicals said on Thursday a faulty pressure "
    "relief valve was the likely cause of the blast at its Pasadena plant, and that it would keep the "
    "unit shut until federal investigators finish their work.",
    "The company's shares fell 4.2% in New York. The U.S. Chemical Safety Board said it was sending "
    "a team of six investigators, who would arrive on Friday.",
    "Two of the injured workers remained in critical condition, a hospital spokeswoman said, "
    "while the others had been released.",
]


@pytest.mark.parametrize(("hours", "together"), [(22, False), (3, True)])
def test_an_agencys_item_of_the_next_day_that_reuses_its_background_is_another_story(hours, together):
    from datetime import UTC, datetime, timedelta

    import dedupe
    from dedupe.article import Article
    from dedupe.live import LiveIndex

    start = datetime(2025, 3, 12, 15, tzinfo=UTC)
    blast = Article(id="blast", text="\n\n".join(_BLAST + _PLANT), provider="Reuters", published_at=start)
    cause = Article(
        id="cause",
        text="\n\n".join(_CAUSE + _PLANT),
        provider="Reuters",
        published_at=start + timedelta(hours=hours),
    )
    pair = dedupe.compare(blast, cause)
    assert pair.relation == "edited" and max(pair.evidence.containment) < 0.5, (
        "background reused, not the item"
    )
    expected = [["blast", "cause"]] if together else [["blast"], ["cause"]]
    assert (
        sorted(
            sorted(m["article_id"] for m in c["members"]) for c in dedupe.cluster([blast, cause])["clusters"]
        )
        == expected
    )
    index = LiveIndex(Config())
    for article in (blast, cause):
        index.add(article)
    assert sorted(sorted(m["article_id"] for m in c["members"]) for c in index.clusters()) == expected
