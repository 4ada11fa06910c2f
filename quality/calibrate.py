"""Fit the similarity model on labelled pairs and pin it in dedupe/data/similarity_model.json.

    python -m quality.calibrate            # needs ../shared (or WIRE_DEDUPE_SHARED)

Labelled pairs, all made or labelled by us, from three sources:

* the synthetic suite (``dedupe.suites.shared_suite``): versions of one wire story
  are positives, everything else negatives;
* the dpa sample: the six same-story pairs of PAIRS.md are positives, every other
  candidate pair negative (the four same-topic rewrites it lists are left out);
* the five seeds with the 514 background articles: seed pairs positive, every
  other pair negative (the background holds no two versions of one story).

Only pairs that LSH proposes are ever verified, so the negatives are the
candidate pairs; positives LSH misses are added too, so the fit sees them.
The operating point written to the model is the lowest threshold whose
precision on all labelled pairs is at least ``--precision`` (default 0.99),
and never below 0.5.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_auc_score

from dedupe.article import Article
from dedupe.cluster import is_excluded
from dedupe.config import Config
from dedupe.corpus import prepare_corpus
from dedupe.document import Document
from dedupe.index import CandidateIndex
from dedupe.suites import _FOLLOWUPS, _SAME_TOPIC_LEFT_OUT, dpa_items, find_shared, shared_suite
from dedupe.verify import measure

MODEL = Path(__file__).resolve().parents[1] / "dedupe" / "data" / "similarity_model.json"
ROOT = Path(__file__).resolve().parents[1]


def _candidates(docs: Sequence[Document], config: Config) -> set[tuple[int, int]]:
    index = CandidateIndex(config)
    eligible = [i for i, d in enumerate(docs) if len(d.shingles) and not is_excluded(d.article, config)]
    pairs: set[tuple[int, int]] = set()
    for i, sig in zip(eligible, index.sketch([docs[i] for i in eligible]), strict=True):
        for hit in index.query(sig):
            j = int(hit)
            pairs.add((min(i, j), max(i, j)))
        index.add(str(i), sig)
    return pairs


def _pairs(docs, gold: Sequence[str | None], config: Config, name: str, skip=frozenset()):
    """(features, label, corpus) for candidate pairs plus all gold positive pairs."""
    pairs = _candidates(docs, config)
    by_cluster: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        if g is not None:
            by_cluster.setdefault(g, []).append(i)
    for members in by_cluster.values():
        pairs.update(itertools.combinations(sorted(members), 2))
    rows = []
    for i, j in sorted(pairs):
        if (docs[i].id, docs[j].id) in skip or (docs[j].id, docs[i].id) in skip:
            continue
        if is_excluded(docs[i].article, config) or is_excluded(docs[j].article, config):
            continue
        label = gold[i] is not None and gold[i] == gold[j]
        rows.append((measure(docs[i], docs[j]).features(), int(label), name))
    return rows


def collect(shared: Path, config: Config) -> list[tuple[list[float], int, str]]:
    rows = []
    suite = [r for r in shared_suite(shared) if r.get("type") == "article"]
    articles = [
        Article(id=r["id"], text=r["text"], provider=r.get("provider"), genre=r.get("genre")) for r in suite
    ]
    docs = prepare_corpus(articles, config)
    gold = [r["gold_cluster"] for r in suite]
    rows += _pairs(docs, gold, config, "synthetic")
    print(f"synthetic: {len(rows)} pairs", file=sys.stderr)

    items = dpa_items(shared / "data" / "dpa-basisdienst-2017-06-29")
    story = {}
    for older, newer in _FOLLOWUPS.items():
        for n in newer:
            story[older] = story[n] = older
    arts = [Article(id=i["guid"], text=i["text"] or "-", genre=i["genre"]) for i in items]
    left_out = {(a, b) for a in _SAME_TOPIC_LEFT_OUT for b in (x["guid"] for x in items)}
    before = len(rows)
    rows += _pairs(
        prepare_corpus(arts, config), [story.get(a.id, a.id) for a in arts], config, "dpa", left_out
    )
    print(f"dpa: {len(rows) - before} pairs", file=sys.stderr)

    seeds = [
        Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    background = [
        Article(id=json.loads(line)["id"], text=json.loads(line)["text"])
        for line in (shared / "data" / "10kgnad-background" / "docs.jsonl").open(encoding="utf-8")
    ]
    gold = ["seeds"] * len(seeds) + [a.id for a in background]
    before = len(rows)
    rows += _pairs(prepare_corpus(seeds + background, config), gold, config, "seeds+background")
    print(f"seeds+background: {len(rows) - before} pairs", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", default=None, help="the shared folder (default ../shared)")
    parser.add_argument("--precision", type=float, default=0.99, help="precision of the operating point")
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write the model")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("shared data not found: pass --shared or set WIRE_DEDUPE_SHARED", file=sys.stderr)
        return 2
    config = Config()
    rows = collect(shared, config)
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    names = json.loads(MODEL.read_text(encoding="utf-8"))["features"]
    model = LogisticRegression(C=10.0, max_iter=2000).fit(x, y)
    p = model.predict_proba(x)[:, 1]
    precision, recall, thresholds = precision_recall_curve(y, p)
    ok = [i for i in range(len(thresholds)) if precision[i] >= args.precision]
    # Precision-first: the lowest threshold with the target precision, but never
    # below even odds, since the pairs a desk sees are mostly not same-story.
    operating = max(0.5, float(thresholds[ok[0]]) if ok else 0.9)
    report = {}
    for corpus in sorted({r[2] for r in rows}):
        mask = np.array([r[2] == corpus for r in rows])
        pos, pred = y[mask] == 1, p[mask] >= operating
        report[corpus] = {
            "pairs": int(mask.sum()),
            "positives": int(pos.sum()),
            "true_links": int((pos & pred).sum()),
            "false_links": int((~pos & pred).sum()),
            "roc_auc": round(float(roc_auc_score(y[mask], p[mask])), 4)
            if 0 < pos.sum() < mask.sum()
            else None,
        }
    out = {
        "features": names,
        "coefficients": [round(float(c), 4) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "time_penalty": 3.0,
        "operating_point": round(operating, 4),
        "target_precision": args.precision,
        "fitted_on": f"quality/calibrate.py on {date.today().isoformat()}: {len(rows)} labelled pairs ({int(y.sum())} same-story)",
        "per_corpus_at_operating_point": report,
    }
    print(json.dumps(out, indent=1))
    if not args.dry_run:
        MODEL.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
