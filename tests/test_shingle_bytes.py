"""The byte layout the MinHash kernel reads must give back exactly the strings it came from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe.errors import InputError
from dedupe.shingle_bytes import document_blocks, encode_documents, encode_strings

DOCS = st.lists(st.lists(st.text(max_size=8), max_size=5), max_size=6)


@given(docs=DOCS)
def test_encode_documents_gives_back_every_shingle_of_every_document(docs) -> None:
    # Texts include NUL characters and characters beyond Latin-1: both change the path taken.
    buf, starts, sizes, bounds = encode_documents(docs, [len(d) for d in docs])
    raw = bytes(buf)
    pieces = [raw[s : s + n].decode("utf-8") for s, n in zip(starts.tolist(), sizes.tolist(), strict=True)]
    for k, doc in enumerate(docs):
        assert pieces[bounds[k] : bounds[k + 1]] == doc


@given(docs=st.lists(st.lists(st.just("x"), max_size=4), max_size=12), size=st.integers(1, 6))
def test_blocks_cover_every_document_once_in_order(docs, size) -> None:
    seen = []
    for start, block, counts in document_blocks(docs, size):
        assert start == len(seen) and counts == [len(d) for d in block]
        assert sum(counts) >= size or start + len(block) == len(docs)  # only the last block is short
        seen.extend(block)
    assert seen == docs


def test_generators_are_read_once_and_kept() -> None:
    ((_, block, counts),) = document_blocks([iter(["a", "b"]), iter(["c"])], 100)
    assert block == [["a", "b"], ["c"]] and counts == [2, 1]


@pytest.mark.parametrize("bad", [["ok", 5], ["lone \ud800 surrogate"]])
def test_bad_shingles_are_refused_with_input_error(bad) -> None:
    with pytest.raises(InputError):
        encode_strings(bad)
    with pytest.raises(InputError):
        encode_documents([bad], [len(bad)])


def test_a_bare_string_document_is_refused() -> None:
    with pytest.raises(InputError, match="iterable of shingle strings"):
        list(document_blocks(["a whole text"], 10))
