"""`newscred check ... -o FOLDER --format parquet|csv`: a resumable run into a folder,
on the local engine or on Dask (docs/scale.md)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from newscred.console import EXIT_FAIL_UNDER, EXIT_SOME_FAILED, fail
from newscred.console import escape as _escape
from newscred.console import stderr as _stderr
from newscred.errors import NewscredError

TABLE_FORMATS = ("parquet", "csv")


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def parse_fields(pairs: list[str] | None) -> dict[str, str]:
    """`--field text=content` pairs as {field: column}; NC114 for a malformed one."""
    fields: dict[str, str] = {}
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise fail(NewscredError("NC114", f"--field {pair!r} is not FIELD=COLUMN",
                                     hint="For example: --field text=content --field title=headline."))
        fields[field.strip().lower()] = column.strip()
    return fields


def refuse_options(format: str, output: Optional[Path], **given: Any) -> None:
    """NC114 for options that need a run folder, or that a run folder cannot take."""
    folder = format in TABLE_FORMATS
    if folder and (output is None or str(output) == "-"):
        raise fail(NewscredError("NC114", f"--format {format} writes a folder of part files: "
                                 "give -o FOLDER", hint="newscred creates the folder; "
                                 "see docs/scale.md."))
    if not folder:
        needs = [name for name in ("resume", "engine", "scheduler", "partition_size", "with_report")
                 if given.get(name)]
        if needs:
            flag = "--" + needs[0].replace("_", "-")
            raise fail(NewscredError("NC114", f"{flag} applies to runs into a folder",
                                     hint="Add --format parquet (or csv) and -o FOLDER."))
    elif given.get("db"):
        raise fail(NewscredError("NC114", "--db stores reports one by one; a run into a folder "
                                 "does not", hint="Use 'newscred ingest' to fill a store."))


def quiet_dask() -> None:
    """Dask's INFO lines (each worker and connection) stay out of the CLI's output."""
    import logging

    try:
        import distributed  # noqa: F401 - it sets its loggers' levels when imported
    except ImportError:
        return  # DaskEngine says what to install
    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.WARNING)


def run_folder(sources: list[str], output: Path, *, format: str, pipeline: Any, engine: str,
               workers: int, scheduler: Optional[str], resume: bool, size: Optional[int],
               fields: dict[str, str], max_bytes: Optional[int], with_report: bool,
               fail_under: Optional[int]) -> None:
    from newscred.runs import run_to_folder

    started = time.perf_counter()
    if engine == "dask":
        quiet_dask()
    try:
        with _progress() as (on_start, on_partition):
            counts = run_to_folder(
                sources, output, fmt=format, pipeline=pipeline, engine=engine, workers=workers,
                scheduler=scheduler, resume=resume, size=size, fields=fields,
                max_bytes=max_bytes, with_report=with_report, fail_under=fail_under,
                on_start=on_start, on_partition=on_partition)
    except NewscredError as exc:
        raise fail(exc) from None
    seconds = time.perf_counter() - started
    err = _stderr()
    rate = counts.records / seconds if seconds > 0 else 0.0
    err.print(_escape(f"{counts.records} articles, {counts.records - counts.failed} reported, "
                      f"{counts.failed} failed, {rate:.1f} articles/s; {counts.written} parts "
                      f"written, {counts.skipped} already done, in {output}"))
    if counts.failed:
        raise typer.Exit(EXIT_SOME_FAILED)
    if counts.below:
        err.print(f"{counts.below} article(s) scored below {fail_under}.")
        raise typer.Exit(EXIT_FAIL_UNDER)


@contextmanager
def _progress():
    """(on_start, on_partition) callbacks: the Dask dashboard's address, and a progress
    bar on stderr when it is a terminal."""
    err = _stderr()

    def on_start(engine: Any) -> None:
        if engine is not None:
            link = engine.dashboard
            err.print(_escape(f"Dask: {engine.workers} workers"
                              + (f", dashboard {link}" if link else "")))

    if not err.is_terminal:
        yield on_start, None
        return
    from rich.progress import Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"),
                  TextColumn("{task.fields[records]} articles, {task.fields[failed]} failed, "
                             "{task.fields[written]} parts, {task.fields[skipped]} skipped"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("checking", records=0, failed=0, written=0, skipped=0)

        def on_partition(counts: Any) -> None:
            bar.update(task, records=counts.records, failed=counts.failed,
                       written=counts.written, skipped=counts.skipped)

        yield on_start, on_partition
