"""The `newscred` command: a thin shell over the library (Pipeline, ingest, render).

Each command lives in a module of this package; this one makes the Typer app, registers
the commands in the order `--help` lists them, and runs it."""

from __future__ import annotations

import logging
import sys
from typing import Annotated, Any, Optional, get_args

import typer

from newscred.console import stderr as _stderr
from newscred.errors import NewscredError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="newscred: how far to trust a news article, and why.",
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        from newscred.pipeline import versions

        info = versions()
        try:
            from newscred.models.assessment import AssessmentModel

            model = AssessmentModel.load()
            info["assessment_model"] = f"{model.version}+{model.sha256[:12]}"
        except NewscredError as exc:
            info["assessment_model"] = f"unavailable ({exc.message})"
        typer.echo(" ".join(f"{k} {v}" for k, v in info.items()))
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version_callback, is_eager=True,
                     help="Print the package, schema and model versions."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr)


from newscred.cli import check, evaluate, store, train  # noqa: E402 - the commands' modules
from newscred.cli.check import Format, InputFormat  # noqa: E402,F401 - were defined here
from newscred.cli.lateral import articles, compare, related, stories  # noqa: E402
from newscred.cli.outlets import source as source_command  # noqa: E402
from newscred.cli.outlets import sources_app  # noqa: E402
from newscred.cli.serve import serve  # noqa: E402

app.command()(check.check)
app.command()(store.forget)
app.command()(store.ingest)
app.command()(check.schema)
app.command(name="eval")(evaluate.eval_command)
app.command()(train.train)
app.command()(serve)
app.command(name="source")(source_command)
app.add_typer(sources_app, name="sources")
app.command()(stories)
app.command()(articles)
app.command()(related)
app.command()(compare)


def plain_metavars(command: Any) -> Any:
    """Help in words a reader knows: N, NUMBER, TEXT, PATH and the choices themselves
    instead of Typer's '<int range>', '<str>' and '<list[str]>'; no value shown for a flag
    (--help included); an argument by its name alone. A metavar set by hand is kept."""
    for param in command.params:
        if param.param_type_name == "argument":
            param.metavar = param.metavar or param.name.upper()
            param.display_type_rich = _no_type  # the name column already says it
            continue
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
            continue
        kind = param.type_descriptor
        element = get_args(kind.annotation)[0] if kind.is_list else kind.annotation
        if kind.is_choice:
            param.metavar = "|".join(str(getattr(c, "value", c)) for c in kind.choices)
        elif element is int:
            param.metavar = "N"
        elif element is float:
            param.metavar = "NUMBER"
        else:
            param.metavar = "PATH" if kind.is_path else "TEXT"
    help_option = command.get_help_option

    def plain_help_option(ctx: Any) -> Any:
        option = help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = plain_help_option
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)
    return command


def _no_type(ctx: Any) -> None:
    return None


def command() -> Any:
    """The `newscred` command as it runs, with plain help metavars."""
    return plain_metavars(typer.main.get_command(app))


def main() -> None:
    try:
        command()(prog_name="newscred")
    except KeyboardInterrupt:
        _stderr().print("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
