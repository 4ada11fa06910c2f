"""Requests generated from the service's own OpenAPI document (schemathesis), sent to a real
server: no 5xx for any input, every error in the one JSON shape, every answer as documented.

Each operation gets the schemathesis phases examples, coverage (boundary and invalid values
of every parameter and body field) and fuzzing (hypothesis), in positive and negative mode.
Generation is derandomized and the example database is off, so a run makes the same
requests every time and CI fails only when the service or the document changed.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis import Case, CheckContext, Response

from service import create_app
from service.openapi import openapi_document

KEY = "fuzz-key-0123456789"

# Bounded per operation: the coverage phase adds its own fixed cases on top of these. A deeper
# run on a desk machine: WIRE_DEDUPE_FUZZ_EXAMPLES=500 (with WIRE_DEDUPE_FUZZ_SEED=<n> for
# other requests than CI's).
MAX_EXAMPLES = int(os.environ.get("WIRE_DEDUPE_FUZZ_EXAMPLES") or 25)
SEED = int(os.environ.get("WIRE_DEDUPE_FUZZ_SEED") or 20_241_021)

_SEMANTIC = {
    # "Schema-valid data is accepted" cannot hold where the service checks what JSON Schema
    # cannot say: an article's text must be non-blank after HTML extraction, a time string
    # must be in a form it reads (422), a wire-format body (any string, by its schema) must
    # parse (400). These answers are documented; 415, 413 or a 5xx still fail the check.
    "article bodies": (["postArticle", "checkArticle", "compareArticles"], ["400", "422"]),
    # The cursor is opaque: any string fits its schema, only the service's own ones are read.
    "cursor": (["listClusters"], ["400"]),
}


def _config(**extra: Any) -> schemathesis.Config:
    # schemathesis's default, with 410: like 404, what the store holds (a killed id), not the request.
    positive = ["2xx", "3xx", "401", "403", "404", "409", "410", "429"]
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # Hypothesis times how long drawing an example takes: on a loaded CI machine that
            # would fail a run that made the same requests as a passing one.
            "suppress-health-check": ["too_slow"],
            "cache": {"enabled": False},  # writes nothing beside the tests
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            # Sequences of calls linked by the answers are another test; here every operation is
            # fuzzed on its own against one shared store.
            "phases": {"stateful": {"enabled": False}},
            "checks": {"positive_data_acceptance": {"expected-statuses": positive}},
            "operations": [
                {
                    "include-operation-id": ids,
                    "checks": {"positive_data_acceptance": {"expected-statuses": positive + more}},
                }
                for ids, more in _SEMANTIC.values()
            ],
            **extra,
        }
    )


def _open_document() -> dict[str, Any]:
    # Without DEDUPE_API_KEYS no route needs a key (docs/api.md): the document the open
    # service answers by is the served one without its security requirements.
    document = openapi_document()
    document["security"] = []
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    return document


# An NDJSON body is one line of text here (its schema is a string); schemathesis has no
# serializer of its own for the type and would skip those cases with a warning.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")

OPEN = schemathesis.openapi.from_dict(_open_document(), config=_config())
KEYED = schemathesis.openapi.from_dict(
    openapi_document(),
    config=_config(
        auth={
            "openapi": {"apiKey": {"bearer": KEY}, "keyAsPassword": {"username": "editor", "password": KEY}}
        }
    ),
)


def error_shape(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Every 4xx and 5xx body is ``{"error": {"code": str, "message": str}}`` (docs/api.md, Errors)."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    assert content_type == "application/json", f"{response.status_code} answered as {content_type!r}"
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, f"not the error shape: {body!r:.200}"
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message"}, (
        f"not the error shape: {body!r:.200}"
    )
    assert isinstance(error["code"], str) and error["code"], body
    assert isinstance(error["message"], str) and error["message"], body
    return True


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_LOGGED = _Collect()


def nothing_logged(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """The service logged no error for the request: a reader that crashed on a body answers
    400, not 500, and a store fault 503, but either is a fault the fuzzing must show."""
    # The answer is written after the log record, so any record of this request is here now.
    messages = [record.getMessage() for record in _LOGGED.records]
    assert not messages, f"the service logged an error: {'; '.join(messages)}"
    return True


@pytest.fixture(scope="module", autouse=True)
def _log_errors() -> Iterator[None]:
    logger = logging.getLogger("service")
    logger.addHandler(_LOGGED)
    try:
        yield
    finally:
        logger.removeHandler(_LOGGED)


def _call(case: Case, base_url: str) -> None:
    _LOGGED.records.clear()
    case.call_and_validate(base_url=base_url, additional_checks=[error_shape, nothing_logged], timeout=60)


def _served(tmp_path_factory: pytest.TempPathFactory, serve_module: Callable, **config: Any) -> str:
    db = Path(tmp_path_factory.mktemp("fuzz")) / "dedupe.sqlite3"
    app = create_app({"DB": str(db), "API_KEYS": [], "PUSH_SECRET": None, "SWEEP_SECONDS": 0, **config})
    client = serve_module(app)
    return f"http://127.0.0.1:{client.port}"


@pytest.fixture(scope="module")
def open_api(tmp_path_factory: pytest.TempPathFactory, serve_module: Callable) -> str:
    """The base URL of a service without keys, on a store of its own."""
    return _served(tmp_path_factory, serve_module)


@pytest.fixture(scope="module")
def keyed_api(tmp_path_factory: pytest.TempPathFactory, serve_module: Callable) -> str:
    """The base URL of a service with an API key and a push secret, on a store of its own."""
    return _served(tmp_path_factory, serve_module, API_KEYS=[KEY], PUSH_SECRET="fuzz-push-secret")


def test_the_served_document_is_the_one_fuzzed(open_api: str) -> None:
    with urllib.request.urlopen(f"{open_api}/api/v1/openapi.json", timeout=30) as answer:
        assert json.load(answer) == openapi_document()


@OPEN.parametrize()
def test_no_input_breaks_the_contract(case: Case, open_api: str) -> None:
    _call(case, open_api)


@KEYED.parametrize()
def test_no_input_breaks_the_contract_with_keys(case: Case, keyed_api: str) -> None:
    # Also checks that a request without the key, or with a wrong one, is refused (401).
    _call(case, keyed_api)
