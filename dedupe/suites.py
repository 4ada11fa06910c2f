"""Evaluation suites built at run time from the real data in ``../shared``.

The text in ``../shared/data`` belongs to its publishers, so the synthetic suite
is generated in memory (or into an output folder outside the repository) and
never committed. :func:`shared_suite` turns

* dpa Basisdienst items (body = ``<p>`` elements of ``section.main``) and
  10kGNAD background articles into wire stories with derived versions,
* the remaining background articles into negatives (singletons), whose tail
  paragraphs the synthetic outlets use as their own paragraphs, and
* dpa tables, notices and digests into negatives too: they look like
  duplicates but are not versions of one story (see ``PAIRS.md`` there).

Real follow-ups named in ``PAIRS.md`` join their story's cluster as members
tagged ``natural``; same-topic rewrites that a text-overlap detector need not
link are left out.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from .errors import InputError, SkippedInput
from .synth import generate_suite, paragraphs_of

__all__ = ["DEFAULT_SHARED", "background_suite", "dpa_items", "dpa_suite", "find_shared", "shared_suite"]

#: ``../shared`` beside the repository root.
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"

_DPA = "dpa-basisdienst-2017-06-29"
_BACKGROUND = "10kgnad-background/docs.jsonl"
_NON_STORY_GENRES = ("tabelle", "achtung", "vorschau", "nachrichtenüberblick")
#: PAIRS.md, "same story, follow-up": older item -> newer items of the same story.
_FOLLOWUPS = {
    "170629-99-45965": ("170629-99-49823",),
    "170629-99-49718": ("170629-99-50084",),
    "170629-99-48560": ("170629-99-48966",),
    "170629-99-48876": ("170629-99-50011",),
    "170629-99-44828": ("170629-99-49320",),
    "170629-99-46771": ("170629-99-46800",),
}
#: PAIRS.md, "same topic but fully rewritten": the second of each is left out.
_SAME_TOPIC_LEFT_OUT = ("170629-99-45365", "170629-99-49437", "170629-99-48315", "170629-99-47719")
_STUB_MARK = "Der Volltext dieses auf Agenturmeldungen basierenden Artikels"


def find_shared(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared data folder: ``path``, ``$WIRE_DEDUPE_SHARED`` or ``../shared``; None if absent."""
    candidate = Path(path or os.environ.get("WIRE_DEDUPE_SHARED") or DEFAULT_SHARED)
    return candidate if (candidate / "data").is_dir() else None


def dpa_items(folder: Path) -> list[dict[str, Any]]:
    """The dpa sample as ``dedupe.formats`` reads it: ``guid`` (the id's last part),
    ``genre`` and ``text`` (paragraphs of ``section.main``, separated by blank lines)."""
    from .article import Article
    from .formats import iter_path_records

    items = []
    for record in iter_path_records([folder]):
        if isinstance(record, SkippedInput):  # PAIRS.md, index.tsv
            continue
        if not isinstance(record, Article):
            raise record
        items.append({"guid": record.id.rsplit(":", 1)[-1], "genre": record.genre or "", "text": record.text})
    return items


def shared_suite(
    shared: Path,
    *,
    stories: int = 300,
    seed: int = 0,
    versions: tuple[int, int] = (3, 6),
) -> list[dict[str, Any]]:
    """Generate the synthetic suite from ``shared`` (see the module docstring).

    Args:
        shared: The shared folder (with ``data/`` inside).
        stories: Number of wire stories (dpa items first, then background articles).
        seed: Seed for the split of the background articles and for the generator.
        versions: Derived versions per story, inclusive range.

    Raises:
        InputError: when the data does not hold enough texts for ``stories``.
    """
    data = shared / "data"
    rng = random.Random(seed)
    by_guid = {item["guid"]: item for item in dpa_items(data / _DPA)}
    followup_ids = {f for fs in _FOLLOWUPS.values() for f in fs}
    sources: list[dict[str, Any]] = []
    negatives: list[str | dict[str, str]] = []
    for guid, item in by_guid.items():
        if guid in followup_ids or guid in _SAME_TOPIC_LEFT_OUT or not item["text"]:
            continue
        if any(g in item["genre"].lower() for g in _NON_STORY_GENRES) or len(item["text"].split()) < 60:
            negatives.append(
                {"text": item["text"], "genre": item["genre"]}
            )  # tables, notices, digests: traps
            continue
        followups = [by_guid[f]["text"] for f in _FOLLOWUPS.get(guid, ()) if f in by_guid]
        sources.append({"text": item["text"], "provider": "dpa", "followups": followups})
    background = [json.loads(line)["text"] for line in (data / _BACKGROUND).open(encoding="utf-8")]
    stubs = [t for t in background if _STUB_MARK in t]
    articles = [t for t in background if _STUB_MARK not in t]
    rng.shuffle(articles)
    wanted = stories - len(sources)
    if wanted > len(articles):
        raise InputError(f"only {len(sources) + len(articles)} texts for {stories} stories: ask for fewer")
    sources += [{"text": t, "provider": "APA"} for t in articles[:wanted]]
    own_pool: list[str] = []
    for text in articles[wanted:]:
        paragraphs = paragraphs_of(text, rng=rng)
        keep = max(3, (len(paragraphs) * 3 + 4) // 5)
        negatives.append("\n\n".join(paragraphs[:keep]))
        own_pool += paragraphs[keep:]  # the tail goes to the outlets' own paragraphs
    negatives += stubs
    return generate_suite(sources, negatives=negatives, own_pool=own_pool, versions=versions, seed=seed)


def dpa_suite(shared: Path) -> list[dict[str, Any]]:
    """The 100 real dpa items as read by ``dedupe.formats``, gold from ``PAIRS.md``.

    The six same-story pairs share a gold cluster; every other item, the tables,
    notices and the digest among them, is its own. The four same-topic rewrites
    that a text-overlap detector need not link are left out.
    """
    from .article import Article
    from .formats import iter_path_records

    story = {n: older for older, newer in _FOLLOWUPS.items() for n in (older, *newer)}
    records = []
    for item in iter_path_records([shared / "data" / _DPA]):
        if isinstance(item, SkippedInput):  # PAIRS.md, index.tsv
            continue
        if not isinstance(item, Article):
            raise item
        guid = item.id.rsplit(":", 1)[-1]
        if guid in _SAME_TOPIC_LEFT_OUT:
            continue
        record = {k: v for k, v in item.to_dict().items() if k in ("id", "text", "genre", "version", "title")}
        records.append({"type": "article", **record, "gold_cluster": story.get(guid, guid)})
    return records


def background_suite(shared: Path, seeds: Path) -> list[dict[str, Any]]:
    """The five seeds (one story) with the 514 background articles (no two one story)."""
    records = [
        {"type": "article", "id": p.stem, "text": p.read_text(encoding="utf-8"), "gold_cluster": "seeds"}
        for p in sorted(seeds.glob("*.txt"))
    ]
    for line in (shared / "data" / _BACKGROUND).open(encoding="utf-8"):
        doc = json.loads(line)
        records.append({"type": "article", "id": doc["id"], "text": doc["text"], "gold_cluster": doc["id"]})
    return records
