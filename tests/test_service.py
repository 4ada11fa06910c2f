"""The JSON API in-process (Flask test client, real store in tmp_path, real live index)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

API = "/api/v1"
NOW = datetime.now(UTC)

# Invented texts: two versions of one made-up wire story and an unrelated one.
STORY = (
    "Der Stadtrat von Beispielstadt hat am Dienstag den Bau einer neuen Brücke über den Fluss "
    "beschlossen.\n\n"
    "Die Kosten von rund zwölf Millionen Euro sollen zur Hälfte vom Land getragen werden, teilte die "
    "Bürgermeisterin nach der Sitzung mit.\n\n"
    "Mit den Arbeiten soll im kommenden Frühjahr begonnen werden, die Fertigstellung ist für das Jahr "
    "nach der nächsten Kommunalwahl geplant.\n\n"
    "Anwohner hatten seit Jahren über den Umweg von mehr als acht Kilometern geklagt."
)
STORY_V2 = (
    STORY + "\n\nDie Opposition kündigte an, die Finanzierung im Kreistag noch einmal prüfen zu lassen."
)
OTHER = (
    "Beim Sommerfest des Kleingartenvereins Grüne Aue haben am Wochenende mehr als dreihundert Gäste "
    "gefeiert.\n\nDer Vorsitzende lobte die vielen freiwilligen Helfer, die Kuchen gebacken und Bänke "
    "aufgestellt hatten.\n\nDer Erlös der Tombola geht an den örtlichen Kindergarten."
)


def post(client, body, status=None):
    r = client.post(f"{API}/articles", json=body)
    if status is not None:
        assert r.status_code == status, r.get_json()
    return r


def member_ids(cluster: dict) -> set[str]:
    return {m["article_id"] for m in cluster["members"]}


def test_posting_the_seeds_builds_one_cluster_with_highlights(client, seed_articles):
    ids = [a["id"] for a in seed_articles]
    for article in seed_articles:
        body = post(client, article, 201).get_json()
        assert body["article_id"] == article["id"]
        assert body["changed"] is True
        cluster = body["cluster"]
        assert article["id"] in member_ids(cluster)
    assert member_ids(cluster) == set(ids)
    assert sum(m["relation"] == "origin" for m in cluster["members"]) == 1
    for member in cluster["members"]:
        assert member["paragraphs"], "each member carries its paragraph highlights"
        assert {p["status"] for p in member["paragraphs"]} <= {
            "verbatim",
            "edited",
            "rewritten",
            "unique",
            "boilerplate",
        }
    matched = [p for m in cluster["members"] for p in m["paragraphs"] if p["matches"]]
    assert matched, "copied paragraphs point at their source"

    again = post(client, seed_articles[2], 200).get_json()
    assert again["changed"] is False
    assert member_ids(again["cluster"]) == set(ids)

    # Seed 004 is a rewrite; the other four still corroborate each other without it
    # (a rewrite joins when a third version agrees, so a kill can also drop a member
    # that only it corroborated: that is why the kill here is 004).
    killed = ids[4]
    assert client.delete(f"{API}/articles/{killed}").status_code == 204
    rest = client.get(f"{API}/articles/{ids[0]}").get_json()["cluster"]
    assert member_ids(rest) == set(ids) - {killed}
    assert client.get(f"{API}/articles/{killed}").status_code == 410
    # The cluster id seen before the kill still leads to the cluster as it is now.
    old = client.get(f"{API}/clusters/{cluster['cluster_id']}")
    assert old.status_code == 200
    assert member_ids(old.get_json()) == set(ids) - {killed}


def test_versions_upsert_by_id(client):
    first = post(client, {"id": "s1", "text": STORY, "version": 1, "outlet": "Agentur"}, 201).get_json()
    assert first["version"] == "1"
    newer = post(client, {"id": "s1", "text": STORY_V2, "version": 2, "outlet": "Agentur"}, 200).get_json()
    assert newer["changed"] is True
    assert next(m for m in newer["cluster"]["members"] if m["article_id"] == "s1")["text"] == STORY_V2
    stale = post(client, {"id": "s1", "text": STORY, "version": 1, "outlet": "Agentur"}, 409).get_json()
    assert stale["error"]["code"] == "stale_version"
    same = post(client, {"id": "s1", "text": STORY_V2, "version": 2, "outlet": "Agentur"}, 200).get_json()
    assert same["changed"] is False
    clash = post(client, {"id": "s1", "text": OTHER, "version": 2, "outlet": "Agentur"}, 409).get_json()
    assert clash["error"]["code"] == "version_conflict"
    record = client.get(f"{API}/articles/s1").get_json()
    assert [v["version"] for v in record["versions"]] == ["1", "2"]
    assert record["article"]["text"] == STORY_V2


def test_a_canceled_version_is_a_kill(client):
    post(client, {"id": "k", "text": STORY, "version": 1}, 201)
    post(client, {"id": "other", "text": STORY, "outlet": "Blatt"}, 201)
    killed = post(client, {"id": "k", "text": "", "version": 2, "pubstatus": "canceled"}, 200).get_json()
    assert killed["cluster"] is None and killed["live"] is False
    assert client.get(f"{API}/articles/k").status_code == 410
    assert "k" not in member_ids(client.get(f"{API}/articles/other").get_json()["cluster"])


def test_a_kill_leaves_a_notice_on_the_copies_it_was_clustered_with(app, serve, tmp_path):
    from service import create_app

    client = serve(app)
    post(client, {"id": "wire", "text": STORY, "outlet": "dpa", "version": 1}, 201)
    post(client, {"id": "copy-a", "text": STORY, "outlet": "Blatt"}, 201)
    post(client, {"id": "copy-b", "text": STORY, "outlet": "Anzeiger"}, 201)
    post(client, {"id": "other", "text": OTHER, "outlet": "Blatt"}, 201)
    post(client, {"id": "copy-c", "text": STORY, "outlet": "Kurier"}, 201)
    # An outlet withdrawing its own copy asks nothing of the others.
    assert client.delete(f"{API}/articles/copy-c").status_code == 204
    assert not any(
        "kill_notices" in m for m in client.get(f"{API}/articles/wire").get_json()["cluster"]["members"]
    )
    assert client.delete(f"{API}/articles/wire").status_code == 204
    cluster = client.get(f"{API}/articles/copy-a").get_json()["cluster"]
    assert member_ids(cluster) == {"copy-a", "copy-b"}
    for member in cluster["members"]:
        (notice,) = member["kill_notices"]
        assert notice["article_id"] == "wire" and notice["killed_at"]
    other = client.get(f"{API}/articles/other").get_json()["cluster"]
    assert "kill_notices" not in other["members"][0]
    # Kept in the store: a restarted service still shows it.
    app.extensions["dedupe"].close()
    restarted = create_app({"TESTING": True, "DB": str(tmp_path / "dedupe.sqlite3"), "API_KEYS": []})
    again = serve(restarted)
    members = again.get(f"{API}/articles/copy-b").get_json()["cluster"]["members"]
    assert all(m["kill_notices"][0]["article_id"] == "wire" for m in members)
    # A newer usable version of the story lifts the kill and its notices.
    post(again, {"id": "wire", "text": STORY, "outlet": "dpa", "version": 2}, 200)
    members = again.get(f"{API}/articles/copy-b").get_json()["cluster"]["members"]
    assert member_ids({"members": members}) == {"wire", "copy-a", "copy-b"}
    assert not any("kill_notices" in m for m in members)
    restarted.extensions["dedupe"].close()


def test_a_kill_without_a_version_or_with_the_stored_one_is_taken(client):
    # Withdrawing copy must not wait for a sender to count versions; an older version
    # arriving after the kill is still stale, so the story does not come back.
    for kill in ({"id": "k1", "pubstatus": "canceled"}, {"id": "k2", "version": 3, "pubstatus": "canceled"}):
        post(client, {"id": kill["id"], "text": STORY, "version": 3}, 201)
        body = post(client, kill, 200).get_json()
        assert body["live"] is False and body["version"] == "3"
        assert client.get(f"{API}/articles/{kill['id']}").status_code == 410
        post(client, {"id": kill["id"], "text": STORY, "version": 2}, 409)
        assert client.get(f"{API}/articles/{kill['id']}").status_code == 410


def test_a_redelivery_written_otherwise_changes_nothing(client):
    # The same instants in another zone, a line break after the text: the same delivery.
    first = {"id": "r", "text": STORY, "version": 2, "published_at": (NOW - timedelta(hours=2)).isoformat()}
    post(client, first, 201)
    zoned = (NOW - timedelta(hours=2)).astimezone(timezone(timedelta(hours=-5))).isoformat()
    again = post(client, {**first, "published_at": zoned, "text": STORY + "\n"}, 200).get_json()
    assert again["changed"] is False
    assert [v["version"] for v in client.get(f"{API}/articles/r").get_json()["versions"]] == ["2"]
    # Other words under the same version number are still a conflict.
    post(client, {**first, "text": STORY_V2}, 409)


def test_withheld_hides_and_a_later_usable_version_shows_again(client):
    post(client, {"id": "w", "text": STORY, "version": 1}, 201)
    post(client, {"id": "w", "text": STORY, "version": 2, "pubstatus": "withheld"}, 200)
    r = client.get(f"{API}/articles/w")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "withheld"
    back = post(client, {"id": "w", "text": STORY_V2, "version": 3}, 200).get_json()
    assert back["live"] is True


def test_embargoed_text_is_indexed_but_not_shown(client):
    until = (NOW + timedelta(days=1)).isoformat()
    post(client, {"id": "open", "text": STORY, "outlet": "A"}, 201)
    body = post(client, {"id": "secret", "text": STORY_V2, "outlet": "B", "embargo": until}, 201).get_json()
    assert member_ids(body["cluster"]) == {"open", "secret"}, "embargoed articles still cluster"
    hidden = next(m for m in body["cluster"]["members"] if m["article_id"] == "secret")
    assert hidden["text"] is None and hidden["paragraphs"] == []
    record = client.get(f"{API}/articles/secret").get_json()
    assert "text" not in record["article"] and record["article"]["embargoed"] is True
    assert STORY_V2 not in client.get(f"/clusters/{body['cluster']['cluster_id']}").get_data(as_text=True)


def test_an_article_past_retention_is_stored_but_not_live(client):
    old = (NOW - timedelta(days=400)).isoformat()
    body = post(client, {"id": "old", "text": STORY, "published_at": old}, 201).get_json()
    assert body["live"] is False
    assert client.get(f"{API}/articles/old").get_json()["article"]["id"] == "old"
    fresh = post(client, {"id": "fresh", "text": STORY_V2}, 201).get_json()
    assert member_ids(fresh["cluster"]) == {"fresh"}


def test_check_does_not_store(client):
    post(client, {"id": "s1", "text": STORY}, 201)
    body = client.post(f"{API}/check", json={"id": "probe", "text": STORY_V2}).get_json()
    assert member_ids(body["cluster"]) == {"s1", "probe"}
    texts = {m["article_id"]: m["text"] for m in body["cluster"]["members"]}
    assert texts == {"s1": STORY, "probe": STORY_V2}
    assert client.get(f"{API}/articles/probe").status_code == 404
    assert member_ids(client.get(f"{API}/articles/s1").get_json()["cluster"]) == {"s1"}


def test_check_refuses_what_a_post_would_refuse(client):
    post(client, {"id": "s1", "text": STORY, "version": "3"}, 201)
    stale = client.post(f"{API}/check", json={"id": "s1", "text": STORY_V2, "version": "1"})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale_version"
    conflict = client.post(f"{API}/check", json={"id": "s1", "text": STORY_V2, "version": "3"})
    assert conflict.status_code == 409 and conflict.get_json()["error"]["code"] == "version_conflict"
    newer = client.post(f"{API}/check", json={"id": "s1", "text": STORY_V2, "version": "4"})
    assert newer.status_code == 200 and member_ids(newer.get_json()["cluster"]) == {"s1"}
    assert [v["version"] for v in client.get(f"{API}/articles/s1").get_json()["versions"]] == ["3"]


def test_compare_relates_a_version_and_not_an_unrelated_text(client):
    same = client.post(
        f"{API}/compare", json={"a": {"id": "a", "text": STORY}, "b": {"id": "b", "text": STORY_V2}}
    )
    other = client.post(
        f"{API}/compare", json={"a": {"id": "a", "text": STORY}, "b": {"id": "c", "text": OTHER}}
    )
    assert same.status_code == other.status_code == 200
    assert same.get_json()["similarity"] > other.get_json()["similarity"]
    assert "paragraphs" in same.get_json()


def test_compare_two_versions_of_one_id_keeps_both_sides_paragraphs(client):
    body = client.post(
        f"{API}/compare", json={"a": {"id": "v", "text": STORY}, "b": {"id": "v", "text": STORY_V2}}
    ).get_json()
    assert (body["a"], body["b"]) == ("v", "v (b)")
    assert set(body["paragraphs"]) == {"v", "v (b)"}
    for key, text in (("v", STORY), ("v (b)", STORY_V2)):
        for p in body["paragraphs"][key]:
            assert text[p["start"] : p["end"]].strip() == text[p["start"] : p["end"]]
            assert p["end"] <= len(text)


def test_cluster_listing_pages_with_an_opaque_cursor(client):
    for i in range(5):
        post(
            client,
            {"id": f"n{i}", "text": f"{OTHER}\n\nNachtrag Nummer {i}: " + "x" * i, "outlet": f"O{i % 2}"},
        )
    post(client, {"id": "s1", "text": STORY, "outlet": "O1"}, 201)
    seen, cursor = [], None
    for _ in range(10):
        url = f"{API}/clusters?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url).get_json()
        seen += [c["cluster_id"] for c in page["clusters"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = client.get(f"{API}/clusters?limit=500").get_json()["clusters"]
    assert len(seen) == len(set(seen)) == len(everything)
    by_outlet = client.get(f"{API}/clusters?outlet=O1").get_json()["clusters"]
    assert by_outlet and all(any(m["outlet"] == "O1" for m in c["members"]) for c in by_outlet)
    assert client.get(f"{API}/clusters?since=2999-01-01T00:00:00Z").get_json()["clusters"] == []


def test_review_page_is_html_and_escapes_text(client):
    body = post(client, {"id": "x<script>", "text": STORY, "outlet": "<b>Blatt</b>"}, 201).get_json()
    page = client.get(f"/clusters/{body['cluster']['cluster_id']}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "x<script>" not in html and "<b>Blatt</b>" not in html
    assert "Blatt" in html


def test_healthz_counts(client):
    post(client, {"id": "s1", "text": STORY}, 201)
    health = client.get("/healthz").get_json()
    assert health == {"status": "ok", "live_articles": 1, "stored_articles": 1}


@pytest.mark.parametrize("version_field", [{"version": "7"}, {}], ids=["versioned", "unversioned"])
def test_the_live_index_is_rebuilt_from_the_store(tmp_path, version_field, serve):
    from service import create_app

    settings = {"DB": str(tmp_path / "d.sqlite3"), "API_KEYS": [], "PUSH_SECRET": None}
    first = create_app(settings)
    c = serve(first)
    a = post(c, {"id": "a", "text": STORY, **version_field}, 201).get_json()
    post(c, {"id": "b", "text": STORY_V2}, 201)
    post(c, {"id": "c", "text": OTHER}, 201)
    before = {
        frozenset(member_ids(cl))
        for cl in (c.get(f"{API}/articles/{i}").get_json()["cluster"] for i in "abc")
    }
    first.extensions["dedupe"].close()

    second = create_app(settings)
    try:
        c2 = serve(second)
        after = {frozenset(member_ids(c2.get(f"{API}/articles/{i}").get_json()["cluster"])) for i in "abc"}
        assert after == before == {frozenset({"a", "b"}), frozenset({"c"})}
        assert c2.get(f"{API}/clusters/{a['cluster']['cluster_id']}").status_code == 200
        assert post(c2, {"id": "a", "text": STORY, **version_field}, 200).get_json()["changed"] is False
    finally:
        second.extensions["dedupe"].close()


def test_answers_are_written_by_orjson_but_keep_flasks_rules(app):
    from flask.json.provider import DefaultJSONProvider

    flask_json = DefaultJSONProvider(app)
    flask_json.sort_keys = False  # as the app has it: the contract's field order
    compact = {"separators": (",", ":")}
    cluster = {"cluster_id": "c-1", "members": [{"article_id": "a", "text": "Grüße", "similarity": 0.5}]}
    assert json.loads(app.json.dumps(cluster, **compact)) == cluster
    assert (
        app.json.dumps(cluster, **compact)
        == '{"cluster_id":"c-1","members":[{"article_id":"a","text":"Grüße","similarity":0.5}]}'
    )
    # A datetime is Flask's HTTP date, not orjson's ISO form; indented output is Flask's too.
    stamped = {"at": datetime(2026, 12, 7, 5, 0, tzinfo=UTC)}
    assert app.json.dumps(stamped, **compact) == flask_json.dumps(stamped, **compact)
    assert app.json.dumps(cluster, indent=2) == flask_json.dumps(cluster, indent=2)


def test_an_article_in_korean_is_accepted(client):
    # Korean words go through an optional word splitter (MeCab) we do not install.
    text = "서울(연합뉴스) 한국 정부는 화요일 새로운 경제 대책을 발표했다. 대책의 규모는 약 20조 원이다."
    body = post(client, {"id": "ko-1", "text": text, "language": "ko-KR"}, 201).get_json()
    assert body["cluster"]["members"][0]["language"] == "ko"


def test_the_outlet_filter_ignores_case(client):
    post(client, {"id": "s1", "text": STORY, "outlet": "Lindauer Bote"}, 201)
    for outlet in ("Lindauer%20Bote", "lindauer%20bote", "LINDAUER%20BOTE"):
        page = client.get(f"{API}/clusters?outlet={outlet}").get_json()
        assert [c["origin"] for c in page["clusters"]] == ["s1"]
    assert client.get(f"{API}/clusters?outlet=Lindauer").get_json()["clusters"] == []
