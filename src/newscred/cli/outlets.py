"""`newscred source DOMAIN_OR_URL` and `newscred sources list|import|build`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.console import ListFormat
from newscred.errors import NewscredError

sources_app = typer.Typer(help="The outlet rating lists: list, import, build.", no_args_is_help=True)


def _fail(exc: NewscredError) -> typer.Exit:
    from newscred.console import fail

    return fail(exc)


def source(
    value: Annotated[str, typer.Argument(help="A domain, a URL or an outlet's name.")],
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,  # noqa: A002
) -> None:
    """Show what the lists say about one outlet, with a citation for every field."""
    from newscred.outlets.table import summary_of
    from newscred.outlets.table import SourceTable

    try:
        record = SourceTable.load().lookup(value)
    except NewscredError as exc:
        raise _fail(exc) from None
    if format == "json":
        typer.echo(json.dumps(record.to_dict(), indent=2, ensure_ascii=False))
        return
    typer.echo(summary_of(record))
    for field in ("domain", "known", "name", "factuality", "bias", "bias_normalised",
                  "categories", "lookalike_of"):
        typer.echo(f"  {field.replace('_', ' ')}: {_plain(getattr(record, field))}")
    for cite in record.sources:
        typer.echo(f"  source of {cite['field']}: {cite['source']} ({cite['date'] or 'undated'}; "
                   f"{cite['licence']})")


@sources_app.command("list")
def list_command() -> None:
    """The lists loaded, in override order (first wins for each field)."""
    from newscred.outlets.table import SourceTable, data_dir

    try:
        table = SourceTable.load()
    except NewscredError as exc:
        raise _fail(exc) from None
    typer.echo(f"data directory: {data_dir()}")
    for rank, item in enumerate(table.lists, start=1):
        typer.echo(f"{rank}. {item.name}: {len(item.rows)} domains · {item.meta['source']} "
                   f"({item.meta['date'] or 'undated'}; {item.meta['licence']})")


@sources_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A CSV with domain,factuality,bias,categories,notes,source,date.")],
    name: Annotated[str, typer.Option(help="The list's name.")],
) -> None:
    """Check a CSV list and store it in the data directory under NAME."""
    from newscred.outlets.table import SHIPPED, data_dir, read_user_list

    if not name.replace("-", "").replace("_", "").isalnum() or name in SHIPPED:
        raise _fail(NewscredError("NC114", f"invalid list name {name!r}",
                                  hint="Use letters, digits, - and _; not a shipped list's name."))
    try:
        checked = read_user_list(path, name)
    except NewscredError as exc:
        raise _fail(exc) from None
    target = data_dir() / "lists" / f"{name}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    typer.echo(f"imported {len(checked.rows)} domains as {name!r} into {target}")


@sources_app.command("build")
def build_command(
    data: Annotated[Optional[Path], typer.Option(help="The shared datasets folder.")] = None,
    from_: Annotated[Optional[Path], typer.Option("--from", help="Build the local-only Baly et al. list from this folder.")] = None,
) -> None:
    """Rebuild the shipped OpenSources table from ../shared, or (--from) a local-only list."""
    from newscred.evaluation.datasets import shared_data_dir
    from newscred.training.outlet_lists import build_baly, build_opensources
    from newscred.outlets.table import data_dir

    try:
        if from_ is not None:
            count = build_baly(from_, data_dir() / "lists")
            typer.echo(f"built {count} domains into {data_dir() / 'lists' / 'baly.csv'} (local only)")
        else:
            count = build_opensources(shared_data_dir(data))
            typer.echo(f"built {count} domains into the shipped opensources.csv")
    except NewscredError as exc:
        raise _fail(exc) from None


def _plain(value: object) -> str:
    """A field as a person reads it: yes/no, a dash for nothing, lists joined by commas."""
    if value is None or value == [] or value == ():
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
