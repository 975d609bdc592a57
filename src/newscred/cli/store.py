"""`newscred ingest` and `newscred forget`: add articles to the store, and delete them."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.cli.runs import Engine, quiet_dask
from newscred.console import EXIT_SOME_FAILED, fail
from newscred.console import escape as _escape
from newscred.console import stderr as _stderr
from newscred.errors import NewscredError


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (read recursively), tables, or RSS/Atom feed URLs (http/https)."),
    ],
    db: Annotated[Optional[Path], typer.Option(help="The store (default: the data directory's store.sqlite).")] = None,
    crawl_delay: Annotated[
        float, typer.Option(min=0, help="Feeds: at least this many seconds between requests to one host.")
    ] = 1.0,
    allow_private_urls: Annotated[
        bool, typer.Option(help="Allow fetching loopback, private and link-local addresses.")
    ] = False,
    engine: Annotated[Engine, typer.Option(help="Where reports and embeddings are computed: this process, or a Dask cluster (this process still writes the store, in input order).")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option(help="--engine dask: an existing cluster's scheduler (tcp://HOST:8786); default a LocalCluster of --workers processes.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="--engine dask without --scheduler: LocalCluster worker processes.")] = 2,
) -> None:
    """Analyse articles into the store; rerunning skips what is already stored."""
    from newscred.ingest.feeds import FeedReader
    from newscred.pipeline import Pipeline
    from newscred.store.db import Store, default_path
    from newscred.stories.ingest import ingest as run

    feeds = FeedReader(allow_private=allow_private_urls, interval=crawl_delay)
    cluster = None
    try:
        if engine is Engine.dask:
            cluster = _dask(scheduler, workers)
        with Store(db or default_path()) as store, _ingest_progress() as progress:
            summary = run(paths, store, Pipeline(), progress=progress, feeds=feeds,
                          engine=cluster)
    except NewscredError as exc:
        raise fail(exc) from None
    finally:
        if cluster is not None:
            cluster.close()
    err = _stderr()
    err.print(_escape(summary.line()))
    for error in summary.errors[:20]:
        err.print(f"  {_escape(error)}")
    for skip in summary.skips[:20]:
        err.print(f"  skipped {_escape(skip)}")
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _dask(scheduler: Optional[str], workers: int):
    """A Dask engine whose workers run this newscred and its models (else NC208)."""
    from newscred.engines import DaskEngine, identity
    from newscred.pipeline import Pipeline

    quiet_dask()
    engine = DaskEngine(scheduler=scheduler, workers=workers)
    try:
        pipeline = Pipeline()
        engine.check_versions(identity(pipeline), pipeline.config.model_dump_json())
    except BaseException:
        engine.close()
        raise
    link = engine.dashboard
    _stderr().print(_escape(f"Dask: {engine.workers} workers" + (f", dashboard {link}" if link else "")))
    return engine


@contextmanager
def _ingest_progress():
    """A progress callback drawing a bar on stderr when it is a terminal, else None."""
    err = _stderr()
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        TextColumn("{task.fields[added]} added, {task.fields[already]} already stored, "
                   "{task.fields[failed]} failed, {task.fields[skipped]} skipped"),
        TimeElapsedColumn(), console=err, transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=None, added=0, already=0, failed=0, skipped=0)

        def update(summary) -> None:
            bar.update(task, advance=1, added=summary.added, already=summary.already,
                       failed=summary.failed, skipped=summary.skipped)

        yield update


def forget(
    article_id: Annotated[Optional[str], typer.Argument(help="An article id to delete.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Delete every article from this domain.")] = None,
    before: Annotated[Optional[str], typer.Option(help="Delete articles published (or added) before this ISO date.")] = None,
    db: Annotated[Optional[Path], typer.Option(help="The store (default: the data directory's store.sqlite).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be deleted; delete nothing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete more than one article without asking.")] = False,
) -> None:
    """Delete articles, with their reports, claims and embeddings, from the store.

    More than one article goes only after a confirmation (or with --yes); without a
    terminal to ask on, such a run is refused (exit 2)."""
    from newscred.store.db import Store, default_path

    which = {"article_id": article_id, "domain": outlet, "before": before}
    try:
        with Store(db or default_path()) as store:
            doomed = store.forget_candidates(**which)
            if dry_run:
                for row_id, date, title in doomed:
                    typer.echo(f"{row_id}  {(date or '')[:10]:10}  {title}")
                typer.echo(f"would delete {len(doomed)} article(s); nothing was deleted")
                return
            if len(doomed) > 1 and not yes:
                if not sys.stdin.isatty():
                    raise NewscredError(
                        "NC114", f"this would delete {len(doomed)} articles and there is no "
                        "terminal to confirm on", hint="List them with --dry-run, then pass "
                        "--yes to delete them; nothing was deleted.")
                if not typer.confirm(f"Delete {len(doomed)} articles from {store.path}?"):
                    typer.echo("nothing was deleted")
                    return
            removed = store.forget(**which)
    except NewscredError as exc:
        raise fail(exc) from None
    typer.echo(f"deleted {removed} article(s)")
