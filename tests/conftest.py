"""Shared fixtures. Keep additions small and independent of each other."""

from __future__ import annotations

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
