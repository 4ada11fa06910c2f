"""JSON text of clusters (dedupe.jsontext): orjson where it writes what json would."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from dedupe.jsontext import dumps


@pytest.mark.parametrize(
    "value",
    [
        {"ort": "Köln", "n": [1, 2.5, None, True], "leer": {}},
        {1: "a non-string key"},
        {"n": 2**70},  # beyond 64 bits
        {"half": "emoji \ud83d"},  # a lone surrogate
        {"s": 'quote " backslash \\ newline \n tab \t'},
    ],
)
def test_what_is_written_reads_back_as_the_standard_library_would_write_it(value: object) -> None:
    assert json.loads(dumps(value)) == json.loads(json.dumps(value))


def test_times_are_left_to_the_standard_library_rules() -> None:
    # json refuses a datetime, and so does dumps: orjson would have written it silently.
    with pytest.raises(TypeError):
        dumps({"at": datetime(2026, 12, 7, tzinfo=UTC)})


def test_the_cluster_shape_is_written_compactly_and_in_field_order() -> None:
    cluster = {"cluster_id": "c-1", "origin": "a", "members": [{"article_id": "a", "text": "Grüße"}]}
    assert dumps(cluster) == '{"cluster_id":"c-1","origin":"a","members":[{"article_id":"a","text":"Grüße"}]}'
