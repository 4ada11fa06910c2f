"""The OpenAPI document matches the app: same routes, and real answers fit the schemas."""

from __future__ import annotations

import re
from typing import Any

import pytest

API = "/api/v1"
STORY = (
    "Die Feuerwehr von Beispielstadt hat in der Nacht einen Brand in einer Lagerhalle am Hafen gelöscht.\n\n"
    "Verletzt wurde nach Angaben eines Sprechers niemand, der Schaden wird auf mehrere Hunderttausend Euro "
    "geschätzt.\n\nDie Ursache des Feuers ist noch unklar, die Polizei hat die Ermittlungen aufgenommen."
)

_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def validate(value: Any, schema: dict, doc: dict, where: str = "$") -> None:
    """A small JSON Schema check: $ref, type (list or one), enum, required, properties, items, oneOf."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return validate(value, doc["components"]["schemas"][name], doc, where)
    if "oneOf" in schema:
        fits = 0
        for option in schema["oneOf"]:
            try:
                validate(value, option, doc, where)
                fits += 1
            except AssertionError:
                pass
        assert fits == 1, f"{where}: fits {fits} of the oneOf options"
        return None
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(value, _TYPES[n]) and not (isinstance(value, bool) and n in ("integer", "number"))
            for n in names
        )
        assert ok, f"{where}: {value!r:.80} is not {names}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing required {key!r}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                validate(value[key], sub, doc, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(item, schema["items"], doc, f"{where}[{i}]")
    return None


def _doc_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


@pytest.fixture
def doc(client) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_document_and_routes_match(app, doc):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((_doc_path(rule.rule), method.lower()))
    documented = {
        (path, method)
        for path, item in doc["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert routes == documented
    assert doc["openapi"].startswith("3.")


def test_every_ref_resolves(doc):
    text = repr(doc)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in doc["components"]["schemas"], name


def _check(doc: dict, path: str, method: str, response) -> None:
    operation = doc["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method.upper()} {path} answered undocumented {status}"
    content = operation["responses"][status].get("content", {})
    if response.mimetype == "application/json" and "schema" in content.get("application/json", {}):
        validate(response.get_json(), content["application/json"]["schema"], doc, f"{method} {path} {status}")
    elif response.status_code != 204:
        assert response.mimetype in content, (
            f"{method.upper()} {path} {status}: {response.mimetype} not documented"
        )


def test_real_answers_fit_the_documented_schemas(client, doc):
    a = {"id": "a", "text": STORY, "outlet": "Agentur", "version": 1}
    b = {"id": "b", "text": STORY + "\n\nEin Nachtrag der Zeitung.", "outlet": "Zeitung"}
    arts = "/api/v1/articles"
    one = "/api/v1/articles/{article_id}"
    calls = [
        ("post", arts, lambda: client.post(arts, json=a)),
        ("post", arts, lambda: client.post(arts, json=b)),
        ("post", arts, lambda: client.post(arts, json=a)),
        ("post", arts, lambda: client.post(arts, json={**a, "version": 0})),
        ("post", arts, lambda: client.post(arts, json={"id": "e", "text": ""})),
        ("post", arts, lambda: client.post(arts, data="{", content_type="application/json")),
        ("post", arts, lambda: client.post(arts, data="x", content_type="application/pdf")),
        ("post", "/api/v1/check", lambda: client.post(f"{API}/check", json={"id": "c", "text": STORY})),
        ("post", "/api/v1/compare", lambda: client.post(f"{API}/compare", json={"a": a, "b": b})),
        ("get", one, lambda: client.get(f"{API}/articles/a")),
        ("get", one, lambda: client.get(f"{API}/articles/nope")),
        ("get", "/api/v1/clusters", lambda: client.get(f"{API}/clusters?limit=1")),
        ("get", "/api/v1/clusters", lambda: client.get(f"{API}/clusters?limit=-1")),
        ("get", "/healthz", lambda: client.get("/healthz")),
        ("delete", one, lambda: client.delete(f"{API}/articles/b")),
        ("delete", one, lambda: client.delete(f"{API}/articles/nope")),
        ("get", one, lambda: client.get(f"{API}/articles/b")),
    ]
    cluster_id = None
    for method, path, call in calls:
        response = call()
        _check(doc, path, method, response)
        if response.status_code == 201:
            cluster_id = response.get_json()["cluster"]["cluster_id"]
    for path, url in (
        ("/api/v1/clusters/{cluster_id}", f"{API}/clusters/{cluster_id}"),
        ("/clusters/{cluster_id}", f"/clusters/{cluster_id}"),
    ):
        _check(doc, path, "get", client.get(url))
        _check(doc, path, "get", client.get(url + "-unknown"))


def test_the_validator_catches_a_wrong_answer(doc):
    with pytest.raises(AssertionError, match="missing required 'members'"):
        validate({"cluster_id": "c", "origin": "a"}, {"$ref": "#/components/schemas/Cluster"}, doc)
    with pytest.raises(AssertionError, match="not in"):
        validate({"article_id": "a", "relation": "copied"}, {"$ref": "#/components/schemas/Member"}, doc)
