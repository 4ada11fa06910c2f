"""The quality gate: build each pinned dataset, run the engine, compare with floors.

``quality/floors.json`` names every dataset, how to build it, the checksum it
was measured on, and the floors (minimum figures, ``dedupe.evaluate`` names,
``reworded.ari`` for subsets). A dataset whose checksum differs from the pinned
one fails: the floors were measured on other data, so re-measure and re-pin
them in a deliberate change to that file. Floors are never lowered by a tool.

Dataset entries::

    {"path": "fixtures/seeds_gold.jsonl", "checksum": "sha256:...", "floors": {...}}
    {"build": {"suite": "shared", "stories": 300, "seed": 0, "versions": [3, 6]}, ...}
    {"build": {"suite": "dpa"}, ...}         the real dpa sample, gold from PAIRS.md
    {"build": {"suite": "background"}, ...}  the seeds among 514 unrelated articles

``path`` is relative to the floors file's parent's parent (the repository
root); a ``build`` suite needs ``../shared`` and is skipped, with a note, when
that folder is absent. ``"engine": "live"`` runs a dataset through the live index
(:func:`live_cluster`, one article at a time in dataset order, as the service sees
them) instead of the batch.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import Article
from .errors import ConfigError
from .evaluate import Dataset, check_floors, evaluate, load_dataset
from .suites import background_suite, dpa_suite, find_shared, shared_suite

__all__ = ["GateOutcome", "build_dataset", "live_cluster", "load_floors", "run_gate"]

ENGINES = ("batch", "live")

ClusterFn = Callable[[Iterable[Article]], dict[str, Any]]


@dataclass
class GateOutcome:
    """Figures per dataset, failures (each naming dataset, figure, measured and floor) and notes."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_floors(path: str | Path) -> dict[str, Any]:
    """Read and check the floors file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read floors file {path}: {exc}") from None
    datasets = data.get("datasets") if isinstance(data, dict) else None
    if not isinstance(datasets, dict) or not datasets:
        raise ConfigError(
            f"{path}: expected {{'datasets': {{name: {{'path' or 'build', 'checksum', 'floors'}}}}}}"
        )
    for name, entry in datasets.items():
        if not isinstance(entry, dict) or ("path" in entry) == ("build" in entry):
            raise ConfigError(f"{path}: dataset {name!r} needs exactly one of 'path' or 'build'")
        if entry.get("engine", "batch") not in ENGINES:
            raise ConfigError(
                f"{path}: dataset {name!r}: engine must be one of {', '.join(ENGINES)}, "
                f"got {entry.get('engine')!r}"
            )
        for figure, floor in (entry.get("floors") or {}).items():
            if isinstance(floor, bool) or not isinstance(floor, (int, float)):
                raise ConfigError(
                    f"{path}: dataset {name!r}: floor {figure!r} must be a number, got {floor!r}"
                )
    return data


def build_dataset(name: str, entry: dict[str, Any], *, root: Path, shared: Path | None) -> Dataset | None:
    """Load or generate one dataset; None if it needs ``../shared`` and that is absent."""
    if "path" in entry:
        return load_dataset(root / entry["path"])
    build = dict(entry["build"])
    suite = build.pop("suite", "shared")
    if suite not in ("shared", "dpa", "background"):
        raise ConfigError(f"dataset {name!r}: unknown build suite {suite!r}; use shared, dpa or background")
    if shared is None:
        return None
    if suite == "dpa":
        return Dataset.from_records(dpa_suite(shared), name=name)
    if suite == "background":
        return Dataset.from_records(background_suite(shared, root / "seeds"), name=name)
    versions = tuple(build.pop("versions", (3, 6)))
    records = shared_suite(shared, versions=versions, **build)  # type: ignore[arg-type]
    return Dataset.from_records(records, name=name)


def live_cluster(articles: Iterable[Article]) -> dict[str, Any]:
    """The live index's clusters after adding ``articles`` one by one, in the batch result's shape."""
    from .config import Config
    from .live import LiveIndex

    index = LiveIndex(Config())
    for article in articles:
        index.add(article)
    return {"clusters": index.clusters()}


def run_gate(
    floors_path: str | Path,
    *,
    cluster: ClusterFn,
    compare: Callable[[str, str], Any] | None = None,
    shared: str | Path | None = None,
    only: Sequence[str] = (),
) -> GateOutcome:
    """Run every dataset of the floors file (or those in ``only``) through ``cluster``.

    Args:
        floors_path: ``quality/floors.json``.
        cluster: The engine, ``dedupe.cluster``.
        compare: ``dedupe.compare`` for the pair figures (Spearman, ROC AUC), or None.
        shared: The shared data folder; default ``$WIRE_DEDUPE_SHARED`` or ``../shared``.
        only: Dataset names to run; empty runs all.
    """
    floors_path = Path(floors_path)
    data = load_floors(floors_path)
    root = floors_path.resolve().parent.parent
    shared_dir = find_shared(shared)
    outcome = GateOutcome()
    unknown = sorted(set(only) - set(data["datasets"]))
    if unknown:
        raise ConfigError(
            f"{floors_path}: no dataset named {', '.join(map(repr, unknown))}; "
            f"the datasets are: {', '.join(data['datasets'])}"
        )
    for name, entry in data["datasets"].items():
        if only and name not in only:
            continue
        dataset = build_dataset(name, entry, root=root, shared=shared_dir)
        if dataset is None:
            # A gate that measured nothing must not pass: CI runs beside ../shared.
            outcome.failures.append(
                f"{name}: not measured, the shared data was not found (put ../shared beside the "
                "repository or set WIRE_DEDUPE_SHARED to its folder)"
            )
            continue
        pinned = entry.get("checksum")
        if pinned is None:
            outcome.notes.append(f"{name}: checksum not pinned yet; measured on {dataset.checksum}")
        elif pinned != dataset.checksum:
            outcome.failures.append(
                f"{name}: dataset checksum {dataset.checksum} differs from the pinned {pinned}; "
                "re-measure and re-pin its floors deliberately"
            )
        started = time.perf_counter()
        engine = live_cluster if entry.get("engine") == "live" else cluster
        result = engine(dataset.article_objects())
        seconds = time.perf_counter() - started
        figures = evaluate(dataset, result, compare=compare)
        figures["dataset"] = name
        figures["seconds"] = round(seconds, 2)
        outcome.rows.append(figures)
        outcome.failures += [
            f"{name}: {failure}" for failure in check_floors(figures, entry.get("floors") or {})
        ]
    return outcome
