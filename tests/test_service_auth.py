"""API keys, the Superdesk push signature and settings from the environment."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

API = "/api/v1"
TEXT = "Ein erfundener Text über einen Wochenmarkt in Beispielstadt, der am Samstag wieder öffnet."
KEYS = ["key-one-1234567890", "key-two-0987654321"]
SECRET = "push-secret"


@pytest.fixture
def locked(tmp_path, serve):
    from service import create_app

    app = create_app({"DB": str(tmp_path / "a.sqlite3"), "API_KEYS": KEYS, "PUSH_SECRET": SECRET})
    try:
        yield serve(app)
    finally:
        app.extensions["dedupe"].close()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_healthz_stays_open(locked):
    assert locked.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="missing"),
        pytest.param(bearer("wrong-key"), id="wrong"),
        pytest.param(bearer(KEYS[0][:-1]), id="prefix-of-a-key"),
        pytest.param({"Authorization": f"Basic {KEYS[0]}"}, id="other-scheme"),
        pytest.param({"Authorization": "Bearer "}, id="empty"),
    ],
)
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", f"{API}/clusters"),
        ("get", f"{API}/articles/x"),
        ("delete", f"{API}/articles/x"),
        ("post", f"{API}/articles"),
        ("post", f"{API}/check"),
        ("get", f"{API}/openapi.json"),
        ("get", "/clusters/x"),
    ],
)
def test_every_route_but_healthz_needs_a_valid_key(locked, headers, method, url):
    response = getattr(locked, method)(url, headers=headers, json={"id": "x", "text": TEXT})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    # The review page challenges for Basic: a browser then asks the editor for the key.
    assert response.headers["WWW-Authenticate"].startswith(
        "Basic" if url.startswith("/clusters") else "Bearer"
    )


def basic(password: str, user: str = "desk") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_an_editor_opens_the_review_page_with_a_key_as_basic_password(locked):
    posted = locked.post(f"{API}/articles", json={"id": "x", "text": TEXT}, headers=bearer(KEYS[1]))
    page = f"/clusters/{posted.get_json()['cluster']['cluster_id']}"
    opened = locked.get(page, headers=basic(KEYS[1]))
    assert opened.status_code == 200
    assert "Wochenmarkt" in opened.get_data(as_text=True)
    assert locked.get(page, headers=bearer(KEYS[0])).status_code == 200
    refused = locked.get(page, headers=basic("wrong-key"))
    assert refused.status_code == 401
    assert refused.get_json()["error"]["message"] == "the API key is not valid"


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("Basic !!!not-base64", id="not-base64"),
        pytest.param("Basic " + base64.b64encode(b"desk:").decode(), id="no-password"),
        pytest.param("Basic " + base64.b64encode(b"\xff\xfe:x").decode(), id="not-utf8"),
    ],
)
def test_a_malformed_basic_header_on_the_review_page_is_a_401_with_the_way_in(locked, header):
    refused = locked.get("/clusters/x", headers={"Authorization": header})
    assert refused.status_code == 401
    assert "API key as the password" in refused.get_json()["error"]["message"]


def test_basic_credentials_open_only_the_review_page(locked):
    refused = locked.get(f"{API}/clusters", headers=basic(KEYS[0]))
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("key", KEYS)
def test_each_configured_key_opens_the_api(locked, key):
    assert (
        locked.post(f"{API}/articles", json={"id": "x", "text": TEXT}, headers=bearer(key)).status_code == 201
    )
    assert locked.get(f"{API}/articles/x", headers=bearer(key)).status_code == 200


def test_keys_from_the_environment(tmp_path, monkeypatch, serve):
    from service import create_app

    monkeypatch.setenv("DEDUPE_API_KEYS", "alpha, beta")
    monkeypatch.setenv("DEDUPE_DB", str(tmp_path / "env.sqlite3"))
    app = create_app()
    try:
        client = serve(app)
        assert client.get(f"{API}/clusters").status_code == 401
        assert client.get(f"{API}/clusters", headers=bearer("beta")).status_code == 200
        assert (tmp_path / "env.sqlite3").exists()
    finally:
        app.extensions["dedupe"].close()


def _signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return {"x-superdesk-signature": f"sha1={digest}", "Content-Type": "application/json"}


def test_a_superdesk_push_with_the_right_signature_needs_no_key(locked):
    body = json.dumps({"id": "pushed", "text": TEXT}).encode()
    assert locked.post(f"{API}/articles", data=body, headers=_signed(body)).status_code == 201


def test_a_push_signature_in_upper_case_hex_is_the_same_signature(locked):
    body = json.dumps({"id": "pushed-upper", "text": TEXT}).encode()
    headers = _signed(body)
    headers["x-superdesk-signature"] = "sha1=" + headers["x-superdesk-signature"][5:].upper()
    assert locked.post(f"{API}/articles", data=body, headers=headers).status_code == 201


def test_keys_that_no_header_can_carry_are_refused_at_start(tmp_path):
    from dedupe.errors import ConfigError
    from service import create_app

    with pytest.raises(ConfigError, match="ASCII"):
        create_app({"DB": str(tmp_path / "k.sqlite3"), "API_KEYS": ["schlüssel-ä"], "PUSH_SECRET": None})
    assert not (tmp_path / "k.sqlite3").exists()  # refused before any store was opened


def test_a_wrong_push_signature_is_refused_even_with_a_key(locked):
    body = json.dumps({"id": "pushed", "text": TEXT}).encode()
    headers = {**_signed(body, "other-secret"), **bearer(KEYS[0])}
    response = locked.post(f"{API}/articles", data=body, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "bad_signature"


def test_a_signature_of_another_body_is_refused(locked):
    body = json.dumps({"id": "pushed", "text": TEXT}).encode()
    tampered = body.replace(b"Samstag", b"Sonntag")
    assert locked.post(f"{API}/articles", data=tampered, headers=_signed(body)).status_code == 401


def test_with_only_a_push_secret_unsigned_posts_are_refused(tmp_path, serve):
    from service import create_app

    app = create_app({"DB": str(tmp_path / "p.sqlite3"), "API_KEYS": [], "PUSH_SECRET": SECRET})
    try:
        client = serve(app)
        body = json.dumps({"id": "p", "text": TEXT}).encode()
        assert client.post(f"{API}/articles", data=body, content_type="application/json").status_code == 401
        assert client.post(f"{API}/articles", data=body, headers=_signed(body)).status_code == 201
        assert client.get(f"{API}/articles/p").status_code == 200  # reads stay open without keys
    finally:
        app.extensions["dedupe"].close()


def test_engine_settings_from_the_environment(tmp_path, monkeypatch):
    from service import DEFAULTS, create_app

    monkeypatch.setenv("DEDUPE_ENGINE__retention_days", "3")
    app = create_app({"DB": str(tmp_path / "e.sqlite3")})
    try:
        assert app.extensions["dedupe"].config.retention_days == 3
        assert DEFAULTS["ENGINE"] == {}, "one app's environment must not leak into the next"
    finally:
        app.extensions["dedupe"].close()
