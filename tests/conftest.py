"""Shared fixtures. Keep additions small and independent of each other."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Shared, loaded machines: hypothesis's per-example deadline would make timing a test
# failure, and timing is not what these tests check.
settings.register_profile("wire-dedupe", deadline=None)
settings.load_profile("wire-dedupe")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def app(tmp_path: Path) -> Iterator:
    """The Flask app on a fresh SQLite store in ``tmp_path``, without keys (environment ignored)."""
    from service import create_app

    app = create_app(
        {"TESTING": True, "DB": str(tmp_path / "dedupe.sqlite3"), "API_KEYS": [], "PUSH_SECRET": None}
    )
    yield app
    app.extensions["dedupe"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def seed_articles() -> list[dict[str, str]]:
    """The five seed articles as API bodies (id = file stem)."""
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]


# An outlet's page furniture that no wording rule knows: masthead, breadcrumb, byline, bio.
MASTHEAD = "Testpost Digital - Nachrichten aus Ihrer Region"
PAGE_TOP = [MASTHEAD, "Startseite > Politik > Welt"]
PAGE_FOOT = [
    "Jana Beispiel",
    "Ich schreibe für Testpost Digital über Politik und Gesellschaft und freue mich über "
    "Hinweise unserer Leserinnen und Leser.",
]
INVENTED = ROOT / "fixtures" / "eval" / "invented.jsonl"


@pytest.fixture(scope="session")
def outlet_pages() -> list:
    """Eight unrelated stories on one outlet's pages, and a teaser that is little but furniture.

    The teaser comes second: it links to the first page on the furniture alone before
    enough pages show that the furniture recurs.
    """
    from dedupe.article import Article

    records = [json.loads(line) for line in INVENTED.read_text(encoding="utf-8").splitlines()]
    texts = [
        r["text"] for r in records if r.get("id", "").endswith("-wire") or r.get("id", "").startswith("neg-")
    ]
    pages = [
        Article(
            id=f"page-{n}", text="\n\n".join([*PAGE_TOP, text, *PAGE_FOOT]), outlet="Testpost", language="de"
        )
        for n, text in enumerate(texts)
    ]
    teaser = Article(
        id="teaser",
        text="\n\n".join(
            [*PAGE_TOP, "Ergebnisse, Mandate und mögliche Koalitionen im Überblick.", *PAGE_FOOT]
        ),
        outlet="Testpost",
        language="de",
    )
    return [pages[0], teaser, *pages[1:]]
