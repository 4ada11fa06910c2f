"""The live index clusters one article at a time like the batch does all at once."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import dedupe
from dedupe.article import Article
from dedupe.boilerplate import line_key
from dedupe.config import Config
from dedupe.live import LiveIndex
from dedupe.recurring import line_hash

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
NAMES = [
    "de_wire", "de_site", "de_edited", "de_reordered", "de_other_museum", "de_other_tram",
    "en_wire", "en_edited", "en_other", "fr_wire", "fr_site", "fr_other",
]  # fmt: skip


def article(name: str, **kwargs) -> Article:
    kwargs.setdefault("language", name[:2])
    return Article(
        id=kwargs.pop("id", name), text=(FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), **kwargs
    )


def partition(clusters: list[dict]) -> dict[frozenset[str], str]:
    """Member sets and their origin: what a newsroom sees of a clustering."""
    return {frozenset(m["article_id"] for m in c["members"]): c["origin"] for c in clusters}


@pytest.fixture(scope="module")
def batch() -> dict:
    return dedupe.cluster([article(n) for n in NAMES])


@pytest.fixture
def live() -> LiveIndex:
    index = LiveIndex(Config())
    index.add_many(article(n) for n in NAMES)
    return index


def test_live_clusters_equal_batch_clusters(live: LiveIndex, batch: dict) -> None:
    assert partition(live.clusters()) == partition(batch["clusters"])
    assert {c["cluster_id"] for c in live.clusters()} == {c["cluster_id"] for c in batch["clusters"]}
    assert len(live) == len(NAMES)


def test_order_of_adding_does_not_matter(live: LiveIndex) -> None:
    other = LiveIndex(Config())
    other.add_many(article(n) for n in reversed(NAMES))
    assert partition(other.clusters()) == partition(live.clusters())


def test_add_returns_the_articles_cluster(live: LiveIndex) -> None:
    cluster = live.add(article("de_typo"))
    ids = {m["article_id"] for m in cluster["members"]}
    assert ids == {"de_wire", "de_site", "de_edited", "de_reordered", "de_typo"}
    assert live.cluster_of("de_wire") == cluster
    assert live.cluster(cluster["cluster_id"]) == cluster


def test_readding_an_id_replaces_the_article(live: LiveIndex) -> None:
    live.add(article("de_other_tram", id="de_site"))
    assert len(live) == len(NAMES)
    ship = {m["article_id"] for m in live.cluster_of("de_wire")["members"]}
    assert "de_site" not in ship
    tram = {m["article_id"] for m in live.cluster_of("de_other_tram")["members"]}
    assert tram == {"de_other_tram", "de_site"}
    ids = [m["article_id"] for c in live.clusters() for m in c["members"]]
    assert sorted(ids) == sorted(NAMES)


def test_remove_returns_the_neighbours_cluster(live: LiveIndex) -> None:
    result = live.remove("de_wire")
    assert result is not None
    assert {m["article_id"] for m in result["members"]} == {"de_site", "de_edited", "de_reordered"}
    assert "de_wire" not in live and live.cluster_of("de_wire") is None
    assert all("de_wire" not in {m["article_id"] for m in c["members"]} for c in live.clusters())
    assert live.remove("de_wire") is None
    assert live.remove("never-added") is None


def test_removing_a_singleton_returns_nothing(live: LiveIndex) -> None:
    assert live.remove("en_other") is None
    assert "en_other" not in live


def test_remove_then_batch_agree(live: LiveIndex) -> None:
    live.remove("de_wire")
    batch = dedupe.cluster([article(n) for n in NAMES if n != "de_wire"])
    assert partition(live.clusters()) == partition(batch["clusters"])


def test_check_says_where_an_article_would_go_without_storing_it(live: LiveIndex) -> None:
    before = partition(live.clusters())
    result = live.check(article("de_typo"))
    ids = {m["article_id"] for m in result["members"]}
    assert ids == {"de_wire", "de_site", "de_edited", "de_reordered", "de_typo"}
    assert "de_typo" not in live
    assert partition(live.clusters()) == before
    assert len(live) == len(NAMES)
    alone = live.check(article("de_other_museum", id="new-museum-copy"))
    assert {m["article_id"] for m in alone["members"]} == {"de_other_museum", "new-museum-copy"}
    assert "new-museum-copy" not in live


def test_check_of_an_unrelated_article_is_a_cluster_of_one(live: LiveIndex) -> None:
    text = "Der Gemeinderat von Oberwaldingen hat am Montag einen neuen Spielplatz am Weiher beschlossen."
    result = live.check(Article(id="new", text=text))
    assert [m["article_id"] for m in result["members"]] == ["new"]
    assert result["members"][0]["relation"] == "origin"


def test_compare_gives_relation_and_paragraph_provenance(live: LiveIndex) -> None:
    out = live.compare(article("de_wire"), article("de_site"))
    assert out["relation"] == "verbatim"
    assert set(out["paragraphs"]) == {"de_wire", "de_site"}
    statuses = {p["status"] for p in out["paragraphs"]["de_site"]}
    assert {"verbatim", "boilerplate", "unique"} <= statuses
    assert live.compare(article("en_wire"), article("en_other"))["relation"] == "unrelated"
    assert len(live) == len(NAMES)


def test_excluded_genre_is_indexed_but_never_linked() -> None:
    index = LiveIndex(Config())
    index.add(article("de_wire", id="a", genre="Tabelle"))
    cluster = index.add(article("de_wire", id="b", genre="Tabelle"))
    assert [m["article_id"] for m in cluster["members"]] == ["b"]
    assert len(index) == 2


def test_concurrent_adds_index_every_article() -> None:
    index = LiveIndex(Config())
    work = [[article(n, id=f"{n}-{t}") for n in NAMES[t::4]] for t in range(4)]
    errors: list[BaseException] = []

    def worker(batch: list[Article]) -> None:
        try:
            for a in batch:
                index.add(a)
        except BaseException as exc:  # surfaced below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(b,)) for b in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    expected = {a.id for b in work for a in b}
    assert len(index) == len(expected)
    ids = [m["article_id"] for c in index.clusters() for m in c["members"]]
    assert sorted(ids) == sorted(expected)
    batch = dedupe.cluster([a for b in work for a in b])
    assert partition(index.clusters()) == partition(batch["clusters"])


def test_a_printed_dpa_notice_links_in_either_order() -> None:
    wire_id = "urn:newsml:dpa.com:20090101:220123-99-817158"
    wire = Article(
        id=wire_id, text="Die Stadt Kiel baut eine Brücke über die Förde.\n\nSie kostet 12 Millionen Euro."
    )
    page = Article(
        id="page", text="Ganz andere Worte über das Wetter.\n\nEs regnet.", wire_ref="220123-99-817158"
    )
    for first, second in ((wire, page), (page, wire)):
        index = LiveIndex()
        index.add(first)
        cluster = index.add(second)
        assert {m["article_id"] for m in cluster["members"]} == {wire_id, "page"}


def test_a_small_document_cache_gives_the_same_clusters(live: LiveIndex) -> None:
    articles = {n: article(n) for n in NAMES}
    loads: list[str] = []

    def load(article_id: str) -> Article | None:
        loads.append(article_id)
        return articles.get(article_id)

    small = LiveIndex(Config(), load=load, cache_size=2, description_cache=1)
    small.add_many(articles.values())
    assert loads, "with two cached documents, candidates must be read back"
    assert small.cache_info()["size"] <= 2
    expected = sorted(live.clusters(), key=lambda c: c["cluster_id"])
    assert sorted(small.clusters(), key=lambda c: c["cluster_id"]) == expected
    assert small.check(article("de_typo")) == live.check(article("de_typo"))


def test_a_loader_that_lost_an_article_is_a_store_error() -> None:
    index = LiveIndex(Config(), load=lambda _: None, cache_size=1)
    index.add(article("de_wire"))
    index.add(article("en_wire"))  # pushes de_wire out of the cache
    with pytest.raises(dedupe.errors.StoreError, match="cannot be loaded"):
        index.add(article("de_site"))


def test_restore_from_stored_state_needs_no_text(live: LiveIndex) -> None:
    state = [(article(n), live.signatures_of(n), live.lines_of(n)) for n in NAMES]
    links = [(a, b, link) for a in NAMES for b, link in live.links_of(a).items() if a < b]
    texts = {n: article(n) for n in NAMES}
    loads: list[str] = []

    def load(article_id: str) -> Article | None:
        loads.append(article_id)
        return texts[article_id]

    restored = LiveIndex(Config(), load=load)
    assert restored.restore(state, links, live.memberships()) == 0
    assert restored.memberships() == live.memberships()
    assert loads == [] and restored.cache_info()["misses"] == 0
    # Described on demand from the loaded texts: the same answers as the index that verified.
    assert sorted(restored.clusters(), key=lambda c: c["cluster_id"]) == sorted(
        live.clusters(), key=lambda c: c["cluster_id"]
    )
    assert restored.add(article("de_typo")) == live.add(article("de_typo"))


def test_restore_reclusters_what_the_stored_clusters_do_not_cover(live: LiveIndex) -> None:
    kept = [n for n in NAMES if n != "de_wire"]
    state = [(article(n), live.signatures_of(n), live.lines_of(n)) for n in kept]
    links = [(a, b, link) for a in kept for b, link in live.links_of(a).items() if a < b]
    restored = LiveIndex(Config())
    assert restored.restore(state, links, live.memberships()) == 3  # de_wire's cluster-mates
    batch = dedupe.cluster([article(n) for n in kept])
    assert partition(restored.clusters()) == partition(batch["clusters"])


# -- lines that recur across unrelated articles (pages from conftest.outlet_pages) --------
MASTHEAD = "Testpost Digital - Hamburgs Stimme seit 1949"


def test_outlet_furniture_found_live_does_not_link_unrelated_stories(outlet_pages: list[Article]) -> None:
    articles = outlet_pages
    live = LiveIndex(Config())
    for a in articles:
        live.add(a)
    assert all(len(ids) == 1 for ids in live.memberships().values()), live.memberships()
    assert partition(live.clusters()) == partition(dedupe.cluster(articles)["clusters"])
    assert line_hash(line_key(MASTHEAD)) in live.furniture_lines()


def test_the_holders_indexed_before_a_line_was_known_as_furniture_are_indexed_again(
    outlet_pages: list[Article],
) -> None:
    articles = outlet_pages
    live = LiveIndex(Config())
    live.add(articles[0])
    live.add(articles[1])
    assert live.members_of("teaser") == ("page-0", "teaser")  # linked by the furniture alone
    for a in articles[2:]:
        live.add(a)
        if live.last_changes.furniture:
            break
    # Judged at 3, 6 and 12 holders: with the teaser among three, two pairs of three
    # look related; with six holders most pairs do not.
    assert a.id == "page-4"
    assert live.last_changes.relinked >= {"page-0", "teaser"}
    assert {"page-0", "teaser"} <= live.last_changes.touched
    assert live.links_of("teaser") == {} and live.members_of("teaser") == ("teaser",)


def test_a_story_copied_whole_is_not_furniture_of_its_copies() -> None:
    # Three outlets print a one-paragraph item verbatim: the line recurs, but its
    # holders have nothing else that could show them unrelated.
    invented = Path(__file__).resolve().parents[1] / "fixtures" / "eval" / "invented.jsonl"
    text = json.loads(invented.read_text(encoding="utf-8").splitlines()[0])["text"].split("\n\n")[0]
    live = LiveIndex(Config())
    for n in range(4):
        live.add(Article(id=f"copy-{n}", text=text, outlet=f"Outlet {n}", language="de"))
    assert live.furniture_lines() == frozenset()
    assert len(live.memberships()) == 1


def test_an_agencys_other_match_reports_stay_apart_in_the_live_index_and_in_a_check() -> None:
    # The batch's rule (tests/test_cluster.py): weak links between items of one outlet
    # corroborate nothing. Posted one by one, and asked about without storing.
    path = Path(__file__).resolve().parents[1] / "fixtures" / "eval" / "probe_en_fr.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    wanted = [r for r in records if r["id"].startswith("e3")]
    articles = [
        dedupe.article_from_mapping({k: v for k, v in r.items() if k not in ("type", "gold_cluster")})
        for r in wanted
    ]
    index = LiveIndex(Config())
    for a in articles[:-1]:
        index.add(a)
    last = articles[-1]
    assert last.id == "e3y-distractor" and last.outlet == "AP"
    assert [m["article_id"] for m in index.check(last)["members"]] == [last.id]
    index.add(last)
    match = {"e3-wire", "e3-a-furn", "e3-b-trim", "e3-c-rewrite", "e3-d-rewrite"}
    assert set(partition(index.clusters())) == {
        frozenset(match),
        frozenset({"e3x-distractor"}),
        frozenset({"e3y-distractor"}),
    }


def test_a_leads_quote_in_a_digest_that_came_before_its_copies_does_not_make_it_furniture() -> None:
    # The wire, then the morning digest quoting its lead (and two other stories' leads),
    # then an outlet's copy: at three holders the lead is held in two contexts, not three.
    # Judged as a line that unrelated articles share, it was furniture in every version.
    leads = [
        "Der Stadtrat von Lindau hat am Dienstag den Bau einer zweiten Seebrücke für 48 Millionen Euro beschlossen.",
        "Die Bodensee-Schifffahrt stellt ihren Winterfahrplan wegen Niedrigwassers bereits am Freitag um.",
        "Ein Brand in einer Lagerhalle in Friedrichshafen hat am Montagabend einen Schaden von 2 Millionen Euro verursacht.",
    ]
    body = (
        "Die Brücke soll 2029 fertig sein und die Insel mit dem Festland verbinden, teilte die Stadt mit. "
        "Der Bund übernimmt nach Angaben des Oberbürgermeisters rund die Hälfte der Kosten."
    )
    wire = Article(id="wire", text=f"{leads[0]}\n\n{body}", provider="dpa")
    digest = Article(id="digest", text="Der Morgen am See\n\n" + "\n\n".join(leads), outlet="Seeblatt")
    copy = Article(id="copy", text=f"Lokales\n\n{leads[0]}\n\n{body}", outlet="Lindauer Bote")
    index = LiveIndex(Config())
    for article in (wire, digest, copy):
        index.add(article)
    cluster = index.cluster_of("copy")
    assert sorted(m["article_id"] for m in cluster["members"]) == ["copy", "wire"]
    for member in cluster["members"]:
        lead = next(p for p in member["paragraphs"] if member["text"][p["start"] : p["end"]] == leads[0])
        assert lead["status"] == "verbatim", member["article_id"]


def test_a_footer_whose_first_holders_include_a_copy_is_judged_again_at_the_next_holder() -> None:
    # The agency's own footer under three different reports, the second one also carried by an
    # outlet: at three holders the footer is held in two contexts (a story and its copy, and one
    # more report), undecided; the third report decides it, not the sixth holder.
    footer = "For a live blog on U.S., UK and European stock markets, see the Markets Live page."
    days = [
        "Wall Street ended higher on Tuesday as chipmakers rallied after strong results from Orvane "
        "Semiconductor.\n\nThe Nasdaq gained 1.8%, its best day since January, led by Orvane's 11% jump.",
        "Stocks fell on Wednesday, dragged down by banks after Castell Financial warned of weaker lending."
        "\n\nRegional lenders lost 3.4% as a group; Treasury yields slipped to a two-month low.",
        "The Dow closed at a record on Thursday as oil prices eased and investors bet on lower interest "
        "rates.\n\nAirlines led the gains, with Meridian Air up 6% after it raised its forecast.",
    ]
    items = [Article(id=f"close-{n}", text=f"{day}\n\n{footer}") for n, day in enumerate(days)]
    copy = Article(id="copy-1", text=items[1].text, outlet="Keystone Business Daily")
    index = LiveIndex(Config())
    for article in (items[0], items[1], copy):
        index.add(article)
    assert line_hash(line_key(footer)) not in index.furniture_lines(), "two contexts: not yet furniture"
    index.add(items[2])
    assert line_hash(line_key(footer)) in index.furniture_lines()
    member = next(m for m in index.cluster_of("close-0")["members"] if m["article_id"] == "close-0")
    (last,) = [p for p in member["paragraphs"] if member["text"][p["start"] : p["end"]] == footer]
    assert last["status"] == "boilerplate"
