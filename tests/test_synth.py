"""The synthetic suite: reproducible, and its gold says exactly what was done."""

from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from datetime import UTC
from pathlib import Path

import pytest

from dedupe.evaluate import GOLD_STATUSES, Dataset
from dedupe.suites import find_shared, shared_suite
from dedupe.synth import OWN_PARAGRAPHS, derive_version, generate_suite, paragraphs_of, split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared"

WIRE = [
    "Berlin (dpa) - Die Stadtwerke haben am Montag 1.500 neue Ladesäulen in Betrieb genommen. "
    "Das teilte ein Sprecher mit. Bis Ende des Jahres sollen rund 2.000 weitere folgen.",
    "„Wir kommen gut voran“, sagte Geschäftsführerin Petra Lindner. Die Nachfrage sei jedoch "
    "höher als erwartet, vor allem in den Außenbezirken.",
    "Kritik kam vom Ukraine-Hilfe-Verein nicht, wohl aber vom Mieterbund. Dieser bemängelte, "
    "dass Säulen in Wohnvierteln zuletzt seltener gebaut worden seien.",
    "Die Kosten des Programms liegen bei etwa 40 Millionen Euro. Der Bund übernimmt davon "
    "ungefähr die Hälfte, wie das Verkehrsministerium bereits im Frühjahr erklärte.",
]
NEGATIVE = "Ein Kaninchenzüchterverein feiert Jubiläum. Die Mitglieder laden zum Tag der offenen Tür ein."


@pytest.fixture(scope="module")
def suite() -> list[dict]:
    return generate_suite(
        ["\n\n".join(WIRE)] * 1 + ["\n\n".join(reversed(WIRE))], negatives=[NEGATIVE], seed=3
    )


def _plain(text: str) -> str:
    """Undo the typographic variants (they never change a status)."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"[„“«»\"]", '"', text)
    return re.sub(r"(\d)[. ](\d{3})\b", r"\1\2", text)


def _versions(records):
    return [r for r in records if r["type"] == "article" and "gold_paragraphs" in r]


def test_same_seed_same_suite_other_seed_other_suite(suite):
    again = generate_suite(["\n\n".join(WIRE), "\n\n".join(reversed(WIRE))], negatives=[NEGATIVE], seed=3)
    other = generate_suite(["\n\n".join(WIRE), "\n\n".join(reversed(WIRE))], negatives=[NEGATIVE], seed=4)
    assert again == suite
    assert other != suite


def test_each_story_is_one_cluster_of_wire_plus_three_to_six_versions(suite):
    sizes = Counter(r["gold_cluster"] for r in suite if r["type"] == "article")
    assert sizes["story-0000"] in range(4, 8) and sizes["story-0001"] in range(4, 8)
    negatives = [r for r in suite if "negative" in r.get("tags", ())]
    assert [sizes[n["gold_cluster"]] for n in negatives] == [1]
    Dataset.from_records(suite)  # the records pass the dataset validation


def test_gold_spans_are_exact_ordered_and_cover_all_but_separators():
    records = generate_suite(["\n\n".join(WIRE)] * 30, negatives=[], seed=11)
    for rec in _versions(records):
        text, gold = rec["text"], rec["gold_paragraphs"]
        assert all(g["status"] in GOLD_STATUSES for g in gold)
        assert all(a["end"] <= b["start"] for a, b in zip(gold, gold[1:], strict=False))
        covered = "".join(text[g["start"] : g["end"]] for g in gold)
        assert len(covered) + sum(1 for c in text if c.isspace()) >= len(text)
        rest = list(text)
        for g in gold:
            span = text[g["start"] : g["end"]]
            assert span and span == span.strip()
            rest[g["start"] : g["end"]] = [""] * (g["end"] - g["start"])
        assert "".join(rest).strip() == "", "text outside gold spans must be separators only"


def test_statuses_say_where_text_came_from():
    records = generate_suite(["\n\n".join(WIRE)] * 40, negatives=[], seed=5)
    wire = _plain("\n\n".join(WIRE))
    own = {_plain(p) for p in OWN_PARAGRAPHS}
    seen = Counter()
    for rec in _versions(records):
        for g in rec["gold_paragraphs"]:
            span = _plain(rec["text"][g["start"] : g["end"]])
            seen[g["status"]] += 1
            if g["status"] == "unique":
                assert span in own
            elif g["status"] == "boilerplate":
                assert span not in wire
            elif g["status"] == "verbatim":
                assert span in wire
    assert set(seen) == set(GOLD_STATUSES), "forty stories should show every status"


def test_own_paragraphs_are_never_repeated_within_a_story():
    records = generate_suite(["\n\n".join(WIRE)] * 20, negatives=[], seed=2)
    per_story = defaultdict(list)
    for rec in _versions(records):
        for g in rec["gold_paragraphs"]:
            if g["status"] == "unique":
                per_story[rec["gold_cluster"]].append(rec["text"][g["start"] : g["end"]])
    assert per_story, "some versions should add own paragraphs"
    for story, paragraphs in per_story.items():
        assert len(paragraphs) == len(set(paragraphs)), story


def test_own_pool_paragraphs_are_used_once_in_the_whole_suite():
    pool = [f"Eigener Absatz Nummer {i} über den Kleingartenverein am Stadtrand." for i in range(400)]
    records = generate_suite(["\n\n".join(WIRE)] * 40, negatives=[], own_pool=pool, seed=9)
    used = [
        _plain(r["text"][g["start"] : g["end"]])
        for r in _versions(records)
        for g in r["gold_paragraphs"]
        if g["status"] == "unique"
    ]
    assert used and len(used) == len(set(used)) and set(used) <= set(pool)


def test_transformation_flags_match_the_text():
    rng = random.Random(0)
    flagged = Counter()
    for _ in range(200):
        text, gold, tags = derive_version(
            WIRE, rng, outlet=("Testblatt", "TB"), when=_when(), own=OWN_PARAGRAPHS[:3]
        )
        flagged.update(tags)
        content = [g for g in gold if g["status"] != "boilerplate"]
        if "merged" in tags:
            assert all(text[a["end"] : b["start"]] == " " for a, b in zip(content, content[1:], strict=False))
        if "reworded" in tags:
            assert any(g["status"] in ("edited", "rewritten") for g in gold)
        else:
            assert all(g["status"] in ("verbatim", "unique", "boilerplate") for g in gold)
        if "cut" in tags:
            wire_chars = sum(g["end"] - g["start"] for g in content if g["status"] != "unique")
            assert wire_chars < sum(len(p) for p in WIRE) + 20
        if "furniture" not in tags:
            assert all(g["status"] != "boilerplate" for g in gold)
        if "own" not in tags:
            assert all(g["status"] != "unique" for g in gold)
    for tag in ("furniture", "cut", "reordered", "resegmented", "merged", "typography", "own", "reworded"):
        assert flagged[tag] > 5, tag


def _when():
    from datetime import datetime

    return datetime(2024, 10, 21, 9, tzinfo=UTC)


def test_typography_variants_appear():
    rng = random.Random(1)
    texts = [derive_version(WIRE, rng, outlet=("T", "T"), when=_when())[0] for _ in range(300)]
    joined = "\n".join(texts)
    assert "1500" in joined and "1 500" in joined and "\u00a0" in joined and "\u00ad" in joined
    assert "«" in joined or "»" in joined
    assert "Ukrainehilfe-Verein" in joined or re.search(r"Ukraine[a-z]", joined)


def test_one_block_sources_are_split_into_paragraphs_of_two_to_four_sentences():
    block = " ".join(f"Satz Nummer {i} steht hier." for i in range(1, 15))
    paragraphs = paragraphs_of(block, rng=random.Random(0))
    assert len(paragraphs) >= 3
    assert all(2 <= len(split_sentences(p)) <= 5 for p in paragraphs)
    assert " ".join(paragraphs) == block


@pytest.mark.shared
@pytest.mark.skipif(find_shared(SHARED) is None, reason="../shared data not found beside the repository")
def test_shared_suite_is_large_and_fast():
    started = time.perf_counter()
    records = shared_suite(SHARED, stories=300, seed=0)
    seconds = time.perf_counter() - started
    articles = [r for r in records if r["type"] == "article"]
    stories = Counter(r["gold_cluster"] for r in articles if r["gold_cluster"].startswith("story-"))
    assert len(stories) == 300
    derived = Counter(r["gold_cluster"] for r in articles if "gold_paragraphs" in r)
    assert all(3 <= n <= 6 for n in derived.values())
    assert sum(1 for r in articles if "negative" in r["tags"]) >= 250
    assert seconds < 30
    assert sum(1 for r in articles if "reworded" in r["tags"]) > 100
    assert sum(1 for r in articles if "resegmented" in r["tags"]) > 100


def test_a_story_may_have_more_versions_than_there_are_outlets():
    from dedupe.synth_furniture import OUTLETS

    count = len(OUTLETS) + 3
    records = generate_suite(
        ["\n\n".join(WIRE)], negatives=[], versions=(count, count), pairs_per_story=0, seed=1
    )
    articles = [r for r in records if r["type"] == "article"]
    assert len(articles) == count + 1  # the wire and its versions
    assert len({r["gold_cluster"] for r in articles}) == 1
