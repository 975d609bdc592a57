"""What every command shares for talking to the user: stderr, coded errors, exit codes.

Kept apart from the `cli` package's `__init__`, which registers every command, so that a
command module (cli/serve.py, cli/outlets.py, cli/lateral.py) can report errors without
importing the module that imports it.
"""

from __future__ import annotations

from enum import Enum

import typer
from rich.console import Console

from newscred.errors import NewscredError

EXIT_OK, EXIT_INPUT, EXIT_SOME_FAILED, EXIT_FAIL_UNDER = 0, 2, 3, 4


# Every --format is one of these: Click refuses any other value (exit 2, naming the choices)
# before the command runs. `check` has its own (`cli.Format`: terminal, json, jsonl, ...).
class ListFormat(str, Enum):
    text = "text"
    json = "json"


class CompareFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class EvalFormat(str, Enum):
    markdown = "markdown"
    json = "json"


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def escape(text: str) -> str:
    """Article or user text made safe for rich markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def fail(exc: NewscredError) -> typer.Exit:
    """Print a coded error without a traceback; the caller raises the returned Exit."""
    err = stderr()
    err.print(f"[bold red]error {exc.code}:[/] {escape(exc.message)}")
    err.print(f"[dim]hint:[/] {escape(exc.hint)}")
    return typer.Exit(EXIT_INPUT)
