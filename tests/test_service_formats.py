"""Wire formats through the API: ninjs versions and kills, the real Reuters kill, unsafe XML."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

API = "/api/v1"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "wire-formats"

PARAGRAPHS = [
    "Der Stadtrat von Musterhausen hat am Montagabend den Bau einer neuen Fahrradbrücke über die Wupper beschlossen.",
    "Die Brücke soll 48 Meter lang werden und rund 3,2 Millionen Euro kosten, teilte Bürgermeisterin Karla Brenneis mit.",
    "Baubeginn ist für März 2026 geplant; die Fertigstellung erwartet die Stadt im Herbst 2027.",
    "Die Opposition kritisierte die Kosten als zu hoch und forderte eine günstigere Variante aus Holz.",
]


def ninjs(version: int, status: str = "usable", paragraphs: list[str] = PARAGRAPHS) -> bytes:
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    item = {
        "uri": "urn:newsml:example.org:20251020:brueckenbau",
        "version": str(version),
        # Recent, so that the story is inside the live index's retention window.
        "versioncreated": (datetime.now(UTC) - timedelta(hours=4 - version)).isoformat(),
        "pubstatus": status,
        "language": "de",
        "copyrightholder": "Beispiel-Agentur",
        "headlines": [{"role": "main", "value": "Musterhausen baut Fahrradbrücke"}],
        "bodies": [{"role": "html", "contenttype": "text/html", "value": html}],
    }
    return json.dumps(item).encode()


def post_raw(client, data: bytes, content_type: str):
    return client.post(f"{API}/articles", data=data, headers={"Content-Type": content_type})


def members(cluster) -> set[str]:
    return {m["article_id"] for m in cluster["members"]} if cluster else set()


def test_ninjs_item_then_newer_version_then_kill(client):
    outlet = {
        "id": "lokal-1",
        "outlet": "Lokalblatt",
        "text": "\n\n".join(PARAGRAPHS[:3]) + "\n\nUnser Kommentar: endlich!",
    }
    assert client.post(f"{API}/articles", json=outlet).status_code == 201

    first = post_raw(client, ninjs(1), "application/json")
    assert first.status_code == 201, first.get_json()
    story = first.get_json()["article_id"]
    assert story == "urn:newsml:example.org:20251020:brueckenbau"
    assert members(first.get_json()["cluster"]) == {story, "lokal-1"}

    corrected = post_raw(
        client, ninjs(2, paragraphs=[*PARAGRAPHS[:3], "Die Opposition will klagen."]), "application/json"
    )
    assert corrected.status_code == 200
    assert corrected.get_json()["version"] == "2" and corrected.get_json()["changed"] is True

    kill = post_raw(client, ninjs(3, status="canceled"), "application/json")
    assert kill.status_code == 200
    assert client.get(f"{API}/articles/{story}").status_code == 410
    remaining = client.get(f"{API}/articles/lokal-1").get_json()["cluster"]
    assert story not in members(remaining), "a killed story leaves its cluster"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/wire-formats is not beside the repository")
def test_real_reuters_story_and_its_kill_leave_nothing_live(client):
    folder = SHARED / "newsml-g2"
    usable = (folder / "reuters_L1N14N0FF_v978556838_usable.xml").read_bytes()
    canceled = (folder / "reuters_L1N14N0FF_v1542761538_canceled.xml").read_bytes()
    first = post_raw(client, usable, "application/vnd.iptc.g2.newsitem+xml")
    assert first.status_code == 201, first.get_json()
    story = first.get_json()["article_id"]
    killed = post_raw(client, canceled, "application/xml")
    assert killed.status_code == 200, killed.get_json()
    assert killed.get_json()["article_id"] == story
    assert client.get(f"{API}/articles/{story}").status_code == 410


def test_xml_with_an_external_entity_is_refused(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" version="1"><p>&s;</p></newsItem>'
    ).encode()
    answer = post_raw(client, body, "application/xml")
    assert answer.status_code == 400
    assert "TOP-SECRET-VALUE" not in answer.get_data(as_text=True)
    assert set(answer.get_json()) == {"error"}


@pytest.mark.parametrize("route", [f"{API}/articles", f"{API}/check"])
@pytest.mark.parametrize("body", [b"\x16", b"\x16abc", "\x16Ì".encode()])
def test_a_sync_byte_with_no_wire_message_is_a_400_that_says_so(client, route, body):
    # Found by tests/test_service_fuzz.py: a SYN sniffed as a wire transmission with no
    # ZCZC start made the transmission reader raise ValueError, answered 500.
    answer = client.post(route, data=body, headers={"Content-Type": "text/plain"})
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["code"] == "bad_format"
    assert "no wire message found" in answer.get_json()["error"]["message"]


def test_a_body_a_reader_crashes_on_is_a_400_and_the_crash_is_logged(client, monkeypatch, caplog):
    # What a reader meets that it was not written for is an unreadable body, not a
    # server fault; the traceback stays in the log, to be fixed.
    import dedupe.formats

    def crash(*args, **kwargs):
        raise ValueError("a reader's own bug")

    monkeypatch.setattr(dedupe.formats, "parse_bytes", crash)
    answer = client.post(f"{API}/articles", data=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_format"
    assert "reader failed" in caplog.text and "a reader's own bug" in caplog.text


def test_a_text_plain_body_decodes_in_its_declared_charset(client):
    # Latin-1 prose labelled as such is read; what is then missing is what the answer says
    # (a plain text names no id), not that the bytes are not UTF-8.
    prose = "Die Straße wird für 5 € im Monat gereinigt, teilte die Stadt am Dienstag mit."
    answer = client.post(
        f"{API}/check",
        data=prose.encode("cp1252"),
        headers={"Content-Type": "text/plain; charset=ISO-8859-1"},
    )
    message = answer.get_json()["error"]["message"]
    assert "UTF-8" not in message and "Latin-1" not in message
    assert " id" in message
