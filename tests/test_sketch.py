"""Sketcher signatures must equal datasketch's MinHash values, bit for bit."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedupe import sketch
from dedupe._minhash_kernel import KERNEL
from dedupe.errors import ConfigError, InputError
from dedupe.sketch import EMPTY_HASH, Sketcher, count_common, shingle_hashes

SHARED = Path(__file__).resolve().parents[2] / "shared"
GNAD = SHARED / "data" / "10kgnad-background" / "docs.jsonl"

BACKENDS = [
    pytest.param("numpy", id="numpy"),
    pytest.param(
        "numba", id="numba", marks=pytest.mark.skipif(KERNEL is None, reason="numba is not installed")
    ),
]


def reference(shingles, num_perm=128, seed=1) -> MinHash:
    """datasketch's own MinHash, fed one shingle at a time as the brief defines it."""
    m = MinHash(num_perm=num_perm, seed=seed)
    for s in shingles:
        m.update(s.encode("utf-8"))
    return m


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


texts = st.text(max_size=80)
shingle_sets = st.lists(texts, max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    docs=st.lists(shingle_sets, min_size=1, max_size=6),
    num_perm=st.sampled_from([1, 2, 7, 64, 128, 200]),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_signatures_equal_datasketch_on_random_unicode(backend, docs, num_perm, seed):
    sk = Sketcher(num_perm=num_perm, seed=seed, backend=backend)
    got = sk.signatures(docs)
    assert len(got) == len(docs)
    for doc, sig in zip(docs, got, strict=True):
        want = reference(doc, num_perm, seed).hashvalues
        assert sig.shape == (num_perm,)
        assert np.array_equal(sig, want)


def test_sha1_padding_boundaries(backend):
    # SHA-1 pads to 64-byte blocks; 55/56 and 119/120 bytes are where a block is added.
    words = ["x" * n for n in range(0, 260)] + ["ä" * n for n in (27, 28, 31, 32, 60)]
    sk = Sketcher(num_perm=32, seed=5, backend=backend)
    for w in words:  # one shingle each, so any wrong hash shows
        assert np.array_equal(sk.signature([w]), reference([w], 32, 5).hashvalues), len(w.encode())


def test_empty_set_gives_datasketch_empty_value(backend):
    sk = Sketcher(num_perm=16, backend=backend)
    sig = sk.signature([])
    assert np.array_equal(sig, MinHash(num_perm=16).hashvalues)
    assert (sig == EMPTY_HASH).all()
    assert MinHash(hashvalues=sig, scheme="affine32").is_empty()


def test_empty_documents_inside_a_batch(backend):
    docs = [[], ["a b c"], [], [], ["d e f", "a b c"], []]
    sk = Sketcher(num_perm=24, backend=backend)
    got = sk.signatures(docs)
    for doc, sig in zip(docs, got, strict=True):
        assert np.array_equal(sig, reference(doc, 24).hashvalues)


def test_duplicates_and_order_do_not_matter(backend):
    sk = Sketcher(num_perm=64, backend=backend)
    base = ["der Minister sagte am", "sagte am Montag in", "am Montag in Berlin"]
    assert np.array_equal(sk.signature(base * 3), sk.signature(set(base)))
    assert np.array_equal(sk.signature(reversed(base)), sk.signature(base))


@pytest.mark.parametrize("threads", [1, 2])
def test_nul_characters_in_shingles(backend, threads):
    docs = [["a\x00b", "\x00", "c"], ["x", "y\x00"], ["", "z"]]
    sk = Sketcher(num_perm=16, backend=backend, threads=threads)
    for doc, sig in zip(docs, sk.signatures(docs), strict=True):
        assert np.array_equal(sig, reference(doc, 16).hashvalues)


def test_many_short_shingles_among_long_ones_hash_like_hashlib(hashing):
    # The compiled hash takes one-block messages (up to 55 bytes) many at a time and
    # longer ones alone: interleave both, far beyond one batch of lanes.
    rng = np.random.default_rng(11)
    alphabet = list("abcxyz äöüß") + ["\u4e2d", "\U0001f600", "\u201e"]
    strings = ["".join(rng.choice(alphabet, int(rng.integers(0, 70)))) for _ in range(2000)]
    values = shingle_hashes(strings)
    want = sorted({int.from_bytes(hashlib.sha1(s.encode()).digest()[:4], "little") for s in strings})
    assert values.tolist() == want
    docs = [strings[i : i + 300] for i in range(0, 2000, 300)]
    for threads in (1, 2):
        for doc, sig in zip(docs, Sketcher(num_perm=16, threads=threads).signatures(docs), strict=True):
            assert np.array_equal(sig, reference(doc, 16).hashvalues)


def test_blocks_chunks_and_threads_do_not_change_results(backend, monkeypatch):
    rng = np.random.default_rng(3)
    vocab = [f"w{i}" for i in range(300)]
    docs = [[" ".join(rng.choice(vocab, 5)) for _ in range(rng.integers(0, 40))] for _ in range(60)]
    whole = Sketcher(num_perm=32, threads=1, backend=backend).signatures(docs)
    # Tiny blocks, chunks and parallel thresholds force every split path.
    monkeypatch.setattr(sketch, "_BLOCK_SHINGLES", 97)
    monkeypatch.setattr(sketch, "_CHUNK_SHINGLES", 13)
    monkeypatch.setattr(sketch, "_MIN_PARALLEL_SHINGLES", 5)
    monkeypatch.setattr(sketch, "_PIPELINE_SHINGLES", 11)
    split = Sketcher(num_perm=32, threads=3, backend=backend).signatures(docs)
    generators = Sketcher(num_perm=32, threads=2, backend=backend).signatures([iter(d) for d in docs])
    one_by_one = [Sketcher(num_perm=32, backend=backend).signature(d) for d in docs]
    for a, b, c, d, doc in zip(whole, split, one_by_one, generators, docs, strict=True):
        want = reference(doc, 32).hashvalues
        assert np.array_equal(a, want)
        assert np.array_equal(b, want)
        assert np.array_equal(c, want)
        assert np.array_equal(d, want)


@pytest.fixture(params=[True, False], ids=["compiled-hashing", "hashlib-hashing"])
def hashing(request, monkeypatch) -> bool:
    """Run with the compiled hash and merge kernels, and with the hashlib/numpy fallbacks."""
    if not request.param:
        monkeypatch.setattr(sketch, "HASH_KERNEL", None)
        monkeypatch.setattr(sketch, "COUNT_COMMON", None)
    elif sketch.HASH_KERNEL is None:
        pytest.skip("numba is not installed")
    return request.param


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    docs=st.lists(shingle_sets, min_size=1, max_size=6),
    num_perm=st.sampled_from([1, 7, 128]),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_signatures_of_hashes_equal_datasketch(backend, hashing, docs, num_perm, seed):
    # What a prepared document keeps (hash values) sketches to datasketch's values.
    sk = Sketcher(num_perm=num_perm, seed=seed, backend=backend)
    got = sk.signatures_of_hashes([shingle_hashes(d) for d in docs])
    for doc, sig in zip(docs, got, strict=True):
        assert sig.dtype == np.uint64
        assert np.array_equal(sig, reference(doc, num_perm, seed).hashvalues)


def test_signatures_of_hashes_in_blocks_and_threads(backend, monkeypatch):
    rng = np.random.default_rng(5)
    vocab = [f"w{i}" for i in range(300)]
    docs = [[" ".join(rng.choice(vocab, 5)) for _ in range(rng.integers(0, 40))] for _ in range(60)]
    hashes = [shingle_hashes(d) for d in docs]
    monkeypatch.setattr(sketch, "_BLOCK_SHINGLES", 97)
    monkeypatch.setattr(sketch, "_CHUNK_SHINGLES", 13)
    monkeypatch.setattr(sketch, "_MIN_PARALLEL_SHINGLES", 5)
    split = Sketcher(num_perm=32, threads=3, backend=backend).signatures_of_hashes(hashes)
    assert Sketcher(num_perm=32, backend=backend).signatures_of_hashes([]) == []
    for doc, sig in zip(docs, split, strict=True):
        assert np.array_equal(sig, reference(doc, 32).hashvalues)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.sets(st.text(max_size=12), max_size=40), b=st.sets(st.text(max_size=12), max_size=40))
def test_shingle_hashes_count_what_two_sets_share(hashing, a, b):
    ha, hb = shingle_hashes(a), shingle_hashes(b)
    assert ha.dtype == np.uint32 and np.array_equal(ha, np.unique(ha))
    # 32-bit values of a few dozen strings: a collision here would be a one-in-millions event.
    assert len(ha) == len(a) and len(hb) == len(b)
    assert count_common(ha, hb) == len(a & b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.text(alphabet="abcäöüßé xZ\u00e9\u4e2d\U0001f600", min_size=1, max_size=6), max_size=30
    ),
    size=st.integers(min_value=1, max_value=7),
)
def test_word_shingle_hashes_equal_hashing_the_shingle_strings(hashing, words, size):
    # Words with a space inside take the path that builds the strings; the rest hash byte runs.
    count = 1 if len(words) < size else len(words) - size + 1
    grams = {" ".join(words[i : i + min(size, len(words))]) for i in range(count)} if words else set()
    assert np.array_equal(sketch.word_shingle_hashes(words, size), shingle_hashes(grams))


def test_shingle_hashes_refuse_a_bare_string():
    with pytest.raises(InputError, match="one string"):
        shingle_hashes("der Kanzler sagte am Montag")


def test_jaccard_and_lsh_through_datasketch(backend):
    a = [f"t{i} t{i + 1}" for i in range(100)]
    b = a[30:] + [f"u{i}" for i in range(40)]
    sk = Sketcher(num_perm=128, seed=9, backend=backend)
    sa, sb = sk.signatures([a, b])
    ours = MinHash(hashvalues=sa, scheme="affine32", seed=9).jaccard(
        MinHash(hashvalues=sb, scheme="affine32", seed=9)
    )
    theirs = reference(a, 128, 9).jaccard(reference(b, 128, 9))
    assert ours == theirs
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    lsh.insert("a", reference(a, 128, 9))
    assert lsh.query(MinHash(hashvalues=sb, scheme="affine32", seed=9)) == ["a"]


def test_params_and_permutations_match_datasketch():
    sk = Sketcher(num_perm=50, seed=123)
    assert sk.params == {"num_perm": 50, "seed": 123, "scheme": "affine32", "hashfunc": "sha1_hash32"}
    a, b = MinHash(num_perm=50, seed=123).permutations
    assert np.array_equal(sk.permutations[0], a)
    assert np.array_equal(sk.permutations[1], b)


def test_signature_dtype_and_independence():
    sk = Sketcher(num_perm=8)
    s1, s2 = sk.signatures([["a"], ["b"]])
    assert s1.dtype == np.uint64
    s1[:] = 0  # a caller writing into one signature must not touch another
    assert (s2 != 0).any()


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"num_perm": 0}, id="num_perm-zero"),
        pytest.param({"num_perm": 1.5}, id="num_perm-float"),
        pytest.param({"seed": -1}, id="seed-negative"),
        pytest.param({"seed": 2**32}, id="seed-too-big"),
        pytest.param({"threads": 0}, id="threads-zero"),
        pytest.param({"backend": "rust"}, id="backend-unknown"),
    ],
)
def test_bad_arguments_raise_config_error(kwargs):
    with pytest.raises(ConfigError):
        Sketcher(**kwargs)


@pytest.mark.parametrize(
    "docs",
    [
        pytest.param(["a whole text"], id="bare-string-document"),
        pytest.param([["ok", 5]], id="non-string-shingle"),
        pytest.param([["bad \ud800 surrogate"]], id="lone-surrogate"),
    ],
)
@pytest.mark.parametrize("threads", [1, 2])
def test_bad_input_raises_input_error(backend, docs, threads):
    with pytest.raises(InputError):
        Sketcher(num_perm=8, backend=backend, threads=threads).signatures(docs)


@pytest.mark.shared
@pytest.mark.skipif(not GNAD.exists(), reason="../shared/data/10kgnad-background is not beside the repo")
def test_real_german_articles_match_datasketch(backend):
    with GNAD.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(12), fh, strict=False)]
    docs = []
    for text in texts:
        words = text.split()
        docs.append({" ".join(words[i : i + 5]) for i in range(len(words) - 4)})
    got = Sketcher(backend=backend).signatures(docs)
    for doc, sig in zip(docs, got, strict=True):
        assert np.array_equal(sig, MinHash.bulk([[s.encode() for s in doc]])[0].hashvalues)
