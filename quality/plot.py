"""Plot how ``similarity`` falls for same-story and different-story pairs (docs/similarity.svg).

    python -m quality.plot                 # needs ../shared (or WIRE_DEDUPE_SHARED)
    python -m quality.plot -o /tmp/s.svg

The labelled pairs are those the model was fitted on (:func:`quality.calibrate.collect`:
the synthetic suite, the dpa sample, the seeds with the 514 background articles) plus
our probes (``fixtures/eval/probe_*.jsonl`` and ``invented.jsonl``: texts we wrote to
break the engine, never fitted on): every pair LSH proposes and every same-story pair.
Each panel shows, per similarity bin, the share of a corpus's same-story pairs and of
its different-story pairs that fall there, on a log scale, with the counts; the dashed
line is the default operating point. The figure is plain SVG written here, so the docs
need no plotting library.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from html import escape
from pathlib import Path

from dedupe.config import Config
from dedupe.corpus import prepare_corpus
from dedupe.evaluate import load_dataset
from dedupe.suites import find_shared

from .calibrate import MODEL, ROOT, _pairs, collect

#: Bin edges of the similarity axis: fine near 0 and 1, where most pairs fall.
EDGES = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0)
_SAME, _DIFFERENT = "#c0392b", "#2c6fbb"
_FLOOR = 1e-4  # the lowest share the log axis shows
_PANEL_W, _PANEL_H, _LEFT, _TOP = 520, 170, 60, 30


def bin_counts(values: Sequence[float], edges: Sequence[float] = EDGES) -> list[int]:
    """How many values fall in each bin; the last bin holds its upper edge.

    >>> bin_counts([0.0, 0.004, 0.5, 0.995, 1.0])
    [2, 0, 0, 0, 0, 0, 1, 0, 0, 2]
    """
    counts = [0] * (len(edges) - 1)
    for v in values:
        for b in range(len(counts)):
            if edges[b] <= v < edges[b + 1] or (b == len(counts) - 1 and v == edges[-1]):
                counts[b] += 1
                break
    return counts


def _y(share: float) -> float:
    """Height of a bar for a share on the log axis (0 to _PANEL_H)."""
    if share <= 0:
        return 0.0
    return _PANEL_H * (math.log10(max(share, _FLOOR)) - math.log10(_FLOOR)) / -math.log10(_FLOOR)


def figure_svg(panels: Sequence[tuple[str, list[int], list[int]]], operating_point: float = 0.5) -> str:
    """An SVG of one panel per (title, same-story counts, different-story counts)."""
    bins = len(EDGES) - 1
    slot = _PANEL_W / bins
    height = _TOP + len(panels) * (_PANEL_H + 70) + 34
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_LEFT + _PANEL_W + 20}" height="{height}" '
        'font-family="sans-serif" font-size="10">',
        f'<text x="{_LEFT}" y="16" font-size="12"><tspan fill="{_SAME}">&#9632; same story</tspan>  '
        f'<tspan fill="{_DIFFERENT}">&#9632; different stories</tspan>  share of the pairs per '
        "similarity bin (log scale), counts above the bars</text>",
    ]
    cut = next(b for b in range(bins) if EDGES[b + 1] > operating_point)
    cut_x = _LEFT + slot * (cut + (operating_point - EDGES[cut]) / (EDGES[cut + 1] - EDGES[cut]))
    for n, (title, same, different) in enumerate(panels):
        top = _TOP + n * (_PANEL_H + 70) + 28
        base = top + _PANEL_H
        out.append(
            f'<text x="{_LEFT}" y="{top - 16}" font-size="11" font-weight="bold">{escape(title)} '
            f"({sum(same):,} same-story, {sum(different):,} different-story pairs)</text>"
        )
        for share in (1.0, 0.01, _FLOOR):
            y = base - _y(share)
            out.append(
                f'<line x1="{_LEFT}" x2="{_LEFT + _PANEL_W}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            )
            out.append(f'<text x="{_LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{share:g}</text>')
        for counts, colour, offset in ((same, _SAME, 0.15), (different, _DIFFERENT, 0.5)):
            total = sum(counts) or 1
            for b, count in enumerate(counts):
                h = _y(count / total)
                x = _LEFT + slot * (b + offset)
                if count:
                    out.append(
                        f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{slot * 0.35:.1f}" height="{h:.1f}" '
                        f'fill="{colour}"/>'
                    )
                    out.append(
                        f'<text x="{x + slot * 0.175:.1f}" y="{base - h - 2:.1f}" text-anchor="middle" '
                        f'fill="{colour}">{count}</text>'
                    )
        out.append(
            f'<line x1="{cut_x:.1f}" x2="{cut_x:.1f}" y1="{top}" y2="{base}" stroke="#333" '
            'stroke-dasharray="4 3"/>'
        )
        for b in range(bins + 1):
            x = _LEFT + slot * b
            out.append(f'<text x="{x:.1f}" y="{base + 14}" text-anchor="middle">{EDGES[b]:g}</text>')
        out.append(f'<line x1="{_LEFT}" x2="{_LEFT + _PANEL_W}" y1="{base}" y2="{base}" stroke="#333"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def score(features: Sequence[float], model: dict) -> float:
    """The pinned model's similarity of a pair's features (no time window, as fitted).

    >>> round(score([1.0, 1.0, 1.0, 0.5], {"intercept": -1.0, "coefficients": [1, 1, 1, 0]}), 3)
    0.881
    """
    z = model["intercept"] + sum(c * x for c, x in zip(model["coefficients"], features, strict=True))
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def _probe_rows(config: Config) -> list[tuple[list[float], int, str]]:
    """Labelled pairs of our probes and invented stories, as :func:`collect` gives them."""
    rows = []
    for path in sorted((ROOT / "fixtures" / "eval").glob("*.jsonl")):
        dataset = load_dataset(path)
        docs = prepare_corpus(dataset.article_objects(), config)
        gold = [a.get("gold_cluster") for a in dataset.articles]
        rows += _pairs(docs, gold, config, "probes and invented stories (never fitted on)")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", default=None, help="the shared folder (default ../shared)")
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "similarity.svg"))
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("needs ../shared (or WIRE_DEDUPE_SHARED) for the suite, dpa and background", file=sys.stderr)
        return 2
    config = Config()
    model = json.loads(MODEL.read_text(encoding="utf-8"))
    rows = collect(shared, config) + _probe_rows(config)
    panels = []
    for corpus in dict.fromkeys(name for _, _, name in rows):
        scored = [(score(features, model), label) for features, label, name in rows if name == corpus]
        panels.append(
            (
                corpus,
                bin_counts([s for s, label in scored if label]),
                bin_counts([s for s, label in scored if not label]),
            )
        )
        print(corpus, panels[-1][1], panels[-1][2], file=sys.stderr)
    Path(args.output).write_text(figure_svg(panels, config.threshold), encoding="utf-8")
    print(f"written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
