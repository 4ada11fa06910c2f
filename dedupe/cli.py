"""The ``dedupe`` command: a thin click layer over the library.

Library errors (:class:`~dedupe.errors.DedupeError`) become one clean line on
stderr and exit code 1; usage errors exit 2.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from . import __version__
from .article import Article
from .cluster import cluster as run_cluster
from .config import Config
from .errors import DedupeError, InputError, SkippedInput
from .outputs import FORMATS, render


def _fail(error: DedupeError) -> click.ClickException:
    return click.ClickException(str(error))


def _write(path: str | None, text: str | Iterable[str]) -> None:
    """Write atomically: a crash never leaves half a report where the last good one was.

    ``text`` may come in pieces (a large batch's JSON, one cluster a piece), written as
    they come so that the whole never has to be one string in memory. A link is followed
    (the file it names is replaced, the link stays); a device or pipe (``/dev/null``, a
    FIFO) is written to as it is; a replaced file keeps its permissions.
    """
    pieces = [text] if isinstance(text, str) else text
    if path in (None, "-"):
        for piece in pieces:
            click.echo(piece, nl=False)
        return
    target = Path(os.path.realpath(path))
    try:
        if target.exists() and not target.is_file():
            with target.open("w", encoding="utf-8", newline="") as handle:
                for piece in pieces:
                    handle.write(piece)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o777 if target.exists() else None
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for piece in pieces:
                handle.write(piece)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # mkstemp makes 0600; a report is for others to read
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
        raise


def _check_output(path: str | None) -> None:
    """Fail before a long run, not after it, when the output cannot be written."""
    if path in (None, "-"):
        return
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        return  # a device or pipe: written to as it is
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error


def _read_inputs(
    paths: tuple[str, ...], language: str, rejected: list[dict[str, Any]], skipped: list[dict[str, Any]]
) -> Iterator[Article]:
    from .formats import iter_path_records

    for record in iter_path_records(paths, default_language=language):
        if isinstance(record, SkippedInput):
            skipped.append({"source": record.source, "reason": record.message})
            click.echo(f"skipped: {record}", err=True)
        elif isinstance(record, InputError):
            rejected.append(
                {"article_id": None, "source": record.source, "line": record.line, "error": record.message}
            )
            click.echo(f"rejected: {record}", err=True)
        else:
            yield record


class _Commands(click.Group):
    """The command group; Ctrl-C ends a command with the shell's exit code for it (130)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # An output file is replaced only once complete (_write): the last good
            # report stays where it was.
            click.echo("\ninterrupted: no output was written", err=True)
            raise click.exceptions.Exit(130) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dedupe")
def main() -> None:
    """Find every version of the same agency story.

    \b
    Example:
      dedupe cluster seeds/ --format html -o report.html
    """


@main.command("cluster")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: from -o's extension .json, .jsonl, .csv or .html; json on stdout).",
)
@click.option(
    "--window-days",
    type=float,
    default=None,
    help="Articles further apart need much stronger evidence (0: no window).",
)
@click.option(
    "--language",
    default=None,
    help="Language of texts that do not say theirs (an ISO 639-1 code: de, en, fr, es, ...); default: detected from each text.",
)
@click.option(
    "--threshold",
    type=float,
    default=None,
    help="Operating point on the calibrated similarity (default 0.5: even odds).",
)
@click.option("--strict", is_flag=True, help="Exit with code 1 and write nothing when any input is rejected.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that verify pairs and describe clusters (default: one per core; "
    "1 needs the least memory). The output is the same.",
)
@click.option("--quiet", is_flag=True, help="No progress bar or summary on stderr.")
def cluster_command(
    inputs: tuple[str, ...], output: str | None, fmt: str | None, window_days: float | None,
    language: str | None, threshold: float | None, strict: bool, workers: int | None, quiet: bool,
) -> None:  # fmt: skip
    """Cluster articles from files and folders into stories.

    INPUTS are files or folders: .txt (id = file name), .jsonl (one article a
    line: id and text or html; optional outlet, title, published_at, language,
    url, provider, version), .json/.ninjs (ninjs, dpa digitalwires),
    .xml/.nitf (NewsML-G2, NewsML 1.2, NITF), .rss/.atom feeds, .tst/.anpa
    wire transmissions (ANPA-1312, IPTC 7901) and .html/.htm pages. Folders
    are read recursively; other files in them are named as skipped. Exit
    codes: 0 written, 1 nothing written (no article read, --strict, an error),
    2 usage.

    \b
    Examples:
      dedupe cluster seeds/ -o seeds.json
      dedupe cluster night/*.jsonl --format html -o report.html --window-days 3
      dedupe cluster month/ -o month.json --workers 1
    """
    overrides: dict[str, Any] = {}
    if window_days is not None:
        overrides["window_days"] = window_days
    if language is not None:
        overrides["language"] = language
    if threshold is not None:
        overrides["threshold"] = threshold
    try:
        config = Config(**overrides)
    except DedupeError as error:
        raise click.UsageError(str(error)) from error
    fmt = fmt or (Path(output).suffix.lstrip(".").lower() if output else "json")
    if fmt not in FORMATS:
        raise click.UsageError(
            f"cannot tell the format from {output!r}: give --format ({', '.join(FORMATS)})"
        )
    _check_output(output)
    rejected: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    articles = list(_read_inputs(inputs, config.language, rejected, skipped))
    if not articles:
        # An empty report over last night's good one, with exit code 0, hides a wrong path.
        raise click.ClickException(
            f"no article could be read from {', '.join(inputs)} ({len(rejected)} rejected, "
            f"{len(skipped)} skipped); nothing written"
        )
    if strict and rejected:
        raise click.ClickException(
            f"{len(rejected)} input(s) rejected (see above); nothing written (--strict)"
        )
    progress = None
    bar = None
    if not quiet and len(articles) >= 200:
        from tqdm import tqdm

        # No monitor thread: dedupe.parallel forks its workers only from a single-threaded process.
        tqdm.monitor_interval = 0
        bar = tqdm(total=len(articles), desc="indexing", unit="article", file=sys.stderr)
        progress = bar.update
    try:
        result = run_cluster(articles, config, progress=progress, workers=workers)
        if bar is not None:
            # Articles left out of indexing (kills, replaced versions, tables) were read too.
            bar.update(bar.total - bar.n)
    except DedupeError as error:
        raise _fail(error) from error
    finally:
        if bar is not None:
            bar.close()
    # What the engine refused (a second record with an id already read, ...) is said here
    # as what the readers refused was said as it was read: the count below covers both.
    refused = result["stats"]["rejected"]
    for r in refused:
        click.echo(f"rejected: {r.get('source') or r.get('article_id')}: {r['error']}", err=True)
        # One shape for every entry, as the readers write theirs: the file, and its line apart.
        path, _, line = str(r.get("source") or "").rpartition(":")
        r["source"], r["line"] = (path, int(line)) if path and line.isdigit() else (r.get("source"), None)
    result["stats"]["rejected"] = rejected + refused
    if skipped:  # files the readers met but do not read (the library's result has no such key)
        result["stats"]["skipped"] = skipped
    if strict and refused:
        raise click.ClickException("input(s) rejected; nothing written (--strict)")
    rendered = render(result, fmt)
    if fmt == "csv" and output not in (None, "-"):
        # A byte order mark in a CSV file: without it Excel, where a desk opens the night's
        # CSV with a double click, reads UTF-8 as Windows-1252 ("SÃ¼dkorea"). Not on stdout,
        # where the next tool in a pipe would take it for part of the first column's name.
        rendered = "\ufeff" + str(rendered)
    _write(output, rendered)
    if not quiet:
        stats = result["stats"]
        sizes = sorted((len(c["members"]) for c in result["clusters"]), reverse=True)
        others = [
            f"{len(stats[key])} {key}"
            for key in ("withdrawn", "superseded", "redelivered", "skipped")
            if stats.get(key)
        ]
        click.echo(
            f"{_count(stats['articles'], 'article')} -> {_count(stats['clusters'], 'cluster')} "
            f"({stats['multi_member_clusters']} with several versions, largest {sizes[0] if sizes else 0}); "
            + "; ".join([f"{len(stats['rejected'])} rejected", *others])
            + (f"; written to {output}" if output else ""),
            err=True,
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@main.command("compare")
@click.argument("first", type=click.Path(exists=True, dir_okay=False))
@click.argument("second", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--language", default="auto", show_default=True, help="Language of both texts (auto: detected)."
)
def compare_command(first: str, second: str, language: str) -> None:
    """Compare two article files and print similarity and relation as JSON.

    \b
    Example:
      dedupe compare seeds/000_cc390a0f5a301ada.txt seeds/004_aae4de4ea5fe19af.txt
    """
    from .api import compare
    from .formats import parse_bytes

    try:
        # Read as `cluster` reads them (a .jsonl record, a NewsML item, an HTML page),
        # so both commands judge the same texts; one article per file.
        articles = []
        for path in (first, second):
            found = parse_bytes(Path(path).read_bytes(), filename=path, default_language=language)
            if len(found) != 1:
                raise click.ClickException(f"{path} holds {len(found)} articles; compare takes one a file")
            articles.append(found[0])
        result = compare(articles[0], articles[1], language=language)
    except DedupeError as error:
        raise _fail(error) from error
    click.echo(json.dumps(result.to_dict(), indent=1))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="TCP port (0: any free port).")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite store (default: DEDUPE_DB, else dedupe.sqlite3 in the instance folder; the start line prints it).",
)
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker threads (one interpreter: more threads wait on each other; see docs/api.md).",
)
def serve_command(host: str, port: int, db_path: str | None, threads: int) -> None:
    """Run the JSON API on waitress (one process, several threads, one live index).

    \b
    Example:
      dedupe serve --port 8080 --db /var/lib/dedupe/store.sqlite3
    """
    from service.serve import run

    try:
        run(host=host, port=port, db_path=db_path, threads=threads)
    except DedupeError as error:
        raise _fail(error) from error


@main.command("backup")
@click.argument("store", type=click.Path(dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False))
def backup_command(store: str, target: str) -> None:
    """Copy the service's STORE to TARGET as of one moment, while the service runs.

    Every write the service acknowledged before the copy began is in it. TARGET is
    replaced only once the copy is complete and checked. To restore: stop the
    service, put the copy in the store's place (and delete the store's -wal and -shm
    files), start it again.

    \b
    Example (a nightly cron job):
      dedupe backup /var/lib/dedupe/store.sqlite3 /backup/dedupe-$(date +%F).sqlite3
    """
    from .backup import backup_store

    try:
        summary = backup_store(store, target)
    except DedupeError as error:
        raise _fail(error) from error
    click.echo(
        f"{_count(summary.articles, 'article')} ({summary.size_bytes / 2**20:.1f} MiB) "
        f"backed up to {summary.path} in {summary.seconds:.1f} s",
        err=True,
    )


@main.command("eval")
@click.argument("datasets", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--floors",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The gate: build and measure every dataset of this floors file (quality/floors.json).",
)
@click.option("--dataset", "only", multiple=True, help="With --floors: only this dataset (repeatable).")
@click.option(
    "--no-pairs",
    is_flag=True,
    help="Skip the labelled-pair figures (Spearman, ROC AUC), which compare every pair.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write all figures as JSON here."
)
@click.option(
    "--shared",
    type=click.Path(file_okay=False),
    default=None,
    help="The shared data folder (default ../shared).",
)
def eval_command(
    datasets: tuple[str, ...], floors: str | None, only: tuple[str, ...], no_pairs: bool,
    output: str | None, shared: str | None,
) -> None:  # fmt: skip
    """Measure clustering and provenance quality on labelled datasets.

    DATASETS are JSONL files in the format of docs/dataset-format.md; the
    figures are explained there. With --floors (the CI gate) every dataset of
    the floors file is built and measured, and the command exits 1 when a
    figure is below its floor or a dataset no longer matches its pinned
    checksum. A dataset that cannot be read exits 1 with its file and line;
    a usage error (no DATASETS, a file that does not exist) exits 2.

    \b
    Examples:
      dedupe eval fixtures/seeds_gold.jsonl
      dedupe eval --floors quality/floors.json -o figures.json
    """
    from .api import compare as compare_texts
    from .evaluate import evaluate, format_table, load_dataset

    if not datasets and not floors:
        raise click.UsageError("give DATASET files, or --floors quality/floors.json")
    if only and not floors:
        raise click.UsageError("--dataset picks datasets of --floors; give --floors too")
    _check_output(output)
    compare = None if no_pairs else compare_texts
    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    floor_table: dict[str, Any] = {}
    try:
        for path in datasets:
            dataset = load_dataset(path)
            result = run_cluster(dataset.article_objects(), Config())
            rows.append(
                {**evaluate(dataset, result, compare=compare if dataset.pairs else None), "dataset": path}
            )
        if floors:
            from .gate import load_floors, run_gate

            outcome = run_gate(floors, cluster=run_cluster, compare=compare, shared=shared, only=only)
            rows.extend(outcome.rows)
            failures.extend(outcome.failures)
            floor_table = {n: e.get("floors", {}) for n, e in load_floors(floors)["datasets"].items()}
            for note in outcome.notes:
                click.echo(f"note: {note}", err=True)
    except DedupeError as error:
        raise _fail(error) from error
    click.echo(format_table(rows, floor_table or None))
    if output:
        _write(
            output, json.dumps({"datasets": rows, "failures": failures}, ensure_ascii=False, indent=1) + "\n"
        )
    if failures:
        for failure in failures:
            click.echo(f"FAIL {failure}", err=True)
        raise SystemExit(1)
    if floors:
        click.echo("quality gate: passed", err=True)
