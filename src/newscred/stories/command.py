"""`newscred stories`, `newscred related`, `newscred compare`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.errors import NewscredError

DB_HELP = "The store (default: the data directory's store.sqlite)."


def _fail(exc: NewscredError) -> typer.Exit:
    from newscred.cli import fail

    return fail(exc)


def _echo_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def open_library(db: Path | None, *, must_exist: bool = False):
    from newscred.store.db import Store, default_path
    from newscred.stories.library import Library

    path = db or default_path()
    if must_exist and not Path(path).exists():
        raise NewscredError("NC300", f"there is no store at {path}",
                            hint="Ingest articles first (newscred ingest ... --db PATH), or give --db.")
    return Library(Store(path))


def _is_input(value: str) -> bool:
    return value == "-" or value.startswith(("http://", "https://")) or os.path.exists(value)


def reports_of(values: list[str], db: Path | None, pipeline=None, *, library=None,
               allow_private_urls: bool = False):
    """Reports for files, URLs or stored article ids; the library (the one given, else the
    store's when one exists)."""
    from newscred.ingest import RecordError, read_source
    from newscred.pipeline import Pipeline
    from newscred.store.db import default_path

    if library is None and (db is not None or default_path().exists()):
        library = open_library(db)
    pipeline = pipeline or Pipeline()
    reports = []
    for value in values:
        if _is_input(value):
            for record in read_source(value, allow_private_urls=allow_private_urls):
                if isinstance(record, RecordError):
                    raise record.error
                reports.append(pipeline.check(record))
            continue
        report = library.store.report(value) if library is not None else None
        if report is None:
            raise NewscredError(
                "NC301", f"{value!r} is neither a readable file, a URL nor a stored article id",
                hint="Give a file path, an http(s) URL, or an id from 'newscred stories'/'related'.")
        reports.append(report)
    return reports, library


def _listing(found: list[dict], format: str, empty: str, line) -> None:  # noqa: A002
    """JSON, or one text line per row (`empty` when there is none)."""
    if format == "json":
        _echo_json(found)
        return
    if not found:
        typer.echo(empty)
    for row in found:
        typer.echo(line(row))


def stories(
    since: Annotated[Optional[str], typer.Option(help="Only stories with coverage on or after this ISO date.")] = None,
    min_size: Annotated[int, typer.Option(min=1, help="Only stories with at least N articles.")] = 1,
    limit: Annotated[int, typer.Option(min=1, help="At most N stories, latest first.")] = 50,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",  # noqa: A002
    db: Annotated[Optional[Path], typer.Option(help=DB_HELP)] = None,
) -> None:
    """List stories (coverage of one event across outlets), latest first."""
    try:
        library = open_library(db, must_exist=True)
        found = library.stories(since=since, min_size=min_size, limit=limit)
    except NewscredError as exc:
        raise _fail(exc) from None
    _listing(found, format, "no stories", lambda story: (
        f"story {story['id']}  {story['articles']} article(s)  {story['last'] or ''}\n"
        f"  {story['title']}\n  outlets: {', '.join(story['outlets']) or 'no outlet known'}"))


def related(
    article: Annotated[str, typer.Argument(help="A stored article id, or a file/URL to look up.")],
    limit: Annotated[int, typer.Option(min=1, help="At most N articles.")] = 20,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",  # noqa: A002
    db: Annotated[Optional[Path], typer.Option(help=DB_HELP)] = None,
) -> None:
    """Coverage of the same story as ARTICLE in the store, most similar first."""
    try:
        library = open_library(db, must_exist=True)
        if _is_input(article):
            (report,), _ = reports_of([article], db, library=library)
            found = library.related_to(report, limit=limit)
        else:
            found = library.related(article, limit=limit)
    except NewscredError as exc:
        raise _fail(exc) from None
    _listing(found, format, "no other coverage of this story in the store", lambda row: (
        f"{row['id']}  {row['similarity']}  {row['domain'] or row['outlet'] or '-'}"
        f"  {row['published'] or ''}  {row['title']}"))


def compare(
    articles: Annotated[list[str], typer.Argument(help="Two or more files, URLs or stored article ids.")],
    format: Annotated[str, typer.Option("--format", "-f", help="text, json or html.")] = "text",  # noqa: A002
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE.")] = None,
    db: Annotated[Optional[Path], typer.Option(help=DB_HELP)] = None,
    allow_private_urls: Annotated[
        bool, typer.Option(help="Allow fetching loopback, private and link-local addresses.")
    ] = False,
) -> None:
    """Compare coverage: same story?, claim by claim status, framing, outlets."""
    from newscred.stories.compare import Comparer

    if format not in ("text", "json", "html"):
        raise _fail(NewscredError("NC114", f"unknown format {format!r}", hint="Use text, json or html."))
    try:
        reports, library = reports_of(articles, db, allow_private_urls=allow_private_urls)
        result = Comparer().compare(reports, library=library)
    except NewscredError as exc:
        raise _fail(exc) from None
    if format == "json":
        text = json.dumps(result, indent=2, ensure_ascii=False)
    elif format == "html":
        from newscred.render.compare import compare_html

        text = compare_html(result, reports)
    else:
        from newscred.render.compare import compare_text

        text = compare_text(result)
    if output is not None:
        from newscred.outputs import write_text

        try:
            write_text(text + "\n", output)
        except NewscredError as exc:
            raise _fail(exc) from None
    else:
        typer.echo(text)
