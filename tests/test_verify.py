"""Pairwise verification through the public ``dedupe.compare`` and the measures behind it.

The similarity model's coefficients are refitted from time to time, so these tests
check orderings and clear-cut labels, never exact scores or the threshold.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import dedupe
from dedupe.article import Article
from dedupe.config import Config
from dedupe.document import RARE_WEIGHT, Document, prepare
from dedupe.verify import (
    Evidence,
    compare_documents,
    measure,
    relation_of,
    sentence_alignment,
    similarity,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
T0 = datetime(2024, 10, 23, 9, 0, tzinfo=UTC)


def text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def compare(a: str, b: str, **kwargs) -> dedupe.Comparison:
    return dedupe.compare(text(a), text(b), language=a[:2], **kwargs)


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
def test_verbatim_scores_at_least_edited_and_edited_above_unrelated(lang: str) -> None:
    other = "de_other_museum" if lang == "de" else f"{lang}_other"
    verbatim = compare(f"{lang}_wire", f"{lang}_site")
    edited = compare(f"{lang}_wire", f"{lang}_edited")
    unrelated = compare(f"{lang}_wire", other)
    assert verbatim.similarity >= edited.similarity > unrelated.similarity
    assert verbatim.jaccard > edited.jaccard > unrelated.jaccard
    assert unrelated.similarity < 0.5


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        pytest.param("de_wire", "de_wire", "verbatim", id="identical"),
        pytest.param("de_wire", "de_site", "verbatim", id="de-in-furniture"),
        pytest.param("de_wire", "de_typo", "verbatim", id="de-typography"),
        pytest.param("de_wire", "de_block", "verbatim", id="de-one-block"),
        pytest.param("de_wire", "de_edited", "edited", id="de-cut-and-changed"),
        pytest.param("de_wire", "de_other_museum", "unrelated", id="de-museum"),
        pytest.param("de_wire", "de_other_tram", "unrelated", id="de-tram"),
        pytest.param("en_wire", "en_site", "verbatim", id="en-in-furniture"),
        pytest.param("en_wire", "en_edited", "edited", id="en-edited"),
        pytest.param("en_wire", "en_other", "unrelated", id="en-unrelated"),
        pytest.param("fr_wire", "fr_site", "verbatim", id="fr-in-furniture"),
        pytest.param("fr_wire", "fr_edited", "edited", id="fr-edited"),
        pytest.param("fr_wire", "fr_other", "unrelated", id="fr-unrelated"),
    ],
)
def test_relation_of_clear_cases(a: str, b: str, relation: str) -> None:
    assert compare(a, b).relation == relation
    assert compare(b, a).relation == relation


def test_reordered_paragraphs_are_still_copy() -> None:
    assert compare("de_wire", "de_reordered").relation in ("verbatim", "edited")


def test_identical_texts_are_fully_similar() -> None:
    result = compare("de_wire", "de_wire")
    assert result.jaccard == 1.0 and result.containment == (1.0, 1.0)
    assert result.similarity > 0.99


def test_wire_text_inside_a_long_page_is_contained_in_it() -> None:
    wire_in_page, page_in_wire = compare("de_wire", "de_site").containment
    assert wire_in_page > 0.95
    assert page_in_wire < wire_in_page
    # Reversed arguments reverse the pair.
    assert compare("de_site", "de_wire").containment == (page_in_wire, wire_in_page)


def test_cut_version_is_contained_in_the_full_one_more_than_the_reverse() -> None:
    full_in_cut, cut_in_full = compare("de_wire", "de_edited").containment
    assert cut_in_full > full_in_cut


def test_short_wire_paragraph_inside_a_page_is_highly_contained() -> None:
    paragraph = text("de_wire").split("\n\n")[1]
    in_page, page_in = dedupe.compare(paragraph, text("de_site")).containment
    assert in_page == 1.0 and page_in < 0.3


@pytest.mark.parametrize(
    ("a", "b"),
    [("de_wire", "de_site"), ("de_wire", "de_edited"), ("de_wire", "de_digest"), ("de_wire", "de_other_tram"),
     ("en_wire", "en_edited"), ("fr_wire", "fr_edited"), ("de_site", "de_reordered")],
)  # fmt: skip
def test_similarity_is_symmetric(a: str, b: str) -> None:
    assert compare(a, b).similarity == pytest.approx(compare(b, a).similarity, abs=1e-6)
    assert compare(a, b).jaccard == pytest.approx(compare(b, a).jaccard)


def _dated(name: str, when: datetime) -> Article:
    return Article(id=name, text=text(name), published_at=when)


@pytest.mark.parametrize("derived", ["de_edited", "de_site"])
def test_far_apart_in_time_scores_lower_than_close_together(derived: str) -> None:
    config = Config(window_days=4)
    close = dedupe.compare(_dated("de_wire", T0), _dated(derived, T0 + timedelta(hours=3)), config=config)
    far = dedupe.compare(_dated("de_wire", T0), _dated(derived, T0 + timedelta(days=120)), config=config)
    assert far.similarity < close.similarity
    assert far.evidence.days_apart == pytest.approx(120.0)
    assert close.evidence.days_apart == pytest.approx(0.125)


def test_no_window_means_time_does_not_matter() -> None:
    config = Config(window_days=0)
    close = dedupe.compare(_dated("de_wire", T0), _dated("de_edited", T0), config=config)
    far = dedupe.compare(_dated("de_wire", T0), _dated("de_edited", T0 + timedelta(days=120)), config=config)
    assert far.similarity == close.similarity


def test_missing_times_do_not_count_as_far_apart() -> None:
    undated = dedupe.compare(text("de_wire"), text("de_edited"))
    assert undated.evidence.days_apart is None
    assert undated.relation == "edited"


def test_measures_are_shares() -> None:
    docs = [
        prepare(Article(id=n, text=text(n))) for n in ("de_wire", "de_edited", "de_digest", "de_other_tram")
    ]
    for a in docs:
        for b in docs:
            e = measure(a, b)
            for value in (e.jaccard, *e.containment, e.rare_containment, e.sentence_alignment):
                assert 0.0 <= value <= 1.0 + 1e-9  # sums of floats may overshoot by an ulp
            assert e.number_agreement is None or 0.0 <= e.number_agreement <= 1.0
            assert 0.0 <= similarity(e) <= 1.0


def test_shared_numbers_agree_for_copies_and_disagree_for_other_stories() -> None:
    wire, typo, tram = (prepare(Article(id=n, text=text(n))) for n in ("de_wire", "de_typo", "de_other_tram"))
    assert measure(wire, typo).number_agreement == 1.0
    assert measure(wire, tram).number_agreement in (None, 0.0)


def _evidence(surface: float) -> Evidence:
    return Evidence(
        jaccard=surface, containment=(surface, surface), rare_containment=0.9, shared_rare_weight=100.0,
        sentence_alignment=0.9, number_agreement=1.0, days_apart=None,
    )  # fmt: skip


def test_relation_names_follow_surface_overlap_above_the_threshold() -> None:
    assert relation_of(_evidence(1.0), 0.9, 0.6) == "verbatim"
    assert relation_of(_evidence(0.6), 0.9, 0.6) == "edited"
    assert relation_of(_evidence(0.05), 0.9, 0.6) == "rewritten"
    assert relation_of(_evidence(1.0), 0.5, 0.6) == "unrelated"


def test_higher_threshold_can_only_turn_links_into_unrelated() -> None:
    a, b = (prepare(Article(id=n, text=text(n))) for n in ("de_wire", "de_digest"))
    low = compare_documents(a, b, threshold=0.01)
    high = compare_documents(a, b, threshold=0.999999)
    assert low.similarity == high.similarity
    assert low.relation != "unrelated"
    assert high.relation == "unrelated"


def test_comparison_to_dict_is_json() -> None:
    result = compare("de_wire", "de_edited").to_dict()
    again = json.loads(json.dumps(result))
    assert again["relation"] == "edited"
    assert set(again) >= {"similarity", "relation", "jaccard", "containment", "evidence"}
    assert len(again["containment"]) == 2


def test_compare_accepts_articles_and_their_language() -> None:
    a = Article(id="wire", text=text("fr_wire"), language="fr")
    b = Article(id="edited", text=text("fr_edited"), language="fr")
    assert dedupe.compare(a, b).relation == "edited"


def test_empty_text_is_unrelated_to_everything() -> None:
    result = dedupe.compare("", text("de_wire"))
    assert result.relation == "unrelated"
    assert result.containment == (0.0, 0.0)


def _aligned_by_hand(a: Document, b: Document, share: float, min_terms: int) -> float:
    """The definition of sentence alignment, spelled out: every sentence against every other."""

    def rare_sentences(doc: Document) -> list[dict[str, float]]:
        out = []
        for p in doc.content:
            for s in p.sentences:
                rare = {t: w for t, w in s.terms.items() if w >= RARE_WEIGHT}
                if rare:
                    out.append(rare)
        return out

    left, right = rare_sentences(a), rare_sentences(b)
    if sum(map(len, left)) > sum(map(len, right)):
        left, right = right, left
    total = hit = 0.0
    for sentence in left:
        w = sum(sentence.values())
        total += w
        for other in right:
            shared = [k for k in sentence if k in other]
            if len(shared) >= min_terms and sum(sentence[k] for k in shared) >= share * w:
                hit += w
                break
    return hit / total if total else 0.0


@pytest.mark.parametrize(("share", "min_terms"), [(0.5, 2), (0.0, 1), (0.3, 3), (0.9, 2), (1.0, 1)])
def test_sentence_alignment_matches_its_definition(share: float, min_terms: int) -> None:
    names = ("de_wire", "de_edited", "de_reordered", "de_digest", "de_other_tram", "de_block", "en_wire")
    docs = [prepare(Article(id=n, text=text(n))) for n in names]
    for a in docs:
        for b in docs:
            got = sentence_alignment(a, b, share=share, min_terms=min_terms)
            assert got == _aligned_by_hand(a, b, share, min_terms), (a.id, b.id)
    assert sentence_alignment(docs[0], docs[1], share=share, min_terms=min_terms) > 0.0


def _credited(name: str, day: int) -> Article:
    # Outlets print agency copy with a dated credit line; the text carries no other date.
    return Article(id=name, text=f"{text(name)}\n\n(APA, {day}.3.2024)")


def test_undated_texts_are_placed_in_time_by_their_agency_credit_line() -> None:
    config = Config(window_days=4)
    close = dedupe.compare(_credited("de_wire", 1), _credited("de_edited", 2), config=config)
    far = dedupe.compare(_credited("de_wire", 1), _credited("de_edited", 25), config=config)
    assert close.evidence.days_apart == pytest.approx(1.0)
    assert far.evidence.days_apart == pytest.approx(24.0)
    assert far.similarity < close.similarity
    declared = Article(id="de_edited", text=_credited("de_edited", 25).text, published_at=T0)
    assert _credited("de_wire", 1).reference_time() != T0
    assert declared.reference_time() == T0  # a declared time wins over the credit line


def test_copies_are_measured_once_per_distinct_text_and_compare_as_measured(monkeypatch) -> None:
    from dedupe import verify

    config = Config(window_days=4)
    # Seven copies of the wire on seven sites over nine days, an edited version, another story.
    articles = [_dated("de_wire", T0 + timedelta(days=1.5 * k)) for k in range(7)]
    articles = [
        Article(id=f"copy-{k}", text=a.text, published_at=a.published_at) for k, a in enumerate(articles)
    ]
    articles += [_dated("de_edited", T0 + timedelta(hours=5)), _dated("de_other_tram", T0)]
    docs = [prepare(a) for a in articles]
    calls = []
    monkeypatch.setattr(verify, "measure", lambda a, b: calls.append((a.id, b.id)) or measure(a, b))
    measures = verify.Measures(
        docs,
        threshold=config.threshold,
        window_days=config.window_days,
        rewrite_evidence=config.rewrite_evidence,
    )
    pairs = [(i, j) for i in range(len(docs)) for j in range(i + 1, len(docs))]
    for i, j in pairs:
        expected = compare_documents(
            docs[i], docs[j], threshold=config.threshold, window_days=config.window_days
        )
        assert measures.compare(i, j) == expected, (i, j)
        linkable = verify.may_link(
            docs[i], docs[j], threshold=config.threshold, rewrite_evidence=config.rewrite_evidence
        )
        assert measures.may_link(i, j) == linkable
    # copy-copy once, copy-edited once, copy-other once, edited-other once; the test's
    # own reference measures above are counted too (one per pair).
    assert len(calls) - len(pairs) == 4
    # The copies far apart in time keep their own time apart and score lower.
    assert measures.compare(0, 6).evidence.days_apart == pytest.approx(9.0)
    assert measures.compare(0, 6).similarity < measures.compare(0, 1).similarity


@pytest.mark.parametrize("days", [14, 30, 365])
def test_a_verbatim_copy_weeks_later_still_links_and_an_edited_one_does_not(days: int) -> None:
    # An outlet that runs a wire story again weeks later ran the same story; an edited
    # version that far apart needs evidence the window denies it.
    start = datetime(2024, 10, 1, tzinfo=UTC)
    later = start + timedelta(days=days)
    wire = Article(id="wire", text=text("de_wire"), published_at=start)
    again = Article(id="again", text=text("de_wire"), published_at=later)
    edited = Article(id="edited", text=text("de_edited"), published_at=later)
    assert dedupe.compare(wire, again).relation == "verbatim"
    assert dedupe.compare(wire, edited).relation == "unrelated"
    clusters = dedupe.cluster([wire, again])["clusters"]
    assert [len(c["members"]) for c in clusters] == [2]
