"""Candidate search: LSH proposes near-duplicates, refuses mixed signatures."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe.index as index_module
from dedupe.article import Article
from dedupe.config import Config
from dedupe.document import prepare
from dedupe.errors import DedupeError, SignatureMismatchError
from dedupe.index import TERMS_WEIGHTS, UNDATED, CandidateIndex, Signatures, check_params

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
NAMES = [
    "de_wire",
    "de_site",
    "de_edited",
    "de_other_museum",
    "de_other_tram",
    "en_wire",
    "en_other",
    "fr_wire",
]


@pytest.fixture(scope="module")
def signatures() -> dict:
    index = CandidateIndex(Config())
    docs = [
        prepare(Article(id=n, text=(FIXTURES / f"{n}.txt").read_text(encoding="utf-8"), language=n[:2]))
        for n in NAMES
    ]
    return dict(zip(NAMES, index.sketch(docs), strict=True))


def test_check_params_accepts_own_parameters() -> None:
    config = Config()
    check_params(config.sketch_params(), config)


@pytest.mark.parametrize(
    ("name", "value"),
    [("num_perm", 256), ("seed", 7), ("shingle_size", 4), ("scheme", "legacy"), ("normaliser_version", 0)],
)
def test_check_params_names_the_differing_parameter(name: str, value: object) -> None:
    config = Config()
    stored = {**config.sketch_params(), name: value}
    with pytest.raises(SignatureMismatchError) as caught:
        check_params(stored, config)
    message = str(caught.value)
    assert name in message and repr(value) in message
    others = set(config.sketch_params()) - {name}
    assert not any(f"{other}:" in message for other in others)
    assert isinstance(caught.value, DedupeError)


def test_check_params_refuses_signatures_without_parameters() -> None:
    with pytest.raises(SignatureMismatchError, match="num_perm"):
        check_params({}, Config())


def test_near_duplicates_are_proposed_and_unrelated_texts_are_not(signatures: dict) -> None:
    index = CandidateIndex(Config())
    for name in ("de_wire", "de_other_museum", "de_other_tram", "en_other"):
        index.add(name, signatures[name])
    assert "de_wire" in index.query(signatures["de_site"])
    assert "de_wire" in index.query(signatures["de_edited"])
    assert index.query(signatures["de_site"]) <= {"de_wire"}
    assert "de_wire" not in index.query(signatures["en_wire"])
    assert "de_wire" not in index.query(signatures["fr_wire"])


def test_add_replace_remove(signatures: dict) -> None:
    index = CandidateIndex(Config())
    index.add("x", signatures["de_wire"])
    index.add("x", signatures["de_other_museum"])  # same key: replaces
    assert len(index) == 1 and "x" in index
    assert "x" not in index.query(signatures["de_site"])
    assert "x" in index.query(signatures["de_other_museum"])
    index.remove("x")
    index.remove("x")  # removing twice is harmless
    assert len(index) == 0 and "x" not in index
    assert index.query(signatures["de_other_museum"]) == set()


def test_concurrent_adds_are_all_indexed(signatures: dict) -> None:
    index = CandidateIndex(Config())
    sig = signatures["de_wire"]

    def worker(n: int) -> None:
        for i in range(25):
            index.add(f"{n}-{i}", sig)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(index) == 100
    assert len(index.query(signatures["de_site"])) == 100


def test_band_tables_propose_exactly_what_datasketch_lsh_proposes() -> None:
    """Same bands, same collisions: our tables only store them more compactly."""
    from datasketch import LeanMinHash, MinHashLSH

    config = Config()
    rng = np.random.default_rng(5)
    bases = rng.integers(0, 2**32, size=(40, config.num_perm), dtype=np.uint64)
    sigs: dict[str, Signatures] = {}
    for n in range(400):
        views = {}
        for view in ("surface", "terms"):
            base = bases[rng.integers(len(bases))].copy()
            keep = rng.random(config.num_perm) < rng.uniform(0.0, 0.9)  # near copies to strangers
            views[view] = np.where(keep, base, rng.integers(0, 2**32, size=config.num_perm, dtype=np.uint64))
        sigs[f"a{n}"] = Signatures(views)
    ours = CandidateIndex(config)
    reference = {
        "surface": MinHashLSH(threshold=config.lsh_threshold_surface, num_perm=config.num_perm),
        "terms": MinHashLSH(
            threshold=config.lsh_threshold_terms, num_perm=config.num_perm, weights=TERMS_WEIGHTS
        ),
    }
    stored = list(sigs.items())[:300]
    ours.add_many(stored[:150])
    for key, sig in stored[150:]:
        ours.add(key, sig)
    for key, sig in stored:
        for view, lsh in reference.items():
            lsh.insert(key, LeanMinHash(seed=config.seed, hashvalues=sig[view], scheme="affine32"))
    proposed = 0
    for _, sig in sigs.items():
        surface, terms = ours.query_views(sig)
        expected = [
            set(reference[v].query(LeanMinHash(seed=config.seed, hashvalues=sig[v], scheme="affine32")))
            for v in reference
        ]
        assert (surface, terms) == tuple(expected)
        proposed += len(surface) + len(terms)
    assert proposed > 1000  # the planted near copies collide: the comparison is not vacuous


def test_removed_and_replaced_keys_stay_out_after_the_tables_merge(signatures: dict) -> None:
    index = CandidateIndex(Config())
    index.add("x", signatures["de_wire"])
    index.add("y", signatures["de_wire"])
    index.remove("y")
    index.add("x", signatures["de_other_museum"])
    before = index.nbytes
    index.compact()  # what a long-running service does as the fresh entries fill up
    assert index.nbytes > before  # the entries moved into the arrays...
    assert index.query(signatures["de_site"]) == set()
    assert index.query(signatures["de_other_museum"]) == {"x"}
    assert sorted(index.keys()) == ["x"]
    bands = sum(t.bands for t in index._tables.values())
    assert index.nbytes == bands * 12  # ...and only the live key's stayed, 12 bytes an entry


def _planted(rng: np.random.Generator, n: int, num_perm: int, stories: int) -> list[Signatures]:
    """Signatures drawn as near copies of a few stories' (each value kept or replaced)."""
    bases = rng.integers(0, 2**32, size=(stories, 2, num_perm), dtype=np.uint64)
    out = []
    for _ in range(n):
        story = bases[rng.integers(stories)]
        views = {}
        for v, view in enumerate(("surface", "terms")):
            keep = rng.random(num_perm) < rng.uniform(0.0, 0.95)
            views[view] = np.where(keep, story[v], rng.integers(0, 2**32, size=num_perm, dtype=np.uint64))
        out.append(Signatures(views))
    return out


def _one_by_one(
    config: Config, signatures: list[Signatures], times: np.ndarray | None, max_apart: int | None
) -> dict[str, set[tuple[int, int]]]:
    """What a query, then an add, per signature finds (the batch's loop before bulk pairs)."""
    index = CandidateIndex(config)
    found: dict[str, set[tuple[int, int]]] = {"surface": set(), "terms": set()}
    for i, sig in enumerate(signatures):
        surface, terms = index.query_views(sig)
        found["surface"].update((int(h), i) for h in surface)
        for hit in map(int, terms):
            dated = times is not None and times[i] != UNDATED and times[hit] != UNDATED
            if max_apart is not None and dated and abs(int(times[i]) - int(times[hit])) > max_apart:
                continue
            found["terms"].add((hit, i))
        index.add(str(i), sig)
    return found


def _decoded(codes: np.ndarray, n: int) -> set[tuple[int, int]]:
    assert np.all(codes[1:] > codes[:-1])  # sorted, no repeats
    return {(c // n, c % n) for c in codes.tolist()}


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 90),
    stories=st.integers(1, 12),
    undated=st.floats(0.0, 1.0),
    max_apart=st.one_of(st.none(), st.integers(0, 12)),
    pair_chunk=st.sampled_from([1, 5, 1 << 21]),
)
def test_colliding_pairs_are_what_adding_one_by_one_finds(
    seed: int, n: int, stories: int, undated: float, max_apart: int | None, pair_chunk: int
) -> None:
    config = Config()
    rng = np.random.default_rng(seed)
    signatures = _planted(rng, n, config.num_perm, stories)
    # Few distinct times, so that gaps of exactly max_apart (kept) and one more (dropped) occur.
    times = rng.integers(0, 20, size=n).astype(np.int64)
    times[rng.random(n) < undated] = UNDATED
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "_PAIR_CHUNK", pair_chunk)  # a bucket's pairs in pieces
        found = CandidateIndex(config).colliding_pairs(signatures, times=times, max_apart=max_apart, chunk=7)
    expected = _one_by_one(config, signatures, times, max_apart)
    assert {view: _decoded(codes, n) for view, codes in found.items()} == expected


def test_colliding_pairs_cut_only_the_terms_view_by_time() -> None:
    config = Config()
    rng = np.random.default_rng(11)
    signatures = _planted(rng, 300, config.num_perm, 20)
    times = rng.integers(0, 100, size=300).astype(np.int64)
    times[:30] = UNDATED
    index = CandidateIndex(config)
    everything = index.colliding_pairs(signatures)
    windowed = index.colliding_pairs(signatures, times=times, max_apart=10)
    assert np.array_equal(windowed["surface"], everything["surface"])
    assert len(everything["surface"]) > 1000 and len(everything["terms"]) > 1000  # not vacuous
    assert 0 < len(windowed["terms"]) < len(everything["terms"]) / 2
    assert _decoded(windowed["terms"], 300) == _one_by_one(config, signatures, times, 10)["terms"]
    kept = _decoded(windowed["terms"], 300)
    assert any(i < 30 or j < 30 for i, j in kept)  # undated rows pair whatever the times
    assert all(i < 30 or j < 30 or abs(times[i] - times[j]) <= 10 for i, j in kept)
    assert len(index) == 0  # the bulk search indexes nothing


def test_colliding_pairs_of_no_signatures_and_of_one() -> None:
    config = Config()
    index = CandidateIndex(config)
    assert {v: len(c) for v, c in index.colliding_pairs([]).items()} == {"surface": 0, "terms": 0}
    one = _planted(np.random.default_rng(1), 1, config.num_perm, 1)
    assert {v: len(c) for v, c in index.colliding_pairs(one).items()} == {"surface": 0, "terms": 0}
    two = one + one  # identical: collide in every band of both views, once
    found = index.colliding_pairs(two, times=np.array([0, 10**12]), max_apart=5)
    assert found["surface"].tolist() == [1] and found["terms"].tolist() == []


def test_the_terms_view_leans_to_finding_rewrites() -> None:
    # A rewrite pair whose rarest terms overlap at Jaccard 0.15 (the lower tenth of the
    # probes' rewrite pairs) must collide far more often than at datasketch's even weights.
    from datasketch import MinHashLSH

    config = Config()
    terms = CandidateIndex(config)._tables["terms"]
    even = MinHashLSH(threshold=config.lsh_threshold_terms, num_perm=config.num_perm)
    missed = (1 - 0.15**terms.rows) ** terms.bands
    assert missed < 0.02 < (1 - 0.15**even.r) ** even.b
