"""The batch's candidate pairs: the per-article loop's pairs, found in bulk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

import dedupe.candidates as candidates_module
from dedupe.article import Article
from dedupe.candidates import candidate_pairs, max_apart, outside_window, sketch_documents
from dedupe.cluster import build_clusters, is_excluded
from dedupe.config import Config
from dedupe.document import Document, prepare
from dedupe.index import CandidateIndex, Signatures

ROOT = Path(__file__).resolve().parents[1]
DAY0 = datetime(2024, 10, 21, 9, 0, tzinfo=UTC)


def _doc(n: int, when: datetime | None, text: str = "Ein kurzer Text über den Rat in Wien.") -> Document:
    return prepare(Article(id=f"d{n}", text=text, published_at=when))


def _loop(docs: list[Document], config: Config) -> set[tuple[int, int]]:
    """The batch's candidates as build_clusters found them before: query, then add, per document."""
    index = CandidateIndex(config)
    eligible = [i for i, d in enumerate(docs) if len(d.shingles) and not is_excluded(d.article, config)]
    pairs = set()
    for i, sig in zip(eligible, index.sketch([docs[i] for i in eligible]), strict=True):
        surface, terms = index.query_views(sig)
        for hit in surface | terms:
            j = int(hit)
            if hit not in surface and outside_window(docs[i], docs[j], config):
                continue
            pairs.add((j, i))
        index.add(str(i), sig)
    return pairs


def test_the_window_drops_only_pairs_that_collide_in_the_terms_view_alone() -> None:
    config = Config(window_days=4.0)
    rng = np.random.default_rng(3)

    def draw() -> np.ndarray:
        return rng.integers(0, 2**32, size=config.num_perm, dtype=np.uint64)

    copy_surface, copy_terms = draw(), draw()
    rewrite_terms = [draw() for _ in range(3)]
    signatures = [
        Signatures(surface=copy_surface, terms=copy_terms),  # 0 and 1: a copy, ten days on
        Signatures(surface=copy_surface, terms=copy_terms),
        Signatures(surface=draw(), terms=rewrite_terms[0]),  # 2 and 3: a rewrite, ten days on
        Signatures(surface=draw(), terms=rewrite_terms[0]),
        Signatures(surface=draw(), terms=rewrite_terms[1]),  # 4 and 5: a rewrite, a day on
        Signatures(surface=draw(), terms=rewrite_terms[1]),
        Signatures(surface=draw(), terms=rewrite_terms[2]),  # 6 undated and 7: a rewrite
        Signatures(surface=draw(), terms=rewrite_terms[2]),
    ]
    days = [0, 10, 0, 10, 0, 1, None, 10]
    docs = [_doc(n, None if d is None else DAY0 + timedelta(days=d)) for n, d in enumerate(days)]
    pairs = candidate_pairs(docs, list(range(8)), signatures, config)
    assert pairs == {(0, 1), (4, 5), (6, 7)}
    assert candidate_pairs(docs, list(range(8)), signatures, Config(window_days=0)) == {
        (0, 1),
        (2, 3),
        (4, 5),
        (6, 7),
    }
    # Positions are those in docs, not in the eligible list.
    assert candidate_pairs(docs, [0, 2, 4, 5], [signatures[i] for i in (0, 2, 4, 5)], config) == {(4, 5)}


@pytest.mark.parametrize("window_days", [4.0, 1.0, 0.1, 1 / 3, 2.5e-7, 1e-9, 123.456])
def test_max_apart_is_the_last_gap_outside_window_lets_through(window_days: float) -> None:
    config = Config(window_days=window_days)
    gap = max_apart(config)
    assert gap is not None
    a = _doc(0, DAY0)
    assert not outside_window(a, _doc(1, DAY0 + timedelta(microseconds=gap)), config)
    assert outside_window(a, _doc(2, DAY0 + timedelta(microseconds=gap + 1)), config)
    assert outside_window(_doc(3, DAY0 - timedelta(microseconds=gap + 1)), a, config)


def test_a_window_wider_than_any_two_dates_cuts_nothing() -> None:
    assert max_apart(Config(window_days=0)) is None
    assert max_apart(Config(window_days=1e9)) is None
    assert max_apart(Config(window_days=float("inf"))) is None
    # Still inside datetime's range, where microseconds are past float's integers.
    gap, limit = max_apart(Config(window_days=3e6)), 3e6 * 86400.0
    assert gap is not None and gap / 10**6 <= limit < (gap + 1) / 10**6


def test_real_documents_get_the_per_document_loops_pairs() -> None:
    texts = sorted((ROOT / "fixtures" / "engine").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    docs = [
        _doc(n, None if n % 5 == 4 else DAY0 + timedelta(days=3 * (n % 4)), path.read_text(encoding="utf-8"))
        for n, path in enumerate(texts)
    ]
    config = Config()
    eligible = [i for i, d in enumerate(docs) if len(d.shingles) and not is_excluded(d.article, config)]
    index = CandidateIndex(config)
    signatures = index.sketch([docs[i] for i in eligible])
    pairs = candidate_pairs(docs, eligible, signatures, config, index=index)
    assert pairs == _loop(docs, config)
    assert len(pairs) >= 10


def test_build_clusters_reports_progress_over_the_eligible_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates_module, "_SKETCH_CHUNK", 2)
    docs = [
        _doc(n, DAY0, path.read_text(encoding="utf-8"))
        for n, path in enumerate(sorted(ROOT.glob("seeds/*.txt")))
    ]
    docs.append(_doc(99, DAY0, " "))  # no shingles: not eligible, no progress
    steps: list[int] = []
    groups, _, pairs = build_clusters(docs, Config(), progress=steps.append)
    assert steps == [2, 2, 1]
    assert pairs == 10 and sorted(map(len, groups)) == [1, 5]


def test_sketching_in_chunks_gives_the_same_signatures(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [
        _doc(n, None, path.read_text(encoding="utf-8"))
        for n, path in enumerate(sorted(ROOT.glob("seeds/*.txt")))
    ]
    index = CandidateIndex(Config())
    whole = index.sketch(docs)
    monkeypatch.setattr(candidates_module, "_SKETCH_CHUNK", 2)
    chunked = sketch_documents(index, docs)
    for a, b in zip(whole, chunked, strict=True):
        assert all(np.array_equal(a[view], b[view]) for view in ("surface", "terms"))
