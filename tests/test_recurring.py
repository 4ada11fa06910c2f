"""The ledger of recurring lines the live index uses to find outlet furniture."""

from __future__ import annotations

import subprocess
import sys

from dedupe.article import Article
from dedupe.boilerplate import line_key
from dedupe.document import prepare
from dedupe.recurring import (
    MAX_HOLDERS,
    FurnitureKeys,
    RecurringLines,
    is_furniture,
    line_hash,
    line_hashes,
    mostly_unrelated,
    overlap_beyond_line,
)

BIO = "Jana Beispiel berichtet für Testpost Digital über Politik und freut sich über Hinweise unserer Leser."


def doc(article_id: str, *paragraphs: str):
    return prepare(Article(id=article_id, text="\n\n".join(paragraphs), language="de"))


def test_line_hash_is_the_same_in_every_process() -> None:
    # Stored hashes are compared after a restart, under another PYTHONHASHSEED.
    code = "from dedupe.recurring import line_hash; print(line_hash('startseite > politik'))"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert runs == {str(line_hash("startseite > politik"))}


def test_lines_are_content_paragraphs_and_their_sentences() -> None:
    d = doc("a", "Zum Inhalt springen", "Der Rat tagte am Montag. Er beschloss den Haushalt.", BIO)
    keys = set(line_hashes(d).values())
    assert line_key(BIO) in keys
    assert line_key("Der Rat tagte am Montag.") in keys  # a sentence of a longer paragraph
    assert line_key("Zum Inhalt springen") not in keys  # furniture by its wording already


def test_ledger_judges_a_line_at_three_six_and_twelve_holders() -> None:
    ledger = RecurringLines(min_docs=3)
    due_at = [n for n in range(1, 15) if ledger.register(f"a{n}", [7])]
    assert due_at == [3, 6, 12]
    assert len(ledger.holders(7)) == MAX_HOLDERS


def test_ledger_skips_lines_already_furniture_and_forgets_removed_holders() -> None:
    ledger = RecurringLines(min_docs=3)
    ledger.register("a", [1, 2])
    ledger.register("b", [1, 2])
    ledger.mark(1)
    assert ledger.register("c", [1, 2]) == [2]
    ledger.unregister("b")
    assert ledger.holders(1) == ("a", "c") and ledger.lines_of("b") == ()
    ledger.register("a", [2])  # a new version without line 1
    assert ledger.holders(1) == ("c",)


def test_furniture_keys_take_line_keys() -> None:
    keys = FurnitureKeys([line_hash(line_key(BIO))])
    assert line_key(BIO) in keys and len(keys) == 1
    assert line_key("Der Rat tagte am Montag.") not in keys and 17 not in keys


def test_a_line_across_unrelated_articles_is_furniture_across_copies_not() -> None:
    museum = (
        "Das Stadtmuseum zeigt ab Freitag Fotografien aus drei Jahrzehnten Hafengeschichte und Schiffbau."
    )
    tram = (
        "Die neue Straßenbahnlinie zum Flughafen nimmt nach zwei Jahren Bauzeit im Frühjahr den Betrieb auf."
    )
    budget = "Der Gemeinderat hat den Haushalt für das kommende Jahr mit knapper Mehrheit beschlossen."
    key = line_key(BIO)
    unrelated = [doc("m", museum, BIO), doc("t", tram, BIO), doc("b", budget, BIO)]
    assert is_furniture(unrelated, key, 5)
    copies = [doc(f"c{n}", museum, BIO) for n in range(3)]
    assert not is_furniture(copies, key, 5)
    # A one-paragraph item and its verbatim copies: nothing besides the line to compare.
    only = [doc(f"o{n}", museum) for n in range(3)]
    assert overlap_beyond_line(only[0], only[1], line_key(museum), 5) == 1.0
    assert not is_furniture(only, line_key(museum), 5)


def test_restore_takes_numpy_hashes_keeps_the_cap_and_judges_nothing() -> None:
    import numpy as np

    ledger = RecurringLines(min_docs=3)
    for n in range(MAX_HOLDERS + 2):
        ledger.restore(f"a{n}", np.array([5, 5, -9], dtype=np.int64))
    assert ledger.holders(5) == tuple(f"a{n}" for n in range(MAX_HOLDERS))
    assert list(ledger.lines_of("a0")) == [-9, 5] and all(type(k) is int for k in ledger.lines_of("a0"))
    assert len(ledger.furniture) == 0


def test_a_line_whose_holders_share_nothing_else_is_furniture() -> None:
    # promo line under three unrelated stories: their pairs share next to nothing else
    unrelated = {("museum", "ship"): 0.0, ("museum", "tram"): 0.0, ("ship", "tram"): 0.01}
    assert mostly_unrelated(["museum", "ship", "tram"], lambda a, b: unrelated[(a, b)])


def test_a_paragraph_shared_by_versions_of_one_story_is_not_furniture() -> None:
    versions = {("edited", "site"): 0.7, ("edited", "wire"): 0.8, ("site", "wire"): 0.95}
    assert not mostly_unrelated(["edited", "site", "wire"], lambda a, b: versions[(a, b)])


def test_a_lead_two_copies_carry_and_one_teaser_box_quotes_is_not_furniture() -> None:
    # Held in two contexts (the story, another page's teaser box), not three: copy.
    overlaps = {("teaser", "wire"): 0.0, ("teaser", "copy"): 0.0, ("wire", "copy"): 0.9}
    assert not mostly_unrelated(["teaser", "wire", "copy"], lambda a, b: overlaps[(a, b)])
