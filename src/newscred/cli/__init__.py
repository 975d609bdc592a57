"""The `newscred` command: a thin shell over the library (Pipeline, ingest, render)."""

from __future__ import annotations

import itertools
import json
import logging
import sys
import time
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional, get_args

import typer

from newscred.console import EXIT_FAIL_UNDER, EXIT_INPUT, EXIT_SOME_FAILED, EvalFormat, fail
from newscred.console import escape as _escape
from newscred.console import stderr as _stderr
from newscred.errors import NewscredError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="newscred: how far to trust a news article, and why.",
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"


class InputFormat(str, Enum):
    txt = "txt"
    html = "html"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


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


@app.command()
def check(  # noqa: PLR0913 - one option per documented flag
    sources: Annotated[
        list[str],
        typer.Argument(help="Files (.txt .html .json .jsonl .csv), http(s) URLs, or '-' for stdin."),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE.")] = None,
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
) -> None:
    """Report how far to trust each article, and why. Stateless unless given --db."""
    from newscred.ingest import RecordError
    from newscred.outputs import Summary, open_writer
    from newscred.pipeline import Pipeline, PipelineConfig

    if title is not None and no_title:
        raise fail(NewscredError("NC114", "--title and --no-title cannot be used together"))
    shown = _shown_signals(show)
    try:
        if config is not None:
            pipeline = Pipeline.from_toml(config)
            if max_chars != 200_000:
                pipeline = Pipeline(config=pipeline.config.model_copy(update={"max_chars": max_chars}))
        else:
            pipeline = Pipeline(config=PipelineConfig(max_chars=max_chars))
    except NewscredError as exc:
        raise fail(exc) from None

    items = iter(_read_all(
        sources, input_format=input_format.value if input_format else None, title=title,
        no_title=no_title, allow_private_urls=allow_private_urls, max_bytes=max_bytes,
    ))
    started = time.perf_counter()
    try:  # whole-input problems surface on the first record, before any output is opened
        first = next(items, None)
        second = next(items, None) if len(sources) == 1 else None
    except NewscredError as exc:
        raise fail(exc) from None
    if first is None:
        raise fail(NewscredError("NC101", "the input holds no article records"))
    summary = Summary()
    if second is None and len(sources) == 1:
        # One article: if it cannot be analysed, the input itself is unusable (exit 2).
        if isinstance(first, RecordError):
            raise fail(first.error)
        try:
            results = iter([pipeline.check(first)])
        except NewscredError as exc:
            raise fail(exc) from None
    else:
        items = itertools.chain([first] + ([second] if second is not None else []), items)
        results = _progress(_results(items, pipeline, workers), summary)
    library = None
    try:
        if db is not None:
            from newscred.cli.lateral import open_library

            library = open_library(db)
        with open_writer(format.value, output, top=top, show=shown) as writer:
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
    elapsed = time.perf_counter() - started
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


@app.command()
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


@app.command()
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
) -> None:
    """Analyse articles into the store; rerunning skips what is already stored."""
    from newscred.ingest.feeds import FeedReader
    from newscred.pipeline import Pipeline
    from newscred.store.db import Store, default_path
    from newscred.stories.ingest import ingest as run

    feeds = FeedReader(allow_private=allow_private_urls, interval=crawl_delay)
    try:
        with Store(db or default_path()) as store, _ingest_progress() as progress:
            summary = run(paths, store, Pipeline(), progress=progress, feeds=feeds)
    except NewscredError as exc:
        raise fail(exc) from None
    err = _stderr()
    err.print(_escape(summary.line()))
    for error in summary.errors[:20]:
        err.print(f"  {_escape(error)}")
    for skip in summary.skips[:20]:
        err.print(f"  skipped {_escape(skip)}")
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


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


def _read_all(sources: list[str], **options):
    """Records of every source in order. A single unusable source raises (exit 2); with
    several sources, an unusable one becomes an error entry and the others go on."""
    from newscred.ingest import RecordError, read_source

    if len(sources) == 1:
        yield from read_source(sources[0], **options)
        return
    for source in sources:
        try:
            yield from read_source(source, **options)
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


@app.command()
def schema() -> None:
    """Print the JSON schema of the report."""
    from newscred.report import report_json_schema

    typer.echo(json.dumps(report_json_schema(), indent=2, sort_keys=True))


@app.command(name="eval")
def eval_command(
    targets: Annotated[
        Optional[list[str]],
        typer.Argument(help="Tasks (transfer, clickbait, genre, hyperpartisan, liar, persuasion, claims, "
                       "lookalikes, fnc1, all; credibility = transfer, deprecated) "
                       "or one labelled .jsonl/.csv file."),
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
    from newscred.evaluation.harness import ALIASES, TASKS, markdown_table

    err = _stderr()
    names = list(targets or [])
    try:
        if len(names) == 1 and Path(names[0]).suffix.lower() in (".jsonl", ".ndjson", ".csv"):
            if positive is None:
                raise NewscredError("NC114", "evaluating a file needs --positive LABEL",
                                    hint="Name the label value that marks reliable articles.")
            from newscred.evaluation.userfile import evaluate_file

            result = evaluate_file(Path(names[0]), text_field=text_field, title_field=title_field,
                                   label_field=label_field, positive=positive)
            _emit(json.dumps(result.to_dict(), indent=2) if format == "json"
                  else f"## {result.title}\n\n{markdown_table(result)}\n\n"
                  + "".join(f"- {n}\n" for n in result.notes), output)
            return
        if gate or update_baseline:
            pinned = ev.load_baseline(baseline) if gate else None
            names = names or (sorted(pinned["tasks"]) if pinned else list(TASKS))
            fast = True
        elif not names or names == ["all"]:
            names = list(TASKS)
        for old in [n for n in names if n in ALIASES]:
            err.print(f"note: task {old!r} is now {ALIASES[old]!r}; the old name is deprecated")
        names = list(dict.fromkeys(ALIASES.get(n, n) for n in names))
        unknown = [n for n in names if n not in TASKS]
        if unknown:
            raise NewscredError("NC114", f"unknown evaluation task {unknown[0]!r}",
                                hint=f"Tasks: {', '.join(TASKS)}, all, or a labelled .jsonl/.csv file.")
        root = shared_data_dir(data)
        runs = ev.run_tasks(names, root, fast=fast, progress=lambda m: err.print(_escape(m)))
        results = [r for r, _ in runs]
        if update_baseline:
            ev.update_baseline(results, baseline, reason=reason, allow_lower=allow_lower)
            err.print(f"baseline written to {baseline}")
        if gate:
            failures = ev.check_gate(results, pinned)
            for failure in failures:
                err.print(f"[red]gate:[/] {_escape(failure)}")
            if failures:
                raise typer.Exit(1)
            err.print(f"gate passed: {len(results)} task(s) at or above their minimums")
            return
    except NewscredError as exc:
        raise fail(exc) from None
    command = "newscred eval " + " ".join(names) + (" --fast" if fast else "")
    text = (json.dumps([r.to_dict() for r in results], indent=2) if format == "json"
            else ev.markdown_document(runs, command=command, fast=fast))
    _emit(text, output)


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


TRAIN_TARGETS = {
    # Order matters: the assessment model reads the other models' signals as features.
    "clickbait": "newscred.training.clickbait:train",
    "genre": "newscred.training.genre:train",
    "hyperpartisan": "newscred.training.hyperpartisan:train",
    "persuasion": "newscred.training.persuasion_train:train",
    "claims": "newscred.training.claims:train",
    "assessment": "newscred.training.train:train_assessment_cli",
    # Lateral reading (FNC-1; needs the embedding extra).
    "samestory": "newscred.training.fnc1:train_samestory",
    "stance": "newscred.training.fnc1:train_stance",
}
# Built on request only (not by `all`). persuasion-minilm: heavier, needs an extra, not
# shipped. persuasion-display: refits only the display model and threshold of the shipped
# persuasion artifact (`persuasion` builds them too when it retrains).
OPTIONAL_TARGETS = {
    "persuasion-minilm": "newscred.training.persuasion_minilm_train:train",
    "persuasion-display": "newscred.training.persuasion_threshold:train",
}
OPTIONAL_OUT = {"persuasion-minilm": Path("models") / "persuasion-minilm"}


@app.command()
def train(
    target: Annotated[str, typer.Argument(
        help="What to train: " + ", ".join(TRAIN_TARGETS) + ", all (those), or "
        + ", ".join(OPTIONAL_TARGETS) + " (on request only).")],
    data: Annotated[Optional[Path], typer.Option(help="The shared datasets folder.")] = None,
    out: Annotated[
        Optional[Path], typer.Option(help="Output folder (default: the package's artifacts).")
    ] = None,
    exclude: Annotated[
        Optional[list[str]],
        typer.Option(help="assessment: leave this dataset out of training (repeatable), "
                     "e.g. recovery_covid19_2020 for a build without non-commercial data."),
    ] = None,
) -> None:
    """Rebuild model artifacts from ../shared data, deterministically."""
    import importlib

    from newscred.evaluation.datasets import shared_data_dir
    from newscred.models.linear import artifacts_dir

    targets = {**TRAIN_TARGETS, **OPTIONAL_TARGETS}
    if target != "all" and target not in targets:
        raise fail(NewscredError("NC114", f"unknown training target {target!r}",
                                 hint="Use one of: " + ", ".join(targets) + ", all."))
    err = _stderr()
    names = list(TRAIN_TARGETS) if target == "all" else [target]
    if exclude and target not in ("assessment", "all"):
        raise fail(NewscredError("NC114", "--exclude applies to the assessment model only",
                                 hint="Use: newscred train assessment --exclude DATASET."))
    summary = {}
    try:
        root = shared_data_dir(data)
        for name in names:
            module, _, function = targets[name].partition(":")
            started = time.perf_counter()
            err.print(f"training {name}")
            manifest = getattr(importlib.import_module(module), function)(
                root, out or OPTIONAL_OUT.get(name) or artifacts_dir(),
                progress=lambda msg: err.print(_escape(str(msg))),
                **({"exclude": exclude} if exclude and name == "assessment" else {}),
            )
            summary[name] = {"seconds": round(time.perf_counter() - started, 1),
                             "sha256": manifest["sha256"], "metrics": manifest["metrics"]}
    except NewscredError as exc:
        raise fail(exc) from None
    typer.echo(json.dumps(summary, indent=2, sort_keys=True))


from newscred.cli.serve import serve  # noqa: E402 - registered after the others

app.command()(serve)
from newscred.cli.outlets import source as source_command  # noqa: E402
from newscred.cli.outlets import sources_app  # noqa: E402

app.command(name="source")(source_command)
app.add_typer(sources_app, name="sources")
from newscred.cli.lateral import articles, compare, related, stories  # noqa: E402

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
