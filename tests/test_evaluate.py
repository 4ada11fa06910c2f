"""Evaluation metrics on hand-made cases, dataset loading, the seeds gold and the gate."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from dedupe.errors import ConfigError, InputError
from dedupe.evaluate import (
    Dataset,
    check_floors,
    dataset_checksum,
    evaluate,
    flatten_figures,
    format_table,
    gold_result,
    load_dataset,
)
from dedupe.gate import run_gate

ROOT = Path(__file__).resolve().parents[1]
SEEDS_GOLD = ROOT / "fixtures" / "seeds_gold.jsonl"
INVENTED = ROOT / "fixtures" / "eval" / "invented.jsonl"
TARGETS = {"ari": 0.95, "pairwise_precision": 0.98, "unique_f1": 0.90}


def _articles(gold: dict[str, str], tags: dict[str, list[str]] | None = None) -> Dataset:
    return Dataset.from_records(
        {"id": aid, "text": f"Text von {aid}.", "gold_cluster": c, "tags": (tags or {}).get(aid, [])}
        for aid, c in gold.items()
    )


def _result(*clusters: list[str], paragraphs: dict[str, list[dict]] | None = None) -> dict:
    return {
        "clusters": [
            {
                "cluster_id": f"c{i}",
                "origin": members[0],
                "members": [{"article_id": m, "paragraphs": (paragraphs or {}).get(m, [])} for m in members],
            }
            for i, members in enumerate(clusters)
        ],
        "stats": {"articles": sum(map(len, clusters)), "clusters": len(clusters), "rejected": []},
    }


GOLD = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C"}


def test_perfect_clustering_scores_one():
    figures = evaluate(_articles(GOLD), _result(["a1", "a2"], ["b1", "b2"], ["c1"]))
    assert figures["ari"] == 1.0
    assert figures["pairwise_precision"] == figures["pairwise_recall"] == figures["pairwise_f1"] == 1.0


def test_one_false_merge_lowers_precision_by_the_hand_computed_amount():
    figures = evaluate(_articles(GOLD), _result(["a1", "a2", "c1"], ["b1", "b2"]))
    # predicted pairs: a1a2 a1c1 a2c1 b1b2 = 4, of which a1a2 and b1b2 are gold pairs
    assert figures["pairwise_precision"] == pytest.approx(2 / 4)
    assert figures["pairwise_recall"] == 1.0
    assert figures["pairwise_f1"] == pytest.approx(2 * 0.5 / 1.5)
    # ARI by hand: sum C(n_ij,2)=2, rows 2, cols 4, C(5,2)=10 -> (2-0.8)/(3-0.8)
    assert figures["ari"] == pytest.approx(1.2 / 2.2)


def test_a_split_lowers_recall_not_precision():
    figures = evaluate(_articles(GOLD), _result(["a1"], ["a2"], ["b1", "b2"], ["c1"]))
    assert figures["pairwise_precision"] == 1.0
    assert figures["pairwise_recall"] == pytest.approx(1 / 2)


def test_articles_missing_from_the_result_count_as_singletons():
    figures = evaluate(_articles(GOLD), _result(["a1", "a2"], ["b1"]))
    assert figures["missing"] == 2
    assert figures["pairwise_recall"] == pytest.approx(1 / 2)
    assert figures["pairwise_precision"] == 1.0


def test_everything_merged_has_zero_ari_and_low_precision():
    figures = evaluate(_articles(GOLD), _result(list(GOLD)))
    assert figures["ari"] == pytest.approx(0.0)
    assert figures["pairwise_precision"] == pytest.approx(2 / 10)


def test_an_article_in_two_clusters_is_an_error():
    with pytest.raises(InputError, match="more than one cluster"):
        evaluate(_articles(GOLD), _result(["a1", "a2"], ["a2", "b1"]))


def test_unique_marks_are_measured_on_characters():
    ds = Dataset.from_records(
        [
            {
                "id": "v",
                "text": "x" * 50,
                "gold_cluster": "A",
                "gold_paragraphs": [
                    {"start": 0, "end": 10, "status": "verbatim"},
                    {"start": 10, "end": 20, "status": "unique"},
                    {"start": 30, "end": 40, "status": "unique"},
                    {"start": 20, "end": 30, "status": "boilerplate"},  # every character labelled
                    {"start": 40, "end": 50, "status": "boilerplate"},
                ],
            },
            {"id": "w", "text": "y" * 50, "gold_cluster": "A"},
        ]
    )
    marks = {
        "v": [{"start": 15, "end": 35, "status": "unique"}, {"start": 0, "end": 10, "status": "verbatim"}]
    }
    figures = evaluate(ds, _result(["v", "w"], paragraphs=marks))
    # predicted unique 15..35 (20 chars), gold 10..20 and 30..40 (20 chars), overlap 5 + 5
    assert figures["unique_precision"] == pytest.approx(0.5)
    assert figures["unique_recall"] == pytest.approx(0.5)
    assert figures["unique_f1"] == pytest.approx(0.5)
    nothing = evaluate(ds, _result(["v", "w"]))
    assert nothing["unique_recall"] == 0.0 and nothing["unique_f1"] == 0.0


def test_pair_figures_use_the_compare_callable():
    records = [{"id": i, "text": i * 3, "gold_cluster": i} for i in "abcd"]
    records += [
        {"type": "pair", "a": "a", "b": "b", "derived": True, "score": 0.9},
        {"type": "pair", "a": "a", "b": "c", "derived": True, "score": 0.6},
        {"type": "pair", "a": "b", "b": "d", "derived": False, "score": 0.0},
    ]
    ds = Dataset.from_records(records)
    table = {("aaa", "bbb"): 0.8, ("aaa", "ccc"): 0.7, ("bbb", "ddd"): 0.1}
    figures = evaluate(ds, _result(*[[i] for i in "abcd"]), compare=lambda a, b: table[(a, b)])
    assert figures["spearman"] == pytest.approx(1.0)
    assert figures["roc_auc"] == pytest.approx(1.0)
    flipped = evaluate(ds, _result(*[[i] for i in "abcd"]), compare=lambda a, b: 1 - table[(a, b)])
    assert flipped["roc_auc"] == pytest.approx(0.0)
    assert "spearman" not in evaluate(ds, _result(*[[i] for i in "abcd"]))


def test_subsets_hold_the_tagged_articles_and_the_references():
    tags = {"a1": ["reference"], "a2": ["reworded"], "b1": ["reference"], "b2": [], "c1": ["reference"]}
    figures = evaluate(_articles(GOLD, tags), _result(["a1", "a2"], ["b1", "b2", "c1"]))
    sub = figures["subsets"]["reworded"]
    assert sub["articles"] == 4  # a2 plus the three references; b2 is in no subset
    assert sub["pairwise_recall"] == 1.0 and sub["pairwise_precision"] == pytest.approx(1 / 2)
    assert "resegmented" not in figures["subsets"]
    assert flatten_figures(figures)["reworded.articles"] == 4


def test_check_floors_names_figure_measured_and_floor():
    figures = {"ari": 0.97, "pairwise_precision": 0.9, "subsets": {"reworded": {"ari": 0.5}}}
    failures = check_floors(
        figures, {"ari": 0.95, "pairwise_precision": 0.98, "reworded.ari": 0.9, "unique_f1": 0.9}
    )
    assert "pairwise_precision: measured 0.9000, floor 0.9800" in failures
    assert "reworded.ari: measured 0.5000, floor 0.9000" in failures
    assert "unique_f1: not measured, floor 0.9000" in failures
    assert len(failures) == 3
    assert check_floors(figures, {"subsets": {"reworded": {"ari": 0.5}}}) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="json"),
        pytest.param('["a"]', "JSON object", id="array"),
        pytest.param('{"id": "x", "text": "t"}', "gold_cluster", id="no-gold"),
        pytest.param(
            '{"id": "x", "text": "abc", "gold_cluster": "A", "gold_paragraphs": '
            '[{"start": 0, "end": 9, "status": "unique"}]}',
            "not inside the text",
            id="span",
        ),
        pytest.param(
            '{"id": "x", "text": "abc", "gold_cluster": "A", "gold_paragraphs": '
            '[{"start": 0, "end": 2, "status": "own"}]}',
            "has status 'own': use one of verbatim",
            id="status",
        ),
        pytest.param(
            '{"type": "pair", "a": "a", "b": "zz", "derived": true}', "unknown article 'zz'", id="pair-ref"
        ),
        pytest.param('{"type": "pair", "a": "a", "b": "a", "derived": "yes"}', "derived", id="pair-derived"),
        pytest.param('{"id": "a", "text": "again", "gold_cluster": "A"}', "duplicate article id", id="dup"),
        pytest.param('{"type": "cluster"}', "unknown record type", id="type"),
    ],
)
def test_bad_dataset_lines_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "erster", "gold_cluster": "A"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_dataset(path)
    assert info.value.source == str(path) and info.value.line == 3


def test_checksum_ignores_key_order_and_layout_but_not_content(tmp_path):
    rec = {"id": "a", "text": "Hallo", "gold_cluster": "A"}
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    two.write_text("\n" + json.dumps(dict(reversed(rec.items())), indent=None, ensure_ascii=False) + "\n\n")
    assert load_dataset(one).checksum == load_dataset(two).checksum
    assert dataset_checksum([rec]) != dataset_checksum([dict(rec, text="Hallo!")])


def _load_script(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seeds_gold_file_is_what_the_spec_produces():
    make = _load_script(ROOT / "fixtures" / "make_seeds_gold.py")
    lines = SEEDS_GOLD.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == make.records()


def _seed_spans(seed: str) -> list[tuple[str, str]]:
    dataset = load_dataset(SEEDS_GOLD)
    article = next(a for a in dataset.articles if a["id"] == f"seed-{seed}")
    return [(g["status"], article["text"][g["start"] : g["end"]]) for g in article["gold_paragraphs"]]


@pytest.mark.parametrize(
    ("seed", "snippet", "statuses"),
    [
        pytest.param("000", "Eine neue Dimension der Eskalation?", {"unique"}, id="ozd-commentary-head"),
        pytest.param("000", "symbolische Machtdemonstration", {"unique"}, id="ozd-commentary"),
        pytest.param("000", "OZD / ©AFP", {"boilerplate"}, id="ozd-credit"),
        pytest.param("000", "12.000 Soldaten", {"edited", "rewritten"}, id="ozd-yonhap"),
        pytest.param("001", "678.520", {"unique"}, id="losses-estimate"),
        pytest.param("001", "Sergejewski", {"unique"}, id="video"),
        pytest.param("001", "Robert Wood", {"edited", "rewritten"}, id="wood"),
        pytest.param("001", "Schreiben Sie einen Kommentar", {"boilerplate"}, id="comment-form"),
        pytest.param("002", "Robert Wood", {"edited", "rewritten"}, id="wood-002"),
        pytest.param("003", "Jens Stoltenberg", {"unique"}, id="stoltenberg"),
        pytest.param("003", "Die Achse der Diktatoren wächst weiter", {"unique"}, id="axis"),
        pytest.param("003", "Ich bin Stefan", {"boilerplate"}, id="author-bio"),
        pytest.param("003", "12.000 Soldaten", {"edited", "rewritten"}, id="brigades-003"),
        pytest.param("004", "bestellt russischen Botschafter", {"edited", "rewritten"}, id="ambassador"),
        pytest.param("004", "1.500 nordkoreanische Soldaten", {"edited"}, id="1500"),
    ],
)
def test_seeds_gold_marks_what_the_brief_says(seed, snippet, statuses):
    spans = [(status, text) for status, text in _seed_spans(seed) if snippet in text]
    assert spans, f"no gold span of seed {seed} contains {snippet!r}"
    assert {status for status, _ in spans} <= statuses


def test_seeds_gold_spans_are_whole_lines_of_the_seed_files():
    dataset = load_dataset(SEEDS_GOLD)
    assert {a["gold_cluster"] for a in dataset.articles} == {"seeds-afp-nordkorea-2024-10"}
    for article in dataset.articles:
        text = (ROOT / "seeds" / Path(article["text_file"]).name).read_text(encoding="utf-8")
        assert article["text"] == text
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert [text[g["start"] : g["end"]] for g in article["gold_paragraphs"]] == lines
        for g in article["gold_paragraphs"]:
            assert g["start"] == 0 or text[g["start"] - 1] == "\n"
            assert g["end"] == len(text) or text[g["end"]] == "\n"


def test_invented_fixture_is_reproduced_by_its_script():
    make = _load_script(ROOT / "fixtures" / "eval" / "make_invented.py")
    records = make.build()
    lines = INVENTED.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_gold_result_scores_perfectly_on_the_fixtures():
    for path in (INVENTED, SEEDS_GOLD):
        dataset = load_dataset(path)
        figures = evaluate(dataset, gold_result(dataset))
        assert check_floors(figures, {**TARGETS, "pairwise_recall": 1.0}) == []


def _floors(tmp_path: Path, checksum: str | None) -> Path:
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "invented.jsonl").write_bytes(INVENTED.read_bytes())
    floors = {
        "datasets": {
            "invented": {
                "path": "fixtures/invented.jsonl",
                "checksum": checksum,
                "floors": {**TARGETS, **{f"reworded.{k}": v for k, v in TARGETS.items()}},
            }
        }
    }
    (tmp_path / "quality").mkdir()
    path = tmp_path / "quality" / "floors.json"
    path.write_text(json.dumps(floors), encoding="utf-8")
    return path


def _everything_merged(articles) -> dict:
    """What a badly set threshold does: one cluster of everything."""
    return _result([a.id for a in articles])


def test_gate_fails_a_result_that_merges_everything(tmp_path):
    checksum = load_dataset(INVENTED).checksum
    outcome = run_gate(_floors(tmp_path, checksum), cluster=_everything_merged, shared=tmp_path / "none")
    assert not outcome.ok
    failed = {f.split(":")[1].strip() for f in outcome.failures}
    assert {"ari", "pairwise_precision", "reworded.ari", "reworded.pairwise_precision"} <= failed
    assert "pairwise_precision" in format_table(outcome.rows) or "pair_P" in format_table(outcome.rows)


def test_gate_passes_the_gold_and_fails_a_changed_dataset(tmp_path):
    dataset = load_dataset(INVENTED)
    perfect = run_gate(
        _floors(tmp_path, dataset.checksum),
        cluster=lambda articles: gold_result(dataset),
        shared=tmp_path / "x",
    )
    assert perfect.ok, perfect.failures
    other = tmp_path / "other"
    other.mkdir()
    changed = run_gate(_floors(other, "sha256:" + "0" * 64), cluster=lambda articles: gold_result(dataset))
    assert [f for f in changed.failures if "checksum" in f]


def test_the_pinned_gate_fails_the_real_engine_with_a_badly_set_threshold():
    """The repository's floors catch an engine whose operating point is set far too low."""
    import dedupe
    from dedupe.config import Config

    floors = Path(__file__).resolve().parents[1] / "quality" / "floors.json"
    # The topic probe holds different stories on one topic: the traps a low threshold falls into.
    only = ("probe de topics", "seeds")
    good = run_gate(floors, cluster=dedupe.cluster, only=only)
    assert good.ok, good.failures
    sloppy = Config(threshold=0.001, rewrite_evidence=0.001)
    bad = run_gate(floors, cluster=lambda articles: dedupe.cluster(articles, sloppy), only=only)
    assert not bad.ok
    assert any("pairwise_precision" in f for f in bad.failures), bad.failures


def test_a_dataset_can_go_through_the_live_index(tmp_path, outlet_pages):
    """``"engine": "live"`` feeds the dataset to the live index, one article at a time."""
    records = [
        {"id": a.id, "text": a.text, "outlet": a.outlet, "language": "de", "gold_cluster": a.id}
        for a in outlet_pages
    ]
    data = tmp_path / "fixtures" / "pages.jsonl"
    data.parent.mkdir()
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    dataset = load_dataset(data)
    floors = {"pairwise_precision": 1.0, "ari": 1.0}
    entry = {"path": "fixtures/pages.jsonl", "checksum": dataset.checksum, "floors": floors, "engine": "live"}
    (tmp_path / "quality").mkdir()
    path = tmp_path / "quality" / "floors.json"
    path.write_text(json.dumps({"datasets": {"pages": entry}}), encoding="utf-8")
    seen: list[int] = []
    outcome = run_gate(path, cluster=lambda articles: seen.append(1) or _everything_merged(articles))
    assert outcome.ok, outcome.failures  # every page its own story: the outlet's furniture links none
    assert seen == [], "the batch engine was used"
    path.write_text(json.dumps({"datasets": {"pages": {**entry, "engine": "stream"}}}), encoding="utf-8")
    with pytest.raises(ConfigError, match="engine must be one of batch, live"):
        run_gate(path, cluster=_everything_merged)


def test_a_gate_that_measured_nothing_does_not_pass(tmp_path):
    import dedupe

    floors = Path(__file__).resolve().parents[1] / "quality" / "floors.json"
    with pytest.raises(ConfigError, match="no dataset named 'nosuch'"):
        run_gate(floors, cluster=dedupe.cluster, only=("nosuch",))
    # A dataset built from ../shared, with no ../shared to be found: a failure, not a note.
    missing = run_gate(floors, cluster=dedupe.cluster, only=("dpa",), shared=tmp_path / "nowhere")
    assert not missing.ok and "not measured" in missing.failures[0]


# --- what an outside evaluator relies on ----------------------------------------------------


def test_ari_and_pairwise_figures_match_a_hand_computation():
    gold = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "c1": "C"}
    figures = evaluate(_articles(gold), _result(["a1", "a2"], ["a3", "b1"], ["c1"]))
    # predicted pairs a1a2, a3b1 (2), gold pairs a1a2 a1a3 a2a3 (3), both: a1a2 (1)
    assert figures["pairwise_precision"] == pytest.approx(1 / 2)
    assert figures["pairwise_recall"] == pytest.approx(1 / 3)
    assert figures["pairwise_f1"] == pytest.approx(2 * (1 / 6) / (1 / 2 + 1 / 3))
    # ARI: index 1, rows C(3,2)=3, columns 1+1=2, C(5,2)=10: expected 0.6, max 2.5
    assert figures["ari"] == pytest.approx((1 - 0.6) / (2.5 - 0.6))
    assert (figures["gold_clusters"], figures["predicted_clusters"]) == (3, 3)


def _span(start, end, status="unique"):
    return {"start": start, "end": end, "status": status}


def test_provenance_sums_characters_over_the_articles_with_gold_spans_only():
    text = "Erster Absatz.\n\nZweiter Absatz hier."  # paragraphs 0..14 and 16..36
    spans = [_span(0, 14, "verbatim"), _span(16, 36)]
    rows = [("v", spans), ("w", spans[::-1]), ("wire", None)]  # wire: no gold, its marks do not count
    ds = Dataset.from_records(
        {"id": i, "text": text, "gold_cluster": "A", "gold_paragraphs": g} for i, g in rows
    )
    marks = {"v": [_span(0, 14), _span(16, 36)], "w": [_span(16, 36)], "wire": [_span(0, 36)]}
    figures = evaluate(ds, _result(["v", "w", "wire"], paragraphs=marks))
    # engine: 14 + 20 + 20 = 54 unique characters, gold 20 + 20 = 40, both 40
    assert figures["unique_precision"] == pytest.approx(40 / 54)
    assert figures["unique_recall"] == 1.0
    # gold verbatim 28 characters, none marked: recall 0; nothing claimed: precision 1
    assert figures["verbatim_precision"] == 1.0 and figures["verbatim_recall"] == figures["verbatim_f1"] == 0
    # no edited in gold nor in the marks: nothing to find, nothing wrong
    assert figures["edited_f1"] == 1.0


def _load(tmp_path: Path, content: str | bytes) -> Dataset:
    path = tmp_path / "mine.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return load_dataset(path)


def test_a_bom_crlf_line_ends_and_raw_line_separators_in_a_text_are_read(tmp_path):
    text = "Zeile eins\u2028noch eins\x85Ende."
    lines = [json.dumps({"id": "a", "text": text, "gold_cluster": "A"}, ensure_ascii=False)]
    lines.append(json.dumps({"id": "b", "text": "Zwei.", "gold_cluster": "B"}))
    dataset = _load(tmp_path, b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    assert [a["id"] for a in dataset.articles] == ["a", "b"]
    assert dataset.texts()["a"] == text
    with pytest.raises(InputError, match="not valid JSON") as info:
        _load(tmp_path, "\r\n".join([*lines, "", "{oops"]))
    assert info.value.line == 4


@pytest.mark.parametrize("content", ["", "\n  \r\n"])
def test_a_file_without_articles_is_an_error(tmp_path, content):
    with pytest.raises(InputError, match="no article"):
        _load(tmp_path, content)


def test_text_file_offsets_index_the_text_as_read(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_bytes(b"Erster Absatz.\r\n\r\nZweiter.")
    spans = [_span(0, 14, "verbatim"), _span(16, 24)]
    record = {"id": "a", "text_file": "texts/a.txt", "gold_cluster": "A", "gold_paragraphs": spans}
    dataset = _load(tmp_path, json.dumps(record))
    assert dataset.texts()["a"][16:24] == "Zweiter."  # "\r\n" became "\n", as Path.read_text does
    (tmp_path / "texts" / "b.txt").write_bytes("\xe4rger".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as info:
        _load(tmp_path, json.dumps(dict(record, id="b", text_file="texts/b.txt")))
    assert info.value.line == 1
    with pytest.raises(InputError, match="cannot read text_file.*relative to the dataset"):
        _load(tmp_path, json.dumps(dict(record, text_file="texts/none.txt")))


@pytest.mark.parametrize(
    ("fields", "message"),
    [  # the text is "Erster Absatz.\n\nZweiter.": paragraphs 0..14 and 16..24
        pytest.param({"gold_paragraphs": 3}, "must be a list", id="gp-int"),
        pytest.param(
            {"gold_paragraphs": [_span(0, 14), _span(10, 24)]}, r"\[0\] and \[1\] overlap", id="overlap"
        ),
        pytest.param({"gold_paragraphs": [_span(0, 16), _span(16, 24)]}, "whitespace", id="trailing-space"),
        pytest.param(
            {"gold_paragraphs": [_span(16, 24)]},
            r"characters 0\.\.16 \('Erster Absatz\.'\) are in no",
            id="gap",
        ),
        pytest.param({"gold_paragraphs": [_span(0.0, 24)]}, "whole-number", id="float-offset"),
        pytest.param(
            {"gold_paragraphs": [_span(0, 99)]}, r"0\.\.99 is not inside the text \(0\.\.24\)", id="range"
        ),
        pytest.param({"id": " x"}, "without spaces", id="id-spaces"),
        pytest.param({"published_at": "gestern"}, "not a time", id="date"),
        pytest.param(
            {"type": "pair", "a": ["a"], "b": "a", "derived": True}, "strings 'a' and 'b'", id="pair"
        ),
        pytest.param({"text": None, "text_file": 5}, "must be a path", id="text-file-int"),
    ],
)
def test_more_bad_lines_name_file_line_and_fix(tmp_path, fields, message):
    record = {"id": "x", "text": "Erster Absatz.\n\nZweiter.", "gold_cluster": "A", **fields}
    path = tmp_path / "bad.jsonl"
    first = '{"id": "a", "text": "erster", "gold_cluster": "A"}\n\n'
    path.write_text(first + json.dumps({k: v for k, v in record.items() if v is not None}) + "\n")
    with pytest.raises(InputError, match=message) as info:
        load_dataset(path)
    assert info.value.source == str(path) and info.value.line == 3


def test_eval_command_exit_codes_name_the_file_and_line(tmp_path):
    from click.testing import CliRunner

    from dedupe.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x", "gold_cluster": "A"}\n{"id": "a"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(bad)])
    assert result.exit_code == 1 and f"{bad}:2: not valid JSON" in result.stderr, result.output
    result = CliRunner().invoke(main, ["eval", str(SEEDS_GOLD), "-o", str(bad / "figures.json")])
    assert result.exit_code == 1 and "cannot write" in result.stderr and not result.stdout  # before measuring
    assert CliRunner().invoke(main, ["eval", str(SEEDS_GOLD), "--dataset", "seeds"]).exit_code == 2
