"""The ``dedupe`` command: help, outputs, rejected input, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedupe
from dedupe.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "engine"
STORY = ["de_wire", "de_site", "de_edited", "de_other_museum"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in STORY:
        shutil.copy(FIXTURES / f"{name}.txt", folder / f"{name}.txt")
    return folder


@pytest.fixture
def bad_inputs(inputs: Path) -> Path:
    """The good folder plus a JSONL file with a broken line, a Latin-1 text and an empty file."""
    lines = [
        json.dumps({"id": "tram", "text": (FIXTURES / "de_other_tram.txt").read_text(encoding="utf-8")}),
        '{"id": "broken", "text": "Das Ende fehlt',
        json.dumps(
            {"id": "en", "text": (FIXTURES / "en_other.txt").read_text(encoding="utf-8"), "language": "en"}
        ),
    ]
    (inputs / "night.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (inputs / "latin.txt").write_bytes(
        "Die Straße nach Köln ist gesperrt, meldet die Polizei.".encode("latin-1")
    )
    (inputs / "empty.txt").write_bytes(b"")
    return inputs


def test_group_help_and_every_command_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "Example" in result.output
    assert set(main.commands) >= {"cluster", "compare", "serve", "eval"}
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, name
        assert f"dedupe {name} " in result.output, name


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert dedupe.__version__ in result.output


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "html"])
def test_cluster_writes_every_format(runner: CliRunner, inputs: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"result.{fmt}"
    result = runner.invoke(main, ["cluster", str(inputs), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(written)
        sizes = sorted(len(c["members"]) for c in data["clusters"])
        assert sizes == [1, 3] and data["stats"]["articles"] == 4
        # The same as the library's result, one cluster a line (written in pieces).
        assert data == json.loads(json.dumps(dedupe.cluster([a for a in _articles(inputs)])))
        lines = written.splitlines()
        assert sorted(
            json.loads(line.rstrip(","))["cluster_id"] for line in lines if line.startswith('{"cluster_id"')
        ) == sorted(c["cluster_id"] for c in data["clusters"])
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in written.splitlines()]
        assert "stats" in rows[-1] and len(rows) == rows[-1]["stats"]["clusters"] + 1
        assert all("cluster_id" in r for r in rows[:-1])
    elif fmt == "csv":
        # Excel reads a UTF-8 file right only after a byte order mark.
        assert written.startswith("\ufeffcluster_id,")
        rows = list(csv.DictReader(io.StringIO(written.removeprefix("\ufeff"))))
        assert sorted(r["article_id"] for r in rows) == sorted(STORY)
        assert len({r["cluster_id"] for r in rows}) == 2
        assert {r["relation"] for r in rows} >= {"origin"}
    else:
        assert written.startswith("<!DOCTYPE html>") and "Forschungsschiff" in written


def _articles(folder: Path) -> list[dedupe.Article]:
    return [
        dedupe.Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))
    ]


def test_format_option_overrides_and_stdout(runner: CliRunner, inputs: Path) -> None:
    result = runner.invoke(
        main, ["cluster", str(inputs / "de_wire.txt"), str(inputs / "de_site.txt"), "--quiet"]
    )
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["clusters"]) == 1
    result = runner.invoke(main, ["cluster", str(inputs), "--format", "csv", "--quiet"])
    # No byte order mark in a pipe: the next tool would read it into the first column's name.
    assert result.stdout.startswith("cluster_id,")


def test_summary_goes_to_stderr(runner: CliRunner, inputs: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["cluster", str(inputs), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0
    assert "4 articles" in result.stderr and result.stdout == ""


def test_bad_inputs_are_reported_and_the_run_goes_on(
    runner: CliRunner, bad_inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["cluster", str(bad_inputs), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert f"{bad_inputs / 'night.jsonl'}:2" in err
    assert str(bad_inputs / "latin.txt") in err and "UTF-8" in err
    assert str(bad_inputs / "empty.txt") in err
    data = json.loads(out.read_text(encoding="utf-8"))
    rejected = data["stats"]["rejected"]
    by_source = {Path(r["source"]).name: r for r in rejected}
    assert set(by_source) == {"night.jsonl", "latin.txt", "empty.txt"}
    assert by_source["night.jsonl"]["line"] == 2
    assert all(r["error"] for r in rejected)
    clustered = {m["article_id"] for c in data["clusters"] for m in c["members"]}
    assert clustered == set(STORY) | {"tram", "en"}


def test_strict_exits_1_and_writes_nothing(runner: CliRunner, bad_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["cluster", str(bad_inputs), "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert "strict" in result.stderr
    assert not out.exists()
    assert list(tmp_path.glob(".r.json*")) == []


def test_strict_with_duplicate_ids_writes_nothing(runner: CliRunner, inputs: Path, tmp_path: Path) -> None:
    twice = tmp_path / "twice"
    twice.mkdir()
    shutil.copy(inputs / "de_wire.txt", twice / "de_wire.txt")
    (twice / "more.jsonl").write_text(json.dumps({"id": "de_wire", "text": "Noch ein Text."}) + "\n", "utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["cluster", str(twice), "-o", str(out), "--strict"])
    assert result.exit_code == 1 and not out.exists()
    assert "duplicate" in result.stderr


def test_every_rejected_input_is_named_on_stderr_not_only_counted(
    runner: CliRunner, inputs: Path, tmp_path: Path
) -> None:
    twice = tmp_path / "twice"
    twice.mkdir()
    shutil.copy(inputs / "de_wire.txt", twice / "de_wire.txt")
    (twice / "more.jsonl").write_text(json.dumps({"id": "de_wire", "text": "Noch ein Text."}) + "\n", "utf-8")
    result = runner.invoke(main, ["cluster", str(twice), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0
    named = [line for line in result.stderr.splitlines() if line.startswith("rejected: ")]
    assert len(named) == 1 and "duplicate" in named[0]
    assert "1 rejected" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--window-days", "drei"], id="not-a-number"),
        pytest.param(["--threshold", "1.5"], id="threshold-out-of-range"),
        pytest.param(["--window-days", "-1"], id="negative-window"),
        pytest.param(["--window-days", "nan"], id="nan-window"),
        pytest.param(["--format", "xml"], id="unknown-format"),
        pytest.param(["--language", "deutsch"], id="bad-language"),
        pytest.param(["-o", "result.pdf"], id="unknown-extension"),
        pytest.param(["--no-such-option"], id="unknown-option"),
    ],
)
def test_bad_option_values_exit_2(
    runner: CliRunner, inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["cluster", str(inputs), *args])
    assert result.exit_code == 2, result.output
    assert "Usage" in result.stderr or "Error" in result.stderr
    assert not (tmp_path / "result.pdf").exists()


def test_cluster_without_inputs_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["cluster"]).exit_code == 2
    assert runner.invoke(main, ["eval"]).exit_code == 2


def test_missing_input_is_rejected_not_fatal(runner: CliRunner, inputs: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["cluster", str(inputs), str(tmp_path / "nope.txt"), "--quiet"])
    assert result.exit_code == 0
    assert "nope.txt" in result.stderr
    assert len(json.loads(result.stdout)["stats"]["rejected"]) == 1


def test_compare_prints_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["compare", str(FIXTURES / "en_wire.txt"), str(FIXTURES / "en_edited.txt"),
                                  "--language", "en"])  # fmt: skip
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["relation"] == "edited" and 0.0 <= out["similarity"] <= 1.0


def test_compare_of_a_latin1_file_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Straße".encode("latin-1"))
    result = runner.invoke(main, ["compare", str(latin), str(FIXTURES / "de_wire.txt")])
    assert result.exit_code == 1
    assert "UTF-8" in result.stderr and "Traceback" not in result.output


def test_python_m_dedupe_cluster_in_a_subprocess(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "dedupe", "cluster", str(inputs), "-o", str(out)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "4 articles -> 2 clusters" in proc.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_workers_give_the_same_output_and_must_be_positive(runner: CliRunner, inputs: Path) -> None:
    one = runner.invoke(main, ["cluster", str(inputs), "--quiet", "--workers", "1"])
    two = runner.invoke(main, ["cluster", str(inputs), "--quiet", "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0
    assert one.stdout == two.stdout and len(json.loads(one.stdout)["clusters"]) >= 2
    refused = runner.invoke(main, ["cluster", str(inputs), "--workers", "0"])
    assert refused.exit_code == 2 and "--workers" in refused.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "html"])
def test_a_night_of_cms_records_with_broken_characters_and_formulas_is_written(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    # Half an emoji escaped in JSON (a lone surrogate) once ended the run at the write,
    # after all the clustering; a headline starting "+++" or "=" is a formula to a spreadsheet.
    wire = (FIXTURES / "de_wire.txt").read_text(encoding="utf-8")
    path = tmp_path / "night.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "=HYPERLINK(1)", "text": wire, "title": "+++ Eilmeldung +++"}),
                json.dumps({"id": "emoji", "text": wire + " \ud83d", "outlet": "-Post", "language": "de-DE"}),
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / f"night.{fmt}"
    result = runner.invoke(main, ["cluster", str(path), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8-sig")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(written)))
        cells = [value for row in rows for value in row.values()]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
        assert {r["article_id"] for r in rows} == {"'=HYPERLINK(1)", "emoji"}
        assert {r["title"] for r in rows} >= {"'+++ Eilmeldung +++"}
    elif fmt == "json":
        (cluster,) = json.loads(written)["clusters"]
        members = {m["article_id"]: m for m in cluster["members"]}
        assert members["emoji"]["text"].endswith(" \ufffd") and members["emoji"]["language"] == "de"


def test_the_command_starts_without_loading_scikit_learn():
    # scikit-learn takes most of a second to import; `dedupe --help` and every
    # command that never splits a cluster must not wait for it.
    probe = "import sys, dedupe.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_csv_rows_carry_when_each_version_ran(runner: CliRunner, tmp_path: Path) -> None:
    wire = (FIXTURES / "de_wire.txt").read_text(encoding="utf-8")
    night = tmp_path / "night.jsonl"
    night.write_text(
        json.dumps({"id": "wire", "text": wire, "published_at": "2024-10-21T09:44:00+02:00"})
        + "\n"
        + json.dumps(
            {"id": "copy", "text": wire + "\n\nUnser Kommentar dazu.", "published_at": "2024-10-21T11:05:00Z"}
        )
        + "\n"
        + json.dumps(
            {"id": "undated", "text": (FIXTURES / "de_other_museum.txt").read_text(encoding="utf-8")}
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["cluster", str(night), "--format", "csv", "--quiet"])
    assert result.exit_code == 0, result.output
    rows = {r["article_id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["wire"]["published_at"] == "2024-10-21T09:44:00+02:00"
    assert rows["copy"]["published_at"] == "2024-10-21T11:05:00+00:00"
    assert rows["undated"]["published_at"] == ""


def test_a_labelled_datasets_pair_records_are_skipped_not_rejected(runner: CliRunner, tmp_path: Path) -> None:
    # The same file dedupe eval reads: its articles cluster, its pair records are named and passed over.
    dataset = tmp_path / "labelled.jsonl"
    lines = [
        {
            "type": "article",
            "id": "a",
            "text": "Die Fähre nach Kressbach fällt ab März für sechs Monate aus.",
            "gold_cluster": "s",
        },
        {
            "type": "article",
            "id": "b",
            "text": "Der Bahnhof in Bonn bleibt bis Freitag wegen Bauarbeiten geschlossen.",
            "gold_cluster": "t",
        },
        {"type": "pair", "a": "a", "b": "b", "derived": False},
    ]
    dataset.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    result = runner.invoke(main, ["cluster", str(dataset), "-o", str(tmp_path / "out.json"), "--strict"])
    assert result.exit_code == 0, result.output
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert out["stats"]["articles"] == 2 and out["stats"]["rejected"] == []
    assert "1 skipped" in result.output


@pytest.mark.parametrize("name", ["report.html", "out.json", "out.jsonl"])
def test_last_nights_output_in_the_input_folder_is_skipped_not_read_as_an_article(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "night"
    folder.mkdir()
    for seed in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[:3]:
        shutil.copy(seed, folder / seed.name)
    first = runner.invoke(main, ["cluster", str(folder), "-o", str(folder / name)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["cluster", str(folder), "-o", str(tmp_path / "again.json"), "--strict"])
    assert again.exit_code == 0, again.output
    assert "a wire-dedupe output, not an article" in again.output
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["stats"]["articles"] == 3
