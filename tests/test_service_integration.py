"""What a CMS developer meets integrating the API: answers that say why, settings that are
checked at start, and messages that name what to change (found by following the docs)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from dedupe.errors import ConfigError

API = "/api/v1"
TEXT = (
    "Die Stadtwerke von Beispielstadt erhöhen zum ersten März die Preise für Fernwärme um 7,5 Prozent. "
    "Ein Sprecher nannte gestiegene Kosten für Gas und Personal als Grund."
)


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": value}).encode()).decode().rstrip("=")


def test_a_crafted_cursor_is_a_400_not_a_500(client):
    for raw in ('{"after": Infinity}', '{"after": 9223372036854775808}', '{"after": 1e30}', '{"after": -1}'):
        cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
        answer = client.get(f"{API}/clusters?cursor={cursor}")
        assert answer.status_code == 400, raw
        assert answer.get_json()["error"]["code"] == "invalid_parameter"


def test_the_largest_real_cursor_is_still_read(client):
    assert client.get(f"{API}/clusters?cursor={_cursor(2**63 - 1)}").status_code == 200


@pytest.mark.parametrize(("given", "limit"), [("5MB", 5_000_000), ("64 KiB", 65_536), (20_000, 20_000)])
def test_the_body_limit_takes_sizes_with_units(tmp_path, given, limit):
    from service import create_app

    app = create_app({"DB": str(tmp_path / "s.sqlite3"), "MAX_CONTENT_LENGTH": given})
    try:
        assert app.config["MAX_CONTENT_LENGTH"] == limit
    finally:
        app.extensions["dedupe"].close()


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("MAX_CONTENT_LENGTH", "5 M B", "DEDUPE_MAX_CONTENT_LENGTH"),
        ("MAX_CONTENT_LENGTH", 0, "DEDUPE_MAX_CONTENT_LENGTH"),
        ("DOC_CACHE", "abc", "DEDUPE_DOC_CACHE"),
        ("DOC_CACHE", 0, "DEDUPE_DOC_CACHE"),
        ("SWEEP_SECONDS", -1, "DEDUPE_SWEEP_SECONDS"),
        ("SWEEP_SECONDS", "soon", "DEDUPE_SWEEP_SECONDS"),
        ("SWEEP_SECONDS", True, "DEDUPE_SWEEP_SECONDS"),
    ],
)
def test_a_bad_setting_stops_the_start_with_its_name(tmp_path, key, value, named):
    from service import create_app

    with pytest.raises(ConfigError, match=named):
        create_app({"DB": str(tmp_path / "s.sqlite3"), key: value})


def test_a_body_over_the_limit_says_the_limit_and_the_setting(tmp_path, serve):
    from service import create_app

    app = create_app({"DB": str(tmp_path / "s.sqlite3"), "MAX_CONTENT_LENGTH": "2KiB"})
    try:
        answer = serve(app).post(f"{API}/articles", json={"id": "big", "text": "x " * 3000})
        assert answer.status_code == 413
        message = answer.get_json()["error"]["message"]
        assert "2,048 bytes" in message and "DEDUPE_MAX_CONTENT_LENGTH" in message
    finally:
        app.extensions["dedupe"].close()


def test_an_article_older_than_the_retention_window_says_why_it_has_no_cluster(client):
    old = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    body = {"id": "old-1", "text": TEXT, "published_at": old}
    posted = client.post(f"{API}/articles", json=body).get_json()
    assert posted["live"] is False and posted["cluster"] is None
    assert "retention" in posted["not_live"] and old in posted["not_live"]
    # /check answers what a post would: no cluster, and the same reason.
    checked = client.post(f"{API}/check", json={**body, "id": "old-2"}).get_json()
    assert checked["live"] is False and checked["cluster"] is None
    assert "retention" in checked["not_live"]


def test_a_recent_article_is_live_and_carries_no_reason(client):
    posted = client.post(f"{API}/articles", json={"id": "new-1", "text": TEXT}).get_json()
    assert posted["live"] is True and "not_live" not in posted
    checked = client.post(f"{API}/check", json={"id": "new-2", "text": TEXT}).get_json()
    assert checked["live"] is True
    assert {"new-1", "new-2"} <= {m["article_id"] for m in checked["cluster"]["members"]}


def test_check_of_a_kill_invents_no_cluster(client):
    answer = client.post(f"{API}/check", json={"id": "k-1", "pubstatus": "canceled"})
    assert answer.status_code == 200
    assert answer.get_json()["cluster"] is None and "canceled" in answer.get_json()["not_live"]


def test_reposting_a_deleted_article_says_it_is_killed(client):
    client.post(f"{API}/articles", json={"id": "d-1", "text": TEXT, "version": 1})
    assert client.delete(f"{API}/articles/d-1").status_code == 204
    again = client.post(f"{API}/articles", json={"id": "d-1", "text": TEXT, "version": 1}).get_json()
    assert again["live"] is False and "killed" in again["not_live"]
    back = client.post(f"{API}/articles", json={"id": "d-1", "text": TEXT, "version": 2}).get_json()
    assert back["live"] is True and "not_live" not in back


@pytest.mark.parametrize("written", ["2.0", "02", " 2 ", 2.0])
def test_a_version_written_another_way_is_the_same_version(client, written):
    client.post(f"{API}/articles", json={"id": "v-1", "text": TEXT, "version": 2})
    answer = client.post(f"{API}/articles", json={"id": "v-1", "text": TEXT, "version": written})
    assert answer.status_code == 200 and answer.get_json()["changed"] is False


def test_a_delete_answer_has_no_body_type(client):
    client.post(f"{API}/articles", json={"id": "t-1", "text": TEXT})
    answer = client.delete(f"{API}/articles/t-1")
    assert answer.status_code == 204 and answer.data == b""
    assert answer.headers.get("Content-Type") is None


def test_a_since_whose_plus_became_a_space_says_how_to_write_it(client):
    # An unencoded '+' in a query string arrives as a space.
    answer = client.get(f"{API}/clusters?since=2026-12-07T15:00:00+00:00")
    assert answer.status_code == 400
    assert "%2B" in answer.get_json()["error"]["message"]


def test_xml_sent_as_json_is_told_to_change_its_content_type(client):
    answer = client.post(f"{API}/articles", data="<newsItem/>", content_type="application/json")
    assert answer.status_code == 400
    assert "application/xml" in answer.get_json()["error"]["message"]


def test_a_locked_store_answers_503_with_retry_after_and_changes_nothing(tmp_path, serve, monkeypatch):
    import dedupe.store
    from service import create_app

    monkeypatch.setattr(dedupe.store, "BUSY_SECONDS", 0.2)
    db = tmp_path / "locked.sqlite3"
    app = create_app({"DB": str(db)})
    client = serve(app)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        answer = client.post(f"{API}/articles", json={"id": "l-1", "text": TEXT})
        assert answer.status_code == 503 and answer.headers.get("Retry-After")
        assert answer.get_json()["error"]["code"] == "store_unavailable"
        holder.execute("ROLLBACK")
        assert client.get(f"{API}/articles/l-1").status_code == 404
        assert client.post(f"{API}/articles", json={"id": "l-1", "text": TEXT}).status_code == 201
    finally:
        holder.close()
        app.extensions["dedupe"].close()


def test_a_push_only_service_tells_an_unsigned_sender_to_sign(tmp_path, serve):
    from service import create_app

    app = create_app({"DB": str(tmp_path / "p.sqlite3"), "API_KEYS": [], "PUSH_SECRET": "s3cret"})
    try:
        client = serve(app)
        body = json.dumps({"id": "p-1", "text": TEXT}).encode()
        unsigned = client.post(f"{API}/articles", data=body, content_type="application/json")
        assert (
            unsigned.status_code == 401 and "x-superdesk-signature" in unsigned.get_json()["error"]["message"]
        )
        bare = hmac.new(b"s3cret", body, hashlib.sha1).hexdigest()
        unprefixed = client.post(
            f"{API}/articles",
            data=body,
            content_type="application/json",
            headers={"x-superdesk-signature": bare},
        )
        assert unprefixed.status_code == 401 and "sha1=" in unprefixed.get_json()["error"]["message"]
        signed = client.post(
            f"{API}/articles",
            data=body,
            content_type="application/json",
            headers={"x-superdesk-signature": "sha1=" + bare},
        )
        assert signed.status_code == 201
    finally:
        app.extensions["dedupe"].close()


def test_text_false_leaves_the_texts_out_and_keeps_the_offsets(client):
    client.post(f"{API}/articles", json={"id": "x-1", "text": TEXT})
    full = client.post(
        f"{API}/articles", json={"id": "x-2", "text": TEXT + "\n\nEin eigener Absatz."}
    ).get_json()
    lean = client.post(f"{API}/check?text=false", json={"id": "x-3", "text": TEXT}).get_json()
    assert all("text" not in m for m in lean["cluster"]["members"])
    assert all(m["paragraphs"] for m in lean["cluster"]["members"])
    cid = full["cluster"]["cluster_id"]
    assert all("text" not in m for m in client.get(f"{API}/clusters/{cid}?text=0").get_json()["members"])
    assert all(m["text"] for m in client.get(f"{API}/clusters/{cid}").get_json()["members"])
    record = client.get(f"{API}/articles/x-1?text=false").get_json()
    assert record["article"]["text"] == TEXT  # the article itself keeps its text
    assert all("text" not in m for m in record["cluster"]["members"])


def test_a_bad_text_flag_is_refused_before_anything_is_written(client):
    answer = client.post(f"{API}/articles?text=maybe", json={"id": "y-1", "text": TEXT})
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "invalid_parameter"
    assert client.get(f"{API}/articles/y-1").status_code == 404


def test_a_poller_resumes_from_the_last_page_and_gets_only_what_changed(client):
    for n in range(3):
        client.post(
            f"{API}/articles", json={"id": f"r-{n}", "text": f"{TEXT} Meldung Nummer {n * 1000 + 17}."}
        )
    first = client.get(f"{API}/clusters?limit=50").get_json()
    assert first["next_cursor"] is None and first["resume_cursor"]
    quiet = client.get(f"{API}/clusters?cursor={first['resume_cursor']}").get_json()
    assert quiet["clusters"] == [] and quiet["resume_cursor"] == first["resume_cursor"]
    client.post(
        f"{API}/articles",
        json={"id": "r-9", "text": "Ganz anderes Thema: Der Zoo von Beispielstadt hat zwei Pinguine."},
    )
    later = client.get(f"{API}/clusters?cursor={first['resume_cursor']}").get_json()
    assert [m["article_id"] for c in later["clusters"] for m in c["members"]] == ["r-9"]


def test_an_idle_service_still_takes_articles_out_of_the_live_index_as_they_age(tmp_path, serve):
    # No write after the post: only the timed sweep can notice that the article aged out.
    from service import create_app

    app = create_app(
        {"DB": str(tmp_path / "idle.sqlite3"), "ENGINE": {"retention_days": 1}, "SWEEP_SECONDS": 0.2}
    )
    try:
        client = serve(app)
        almost_old = (datetime.now(UTC) - timedelta(days=1) + timedelta(seconds=1.5)).isoformat()
        posted = client.post(
            f"{API}/articles", json={"id": "ageing", "text": TEXT, "published_at": almost_old}
        )
        assert posted.status_code == 201 and posted.get_json()["live"] is True
        deadline = time.monotonic() + 20
        while client.get(f"{API}/articles/ageing").get_json()["live"] and time.monotonic() < deadline:
            time.sleep(0.1)
        answer = client.get(f"{API}/articles/ageing").get_json()
        assert answer["live"] is False and "retention" in answer["not_live"]
        assert client.get("/healthz").get_json()["live_articles"] == 0
        assert client.get("/healthz").get_json()["stored_articles"] == 1
    finally:
        app.extensions["dedupe"].close()
