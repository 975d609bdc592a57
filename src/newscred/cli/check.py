"""`newscred check` and `newscred schema`: report on articles, statelessly unless --db."""

from __future__ import annotations

import itertools
import json
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.cli.runs import TABLE_FORMATS, Engine, parse_fields, refuse_options, run_folder
from newscred.console import EXIT_FAIL_UNDER, EXIT_SOME_FAILED, fail
from newscred.console import stderr as _stderr
from newscred.errors import NewscredError


class Format(str, Enum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"
    parquet = "parquet"
    csv = "csv"


class InputFormat(str, Enum):
    txt = "txt"
    html = "html"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def check(  # noqa: PLR0913 - one option per documented flag
    sources: Annotated[
        list[str],
        typer.Argument(help="Files (.txt .html .json .jsonl .csv .parquet; tables may end in "
                       ".gz or .zst), folders or globs of tables, http(s) URLs, or '-' for stdin."),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format; parquet and csv write a row per article into the folder -o names.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE (a FOLDER for parquet and csv).")] = None,
    title: Annotated[Optional[str], typer.Option(help="Headline for a .txt input (all of the file is body).")] = None,
    no_title: Annotated[bool, typer.Option("--no-title", help="A .txt input has no headline line.")] = False,
    input_format: Annotated[
        Optional[InputFormat], typer.Option(help="Format of stdin or a URL; sniffed when absent.")
    ] = None,
    allow_private_urls: Annotated[
        bool, typer.Option(help="Allow fetching loopback, private and link-local addresses.")
    ] = False,
    fail_under: Annotated[
        Optional[int], typer.Option(min=0, max=100, help="Exit 4 when any article scores below N.")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=20, help="At most N groups shown that lowered the score, and N that raised it.")] = 3,
    show: Annotated[
        Optional[str], typer.Option(help="Comma-separated signals to highlight (terminal).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes for batches.")] = 1,
    config: Annotated[Optional[Path], typer.Option(help="Pipeline settings (TOML).")] = None,
    max_bytes: Annotated[Optional[int], typer.Option(min=1, help="Largest input read, in bytes (default: 10,000,000 for HTML, text and URLs; 20,000,000 for JSON, JSONL and CSV).")] = None,
    max_chars: Annotated[int, typer.Option(min=1, help="Longest article body accepted, in characters.")] = 200_000,
    db: Annotated[
        Optional[Path], typer.Option(help="Also store each article and its report in this SQLite store.")
    ] = None,
    field: Annotated[
        Optional[list[str]], typer.Option("--field", help="FIELD=COLUMN: read an input field from a table column of another name (repeatable).")
    ] = None,
    engine: Annotated[Optional[Engine], typer.Option(help="Runs into a folder: local processes (default) or dask.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="--engine dask: an existing cluster's scheduler (tcp://HOST:8786); default a LocalCluster of --workers processes.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Finish an earlier run into the same folder, skipping its done parts.")] = False,
    partition_size: Annotated[Optional[int], typer.Option(min=1, help="Runs into a folder: records per part file (default 1,000).")] = None,
    with_report: Annotated[bool, typer.Option("--with-report", help="parquet/csv: add each full JSON report as a column.")] = False,
) -> None:
    """Report how far to trust each article, and why. Stateless unless given --db."""
    from newscred.outputs import Summary

    if title is not None and no_title:
        raise fail(NewscredError("NC114", "--title and --no-title cannot be used together"))
    refuse_options(format.value, output, resume=resume, engine=engine, scheduler=scheduler,
                   partition_size=partition_size, with_report=with_report, db=db)
    fields = parse_fields(field)
    shown = _shown_signals(show)
    pipeline = _pipeline(config, max_chars)
    if format.value in TABLE_FORMATS:
        assert output is not None
        return run_folder(sources, output, format=format.value, pipeline=pipeline,
                          engine=(engine or Engine.local).value, workers=workers,
                          scheduler=scheduler, resume=resume, size=partition_size,
                          fields=fields, max_bytes=max_bytes, with_report=with_report,
                          fail_under=fail_under)
    started = time.perf_counter()
    summary = Summary()
    results = _checked(sources, pipeline, summary, workers, dict(
        input_format=input_format.value if input_format else None, title=title,
        no_title=no_title, allow_private_urls=allow_private_urls, max_bytes=max_bytes,
    ), fields)
    _write(results, summary, format=format.value, output=output, top=top, shown=shown,
           db=db, fail_under=fail_under)
    _finish(summary, time.perf_counter() - started, fail_under)


def _pipeline(config: Optional[Path], max_chars: int):
    """The pipeline from --config (TOML) and --max-chars; a bad config exits 2."""
    from newscred.pipeline import Pipeline, PipelineConfig

    try:
        if config is None:
            return Pipeline(config=PipelineConfig(max_chars=max_chars))
        pipeline = Pipeline.from_toml(config)
        if max_chars != 200_000:
            pipeline = Pipeline(config=pipeline.config.model_copy(update={"max_chars": max_chars}))
        return pipeline
    except NewscredError as exc:
        raise fail(exc) from None


def _checked(sources: list[str], pipeline, summary, workers: int, options: dict,
             fields: dict[str, str]):
    """The results, in order. Whole-input problems surface on the first record, before any
    output is opened; a lone article that cannot be analysed makes the input unusable."""
    from newscred.ingest import RecordError

    items = iter(_read_all(sources, fields=fields, **options))
    try:
        first = next(items, None)
        second = next(items, None) if len(sources) == 1 else None
    except NewscredError as exc:
        raise fail(exc) from None
    if first is None:
        raise fail(NewscredError("NC101", "the input holds no article records"))
    if second is None and len(sources) == 1:
        # One article: if it cannot be analysed, the input itself is unusable (exit 2).
        if isinstance(first, RecordError):
            raise fail(first.error)
        try:
            return iter([pipeline.check(first)])
        except NewscredError as exc:
            raise fail(exc) from None
    items = itertools.chain([first] + ([second] if second is not None else []), items)
    return _progress(_results(items, pipeline, workers), summary)


def _write(results, summary, *, format: str, output: Optional[Path], top: int,
           shown: set[str] | None, db: Optional[Path], fail_under: Optional[int]) -> None:
    """Write every result (storing each too with --db) and count it in the summary."""
    from newscred.outputs import open_writer

    library = None
    try:
        if db is not None:
            from newscred.cli.lateral import open_library

            library = open_library(db)
        with open_writer(format, output, top=top, show=shown) as writer:
            for result in results:
                if library is not None:
                    result = _stored(result, library)
                summary.add(result, fail_under)
                writer.write(result)
    except NewscredError as exc:  # the whole input was unusable
        raise fail(exc) from None
    finally:
        if library is not None:
            library.store.close()


def _finish(summary, elapsed: float, fail_under: Optional[int]) -> None:
    """The summary lines on stderr, and the exit code for failed or low-scoring articles."""
    note = summary.extra_note()
    if note:
        _stderr().print(note, highlight=False, markup=False)
    if summary.total > 1 or summary.failed:
        _stderr().print(summary.line(elapsed))
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)
    if summary.below:
        _stderr().print(f"{summary.below} article(s) scored below {fail_under}.")
        raise typer.Exit(EXIT_FAIL_UNDER)


def _stored(result, library):
    """Store a checked article, place it into a story, and add the corroboration signal
    when the store holds other coverage of that story (the server's rule: a failure to
    store stops the run with its code, a failure to corroborate is noted on the report)."""
    from newscred.report import Report
    from newscred.stories.corroboration import add_corroborated

    if not isinstance(result, Report):
        return result
    return add_corroborated(result, library, _comparer)


def _comparer():
    from newscred.stories.compare import Comparer

    global _COMPARER
    if _COMPARER is None:
        _COMPARER = Comparer()
    return _COMPARER


_COMPARER = None


def _read_all(sources: list[str], *, fields: dict[str, str], **options):
    """Records of every source in order. A single unusable source raises (exit 2); with
    several sources, an unusable one becomes an error entry and the others go on. Tables
    only the streaming reader takes (Parquet, compressed, folders, globs), and any table
    given --field, are read as a stream."""
    from newscred.ingest import RecordError, read_source
    from newscred.ingest.stream import is_table_input, stream_records

    def read(source: str):
        if is_table_input(source) or (fields and source.lower().endswith((".jsonl", ".ndjson", ".csv"))):
            return stream_records([source], fields=fields, max_bytes=options.get("max_bytes"))
        return read_source(source, **options)

    if len(sources) == 1:
        yield from read(sources[0])
        return
    for source in sources:
        try:
            yield from read(source)
        except NewscredError as exc:
            yield RecordError(record=0, id=source, error=exc)


def _shown_signals(show: Optional[str]) -> set[str] | None:
    """The signal names `--show` asks for; NC114 naming the known ones for a typo."""
    if not show:
        return None
    from newscred.analyzers import registered

    shown = {s.strip() for s in show.split(",") if s.strip()}
    known = set(registered()) | {"corroboration"}
    unknown = sorted(shown - known)
    if unknown:
        raise fail(NewscredError("NC114", f"unknown signal(s) in --show: {', '.join(unknown)}",
                                 hint=f"Known signals: {', '.join(sorted(known))}."))
    return shown


def _results(items, pipeline, workers):
    from newscred.batch import run_batch

    return run_batch(items, pipeline=pipeline, workers=workers)


def _progress(results, summary):
    """A progress bar on stderr, shown once a batch passes its first record."""
    err = _stderr()
    if not err.is_terminal:
        yield from results
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        TextColumn("{task.completed} articles, {task.fields[failed]} failed"),
        TimeElapsedColumn(), console=err, transient=True,
    ) as progress:
        task = progress.add_task("checking", total=None, failed=0)
        for result in results:
            yield result
            progress.update(task, advance=1, failed=summary.failed)


def schema() -> None:
    """Print the JSON schema of the report."""
    from newscred.report import report_json_schema

    typer.echo(json.dumps(report_json_schema(), indent=2, sort_keys=True))
