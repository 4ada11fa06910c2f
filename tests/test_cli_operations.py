"""The nightly job's edges: nothing read, outputs that cannot be written, links and
special files at the output path, files in a folder that are no articles."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def night(tmp_path: Path) -> Path:
    folder = tmp_path / "night"
    folder.mkdir()
    for name in ("de_wire", "de_site"):
        shutil.copy(FIXTURES / f"{name}.txt", folder / f"{name}.txt")
    return folder


def test_a_run_that_reads_no_article_writes_nothing_and_fails(runner: CliRunner, tmp_path: Path) -> None:
    last_night = tmp_path / "report.json"
    last_night.write_text('{"clusters": ["the last good report"]}', encoding="utf-8")
    for inputs in ([str(tmp_path / "nigth")], [str(tmp_path / "empty")]):
        (tmp_path / "empty").mkdir(exist_ok=True)
        result = runner.invoke(main, ["cluster", *inputs, "-o", str(last_night)])
        assert result.exit_code == 1 and "no article could be read" in result.stderr
        assert "the last good report" in last_night.read_text(encoding="utf-8")


def test_an_output_that_cannot_be_written_fails_before_the_run(
    runner: CliRunner, night: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "notdir"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    result = runner.invoke(main, ["cluster", str(night), "-o", str(blocker / "x.json")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write") and "Traceback" not in result.output
    assert "articles ->" not in result.stderr  # it stopped before clustering


def test_an_output_link_stays_a_link_and_a_replaced_file_keeps_its_mode(
    runner: CliRunner, night: Path, tmp_path: Path
) -> None:
    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "latest-link.json"
    link.symlink_to(real)
    assert runner.invoke(main, ["cluster", str(night), "-o", str(link), "--quiet"]).exit_code == 0
    assert link.is_symlink() and json.loads(link.read_text(encoding="utf-8"))["stats"]["articles"] == 2
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_pipe_at_the_output_path_is_written_to_not_replaced(
    runner: CliRunner, night: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    # A reader must be there for the writer to open the pipe: a non-blocking read end.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = runner.invoke(main, ["cluster", str(night), "-o", str(fifo), "--quiet"])
        assert result.exit_code == 0
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        data = b""
        while chunk := os.read(reader, 1 << 16):
            data += chunk
        assert json.loads(data)["stats"]["articles"] == 2
    finally:
        os.close(reader)


def test_files_in_a_folder_that_are_no_articles_are_named_not_dropped(
    runner: CliRunner, night: Path, tmp_path: Path
) -> None:
    (night / "packed.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00")
    (night / "README").write_text("Ablage der Nachtschicht", encoding="utf-8")
    (night / ".DS_Store").write_bytes(b"\x00")
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["cluster", str(night), "-o", str(out), "--strict"])
    assert result.exit_code == 0, result.output  # skipped files are no rejected input
    assert "skipped: " in result.stderr and "packed.jsonl.gz" in result.stderr and "README" in result.stderr
    assert ".DS_Store" not in result.stderr
    skipped = json.loads(out.read_text(encoding="utf-8"))["stats"]["skipped"]
    assert sorted(Path(s["source"]).name for s in skipped) == ["README", "packed.jsonl.gz"]
    assert "2 skipped" in result.stderr


def test_the_summary_counts_one_as_one(runner: CliRunner, night: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["cluster", str(night / "de_wire.txt"), "-o", str(tmp_path / "o.json")])
    assert "1 article -> 1 cluster " in result.stderr


def test_compare_reads_files_as_cluster_does(runner: CliRunner, tmp_path: Path) -> None:
    text = (FIXTURES / "de_wire.txt").read_text(encoding="utf-8")
    record = tmp_path / "one.jsonl"
    record.write_text(json.dumps({"id": "w", "text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["compare", str(record), str(FIXTURES / "de_wire.txt")])
    assert result.exit_code == 0 and json.loads(result.stdout)["relation"] == "verbatim"
    empty = tmp_path / "zero.json"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["compare", str(FIXTURES / "de_wire.txt"), str(empty)])
    assert result.exit_code == 1 and "zero.json" in result.stderr


def test_every_rejected_entry_has_one_shape(runner: CliRunner, tmp_path: Path) -> None:
    text = (FIXTURES / "de_wire.txt").read_text(encoding="utf-8")
    night = tmp_path / "night.jsonl"
    lines = [
        json.dumps({"id": "a", "text": text}),
        "{broken",
        json.dumps({"id": "a", "text": text + " Mehr."}),
    ]
    night.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert runner.invoke(main, ["cluster", str(night), "-o", str(out), "--quiet"]).exit_code == 0
    rejected = json.loads(out.read_text(encoding="utf-8"))["stats"]["rejected"]
    assert len(rejected) == 2  # the broken line (a reader's) and the duplicate id (the engine's)
    assert all(set(r) == {"article_id", "source", "line", "error"} for r in rejected), rejected
    assert sorted(r["line"] for r in rejected) == [2, 3]
    assert all(r["source"] == str(night) for r in rejected)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_ctrl_c_exits_130_and_keeps_the_last_good_output(tmp_path: Path) -> None:
    out = tmp_path / "night.json"
    out.write_text('{"last": "good"}', encoding="utf-8")
    # A named pipe as input: the run is surely inside the command (reading) when the
    # signal comes, not still importing.
    feed = tmp_path / "feed.jsonl"
    os.mkfifo(feed)
    command = [sys.executable, "-m", "dedupe", "cluster", str(feed), "-o", str(out)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    with feed.open("w", encoding="utf-8") as writer:  # returns once the command opened it
        writer.write('{"id": "a", "text": "Ein Satz über den Stadtrat."}\n')
        writer.flush()
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
    assert code == 130
    assert "interrupted" in proc.stderr.read()
    assert out.read_text(encoding="utf-8") == '{"last": "good"}'
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
