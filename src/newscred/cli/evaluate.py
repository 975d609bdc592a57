"""`newscred eval`: the named evaluation tasks, the CI gate, and a user's labelled file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from newscred.console import EvalFormat, fail
from newscred.console import escape as _escape
from newscred.console import stderr as _stderr
from newscred.errors import NewscredError


def eval_command(
    targets: Annotated[
        Optional[list[str]],
        typer.Argument(help="Tasks (assessment, clickbait, genre, hyperpartisan, liar, persuasion, claims, "
                       "lookalikes, fnc1, all; transfer and credibility = assessment, "
                       "deprecated) or one labelled .jsonl/.csv file."),
    ] = None,
    fast: Annotated[bool, typer.Option(help="Reduced data: the CI gate's subset.")] = False,
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = EvalFormat.markdown,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE.")] = None,
    data: Annotated[Optional[Path], typer.Option(help="The shared datasets folder.")] = None,
    gate: Annotated[bool, typer.Option(help="Check the fast subset against the baseline.")] = False,
    update_baseline: Annotated[bool, typer.Option(help="Re-pin the baseline minimums.")] = False,
    reason: Annotated[str, typer.Option(help="Why the baseline changes (with --update-baseline).")] = "",
    allow_lower: Annotated[bool, typer.Option(help="Allow lowering a pinned minimum.")] = False,
    baseline: Annotated[Path, typer.Option(help="The baseline file.")] = Path("eval/baseline.json"),
    text_field: Annotated[str, typer.Option(help="FILE: the article text field.")] = "text",
    title_field: Annotated[Optional[str], typer.Option(help="FILE: the title field.")] = "title",
    label_field: Annotated[str, typer.Option(help="FILE: the label field.")] = "label",
    positive: Annotated[Optional[str], typer.Option(help="FILE: the label value of reliable articles.")] = None,
) -> None:
    """Evaluate the models on named tasks over ../shared, or on your own labelled file."""
    from newscred.evaluation import document as ev
    from newscred.evaluation.datasets import shared_data_dir
    from newscred.training.registry import TASKS

    err = _stderr()
    names = list(targets or [])
    try:
        if len(names) == 1 and Path(names[0]).suffix.lower() in (".jsonl", ".ndjson", ".csv"):
            _evaluate_file(Path(names[0]), format=format, output=output, text_field=text_field,
                           title_field=title_field, label_field=label_field, positive=positive)
            return
        pinned = ev.load_baseline(baseline) if gate else None
        if gate or update_baseline:
            fast = True
        names = task_names(names, pinned=pinned, all_pinned=gate or update_baseline)
        root = shared_data_dir(data)
        runs = ev.run_tasks([TASKS[n] for n in names], root, fast=fast,
                            progress=lambda m: err.print(_escape(m)))
        results = [r for r, _ in runs]
        if update_baseline:
            ev.update_baseline(results, baseline, reason=reason, allow_lower=allow_lower)
            err.print(f"baseline written to {baseline}")
        if gate:
            _check_gate(results, pinned)
            return
    except NewscredError as exc:
        raise fail(exc) from None
    command = "newscred eval " + " ".join(names) + (" --fast" if fast else "")
    text = (json.dumps([r.to_dict() for r in results], indent=2) if format == "json"
            else ev.markdown_document(runs, command=command, fast=fast))
    _emit(text, output)


def task_names(names: list[str], *, pinned: dict | None = None, all_pinned: bool = False) -> list[str]:
    """The tasks to run under their current names. None named: every task (with the gate,
    every pinned one); a deprecated name is noted on stderr; an unknown one is NC114."""
    from newscred.training.registry import ALIASES, TASKS, task_name

    if all_pinned:
        names = names or (sorted(pinned["tasks"]) if pinned else list(TASKS))
    elif not names or names == ["all"]:
        names = list(TASKS)
    for old in [n for n in names if n in ALIASES]:
        _stderr().print(f"note: task {old!r} is now {ALIASES[old]!r}; the old name is deprecated")
    names = list(dict.fromkeys(task_name(n) for n in names))
    unknown = [n for n in names if n not in TASKS]
    if unknown:
        raise NewscredError("NC114", f"unknown evaluation task {unknown[0]!r}",
                            hint=f"Tasks: {', '.join(TASKS)}, all, or a labelled .jsonl/.csv file.")
    return names


def _evaluate_file(path: Path, *, format: EvalFormat, output: Optional[Path], text_field: str,
                   title_field: Optional[str], label_field: str, positive: Optional[str]) -> None:
    """`newscred eval FILE`: the assessment on a user's labelled articles."""
    from newscred.evaluation.harness import markdown_table
    from newscred.evaluation.userfile import evaluate_file

    if positive is None:
        raise NewscredError("NC114", "evaluating a file needs --positive LABEL",
                            hint="Name the label value that marks reliable articles.")
    result = evaluate_file(path, text_field=text_field, title_field=title_field,
                           label_field=label_field, positive=positive)
    _emit(json.dumps(result.to_dict(), indent=2) if format == "json"
          else f"## {result.title}\n\n{markdown_table(result)}\n\n"
          + "".join(f"- {n}\n" for n in result.notes), output)


def _check_gate(results, pinned: dict) -> None:
    """Exit 1 when a result is under its pinned minimum or its data changed."""
    from newscred.evaluation.document import check_gate

    err = _stderr()
    failures = check_gate(results, pinned)
    for failure in failures:
        err.print(f"[red]gate:[/] {_escape(failure)}")
    if failures:
        raise typer.Exit(1)
    err.print(f"gate passed: {len(results)} task(s) at or above their minimums")


def _emit(text: str, output: Optional[Path]) -> None:
    from newscred.outputs import write_text

    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        if str(output) != "-":
            output.parent.mkdir(parents=True, exist_ok=True)
        write_text(text, output)
    except OSError as exc:
        raise fail(NewscredError("NC124", f"cannot write {output}: {exc.strerror or exc}")) from None
    except NewscredError as exc:
        raise fail(exc) from None
