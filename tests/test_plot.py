"""The similarity figure of docs/quality.md (quality/plot.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quality.plot import EDGES, bin_counts, figure_svg, score

SVG = "{http://www.w3.org/2000/svg}"


def test_every_value_lands_in_one_bin_edges_included():
    values = [0.0, 0.0099, 0.01, 0.5, 0.98999, 0.99, 1.0]
    counts = bin_counts(values)
    assert sum(counts) == len(values)
    assert counts[0] == 2 and counts[1] == 1 and counts[-1] == 2 and counts[-2] == 1


def test_figure_is_svg_with_a_bar_per_nonempty_bin_and_escaped_titles():
    same = [0] * (len(EDGES) - 1)
    same[-1], same[3] = 40, 2
    different = [0] * (len(EDGES) - 1)
    different[0] = 900
    root = ET.fromstring(figure_svg([("<b>corpus & co</b>", same, different)]))
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 3
    heights = sorted(float(r.get("height")) for r in bars)
    # 900 of 900 and 40 of 42 are near the top of the log axis, 2 of 42 well below.
    assert heights[0] < heights[1] <= heights[2]
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<b>corpus & co</b> (42 same-story, 900 different-story pairs)" in texts


def test_score_is_the_logistic_of_the_model():
    model = {"intercept": 0.0, "coefficients": [2.0, 0.0, 0.0, 0.0]}
    assert score([0.0, 1.0, 1.0, 1.0], model) == 0.5
    assert score([10.0, 0, 0, 0], model) > 0.99 > 0.01 > score([-10.0, 0, 0, 0], model)
