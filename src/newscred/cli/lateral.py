"""`newscred stories`, `newscred related`, `newscred compare`."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.console import CompareFormat, ListFormat
from newscred.errors import NewscredError

DB_HELP = "The store (default: the data directory's store.sqlite)."


def _fail(exc: NewscredError) -> typer.Exit:
    from newscred.console import fail

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
                hint="Give a file path, an http(s) URL, or an id from 'newscred articles' or 'newscred stories'.")
        reports.append(report)
    return reports, library


def _listing(found: list[dict], format: str, empty: str, line) -> None:  # noqa: A002
    """JSON, or text lines for the rows (`empty` when there is none)."""
    if format == "json":
        _echo_json(found)
        return
    if not found:
        typer.echo(empty)
        return
    typer.echo(line(found))


def table(rows: list[dict], columns: list[tuple[str, Callable[[dict], object]]]) -> str:
    """A plain text table with a header; every column but the last is padded, numbers are
    right-aligned."""
    cells = [[("-" if value is None else str(value)) for value in (get(row) for _, get in columns)]
             for row in rows]
    numeric = [all(_is_number(line[i]) for line in cells) for i in range(len(columns))]
    widths = [max([len(name)] + [len(line[i]) for line in cells]) for i, (name, _) in enumerate(columns)]

    def render(values: list[str]) -> str:
        padded = [value.rjust(width) if number else value.ljust(width)
                  for value, width, number in zip(values[:-1], widths, numeric)]
        return "  ".join([*padded, values[-1]]).rstrip()

    return "\n".join([render([name for name, _ in columns]), *map(render, cells)])


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return value == "-"
    return True


def _day(value: str | None) -> str:
    return value[:10] if value else "undated"


def _outlet(row: dict) -> str | None:
    return row.get("domain") or row.get("outlet")


ARTICLE_COLUMNS: list[tuple[str, Callable[[dict], object]]] = [
    ("id", lambda r: r["id"]), ("date", lambda r: _day(r["published"])),
    ("outlet", _outlet), ("score", lambda r: r["score"]), ("title", lambda r: r["title"]),
]


def _iso_date(value: str | None, option: str) -> str | None:
    """An ISO date given to an option, checked (a bad one is an error, never ignored)."""
    if value is None:
        return None
    from datetime import datetime

    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise NewscredError("NC114", f"{option} {value!r} is not an ISO date",
                            hint=f"Give a date like 2026-03-01, e.g. {option} 2026-03-01.") from None
    return value.strip()


def stories(
    story: Annotated[Optional[int], typer.Argument(
        help="A story id: list that story's articles.", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option(
        metavar="DATE", help="Only stories with coverage on or after this ISO date.")] = None,
    min_size: Annotated[int, typer.Option(metavar="N", min=1, help="Only stories with at least N articles.")] = 1,
    limit: Annotated[int, typer.Option(metavar="N", min=1, help="At most N stories, latest first.")] = 50,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,  # noqa: A002
    db: Annotated[Optional[Path], typer.Option(metavar="PATH", help=DB_HELP)] = None,
) -> None:
    """List stories (coverage of one event across outlets), latest first, with the ids of
    their articles; with a story id, that story's articles."""
    try:
        library = open_library(db, must_exist=True)
        if story is not None:
            found = library.story(story)
        else:
            found = library.stories(since=_iso_date(since, "--since"), min_size=min_size, limit=limit)
    except NewscredError as exc:
        raise _fail(exc) from None
    if story is not None:
        if format == "json":
            _echo_json(found)
            return
        typer.echo(f"story {found['id']}: {found['title'] or '(no title)'}")
        typer.echo(f"{len(found['articles'])} article(s), {_span(found)}\n")
        typer.echo(table(found["articles"], ARTICLE_COLUMNS))
        return
    _listing(found, format, "no stories", lambda rows: "\n\n".join(_story_lines(row) for row in rows))


def _span(story: dict) -> str:
    first, last = _day(story["first"]), _day(story["last"])
    return "dates unknown" if story["first"] is None else first if first == last else f"{first} to {last}"


SHOWN_MEMBERS = 8


def _story_lines(story: dict) -> str:
    members = story["members"]
    more = len(members) - SHOWN_MEMBERS
    listed = ", ".join(members[:SHOWN_MEMBERS]) + (
        f" and {more} more (newscred stories {story['id']})" if more > 0 else "")
    return (f"story {story['id']}  {story['articles']} article(s)  {_span(story)}\n"
            f"  {story['title'] or '(no title)'}\n"
            f"  outlets: {', '.join(story['outlets']) or 'no outlet known'}\n"
            f"  articles: {listed}")


def articles(
    search: Annotated[Optional[str], typer.Option(
        metavar="TEXT", help="Only articles whose title or body hold every word of TEXT (ranked by relevance).")] = None,
    outlet: Annotated[Optional[str], typer.Option(
        metavar="NAME", help="Only articles from this outlet name or domain (subdomains too).")] = None,
    since: Annotated[Optional[str], typer.Option(
        metavar="DATE", help="Only articles published (or, undated, added) on or after this ISO date.")] = None,
    limit: Annotated[int, typer.Option(metavar="N", min=1, help="At most N articles.")] = 50,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,  # noqa: A002
    db: Annotated[Optional[Path], typer.Option(metavar="PATH", help=DB_HELP)] = None,
) -> None:
    """List stored articles (id, date, outlet, score, title), newest first; the ids work in
    related, compare and forget."""
    try:
        library = open_library(db, must_exist=True)
        found = library.store.articles(search=search, outlet=outlet,
                                       since=_iso_date(since, "--since"), limit=limit)
    except NewscredError as exc:
        raise _fail(exc) from None
    _listing(found, format, "no stored article matches", lambda rows: table(rows, ARTICLE_COLUMNS))


def related(
    article: Annotated[str, typer.Argument(
        metavar="ARTICLE", help="A stored article id, or a file/URL to look up.", show_default=False)],
    limit: Annotated[int, typer.Option(metavar="N", min=1, help="At most N articles.")] = 20,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,  # noqa: A002
    db: Annotated[Optional[Path], typer.Option(metavar="PATH", help=DB_HELP)] = None,
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
    _listing(found, format, "no other coverage of this story in the store", lambda rows: table(rows, [
        ("id", lambda r: r["id"]), ("similarity", lambda r: r["similarity"]),
        ("link", lambda r: r["link"]), ("date", lambda r: _day(r["published"])),
        ("outlet", _outlet), ("score", lambda r: r["score"]), ("title", lambda r: r["title"])]))


def compare(
    articles: Annotated[list[str], typer.Argument(help="Two or more files, URLs or stored article ids.")],
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="Output format.")] = CompareFormat.text,  # noqa: A002
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE.")] = None,
    db: Annotated[Optional[Path], typer.Option(help=DB_HELP)] = None,
    allow_private_urls: Annotated[
        bool, typer.Option(help="Allow fetching loopback, private and link-local addresses.")
    ] = False,
) -> None:
    """Compare coverage: same story?, claim by claim status, framing, outlets."""
    from newscred.stories.compare import Comparer

    try:
        reports, library = reports_of(articles, db, allow_private_urls=allow_private_urls)
        result = Comparer().compare(reports, library=library)
    except NewscredError as exc:
        raise _fail(exc) from None
    if format == "json":
        text = json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)
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
