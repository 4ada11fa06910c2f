"""Measure the engine against labelled data; check figures against pinned floors.

A dataset (``docs/dataset-format.md``) is JSONL: ``article`` records with a
``gold_cluster`` and optionally ``gold_paragraphs``, and labelled ``pair``
records. :func:`evaluate` takes the engine's batch result (the dict that
``dedupe.cluster`` returns) and computes:

* cluster agreement: adjusted Rand index, and pairwise precision, recall and F1
  (pairs of articles put together), from contingency counts so that it scales;
* provenance: precision, recall and F1 of ``unique`` (and ``boilerplate``,
  ``verbatim``, ``edited``) paragraph marks, measured on characters;
* pair scores (with a ``compare`` callable): Spearman correlation of
  ``similarity`` with the gold score, and ROC AUC of derived vs not derived;
* the same figures for subsets by tag (``reworded``, ``resegmented`` ...).

:func:`check_floors` compares figures with floors; ``quality/gate.py`` runs
the whole gate.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import adjusted_rand_score, roc_auc_score
from sklearn.metrics.cluster import contingency_matrix

from .article import Article, article_from_mapping
from .errors import InputError

__all__ = [
    "GOLD_STATUSES",
    "Dataset",
    "check_floors",
    "dataset_checksum",
    "evaluate",
    "flatten_figures",
    "format_table",
    "gold_result",
    "load_dataset",
    "pair_counts",
]

GOLD_STATUSES = ("verbatim", "edited", "rewritten", "unique", "boilerplate")
#: Articles with this tag take part in every subset (wire originals, negatives).
REFERENCE_TAG = "reference"
DEFAULT_SUBSETS = ("reworded", "resegmented")


@dataclass(frozen=True)
class Dataset:
    """A labelled dataset: article records, pair records, and a checksum of both."""

    name: str
    articles: list[dict[str, Any]]
    pairs: list[dict[str, Any]] = field(default_factory=list)
    checksum: str = ""

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], *, name: str = "dataset") -> Dataset:
        """Validate records (as :func:`load_dataset` does) and build a dataset."""
        return _build(list(records), name=name, lines=None)

    def article_objects(self) -> list[Article]:
        """The articles as :class:`~dedupe.article.Article` objects, for ``dedupe.cluster``."""
        return [article_from_mapping(a, source=self.name) for a in self.articles]

    def texts(self) -> dict[str, str]:
        return {a["id"]: a["text"] for a in self.articles}


def load_dataset(path: str | Path) -> Dataset:
    """Read a JSONL dataset; an article may give ``text_file`` (relative to the dataset) for ``text``.

    Raises:
        InputError: naming the file and line of the first bad record, or a file with no article.
    """
    path = Path(path)
    try:
        # utf-8-sig: a BOM (Windows editors write one) is no part of the first record.
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = f"not UTF-8 (byte {exc.start}): save it as UTF-8" if isinstance(exc, ValueError) else exc
        raise InputError(f"cannot read dataset: {why}", source=str(path)) from None
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    # Only "\n" ends a record: str.splitlines() also splits at U+2028 or U+0085, which
    # json.dumps(ensure_ascii=False) leaves raw inside a text.
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            message = f"not valid JSON ({exc.msg} at column {exc.colno}): write one JSON object a line"
            raise InputError(message, source=str(path), line=number) from None
        if not isinstance(record, dict):
            raise InputError("each line must be a JSON object", source=str(path), line=number)
        if "text_file" in record and "text" not in record:
            record["text"] = _read_text_file(path, record["text_file"], number)
        records.append(record)
        lines.append(number)
    dataset = _build(records, name=path.stem, lines=lines, source=str(path))
    if not dataset.articles:
        raise InputError("holds no article record: nothing to measure", source=str(path))
    return dataset


def _read_text_file(dataset: Path, name: Any, line: int) -> str:
    text_path = dataset.parent / str(name)
    try:
        if not isinstance(name, str) or not name:
            raise ValueError(f"'text_file' must be a path (a string), got {name!r}")
        return text_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = f"text_file {text_path} is not UTF-8 (byte {exc.start}): save it as UTF-8"
    except ValueError as exc:
        message = str(exc)
    except OSError as exc:
        message = f"cannot read text_file {text_path}: {exc.strerror or exc} (a path relative to the dataset)"
    raise InputError(message, source=str(dataset), line=line)


def _check_spans(aid: str, text: str, spans: Any) -> str | None:
    """What is wrong with an article's ``gold_paragraphs``, or None."""
    if spans is not None and not isinstance(spans, list):
        return f"article {aid!r}: 'gold_paragraphs' must be a list of {{start, end, status}} objects"
    checked: list[tuple[int, int, int]] = []
    for n, g in enumerate(spans or ()):
        at = f"article {aid!r}: gold_paragraphs[{n}]"
        if not isinstance(g, dict):
            return f"{at} must be an object with 'start', 'end' and 'status', got {g!r}"
        if g.get("status") not in GOLD_STATUSES:
            return f"{at} has status {g.get('status')!r}: use one of {', '.join(GOLD_STATUSES)}"
        start, end = g.get("start"), g.get("end")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            return f"{at} needs whole-number character offsets 'start' and 'end', got {start!r} and {end!r}"
        if not 0 <= start < end <= len(text):
            return (
                f"{at}: span {start}..{end} is not inside the text (0..{len(text)}); offsets count "
                "characters (Python str indices, end exclusive), not bytes"
            )
        if text[start:end] != text[start:end].strip():
            return f"{at}: span {start}..{end} starts or ends with whitespace; leave separators out"
        checked.append((start, end, n))
    # One status a character: overlapping spans would count characters twice, and text in
    # no span would make every engine mark there a false one.
    before, previous = 0, -1
    for start, end, n in [*sorted(checked), (len(text), len(text), -1)] if checked else ():
        if start < before:
            return (
                f"article {aid!r}: gold_paragraphs[{previous}] and [{n}] overlap; a character has one status"
            )
        if text[before:start].strip():
            return (
                f"article {aid!r}: characters {before}..{start} ({text[before:start].strip()[:40]!r}) "
                "are in no gold span; label every paragraph (furniture as boilerplate) or none"
            )
        before, previous = end, n
    return None


def _build(
    records: list[dict[str, Any]], *, name: str, lines: list[int] | None, source: str | None = None
) -> Dataset:
    articles: list[dict[str, Any]] = []
    pairs: list[tuple[int | None, dict[str, Any]]] = []
    seen: set[str] = set()
    for i, rec in enumerate(records):
        line = lines[i] if lines else i + 1

        def bad(message: str, line: int = line) -> InputError:
            return InputError(message, source=source or name, line=line)

        kind = rec.get("type", "article")
        if kind == "article":
            aid, text = rec.get("id"), rec.get("text")
            if not isinstance(aid, str) or not aid.strip() or aid != aid.strip():
                # The engine strips an id: " a1" would come back as "a1" and count as missing.
                raise bad(
                    f"article record needs a non-empty string 'id' without spaces at its ends, got {aid!r}"
                )
            if aid in seen:
                raise bad(f"duplicate article id {aid!r}: every article needs its own id")
            if not isinstance(text, str):
                raise bad(f"article {aid!r} needs a string 'text' (or a 'text_file')")
            if not isinstance(rec.get("gold_cluster"), str) or not rec["gold_cluster"]:
                raise bad(f"article {aid!r} needs a non-empty string 'gold_cluster' (its story)")
            problem = _check_spans(aid, text, rec.get("gold_paragraphs"))
            if problem:
                raise bad(problem)
            tags = rec.get("tags", [])
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise bad(f"article {aid!r}: 'tags' must be a list of strings")
            try:  # the engine's own checks (dates, outlet ...), here so that the line is known
                article_from_mapping(rec)
            except InputError as exc:
                raise bad(exc.message) from None
            seen.add(aid)
            articles.append(dict(rec, type="article"))
        elif kind == "pair":
            if not all(isinstance(rec.get(side), str) for side in ("a", "b")):
                raise bad("pair record needs article ids as strings 'a' and 'b'")
            if not isinstance(rec.get("derived"), bool):
                raise bad("pair record needs 'derived': true or false")
            score = rec.get("score")
            if score is not None and (
                isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1
            ):
                raise bad(f"pair score must be a number from 0 to 1, got {score!r}")
            pairs.append((line, dict(rec)))
        else:
            raise bad(f"unknown record type {kind!r}: use 'article' or 'pair'")
    for line, pair in pairs:
        for side in ("a", "b"):
            if pair[side] not in seen:
                message = (
                    f"pair names unknown article {pair[side]!r} as {side!r}: use an article id of this file"
                )
                raise InputError(message, source=source or name, line=line)
    checksum = dataset_checksum(articles + [p for _, p in pairs])
    return Dataset(name=name, articles=articles, pairs=[p for _, p in pairs], checksum=checksum)


def dataset_checksum(records: Iterable[Mapping[str, Any]]) -> str:
    """sha256 of the records as canonical JSON lines (sorted keys), so layout changes do not count.

    >>> dataset_checksum([{"id": "a", "text": "x"}]) == dataset_checksum([{"text": "x", "id": "a"}])
    True
    """
    digest = hashlib.sha256()
    for rec in records:
        canonical = {k: v for k, v in rec.items() if k != "text_file"}
        line = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
    return "sha256:" + digest.hexdigest()


# --- metrics ------------------------------------------------------------------------------


def pair_counts(gold: Sequence[Any], predicted: Sequence[Any]) -> tuple[int, int, int]:
    """(pairs together in both, pairs together in prediction, pairs together in gold).

    >>> pair_counts(["x", "x", "y"], [1, 1, 1])
    (1, 3, 1)
    """
    table = contingency_matrix(gold, predicted, sparse=True).tocsr()

    def pairs(counts: np.ndarray) -> int:
        counts = np.asarray(counts, dtype=np.int64).ravel()
        return int((counts * (counts - 1) // 2).sum())

    return pairs(table.data), pairs(table.sum(axis=0)), pairs(table.sum(axis=1))


def _prf(hits: float, predicted: float, gold: float) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 1.0  # nothing claimed, nothing wrong
    recall = hits / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def _predictions(result: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, list[dict[str, Any]]]]:
    labels: dict[str, int] = {}
    paragraphs: dict[str, list[dict[str, Any]]] = {}
    for c, cluster in enumerate(result.get("clusters", [])):
        for member in cluster.get("members", []):
            aid = member["article_id"]
            if aid in labels:
                raise InputError(f"result puts article {aid!r} in more than one cluster")
            labels[aid] = c
            paragraphs[aid] = member.get("paragraphs") or []
    return labels, paragraphs


def _figures(
    articles: list[dict[str, Any]],
    labels: dict[str, int],
    paragraphs: dict[str, list[dict[str, Any]]],
    pairs: list[dict[str, Any]],
    similarity: dict[tuple[str, str], float],
) -> dict[str, Any]:
    gold = [a["gold_cluster"] for a in articles]
    offset = max(labels.values(), default=-1) + 1
    predicted = [labels.get(a["id"], offset + i) for i, a in enumerate(articles)]  # missing: alone
    hits, n_pred, n_gold = pair_counts(gold, predicted)
    p, r, f = _prf(hits, n_pred, n_gold)
    out: dict[str, Any] = {
        "articles": len(articles),
        "gold_clusters": len(set(gold)),
        "predicted_clusters": len(set(predicted)),
        "missing": sum(1 for a in articles if a["id"] not in labels),
        "ari": float(adjusted_rand_score(gold, predicted)) if articles else None,
        "pairwise_precision": p,
        "pairwise_recall": r,
        "pairwise_f1": f,
    }
    for status in ("unique", "boilerplate", "verbatim", "edited"):
        counted, hits_c, pred_c, gold_c = 0, 0, 0, 0
        for a in articles:
            if not a.get("gold_paragraphs"):
                continue
            counted += 1
            g = _merge((x["start"], x["end"]) for x in a["gold_paragraphs"] if x["status"] == status)
            q = _merge(
                (x["start"], x["end"]) for x in paragraphs.get(a["id"], []) if x.get("status") == status
            )
            hits_c += _overlap(g, q)
            pred_c += sum(e - s for s, e in q)
            gold_c += sum(e - s for s, e in g)
        if counted:
            out[f"{status}_precision"], out[f"{status}_recall"], out[f"{status}_f1"] = _prf(
                hits_c, pred_c, gold_c
            )
    scored = [(similarity[(x["a"], x["b"])], x) for x in pairs if (x["a"], x["b"]) in similarity]
    if scored:
        out["pairs"] = len(scored)
        with_score = [(s, x["score"]) for s, x in scored if x.get("score") is not None]
        # Spearman needs three pairs and some spread on both sides, else it is undefined (NaN).
        if len(with_score) >= 3 and min(len(set(column)) for column in zip(*with_score, strict=True)) > 1:
            out["spearman"] = float(
                spearmanr([s for s, _ in with_score], [g for _, g in with_score]).statistic
            )
        if len({x["derived"] for _, x in scored}) == 2:
            out["roc_auc"] = float(roc_auc_score([x["derived"] for _, x in scored], [s for s, _ in scored]))
    return out


def evaluate(
    dataset: Dataset,
    result: Mapping[str, Any],
    compare: Callable[[str, str], Any] | None = None,
    subsets: Sequence[str] = DEFAULT_SUBSETS,
) -> dict[str, Any]:
    """Figures of one engine result on one dataset.

    Args:
        dataset: The labelled data.
        result: The engine's batch result (``{"clusters": [...], "stats": {...}}``).
            Articles it leaves out (rejected) count as singletons.
        compare: ``compare(text_a, text_b)`` returning an object with ``similarity``
            (as ``dedupe.compare``) or a float; needed for the pair figures.
        subsets: Tags to report separately. A subset holds the articles with that
            tag plus those tagged ``reference`` (wire originals and negatives).

    Returns:
        A dict of figures (see :func:`flatten_figures` for the names), with
        ``subsets`` mapping each tag present in the data to its own figures.
    """
    labels, paragraphs = _predictions(result)
    similarity: dict[tuple[str, str], float] = {}
    if compare is not None and dataset.pairs:
        texts = dataset.texts()
        for pair in dataset.pairs:
            value = compare(texts[pair["a"]], texts[pair["b"]])
            similarity[(pair["a"], pair["b"])] = float(getattr(value, "similarity", value))
    figures = {"dataset": dataset.name, "checksum": dataset.checksum}
    figures.update(_figures(dataset.articles, labels, paragraphs, dataset.pairs, similarity))
    figures["subsets"] = {}
    for tag in subsets:
        chosen = [a for a in dataset.articles if tag in a.get("tags", ())]
        if not chosen:
            continue
        ids = {a["id"] for a in chosen}
        members = [a for a in dataset.articles if a["id"] in ids or REFERENCE_TAG in a.get("tags", ())]
        tagged_pairs = [p for p in dataset.pairs if p["a"] in ids or p["b"] in ids]
        figures["subsets"][tag] = _figures(members, labels, paragraphs, tagged_pairs, similarity)
    return figures


def gold_result(dataset: Dataset) -> dict[str, Any]:
    """The result a perfect engine would return, in the batch contract's shape (tests, sanity checks)."""
    clusters: dict[str, list[dict[str, Any]]] = {}
    for a in dataset.articles:
        member = {"article_id": a["id"], "outlet": a.get("outlet") or a["id"], "relation": "origin"}
        member["paragraphs"] = [
            {"index": i, "start": g["start"], "end": g["end"], "status": g["status"], "matches": []}
            for i, g in enumerate(a.get("gold_paragraphs") or [])
        ]
        clusters.setdefault(a["gold_cluster"], []).append(member)
    return {
        "clusters": [
            {"cluster_id": cid, "origin": members[0]["article_id"], "members": members}
            for cid, members in clusters.items()
        ],
        "stats": {"articles": len(dataset.articles), "clusters": len(clusters), "rejected": []},
    }


# --- floors ------------------------------------------------------------------------------


def flatten_figures(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Figures as flat names: ``ari``, ``reworded.ari``, ...

    >>> flatten_figures({"ari": 1.0, "subsets": {"reworded": {"ari": 0.5}}})
    {'ari': 1.0, 'reworded.ari': 0.5}
    """
    flat = {k: v for k, v in figures.items() if k != "subsets"}
    for tag, sub in (figures.get("subsets") or {}).items():
        flat.update({f"{tag}.{k}": v for k, v in sub.items()})
    return flat


def check_floors(figures: Mapping[str, Any], floors: Mapping[str, Any]) -> list[str]:
    """Failures of ``figures`` against ``floors`` (flat names or nested ``subsets``); empty if all hold.

    >>> check_floors({"ari": 0.9}, {"ari": 0.95})
    ['ari: measured 0.9000, floor 0.9500']
    >>> check_floors({"ari": 0.97}, {"ari": 0.95, "reworded.ari": 0.95})
    ['reworded.ari: not measured, floor 0.9500']
    """
    flat = flatten_figures(figures)
    failures = []
    for name, floor in sorted(flatten_figures(floors).items()):
        value = flat.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            failures.append(f"{name}: not measured, floor {floor:.4f}")
        elif value < floor - 1e-9:
            failures.append(f"{name}: measured {value:.4f}, floor {floor:.4f}")
    return failures


_TABLE_FIGURES = (
    "ari",
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
    "unique_precision",
    "unique_recall",
    "unique_f1",
    "edited_f1",
    "spearman",
    "roc_auc",
)


def format_table(
    rows: Sequence[Mapping[str, Any]], floors: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """A plain-text table: one line per dataset and subset, floors in brackets where pinned."""
    header = ["dataset", "n", *(_short(f) for f in _TABLE_FIGURES)]
    lines = [header]
    for figures in rows:
        pinned = flatten_figures((floors or {}).get(figures.get("dataset", ""), {}))
        for prefix, figs in [("", figures), *((f"{t}.", s) for t, s in figures.get("subsets", {}).items())]:
            cells = [
                f"{figures.get('dataset', '?')}{' ' + prefix[:-1] if prefix else ''}",
                str(figs.get("articles", "")),
            ]
            for name in _TABLE_FIGURES:
                value, floor = figs.get(name), pinned.get(prefix + name)
                cell = "-" if value is None else f"{value:.3f}"
                if floor is not None:
                    cell += f"{'!' if value is None or value < floor - 1e-9 else ''}[{floor:.2f}]"
                cells.append(cell)
            lines.append(cells)
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in lines
    )


def _short(name: str) -> str:
    return (
        name.replace("pairwise_", "pair_")
        .replace("precision", "P")
        .replace("recall", "R")
        .replace("_f1", "_F1")
    )
