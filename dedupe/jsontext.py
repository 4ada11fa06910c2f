"""JSON text of clusters: the batch output, the store's snapshots and the API's answers.

A cluster with its texts and paragraphs is tens of kilobytes, written at least twice for
every post the API takes (the answer and the stored snapshot). orjson writes it in a
tenth of the standard library's time (a five-member cluster of the seeds, 43 KB: 0.023
against 0.21 ms). Whatever orjson would write differently or refuses (datetimes,
dataclasses, subclasses of the basic types, integers beyond 64 bits, non-string keys)
goes to the standard library instead, so the JSON means what it meant before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson

__all__ = ["dumps"]

#: orjson options that leave every type but the basic ones to the standard library.
_ONLY_BASIC_TYPES = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def dumps(value: Any, fallback: Callable[[Any], str] | None = None) -> str:
    """Compact JSON text of ``value``, non-ASCII characters as they are.

    ``fallback``: what writes what orjson leaves alone (default: the standard library).

    >>> dumps({"ort": "Köln", "n": [1, 2.5, None]})
    '{"ort":"Köln","n":[1,2.5,null]}'
    >>> dumps({1: "a"})  # what orjson refuses, the standard library writes
    '{"1": "a"}'
    """
    try:
        return orjson.dumps(value, option=_ONLY_BASIC_TYPES).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError: a type or value it does not write as json would
        return fallback(value) if fallback is not None else json.dumps(value, ensure_ascii=False)
