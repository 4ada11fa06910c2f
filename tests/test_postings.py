"""The compact multimap behind the live index: it must answer as a dict of lists would."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe.postings import Postings, Slots

KEYS = st.integers(min_value=-(2**63), max_value=2**64 - 1)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.lists(KEYS, min_size=0, max_size=6), st.integers(0, 30)),
        st.tuples(st.just("merge"), st.just([]), st.just(0)),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(ops=OPS, fresh_limit=st.integers(1, 9), probes=st.lists(KEYS, max_size=8))
def test_postings_answer_as_a_dict_of_lists(ops: list, fresh_limit: int, probes: list[int]) -> None:
    postings = Postings(fresh_limit=fresh_limit)
    model: dict[int, list[int]] = {}
    for op, keys, value in ops:
        if op == "merge":
            postings.merge()
            continue
        postings.add(keys, value)
        for key in keys:
            model.setdefault(key % 2**64, []).append(value)
    for key in {k % 2**64 for k in probes} | set(model):
        assert postings.lookup(key).tolist() == model.get(key, [])
    asked = np.array([k % 2**64 for k in probes], dtype=np.uint64)
    expected = sorted(v for k in asked.tolist() for v in model.get(k, []))
    assert sorted(postings.lookup_many(asked).tolist()) == expected
    assert postings.present(asked).tolist() == [k in model for k in asked.tolist()]


def test_merge_drops_dead_values_and_keeps_the_order_added() -> None:
    slots = Slots()
    postings = Postings(fresh_limit=1000)
    a, b = slots.new("a"), slots.new("b")
    postings.add([7, 8], a)
    postings.merge()
    postings.add([7], b)
    c = slots.new("a")  # "a" filed again: its first slot dies
    postings.add([7], c)
    assert postings.lookup(7).tolist() == [a, b, c]
    assert slots.live_ids(postings.lookup(7)) == ["b", "a"]
    postings.merge(slots.alive)
    assert postings.lookup(7).tolist() == [b, c] and postings.lookup(8).tolist() == []
    assert len(postings) == 2 and postings.nbytes == 2 * (8 + 4)


def test_extend_files_many_entries_in_one_pass() -> None:
    postings = Postings()
    postings.add([5], 0)
    postings.extend(np.array([5, 3, 5], dtype=np.uint64), np.array([1, 2, 3]))
    assert postings.lookup(5).tolist() == [0, 1, 3]  # the fresh entry was older
    assert postings.lookup(3).tolist() == [2]


def test_fresh_limit_is_validated() -> None:
    with pytest.raises(ValueError, match="fresh_limit must be at least 1"):
        Postings(fresh_limit=0)


def test_levels_keep_order_and_drop_dead_values_as_they_fill() -> None:
    # fresh_limit 2: fresh entries spill into the recent level at every second entry,
    # and that level into the main arrays as it grows; ids filed again kill their old
    # slots, which must vanish from the answers at once and from the arrays at a merge.
    slots = Slots()
    postings = Postings(fresh_limit=2)
    filed: dict[str, int] = {}
    keys_of: dict[str, tuple[int, int]] = {}
    for n in range(200):
        item = f"id{n % 37}"
        filed[item], keys_of[item] = slots.new(item), (n % 5, 100 + n % 3)
        postings.add(keys_of[item], filed[item], alive=slots.alive)
        for key in (*range(5), 100, 101, 102):
            # every id whose latest filing is under the key, once, in the order filed
            want = sorted((i for i, keys in keys_of.items() if key in keys), key=filed.__getitem__)
            assert slots.live_ids(postings.lookup(key)) == want
    assert len(postings) > len(slots)  # dead entries wait for a merge ...
    postings.merge(slots.alive)
    assert len(postings) == 2 * len(slots)  # ... which drops them all
    assert sorted(slots.live_ids(postings.lookup_many(np.arange(5, dtype=np.uint64)))) == sorted(filed)
